"""Matching warning areas to kommuner along the three rivers."""

from __future__ import annotations

from hydrology.river_kommuner import (
    KommunMatch,
    kommun_name,
    kommuner_of_system,
    match_warning_area,
    systems_of_kommun,
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
