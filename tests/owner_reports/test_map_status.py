"""An owner's reported discharge against the nearest main-stem station's statistics."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from hydrology.statistics import FlowStatistics
from owner_reports.map_status import classify_owner_reports
from owner_reports.model import Channel, OwnerReport

NOW = datetime(2026, 5, 12, 14, 0, tzinfo=UTC)
STATIONS = pd.DataFrame(
    {
        "station_id": ["A", "B", "C"],
        "name": ["Nära biflöde", "Huvudfåra nedströms", "Långt bort"],
        "river": ["Umeälven", "Umeälven", "Umeälven"],
        "role": ["tributary", "main_stem", "main_stem"],
        "latitude": [63.86, 63.80, 65.0],
        "longitude": [20.05, 20.20, 17.0],
    }
)


def _stats(station_id: str) -> FlowStatistics:
    return FlowStatistics(station_id=station_id, mq_m3s=435, mlq_m3s=100, mhq_m3s=1300, record_m3s=2500,
                          record_date=None, return_period_flows_m3s={10: 1700, 50: 2100})


def _report(total: float, plant: str = "Stornorrfors") -> OwnerReport:
    return OwnerReport(
        id=1, plant=plant, river="Umeälven", reported_at=NOW, total_m3s=total, turbine_m3s=None, spillway_m3s=None,
        upstream_level_m=None, planned=(), comment="", reporter_name="Anna", organisation="Vattenfall AB",
        entered_by="Anna", channel=Channel.FORM, source="", is_exercise=False, received_at=NOW,
    )


def test_the_nearest_main_stem_station_decides_not_a_closer_tributary():
    stats = {"A": _stats("A"), "B": _stats("B"), "C": _stats("C")}
    (point,) = classify_owner_reports({"Stornorrfors": _report(1750)}, STATIONS, stats)
    assert (point.station_name, point.main_stem, point.status.label_sv) == ("Huvudfåra nedströms", True, "≥ 10-årsflöde")
    assert 5 < point.distance_km < 15


def test_without_a_main_stem_station_with_statistics_a_tributary_is_used_and_said():
    (point,) = classify_owner_reports({"Stornorrfors": _report(300)}, STATIONS, {"A": _stats("A")})
    assert (point.station_name, point.main_stem, point.status.label_sv) == ("Nära biflöde", False, "Under MQ")


def test_without_any_statistics_the_status_is_unknown():
    (point,) = classify_owner_reports({"Stornorrfors": _report(300)}, STATIONS, {})
    assert (point.station_name, point.distance_km, point.status.key) == ("", None, "unknown")


def test_owner_headline_candidates_are_current_reports_with_spill():
    from datetime import timedelta

    from owner_reports.headline import owner_deciders
    from owner_reports.model import StaleLimits

    stats = {"B": _stats("B")}
    spilling = _report(1750)
    spilling = spilling.__class__(**{**spilling.__dict__, "spillway_m3s": 600.0})
    turbines_only = _report(1400, plant="Pengfors")
    old = spilling.__class__(**{**spilling.__dict__, "plant": "Harrsele", "reported_at": NOW - timedelta(hours=7)})
    points = classify_owner_reports(
        {"Stornorrfors": spilling, "Pengfors": turbines_only, "Harrsele": old}, STATIONS, stats
    )
    deciders = owner_deciders(points, NOW, StaleLimits(), warning_rivers=["Umeälven"])
    assert [(d.river, d.plant, d.status.label_sv) for d in deciders] == [("Umeälven", "Stornorrfors", "≥ 10-årsflöde")]
    assert deciders[0].text_sv == "Stornorrfors enligt Vattenfall AB: 1\u00a0750 m³/s, varav 600 m³/s genom utskov, ≥ 10-årsflöde"


def test_a_plant_at_its_own_main_stem_gauge_decides_without_spill_a_distant_one_does_not():
    """Kvistforsen's report (turbines only) is the flow SMHI no longer publishes at KVISTFORSENS KRV, at
    the plant: it counts for the headline. Pengfors, 5–15 km from the nearest main-stem gauge, does not."""
    from owner_reports.headline import owner_deciders
    from owner_reports.model import StaleLimits
    from owner_reports.plants import plant_by_name

    kvistforsen = plant_by_name("Kvistforsen")
    stations = pd.concat([STATIONS, pd.DataFrame({
        "station_id": ["K"], "name": ["Kvistforsen"], "river": ["Skellefteälven"], "role": ["main_stem"],
        "latitude": [kvistforsen.lat + 0.002], "longitude": [kvistforsen.lon]})], ignore_index=True)
    at_gauge = _report(480, plant="Kvistforsen")
    at_gauge = at_gauge.__class__(**{**at_gauge.__dict__, "river": "Skellefteälven", "organisation": "Statkraft"})
    far = _report(1400, plant="Pengfors")
    points = classify_owner_reports({"Kvistforsen": at_gauge, "Pengfors": far}, stations,
                                    {"B": _stats("B"), "K": _stats("K")})
    deciders = owner_deciders(points, NOW, StaleLimits(), warning_rivers=[])
    assert [(d.river, d.plant, d.status.label_sv) for d in deciders] == [("Skellefteälven", "Kvistforsen", "Normalt")]
    assert deciders[0].text_sv == "Kvistforsen enligt Statkraft: 480 m³/s, normalt"
