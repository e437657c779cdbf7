"""Data checks on the curated files: dams on their rivers, rivers through their kommuner, valid codes."""

from __future__ import annotations

import pandas as pd
import pytest

from geodata.downstream import _along
from geodata.layers import (
    read_dams,
    read_kommuner,
    read_kommuner_along_rivers,
    read_lan,
    read_places,
    read_rivers,
)

MAX_DAM_DISTANCE_M = 3_000


def test_every_dam_lies_within_3_km_of_its_river_or_says_why():
    dams = read_dams()
    lines = read_rivers().set_index("river").geometry
    far = [
        (row["name"], round(lines[row["river"]].distance(row.geometry)))
        for _, row in dams.iterrows()
        if lines[row["river"]].distance(row.geometry) > MAX_DAM_DISTANCE_M and not row["distance_exception"]
    ]
    assert far == []


def test_every_dam_lying_apart_from_its_station_is_on_its_river_or_says_why():
    import geopandas as gpd

    dams = read_dams()
    apart = dams[dams["dam_lat"].notna()].reset_index(drop=True)
    lines = read_rivers().set_index("river").geometry
    points = gpd.GeoSeries(gpd.points_from_xy(apart["dam_lon"], apart["dam_lat"]), crs="EPSG:4326").to_crs(dams.crs)
    far = {row["name"]: round(lines[row["river"]].distance(point) / 1000, 1)
           for (_, row), point in zip(apart.iterrows(), points, strict=True)
           if lines[row["river"]].distance(point) > MAX_DAM_DISTANCE_M}
    assert far == {}
    # Vojmsjön stood apart from its proxy point in Volgsjön until Vojmån was drawn; now the row itself is at
    # the outlet gauge on the Vojmån line.
    vojmsjon = dams.set_index("name").loc["Vojmsjön"]
    assert vojmsjon["river"] == "Vojmån" and vojmsjon["coord_quality"] == "estimate"
    assert "VOJMSJÖLUSPEN" in vojmsjon["coord_source"] and pd.isna(vojmsjon["dam_lat"])
    assert (apart["dam_coord_source"] != "").all()


def test_distance_exceptions_are_only_used_where_needed():
    dams = read_dams()
    lines = read_rivers().set_index("river").geometry
    excused = dams[dams["distance_exception"] != ""]
    assert sorted(excused["name"]) == ["Abelvattnet", "Bergvattnet", "Gejmån", "Juktan"]
    for _, row in excused.iterrows():
        assert lines[row["river"]].distance(row.geometry) > MAX_DAM_DISTANCE_M, row["name"]


def test_stored_order_matches_the_position_along_the_river():
    dams = read_dams()
    dams["along"] = _along(dams, read_rivers())
    for river, group in dams.groupby("river"):
        # Structures drawn at one point (a regulation dam at the power station of the same outlet) tie
        # on the line; the table's order decides between them.
        ordered = group.sort_values(["along", "order_from_source"])["order_from_source"]
        assert list(ordered) == sorted(group["order_from_source"]), river
        assert group["order_from_source"].is_unique, river


def test_every_river_crosses_the_kommuner_the_table_lists():
    lines = read_rivers().set_index("river").geometry
    kommuner = read_kommuner().set_index("kommun_kod")
    table = read_kommuner_along_rivers()
    # Every watercourse of the table is drawn (Vojmån too, since issue 16's third pass).
    assert sorted(set(table["river"]) - set(lines.index)) == []
    drawn = table[(table["on_river"] == "yes") & table["river"].isin(lines.index)]
    missing = [
        (row["river"], row["kommun"])
        for _, row in drawn.iterrows()
        if not lines[row["river"]].intersects(kommuner.geometry[row["kommun_kod"]])
    ]
    assert missing == []


def test_codes_are_valid_scb_codes_and_names_match():
    kommuner = read_kommuner().set_index("kommun_kod")
    lan = read_lan().set_index("lan_kod")
    for frame in (read_dams(), read_kommuner_along_rivers(), read_places()):
        for _, row in frame.iterrows():
            assert row["kommun_kod"] in kommuner.index, row["kommun_kod"]
            assert kommuner.loc[row["kommun_kod"], "kommun"] == row["kommun"]
    for frame in (read_dams(), read_kommuner_along_rivers()):
        for _, row in frame.iterrows():
            assert row["kommun_kod"][:2] == row["lan_kod"]
            assert lan.loc[row["lan_kod"], "lan"] == row["lan"]


@pytest.mark.parametrize("river", ["Umeälven", "Vindelälven", "Skellefteälven", "Ångermanälven", "Faxälven"])
def test_drawn_lines_are_within_30_percent_of_the_published_length(river):
    # The drawn lines cut meanders; distances are scaled by length_factor. A drawn line far shorter
    # than the published length would mean a missing stretch, not just meanders.
    row = read_rivers().set_index("river").loc[river]
    assert 0.7 <= row["drawn_length_km"] / row["published_length_km"] <= 1.0


def test_tributaries_end_on_their_parent_river():
    from shapely.geometry import Point

    rivers = read_rivers().set_index("river")
    for river, row in rivers[rivers["flows_into"] != ""].iterrows():
        mouth = Point(row.geometry.coords[-1])
        assert rivers.geometry[row["flows_into"]].distance(mouth) < 500, river


def test_every_plant_has_a_source_for_each_fact():
    dams = read_dams()
    for column in ("owner_source", "capacity_source", "coord_source", "kommun_source"):
        blank = dams[dams[column].fillna("").str.strip() == ""]
        assert list(blank["name"]) == [], column
    # Where no owner is named, the source column says so (and that the reference table has no row for
    # it) rather than being left blank.
    assert set(dams.loc[dams["owner_confidence"] == "unknown", "owner_source"]) == {
        "none found (not in the reference table dams_three_rivers.csv, which has no row for it; "
        "the cascade model names no owner)"
    }
    # Where sources disagree on the owner, the other owner is recorded with its own source.
    disputed = dams[dams["owner_confidence"] == "disputed"]
    assert list(disputed["name"]) == ["Lövön"]
    assert (disputed["owner_alt"] != "").all() and (disputed["owner_alt_source"] != "").all()
    # A structure whose own position is in no source names the point that stands in for it.
    proxy = dams[dams["coord_quality"] == "proxy"]
    assert sorted(proxy["name"]) == ["Linnvasselv", "Ormsjön", "Rebnisjaure", "Storavan-Uddjaur", "Storsjouten",
                                     "Sädvajaure"]
    assert proxy["coord_source"].str.startswith("not the").all()
    # A second published capacity always names where it comes from.
    alt = dams[dams["capacity_alt_mw"].notna()]
    assert (alt["capacity_alt_source"].fillna("") != "").all()


def test_what_is_uncertain_is_written_for_the_screen():
    dams = read_dams().set_index("name")
    assert dams.loc["Lövön", "caveats_sv"] == (
        "Källorna är oense om ägaren: Uniper (visas, senast belagd) eller Statkraft. Annan källa anger 36 MW."
    )
    assert dams.loc["Vojmsjön", "caveats_sv"] == "Ingen källa för ägaren har hittats. Läget är uppskattat."
    assert dams.loc["Linnvasselv", "caveats_sv"] == (
        "Ägaren är härledd, inte bekräftad av ägaren. Anläggningens eget läge finns inte i källorna: punkten visar "
        "var dess vatten når den ritade älven, så avstånd och ankomsttider nedströms är för korta. Annan källa anger "
        "73 MW."
    )
    assert dams.loc["Tuggen", "caveats_sv"] == "Annan källa anger 118 MW."
    assert dams.loc["Hällby", "caveats_sv"] == "Ägaren är härledd, inte bekräftad av ägaren."
    assert dams.loc["Hornavan", "owners_sv"] == "Skellefteälvens Vattenregleringsföretag"
    assert dams.loc["Ransaren", "owners_sv"] == "Ångermanälvens vattenregleringsföretag"
    assert dams.loc["Ransaren", "caveats_sv"] == "Ägaren är härledd, inte bekräftad av ägaren. Läget är uppskattat."
    assert dams.loc["Storsjouten", "owners_sv"] == "Ägare ej känd"
    assert dams.loc["Hornavan", "capacity_sv"] == "regleringsdamm (ingen kraftstation)"
    assert dams.loc["Stornorrfors", "caveats_sv"] == ""


def test_station_table_distances_to_the_river_lines_are_what_the_lines_say():
    from geodata.stations import read_station_points

    stations = read_station_points()
    lines = read_rivers().set_index("river").geometry
    measured = [round(lines[row.nearest_line].distance(row.geometry) / 1000, 1) for row in stations.itertuples()]
    assert measured == stations["line_distance_km"].round(1).tolist()


def test_station_table_places_by_smhi_region_or_flags_the_position_only_placements():
    from geodata.stations import read_station_table

    table = read_station_table()
    real = table[~table["exercise_only"]]
    # SMHI's region numbers of the three systems (38 Ångermanälven, 28 Umeälven, 2 Skellefteälven).
    by_region = real[real["placed_by"] == "region"]
    expected = {"Ångermanälven": 38, "Umeälven": 28, "Skellefteälven": 2}
    assert (by_region["smhi_region"] == by_region["river"].map(expected)).all()
    assert set(real["placed_by"]) <= {"region", "successor", "position"}
    assert real.loc[real["placed_by"] != "region", "uncertain"].all()
    # Byskeälven's stations (KÅTASELET 1480, BYSKE 2284) are not Skellefteälven's.
    assert not {"1480", "2284"} & set(table["station_id"])
    # The power-station gauges of the main stems are real stations now.
    main = set(real.loc[real["role"] == "main_stem", "station_id"])
    assert {"2133", "1736", "1734", "1733", "1870"} <= main


#: A gauge counts as on its drawn watercourse within this distance [km] (the snapping distance of
#: :data:`geodata.downstream.STATION_SNAP_M`); farther away it must say why.
MAX_GAUGE_DISTANCE_KM = 5.0


def _gauges():
    import geopandas as gpd

    from geodata.stations import read_station_table

    table = read_station_table()
    table = table[~table["exercise_only"]].reset_index(drop=True)
    points = gpd.GeoSeries(gpd.points_from_xy(table["longitude"], table["latitude"]), crs="EPSG:4326")
    return table, points.to_crs("EPSG:3006")


def test_every_gauge_states_its_measured_distance_to_a_line_of_its_own_river_system():
    table, points = _gauges()
    rivers = read_rivers().set_index("river")
    wrong = []
    for row, point in zip(table.itertuples(index=False), points, strict=True):
        line_system = rivers["system"].get(row.nearest_line)
        measured = rivers.geometry[row.nearest_line].distance(point) / 1000.0 if line_system else float("nan")
        if line_system != row.river or not abs(row.line_distance_km - measured) <= 0.5:
            wrong.append((row.station_id, row.nearest_line, row.line_distance_km, round(measured, 1)))
    assert wrong == []


def test_every_gauge_lies_on_its_watercourse_line_or_says_why():
    table, points = _gauges()
    lines = read_rivers().set_index("river").geometry
    unexplained = []
    for row, point in zip(table.itertuples(index=False), points, strict=True):
        on_drawn = row.watercourse in lines.index
        far = on_drawn and lines[row.watercourse].distance(point) / 1000.0 > MAX_GAUGE_DISTANCE_KM
        # Off its drawn line, or on a watercourse without a line: the note must give the reason,
        # and a gauge that decides a river's headline (main stem) must lie on the line itself.
        if (far or not on_drawn) and (not str(row.note).strip() or row.role == "main_stem"):
            unexplained.append((row.station_id, row.name, row.watercourse))
    assert unexplained == []


def test_every_structure_lies_in_sweden_within_3_km_of_its_stated_kommun():
    # SCB's generalised boundaries put a few points just over a kommun border (Slagnäs, Hällby) and leave
    # out parts of the large lakes (Hornavan's outlet lies 2.3 km outside every polygon), never farther.
    kommuner = read_kommuner().set_index("kommun_kod")
    sweden = kommuner.geometry.union_all()
    dams = read_dams()
    outside = {name: round(distance) for name, distance in zip(dams["name"], dams.geometry.distance(sweden), strict=True)
               if distance > 0}
    assert outside == {"Hornavan": 2349, "Storavan-Uddjaur": 35, "Bergnäs": 35}
    far = {row["name"]: round(kommuner.geometry[row["kommun_kod"]].distance(row.geometry) / 1000)
           for _, row in dams.iterrows() if kommuner.geometry[row["kommun_kod"]].distance(row.geometry) > 3_000}
    # Ormsjön's point is not the dam's (coord_quality proxy): it is where its water reaches Fjällsjöälven, in
    # Strömsund, 17 km from Dorotea, where the lake and its dam lie (kommun_source).
    assert far == {"Ormsjön": 17}
    assert dams.set_index("name").loc["Ormsjön", "coord_quality"] == "proxy"


def test_the_cascade_models_reservoirs_carry_the_model_as_source_and_no_invented_owner():
    dams = read_dams().set_index("name")
    reservoirs = dams.loc[["Borgasjön", "Storsjouten", "Ormsjön"]]
    assert (reservoirs["kind"] == "regulation_dam").all()
    # Borgasjön's dam, Borga, is Statkraft Sverige's (Aftonbladet's list); no source names the other two owners,
    # and what was found instead is a lead in owner_note, not an owner.
    assert (dams.loc["Borgasjön", "owners"], dams.loc["Borgasjön", "owner_confidence"]) == ("Statkraft 100", "source")
    assert "'Borga, i Ångermanälven. Ägs av Statkraft Sverige.'" in dams.loc["Borgasjön", "owner_source"]
    for name in ("Storsjouten", "Ormsjön"):
        assert (dams.loc[name, "owners"], dams.loc[name, "owner_confidence"]) == ("", "unknown")
        assert "not a source for" in dams.loc[name, "owner_note"]
    assert reservoirs["capacity_source"].str.contains("anzelius/CapacityExpansionHeuristics").all()
    assert [source.split(": ")[1].split(",")[0] for source in reservoirs["capacity_source"]] == [
        "Borgasjön 248 Mm³", "Storsjouten 264 Mm³", "Ormsjön 168 Mm³"]
    # Borgasjön at SMHI's gauge BORGA NEDRE (1581) as listed in the reference station table.
    assert (dams.loc["Borgasjön", "lat"], dams.loc["Borgasjön", "lon"]) == (64.8028, 15.0251)
    assert "BORGA NEDRE (1581" in dams.loc["Borgasjön", "coord_source"]
    # Its dam stands at Borgafjäll, in Dorotea; the lake lies on the län border, so Strömsund is named as the doubt.
    assert (dams.loc["Borgasjön", "kommun"], dams.loc["Borgasjön", "kommun_kod"]) == ("Dorotea", "2425")
    assert "Strömsund is the other possibility" in dams.loc["Borgasjön", "kommun_source"]
    # The other two stand on undrawn tributaries, drawn at the plant the model sends their water to; their
    # lakes' kommuner are sourced and are the structures' kommuner (Stor-Sjouten: Strömsund; Ormsjön: Dorotea,
    # 17 km from the point shown).
    for name, plant in (("Storsjouten", "Korsselbränna"), ("Ormsjön", "Borgforsen")):
        assert dams.loc[name, "tributary"] != "" and dams.loc[name, "coord_quality"] == "proxy"
        assert dams.loc[name, "geometry"].distance(dams.loc[plant, "geometry"]) < 1
        assert "the dam's own position is not in the sources" in dams.loc[name, "kommun_source"]
    assert "Bebyggelseregistret" in dams.loc["Storsjouten", "kommun_source"]
    assert "the lake, and so the dam at its outlet, lies in Dorotea kommun" in dams.loc["Ormsjön", "kommun_source"]
    assert (dams.loc["Ormsjön", "kommun"], dams.loc["Ormsjön", "kommun_kod"], dams.loc["Ormsjön", "lan_kod"]) == (
        "Dorotea", "2425", "24")


def test_unsourced_positions_and_owners_say_the_reference_was_checked():
    dams = read_dams().set_index("name")
    for name in ("Linnvasselv", "Storavan-Uddjaur"):
        assert dams.loc[name, "coord_quality"] == "proxy"
        assert "checked 2026-11-30 against ../shared/reference: no row in dams_three_rivers.csv" in dams.loc[
            name, "coord_source"]
    assert dams.loc["Vojmsjön", "owner_confidence"] == "unknown"
    assert dams.loc["Vojmsjön", "owner_note"].startswith("owner unverified (checked 2026-11-30 against ../shared/reference")
    # Linnvasselv: CARMA 2009 names E.ON AG, whose hydropower became Uniper's: inferred, and said so.
    assert (dams.loc["Linnvasselv", "owners"], dams.loc["Linnvasselv", "owner_confidence"]) == ("Uniper 100", "inferred")
    assert "'E.ON AG'" in dams.loc["Linnvasselv", "owner_source"]
    # JRC and ENTSO-E give 31 MW (in Norway), the cascade model 73 MW: both kept, the registries' value shown.
    assert (dams.loc["Linnvasselv", "capacity_mw"], dams.loc["Linnvasselv", "capacity_alt_mw"]) == (31, 73)


def test_vojman_is_drawn_through_smhis_gauges_and_ends_in_volgsjon_on_angermanalven():
    from shapely.geometry import Point

    rivers = read_rivers().set_index("river")
    vojman = rivers.loc["Vojmån"]
    assert vojman["system"] == "Ångermanälven" and vojman["flows_into"] == "Ångermanälven"
    assert vojman["in_schematic"] == "no"
    # The gauges it is drawn through lie on it (FÄTTJAURE 1425, VOJMSJÖLUSPEN 20031).
    from geodata.stations import read_station_points

    stations = read_station_points().set_index("station_id")
    for station in ("1425", "20031"):
        assert vojman.geometry.distance(stations.geometry[station]) < 100, station
    mouth = Point(vojman.geometry.coords[-1])
    assert rivers.geometry["Ångermanälven"].distance(mouth) < 100
    # It ends in Volgsjön above Volgsjöfors: a failure of Vojmsjön reaches Volgsjöfors first.
    from geodata.downstream import downstream_of

    reach = downstream_of("Vojmsjön")
    assert reach.segments[0].river == "Vojmån" and reach.segments[1].river == "Ångermanälven"
    assert list(reach.dams["name"])[:2] == ["Volgsjöfors", "Stenkullafors"]
