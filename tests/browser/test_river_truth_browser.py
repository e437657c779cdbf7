"""The river's true picture in a real browser (issue: main-stem stations, warnings decide, no other rivers).

The fake SMHI answers in SMHI's formats: an orange high-flow warning on Ångermanälven below Sollefteå,
normal flows at the gauges with recent values, the power-station gauges ("… KRV") with an archive
but no recent values, and Byskeälven's KÅTASELET in the listing (inside Skellefteälven's outline).
What each test expects comes from the station table the fake lists (geodata/stations.csv) and the flows
placed in the fake (``_place_flows``), never from figures written here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest

from geodata.stations import read_station_table
from language.sv import format_flow_m3s
from sources.errors import NO_RECENT_VALUES_SV
from tests.browser.conftest import (
    StreamlitServer,
    assert_no_exception_box,
    save_screenshot,
    settle,
    wait_for_app,
)
from tests.fake_smhi.server import archive_only_stations
from tests.pages.test_lage import _place_flows

RIVERS = ("Ångermanälven", "Umeälven", "Skellefteälven")
WARNING = "Orange varning från SMHI: Ångermanälven nedströms Sollefteå"
_TABLE = read_station_table()
_MAIN_STEM = _TABLE[(_TABLE["role"] == "main_stem") & ~_TABLE["exercise_only"]].sort_values("order")
#: The main-stem gauges with a real SMHI id, per river from source to sea: name → station id.
MAIN_STEM = {river: dict(zip(_MAIN_STEM.loc[_MAIN_STEM["river"] == river, "name"],
                             _MAIN_STEM.loc[_MAIN_STEM["river"] == river, "station_id"], strict=True))
             for river in RIVERS}  # fmt: skip
#: The gauges the fake SMHI, like SMHI, lists with an archive but without recent values.
WITHOUT_RECENT = archive_only_stations(_TABLE)
#: Byskeälven's stations in the fake listing (KÅTASELET lies inside Skellefteälven's outline).
BYSKEALVEN = re.compile(r"kåtaselet|byske", re.IGNORECASE)


@pytest.fixture(scope="module")
def _live_server(tmp_path_factory, _fake_smhi_session) -> Iterator[tuple[StreamlitServer, dict[str, float]]]:
    """One live server for the module, and the flows placed in the fake SMHI (station id → m³/s).

    The tests only look at pages, and all want the same SMHI (normal flows, the orange warning below
    Sollefteå); a server's first live run (every station's archive and statistics) is most of a test.
    """
    fake = _fake_smhi_session
    fake.reset()
    folder = tmp_path_factory.mktemp("river-truth")
    smhi = {"ALVLAGET_MODE": "live", "ALVLAGET_SMHI_HYDROOBS_URL": fake.hydroobs_url,
            "ALVLAGET_SMHI_WARNINGS_URL": fake.warnings_url}
    with pytest.MonkeyPatch.context() as patch:  # _place_flows reads the archives as the app would
        for name, value in {**smhi, "ALVLAGET_DATA_DIR": str(folder / "placing")}.items():
            patch.setenv(name, value)
        _place_flows(fake, dict.fromkeys(RIVERS, "Normalt"))
    placed = {sid: fake.latest_discharge(sid) for sid in _TABLE["station_id"] if fake.latest_discharge(sid) is not None}
    env = {name: value for name, value in os.environ.items() if not name.startswith("ALVLAGET_")}
    server = StreamlitServer({**env, **smhi, "ALVLAGET_DATA_DIR": str(folder / "data"), "ALVLAGET_PAGE_WAIT_S": "120"},
                             folder / "streamlit.log")
    try:
        yield server, placed
    finally:
        server.stop()
        fake.reset()


@pytest.fixture
def live_app(_live_server, fake_smhi) -> StreamlitServer:
    """The module's live server, the fake SMHI serving the module's flows (a test elsewhere may have
    reset it in between, as each test's ``fake_smhi`` does)."""
    server, placed = _live_server
    for station_id, flow in placed.items():
        fake_smhi.set_latest_discharge(station_id, flow)
    return server


def _placed_flow(fake_smhi, station_id: str) -> float:
    """The latest discharge the fake SMHI serves for ``station_id`` [m³/s] (placed by ``_place_flows``)."""
    flow = fake_smhi.latest_discharge(station_id)
    assert flow is not None, f"no flow placed for {station_id}"
    return flow


_READ_ROWS_JS = """table => Array.from(table.querySelectorAll('tbody tr')).map(r =>
    [Number(r.getAttribute('aria-rowindex')),
     Object.fromEntries(Array.from(r.querySelectorAll('td')).map(c =>
         [c.getAttribute('aria-colindex'), c.textContent.trim()]))])"""
_LAST_ROW_SHOWN_JS = """table => Array.from(table.querySelectorAll('tbody tr')).some(r =>
    r.getAttribute('aria-rowindex') === table.getAttribute('aria-rowcount'))"""


def _grid_rows(grid) -> dict[str, dict[str, str]]:
    """The data grid's rows as its accessible table gives them: first cell → {column header: cell text}.

    The grid draws on a canvas and keeps an accessible table (role grid) of the cells in view, so its
    scroller is moved to the bottom and the rest read once the last row is there. Cells are the texts
    shown (Flöden's table holds Swedish text: "1 428", "–").
    """
    table = grid.locator('table[role="grid"]')
    table.locator("tbody tr").first.wait_for(state="attached")
    headers = dict(table.locator("thead th").evaluate_all(
        "cells => cells.map(c => [c.getAttribute('aria-colindex'), c.textContent.trim()])"))
    rows: dict[int, dict[str, str]] = {}
    for _ in range(10):
        rows.update({index: {headers.get(col, col): text for col, text in cells.items()}
                     for index, cells in table.evaluate(_READ_ROWS_JS)})
        if table.evaluate(_LAST_ROW_SHOWN_JS):
            break
        grid.locator(".dvn-scroller").first.evaluate("s => { s.scrollTop += s.clientHeight * 0.8; }")
        grid.page.wait_for_function(
            "([table, seen]) => Array.from(table.querySelectorAll('tbody tr')).some(r =>"
            " Number(r.getAttribute('aria-rowindex')) > seen)", arg=[table.element_handle(), max(rows)])
    count = int(table.get_attribute("aria-rowcount")) - 1  # the header row counts
    assert len(rows) == count, (count, sorted(rows))
    return {cells["Station"]: cells for cells in rows.values()}


def _number(cell: str) -> float:
    return float(cell.replace("\u00a0", "").replace(" ", "").replace(",", "."))


def test_lage_angermanalven_card_is_orange_and_names_the_warning(live_app, page, fake_smhi):
    server = live_app
    page.goto(f"{server.url}/lage?alv=Ångermanälven")
    wait_for_app(page, "Läget")
    main = page.locator('[data-testid="stMain"]')
    assert main.get_by_text("⚠⚠ Orange varning", exact=True).count() == 1
    assert main.get_by_text(f"Avgör: {WARNING}", exact=True).count() == 1
    assert main.get_by_text("Normalt", exact=True).count() == 0
    _lage_card_shows_each_main_stem_gauge(page, fake_smhi, "Ångermanälven")
    assert_no_exception_box(page)
    save_screenshot(page, "lage-angermanalven-orange-warning")


def _lage_card_shows_each_main_stem_gauge(page, fake_smhi, river: str) -> dict[str, dict[str, str]]:
    """Open the card's station list; each main-stem gauge is marked and has its flow or the reason for none."""
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("Stationer från källa till hav").first.click()
    settle(page)
    rows = _grid_rows(main.locator('[data-testid="stDataFrame"]').first)
    for name, station_id in MAIN_STEM[river].items():
        cells = rows[name]
        assert cells["Huvudfåra"] == "ja", (name, cells)
        if station_id in WITHOUT_RECENT:
            assert cells["Status"] == f"– {NO_RECENT_VALUES_SV}", (name, cells)
            assert cells["Vattenföring (m³/s)"] == "–", (name, cells)
        else:
            assert cells["Vattenföring (m³/s)"] == format_flow_m3s(_placed_flow(fake_smhi, station_id), unit=False), (
                name, cells)
    assert not [name for name in rows if BYSKEALVEN.search(name)], list(rows)
    return rows


def test_lage_umealven_and_skelleftealven_show_their_main_stem_and_no_byskealven_station(
        live_app, page, fake_smhi):  # fmt: skip
    server = live_app
    for river in ("Umeälven", "Skellefteälven"):
        page.goto(f"{server.url}/lage?alv={river}")
        wait_for_app(page, "Läget")
        _lage_card_shows_each_main_stem_gauge(page, fake_smhi, river)
        assert page.locator('[data-testid="stMain"]').get_by_text(BYSKEALVEN).count() == 0
    assert_no_exception_box(page)


def test_floden_shows_each_main_stem_station_with_its_flow_or_the_reason_and_no_byskealven_station(
        live_app, page, fake_smhi):  # fmt: skip
    server = live_app
    # Wide enough that the grid draws every column, the reason ("Anmärkning", the last) included.
    page.set_viewport_size({"width": 2600, "height": 1000})
    for river in RIVERS:
        page.goto(f"{server.url}/floden?alv={river}")
        wait_for_app(page, "Flöden")
        rows = _grid_rows(page.locator('[data-testid="stDataFrame"]').first)
        for name, station_id in MAIN_STEM[river].items():
            cells = rows[name]
            if station_id in WITHOUT_RECENT:
                assert cells["Anmärkning"] == NO_RECENT_VALUES_SV, (name, cells)
                assert cells["Status"] == "– inget värde", (name, cells)
            else:
                # Flöden shows whole m³/s ("1 428"): the placed flow, rounded.
                assert _number(cells["Flöde [m³/s]"]) == round(_placed_flow(fake_smhi, station_id)), (name, cells)
                assert cells["Anmärkning"] == "", (name, cells)
        assert not [name for name in rows if BYSKEALVEN.search(name)], list(rows)
        if river == "Skellefteälven":
            save_screenshot(page, "floden-skelleftealven-main-stem")
    assert_no_exception_box(page)


_LABELS_JS = """chart => Array.from(chart.querySelectorAll('g.annotation text.annotation-text')).map(text => {
    const lines = Array.from(text.querySelectorAll('tspan.line')).map(line => line.textContent);
    return lines.length ? lines : [text.textContent];
})"""


#: " · Stensele" after a gauge's name: the towns beside it (no digits; up to the value or the owner sentence).
_TOWNS_BESIDE = re.compile(r"^· .*?(?=se ägarens rapport|inget värde|\d|$)")


def _label_words(labels: list[list[str]], name: str) -> str:
    """The words after ``name`` on its station label ("? Sollefteå" / "se ägarens rapport" → "se ägarens rapport";
    the one-line "● Sorsele 490 m³/s" → "490 m³/s"); the symbol before the name is left out, and so are the
    towns a label names beside its gauge ("? Storuman · Stensele" / "se ägarens rapport" → "se ägarens rapport")."""
    for lines in labels:
        first = lines[0].split(" ", 1)[-1]
        if first == name or first.startswith(f"{name} "):
            rest = _TOWNS_BESIDE.sub("", first.removeprefix(name).strip())
            return " ".join([rest, *lines[1:]]).strip()
    raise AssertionError(f"no label for {name}: {labels}")


def test_presentation_view_shows_the_main_stem_the_orange_warning_and_no_byskealven(
        live_app, page, fake_smhi):  # fmt: skip
    server = live_app
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{server.url}/mote?vy=presentation")
    wait_for_app(page, "Möte", timeout_ms=240_000)
    main = page.locator('[data-testid="stMain"]')
    charts = main.locator('[data-testid="stPlotlyChart"]')
    charts.nth(len(RIVERS) - 1).locator("g.annotation").first.wait_for()
    settle(page)
    angerman = main.locator(".ms-river", has=page.locator("h2", has_text="Ångermanälven"))
    assert angerman.locator(".ms-status").inner_text() == "⚠⚠ Orange varning"
    assert "Orange varning – Höga flöden – Ångermanälven nedströms Sollefteå" in angerman.inner_text()
    assert "Normalt" not in angerman.inner_text()
    for index, river in enumerate(RIVERS):  # one älvschema per river, in this order
        labels = charts.nth(index).evaluate(_LABELS_JS)  # the words drawn on the schema, line by line
        assert [river] in labels, (river, labels)
        for name, station_id in MAIN_STEM[river].items():
            words = _label_words(labels, name)
            if station_id in WITHOUT_RECENT:
                assert words == "se ägarens rapport", (name, labels)
            else:
                assert format_flow_m3s(_placed_flow(fake_smhi, station_id)) in words, (name, labels)
        assert not [lines for lines in labels if BYSKEALVEN.search(" ".join(lines))], (river, labels)
    assert main.get_by_text(BYSKEALVEN).count() == 0
    assert_no_exception_box(page)
    save_screenshot(page, "mote-presentation-live-orange-warning")
