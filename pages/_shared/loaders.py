"""Cached loaders: the only place pages get river data, statistics, warnings and situations from.

Each loader wraps a Streamlit-free function of ``sources/`` or ``hydrology/`` in a Streamlit cache
(errors are not cached, which is what we want) and records the data's origin for the sidebar badge
and the ÖVNING/CACHE banner (:func:`pages._shared.status_badge.remember_data_status`).

Cache keys: the settings (mode, URLs, folders) and, in exercise mode, the scenario clock rounded to
15 minutes, so advancing the clock on the Möte page shows new scenario data at once while a page
reload within minutes costs no request.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from hydrology.situation import RiverSituation, build_river_situations
from hydrology.statistics import FlowStatistics
from hydrology.stats_cache import read_or_compute_statistics
from pages._shared.status_badge import DataStatus, remember_data_status
from settings import Settings, load_settings
from sources.errors import SourceError
from sources.exercise.adapter import scenario_now
from sources.models import DataOrigin
from sources.river_data import (
    RiverObservations,
    get_river_observations,
    get_station_archive,
    get_station_archives,
)
from sources.smhi_warnings import get_warnings

LIVE_TTL_S = 300  # SMHI publishes 15-minute values; five minutes keeps reloads free and data fresh


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


def load_observations(river: str | None) -> RiverObservations:
    """Observations of ``river`` (or all three for None), with a progress bar while fetching.

    Kept for :data:`LIVE_TTL_S` seconds per river, settings and (exercise) scenario-clock quarter.
    """
    settings = load_settings()
    store = _observation_store()
    key = (river, settings, _clock_key(settings))
    cached = store.get(key)
    if cached is not None and cached[0] > time.monotonic():
        observations = cached[1]
    else:
        bar = st.progress(0.0, text="Hämtar mätstationer från SMHI …")

        def progress(done: int, total: int) -> None:
            bar.progress(done / max(total, 1), text=f"Hämtar mätstationer från SMHI … {done} av {total}")

        observations = get_river_observations(river, settings, on_progress=progress)
        bar.empty()
        for stale in [k for k, (expires, _obs) in store.items() if expires <= time.monotonic()]:
            store.pop(stale, None)
        store[key] = (time.monotonic() + LIVE_TTL_S, observations)
    remember_data_status(
        DataStatus(observations.origin, observations.oldest_fetched_at, observations.banner)
    )
    return observations


@st.cache_resource(ttl=6 * 3600, max_entries=8, show_spinner="Beräknar stationsstatistik …")
def _cached_statistics(
    station_ids: tuple[str, ...], settings: Settings, origin: DataOrigin
) -> tuple[dict[str, FlowStatistics], dict[str, str]]:
    archives, errors = get_station_archives(station_ids, settings, origin=origin)
    failures = {sid: str(exc) for sid, exc in errors.items()}
    return read_or_compute_statistics(archives, settings.data_dir), failures


def load_statistics(observations: RiverObservations) -> tuple[dict[str, FlowStatistics], dict[str, str]]:
    """Each station's statistics from its corrected archive; and station id → why none (Swedish-free
    technical message) for the stations whose archive could not be had."""
    station_ids = tuple(str(s) for s in observations.stations["station_id"])
    return _cached_statistics(station_ids, load_settings(), observations.origin)


@st.cache_resource(ttl=LIVE_TTL_S, max_entries=4, show_spinner=False)
def _cached_warnings(settings: Settings, clock_key: str) -> tuple[pd.DataFrame | None, str]:
    try:
        frame, _meta = get_warnings(settings)
    except SourceError as exc:
        return None, exc.message_sv
    return frame, ""


def load_warnings() -> tuple[pd.DataFrame | None, str]:
    """SMHI's warnings in force (None when they could not be fetched) and, if so, why in Swedish."""
    settings = load_settings()
    return _cached_warnings(settings, _clock_key(settings))


def load_situations(rivers: tuple[str, ...]) -> list[RiverSituation]:
    """The situation of each river in ``rivers``: statuses, trends, warnings, kommuner, freshness."""
    river = rivers[0] if len(rivers) == 1 else None
    observations = load_observations(river)
    statistics, _failures = load_statistics(observations)
    warnings, _reason = load_warnings()
    return build_river_situations(
        observations, statistics, warnings, data_clock(load_settings(), observations.origin), rivers=rivers
    )


@st.cache_resource(ttl=6 * 3600, max_entries=32, show_spinner="Hämtar stationens arkiv …")
def _cached_archive(station_id: str, settings: Settings, origin: DataOrigin) -> pd.DataFrame | None:
    try:
        archive, _meta = get_station_archive(station_id, settings, origin=origin)
    except SourceError:
        return None
    return archive


def load_archive(station_id: str, origin: DataOrigin) -> pd.DataFrame | None:
    """A station's corrected daily archive, or None when SMHI has none for it."""
    return _cached_archive(station_id, load_settings(), origin)
