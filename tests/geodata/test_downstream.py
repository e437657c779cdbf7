"""Downstream queries: on the curated layers and on a small network built in code."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point, box

from geodata.downstream import (
    UnknownDamError,
    dams_on_river,
    downstream_of,
    stations_around_dam,
    stations_around_dams,
)
from geodata.layers import read_dams, read_rivers


def test_harrsele_failure_reaches_vannas_and_umea():
    reach = downstream_of("Harrsele")
    assert list(reach.kommuner["kommun"]) == ["Vännäs", "Umeå"]
    assert list(reach.dams["name"]) == ["Pengfors", "Stornorrfors"]
    assert list(reach.lan["lan"]) == ["Västerbottens län"]
    assert {"Vännäsby", "Umeå", "Holmsund"} <= set(reach.places["place"])
    assert reach.kommuner["distance_km"].iloc[0] == 0.0


@pytest.mark.parametrize("dam", ["Harrsele", "Pengfors"])
def test_dams_above_the_vindelalven_confluence_pass_vannasby(dam):
    places = downstream_of(dam).places.set_index("place")
    assert places.loc["Vännäsby", "distance_km"] > 0


def test_stornorrfors_is_below_vannasby():
    assert "Vännäsby" not in set(downstream_of("Stornorrfors").places["place"])


def test_tributary_failure_follows_the_confluence_to_the_sea():
    reach = downstream_of("Hjälta")
    assert list(reach.dams["name"]) == ["Sollefteåforsen"]
    assert list(reach.kommuner["kommun"]) == ["Sollefteå", "Kramfors", "Härnösand"]
    assert [s.river for s in reach.segments] == ["Faxälven", "Ångermanälven"]


def test_cascade_skips_stations_on_side_tributaries():
    names = set(downstream_of("Klippen").dams["name"])
    assert {"Gejmån", "Abelvattnet", "Juktan"}.isdisjoint(names)
    assert "Stornorrfors" in names


def test_hallby_reaches_nyland_through_the_cascade_and_ignores_boundary_artefacts():
    reach = downstream_of("Hällby")
    assert "Örnsköldsvik" not in set(reach.kommuner["kommun"])
    assert list(reach.dams["name"])[:3] == ["Gulsele", "Degerforsen", "Edensforsen"]
    nyland = reach.places.set_index("place").loc["Nyland", "distance_km"]
    assert 140 < nyland < 190  # sanity: Hällby–Nyland is roughly 160 km along the river


def test_vindelalven_has_no_dam_to_fail():
    assert dams_on_river("Vindelälven").empty
    with pytest.raises(UnknownDamError) as error:
        downstream_of("Vindelälven")
    assert str(error.value) == "Vindelälven är oreglerad (skyddad nationalälv) och har inga dammar."


def test_unknown_dam_gives_a_swedish_message():
    with pytest.raises(UnknownDamError) as error:
        downstream_of("  Hoover ")
    assert str(error.value) == "Okänd damm: ”Hoover”. Välj en damm ur listan."


def test_names_are_matched_without_case():
    assert downstream_of("harrsele").dam == "Harrsele"


# A small network built in code (metres, EPSG:3006): a main river running east 0..100 km, a tributary
# coming from the north joining at 40 km; kommun A covers x < 50 km, kommun B x >= 50 km.
CRS = "EPSG:3006"


def _network():
    rivers = gpd.GeoDataFrame(
        {
            "river": ["Main", "Trib"],
            "system": ["S", "S"],
            "flows_into": ["", "Main"],
            "length_factor": [1.0, 2.0],
            "geometry": [LineString([(0, 0), (100_000, 0)]), LineString([(40_000, 30_000), (40_000, 0)])],
        },
        crs=CRS,
    )
    dams = gpd.GeoDataFrame(
        {
            "name": ["Upper", "Lower", "Side"],
            "system": ["S", "S", "S"],
            "river": ["Main", "Main", "Trib"],
            "owners_sv": ["X", "Y", "Z"],
            "capacity_mw": [10.0, 20.0, 5.0],
            "kommun": ["A", "B", "A"],
            "kommun_kod": ["0001", "0002", "0001"],
            "distance_exception": ["", "", ""],
            "order_from_source": [1, 2, 1],
            "geometry": [Point(10_000, 0), Point(70_000, 0), Point(40_000, 20_000)],
        },
        crs=CRS,
    )
    kommuner = gpd.GeoDataFrame(
        {"kommun_kod": ["0001", "0002"], "kommun": ["A", "B"],
         "geometry": [box(-1_000, -50_000, 50_000, 50_000), box(50_000, -50_000, 101_000, 50_000)]},
        crs=CRS,
    )
    lan = gpd.GeoDataFrame({"lan_kod": ["00"], "lan": ["Testlän"], "geometry": [box(-1, -1, 1, 1)]}, crs=CRS)
    places = gpd.GeoDataFrame(
        {"place": ["Town"], "river": ["Main"], "kommun": ["B"], "kommun_kod": ["0002"], "geometry": [Point(90_000, 0)]},
        crs=CRS,
    )
    along = pd.DataFrame(
        {"river": ["Main", "Main", "Trib"], "kommun": ["A", "B", "A"], "kommun_kod": ["0001", "0002", "0001"],
         "on_river": ["yes", "yes", "yes"]}
    )
    return dict(dams=dams, rivers=rivers, kommuner=kommuner, lan=lan, places=places, kommuner_along=along)


def test_distances_on_a_built_network_follow_confluence_and_length_factor():
    reach = downstream_of("Side", **_network())
    # 20 km on Trib (factor 2 → 40 km), then 40 → 100 km on Main (60 km).
    assert reach.line.length == pytest.approx(80_000)
    pd.testing.assert_frame_equal(
        reach.dams,
        pd.DataFrame({"name": ["Lower"], "river": ["Main"], "owners_sv": ["Y"], "capacity_mw": [20.0],
                      "kommun": ["B"], "distance_km": [70.0]}),
    )
    pd.testing.assert_frame_equal(
        reach.kommuner,
        pd.DataFrame({"kommun": ["A", "B"], "kommun_kod": ["0001", "0002"], "lan_kod": ["00", "00"],
                      "lan": ["Testlän", "Testlän"], "distance_km": [0.0, 50.0]}),
        check_dtype=False,
    )
    assert reach.places.set_index("place").loc["Town", "distance_km"] == pytest.approx(90.0)


def test_upper_dam_sees_the_lower_one_but_not_the_side_one():
    reach = downstream_of("Upper", **_network())
    assert list(reach.dams["name"]) == ["Lower"]
    assert reach.dams["distance_km"].iloc[0] == pytest.approx(60.0)


def test_stations_around_a_dam_on_the_curated_rivers():
    stations = pd.DataFrame(
        {"name": ["Ovan", "Nedan", "Långt bort"], "lat": [64.10, 63.917, 60.0], "lon": [19.53, 19.80, 15.0]}
    )
    upstream, downstream = stations_around_dam("Harrsele", stations)
    assert upstream["name"] == "Ovan" and upstream["distance_km"] < 0
    assert downstream["name"] == "Nedan" and downstream["distance_km"] > 0


def test_many_dams_at_once_agree_with_one_at_a_time_and_carry_the_current_flows():
    stations = pd.DataFrame({"name": ["Ovan", "Nedan", "Långt bort"], "lat": [64.10, 63.917, 60.0],
                             "lon": [19.53, 19.80, 15.0], "discharge_m3s": [410.0, 560.0, 3.0]})
    dams = ["Harrsele", "Pengfors", "Stornorrfors", "Hällby"]
    around = stations_around_dams(dams, stations)
    for dam in dams:
        for alone, together in zip(stations_around_dam(dam, stations), around[dam], strict=True):
            assert (alone is None) == (together is None)
            if alone is not None:
                assert together.to_dict() == alone.to_dict()
    # The geometry is remembered per set of positions; new flows at the same places are picked up.
    later = stations_around_dams(dams, stations.assign(discharge_m3s=[900.0, 1200.0, 5.0]))
    assert later["Harrsele"][1]["discharge_m3s"] == 1200.0


def test_lovon_on_faxalven_fails_into_the_faxalven_cascade_and_then_angermanalven():
    reach = downstream_of("Lövön")
    assert list(reach.dams["name"]) == [
        "Storfinnforsen", "Ramsele", "Edsele", "Forsse", "Hjälta", "Sollefteåforsen",
    ]
    assert list(reach.kommuner["kommun"])[:2] == ["Strömsund", "Sollefteå"]
    assert list(reach.lan["lan"])[:2] == ["Jämtlands län", "Västernorrlands län"]


def test_klingerforsen_on_flasjoan_reaches_hoting_before_the_fjallsjoalven_cascade():
    reach = downstream_of("Klingerforsen")
    assert list(reach.dams["name"])[:2] == ["Hoting", "Borgforsen"]
    assert "Kilforsen" in set(reach.dams["name"])
    assert reach.segments[0].river == "Flåsjöån" and reach.segments[1].river == "Fjällsjöälven"


def test_regulation_dams_fail_like_power_stations():
    hornavan = downstream_of("Hornavan")
    assert list(hornavan.dams["name"])[:3] == ["Storavan-Uddjaur", "Bergnäs", "Slagnäs"]
    assert list(downstream_of("Kvistforsen").dams["name"]) == ["Bergsbyn"]
    assert list(downstream_of("Ransaren").dams["name"])[:2] == ["Stalon", "Malgomaj"]


def test_the_regulation_dams_and_plant_added_in_issue_16_fail_down_their_cascade():
    # Storavan-Uddjaur's dam is drawn at Bergnäs power station (same outlet): Bergnäs is the next
    # dam below, 0 km away, then the rest of Skellefteälven to Kvistforsen and Bergsbyn.
    storavan = downstream_of("Storavan-Uddjaur")
    assert list(storavan.dams["name"])[:3] == ["Bergnäs", "Slagnäs", "Bastusel"]
    assert storavan.dams["distance_km"].iloc[0] == 0
    assert list(storavan.dams["name"])[-2:] == ["Kvistforsen", "Bergsbyn"]
    assert list(storavan.kommuner["kommun"]) == ["Arjeplog", "Arvidsjaur", "Sorsele", "Malå", "Norsjö", "Skellefteå"]
    # Bergnäs failing does not send a wave up into the regulation dam at its own point.
    assert "Storavan-Uddjaur" not in set(downstream_of("Bergnäs").dams["name"])
    # Sädvajaure's and Rebnisjaure's regulation dams are drawn at Sädva's and Rebnis's stations: the
    # station is the next dam below (0 km), and the whole Skellefteälven cascade follows down to Bergsbyn.
    sadvajaure = downstream_of("Sädvajaure")
    assert list(sadvajaure.dams["name"])[:6] == ["Sädva", "Rebnisjaure", "Rebnis", "Hornavan", "Storavan-Uddjaur",
                                                  "Bergnäs"]
    assert sadvajaure.dams["distance_km"].iloc[0] == 0
    assert list(sadvajaure.dams["name"])[-1] == "Bergsbyn"
    assert list(downstream_of("Rebnisjaure").dams["name"])[:2] == ["Rebnis", "Hornavan"]
    assert list(downstream_of("Sädva").dams["name"])[:2] == ["Rebnisjaure", "Rebnis"]
    assert "Sädvajaure" not in set(downstream_of("Sädva").dams["name"])
    # Vojmsjön's water reaches Ångermanälven in Volgsjön: Volgsjöfors is the first dam below, and the
    # wave reaches the coast through Åsele, Sollefteå, Kramfors and Härnösand.
    vojmsjon = downstream_of("Vojmsjön")
    assert list(vojmsjon.dams["name"])[:3] == ["Volgsjöfors", "Stenkullafors", "Åsele"]
    assert "Malgomaj" not in set(vojmsjon.dams["name"])
    assert list(vojmsjon.kommuner["kommun"]) == ["Vilhelmina", "Åsele", "Sollefteå", "Kramfors", "Härnösand"]
    # Linnvasselv discharges into Gäddede's reservoir: the whole Faxälven cascade lies below it.
    linnvasselv = downstream_of("Linnvasselv")
    assert list(linnvasselv.dams["name"])[:5] == ["Gäddede", "Bågede", "Lövön", "Storfinnforsen", "Ramsele"]
    assert list(linnvasselv.kommuner["kommun"])[:2] == ["Strömsund", "Sollefteå"]


def test_klingerforsen_lies_on_the_flasjoan_line_at_smhis_outlet_gauge():
    dams = read_dams().set_index("name")
    rivers = read_rivers().set_index("river")
    klingerforsen = dams.loc["Klingerforsen"]
    assert rivers.geometry["Flåsjöån"].distance(klingerforsen.geometry) < 1.0
    # From Flåsjön's outlet to Grundfjärden at Hoting: about 12 km drawn.
    assert 10_000 < rivers.geometry["Flåsjöån"].length < 15_000
    assert list(downstream_of("Klingerforsen").dams["name"])[:2] == ["Hoting", "Borgforsen"]


def test_the_cascade_models_regulation_reservoirs_fail_into_the_plant_the_model_names():
    # anzelius/CapacityExpansionHeuristics Ångermanälven/network.jl: Borgasjön spills to Dabbsjö,
    # Storsjouten to Bergvattnet and Korsselbränna, Ormsjön to Borgforsen.
    assert list(downstream_of("Borgasjön").dams["name"])[:2] == ["Dabbsjö", "Korsselbränna"]
    storsjouten = downstream_of("Storsjouten").dams
    assert list(storsjouten["name"])[:2] == ["Korsselbränna", "Tåsjö"]
    assert storsjouten["distance_km"].iloc[0] == 0
    ormsjon = downstream_of("Ormsjön")
    assert list(ormsjon.dams["name"])[:2] == ["Borgforsen", "Bodum"]
    # The wave starts in Dorotea, where the lake and its dam lie, and reaches Fjällsjöälven in Strömsund.
    assert list(ormsjon.kommuner["kommun"]) == ["Dorotea", "Strömsund", "Sollefteå", "Kramfors", "Härnösand"]


def test_a_wave_on_the_drawn_river_never_runs_up_an_undrawn_tributary():
    # Vojmsjön, Linnvasselv, Storsjouten and Ormsjön stand on tributaries that are not drawn; their
    # points are where that water reaches the line, so a dam above that point must not list them.
    assert "Vojmsjön" not in set(downstream_of("Malgomaj").dams["name"])
    assert "Linnvasselv" not in set(downstream_of("Junsterforsen").dams["name"])
    assert "Storsjouten" not in set(downstream_of("Dabbsjö").dams["name"])
    assert "Ormsjön" not in set(downstream_of("Hoting").dams["name"])
    assert list(downstream_of("Hoting").dams["name"])[:2] == ["Borgforsen", "Bodum"]
