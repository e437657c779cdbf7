"""Älvschema: the rivers laid out to river distance, stations as status markers with shape, word and value."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from geodata.stations import read_station_table
from hydrology.schematic import (
    STATUS_SHAPES,
    WaveOverlay,
    build_schematic_figure,
    mouth_places_line,
    place_stations,
    read_schematic,
    stations_from_snapshot,
)
from hydrology.status import ALL_STATUSES, status_by_key
from language.sv import THOUSANDS_SEP
from sources.errors import NO_RECENT_VALUES_SV

NB = THOUSANDS_SEP


def _stations(rows: list[tuple[str, str, float | None, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["station_id", "name", "discharge_m3s", "status_key"])


def test_rivers_run_from_the_mountains_to_the_sea_with_their_tributaries():
    angerman = read_schematic("Ångermanälven")
    assert angerman.main.river == "Ångermanälven" and angerman.main.x_start == 0
    assert angerman.main.x_join == pytest.approx(460, abs=1)  # the published length: the line reaches the sea
    assert {b.river for b in angerman.branches[1:]} == {"Faxälven", "Fjällsjöälven"}
    ume = read_schematic("Umeälven")
    vindel = next(b for b in ume.branches if b.river == "Vindelälven")
    assert vindel.x_join == pytest.approx(vindel.x_start + vindel.length_km)
    assert 400 < vindel.x_join < ume.main.x_join  # Vindelälven joins Umeälven above Umeå, near Vännäs
    assert read_schematic("Skellefteälven").branches[1:] == ()


def test_dams_towns_and_kommun_borders_in_river_order():
    angerman = read_schematic("Ångermanälven")
    main_dams = angerman.dams[angerman.dams["river"] == "Ångermanälven"].sort_values("x")
    names = list(main_dams["name"])
    assert names.index("Hällby") < names.index("Lasele") < names.index("Sollefteåforsen")
    places = angerman.places.set_index("place")
    assert places.loc["Sollefteå", "x"] < places.loc["Nyland", "x"] < places.loc["Kramfors", "x"]
    borders = angerman.borders[angerman.borders["river"] == "Ångermanälven"].sort_values("x")
    assert list(borders["kommun"])[-2:] == ["Kramfors", "Härnösand"]


def test_main_stem_stations_are_placed_and_tributary_gauges_left_out():
    stations = _stations([("OVN04", "Nyland", 1450.0, "hq10"), ("1378", "Röån", 30.0, "normal"),
                          ("1736", "Lasele", 900.0, "over_mhq")])  # fmt: skip
    placed = place_stations(read_schematic("Ångermanälven"), stations)
    assert list(placed.sort_values("x")["name"]) == ["Lasele", "Nyland"]
    assert set(placed["y"]) == {0.0}


def _labels(figure: dict) -> dict[str, str]:
    """Each drawn label's text by its first line (the figure's annotations)."""
    return {a["text"].split("<br>")[0]: a["text"] for a in figure["layout"]["annotations"]}


def test_markers_carry_shape_word_and_value():
    stations = _stations([("OVN04", "Nyland", 1450.0, "hq10"), ("2133", "Sollefteå", None, "unknown")])
    figure = build_schematic_figure("Ångermanälven", stations).to_plotly_json()
    labels = _labels(figure)
    assert labels["⚠ <b>Nyland</b>"] == f"⚠ <b>Nyland</b><br>1{NB}450 m³/s<br>≥ 10-årsflöde"
    assert labels["? <b>Sollefteå</b>"] == "? <b>Sollefteå</b><br>inget värde<br>Okänd"
    gauges = next(t for t in figure["data"] if t.get("name") == "Mätstation")
    shapes = dict(zip([t.split("<br>")[0] for t in gauges["hovertext"]], gauges["marker"]["symbol"], strict=True))
    assert shapes == {"Mätstation: Nyland": "diamond", "Mätstation: Sollefteå": "circle-open"}


def test_every_status_has_its_own_shape_family():
    assert set(STATUS_SHAPES) == {s.key for s in ALL_STATUSES}
    ordered = [STATUS_SHAPES[s.key] for s in ALL_STATUSES if s.key != "unknown"]
    # Neighbouring bands that differ in colour also differ in shape (or are the same warning level).
    assert len(set(ordered)) >= 6


def test_a_dam_failure_draws_the_reached_stretch_and_the_front():
    figure = build_schematic_figure(
        "Ångermanälven", _stations([]), wave=WaveOverlay("Hällby", 60.0, "Flodvågen når Lasele kl. 14.05 (övningstid)")
    ).to_plotly_json()
    reached = next(t for t in figure["data"] if t.get("name") == "Nådd sträcka")
    dams = read_schematic("Ångermanälven").dams.set_index("name")
    assert reached["x"][0] == pytest.approx(dams.loc["Hällby", "x"])
    assert reached["x"][-1] - reached["x"][0] == pytest.approx(60.0, abs=8.0)
    texts = [a["text"] for a in figure["layout"]["annotations"]]
    assert "<b>➜ Flodvågen når Lasele kl. 14.05 (övningstid)</b>" in texts
    assert "<b>✖ Dammbrott Hällby</b>" in texts
    assert any(t.get("name") == "Dammbrott" for t in figure["data"])


def test_snapshot_stations():
    frame = stations_from_snapshot({"stations": [
        {"station_id": "OVN04", "name": "Nyland", "discharge_m3s": 1450.0, "status": {"key": "hq10"}},
        {"station_id": "2133", "name": "Sollefteå", "discharge_m3s": None, "status": None, "no_recent_values": True},
    ]})  # fmt: skip
    assert frame.to_dict("list") == {
        "station_id": ["OVN04", "2133"], "name": ["Nyland", "Sollefteå"],
        "discharge_m3s": [1450.0, pytest.approx(float("nan"), nan_ok=True)], "status_key": ["hq10", "unknown"],
        "no_recent_values": [False, True],
    }


def test_a_gauge_without_recent_smhi_values_says_the_figures_are_the_owners():
    """SMHI publishes an archive but no recent values at the power-station gauges ("… KRV"): the label
    says where the figures are instead of "inget värde / Okänd", the hover gives SMHI's full sentence."""
    stations = pd.DataFrame([("OVN04", "Nyland", 1450.0, "hq10", False), ("2133", "Sollefteå", None, "unknown", True),
                             ("1736", "Lasele", None, "unknown", False)],
                            columns=["station_id", "name", "discharge_m3s", "status_key", "no_recent_values"])
    for compact in (False, True):
        # Läget's schema laid out for its card at 1920×1080 (600 px), where the full words have room.
        figure = build_schematic_figure("Ångermanälven", stations, compact=compact,
                                        width=600 if compact else None).to_plotly_json()
        labels = _labels(figure)
        solleftea, lasele = ("Sollefteå", "Lasele") if compact else ("<b>Sollefteå</b>", "<b>Lasele</b>")
        # In two lines next to its marker, in one further off with a leader line.
        words = [text.replace("<br>", " ") for text in labels.values()]
        assert f"? {solleftea} se ägarens rapport" in words, words
        # No value for another reason (a failed request): not the owner's sentence.
        assert any(text.startswith(f"? {lasele} inget värde") for text in words), words
    gauges = next(t for t in figure["data"] if t.get("name") == "Mätstation")
    hover = {t.split("<br>")[0]: t for t in gauges["hovertext"]}
    assert hover["Mätstation: Sollefteå"] == f"Mätstation: Sollefteå<br>{NO_RECENT_VALUES_SV}"
    assert hover["Mätstation: Lasele"] == "Mätstation: Lasele<br>inget värde<br>? Okänd"


def test_the_wave_label_comes_from_the_shared_arrival_table():
    from geodata.arrival import estimate_arrivals
    from geodata.downstream import downstream_of
    from hydrology.schematic import wave_overlay

    table = estimate_arrivals(downstream_of("Hällby"))
    failed = datetime(2026, 5, 9, 16, 0, tzinfo=UTC)
    wave = wave_overlay("Hällby", table, failed, failed + timedelta(hours=3), "(övningstid)")
    assert wave.dam == "Hällby" and wave.reached_km > 0
    assert wave.label.startswith("Flodvågen kan nå ") and wave.label.endswith(" (övningstid)")
    assert wave_overlay("Hällby", table, failed, failed + timedelta(days=5)).label == "Flodvågen har nått kusten"


def test_the_key_figure_is_the_main_stem_station_nearest_the_sea():
    from hydrology.schematic import key_station

    stations = pd.DataFrame({"station_id": ["2238", "1734", "1630"], "name": ["Sorsele", "Stornorrfors", "Gautsträsk"],
                             "order": [11.0, 13.0, 8.0], "discharge_m3s": [800.0, None, 120.0]})
    assert key_station(stations)["name"] == "Sorsele"  # Stornorrfors has no value; Gautsträsk is a headwater gauge


def test_the_places_near_the_sea_are_named_in_one_line_from_upstream():
    """Läget's narrow card names the crowded stretch to the sea under its schema: gauges with their status
    symbol, towns by name, each place once, from upstream to the sea."""
    table = read_station_table()
    rows = table[(table["river"] == "Umeälven") & (table["role"] != "tributary")]
    stations = pd.DataFrame({"station_id": rows["station_id"], "name": rows["name"], "discharge_m3s": 870.0,
                             "status_key": ["hq5" if n == "Stornorrfors" else "over_mhq" for n in rows["name"]]})
    hq5 = status_by_key("hq5").symbol  # the symbol the schema's label and the card show for it
    assert mouth_places_line("Umeälven", stations) == (
        f"Närmast havet: ▲ Harrsele · ▲ Vännäsby · Vännäs · {hq5} Stornorrfors · Umeå · Holmsund")
    # Without values the towns are still named; every river names its key places near the sea.
    empty = pd.DataFrame(columns=["station_id", "name", "discharge_m3s", "status_key"])
    assert mouth_places_line("Ångermanälven", empty) == "Närmast havet: Nyland · Kramfors"
    assert mouth_places_line("Skellefteälven", empty) == "Närmast havet: Skellefteå · Skelleftehamn"
