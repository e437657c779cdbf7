"""Arrival-time estimates, owner CSV import and validation (Swedish messages naming the line)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from shapely.geometry import LineString

from geodata.arrival import (
    ArrivalImportError,
    apply_owner_arrivals,
    arrival_table_sv,
    estimate_arrivals,
    format_hours_sv,
    parse_arrival_csv,
)
from geodata.downstream import DownstreamReach, downstream_of

DAMS = ["Hällby", "Harrsele", "Stornorrfors"]


def _reach() -> DownstreamReach:
    return DownstreamReach(
        dam="Hällby", system="Ångermanälven", line=LineString([(0, 0), (1, 1)]),
        dams=pd.DataFrame({"name": ["Gulsele"], "river": ["Ångermanälven"], "owners_sv": ["Uniper"],
                           "capacity_mw": [68.0], "kommun": ["Sollefteå"], "distance_km": [18.0]}),
        kommuner=pd.DataFrame({"kommun": ["Sollefteå", "Kramfors"], "kommun_kod": ["2283", "2282"],
                               "lan_kod": ["22", "22"], "distance_km": [0.0, 144.0]}),
        lan=pd.DataFrame({"lan_kod": ["22"], "lan": ["Västernorrlands län"], "distance_km": [0.0]}),
        places=pd.DataFrame({"place": ["Nyland"], "kommun": ["Kramfors"], "distance_km": [180.0]}),
    )


def test_estimate_divides_distance_by_the_celerity_range():
    table = estimate_arrivals(_reach(), celerity_ms=(1.0, 5.0))
    assert list(table["place"]) == ["Sollefteå", "Gulsele", "Kramfors", "Nyland"]
    nyland = table.set_index("place").loc["Nyland"]
    assert nyland["arrival_from_h"] == pytest.approx(10.0)  # 180 km at 5 m/s
    assert nyland["arrival_to_h"] == pytest.approx(50.0)  # 180 km at 1 m/s
    assert table["is_estimate"].all() and set(table["label"]) == {"grov uppskattning"}
    assert table["peak_m3s"].isna().all()


def test_bad_celerity_range_is_refused():
    with pytest.raises(ValueError):
        estimate_arrivals(_reach(), celerity_ms=(3.0, 1.0))


def test_kramfors_fact_lies_inside_the_estimated_range():
    # Kramfors kommun: after a failure of Hällbydammen water reaches Nyland in 10–12 hours.
    nyland = estimate_arrivals(downstream_of("Hällby")).set_index("place").loc["Nyland"]
    assert nyland["arrival_from_h"] <= 10 and nyland["arrival_to_h"] >= 12


def test_owner_data_replaces_the_estimate_and_is_labelled():
    owner = parse_arrival_csv(
        "dam,place,arrival_h,peak_m3s,source\nHällby,Nyland,10–12,4500,Kramfors kommun\n", DAMS
    )
    table = apply_owner_arrivals(estimate_arrivals(_reach()), owner).set_index("place")
    assert table.loc["Nyland", "arrival_from_h"] == 10 and table.loc["Nyland", "arrival_to_h"] == 12
    assert table.loc["Nyland", "peak_m3s"] == 4500
    assert table.loc["Nyland", "label"] == "dammägarens uppgift"
    assert not table.loc["Nyland", "is_estimate"]
    assert table.loc["Gulsele", "label"] == "grov uppskattning"


def test_owner_place_unknown_to_the_estimate_is_added_not_dropped():
    owner = parse_arrival_csv("dam,kommun,arrival_h,peak_m3s,source\nhällby,Bollstabruk,9,,Studie 2019\n", DAMS)
    table = apply_owner_arrivals(estimate_arrivals(_reach()), owner)
    added = table[table["place"] == "Bollstabruk"].iloc[0]
    assert added["dam"] == "Hällby" and added["place_type"] == "uppgift" and math.isnan(added["distance_km"])


def test_owner_rows_for_other_dams_do_not_touch_this_table():
    owner = parse_arrival_csv("dam,place,arrival_h,peak_m3s,source\nHarrsele,Nyland,1,,X\n", DAMS)
    table = apply_owner_arrivals(estimate_arrivals(_reach()), owner)
    assert table["is_estimate"].all()


def test_semicolon_bom_and_decimal_comma_are_accepted():
    data = "\ufeffdam;place;arrival_h;peak_m3s;source\nStornorrfors;Umeå;2,5;3 000;Vattenfall\n".encode()
    owner = parse_arrival_csv(data, DAMS)
    assert owner.loc[0, ["arrival_from_h", "arrival_to_h", "peak_m3s"]].tolist() == [2.5, 2.5, 3000.0]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("dam,plats,tid\n", "Rad 1: fel kolumner ”dam,plats,tid”. Förväntade: dam,place,arrival_h,peak_m3s,source.", 1),
        ("dam,place,arrival_h,peak_m3s,source\nHällby,Nyland,11,,K\nHoover,Nyland,3,,K\n", "Rad 3: okänd damm ”Hoover”.", 3),
        ("dam,place,arrival_h,peak_m3s,source\nHällby,Nyland,-4,,K\n", "Rad 2: arrival_h får inte vara negativ (”-4”).", 2),
        ("dam,place,arrival_h,peak_m3s,source\nHällby,Nyland,snart,,K\n",
         "Rad 2: arrival_h ”snart” är inte ett antal timmar (t.ex. 11 eller 10–12).", 2),
        ("dam,place,arrival_h,peak_m3s,source\nHällby,Nyland,11,mycket,K\n", "Rad 2: peak_m3s ”mycket” är inte ett tal (m³/s).", 2),
        ("dam,place,arrival_h,peak_m3s,source\nHällby,Nyland,11,-5,K\n",
         "Rad 2: peak_m3s får inte vara negativ eller ogiltig (”-5”).", 2),
        ("dam,place,arrival_h,peak_m3s,source\nHällby,,11,,K\n", "Rad 2: plats/kommun saknas.", 2),
        ("dam,place,arrival_h,peak_m3s,source\nHällby,Nyland,11,,\n", "Rad 2: källa saknas.", 2),
        ("dam,place,arrival_h,peak_m3s,source\nHällby,Nyland,11\n", "Rad 2: 3 fält, förväntade 5.", 2),
        ("dam,place,arrival_h,peak_m3s,source\nHällby,Nyland,12-10,,K\n",
         "Rad 2: arrival_h ”12-10”: första värdet är större än andra.", 2),
        ("dam,place,arrival_h,peak_m3s,source\n", "Filen har inga datarader under rubrikraden.", None),
        ("", "Filen är tom. Första raden ska vara: dam,place,arrival_h,peak_m3s,source.", 1),
    ],
)
def test_bad_files_raise_with_a_swedish_message_naming_the_line(text, message, line):
    with pytest.raises(ArrivalImportError) as error:
        parse_arrival_csv(text, DAMS)
    assert str(error.value) == message
    assert error.value.line == line


def test_non_utf8_bytes_are_refused():
    with pytest.raises(ArrivalImportError, match="UTF-8"):
        parse_arrival_csv("dam,place\nHällby".encode("utf-16"), DAMS)


@pytest.mark.parametrize(("low", "high", "text"), [(10.2, 11.8, "10–12 h"), (3, 3, "3 h"), (0.1, 0.4, "under 1 h")])
def test_hours_are_formatted_in_swedish(low, high, text):
    assert format_hours_sv(low, high) == text


def test_swedish_table_has_units_in_headings():
    table = arrival_table_sv(estimate_arrivals(_reach()))
    assert list(table.columns) == [
        "Plats", "Typ", "Kommun", "Avstånd längs älven (km)", "Ankomst efter brott", "Toppflöde (m³/s)",
        "Uppgiftens art", "Källa",
    ]
    assert table.iloc[-1]["Ankomst efter brott"] == "10–50 h"
    assert table.iloc[-1]["Toppflöde (m³/s)"] == "–"
