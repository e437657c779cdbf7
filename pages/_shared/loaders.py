"""Cached loaders: the only place pages get river data, statistics, warnings and situations from.

Each loader wraps a Streamlit-free function of ``sources/`` or ``hydrology/`` in a Streamlit cache
(errors are not cached, which is what we want) and records the data's origin for the sidebar badge
and the ÖVNING/CACHE banner (:func:`pages._shared.status_badge.remember_data_status`).

Cache keys: the settings (mode, URLs, folders) and, in exercise mode, the scenario clock rounded to
15 minutes, so advancing the clock on the Möte page shows new scenario data at once while a page
reload within minutes costs no request.

Waiting is bounded (:mod:`pages._shared.bounded`): a fetch that takes longer than the page's time
(``ALVLAGET_PAGE_WAIT_S``) goes on in the background while the page shows what the disk cache holds,
says "SMHI svarar långsamt", and reruns when the answer has come.

Compute once, share with all: every cache here is a ``st.cache_resource`` (one copy per server, shared
by every session), so a hundred viewers of the meeting screen cost one fetch and one situation per data
change, not a hundred. Cached objects are shared: pages must not modify them.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping
from datetime import UTC, datetime

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from coordination.errors import StorageUnavailableError
from coordination.station_sightings import read_last_seen, write_station_sightings
from hydrology.situation import (
    HeadlineCandidate,
    RiverSituation,
    build_river_situations,
    station_rows,
    travel_sentences,
    with_ages,
)
from hydrology.statistics import FlowStatistics
from hydrology.stats_cache import read_or_compute_statistics
from language.sv import format_age, format_when
from pages._shared.bounded import rerun_when_done, run_bounded, show_slow_notice
from pages._shared.database import database_sessions
from pages._shared.status_badge import DataStatus, remember_data_status, run_data_status
from settings import Settings, load_settings
from sharing.statistics_store import read_stored_statistics, write_stored_statistics
from sources.errors import SourceError
from sources.exercise.adapter import exercise_archive_versions, scenario_now
from sources.http import build_cache_only_session
from sources.models import DataOrigin
from sources.river_data import (
    RiverObservations,
    get_river_observations,
    get_station_archive,
    get_station_archives,
)
from sources.smhi_warnings import get_warnings
from sources.stations import with_last_seen

LIVE_TTL_S = 300  # SMHI publishes 15-minute values; five minutes keeps reloads free and data fresh
#: How long observations are kept when SMHI failed during their fetch (saved copies, origin CACHE) [s]:
#: the next load after that asks SMHI again, so the pages show current data soon after SMHI is back.
RETRY_AFTER_FAILED_FETCH_S = 60


def data_clock(settings: Settings, origin: DataOrigin | None = None) -> datetime:
    """"Now" for the data [UTC]: the scenario clock for exercise data, the wall clock otherwise.

    ``origin`` is the loaded data's: in live mode SMHI may be unreachable with nothing cached, and the
    scenario shown instead runs on the scenario clock like any exercise.
    """
    if settings.is_exercise or origin is DataOrigin.EXERCISE:
        return scenario_now(settings)
    return datetime.now(UTC)


def _clock_key(settings: Settings) -> str:
    if not settings.is_exercise:
        return "live"
    now = scenario_now(settings)
    return now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0).isoformat()


@st.cache_resource(show_spinner=False)
def _observation_store() -> dict[tuple, tuple[float, RiverObservations]]:
    # A plain dict owned by Streamlit's resource cache (so st.cache_resource.clear() empties it), not
    # a cached function: the fetch draws a progress bar, and Streamlit cannot replay elements drawn
    # inside a cached function into a block created outside it.
    return {}


def slow_text_sv(settings: Settings, shown: str) -> str:
    """"SMHI svarar långsamt — …" (or, in exercise mode, that the scenario is still being computed)."""
    if settings.is_exercise:
        return f"Övningsdata beräknas fortfarande – {shown} Sidan fylls i när beräkningen är klar."
    return f"SMHI svarar långsamt – {shown} Sidan fylls i när svaret kommer."


def _while_slow(observations: RiverObservations, settings: Settings) -> RiverObservations:
    """The cache-only observations, their banner saying that SMHI is slow and what is shown instead."""
    now = datetime.now(UTC)
    if observations.origin is DataOrigin.EXERCISE:
        shown = "det finns inga sparade data, så övningsdata (ÖVNING) visas tills vidare."
    elif observations.oldest_fetched_at is not None:
        fetched = observations.oldest_fetched_at
        shown = f"visar sparade data från {format_when(fetched, now)} ({format_age(now - fetched)} gamla)."
    else:
        shown = "visar sparade data."
    text = slow_text_sv(settings, shown)
    return dataclasses.replace(observations, banner=text, note=text)


def load_observations(river: str | None) -> RiverObservations:
    """Observations of ``river`` (or all three for None), with a progress bar while fetching.

    Kept for :data:`LIVE_TTL_S` seconds per river, settings and (exercise) scenario-clock quarter (saved
    copies from a fetch SMHI failed during: :data:`RETRY_AFTER_FAILED_FETCH_S`).
    When SMHI does not answer within the page's time, the disk cache's copies (or the scenario) are
    shown, the run's data status says "SMHI svarar långsamt" (the frame shows it as the notice beside
    the badge), and the page reruns when the answer has come. A run that already shows saved copies
    because SMHI is slow shows them for every later load too (an answer arriving meanwhile is kept for
    the rerun), so no part of the page claims data the badge does not.
    """
    settings = load_settings()
    store = _observation_store()
    key = (river, settings, _clock_key(settings))
    run_status = run_data_status()
    waiting = run_status is not None and run_status.is_waiting
    cached = store.get(key)
    if cached is not None and cached[0] > time.monotonic():
        observations = cached[1]
        ready = True
    else:
        ready, fetched = run_bounded(
            ("observations", *key),
            lambda progress: get_river_observations(river, settings, on_progress=progress),
            wait_s=settings.page_wait_s,
            label="Hämtar mätstationer från SMHI …",
            max_wait_s=0.0 if waiting else None,
        )
        if ready and fetched is not None:
            observations = remember_sightings(fetched, settings)
            for stale in [k for k, (expires, _obs) in store.items() if expires <= time.monotonic()]:
                store.pop(stale, None)
            kept_s = RETRY_AFTER_FAILED_FETCH_S if observations.origin is DataOrigin.CACHE else LIVE_TTL_S
            store[key] = (time.monotonic() + kept_s, observations)
        else:
            ready = False
    if waiting or not ready:
        observations = get_river_observations(river, settings, session=build_cache_only_session(settings))
        # SMHI's answer may already be in the disk cache (fresh copies read as LIVE): then the data is
        # current and nothing is awaited; otherwise the saved copies are shown and said to be so.
        ready = observations.origin is DataOrigin.LIVE
        if not ready:
            observations = _while_slow(observations, settings)
    remember_data_status(DataStatus(
        observations.origin, observations.oldest_fetched_at, observations.banner,
        notice_sv=observations.banner if not ready else "",
        waiting_for=("observations", *key) if not ready else None,
    ))
    return observations


def remember_sightings(observations: RiverObservations, settings: Settings) -> RiverObservations:
    """Record in the database which stations SMHI's (live) listing named, and mark the curated stations
    it no longer names with when they were last seen. A database failure costs only that note; so does
    a read-only or full data folder (the sightings are then not written, the page still shows)."""
    if observations.is_exercise or observations.stations.empty:
        return observations
    stations = observations.stations
    listed = stations["in_listing"].astype(bool)
    try:
        factory = database_sessions(settings.database_url)
        meta = observations.listing_meta
        if meta is not None and meta.origin is DataOrigin.LIVE:
            write_station_sightings(factory, stations.loc[listed, "station_id"], meta.fetched_at)
        last_seen = read_last_seen(factory, stations.loc[~listed, "station_id"]) if (~listed).any() else {}
    except (SQLAlchemyError, StorageUnavailableError):
        return observations
    now = data_clock(settings, observations.origin)
    return dataclasses.replace(observations, stations=with_last_seen(stations, last_seen, now))


def _compute_statistics(
    station_ids: tuple[str, ...], settings: Settings, origin: DataOrigin, *, cache_only: bool = False
) -> tuple[dict[str, FlowStatistics], dict[str, str]]:
    # The exercise's archives have names known without making them: statistics an earlier start (of any
    # server) stored under those names cost one query instead of generating a century per station.
    versions = exercise_archive_versions(settings, station_ids) if origin is DataOrigin.EXERCISE else {}
    stored = read_stored_statistics(settings.database_url, versions)
    if stored and len(stored) == len(station_ids):
        return {sid: stored[sid] for sid in station_ids}, {}
    session = build_cache_only_session(settings) if cache_only else None
    archives, errors = get_station_archives(station_ids, settings, origin=origin, session=session)
    failures = {sid: str(exc) for sid, exc in errors.items()}
    statistics = read_or_compute_statistics(archives, settings.data_dir)
    write_stored_statistics(settings.database_url, versions, statistics)
    return statistics, failures


@st.cache_resource(show_spinner=False)
def _statistics_store() -> dict[tuple, tuple[float, tuple[dict[str, FlowStatistics], dict[str, str]]]]:
    return {}


STATISTICS_TTL_S = 6 * 3600


def _kept_statistics(key: tuple) -> tuple[dict[str, FlowStatistics], dict[str, str]] | None:
    """The statistics kept under ``key`` while they are current (memory only)."""
    kept = _statistics_store().get(key)
    return kept[1] if kept is not None and kept[0] > time.monotonic() else None


def _keep_statistics(key: tuple, statistics: tuple[dict[str, FlowStatistics], dict[str, str]],
                     ttl_s: float) -> tuple[dict[str, FlowStatistics], dict[str, str]]:
    """Keep ``statistics`` under ``key`` for ``ttl_s`` seconds (at most 17 keys: more empties the store)."""
    store = _statistics_store()
    if len(store) > 16:
        store.clear()
    store[key] = (time.monotonic() + ttl_s, statistics)
    return statistics


#: While SMHI is slow, the statistics of the archives the disk cache holds are reused this long [s] by every
#: session before the cache is read again (reading and parsing all of a river's archives costs about 2 s CPU).
SAVED_STATISTICS_TTL_S = 30.0


def _saved_statistics(
    station_ids: tuple[str, ...], settings: Settings, origin: DataOrigin
) -> tuple[dict[str, FlowStatistics], dict[str, str]]:
    """The statistics of the archives the disk cache holds (the others listed as missing), shared by every
    session for :data:`SAVED_STATISTICS_TTL_S`: while SMHI is slow each open page reruns as answers
    arrive, and each would otherwise read and parse every saved archive again."""
    key = ("saved", station_ids, settings, origin)
    kept = _kept_statistics(key)
    if kept is not None:
        return kept
    return _keep_statistics(key, _compute_statistics(station_ids, settings, origin, cache_only=True),
                            SAVED_STATISTICS_TTL_S)


def load_statistics(observations: RiverObservations) -> tuple[dict[str, FlowStatistics], dict[str, str]]:
    """Each station's statistics from its corrected archive; and station id → why none (Swedish-free
    technical message) for the stations whose archive could not be had.

    Bounded like :func:`load_observations`: while SMHI is slow, the statistics of the archives the
    disk cache holds (the others listed as missing), kept only briefly (:func:`_saved_statistics`).
    """
    settings = load_settings()
    station_ids = tuple(str(s) for s in observations.stations["station_id"])
    key = (station_ids, settings, observations.origin)
    kept = _kept_statistics(key)
    if kept is not None:
        return kept
    ready, result = run_bounded(
        ("statistics", *key),
        lambda _progress: _compute_statistics(station_ids, settings, observations.origin),
        wait_s=settings.page_wait_s,
        label="Beräknar stationsstatistik …",
    )
    if ready and result is not None:
        return _keep_statistics(key, result, STATISTICS_TTL_S)
    if observations.origin is DataOrigin.EXERCISE:
        partial: tuple[dict[str, FlowStatistics], dict[str, str]] = ({}, {sid: "computing" for sid in station_ids})
    else:
        partial = _saved_statistics(station_ids, settings, observations.origin)
    show_slow_notice(slow_text_sv(settings, "stationsstatistiken är inte klar; status visas som Okänd tills vidare."),
                     ("statistics", *key))
    return partial


@st.cache_resource(ttl=LIVE_TTL_S, max_entries=4, show_spinner=False)
def _cached_warnings(settings: Settings, clock_key: str) -> tuple[pd.DataFrame | None, str]:
    return _fetch_warnings(settings)


def _fetch_warnings(settings: Settings) -> tuple[pd.DataFrame | None, str]:
    try:
        frame, _meta = get_warnings(settings)
    except SourceError as exc:
        return None, exc.message_sv
    return frame, ""


def load_warnings() -> tuple[pd.DataFrame | None, str]:
    """SMHI's warnings in force (None when they could not be fetched) and, if so, why in Swedish.

    Bounded like :func:`load_observations`; while SMHI is slow (or the page's time went to the other
    loaders): None and "SMHI svarar långsamt …", and the page reruns when the warnings have come.
    """
    settings = load_settings()
    clock_key = _clock_key(settings)
    key = ("warnings", settings, clock_key)
    ready, result = run_bounded(key, lambda _progress: _cached_warnings(settings, clock_key),
                                wait_s=settings.page_wait_s, label="Hämtar SMHI:s varningar …")
    if ready and result is not None:
        return result
    # The promise "visas när svaret kommer" is kept by a rerun: without it a page whose statistics
    # took the run's whole time said so with nothing left to rerun it (the slow-SMHI fault case).
    rerun_when_done(key)
    return None, "SMHI svarar långsamt; varningarna visas när svaret kommer."


@st.cache_resource(max_entries=32, show_spinner=False)
def _cached_situations(
    rivers: tuple[str, ...], data_version: tuple, minute: datetime,
    dam_failures: tuple[tuple[str, tuple[str, ...]], ...],
    owner_candidates: tuple[tuple[str, tuple[HeadlineCandidate, ...]], ...],
    _observations: RiverObservations, _statistics: dict[str, FlowStatistics], _warnings: pd.DataFrame | None,
) -> tuple[RiverSituation, ...]:
    # Statuses, trends and travel times depend on the data, not on the minute: they are kept per data
    # change (shared station rows and travel sentences), so a new minute only counts ages and words again.
    rows_version = data_version[:3]
    rows = {river: _cached_station_rows(river, rows_version, _observations, _statistics, minute) for river in rivers}
    travel = {river: _cached_travel(river, rows_version, _observations, rows[river]) for river in rivers}
    return tuple(build_river_situations(_observations, _statistics, _warnings, minute, rivers=rivers,
                                        dam_failure_rivers=dict(dam_failures),
                                        extra_candidates={river: list(c) for river, c in owner_candidates},
                                        rows=rows, travel=travel))


@st.cache_resource(max_entries=32, show_spinner=False)
def _cached_travel(river: str, data_version: tuple, _observations: RiverObservations,
                   _rows: pd.DataFrame) -> tuple[str, ...]:
    return travel_sentences(_observations, _rows, river)


def shared_situations(
    observations: RiverObservations, statistics: dict[str, FlowStatistics], warnings: pd.DataFrame | None,
    now: datetime, rivers: tuple[str, ...], dam_failure_rivers: Mapping[str, tuple[str, ...]] | None = None,
) -> list[RiverSituation]:
    """:func:`hydrology.situation.build_river_situations`, computed once per data change and minute of
    ``now`` [UTC] and shared by every session (ages are then at most a minute behind).

    ``dam_failure_rivers``: river → the dams with a declared failure in force (part of the cache key;
    :func:`events.repository.dam_failures_by_river`).
    """
    # The loaders hand out the same objects until the data change, so their identities name the data.
    version = (id(observations), observations.oldest_fetched_at, id(statistics), id(warnings))
    minute = now.replace(second=0, microsecond=0)
    # Imported here: the owner panel builds on these loaders. The owners' reported spill is one more
    # headline input (issue 10 §3); the candidates are part of the key, so a new report shows at once.
    from pages._shared.owner_panel import owner_headline_candidates

    owners = owner_headline_candidates(observations, statistics, warnings, minute, rivers)
    return list(_cached_situations(tuple(rivers), version, minute, tuple(sorted((dam_failure_rivers or {}).items())),
                                   tuple(sorted(owners.items())), observations, statistics, warnings))


@st.cache_resource(max_entries=32, show_spinner=False)
def _cached_station_rows(river: str, data_version: tuple, _observations: RiverObservations,
                         _statistics: dict[str, FlowStatistics], _now: datetime) -> pd.DataFrame:
    return station_rows(_observations, _statistics, river, _now)


def shared_station_rows(observations: RiverObservations, statistics: dict[str, FlowStatistics], river: str,
                        now: datetime) -> pd.DataFrame:
    """:func:`hydrology.situation.station_rows` (statuses, trends: most of a Flöden or Karta run) computed
    once per data change and shared by every session; each caller gets a copy with its ages to ``now`` [UTC]."""
    version = (id(observations), observations.oldest_fetched_at, id(statistics))
    return with_ages(_cached_station_rows(river, version, observations, statistics, now), now)


def load_situations(rivers: tuple[str, ...]) -> list[RiverSituation]:
    """The situation of each river in ``rivers``: statuses, trends, warnings, kommuner, freshness."""
    river = rivers[0] if len(rivers) == 1 else None
    observations = load_observations(river)
    statistics, _failures = load_statistics(observations)
    warnings, _reason = load_warnings()
    return shared_situations(
        observations, statistics, warnings, data_clock(load_settings(), observations.origin), rivers
    )


@st.cache_resource(ttl=6 * 3600, max_entries=32, show_spinner=False)
def _cached_archive(station_id: str, settings: Settings, origin: DataOrigin) -> pd.DataFrame | None:
    try:
        archive, _meta = get_station_archive(station_id, settings, origin=origin)
    except SourceError:
        return None
    return archive


def load_archive(station_id: str, origin: DataOrigin) -> pd.DataFrame | None:
    """A station's corrected daily archive, or None when SMHI has none for it (or is too slow)."""
    settings = load_settings()
    ready, archive = run_bounded(("archive", station_id, settings, origin),
                                 lambda _progress: _cached_archive(station_id, settings, origin),
                                 wait_s=settings.page_wait_s, label="Hämtar stationens arkiv …")
    if not ready:
        show_slow_notice(slow_text_sv(settings, "arkivkurvan visas när arkivet har kommit."),
                         ("archive", station_id, settings, origin))
    return archive
