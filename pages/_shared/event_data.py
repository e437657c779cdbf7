"""The page layer's access to events and arrival data: one store per database, cheap change checks.

Every page gets declared events and arrival tables through here, so they all agree:
:func:`active_events` (live or ÖVNING by the app's mode, at the data clock — the scenario clock in
exercises, after the scenario has declared its own event) and :func:`load_arrival_table` (the one
arrival table, :func:`events.arrivals.read_arrival_table`, cached until someone imports new owner
data: the cache key holds the database's change counter).

The banner, the headline, the checklist and the waves all ask for the events: the moment and the events
are read once per script run (:func:`pages._shared.run_memo.once_per_run`), not once per ask.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from events.arrivals import ArrivalStore, ArrivalTable, read_arrival_table
from events.briefing import event_fact
from events.live_updates import ARRIVALS_TOPIC, read_change_count
from events.repository import Event, EventStore
from events.scenario import ensure_scenario_events, known_dams
from messages.facts import EventFact
from pages._shared.database import database_sessions
from pages._shared.loaders import data_clock
from pages._shared.run_memo import once_per_run
from settings import Settings, load_settings
from sources.exercise.scenarios import get_scenario_spec


@st.cache_resource(show_spinner=False)
def event_stores(database_url: str) -> tuple[EventStore, ArrivalStore]:
    """The event and arrival stores on the configured database (tables created on first use)."""
    factory = database_sessions(database_url)
    return EventStore(factory, known_dams()), ArrivalStore(factory)


def events_now(settings: Settings | None = None) -> tuple[datetime, bool]:
    """The moment events are judged at [UTC] and whether that is exercise (ÖVNING) time (one moment per run)."""
    settings = settings or load_settings()
    return once_per_run(("events_now", settings), lambda: (data_clock(settings), settings.is_exercise))


def mode_events(settings: Settings | None = None, now: datetime | None = None) -> list[Event]:
    """Every event of the app's mode (exercise or real), active or not, newest start first.

    In exercise mode the scenario first declares its own event if its clock (``now`` [UTC], default the
    data clock) has passed the failure.
    """
    settings = settings or load_settings()
    if settings.is_exercise:
        now = now or events_now(settings)[0]
    return list(once_per_run(("mode_events", settings, now if settings.is_exercise else None),
                             lambda: _read_mode_events(settings, now)))


def _read_mode_events(settings: Settings, now: datetime | None) -> list[Event]:
    store = event_stores(settings.database_url)[0]
    if settings.is_exercise and now is not None:
        ensure_scenario_events(store, get_scenario_spec(settings.scenario), now, datetime.now(UTC))
    return store.list_events(is_exercise=settings.is_exercise)


def active_events(settings: Settings | None = None) -> list[Event]:
    """The events active now (at the data clock), newest first: exercise events in exercise mode, real
    ones otherwise (see :func:`mode_events`)."""
    settings = settings or load_settings()
    now, _exercise = events_now(settings)
    return [event for event in mode_events(settings, now) if event.is_active_at(now)]


def active_dam_failures(settings: Settings | None = None) -> list[Event]:
    """The active dam failures (kind ``dammbrott``) with a dam named."""
    return [event for event in active_events(settings) if event.is_dam_failure and event.dam]


@st.cache_resource(show_spinner=False, max_entries=32)
def _cached_arrival_table(database_url: str, dam: str, counter: int) -> ArrivalTable:
    return read_arrival_table(event_stores(database_url)[1], dam)


def load_arrival_table(dam: str, settings: Settings | None = None) -> ArrivalTable:
    """The arrival table of a failure of ``dam`` (owner data over the estimate), for every page."""
    settings = settings or load_settings()
    factory = event_stores(settings.database_url)[0].session_factory
    return _cached_arrival_table(settings.database_url, dam, read_change_count(factory, ARRIVALS_TOPIC))


def dam_failure_fact(river: str, settings: Settings | None = None) -> EventFact | None:
    """The newest active dam failure on ``river`` with its arrival table, as draft facts; None if none."""
    failures = [event for event in active_dam_failures(settings) if event.river == river]
    if not failures:
        return None
    return event_fact(failures[0], load_arrival_table(failures[0].dam, settings).table)
