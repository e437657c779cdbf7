"""The river situation: one summary per river for Läget, Möte and Meddelanden.

:func:`build_river_situations` turns a :class:`sources.river_data.RiverObservations` (duck-typed:
``stations``, ``latest``, ``daily``, ``discharge_15min``, ``errors``, ``origin``), the stations'
:class:`~hydrology.statistics.FlowStatistics` and the warnings frame
(:mod:`sources.warning_table`) into :class:`RiverSituation` objects; :func:`situation_to_dict`
makes them JSON-ready for snapshots and templates.

In exercise mode SMHI's warnings are not fetched; the warnings are derived here from the exercise
flows (a station at ≥ 5-årsflöde gives the warning level of its band), every one marked ÖVNING.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from geodata import RIVER_SYSTEMS
from geodata.layers import read_rivers
from geodata.river_kommuner import kommun_name, kommuner_in_geometry, read_river_kommuner, watercourse_names
from geodata.stations import DECIDING_ROLE
from hydrology.formatting import format_flow_m3s, format_percent, format_rate_m3s_per_hour
from hydrology.statistics import FlowStatistics
from hydrology.status import (
    DAM_FAILURE,
    OVER_MHQ,
    UNKNOWN,
    WARNING_STATUSES,
    FlowStatus,
    classify_flow,
    status_by_key,
    with_statistics_caveat,
)
from hydrology.trend import (
    FALLING,
    RISING,
    STEADY,
    compute_trend,
    estimate_travel_time,
    peak_so_far,
    travel_time_sentence,
)
from sources.errors import NO_RECENT_VALUES_SV
from sources.models import DataOrigin
from sources.warning_table import (
    WARNING_COLUMNS,
    WARNING_LEVELS,
    empty_warnings_frame,
    warnings_in_force,
    with_warning_dtypes,
)

EXERCISE_MARK = "ÖVNING"

#: Columns of :attr:`RiverSituation.stations`, source to sea.
SITUATION_STATION_COLUMNS: tuple[str, ...] = (
    "station_id",
    "name",
    "watercourse",
    "watercourse_uncertain",
    "order",
    "discharge_m3s",
    "time_utc",
    "age_min",
    "quality",
    "status_key",
    "status_sv",
    "status_symbol",
    "status_colour",
    "status_rank",
    "trend",
    "change_24h_m3s",
    "percent_per_day",
    "rate_m3s_per_hour",
    "mq_m3s",
    "mhq_m3s",
    "hq10_m3s",
    "hq50_m3s",
    "hq100_m3s",
    "peak_m3s",
    "peak_time_utc",
    "error_sv",
    "role",
    "decides",
    "stats_years",
    "stats_caveat_sv",
    "no_recent_values",
    "listing_note_sv",
)

EARLY_SIGNS_LABEL = "Tidiga tecken uppströms"
NO_MAIN_STEM_VALUES_SV = "Ingen station på huvudfåran har aktuella värden från SMHI – se ägarnas rapporter"


@dataclass(frozen=True)
class HeadlineCandidate:
    """One input that may decide a river's headline: a main-stem station's status, an SMHI warning in
    force, a declared dam failure (kind ``"event"``), or (added by callers through ``extra_candidates``) a
    dam owner's reported spill.

    status : on the flow-status scale (:mod:`hydrology.status`); text_sv : the line under the headline
    when this one decides, e.g. ``"Orange varning från SMHI: Ångermanälven nedströms Sollefteå"``;
    kind : ``"station"``, ``"warning"`` or the caller's own word (``"owner"``); name : the station's
    name ("" for others). On equal rank a warning or owner report decides before a station.
    """

    status: FlowStatus
    text_sv: str
    kind: str
    name: str = ""


@dataclass(frozen=True)
class RiverSituation:
    """The situation of one river system now.

    Attributes
    ----------
    river : "Ångermanälven", "Umeälven" or "Skellefteälven".
    stations : one row per station, source to sea, :data:`SITUATION_STATION_COLUMNS` (flows [m³/s],
        ``time_utc`` tz-aware UTC, ``age_min`` [minutes] at ``now``, ``percent_per_day`` [% per dygn],
        ``rate_m3s_per_hour`` [m³/s per hour]).
    worst_status : the worst station status; worst_station : its name ("" when none).
    above_thresholds : names of stations over MHQ or higher; rising, falling : names by trend.
    warnings : the warnings in force for this river (warnings frame columns).
    kommuner : names of the kommuner concerned by those warnings (worst warning first, each
        warning's kommuner from source to sea).
    freshest_utc, stalest_utc : newest and oldest latest-value time among the stations [UTC].
    origin : LIVE, CACHE or EXERCISE, as the observations say.
    sentence_sv : the plain-language sentence, e.g.
        "Umeälven vid Stornorrfors: 1 150 m³/s, stigande 4 % per dygn, i nivå med ett 10-årsflöde."
    errors_sv : station name → Swedish error text for stations that could not be read.
    travel_sv : sentences on when downstream stations can expect a rise seen upstream, e.g.
        "Stigande vid Granåker: Vännäsby kan vänta sig denna ökning om cirka 14 timmar." Empty for a
        river with an active dam failure: the event's arrival table says when the wave comes.
    decided_by_sv : which input decided :attr:`worst_status` and where, e.g. "Orange varning från
        SMHI: Ångermanälven nedströms Sollefteå" (the headline is the worst of the main-stem stations,
        the warnings in force and any ``extra_candidates``; tributary and headwater gauges never decide).
    early_signs_sv : tributary and headwater gauges over MHQ or rising, e.g.
        ("Ankarvattnet: ▲ Över MHQ, stigande 3,0 m³/s per timme",).
    dam_failure : the river has an active dam failure; rises are given in m³/s per hour.
    """

    river: str
    stations: pd.DataFrame
    worst_status: FlowStatus
    worst_station: str
    above_thresholds: tuple[str, ...]
    rising: tuple[str, ...]
    falling: tuple[str, ...]
    warnings: pd.DataFrame
    kommuner: tuple[str, ...]
    freshest_utc: datetime | None
    stalest_utc: datetime | None
    origin: DataOrigin
    sentence_sv: str
    errors_sv: dict[str, str] = field(default_factory=dict)
    travel_sv: tuple[str, ...] = ()
    dam_failure: bool = False
    decided_by_sv: str = ""
    early_signs_sv: tuple[str, ...] = ()

    @property
    def is_exercise(self) -> bool:
        return self.origin is DataOrigin.EXERCISE


def place_name(watercourse: str | None, station_name: str, river: str) -> str:
    """``"Vindelälven vid Sorsele"``; ``"Ångermanälven (Röån)"`` when the watercourse is not a named river."""
    if watercourse in watercourse_names() and watercourse != station_name:
        return f"{watercourse} vid {station_name}"
    return f"{river} ({station_name})"


def status_phrase(status: FlowStatus) -> str:
    """How a status reads inside a sentence: ``"i nivå med ett 10-årsflöde"``."""
    if status.return_period_years is not None:
        return f"i nivå med ett {status.return_period_years}-årsflöde"
    return {
        "under_mq": "under medelvattenföringen (MQ)",
        "normal": "normalt (mellan MQ och MHQ)",
        "over_mhq": "över medelhögvattenföringen (MHQ)",
    }.get(status.key, "jämförelse med statistik saknas")


def status_phrase_en(status: FlowStatus) -> str:
    """The English of :func:`status_phrase`, for English drafts: ``"at the level of a 10-year flow"``."""
    if status.return_period_years is not None:
        return f"at the level of a {status.return_period_years}-year flow"
    return {
        "under_mq": "below the mean flow (MQ)",
        "normal": "normal (between MQ and MHQ)",
        "over_mhq": "above the mean annual high flow (MHQ)",
    }.get(status.key, "no comparison with statistics available")


def trend_phrase(
    direction: str, percent_per_day: float | None, rate_m3s_per_hour: float | None = None, *, per_hour: bool = False
) -> str:
    """``"stigande 12 m³/s per timme"``, ``"oförändrat"`` or ``"trend okänd"``.

    The rate [m³/s per hour] is what a reader can compare between stations (a percentage of a small base
    flow looks alarming for nothing: a dam-failure wave gave "stigande 5 952 % per dygn"), so it is used
    whenever it is known. Only snapshots from before the rate was kept fall back to
    ``"stigande 4 % per dygn"``, never on a river with an active dam failure (``per_hour``).
    """
    if direction in (RISING, FALLING) and rate_m3s_per_hour is not None and math.isfinite(rate_m3s_per_hour):
        return f"{direction} {format_rate_m3s_per_hour(abs(rate_m3s_per_hour))}"
    if direction in (RISING, FALLING) and percent_per_day is not None and not per_hour:
        return f"{direction} {format_percent(abs(percent_per_day))} per dygn"
    if direction == STEADY:
        return "oförändrat"
    return "trend okänd"


def river_sentence(river: str, stations: pd.DataFrame, *, per_hour: bool = False) -> str:
    """The sentence for a river, about its worst station (ties: the one furthest downstream).

    ``per_hour``: the river has an active dam failure; its rise is given in m³/s per hour.
    """
    with_data = stations[stations["discharge_m3s"].notna()]
    if with_data.empty:
        return f"{river}: inga aktuella mätvärden på huvudfåran."
    lead = with_data.sort_values(["status_rank", "order"], ascending=[False, False], kind="stable").iloc[0]
    place = place_name(lead["watercourse"], lead["name"], river)
    rate = lead["rate_m3s_per_hour"]
    trend = trend_phrase(lead["trend"], None, None if pd.isna(rate) else float(rate))
    status = _status_of_row(lead)
    caveat = f" – {lead['stats_caveat_sv']}" if lead.get("stats_caveat_sv") else ""
    return f"{place}: {format_flow_m3s(float(lead['discharge_m3s']))}, {trend}, {status_phrase(status)}{caveat}."


def _status_of_row(row: pd.Series) -> FlowStatus:
    return with_statistics_caveat(status_by_key(row["status_key"]), row.get("stats_caveat_sv") or "")


def _series_for_trend(observations, station_id: str) -> pd.DataFrame | None:
    quarter = (observations.discharge_15min or {}).get(station_id)
    if quarter is not None and quarter["discharge_m3s"].notna().sum() >= 2:
        return quarter
    return (observations.daily or {}).get(station_id)


def _hq(stats: FlowStatistics | None, years: int) -> float:
    value = stats.hq(years) if stats is not None else None
    return math.nan if value is None else value


def age_minutes(time: datetime | None, now: datetime) -> float:
    """Minutes from a measurement at ``time`` to ``now`` (both UTC); NaN without a time."""
    return math.nan if time is None or pd.isna(time) else (now - time).total_seconds() / 60.0


def with_ages(rows: pd.DataFrame, now: datetime) -> pd.DataFrame:
    """A copy of :func:`station_rows` rows with ``age_min`` counted to ``now`` [UTC] — the only column
    that depends on ``now``, so rows computed once per data change can serve every page run."""
    return rows.assign(age_min=[age_minutes(time, now) for time in rows["time_utc"]])


def station_rows(observations, statistics: Mapping[str, FlowStatistics], river: str, now: datetime) -> pd.DataFrame:
    """The stations of ``river`` with latest value, status and trend (see :data:`SITUATION_STATION_COLUMNS`)."""
    stations = observations.stations
    stations = stations[stations["river"] == river]
    latest = observations.latest.set_index("station_id") if len(observations.latest) else None
    rows = []
    for station in stations.itertuples(index=False):
        sid = str(station.station_id)
        stats = statistics.get(sid)
        value = time = quality = None
        if latest is not None and sid in latest.index:
            last = latest.loc[sid]
            value, time, quality = float(last["discharge_m3s"]), last["time_utc"], last["quality"]
        caveat = stats.caveat_sv if stats is not None else ""
        status = with_statistics_caveat(classify_flow(value, stats), caveat)
        error = (observations.errors or {}).get(sid)
        no_recent = value is None and getattr(error, "message_sv", "") == NO_RECENT_VALUES_SV
        role = getattr(station, "role", None)
        series = _series_for_trend(observations, sid)
        trend = compute_trend(series) if series is not None and len(series) else None
        daily = (observations.daily or {}).get(sid)
        peak = peak_so_far(daily if daily is not None and len(daily) else series) if series is not None else None
        listing_note = getattr(station, "listing_note_sv", "")
        rows.append(
            {
                "station_id": sid,
                "name": station.name,
                "watercourse": station.watercourse if isinstance(station.watercourse, str) else None,
                # The station table's judgement, not a source (geodata/stations.csv ``uncertain``): marked on screen.
                "watercourse_uncertain": bool(getattr(station, "uncertain", False)),
                "order": float(station.order) if pd.notna(station.order) else math.nan,
                "discharge_m3s": math.nan if value is None else value,
                "time_utc": time,
                "age_min": age_minutes(time, now),
                "quality": quality,
                "status_key": status.key,
                "status_sv": NO_RECENT_VALUES_SV if no_recent else status.label_sv,
                "status_symbol": "–" if no_recent else status.symbol,
                "status_colour": status.colour,
                "status_rank": status.rank,
                "trend": trend.direction if trend else "okänd trend",
                "change_24h_m3s": _num(trend.change_24h_m3s if trend else None),
                "percent_per_day": _num(trend.percent_per_day if trend else None),
                "rate_m3s_per_hour": _num(trend.rate_m3s_per_hour if trend else None),
                "mq_m3s": stats.mq_m3s if stats else math.nan,
                "mhq_m3s": stats.mhq_m3s if stats else math.nan,
                "hq10_m3s": _hq(stats, 10),
                "hq50_m3s": _hq(stats, 50),
                "hq100_m3s": _hq(stats, 100),
                "peak_m3s": peak.discharge_m3s if peak else math.nan,
                "peak_time_utc": peak.time_utc if peak else None,
                "error_sv": getattr(error, "message_sv", str(error)) if error is not None else "",
                "role": role if isinstance(role, str) else None,
                "decides": role == DECIDING_ROLE,
                "stats_years": stats.n_years if stats is not None else 0,
                "stats_caveat_sv": caveat,
                "no_recent_values": no_recent,
                "listing_note_sv": listing_note if isinstance(listing_note, str) else "",
            }
        )
    frame = pd.DataFrame(rows, columns=list(SITUATION_STATION_COLUMNS))
    frame["time_utc"] = pd.to_datetime(frame["time_utc"], utc=True)
    frame["peak_time_utc"] = pd.to_datetime(frame["peak_time_utc"], utc=True)
    return frame


def travel_sentences(observations, stations: pd.DataFrame, river: str) -> tuple[str, ...]:
    """For each rising station, when the next station downstream can expect the rise.

    The next station is the next one on the same watercourse, else the next on the main stem
    (below a tributary's mouth). Travel times come from the lagged cross-correlation of their
    daily series (:func:`hydrology.trend.estimate_travel_time`); pairs without a credible
    correlation give no sentence.
    """
    sentences = []
    ordered = stations.sort_values("order", kind="stable").reset_index(drop=True)
    daily = observations.daily or {}
    for i, row in ordered.iterrows():
        if row["trend"] != RISING:
            continue
        below = ordered.iloc[i + 1 :]
        same = below[below["watercourse"] == row["watercourse"]]
        nxt = same if len(same) else below[below["watercourse"] == river]
        if nxt.empty:
            continue
        down = nxt.iloc[0]
        up_series, down_series = daily.get(row["station_id"]), daily.get(down["station_id"])
        if up_series is None or down_series is None:
            continue
        travel = estimate_travel_time(up_series, down_series)
        if travel is not None:
            sentences.append(f"Stigande vid {row['name']}: {travel_time_sentence(str(down['name']), travel)}")
    return tuple(sentences)


def _num(value: float | None) -> float:
    return math.nan if value is None else float(value)


def exercise_warnings(
    stations: pd.DataFrame,
    river: str,
    now: datetime,
    positions: Mapping[str, tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """ÖVNING warnings derived from exercise flows: one per station at ≥ 5-årsflöde.

    The level is the station's band (gul/orange/röd, :data:`hydrology.status.WARNING_LEVEL_BANDS`);
    the kommuner are those along the station's watercourse from the station's kommun to the sea
    (continuing down the main stem below a tributary's mouth). ``positions`` gives station id →
    (latitude, longitude) [WGS84] to find the station's kommun; without it the whole watercourse counts.
    """
    level_info = {word: (rank, label) for word, rank, label in WARNING_LEVELS.values()}
    rows = []
    for row in stations.itertuples(index=False):
        status = status_by_key(row.status_key)
        if status.warning_level is None:
            continue
        rank, label = level_info[status.warning_level]
        place = place_name(row.watercourse, row.name, river)
        codes = _downstream_kommuner(river, row.watercourse, (positions or {}).get(row.station_id))
        rows.append(
            {
                "warning_id": f"OVN-{row.station_id}",
                "event_code": "HIGH_FLOW",
                "event_sv": "Höga flöden",
                "level": status.warning_level,
                "level_rank": rank,
                "level_sv": f"{label} ({EXERCISE_MARK})",
                "area_name_sv": f"{EXERCISE_MARK}: {place}",
                "description_sv": f"{EXERCISE_MARK}: Höga flöden ({status.label_sv}, härlett ur övningsflödet)",
                "details_sv": "",
                "lan_codes": tuple(dict.fromkeys(r[5] for r in read_river_kommuner() if r[4] in codes)),
                "kommun_codes": codes,
                "systems": (river,),
                "matched_by": "övning",
                "valid_from_utc": row.time_utc,
                "valid_to_utc": pd.NaT,
                "published_utc": pd.Timestamp(now),
                "area_geojson": None,
            }
        )
    if not rows:
        return empty_warnings_frame()
    frame = with_warning_dtypes(pd.DataFrame(rows, columns=list(WARNING_COLUMNS)))
    return frame.sort_values("level_rank", ascending=False, kind="stable").reset_index(drop=True)


def _downstream_kommuner(
    river: str, watercourse: str | None, position: tuple[float, float] | None
) -> tuple[str, ...]:
    table = read_river_kommuner()
    course = watercourse if watercourse in watercourse_names() else river
    along = [r for r in table if r[0] == river and r[1] == course]
    if not along:
        along = [r for r in table if r[0] == river and r[1] == river]
    here = set()
    if position is not None:
        point = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [position[1], position[0]]}}
        here = kommuner_in_geometry(point)
    start = next((i for i, r in enumerate(along) if r[4] in here), 0)
    codes = [r[4] for r in along[start:]]
    # Below a tributary's mouth kommun, continue down the river it joins, and so on to the main stem
    # (Flåsjöån → Fjällsjöälven → Ångermanälven).
    parents = read_rivers().set_index("river")["flows_into"].to_dict()
    current = course
    for _ in range(len(parents)):  # a bound: a cyclic table cannot loop forever
        if current == river or not codes:
            break
        current = parents.get(current) or river
        below = [r[4] for r in table if r[0] == river and r[1] == current]
        if codes[-1] in below:  # the mouth kommun lies on the river joined: go on down it
            codes += below[below.index(codes[-1]) + 1 :]
    return tuple(dict.fromkeys(codes))


def headline_candidates(stations: pd.DataFrame, warnings: pd.DataFrame, river: str) -> list[HeadlineCandidate]:
    """The main-stem stations with a known status, and the high-flow warnings in force (yellow and up)."""
    candidates = []
    for row in stations[stations["decides"].astype(bool) & (stations["status_rank"] >= 0)].itertuples(index=False):
        status = _status_of_row(pd.Series(row._asdict()))
        flow = format_flow_m3s(float(row.discharge_m3s))
        candidates.append(HeadlineCandidate(status, f"{row.name}: {flow}, {status.label_sv}", "station", str(row.name)))
    for row in warnings.itertuples(index=False):
        status = WARNING_STATUSES.get(row.level)
        if status is None:
            continue
        label = str(row.level_sv).split(" (")[0]  # "Orange varning (ÖVNING)" → the level word
        candidates.append(HeadlineCandidate(status, f"{label} från SMHI: {row.area_name_sv}", "warning"))
    return candidates


def dam_failure_candidate(dams: Collection[str] = ()) -> HeadlineCandidate:
    """The headline input of a declared dam failure, e.g. "Dammbrott vid Hällbydammen (händelse i
    Älvläget)"; ``dams`` are the failed dams' names (empty: the river only)."""
    where = " och ".join(dams)
    text = f"Dammbrott vid {where} (händelse i Älvläget)" if where else "Dammbrott i älven (händelse i Älvläget)"
    return HeadlineCandidate(DAM_FAILURE, text, "event")


def decide_headline(candidates: list[HeadlineCandidate]) -> HeadlineCandidate | None:
    """The worst candidate; on equal rank a warning or an owner report before a station, then the
    station furthest downstream (the candidates come from source to sea)."""
    best = None
    for candidate in candidates:
        if best is None or candidate.status.rank > best.status.rank or (
            candidate.status.rank == best.status.rank and (best.kind == "station")
        ):
            best = candidate
    return best


def early_signs(stations: pd.DataFrame) -> tuple[str, ...]:
    """Tributary and headwater gauges over MHQ or rising: ``"Ankarvattnet: ▲ Över MHQ, stigande 3,0 m³/s
    per timme"``. They never decide the headline alone, but a rise there reaches the main stem later."""
    signs = []
    for row in stations[~stations["decides"].astype(bool)].itertuples(index=False):
        high = row.status_rank >= OVER_MHQ.rank
        if not high and row.trend != RISING:
            continue
        parts = [f"{row.status_symbol} {row.status_sv}"] if high else []
        if row.trend == RISING:
            parts.append(trend_phrase(row.trend, None, None if pd.isna(row.rate_m3s_per_hour) else row.rate_m3s_per_hour))
        signs.append(f"{row.name}: {', '.join(parts)}")
    return tuple(signs)


def build_river_situations(
    observations,
    statistics: Mapping[str, FlowStatistics],
    warnings: pd.DataFrame | None,
    now: datetime,
    rivers: tuple[str, ...] | None = None,
    dam_failure_rivers: Mapping[str, Collection[str]] | Collection[str] = (),
    extra_candidates: Mapping[str, list[HeadlineCandidate]] | None = None,
    rows: Mapping[str, pd.DataFrame] | None = None,
    travel: Mapping[str, tuple[str, ...]] | None = None,
) -> list[RiverSituation]:
    """One :class:`RiverSituation` per river, in the app's river order.

    Parameters
    ----------
    observations : :class:`sources.river_data.RiverObservations` (one river or all).
    statistics : station id → :class:`FlowStatistics` (stations without statistics get "Okänd").
    warnings : the warnings frame from :func:`sources.smhi_warnings.get_warnings`; None when they
        could not be fetched. Ignored in exercise mode, where ÖVNING warnings are derived instead.
    now : the current time [UTC] (scenario time in exercise mode) for ages and "in force".
    rivers : which rivers to summarise (default: the observed river, or all three).
    extra_candidates : river → further :class:`HeadlineCandidate` (e.g. dam owners' reported spill)
        weighed with the main-stem stations and the warnings for the headline.
    dam_failure_rivers : river systems with an active dam failure (declared events), or river → names of
        the failed dams: the failure decides the river's headline (:data:`hydrology.status.DAM_FAILURE`),
        rises are given in m³/s per hour and no day-scale travel sentences are made.
    rows : river → its :func:`station_rows` already computed from the same data (at any moment: their
        ages are counted to ``now`` here, :func:`with_ages`), so a caller that keeps them per data change
        does not recompute statuses and trends each minute. Rivers missing here are computed.
    travel : river → its :func:`travel_sentences` already computed from the same data (they do not
        depend on ``now``). Rivers missing here are computed.
    """
    if rivers is None:
        rivers = (observations.river,) if observations.river else RIVER_SYSTEMS
    exercise = observations.origin is DataOrigin.EXERCISE
    in_force = warnings_in_force(warnings, now) if warnings is not None and not exercise else empty_warnings_frame()
    positions = {
        str(r.station_id): (float(r.latitude), float(r.longitude))
        for r in observations.stations.itertuples(index=False)
        if pd.notna(getattr(r, "latitude", None)) and pd.notna(getattr(r, "longitude", None))
    }
    situations = []
    for river in rivers:
        known = (rows or {}).get(river)
        stations = with_ages(known, now) if known is not None else station_rows(observations, statistics, river, now)
        if exercise:
            river_warnings = exercise_warnings(stations, river, now, positions)
        else:
            mask = in_force["systems"].map(lambda systems, r=river: r in systems)
            river_warnings = in_force[mask.astype(bool)].reset_index(drop=True)
        # Worst warning first, each warning's kommuner from source to sea.
        codes = dict.fromkeys(code for codes in river_warnings["kommun_codes"] for code in codes)
        kommuner = tuple(kommun_name(code) for code in codes)
        candidates = headline_candidates(stations, river_warnings, river)
        candidates += list((extra_candidates or {}).get(river, []))
        if river in dam_failure_rivers:
            dams = dam_failure_rivers[river] if isinstance(dam_failure_rivers, Mapping) else ()
            candidates.append(dam_failure_candidate(dams))
        decider = decide_headline(candidates)
        worst = decider.status if decider is not None else UNKNOWN
        worst_station = decider.name if decider is not None else ""
        decided_by = decider.text_sv if decider is not None else NO_MAIN_STEM_VALUES_SV
        deciding = stations[stations["decides"].astype(bool)]
        times = stations["time_utc"].dropna()
        situations.append(
            RiverSituation(
                river=river,
                stations=stations,
                worst_status=worst,
                worst_station=worst_station,
                above_thresholds=tuple(stations.loc[stations["status_rank"] >= OVER_MHQ.rank, "name"]),
                rising=tuple(stations.loc[stations["trend"] == RISING, "name"]),
                falling=tuple(stations.loc[stations["trend"] == FALLING, "name"]),
                warnings=river_warnings,
                kommuner=kommuner,
                freshest_utc=times.max().to_pydatetime() if len(times) else None,
                stalest_utc=times.min().to_pydatetime() if len(times) else None,
                origin=observations.origin,
                sentence_sv=river_sentence(river, deciding, per_hour=river in dam_failure_rivers),
                errors_sv={
                    str(stations.loc[stations["station_id"] == sid, "name"].iloc[0]): text
                    for sid, text, quiet in zip(
                        stations["station_id"], stations["error_sv"], stations["no_recent_values"], strict=True)
                    if text and not quiet
                },
                travel_sv=() if river in dam_failure_rivers else (
                    (travel or {})[river] if river in (travel or {}) else travel_sentences(observations, stations, river)),
                dam_failure=river in dam_failure_rivers,
                decided_by_sv=decided_by,
                early_signs_sv=early_signs(stations),
            )
        )
    return situations


def _iso(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return pd.Timestamp(value).isoformat()


def _json_number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def situation_to_dict(situation: RiverSituation) -> dict:
    """A JSON-ready dict of a situation for snapshots and templates (times ISO 8601 UTC).

    Exercise situations carry ``"marking": "ÖVNING"`` and their sentence starts with "ÖVNING: ", so
    no template can show them unmarked.
    """
    exercise = situation.is_exercise
    stations = []
    for row in situation.stations.itertuples(index=False):
        stations.append(
            {
                "station_id": row.station_id,
                "name": row.name,
                "watercourse": row.watercourse,
                "discharge_m3s": _json_number(row.discharge_m3s),
                "time_utc": _iso(row.time_utc),
                "age_min": _json_number(row.age_min),
                "quality": row.quality,
                "status": {"key": row.status_key, "label_sv": row.status_sv, "symbol": row.status_symbol,
                           "colour": row.status_colour, "rank": int(row.status_rank)},  # fmt: skip
                "trend": row.trend,
                "change_24h_m3s": _json_number(row.change_24h_m3s),
                "percent_per_day": _json_number(row.percent_per_day),
                "rate_m3s_per_hour": _json_number(row.rate_m3s_per_hour),
                "mq_m3s": _json_number(row.mq_m3s),
                "mhq_m3s": _json_number(row.mhq_m3s),
                "hq10_m3s": _json_number(row.hq10_m3s),
                "hq50_m3s": _json_number(row.hq50_m3s),
                "hq100_m3s": _json_number(row.hq100_m3s),
                "peak_m3s": _json_number(row.peak_m3s),
                "peak_time_utc": _iso(row.peak_time_utc),
                "error_sv": row.error_sv,
                "role": row.role,
                "decides": bool(row.decides),
                "stats_years": int(row.stats_years),
                "stats_caveat_sv": row.stats_caveat_sv,
                "no_recent_values": bool(row.no_recent_values),
                "listing_note_sv": row.listing_note_sv,
            }
        )
    warnings = [
        {
            "warning_id": row.warning_id,
            "level": row.level,
            "level_sv": row.level_sv,
            "event_sv": row.event_sv,
            "area_name_sv": row.area_name_sv,
            "description_sv": row.description_sv,
            "kommuner": [kommun_name(code) for code in row.kommun_codes],
            "valid_from_utc": _iso(row.valid_from_utc),
            "valid_to_utc": _iso(row.valid_to_utc),
        }
        for row in situation.warnings.itertuples(index=False)
    ]
    worst = situation.worst_status
    return {
        "river": situation.river,
        "origin": situation.origin.value,
        "marking": EXERCISE_MARK if exercise else "",
        "sentence_sv": f"{EXERCISE_MARK}: {situation.sentence_sv}" if exercise else situation.sentence_sv,
        "worst_status": {"key": worst.key, "label_sv": worst.label_sv, "symbol": worst.symbol,
                         "colour": worst.colour, "rank": worst.rank},  # fmt: skip
        "worst_station": situation.worst_station,
        "above_thresholds": list(situation.above_thresholds),
        "rising": list(situation.rising),
        "falling": list(situation.falling),
        "warnings": warnings,
        "kommuner": list(situation.kommuner),
        "freshest_utc": _iso(situation.freshest_utc),
        "stalest_utc": _iso(situation.stalest_utc),
        "stations": stations,
        "errors_sv": dict(situation.errors_sv),
        "travel_sv": list(situation.travel_sv),
        "dam_failure": situation.dam_failure,
        "decided_by_sv": situation.decided_by_sv,
        "early_signs_sv": list(situation.early_signs_sv),
    }
