"""Fetch everything a river situation needs and build it: observations, archives → statistics, warnings.

The one function with side effects in ``hydrology`` (network through :mod:`sources`, statistics
cache on disk); pages wrap it in ``st.cache_data``. Failures degrade, never break the summary:
a station without archive gets status "Okänd", unreachable warnings give ``warnings_error_sv``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone

import pandas as pd

from hydrology.situation import RiverSituation, build_river_situations
from hydrology.statistics import FlowStatistics
from hydrology.stats_cache import read_or_compute_statistics
from settings import Settings
from sources.errors import SourceError
from sources.exercise.adapter import scenario_now
from sources.models import DataOrigin, SourceMeta
from sources.river_data import get_river_observations, get_station_archive
from sources.smhi_warnings import get_warnings

#: Parallel archive downloads (SMHI asks for moderate parallelism).
ARCHIVE_WORKERS = 8


@dataclass(frozen=True)
class SituationBundle:
    """The situations plus what the page must say about the data behind them.

    Attributes
    ----------
    situations : one per river, in the app's order.
    now : the moment the situations describe [UTC] (scenario time in exercise mode).
    origin : LIVE, CACHE or EXERCISE for the flows; banner : Swedish text when not live.
    oldest_fetched_at : oldest response time among the flows [UTC].
    warnings_meta : provenance of the warnings (None when they could not be fetched).
    warnings_error_sv : Swedish text when SMHI's warnings could not be fetched ("" otherwise).
    statistics_missing : station ids without statistics (archive unavailable).
    """

    situations: tuple[RiverSituation, ...]
    now: datetime
    origin: DataOrigin
    banner: str
    oldest_fetched_at: datetime | None
    warnings_meta: SourceMeta | None
    warnings_error_sv: str
    statistics_missing: tuple[str, ...]


def get_station_statistics(
    station_ids: Sequence[str], settings: Settings, origin: DataOrigin
) -> tuple[dict[str, FlowStatistics], tuple[str, ...]]:
    """Statistics of the stations from their corrected archives (fetched in parallel, cached on disk).

    Archives come from the same place as the observations: SMHI, or the exercise scenario when
    ``origin`` is EXERCISE. Returns the statistics and the ids whose archive failed.
    """
    ids = [str(sid) for sid in station_ids]

    def fetch(station_id: str) -> tuple[str, pd.DataFrame | None]:
        try:
            archive, _meta = get_station_archive(station_id, settings, origin=origin)
        except SourceError:
            return station_id, None
        return station_id, archive

    with ThreadPoolExecutor(max_workers=max(1, min(ARCHIVE_WORKERS, len(ids) or 1))) as pool:
        results = dict(pool.map(fetch, ids))
    archives = {sid: frame for sid, frame in results.items() if frame is not None and len(frame)}
    missing = tuple(sid for sid in ids if sid not in archives)
    return read_or_compute_statistics(archives, settings.data_dir), missing


StatisticsLoader = Callable[[tuple[str, ...], DataOrigin], tuple[Mapping[str, FlowStatistics], tuple[str, ...]]]


def get_river_situations(
    settings: Settings,
    river: str | None = None,
    *,
    on_progress: Callable[[int, int], None] | None = None,
    statistics_loader: StatisticsLoader | None = None,
) -> SituationBundle:
    """The situation of ``river`` (or all three) now: fetch, compute, summarise.

    Parameters
    ----------
    settings : app settings (mode, SMHI URLs, data folder, scenario).
    river : one river system, or None for all three.
    on_progress : passed to :func:`sources.river_data.get_river_observations`.
    statistics_loader : ``(station_ids, origin) -> (statistics, missing ids)``; default
        :func:`get_station_statistics`. Pages pass a memory-cached wrapper: archives change at most
        daily, flows every 15 minutes.
    """
    observations = get_river_observations(river, settings, on_progress=on_progress)
    exercise = observations.origin is DataOrigin.EXERCISE
    now = scenario_now(settings) if exercise else datetime.now(timezone.utc)
    ids = tuple(str(sid) for sid in observations.stations["station_id"])
    if statistics_loader is None:
        statistics, missing = get_station_statistics(ids, settings, observations.origin)
    else:
        statistics, missing = statistics_loader(ids, observations.origin)
    warnings_frame, warnings_meta, warnings_error = None, None, ""
    if not exercise:  # exercise flows get ÖVNING warnings derived from them, never real ones
        try:
            warnings_frame, warnings_meta = get_warnings(settings)
        except SourceError as exc:
            warnings_error = f"SMHI:s varningar kunde inte hämtas: {exc.message_sv}"
    situations = build_river_situations(observations, statistics, warnings_frame, now)
    return SituationBundle(
        situations=tuple(situations),
        now=now,
        origin=observations.origin,
        banner=observations.banner,
        oldest_fetched_at=observations.oldest_fetched_at,
        warnings_meta=warnings_meta,
        warnings_error_sv=warnings_error,
        statistics_missing=missing,
    )
