"""The Flöden page against the fake SMHI server (live mode) and in exercise mode."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from coordination.db import make_engine, make_session_factory
from coordination.station_sightings import read_last_seen
from language.sv import format_when
from settings import load_settings
from tests.app_testing import run_page
from tests.fake_smhi.server import Fault


@pytest.fixture
def live_against_fake_smhi(monkeypatch, fake_smhi):
    monkeypatch.setenv("ALVLAGET_MODE", "live")
    monkeypatch.setenv("ALVLAGET_SMHI_HYDROOBS_URL", fake_smhi.hydroobs_url)
    monkeypatch.setenv("ALVLAGET_SMHI_WARNINGS_URL", fake_smhi.warnings_url)
    return fake_smhi


def umealven_page():
    at = run_page("pages/floden.py")
    at.sidebar.selectbox(key="river").set_value("Umeälven").run()
    return at


def test_umealven_stations_listed_source_to_sea_with_latest_flows(live_against_fake_smhi):
    live_against_fake_smhi.set_latest_discharge("2238", 512.0)
    at = umealven_page()
    assert not at.exception, [e.message for e in at.exception]
    table = at.dataframe[0].value
    # Live mode shows SMHI's real stations only, in the curated order from source to sea.
    assert table["Station"].tolist() == [
        "Tängvattnet", "Solberg", "Storjuktan", "Storuman", "Harrsele", "Gautsträsk", "Skirknäs", "Laisvall",
        "Sorsele", "Granåker", "Stornorrfors",
    ]
    sorsele = table.set_index("Station").loc["Sorsele"]
    assert sorsele["Flöde [m³/s]"] == "512"  # shown as Swedish text (a thousand as "1 428")
    assert sorsele["Vattendrag"] == "Vindelälven"
    assert sorsele["Anmärkning"] == ""
    # A watercourse that is the station table's judgement, not a source, says so in the table (issue 16).
    from geodata.stations import read_station_table

    judged = set(read_station_table().query("uncertain")["name"])
    assert {"Tängvattnet", "Solberg", "Storjuktan", "Skirknäs"} <= judged
    for name, watercourse in zip(table["Station"], table["Vattendrag"], strict=True):
        assert watercourse.endswith(" (bedömning, se Om data)") == (name in judged), (name, watercourse)
    assert "Aktuella data från SMHI" in at.sidebar.success[0].value
    # The fetch time in running Swedish: "kl. 14.05" today (never "kl. 30 nov 14.05").
    (fetched,) = [c.value for c in at.caption if c.value.startswith("Äldsta data på sidan hämtades ")]
    assert re.fullmatch(r"Äldsta data på sidan hämtades kl\. \d\d\.\d\d \((under 1 minut|\d+ minuter?) sedan\)\.",
                        fetched), fetched


def test_one_broken_station_gets_its_own_row_and_the_others_still_render(live_against_fake_smhi):
    live_against_fake_smhi.set_fault(Fault(status=500), station="2238")
    at = umealven_page()
    assert not at.exception, [e.message for e in at.exception]
    table = at.dataframe[0].value.set_index("Station")
    assert table.loc["Sorsele", "Anmärkning"] != ""
    assert table.loc["Granåker", "Anmärkning"] == ""
    assert table.loc["Granåker", "Flöde [m³/s]"] != "–"
    assert any("stationer saknar aktuella data" in w.value for w in at.warning)


def test_hydrograph_station_and_range_come_from_and_go_to_the_url(live_against_fake_smhi):
    at = umealven_page()
    at.multiselect(key="hydro-stations").set_value(["2237"]).run()
    assert at.query_params["station"] == "2237"
    assert at.query_params["period"] == "30d"
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = [trace["name"] for trace in figure["data"]]
    assert "Granåker – dygnsmedel" in names
    assert all(name.startswith("Granåker") for name in names)
    assert figure["layout"]["title"]["text"] == "Vattenföring, senaste 30 dygn (svensk tid)"
    assert figure["layout"]["yaxis"]["title"]["text"] == "Vattenföring [m³/s]"
    # One station: its thresholds are drawn as labelled lines.
    labels = [a["text"] for a in figure["layout"].get("annotations", [])]
    assert any(label.startswith("MQ ") for label in labels)
    assert any(label.startswith("HQ100 ") for label in labels)


def test_exercise_mode_marks_the_page(monkeypatch):
    at = run_page("pages/floden.py")
    assert not at.exception, [e.message for e in at.exception]
    assert at.error[0].value.startswith("**ÖVNING** · Allt på sidan är övningsdata")
    assert len(at.dataframe) == 3  # one table per river
    # No fetch time on the real clock beside the scenario's (it once read "kl. 30 nov 21.07", under 1 minute
    # "old" against the scenario's May): the scenario is the source.
    assert not [c.value for c in at.caption if c.value.startswith("Äldsta data på sidan hämtades")]


LOCAL_MODE_NOTICE = "Lokalt läge utan inloggning – bara den här datorn"


def page_notices(at) -> list[str]:
    """The page's own info boxes: the main area only (the shared sidebar's local-mode box is not the page's)."""
    return [box.value for box in at.main.info]


def test_live_umealven_has_its_main_stem_stations_and_no_missing_main_stem_notice(live_against_fake_smhi):
    at = umealven_page()
    assert not at.exception, [e.message for e in at.exception]
    assert page_notices(at) == []
    assert [box.value for box in at.sidebar.info] == [LOCAL_MODE_NOTICE]
    # SMHI's power-station gauges (Storuman, Harrsele, Stornorrfors) are the main stem.
    table = at.dataframe[0].value.set_index("Station")
    assert {"Storuman", "Harrsele", "Stornorrfors"} <= set(table.index)
    assert table.loc[["Storuman", "Harrsele", "Stornorrfors"], "Vattendrag"].tolist() == ["Umeälven"] * 3


def test_exercise_scenario_has_main_stem_stations_and_no_such_notice():
    at = run_page("pages/floden.py")
    assert not at.exception, [e.message for e in at.exception]
    assert page_notices(at) == []
    rivers = ("Ångermanälven", "Umeälven", "Skellefteälven")
    assert [header.value for header in at.main.subheader][:3] == list(rivers)
    for river, table in zip(rivers, at.dataframe[:3], strict=True):
        assert (table.value["Vattendrag"] == river).any(), river


def test_skelleftealven_main_stem_gauges_say_why_there_is_no_value_and_byskealven_is_absent(live_against_fake_smhi):
    at = run_page("pages/floden.py")
    at.sidebar.selectbox(key="river").set_value("Skellefteälven").run()
    assert not at.exception, [e.message for e in at.exception]
    table = at.dataframe[0].value.set_index("Station")
    assert list(table.index) == ["Sädva", "Riebnes", "Storavan", "Strömfors", "Finnfors", "Kvistforsen"]
    for station in ("Storavan", "Finnfors", "Kvistforsen"):
        assert table.loc[station, "Status"] == "– inget värde"
        assert table.loc[station, "Anmärkning"] == "SMHI publicerar inga aktuella värden här – se ägarens rapport"
    assert table.loc["Strömfors", "Flöde [m³/s]"] != "–"
    # No value is "–" in every column (the grid would write "None" in an empty cell).
    assert table.loc["Storavan", ["Flöde [m³/s]", "Tid", "Ålder [min]", "Kvalitet"]].tolist() == ["–"] * 4
    assert not at.warning  # the power-station gauges are not failures
    # The hydrograph opens on the first station with a value (on Sädva, without one, it was an empty chart).
    assert at.multiselect(key="hydro-stations").value == [table.loc["Strömfors", "Stations-id"]]


def test_a_station_that_leaves_smhis_listing_stays_in_its_place_with_when_it_was_last_seen(
        live_against_fake_smhi, monkeypatch, tmp_path):  # fmt: skip
    import streamlit as st

    first = umealven_page()  # Laisvall (2414) is listed: the database remembers when it was seen
    assert first.dataframe[0].value.set_index("Station").loc["Laisvall", "Anmärkning"] == ""
    live_against_fake_smhi.set_fault(Fault(removed=True), station="2414")
    # A new HTTP cache and empty page caches: the next run asks SMHI again and finds 2414 gone.
    monkeypatch.setenv("ALVLAGET_CACHE_DIR", str(tmp_path / "second-cache"))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = umealven_page()
    assert not at.exception, [e.message for e in at.exception]
    table = at.dataframe[0].value
    assert table["Station"].tolist() == first.dataframe[0].value["Station"].tolist()  # same place, source to sea
    note = table.set_index("Station").loc["Laisvall", "Anmärkning"]
    # When it was last seen: the first run's listing, as the database keeps it.
    engine = make_engine(load_settings().database_url)
    try:
        seen = read_last_seen(make_session_factory(engine), ["2414"])["2414"]
    finally:
        engine.dispose()
    assert note == f"finns inte längre i SMHI:s stationslista (senast sedd {format_when(seen, datetime.now(UTC))})"
