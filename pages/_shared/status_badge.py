"""The data-mode badge (LIVE / CACHE with age / ÖVNING) and the ÖVNING banner shown on every page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import streamlit as st

from pages._shared.timefmt import format_age_sv, format_local_time
from settings import Settings
from sources.models import DataOrigin

STATUS_KEY = "_data_status"


@dataclass(frozen=True)
class DataStatus:
    """What the user must know about the data on screen.

    origin : live, cache or exercise.
    fetched_at : when the oldest data on screen was fetched from SMHI [UTC]; None for exercise data.
    reason : Swedish text saying why the data is not live (empty when live).
    """

    origin: DataOrigin
    fetched_at: datetime | None = None
    reason: str = ""


def remember_data_status(status: DataStatus) -> None:
    """Record what the page loaded, so the badge and banner show it."""
    st.session_state[STATUS_KEY] = status


def current_data_status(settings: Settings) -> DataStatus:
    """The data status recorded by the last load, or what the configured mode implies."""
    if settings.is_exercise:
        return DataStatus(DataOrigin.EXERCISE, reason="Appen är startad i övningsläge (ALVLAGET_MODE=exercise).")
    return st.session_state.get(STATUS_KEY, DataStatus(DataOrigin.LIVE))


def badge_text(status: DataStatus, now: datetime | None = None) -> str:
    """The badge's words, e.g. ``"CACHE · data från kl. 14:05 (3 timmar gammal)"``."""
    now = now or datetime.now(timezone.utc)
    if status.origin is DataOrigin.EXERCISE:
        return "ÖVNING · övningsdata, inte verkliga flöden"
    if status.origin is DataOrigin.CACHE and status.fetched_at is not None:
        return (
            f"CACHE · data från kl. {format_local_time(status.fetched_at, now)} "
            f"({format_age_sv(now - status.fetched_at)} gammal)"
        )
    return "LIVE · SMHI öppna data"


def render_data_mode_badge(settings: Settings) -> None:
    """Show the badge in the sidebar: a colour, a symbol and words, never colour alone."""
    status = current_data_status(settings)
    text = badge_text(status)
    if status.origin is DataOrigin.EXERCISE:
        st.error(f"**{text}**", icon=":material/warning:")
    elif status.origin is DataOrigin.CACHE:
        st.warning(f"**{text}**", icon=":material/history:")
    else:
        st.success(f"**{text}**", icon=":material/sensors:")
    if status.reason:
        st.caption(status.reason)


def render_exercise_banner(settings: Settings, compact: bool = False) -> None:
    """An unmistakable ÖVNING banner at the top of every page while exercise data is shown.

    ``compact`` (the meeting screen) keeps it to one line so a 1280×720 window still shows the rivers.
    """
    status = current_data_status(settings)
    if status.origin is DataOrigin.EXERCISE and compact:
        st.error(f"**ÖVNING — ÖVNING — ÖVNING** · Allt på skärmen är övningsdata. {status.reason}",
                 icon=":material/warning:")
    elif status.origin is DataOrigin.EXERCISE:
        st.error(f"## ÖVNING — ÖVNING — ÖVNING\n\nAllt på sidan är övningsdata. {status.reason}", icon=":material/warning:")
    elif status.origin is DataOrigin.CACHE:
        st.warning(f"**{status.reason or 'SMHI ej nåbart — ' + badge_text(status)}**", icon=":material/history:")
