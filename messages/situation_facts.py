"""Draft facts from the current data: the river situation (preferred) or the raw observations.

:func:`facts_from_situation` takes helper B's :class:`hydrology.situation.RiverSituation`:
flows with their times, status words (Swedish and English), trends, SMHI warnings in force and
their kommuner.
:func:`facts_from_observations` takes helper A's :class:`sources.river_data.RiverObservations`
alone (no statistics, no warnings): status words stay empty and the templates say the warnings
are unknown rather than claim there are none.

Every station's latest flow carries its own time and the publisher: ``SMHI``, or ``ÖVNING``
for scenario data.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from datetime import UTC, datetime

import pandas as pd

from directory.actors import read_actor_directory
from geodata.river_kommuner import kommun_name
from hydrology.situation import RiverSituation, status_phrase, status_phrase_en
from hydrology.status import status_by_key
from hydrology.trend import FALLING, RISING, STEADY, TrendInputError, compute_trend
from messages.facts import DamFact, DraftFacts, EventFact, KommunFact, StationFact, WarningFact
from sources.models import SMHI_SOURCE_NAME, DataOrigin
from sources.river_data import RiverObservations

EXERCISE_SOURCE = "ÖVNING"
TREND_EN = {RISING: "rising", FALLING: "falling", STEADY: "steady"}


def kommuner_along(river: str) -> tuple[KommunFact, ...]:
    """The kommuner on the river's watercourses (actor directory), source to sea."""
    return tuple(KommunFact(k.kommun, k.kommun_kod) for k in read_actor_directory().kommuner_on([river]))


def _trend_words(obs: RiverObservations, station_id: str) -> tuple[str, str]:
    series = obs.discharge_15min.get(station_id)
    if series is None or series.empty:
        series = obs.daily.get(station_id)
    if series is None or series.empty:
        return "", ""
    try:
        trend = compute_trend(series)
    except TrendInputError:
        return "", ""
    if trend.direction not in TREND_EN:
        return "", ""
    return trend.direction, TREND_EN[trend.direction]


def facts_from_observations(
    obs: RiverObservations,
    river: str,
    *,
    actors: Iterable[str] = (),
    kommuner: Iterable[KommunFact] | None = None,
    now: datetime | None = None,
) -> DraftFacts:
    """The facts for a new draft about ``river`` from ``obs`` (stations without a value are left out).

    Parameters
    ----------
    obs : observations of ``river`` (or of all rivers; other rivers' stations are ignored).
    actors : the organisations behind the text.
    kommuner : the kommuner concerned; default every kommun along the river.
    now : compilation time [UTC] (default: now).
    """
    is_exercise = obs.origin is DataOrigin.EXERCISE
    source = EXERCISE_SOURCE if is_exercise else SMHI_SOURCE_NAME
    latest = obs.latest.set_index("station_id") if not obs.latest.empty else pd.DataFrame()
    stations: list[StationFact] = []
    for row in obs.stations.itertuples(index=False):
        if row.river != river or row.station_id not in latest.index:
            continue
        value = latest.loc[row.station_id]
        discharge = float(value["discharge_m3s"])
        if not math.isfinite(discharge):
            continue
        trend_sv, trend_en = _trend_words(obs, row.station_id)
        stations.append(
            StationFact(
                name=str(row.name),
                discharge_m3s=discharge,
                time_utc=pd.Timestamp(value["time_utc"]).to_pydatetime(),
                source=source,
                trend_sv=trend_sv,
                trend_en=trend_en,
                station_id=str(row.station_id),
            )
        )
    return DraftFacts(
        river=river,
        compiled_at_utc=now or datetime.now(UTC),
        stations=tuple(stations),
        kommuner=tuple(kommuner) if kommuner is not None else kommuner_along(river),
        actors=tuple(actors),
        is_exercise=is_exercise,
        origin=obs.origin.value,
    )


#: Situation warning levels (SMHI's Swedish words) → :data:`messages.facts.WARNING_LEVELS` keys.
#: ``"meddelande"`` (an information message, not a warning) has no CAP severity and is left out.
_LEVELS_FROM_SV = {"gul": "yellow", "orange": "orange", "röd": "red"}


def _flow_or_none(value) -> float | None:
    """A statistic [m³/s] as a plain float, None when missing or not positive."""
    if value is None or pd.isna(value) or float(value) <= 0:
        return None
    return float(value)


def _utc(value) -> datetime | None:
    if value is None or pd.isna(value):  # pd.NaT is a datetime too
        return None
    return pd.Timestamp(value).to_pydatetime().astimezone(UTC)


def facts_from_situation(
    situation: RiverSituation,
    *,
    warnings_checked_at_utc: datetime | None,
    actors: Iterable[str] = (),
    now: datetime | None = None,
) -> DraftFacts:
    """The facts for a new draft from helper B's :class:`hydrology.situation.RiverSituation`.

    Status words are B's phrases in both languages ("i nivå med ett 10-årsflöde" / "at the level
    of a 10-year flow"); empty for a station without statistics. The kommuner are those of the
    warnings in force (SCB codes), or every kommun along the river when no warning names any.

    Parameters
    ----------
    warnings_checked_at_utc : when SMHI's warnings were read [UTC]; None when they could not be
        read, so that the text says so instead of "no warnings".
    """
    is_exercise = situation.origin is DataOrigin.EXERCISE
    source = EXERCISE_SOURCE if is_exercise else SMHI_SOURCE_NAME
    stations = []
    for row in situation.stations.itertuples(index=False):
        time_utc = _utc(row.time_utc)
        if time_utc is None or pd.isna(row.discharge_m3s):
            continue
        status = status_by_key(row.status_key)
        caveat = getattr(row, "stats_caveat_sv", "") or ""
        caveat_en = f" (uncertain statistics, {int(row.stats_years)} years)" if caveat else ""
        stations.append(
            StationFact(
                name=str(row.name),
                discharge_m3s=float(row.discharge_m3s),
                time_utc=time_utc,
                source=source,
                status_sv="" if status.key == "unknown" else status_phrase(status) + (f" ({caveat})" if caveat else ""),
                status_en="" if status.key == "unknown" else status_phrase_en(status) + caveat_en,
                trend_sv=row.trend if row.trend in TREND_EN else "",
                trend_en=TREND_EN.get(row.trend, ""),
                station_id=str(row.station_id),
                mq_m3s=_flow_or_none(getattr(row, "mq_m3s", None)),
                mhq_m3s=_flow_or_none(getattr(row, "mhq_m3s", None)),
            )
        )
    warnings = []
    codes: list[str] = []
    for row in situation.warnings.itertuples(index=False):
        level = _LEVELS_FROM_SV.get(str(row.level))
        valid_from = _utc(row.valid_from_utc)
        if level is None or valid_from is None:
            continue
        codes.extend(str(code) for code in row.kommun_codes)
        warnings.append(
            WarningFact(
                level=level,
                event_sv=str(row.event_sv),
                area=str(row.area_name_sv),
                valid_from_utc=valid_from,
                source=source,
                event_en="High flows" if str(row.event_sv).lower().startswith("höga flöden") else "",
                valid_to_utc=_utc(row.valid_to_utc),
                warning_id=str(row.warning_id),
            )
        )
    along = kommuner_along(situation.river)
    names = {k.code: k.name for k in along}
    kommuner = (
        tuple(KommunFact(names.get(code) or kommun_name(code), code) for code in dict.fromkeys(codes))
        if codes
        else along
    )
    return DraftFacts(
        river=situation.river,
        compiled_at_utc=now or datetime.now(UTC),
        stations=tuple(stations),
        warnings=tuple(warnings),
        warnings_checked_at_utc=warnings_checked_at_utc,
        warnings_source=source,
        kommuner=kommuner,
        actors=tuple(actors),
        is_exercise=is_exercise,
        origin=situation.origin.value,
    )


def draft_facts_for(
    situation: RiverSituation,
    *,
    warnings_checked: bool,
    now: datetime,
    dams: tuple[DamFact, ...],
    event: EventFact | None,
    is_exercise: bool,
    scenario: str | None,
) -> DraftFacts:
    """The facts for a new draft on ``situation``'s river at ``now`` [UTC]: its figures, the dam owners'
    ``dams`` and the declared ``event``. In exercise mode (``is_exercise``) the facts are ÖVNING even
    when the figures happen to be live, and ÖVNING facts name the exercise ``scenario`` (its id) as the
    figures' source for the exports; ``warnings_checked`` when SMHI's warnings were read at ``now``."""
    facts = facts_from_situation(situation, warnings_checked_at_utc=now if warnings_checked else None, now=now)
    facts = dataclasses.replace(facts, dams=dams, event=event)
    if is_exercise and not facts.is_exercise:
        facts = dataclasses.replace(facts, is_exercise=True, warnings_source="ÖVNING")
    if facts.is_exercise:
        facts = dataclasses.replace(facts, scenario=scenario)
    return facts
