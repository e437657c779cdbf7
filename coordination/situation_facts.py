"""Draft facts from the sources' river observations (helper A's :class:`RiverObservations`).

Every station's latest flow comes with its own time and the publisher (``SMHI``, or
``ÖVNING`` for scenario data); the trend words come from :func:`hydrology.trend.compute_trend`.
Status words ("i nivå med ett 10-årsflöde") and SMHI warnings are left empty here until the
river situation (``hydrology/situation.py``) provides them: the templates then say that the
warnings are unknown rather than claim there are none.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import UTC, datetime

import pandas as pd

from coordination.actors import read_actor_directory
from coordination.facts import DraftFacts, KommunFact, StationFact
from hydrology.trend import FALLING, RISING, STEADY, TrendInputError, compute_trend
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
