"""The map and profile figures, checked by their JSON."""

from __future__ import annotations

import json

import pandas as pd
from shapely.geometry import LineString

from geodata import RIVER_SYSTEMS
from geodata.map_figure import build_map_figure, build_profile_figure, format_flow_sv, read_map_layers

STATIONS = pd.DataFrame({
    "station_id": ["2237", "OVN14"], "name": ["Granåker", "Stornorrfors"],
    "lat": [64.2396, 63.8524], "lon": [19.6664, 20.0504], "discharge_m3s": [1234.4, float("nan")],
    "status_sv": ["≥ 10-årsflöde", ""], "status_colour": ["#F2C200", ""], "status_symbol": ["⚠", ""],
    "status_rank": [4, -1],
})


def _spec(figure) -> dict:
    return json.loads(figure.to_json())


def test_map_has_boundaries_rivers_owner_legend_and_no_tiles():
    spec = _spec(build_map_figure(read_map_layers(), RIVER_SYSTEMS))
    names = [t.get("name") for t in spec["data"]]
    assert names[:3] == ["Länsgräns", "Kommungräns", "Kommun (namn)"]
    assert {"Umeälven", "Vindelälven", "Skellefteälven", "Ångermanälven", "Faxälven", "Fjällsjöälven"} <= set(names)
    assert {"Vattenfall", "Statkraft", "Uniper", "Skellefteå Kraft", "Sollefteå kommun"} <= set(names)
    assert spec["layout"]["map"]["style"] == "white-bg"
    assert all(t["type"] == "scattermap" for t in spec["data"])


def test_station_status_is_word_symbol_colour_and_size():
    spec = _spec(build_map_figure(read_map_layers(), ("Umeälven",), stations=STATIONS))
    flood = next(t for t in spec["data"] if t.get("name") == "⚠ ≥ 10-årsflöde")
    assert flood["marker"]["color"] == "#F2C200"
    assert flood["hovertext"] == ["<b>Granåker</b> (mätstation 2237)<br>Status: ⚠ ≥ 10-årsflöde<br>Flöde: 1\u00a0234 m³/s"]
    unknown = next(t for t in spec["data"] if t.get("name") == "? status saknas")
    assert unknown["marker"]["size"] < flood["marker"]["size"]
    assert "Flöde: värde saknas" in unknown["hovertext"][0]


def test_owner_filter_and_layer_switches():
    spec = _spec(build_map_figure(read_map_layers(), ("Umeälven",), owners=["Statkraft"], show={"dams"}))
    assert [t["name"] for t in spec["data"]] == ["Statkraft"]
    assert spec["data"][0]["customdata"] == ["Bjurfors övre", "Bjurfors nedre", "Harrsele"]


def test_dam_hover_has_owner_capacity_kommun_and_neighbours():
    spec = _spec(build_map_figure(read_map_layers(), ("Umeälven",), show={"dams"},
                                  dam_neighbours={"Harrsele": "Nedströms: Vännäsby"}))
    statkraft = next(t for t in spec["data"] if t["name"] == "Statkraft")
    hover = statkraft["hovertext"][statkraft["customdata"].index("Harrsele")]
    assert hover == (
        "<b>Harrsele</b><br>Ägare: Statkraft 50,57 % / Holmen 49,43 %<br>Effekt: 223 MW"
        "<br>Kommun: Vännäs (Västerbottens län)<br>Vattendrag: Umeälven<br>Nedströms: Vännäsby"
    )


def test_highlight_and_background():
    spec = _spec(build_map_figure(read_map_layers(), ("Umeälven",), show=set(), background=True,
                                  highlight=LineString([(19.5, 64.0), (20.3, 63.7)]), highlight_label="Nedströms X"))
    assert spec["layout"]["map"]["style"] == "open-street-map"
    assert spec["data"][0]["name"] == "Nedströms X" and spec["data"][0]["line"]["color"] == "#D0021B"


def test_profile_orders_dams_by_distance_and_shows_gauge_flow():
    spec = _spec(build_profile_figure(read_map_layers(), ("Umeälven",), stations=STATIONS))
    vattenfall = next(t for t in spec["data"] if t.get("name") == "Vattenfall")
    km = dict(zip(vattenfall["customdata"], vattenfall["x"], strict=True))
    assert km["Ajaure"] < km["Stensele"] < km["Pengfors"] < km["Stornorrfors"]
    gauges = next(t for t in spec["data"] if t.get("name") == "Mätstation (flöde nu)")
    assert gauges["text"] == ["1\u00a0234 m³/s", "värde saknas"]
    assert spec["layout"]["yaxis"]["categoryarray"] == ["Vindelälven", "Umeälven"]


def test_flow_format():
    assert format_flow_sv(2860.2) == "2\u00a0860 m³/s"
    assert format_flow_sv(None) == "värde saknas"


def test_boundary_outlines_are_computed_once_per_layers_and_drawn_with_gaps_between_rings():
    import numpy as np

    from geodata import map_figure

    layers = read_map_layers()
    assert layers.outlines is read_map_layers().outlines  # static geodata: once per process
    lons, lats = map_figure._outline_coords(layers.lan.geometry)
    expected_lon = np.array([np.nan if v is None else v for v in lons], dtype=np.float32)
    np.testing.assert_array_equal(layers.outlines.lan_lon, expected_lon)  # NaN where the list had None
    assert int(np.isnan(layers.outlines.lan_lat).sum()) == lats.count(None) > 1  # one gap after each ring
    figure = build_map_figure(layers, RIVER_SYSTEMS, show={"lan", "kommuner"})
    kommun = next(t for t in figure.data if t.name == "Kommun (namn)")
    assert len(kommun.hovertext) == len(layers.kommuner) and kommun.hovertext[0].startswith("Kommun: ")
    assert np.nanmax(np.abs(np.asarray(figure.data[0].lon, dtype=float) - expected_lon)) < 1e-5


def test_a_structure_drawn_at_another_structures_point_is_moved_north_and_says_so():
    import geopandas as gpd

    figure = build_map_figure(read_map_layers(), RIVER_SYSTEMS)
    drawn = {}
    for trace in figure.data:
        if trace.customdata is None:
            continue
        for name, lon, lat, hover in zip(trace.customdata, trace.lon, trace.lat, trace.hovertext, strict=True):
            drawn[name] = (float(lon), float(lat), hover)
    pairs = {"Linnvasselv": "Gäddede", "Storavan-Uddjaur": "Bergnäs", "Storsjouten": "Korsselbränna",
             "Ormsjön": "Borgforsen", "Sädvajaure": "Sädva", "Rebnisjaure": "Rebnis"}
    points = gpd.GeoSeries(gpd.points_from_xy([drawn[n][0] for n in (*pairs, *pairs.values())],
                                              [drawn[n][1] for n in (*pairs, *pairs.values())]), crs="EPSG:4326")
    metric = dict(zip((*pairs, *pairs.values()), points.to_crs("EPSG:3006"), strict=True))
    for moved, anchor in pairs.items():
        # 4 km apart, straight north of the structure whose point it stands for.
        assert round(metric[moved].distance(metric[anchor])) in range(3_990, 4_010), moved
        assert metric[moved].y > metric[anchor].y
        assert (f"Markören är flyttad 4 km norrut för att inte täcka {anchor}; punkten den står för är densamma."
                in drawn[moved][2])
        assert "Markören är flyttad" not in drawn[anchor][2]
    # The sourced plants keep their own points; a thin line joins each moved marker to its point.
    dams = read_map_layers().dams.set_index("name")
    assert drawn["Gäddede"][:2] == (round(dams.geometry["Gäddede"].x, 5), round(dams.geometry["Gäddede"].y, 5))
    connectors = next(t for t in figure.data if t.name == "Flyttad markör")
    assert list(connectors.lon).count(None) == len(pairs)


def test_profile_draws_a_structure_at_another_structures_point_as_a_labelled_ring_around_it():
    figure = build_profile_figure(read_map_layers(), ("Ångermanälven", "Skellefteälven"))
    ring_name = "Eget läge okänt (ritad vid en annan anläggning)"
    filled = {name: (x, y, size) for t in figure.data if t.customdata is not None and t.name != ring_name
              for name, x, y, size in zip(t.customdata, t.x, t.y, list(t.marker.size), strict=True)}
    ring = next(t for t in figure.data if t.name == ring_name)
    assert set(ring.customdata) == {"Linnvasselv", "Storsjouten", "Ormsjön", "Storavan-Uddjaur", "Sädvajaure",
                                    "Rebnisjaure"}
    assert ring.marker.symbol == "circle-open"
    assert not set(ring.customdata) & set(filled)  # drawn once, as a ring, not as a filled marker too
    anchors = {"Linnvasselv": "Gäddede", "Storsjouten": "Korsselbränna", "Ormsjön": "Borgforsen",
               "Storavan-Uddjaur": "Bergnäs", "Sädvajaure": "Sädva", "Rebnisjaure": "Rebnis"}
    for name, x, y, size in zip(ring.customdata, ring.x, ring.y, ring.marker.size, strict=True):
        anchor_x, anchor_y, anchor_size = filled[anchors[name]]
        assert (x, y) == (anchor_x, anchor_y)  # its true distance is unknown: none is invented
        assert size > anchor_size  # a ring around the other's marker, not hidden under it
    hover = ring.hovertext[list(ring.customdata).index("Linnvasselv")]
    assert hover.endswith("<i>Eget läge finns inte i källorna: ritad där vattnet når Faxälven, vid Gäddede. "
                          "Avstånd och ankomsttider nedströms blir för korta.</i>")
    labels = {a.text: (a.x, a.y, a.ay) for a in figure.layout.annotations}
    assert labels["Linnvasselv (läge okänt)"] == (*filled["Gäddede"][:2], -26)
