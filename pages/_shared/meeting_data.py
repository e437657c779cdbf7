"""The Möte page's data: the meeting log and drafts on the app's database, the situation to freeze,
and the waves of declared dam failures for the meeting screen.

The situation comes through the shared loaders, so the desk and the screen agree with every other page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

import streamlit as st

from events.repository import dam_failures_by_river
from geodata import RIVER_SYSTEMS
from hydrology.schematic import WaveOverlay, wave_overlay
from meetings.meetings import MeetingLog, SituationSnapshot, snapshot_of
from messages.repository import DraftRepository
from pages._shared.database import database_sessions
from pages._shared.event_data import active_dam_failures, load_arrival_table
from pages._shared.loaders import (
    data_clock,
    load_observations,
    load_statistics,
    load_warnings,
    shared_situations,
)
from settings import Settings, load_settings
from sources.errors import SourceError
from sources.exercise.adapter import scenario_now
from sources.models import DataOrigin

#: Session keys of the page: the name typed in local mode, the result of the last action.
MEETING_USER = "mote_user"
MEETING_FLASH = "mote_flash"


def scenario_time_now(settings: Settings | None = None) -> datetime | None:
    """The exercise scenario's clock now [UTC], kept beside the wall clock in the meeting log; None outside
    an exercise."""
    settings = settings or load_settings()
    return scenario_now(settings) if settings.is_exercise else None


def meeting_stores(database_url: str) -> tuple[MeetingLog, DraftRepository]:
    """The meeting log and the drafts (for what was released) on the app's database (its one engine)."""
    factory = database_sessions(database_url)
    return MeetingLog(factory), DraftRepository(factory)


def current_snapshot(settings: Settings) -> SituationSnapshot | None:
    """The current situation of all three rivers; None (with a Swedish error on screen) when it cannot be had."""
    try:
        observations = load_observations(None)
        statistics, _failures = load_statistics(observations)
        warnings, _reason = load_warnings()
    except (SourceError, ValueError) as exc:
        st.error(f"Lägesbilden kunde inte hämtas: {getattr(exc, 'message_sv', exc)}", icon=":material/warning:")
        return None
    # Scenario data is summarised at the scenario clock, real data at the wall clock.
    now = data_clock(settings, observations.origin)
    situations = shared_situations(observations, statistics, warnings, now, RIVER_SYSTEMS,
                                   dam_failure_rivers=dam_failures_by_river(active_dam_failures()))
    key = (tuple(id(s) for s in situations), observations.origin.value, observations.banner)
    return _shared_snapshot(key, tuple(situations), observations.origin, observations.banner)[1]


@st.cache_resource(show_spinner=False, max_entries=32)
def _shared_snapshot(key: tuple, _situations: tuple, _origin, note: str) -> tuple[tuple, SituationSnapshot]:
    # Every meeting screen freezes the same shared situations: turned into a snapshot once per situations
    # (the key holds their identities; they are kept with the snapshot, so no newer object takes one).
    return _situations, snapshot_of(_situations, _origin, note=note)


#: The wave's front is drawn to this step [km] (about 2 px of a meeting-screen schema; the label's next
#: place allows 0.5 km too): every screen then draws the same schema until the front has moved a step,
#: and the schema, whose label layout takes about a second, is built once per step for all of them
#: instead of once per screen and minute.
FRONT_STEP_KM = 1.0


def dam_failure_waves(now: datetime, exercise: bool) -> dict[str, WaveOverlay]:
    """River → the wave of the declared dam failure on it at ``now`` [UTC], from the shared arrival table;
    the front to the nearest :data:`FRONT_STEP_KM`."""
    waves = {}
    for event in active_dam_failures():
        if event.river not in waves:
            table = load_arrival_table(event.dam).table
            wave = wave_overlay(event.dam, table, event.started_at, now, "(övningstid)" if exercise else "")
            if wave.reached_km is not None:
                wave = replace(wave, reached_km=round(wave.reached_km / FRONT_STEP_KM) * FRONT_STEP_KM)
            waves[event.river] = wave
    return waves


@dataclass(frozen=True)
class ScreenState:
    """What the meeting screen draws from, read at one moment.

    snapshot : the current situation of all three rivers.
    now : the data's clock [UTC] (the scenario clock for exercise data).
    real_now : the wall clock [UTC].
    waves : river → the wave of the declared dam failure on it at ``now``.
    """

    snapshot: SituationSnapshot
    now: datetime
    real_now: datetime
    waves: dict[str, WaveOverlay]


def screen_clocks(settings: Settings, origin: DataOrigin) -> tuple[datetime, datetime]:
    """The data's clock and the wall clock now [UTC]: the scenario clock for exercise data."""
    real_now = datetime.now(UTC)
    return (scenario_now(settings) if origin is DataOrigin.EXERCISE else real_now), real_now


def read_screen_state(settings: Settings) -> ScreenState | None:
    """The meeting screen's data now; None (with a Swedish error on screen) when the situation cannot be had."""
    snapshot = current_snapshot(settings)
    if snapshot is None:
        return None
    now, real_now = screen_clocks(settings, snapshot.origin)
    return ScreenState(snapshot, now, real_now, dam_failure_waves(now, snapshot.origin is DataOrigin.EXERCISE))
