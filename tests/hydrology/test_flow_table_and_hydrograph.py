"""The Flöden page's pure builders: the station table, its CSV, and the hydrograph figure."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import pandas as pd

from hydrology.flow_table import FLOW_TABLE_COLUMNS, build_flow_table, flow_table_csv
from hydrology.hydrograph import StationCurves, build_hydrograph, build_week_hydrograph
from hydrology.statistics import FlowStatistics

NOW = datetime(2026, 5, 20, 10, 0, tzinfo=UTC)


def station_row(**overrides) -> dict:
    row = {
        "station_id": "2238", "name": "Sorsele", "watercourse": "Vindelälven", "order": 6.0,
        "discharge_m3s": 812.0, "time_utc": pd.Timestamp("2026-05-20 09:45", tz="UTC"), "age_min": 15.0,
        "quality": "O", "status_key": "over_mhq", "status_sv": "över MHQ", "status_symbol": "▲",
        "status_colour": "#c60", "status_rank": 3, "trend": "stigande", "change_24h_m3s": 64.0,
        "percent_per_day": 8.6, "rate_m3s_per_hour": 2.7, "mq_m3s": 100.0, "mhq_m3s": 700.0,
        "hq10_m3s": 1000.0, "hq50_m3s": 1300.0, "hq100_m3s": 1450.0, "error_sv": "",
    }
    row.update(overrides)
    return row


def daily(values: list[float]) -> pd.DataFrame:
    times = pd.date_range(end=NOW, periods=len(values), freq="D", tz="UTC")
    return pd.DataFrame({"time_utc": times, "discharge_m3s": values, "quality": ["O"] * len(values)})


def test_flow_table_row_shows_local_time_status_level_and_trend():
    rows = pd.DataFrame([station_row()])
    levels = {"2238": pd.DataFrame({"time_utc": [NOW], "level_cm": [341.0], "quality": ["O"]})}
    table = build_flow_table(rows, levels, {"2238": daily([float(v) for v in range(40)])})
    assert list(table.columns) == list(FLOW_TABLE_COLUMNS)
    row = table.iloc[0]
    assert row["Station"] == "Sorsele"
    assert row["Status"] == "▲ över MHQ"
    assert row["Flöde [m³/s]"] == 812.0
    assert row["Vattenstånd [cm]"] == 341.0
    assert row["Tid"] == pd.Timestamp("2026-05-20 11:45")  # CEST = UTC+2
    assert row["Kvalitet"] == "O – okontrollerad"
    assert row["Trend 30 dygn"] == [float(v) for v in range(10, 40)]
    assert row["Anmärkning"] == ""


def test_flow_table_station_without_data_says_why_in_its_own_row():
    rows = pd.DataFrame(
        [station_row(), station_row(station_id="2237", name="Granåker", discharge_m3s=math.nan, time_utc=pd.NaT,
                                    age_min=math.nan, quality=None, error_sv="SMHI svarade med fel 500")]
    )
    table = build_flow_table(rows, {}, {})
    granaker = table.set_index("Station").loc["Granåker"]
    assert granaker["Status"] == "– inget värde"
    assert granaker["Anmärkning"] == "SMHI svarade med fel 500"
    assert pd.isna(granaker["Tid"])
    assert table.set_index("Station").loc["Sorsele", "Anmärkning"] == ""


def test_flow_table_csv_names_source_and_time_and_keeps_swedish_letters():
    table = build_flow_table(pd.DataFrame([station_row()]), {}, {})
    text = flow_table_csv(table, "Umeälven", NOW).decode("utf-8")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0] == "# Umeälven: SMHI Hydrologiska observationer (CC BY 4.0), hämtat 2026-05-20 12:00 svensk tid"
    assert lines[1].startswith("Station;Vattendrag;Status;Flöde [m³/s]")
    assert "Trend 30 dygn" not in lines[1]
    assert lines[2].startswith("Sorsele;Vindelälven;▲ över MHQ;812,0;")



def test_flow_table_csv_of_exercise_data_is_marked_and_names_the_scenario():
    table = build_flow_table(pd.DataFrame([station_row()]), {}, {})
    text = flow_table_csv(table, "Umeälven", NOW, exercise_scenario="Vårflod i alla tre älvarna").decode("utf-8")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0] == "# ÖVNING — ÖVNING — ÖVNING: inte verkliga flöden"
    assert lines[1] == ("# Umeälven: övningsdata ur scenariot ”Vårflod i alla tre älvarna”, "
                        "scenariotid 2026-05-20 12:00 svensk tid")
    assert "SMHI" not in "\n".join(lines[:2])
    assert lines[2].startswith("Märkning;Station;")
    assert lines[3].startswith("ÖVNING;Sorsele;")


def test_flow_table_csv_of_cached_data_says_it_is_the_last_copy():
    table = build_flow_table(pd.DataFrame([station_row()]), {}, {})
    first = flow_table_csv(table, "Umeälven", NOW, cached=True).decode("utf-8").lstrip("\ufeff").splitlines()[0]
    assert first == ("# Umeälven: SMHI Hydrologiska observationer (CC BY 4.0), sparad kopia (SMHI ej nåbart), "
                     "hämtad 2026-05-20 12:00 svensk tid")

def test_hydrograph_marks_provisional_values_and_draws_in_local_time():
    frame = daily([100.0, 110.0, 120.0])
    frame.loc[0, "quality"] = "G"
    fig = build_hydrograph([StationCurves(name="Sorsele", daily=frame)], "7d", NOW)
    names = [trace.name for trace in fig.data]
    assert names == ["Sorsele – dygnsmedel", "Sorsele – ej slutgranskat (dygnsmedel)"]
    assert list(fig.data[1].y) == [110.0, 120.0]
    assert pd.Timestamp(fig.data[0].x[-1]) == pd.Timestamp("2026-05-20 12:00")
    assert fig.data[0].customdata[0] == "18 maj kl. 12.00<br><b>100 m³/s</b><br>SMHI dygnsmedel, kvalitet G"
    # Swedish day ticks on the axis (plotly itself would write "May 19").
    assert list(fig.layout.xaxis.ticktext) == ["14 maj", "15 maj", "16 maj", "17 maj", "18 maj", "19 maj", "20 maj"]


def test_week_hydrograph_for_laget_has_swedish_days_and_the_mhq_line():
    frame = daily([100.0, 110.0, 120.0])
    stats = FlowStatistics("2238", 60.0, 20.0, 300.0, math.nan, None)
    fig = build_week_hydrograph(frame, NOW, stats)
    assert list(fig.data[0].y) == [100.0, 110.0, 120.0]
    assert all(text.endswith("maj") for text in fig.layout.xaxis.ticktext) and len(fig.layout.xaxis.ticktext) <= 4
    assert fig.layout.annotations[0].text == "MHQ 300 m³/s"
    assert fig.layout.showlegend is False


def test_hydrograph_long_range_puts_archive_behind_and_window_limits_it():
    archive = pd.DataFrame(
        {
            "date": [date(2026, 5, 20) - timedelta(days=d) for d in range(800, -1, -1)],
            "discharge_m3s": [50.0] * 801,
            "quality": ["G"] * 801,
        }
    )
    fig = build_hydrograph([StationCurves(name="Sorsele", archive=archive)], "1y", NOW)
    assert [trace.name for trace in fig.data] == ["Sorsele – arkiv (dygn)"]
    assert len(fig.data[0].x) == 366
    assert fig.data[0].opacity == 0.45


def test_hydrograph_of_two_stations_draws_no_thresholds():
    curves = [StationCurves(name="Sorsele", daily=daily([1.0, 2.0])), StationCurves(name="Granåker", daily=daily([3.0]))]
    fig = build_hydrograph(curves, "30d", NOW, statistics=None)
    assert fig.layout.annotations == ()
    assert fig.layout.title.text == "Vattenföring, senaste 30 dygn (svensk tid)"


def test_a_station_new_in_smhis_listing_is_flagged_for_review():
    rows = pd.DataFrame([station_row(), station_row(station_id="9999", name="Ny station", order=math.nan)])
    table = build_flow_table(rows, {}, {}, new_station_ids=frozenset({"9999"}))
    notes = table.set_index("Station")["Anmärkning"]
    assert notes["Ny station"] == "Ny i SMHI:s stationslista – läget längs älven är ännu inte granskat"
    assert notes["Sorsele"] == ""


def test_flow_table_gives_the_rise_in_m3s_per_hour_and_the_listing_note():
    rows = pd.DataFrame([station_row(listing_note_sv="finns inte längre i SMHI:s stationslista (senast sedd kl. 14.05)",
                                     discharge_m3s=math.nan, time_utc=pd.NaT, age_min=math.nan)])
    row = build_flow_table(rows, {}, {}).iloc[0]
    assert row["Stigning [m³/s per timme]"] == 2.7
    assert row["Anmärkning"] == "finns inte längre i SMHI:s stationslista (senast sedd kl. 14.05)"


def test_hydrograph_title_says_when_the_statistics_rest_on_a_short_archive():
    from hydrology.statistics import FlowStatistics

    short = FlowStatistics("2133", 485.0, 150.0, 1700.0, 1800.0, None, {}, "otillräckligt underlag", "", 3)
    fig = build_hydrograph([StationCurves(name="Sollefteå", daily=daily([500.0, 510.0]))], "7d", NOW, short)
    assert fig.layout.title.text == "Vattenföring, senaste 7 dygn (svensk tid) – osäker statistik (3 år)"
