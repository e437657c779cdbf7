"""The river situation from hand-built observations, statistics and warnings."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hydrology.situation import (
    build_river_situations,
    situation_to_dict,
    station_rows,
    status_phrase,
    status_phrase_en,
    trend_phrase,
    with_ages,
)
from hydrology.statistics import FlowStatistics
from hydrology.status import ALL_STATUSES, DAM_FAILURE, WARNING_STATUSES
from sources.errors import NO_RECENT_VALUES_SV, NoDataError, SourceUnavailable
from sources.models import DataOrigin
from sources.river_data import RiverObservations
from sources.smhi_warnings import parse_warnings

NOW = datetime(2026, 5, 28, 14, 0, tzinfo=timezone.utc)
WARNINGS = Path(__file__).resolve().parents[1] / "fixtures/smhi/warnings/ibww/api/version/1/warning.json"


def _stats(sid: str, mq: float, mhq: float, hq: dict[int, float]) -> FlowStatistics:
    return FlowStatistics(sid, mq, mq / 3, mhq, max(hq.values()) * 1.1, None, hq, "GEV (L-moment)", "", 80)


STATISTICS = {
    "2238": _stats("2238", 120.0, 700.0, {2: 650.0, 5: 800.0, 10: 900.0, 25: 1000.0, 50: 1100.0, 100: 1200.0}),
    "2237": _stats("2237", 190.0, 1000.0, {2: 950.0, 5: 1150.0, 10: 1300.0, 25: 1450.0, 50: 1550.0, 100: 1650.0}),
    "OVN14": _stats("OVN14", 435.0, 1300.0, {2: 1250.0, 5: 1500.0, 10: 1700.0, 25: 1950.0, 50: 2150.0, 100: 2350.0}),
    "1609": _stats("1609", 30.0, 120.0, {2: 110.0, 5: 140.0, 10: 160.0, 25: 185.0, 50: 200.0, 100: 215.0}),
}


def _daily(values: list[float]) -> pd.DataFrame:
    times = pd.date_range(NOW - timedelta(days=len(values) - 1), periods=len(values), freq="1D")
    return pd.DataFrame({"time_utc": times, "discharge_m3s": values, "quality": "O"})


def _observations(origin: DataOrigin = DataOrigin.LIVE) -> RiverObservations:
    stations = pd.DataFrame(
        {
            "station_id": ["2238", "2237", "OVN14", "1609"],
            "name": ["Sorsele", "Granåker", "Stornorrfors", "Strömfors"],
            "river": ["Umeälven", "Umeälven", "Umeälven", "Skellefteälven"],
            "watercourse": ["Vindelälven", "Vindelälven", "Umeälven", "Malån"],
            "order": [6.0, 7.0, 9.0, 2.0],
            "role": ["main_stem", "main_stem", "main_stem", "tributary"],
            "latitude": [65.5418, 64.2396, 63.8524, 65.1292],
            "longitude": [17.5106, 19.6664, 20.0504, 18.9528],
        }
    )
    daily = {
        "2238": _daily([800.0, 850.0, 920.0]),  # ≥ 10-årsflöde, rising 920/850 − 1 = 8.2 % per day
        "2237": _daily([1200.0, 1190.0, 1150.0]),  # ≥ 5-årsflöde, falling
        "OVN14": _daily([1100.0, 1105.0, 1150.0]),  # normal, rising 4.07 %
    }
    latest = pd.DataFrame(
        {
            "station_id": ["2238", "2237", "OVN14"],
            "time_utc": pd.to_datetime([NOW, NOW - timedelta(hours=2), NOW - timedelta(minutes=15)], utc=True),
            "discharge_m3s": [920.0, 1150.0, 1150.0],
            "quality": ["O", "O", "O"],
            "parameter": [1, 1, 1],
        }
    )
    return RiverObservations(
        river=None, stations=stations, latest=latest, daily=daily, discharge_15min={}, level={}, metas={},
        errors={"1609": SourceUnavailable("down", station_id="1609", message_sv="SMHI kunde inte nås för station 1609.")},
        origin=origin, oldest_fetched_at=NOW, banner="",
    )  # fmt: skip


def test_umealven_summary():
    warnings = parse_warnings(WARNINGS.read_bytes())
    umea, skelleftea = build_river_situations(_observations(), STATISTICS, warnings, NOW, rivers=("Umeälven", "Skellefteälven"))  # noqa: E501
    # Sorsele's 10-year flow and SMHI's yellow warning rank alike; SMHI's warning decides.
    assert umea.worst_status.label_sv == "Gul varning"
    assert umea.worst_station == ""
    assert umea.decided_by_sv == "Gul varning från SMHI: Vindelälven"
    assert umea.sentence_sv == (
        "Vindelälven vid Sorsele: 920 m³/s, stigande 2,9 m³/s per timme, i nivå med ett 10-årsflöde.")
    assert umea.above_thresholds == ("Sorsele", "Granåker")
    assert (umea.rising, umea.falling) == (("Sorsele", "Stornorrfors"), ("Granåker",))
    assert list(umea.warnings["warning_id"]) == ["5101-8801"]
    assert umea.kommuner == ("Sorsele", "Lycksele", "Vindeln")
    assert umea.freshest_utc == NOW and umea.stalest_utc == NOW - timedelta(hours=2)
    assert list(umea.stations["status_sv"]) == ["≥ 10-årsflöde", "≥ 5-årsflöde", "Normalt"]
    assert list(umea.stations["age_min"]) == [0.0, 120.0, 15.0]
    assert umea.stations.loc[2, "percent_per_day"] == pytest.approx(45 / 1105 * 100)
    assert list(umea.stations["peak_m3s"]) == [920.0, 1200.0, 1150.0]

    assert skelleftea.worst_status.label_sv == "Okänd"
    assert skelleftea.decided_by_sv == (
        "Ingen station på huvudfåran har aktuella värden från SMHI – se ägarnas rapporter")
    assert skelleftea.sentence_sv == "Skellefteälven: inga aktuella mätvärden på huvudfåran."
    assert skelleftea.errors_sv == {"Strömfors": "SMHI kunde inte nås för station 1609."}
    assert skelleftea.warnings.empty and skelleftea.kommuner == ()


def test_without_warnings_the_worst_main_stem_station_decides():
    (umea,) = build_river_situations(_observations(), STATISTICS, None, NOW, rivers=("Umeälven",))
    assert (umea.worst_status.label_sv, umea.worst_station) == ("≥ 10-årsflöde", "Sorsele")
    assert umea.decided_by_sv == "Sorsele: 920 m³/s, ≥ 10-årsflöde"


def _angermanalven(headwater_flow: float, main_error=None, main_years: int = 80) -> RiverObservations:
    """Ankarvattnet (headwater) with a value; Sollefteå (main stem, KRV) with or without one."""
    stations = pd.DataFrame({
        "station_id": ["1537", "2133"], "name": ["Ankarvattnet", "Sollefteå"],
        "river": ["Ångermanälven"] * 2, "watercourse": ["Faxälven", "Ångermanälven"], "order": [14.0, 18.0],
        "role": ["headwater", "main_stem"], "latitude": [64.8767, 63.1719], "longitude": [14.2202, 17.2655],
    })  # fmt: skip
    rows = [("1537", headwater_flow)] + ([] if main_error else [("2133", 600.0)])
    latest = pd.DataFrame({
        "station_id": [r[0] for r in rows], "time_utc": pd.to_datetime([NOW] * len(rows), utc=True),
        "discharge_m3s": [r[1] for r in rows], "quality": ["O"] * len(rows), "parameter": [2] * len(rows),
    })  # fmt: skip
    return RiverObservations(
        river="Ångermanälven", stations=stations, latest=latest, daily={"1537": _daily([5.0, 5.0, headwater_flow])},
        discharge_15min={}, level={}, metas={}, errors={"2133": main_error} if main_error else {},
        origin=DataOrigin.LIVE, oldest_fetched_at=NOW, banner="",
    )  # fmt: skip


ANGERMAN_STATS = {
    "1537": _stats("1537", 5.0, 40.0, {2: 38.0, 5: 50.0, 10: 58.0, 25: 66.0, 50: 72.0, 100: 78.0}),
    "2133": _stats("2133", 485.0, 1700.0, {2: 1600.0, 5: 2000.0, 10: 2300.0, 25: 2600.0, 50: 2800.0, 100: 3000.0}),
}


def test_an_orange_warning_on_the_main_stem_decides_over_normal_gauges():
    warnings = parse_warnings(WARNINGS.read_bytes())
    (river,) = build_river_situations(_angermanalven(6.0), ANGERMAN_STATS, warnings, NOW, rivers=("Ångermanälven",))
    assert river.worst_status.label_sv == "Orange varning" and river.worst_status.colour == "#F07D00"
    assert river.decided_by_sv == "Orange varning från SMHI: Ångermanälven nedströms Sollefteå"
    assert "Normalt" not in (river.worst_status.label_sv, river.decided_by_sv)
    data = situation_to_dict(river)
    assert data["worst_status"]["key"] == "smhi_orange" and data["decided_by_sv"] == river.decided_by_sv


def test_a_headwater_gauge_never_decides_alone_and_shows_as_an_early_sign():
    no_recent = NoDataError("not found (404)", station_id="2133", not_found=True, message_sv=NO_RECENT_VALUES_SV)
    (river,) = build_river_situations(_angermanalven(45.0, no_recent), ANGERMAN_STATS, None, NOW,
                                      rivers=("Ångermanälven",))
    assert river.worst_status.label_sv == "Okänd"
    assert river.decided_by_sv == (
        "Ingen station på huvudfåran har aktuella värden från SMHI – se ägarnas rapporter")
    assert river.early_signs_sv == ("Ankarvattnet: ▲ Över MHQ, stigande 1,7 m³/s per timme",)  # (45 − 5) / 24 h
    sollefteå = river.stations.set_index("name").loc["Sollefteå"]
    assert sollefteå["status_sv"] == "SMHI publicerar inga aktuella värden här – se ägarens rapport"
    assert bool(sollefteå["no_recent_values"]) and river.errors_sv == {}


def test_short_archive_statistics_are_marked_uncertain_in_the_status_and_sentence():
    short = {**ANGERMAN_STATS, "2133": FlowStatistics("2133", 485.0, 150.0, 1700.0, 1800.0, None, {}, "otillräckligt underlag", "", 3)}
    (river,) = build_river_situations(_angermanalven(6.0), short, None, NOW, rivers=("Ångermanälven",))
    assert river.worst_status.label_sv == "Normalt – osäker statistik (3 år)"
    assert river.sentence_sv.endswith("normalt (mellan MQ och MHQ) – osäker statistik (3 år).")
    sollefteå = river.stations.set_index("name").loc["Sollefteå"]
    assert sollefteå["status_sv"] == "Normalt – osäker statistik (3 år)" and sollefteå["stats_years"] == 3
    assert np.isnan(sollefteå["hq10_m3s"])


def test_ties_go_to_the_station_furthest_downstream_and_steady_wording():
    observations = _observations()
    latest = observations.latest.copy()
    latest["discharge_m3s"] = [200.0, 300.0, 500.0]  # all "Normalt"
    flat = {sid: _daily([v, v, v]) for sid, v in zip(["2238", "2237", "OVN14"], [200.0, 300.0, 500.0], strict=True)}
    observations = RiverObservations(**{**observations.__dict__, "latest": latest, "daily": flat})
    (umea,) = build_river_situations(observations, STATISTICS, None, NOW, rivers=("Umeälven",))
    assert umea.sentence_sv == "Umeälven vid Stornorrfors: 500 m³/s, oförändrat, normalt (mellan MQ och MHQ)."
    assert umea.warnings.empty


def test_exercise_derives_ovning_warnings_and_marks_the_dict():
    (umea,) = build_river_situations(_observations(DataOrigin.EXERCISE), STATISTICS, None, NOW, rivers=("Umeälven",))
    assert list(umea.warnings["warning_id"]) == ["OVN-2238", "OVN-2237"]
    assert list(umea.warnings["level_sv"]) == ["Gul varning (ÖVNING)", "Gul varning (ÖVNING)"]
    assert umea.warnings.loc[0, "area_name_sv"] == "ÖVNING: Vindelälven vid Sorsele"
    # Sorsele lies in Sorsele kommun; the warning runs down Vindelälven and on down Umeälven.
    assert umea.kommuner == ("Sorsele", "Lycksele", "Vindeln", "Vännäs", "Umeå")
    data = situation_to_dict(umea)
    json.dumps(data)
    assert data["marking"] == "ÖVNING"
    assert data["sentence_sv"].startswith("ÖVNING: Vindelälven vid Sorsele: 920 m³/s")
    assert data["warnings"][0]["kommuner"] == ["Sorsele", "Lycksele", "Vindeln", "Vännäs", "Umeå"]
    assert data["stations"][0]["status"] == {
        "key": "hq10", "label_sv": "≥ 10-årsflöde", "symbol": "⚠", "colour": "#F2C200", "rank": 4,
    }  # fmt: skip
    assert data["stations"][0]["time_utc"] == "2026-05-28T14:00:00+00:00"


def test_travel_sentence_from_a_rise_seen_upstream():
    observations = _observations()
    times = pd.date_range(NOW - timedelta(days=59), periods=60, freq="1D")
    wave = [100.0 + 50 * ((i * 7) % 11) for i in range(62)]
    daily = {
        "2238": pd.DataFrame({"time_utc": times, "discharge_m3s": wave[2:], "quality": "O"}),
        "2237": pd.DataFrame({"time_utc": times, "discharge_m3s": [2 * v for v in wave[:60]], "quality": "O"}),
    }
    daily["2238"].loc[59, "discharge_m3s"] = daily["2238"].loc[58, "discharge_m3s"] * 1.5  # rising now
    observations = RiverObservations(**{**observations.__dict__, "daily": daily})
    (umea,) = build_river_situations(observations, STATISTICS, None, NOW, rivers=("Umeälven",))
    assert umea.travel_sv == ("Stigande vid Sorsele: Granåker kan vänta sig denna ökning om cirka 2 dygn.",)
    # With a declared dam failure on the river the event's arrival table says when the wave comes.
    (failing,) = build_river_situations(observations, STATISTICS, None, NOW, rivers=("Umeälven",),
                                        dam_failure_rivers={"Umeälven"})
    assert failing.travel_sv == () and failing.dam_failure and situation_to_dict(failing)["dam_failure"]


def test_rows_and_travel_kept_from_an_earlier_moment_give_the_same_situation_with_ages_to_now():
    """A caller keeps the station rows and travel sentences per data change (the pages' shared loaders):
    the situation a minute later is the one computed from scratch, ages counted to the new moment."""
    observations = _observations()
    later = NOW + timedelta(minutes=7)
    (fresh,) = build_river_situations(observations, STATISTICS, None, later, rivers=("Umeälven",))
    rows = {"Umeälven": station_rows(observations, STATISTICS, "Umeälven", NOW)}
    travel = {"Umeälven": ("Stigande vid Sorsele: kept sentence.",)}
    (kept,) = build_river_situations(observations, STATISTICS, None, later, rivers=("Umeälven",), rows=rows,
                                     travel=travel)
    pd.testing.assert_frame_equal(kept.stations, fresh.stations)
    assert kept.travel_sv == ("Stigande vid Sorsele: kept sentence.",)
    assert situation_to_dict(kept) == {**situation_to_dict(fresh), "travel_sv": list(kept.travel_sv)}


def test_a_declared_dam_failure_decides_the_headline_over_normal_flows_and_warnings():
    observations = _observations()
    (calm,) = build_river_situations(observations, STATISTICS, None, NOW, rivers=("Umeälven",))
    (failing,) = build_river_situations(observations, STATISTICS, None, NOW, rivers=("Umeälven",),
                                        dam_failure_rivers={"Umeälven": ("Stornorrfors",)})
    assert calm.worst_status is not DAM_FAILURE
    assert failing.worst_status is DAM_FAILURE
    assert (failing.worst_status.symbol, failing.worst_status.label_sv) == ("✖", "Dammbrott")
    assert failing.worst_status.rank > max(s.rank for s in (*ALL_STATUSES, *WARNING_STATUSES.values()))
    assert failing.decided_by_sv == "Dammbrott vid Stornorrfors (händelse i Älvläget)"
    assert failing.sentence_sv == calm.sentence_sv  # the flows themselves are still told as measured
    assert situation_to_dict(failing)["worst_status"]["label_sv"] == "Dammbrott"
    # Only the river named: a failure elsewhere leaves this river's headline alone.
    (other,) = build_river_situations(observations, STATISTICS, None, NOW, rivers=("Umeälven",),
                                      dam_failure_rivers={"Ångermanälven": ("Hällbydammen",)})
    assert other.worst_status == calm.worst_status


@pytest.mark.parametrize(
    ("direction", "percent", "rate", "per_hour", "phrase"),
    [
        ("stigande", 4.0, 1.9, False, "stigande 1,9 m³/s per timme"),  # the rate whenever it is known
        ("stigande", 4.0, None, False, "stigande 4 % per dygn"),  # a snapshot from before the rate was kept
        ("stigande", 5952.0, 850.0, False, "stigande 850 m³/s per timme"),  # a wave on a small base flow
        ("stigande", 4.0, 1.9, True, "stigande 1,9 m³/s per timme"),  # a river with a dam failure
        ("sjunkande", -30.0, None, True, "trend okänd"),
    ],
)
def test_trend_phrase_gives_a_rate_per_hour_for_a_wave(direction, percent, rate, per_hour, phrase):
    assert trend_phrase(direction, percent, rate, per_hour=per_hour) == phrase


def test_status_phrases_in_swedish_and_english_side_by_side():
    assert [(status_phrase(s), status_phrase_en(s)) for s in ALL_STATUSES] == [
        ("jämförelse med statistik saknas", "no comparison with statistics available"),
        ("under medelvattenföringen (MQ)", "below the mean flow (MQ)"),
        ("normalt (mellan MQ och MHQ)", "normal (between MQ and MHQ)"),
        ("över medelhögvattenföringen (MHQ)", "above the mean annual high flow (MHQ)"),
        ("i nivå med ett 5-årsflöde", "at the level of a 5-year flow"),
        ("i nivå med ett 10-årsflöde", "at the level of a 10-year flow"),
        ("i nivå med ett 25-årsflöde", "at the level of a 25-year flow"),
        ("i nivå med ett 50-årsflöde", "at the level of a 50-year flow"),
        ("i nivå med ett 100-årsflöde", "at the level of a 100-year flow"),
    ]


def test_a_warning_on_a_tributary_of_a_tributary_runs_down_to_the_sea():
    from hydrology.situation import _downstream_kommuner

    # Flåsjön nedre (1519) lies on Flåsjöån, which joins Fjällsjöälven, which joins Ångermanälven.
    assert _downstream_kommuner("Ångermanälven", "Flåsjöån", (64.1298, 15.9183)) == ("2313", "2283", "2282", "2280")
    assert _downstream_kommuner("Ångermanälven", "Fjällsjöälven", (64.1298, 15.9183)) == (
        "2313", "2283", "2282", "2280")
    assert _downstream_kommuner("Umeälven", "Vindelälven", None)[-2:] == ("2460", "2480")


def test_station_rows_computed_once_serve_any_later_moment_with_their_ages():
    rows = station_rows(_observations(), STATISTICS, "Umeälven", NOW)
    later = NOW + timedelta(minutes=30)
    aged = with_ages(rows, later)
    pd.testing.assert_frame_equal(aged, station_rows(_observations(), STATISTICS, "Umeälven", later))
    assert list(aged["age_min"]) == [30.0, 150.0, 45.0]
    assert list(rows["age_min"]) == [0.0, 120.0, 15.0]  # the shared rows themselves are left as they were
    assert np.isnan(with_ages(station_rows(_observations(), STATISTICS, "Skellefteälven", NOW), later)["age_min"][0])
