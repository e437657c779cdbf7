"""Everything the Flöden page needs for one river (or all three), fetched concurrently, failing per station.

:func:`get_river_observations` discovers the river's stations, gets the latest value of every station
in one station-set request, and each station's recent series (daily discharge ``latest-months``,
15-minute discharge ``latest-day`` where SMHI has it, water level where SMHI has it) in a bounded
thread pool. One station's failure is recorded with a Swedish message and never stops the others.

Where the data came from is decided once for the whole result:

* ``ALVLAGET_MODE=exercise`` → the exercise scenario, origin EXERCISE, banner "ÖVNING — …";
* live, and some answers are the cache's stale copies because SMHI failed → origin CACHE, banner
  "Sparade data från kl. 14.05 (3 timmar gamla) – SMHI svarar inte" (oldest copy used);
* live, SMHI unreachable and nothing cached → the exercise scenario, origin EXERCISE, banner
  "SMHI svarar inte och det finns inga sparade data – visar ÖVNINGSDATA".
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pandas as pd
import requests

from geodata.stations import read_station_table
from language.sv import format_age, format_when
from settings import Settings
from sources.errors import NO_RECENT_VALUES_SV, NoDataError, SourceError, SourceUnavailable
from sources.exercise.adapter import build_exercise_session
from sources.exercise.scenarios import get_scenario_spec
from sources.http import build_session
from sources.models import DataOrigin, SourceMeta
from sources.smhi_hydroobs import (
    DAILY_DISCHARGE,
    DISCHARGE_15MIN,
    WATER_LEVEL,
    get_archive,
    get_latest_all,
    get_observations,
    get_station_listing,
)
from sources.stations import RIVER_STATION_COLUMNS, parse_river_stations

STOCKHOLM = ZoneInfo("Europe/Stockholm")
#: Parallel requests per refresh. Twelve lets a full refresh of all live stations (about 25 requests)
#: finish in two rounds; SMHI asks for moderate parallelism, and the cache keeps repeats off the wire.
MAX_WORKERS = 12
FALLBACK_BANNER = "SMHI svarar inte och det finns inga sparade data – visar ÖVNINGSDATA"
LATEST_COLUMNS = ["station_id", "time_utc", "discharge_m3s", "quality", "parameter"]

ProgressCallback = Callable[[int, int], None]


@dataclass
class StationSeries:
    """One station's recent series and their provenance; ``error`` is the first failure (the other
    series may still be there: a page shows what it has and says what is missing)."""

    station_id: str
    daily: pd.DataFrame | None = None
    discharge_15min: pd.DataFrame | None = None
    level: pd.DataFrame | None = None
    metas: list[SourceMeta] = field(default_factory=list)
    error: SourceError | None = None


@dataclass(frozen=True)
class RiverObservations:
    """The observations of one river (``river``) or all three (``None``).

    Attributes
    ----------
    stations : the river's stations from source to sea (:data:`sources.stations.RIVER_STATION_COLUMNS`).
    latest : latest discharge per station: ``station_id``, ``time_utc`` (UTC), ``discharge_m3s`` [m³/s],
        ``quality``, ``parameter`` (2 = 15-minute value, 1 = daily mean when no 15-minute value exists).
    daily : station id → daily discharge (``time_utc`` = start of SMHI's day, ``discharge_m3s``, ``quality``).
    discharge_15min : station id → 15-minute discharge.
    level : station id → water level (``level_cm``).
    metas : station id → provenance of the oldest response used for that station.
    errors : station id → what went wrong (``message_sv`` is for the screen).
    origin : LIVE, CACHE (some data is the cache's copy) or EXERCISE.
    oldest_fetched_at : the oldest fetch time among the responses used [UTC].
    banner : Swedish text to show above the data when it is not live ("" when live).
    note : why the origin is what it is (e.g. the fallback reason), for logs and tooltips.
    """

    river: str | None
    stations: pd.DataFrame
    latest: pd.DataFrame
    daily: dict[str, pd.DataFrame]
    discharge_15min: dict[str, pd.DataFrame]
    level: dict[str, pd.DataFrame]
    metas: dict[str, SourceMeta]
    errors: dict[str, SourceError]
    origin: DataOrigin
    oldest_fetched_at: datetime | None
    banner: str
    note: str = ""
    listing_meta: SourceMeta | None = None

    @property
    def is_exercise(self) -> bool:
        return self.origin is DataOrigin.EXERCISE


# ------------------------------------------------------------------------------------ texts
def format_age_sv(age_seconds: float) -> str:
    """"25 minuter gammal", "1 timme gammal", "3 timmar gammal", "2 dygn gammal"."""
    return f"{format_age(timedelta(seconds=max(0.0, age_seconds)))} gammal"


def cache_banner(fetched_at: datetime, now: datetime) -> str:
    """"Sparade data från kl. 14.05 (3 timmar gamla) – SMHI svarar inte"."""
    age = format_age(now - fetched_at)
    return f"Sparade data från {format_when(fetched_at, now)} ({age} gamla) – SMHI svarar inte"


def exercise_banner(settings: Settings) -> str:
    spec = get_scenario_spec(settings.scenario)
    return f"ÖVNING — {spec.title_sv}. Övningsdata, inte verkliga flöden."


# ------------------------------------------------------------------------------------ fetching
#: What one station series task fetches: (attribute on StationSeries, parameter, periods to try in order).
SERIES_KINDS: dict[str, tuple[int, tuple[str, ...]]] = {
    # Not every station has latest-months; latest-day still gives the newest daily value.
    "daily": (DAILY_DISCHARGE, ("latest-months", "latest-day")),
    "discharge_15min": (DISCHARGE_15MIN, ("latest-day",)),
    "level": (WATER_LEVEL, ("latest-months",)),
}


def _series_kinds(station: pd.Series) -> list[str]:
    if not bool(station.get("in_listing", True)):
        return []  # SMHI no longer lists it: nothing to ask for
    kinds = ["daily"]
    if bool(station.get("has_15min", False)):
        kinds.append("discharge_15min")
    if bool(station.get("has_level", False)):
        kinds.append("level")
    return kinds


def _fetch_one_series(session: requests.Session, base_url: str, station_id: str,
                      kind: str) -> tuple[pd.DataFrame, SourceMeta]:
    parameter, periods = SERIES_KINDS[kind]
    for period in periods[:-1]:
        try:
            return get_observations(session, base_url, station_id, parameter, period)
        except NoDataError:
            continue
    try:
        return get_observations(session, base_url, station_id, parameter, periods[-1])
    except NoDataError as exc:
        if kind == "daily" and exc.not_found:
            # Listed, yet no recent period at all: a power-station gauge whose live flow the owner reports.
            exc.message_sv = NO_RECENT_VALUES_SV
        raise


def fetch_station_series(
    session: requests.Session,
    base_url: str,
    stations: pd.DataFrame,
    *,
    max_workers: int = MAX_WORKERS,
    on_progress: ProgressCallback | None = None,
    pool: ThreadPoolExecutor | None = None,
    prefetched: dict[tuple[str, str], Future] | None = None,
) -> dict[str, StationSeries]:
    """Every station's recent series, one task per (station, series) in a bounded pool.

    Never raises for one station: a failure lands in that station's ``error``. ``on_progress(done,
    total)`` counts finished series requests. ``prefetched`` holds futures already submitted for
    (station id, series kind) pairs; those not needed any more are cancelled.
    """
    results = {str(sid): StationSeries(station_id=str(sid)) for sid in stations["station_id"]}
    tasks = [(str(row["station_id"]), kind) for _, row in stations.iterrows() for kind in _series_kinds(row)]
    futures_by_task = dict(prefetched or {})
    for key, future in list(futures_by_task.items()):
        if key not in set(tasks):
            future.cancel()
            del futures_by_task[key]
    total = len(tasks)
    if on_progress:
        on_progress(0, total)
    if not tasks:
        return results
    own_pool = pool is None
    executor = pool or ThreadPoolExecutor(max_workers=max(1, min(max_workers, total)))
    try:
        for sid, kind in tasks:
            if (sid, kind) not in futures_by_task:
                futures_by_task[(sid, kind)] = executor.submit(_fetch_one_series, session, base_url, sid, kind)
        futures = {future: key for key, future in futures_by_task.items()}
        for done, future in enumerate(as_completed(futures), start=1):
            sid, kind = futures[future]
            item = results[sid]
            try:
                frame, meta = future.result()
                setattr(item, kind, frame)
                item.metas.append(meta)
            except SourceError as exc:
                # the daily series is the main one: its failure wins over a secondary one's
                if item.error is None or kind == "daily":
                    item.error = exc
            if on_progress:
                on_progress(done, total)
    finally:
        if own_pool:
            executor.shutdown(wait=True)
    return results


def _latest_from_series(series: StationSeries) -> dict | None:
    for frame, parameter in ((series.discharge_15min, DISCHARGE_15MIN), (series.daily, DAILY_DISCHARGE)):
        if frame is None:
            continue
        valid = frame.dropna(subset=["discharge_m3s"])
        if not valid.empty:
            last = valid.iloc[-1]
            return {"station_id": series.station_id, "time_utc": last["time_utc"],
                    "discharge_m3s": float(last["discharge_m3s"]), "quality": last["quality"], "parameter": parameter}
    return None


def _latest_frame(stations: pd.DataFrame, station_set: pd.DataFrame | None,
                  series: dict[str, StationSeries]) -> pd.DataFrame:
    by_set = {} if station_set is None else {
        str(r.station_id): r for r in station_set.itertuples(index=False)}
    rows = []
    for sid in stations["station_id"]:
        from_series = _latest_from_series(series[sid]) if sid in series else None
        row = by_set.get(sid)
        if row is not None and (from_series is None or row.time_utc >= from_series["time_utc"]):
            rows.append({"station_id": sid, "time_utc": row.time_utc, "discharge_m3s": float(row.discharge_m3s),
                         "quality": row.quality, "parameter": DISCHARGE_15MIN})
        elif from_series is not None:
            rows.append(from_series)
    frame = pd.DataFrame(rows, columns=LATEST_COLUMNS)
    frame["station_id"] = frame["station_id"].astype("object")
    frame["time_utc"] = pd.to_datetime(frame["time_utc"], utc=True).astype("datetime64[ns, UTC]")
    frame["discharge_m3s"] = frame["discharge_m3s"].astype("float64")
    frame["quality"] = frame["quality"].astype("object")
    frame["parameter"] = frame["parameter"].astype("int64")
    return frame


def _collect(
    river: str | None,
    settings: Settings,
    session: requests.Session,
    *,
    exercise: bool,
    max_workers: int,
    on_progress: ProgressCallback | None,
) -> tuple[pd.DataFrame, SourceMeta, pd.DataFrame | None, SourceMeta | None, dict[str, StationSeries]]:
    """Everything in one bounded pool, in one round trip where possible.

    The listings and the station set are requested in parallel, and so, speculatively, are the
    daily and 15-minute series of the curated stations (known before any listing arrives); stations
    the listings add get their requests afterwards, and speculative requests for stations SMHI no
    longer lists are cancelled or ignored.
    """
    base = settings.smhi_hydroobs_url
    curated = read_station_table()
    guesses = curated if exercise else curated[~curated["exercise_only"]]
    if river is not None:
        guesses = guesses[guesses["river"] == river]
    with ThreadPoolExecutor(max_workers=max(1, max_workers)) as pool:
        listing_futures = {p: pool.submit(get_station_listing, session, base, p)
                           for p in (DAILY_DISCHARGE, DISCHARGE_15MIN, WATER_LEVEL)}
        set_future = pool.submit(get_latest_all, session, base, DISCHARGE_15MIN)
        prefetched = {(str(sid), kind): pool.submit(_fetch_one_series, session, base, str(sid), kind)
                      for sid in guesses["station_id"] for kind in ("daily", "discharge_15min")}
        try:
            listing, listing_meta = listing_futures[DAILY_DISCHARGE].result()  # required: raises SourceError
        except SourceError:
            for future in prefetched.values():
                future.cancel()
            raise
        listings = {DAILY_DISCHARGE: listing}
        for parameter in (DISCHARGE_15MIN, WATER_LEVEL):
            try:
                listings[parameter] = listing_futures[parameter].result()[0]
            except SourceError:
                continue
        stations = parse_river_stations(listings, curated, exercise=exercise, river=river)
        series = fetch_station_series(session, base, stations, on_progress=on_progress, pool=pool,
                                      prefetched=prefetched)
        try:
            station_set, set_meta = set_future.result()
        except SourceError:
            station_set, set_meta = None, None
    return stations, listing_meta, station_set, set_meta, series


def _build(river: str | None, stations: pd.DataFrame, listing_meta: SourceMeta,
           station_set: pd.DataFrame | None, set_meta: SourceMeta | None,
           series: dict[str, StationSeries], *, now: datetime, banner_exercise: str, note: str) -> RiverObservations:
    metas: dict[str, SourceMeta] = {}
    all_metas: list[SourceMeta] = [listing_meta] + ([set_meta] if set_meta else [])
    for sid, item in series.items():
        if item.metas:
            metas[sid] = min(item.metas, key=lambda m: m.fetched_at)
            all_metas.extend(item.metas)
    origins = {m.origin for m in all_metas}
    if DataOrigin.EXERCISE in origins:
        origin = DataOrigin.EXERCISE
    elif DataOrigin.CACHE in origins:
        origin = DataOrigin.CACHE
    else:
        origin = DataOrigin.LIVE
    cached = [m.fetched_at for m in all_metas if m.origin is DataOrigin.CACHE]
    oldest = min(cached) if cached else (min(m.fetched_at for m in all_metas) if all_metas else None)
    if origin is DataOrigin.EXERCISE:
        banner = banner_exercise
    elif origin is DataOrigin.CACHE:
        banner = cache_banner(min(cached), now)
    else:
        banner = ""
    return RiverObservations(
        river=river,
        stations=stations,
        latest=_latest_frame(stations, station_set, series),
        daily={sid: s.daily for sid, s in series.items() if s.daily is not None},
        discharge_15min={sid: s.discharge_15min for sid, s in series.items() if s.discharge_15min is not None},
        level={sid: s.level for sid, s in series.items() if s.level is not None},
        metas=metas,
        errors={sid: s.error for sid, s in series.items() if s.error is not None},
        origin=origin,
        oldest_fetched_at=oldest,
        banner=banner,
        note=note,
        listing_meta=listing_meta,
    )


def _all_unavailable(series: dict[str, StationSeries]) -> bool:
    return bool(series) and all(
        not s.metas and isinstance(s.error, SourceUnavailable) for s in series.values())


def get_river_observations(
    river: str | None,
    settings: Settings,
    *,
    session: requests.Session | None = None,
    on_progress: ProgressCallback | None = None,
    max_workers: int = MAX_WORKERS,
    now: datetime | None = None,
) -> RiverObservations:
    """Fetch the latest values and recent series of every station of ``river`` (or all three).

    Parameters
    ----------
    river : "Ångermanälven", "Umeälven", "Skellefteälven" or ``None`` for all.
    settings : app settings (mode, SMHI base URL, cache folder, scenario).
    session : an HTTP session (default: :func:`sources.http.build_session`); ignored in exercise mode.
    on_progress : called as ``on_progress(done, total)`` while station series arrive.
    max_workers : size of the thread pool (SMHI asks for moderate parallelism).
    now : the current time [UTC] for the banner's age (default: now).

    Never raises for one station; raises :class:`ValueError` only for an unknown river.
    """
    now = now or datetime.now(timezone.utc)
    if settings.is_exercise:
        exercise_session = build_exercise_session(settings)
        parts = _collect(river, settings, exercise_session, exercise=True, max_workers=max_workers,
                         on_progress=on_progress)
        return _build(river, *parts, now=now, banner_exercise=exercise_banner(settings),
                      note=f"Övningsläge, scenario {settings.scenario}")
    session = session or build_session(settings)
    try:
        parts = _collect(river, settings, session, exercise=False, max_workers=max_workers,
                         on_progress=on_progress)
        if not _all_unavailable(parts[4]):
            return _build(river, *parts, now=now, banner_exercise=exercise_banner(settings), note="")
        reason = "no station answered and nothing was cached"
    except SourceUnavailable as exc:
        reason = str(exc)
    exercise_session = build_exercise_session(settings)
    parts = _collect(river, settings, exercise_session, exercise=True, max_workers=max_workers,
                     on_progress=on_progress)
    return _build(river, *parts, now=now, banner_exercise=FALLBACK_BANNER,
                  note=f"SMHI unreachable, no cached data ({reason}); showing exercise scenario {settings.scenario}")


def get_station_archive(
    station_id: str,
    settings: Settings,
    *,
    origin: DataOrigin | None = None,
    session: requests.Session | None = None,
) -> tuple[pd.DataFrame, SourceMeta]:
    """A station's corrected daily archive (``date``, ``discharge_m3s``, ``quality``) and its provenance.

    In exercise mode, or when ``origin`` is EXERCISE (the observations fell back to the scenario), the
    scenario's synthetic ~100-year archive; otherwise SMHI's (cached a day on disk).

    Raises
    ------
    SourceError
        SMHI has no archive for the station, or cannot be reached and nothing is cached.
    """
    if settings.is_exercise or origin is DataOrigin.EXERCISE:
        return get_archive(build_exercise_session(settings), settings.smhi_hydroobs_url, station_id)
    return get_archive(session or build_session(settings), settings.smhi_hydroobs_url, station_id)


def get_station_archives(
    station_ids: list[str] | tuple[str, ...],
    settings: Settings,
    *,
    origin: DataOrigin | None = None,
    max_workers: int = 8,
    session: requests.Session | None = None,
) -> tuple[dict[str, pd.DataFrame], dict[str, SourceError]]:
    """Several stations' corrected daily archives, fetched concurrently, failing per station.

    Returns station id → archive frame (see :func:`get_station_archive`) in the order of
    ``station_ids``, and station id → the error for the stations whose archive could not be had.
    ``session`` (live data only) e.g. :func:`sources.http.build_cache_only_session`.
    """
    if not (settings.is_exercise or origin is DataOrigin.EXERCISE):
        session = session or build_session(settings)
    archives: dict[str, pd.DataFrame] = {}
    errors: dict[str, SourceError] = {}
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = {
            pool.submit(get_station_archive, sid, settings, origin=origin, session=session): sid
            for sid in station_ids
        }
        for future in as_completed(futures):
            sid = futures[future]
            try:
                archives[sid] = future.result()[0]
            except SourceError as exc:
                errors[sid] = exc
    return {sid: archives[sid] for sid in station_ids if sid in archives}, errors


__all__ = [
    "RiverObservations", "StationSeries", "get_river_observations", "get_station_archive", "get_station_archives",
    "fetch_station_series", "cache_banner", "format_age_sv", "FALLBACK_BANNER",
    "RIVER_STATION_COLUMNS",
]
