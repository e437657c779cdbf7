"""The kommuner along the three rivers (from the curated CSV) and matching warning areas to them."""

from __future__ import annotations

from shapely.geometry import Point

from geodata.layers import read_kommuner, read_kommuner_along_rivers, read_rivers
from geodata.river_kommuner import (
    KommunMatch,
    RiverKommun,
    kommun_name,
    kommuner_of_system,
    match_warning_area,
    read_river_kommuner,
    systems_of_kommun,
    watercourse_names,
)


def _line(*points):
    return {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "LineString", "coordinates": list(points)}}]}  # noqa: E501


def test_line_along_vindelalven_matches_its_kommuner_source_to_sea():
    match = match_warning_area("Vindelälven", ["24"], _line([17.53, 65.53], [18.9, 64.98], [19.72, 64.2]))
    assert match == KommunMatch(("2422", "2481", "2404"), ("Umeälven",), "geometri")


def test_kommun_name_in_text_without_geometry():
    assert match_warning_area("Vännäs kommun", [], None) == KommunMatch(("2460",), ("Umeälven",), "namn")


def test_umea_does_not_match_inside_umealven():
    match = match_warning_area("Umeälven", ["24"], None)
    assert match.how == "vattendrag"
    assert match.kommun_codes == ("2421", "2481", "2404", "2460", "2480")


def test_watercourse_restricted_to_the_warnings_lan():
    match = match_warning_area("Skellefteälven", ["24"], None)
    assert match.kommun_codes == ("2422", "2418", "2417", "2482")  # Arjeplog and Arvidsjaur are in län 25


def test_elsewhere_matches_nothing():
    assert match_warning_area("Dalälven mellan Näs bruk och Gysinge", ["20"], _line([16.6, 60.35], [16.9, 60.29])) == (
        KommunMatch((), (), "")
    )


def test_lookups():
    assert kommun_name("2283") == "Sollefteå"
    assert systems_of_kommun("2422") == ("Umeälven", "Skellefteälven")
    assert kommuner_of_system("Skellefteälven") == ("2506", "2505", "2422", "2418", "2417", "2482")


def test_table_is_the_curated_csv_without_boundary_artefacts():
    table = read_river_kommuner()
    curated = read_kommuner_along_rivers()
    assert len(table) == len(curated) - 1
    assert "Örnsköldsvik" not in {row.kommun for row in table}  # on_river=no: not the river
    assert table[0] == RiverKommun("Umeälven", "Umeälven", 1, "Storuman", "2421", "24")
    assert table[-1] == RiverKommun("Ångermanälven", "Vojmån", 1, "Vilhelmina", "2462", "24")


def test_order_source_to_sea_is_the_order_along_the_drawn_line():
    lines = read_rivers().set_index("river").geometry
    kommuner = read_kommuner().set_index("kommun_kod").geometry
    for watercourse in sorted(watercourse_names() & set(lines.index)):
        line = lines[watercourse]
        rows = [row for row in read_river_kommuner() if row.watercourse == watercourse]
        entered = {}
        for row in rows:
            crossing = line.intersection(kommuner[row.kommun_kod])
            if not crossing.is_empty:  # Arjeplog on Vindelälven: uncertain, not on the drawn line
                parts = getattr(crossing, "geoms", [crossing])
                entered[row.kommun_kod] = min(line.project(Point(part.coords[0])) for part in parts)
        listed = [row.kommun_kod for row in sorted(rows, key=lambda r: r.order) if row.kommun_kod in entered]
        assert listed == sorted(entered, key=entered.get), watercourse


def test_fjallsjoalven_rises_in_dorotea():
    match = match_warning_area("Fjällsjöälven", [], None)
    assert match == KommunMatch(("2425", "2313", "2283"), ("Ångermanälven",), "vattendrag")


def test_vojman_is_matched_though_not_drawn():
    match = match_warning_area("Vojmån", ["24"], None)
    assert match == KommunMatch(("2462",), ("Ångermanälven",), "vattendrag")
