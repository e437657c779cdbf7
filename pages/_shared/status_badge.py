"""Where the data on screen comes from, in words: the sidebar badge and the one-line banner on every page.

"Aktuella data från SMHI", "Sparade data från kl. 14.05 – SMHI svarar inte" or "Övningsdata"; never the
technical names of the data modes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import streamlit as st

from language.sv import format_when
from settings import Settings
from sources.exercise.scenarios import UnknownScenario, get_scenario_spec
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
        try:
            reason = f"Scenario: {get_scenario_spec(settings.scenario).title_sv}."
        except UnknownScenario:
            reason = ""
        return DataStatus(DataOrigin.EXERCISE, reason=reason)
    return st.session_state.get(STATUS_KEY, DataStatus(DataOrigin.LIVE))


def badge_text(status: DataStatus, now: datetime | None = None) -> str:
    """The badge's words for people, e.g. ``"Sparade data från kl. 14.05 – SMHI svarar inte"``.

    No technical words (live, cache, variable names): a crisis officer reads where the figures come from.
    """
    now = now or datetime.now(timezone.utc)
    if status.origin is DataOrigin.EXERCISE:
        return "Övningsdata – inte verkliga flöden"
    if status.origin is DataOrigin.CACHE and status.fetched_at is not None:
        return f"Sparade data från {format_when(status.fetched_at, now)} – SMHI svarar inte"
    if status.origin is DataOrigin.CACHE:
        return "Sparade data – SMHI svarar inte"
    return "Aktuella data från SMHI"


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
    if status.reason and status.origin is not DataOrigin.CACHE:
        st.caption(status.reason)


def render_exercise_banner(settings: Settings, compact: bool = False) -> None:
    """One unmistakable line at the top of every page while exercise or saved data is shown.

    The only ÖVNING marking in a page's frame (figures mark their own source); one line, so a
    1280×720 meeting window still shows the rivers. ``compact`` is kept for callers; the banner is
    one line everywhere.
    """
    status = current_data_status(settings)
    if status.origin is DataOrigin.EXERCISE:
        st.error(f"**ÖVNING** · Allt på sidan är övningsdata, inte verkliga flöden. {status.reason}",
                 icon=":material/warning:")
    elif status.origin is DataOrigin.CACHE:
        st.warning(f"**{status.reason or badge_text(status)}**", icon=":material/history:")
