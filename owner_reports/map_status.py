"""The status of an owner's reported discharge, for the map: against the nearest main-stem station.

A plant has no statistics of its own; the flow it reports passes the main stem, so it is compared with
the statistics of the nearest main-stem gauging station of the same river system (straight-line
distance; a tributary or headwater gauge only when the system has no main-stem station with
statistics). The station used is named, so nobody reads more into the colour than it holds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from hydrology.statistics import FlowStatistics
from hydrology.status import FlowStatus, classify_flow
from owner_reports.model import OwnerReport
from owner_reports.plants import Plant, plant_by_name

EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class OwnerMapPoint:
    """One plant's newest report placed and classified for the map.

    ``station_name`` and ``distance_km`` say which station's statistics gave ``status`` (empty/None when
    no station of the system has statistics: the status is then unknown).
    """

    plant: Plant
    report: OwnerReport
    status: FlowStatus
    station_name: str
    distance_km: float | None
    main_stem: bool


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def classify_owner_reports(
    reports: Mapping[str, OwnerReport], stations: pd.DataFrame, statistics: Mapping[str, FlowStatistics]
) -> list[OwnerMapPoint]:
    """Each reported plant with the status of its reported total discharge.

    Parameters
    ----------
    reports : plant → newest report.
    stations : the curated stations (``station_id``, ``name``, ``river``, ``role``, ``latitude``, ``longitude``).
    statistics : station id → statistics from SMHI's corrected archive.
    """
    with_stats = stations[stations["station_id"].astype(str).isin(statistics)]
    points = []
    for report in reports.values():
        plant = plant_by_name(report.plant)
        if plant is None:
            continue
        candidates = with_stats[with_stats["river"] == plant.river]
        main = candidates[candidates["role"] == "main_stem"]
        pool, on_main = (main, True) if not main.empty else (candidates, False)
        if pool.empty:
            points.append(OwnerMapPoint(plant, report, classify_flow(None, None), "", None, False))
            continue
        distances = [
            _distance_km(plant.lat, plant.lon, float(lat), float(lon))
            for lat, lon in zip(pool["latitude"], pool["longitude"], strict=True)
        ]
        nearest = pool.iloc[distances.index(min(distances))]
        status = classify_flow(report.total_m3s, statistics[str(nearest["station_id"])])
        points.append(OwnerMapPoint(plant, report, status, str(nearest["name"]), min(distances), on_main))
    return points
