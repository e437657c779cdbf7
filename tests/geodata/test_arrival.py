"""Arrival times: the calibrated estimate, owner files matched by name and kind, clock times."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from shapely.geometry import LineString

from geodata.arrival import (
    ArrivalImportError,
    CelerityRange,
    apply_owner_arrivals,
    arrival_clock_times,
    arrival_table_sv,
    celerity_from_cases,
    estimate_arrivals,
    estimate_basis_sv,
    format_hours_sv,
    parse_arrival_csv,
    peak_assumption_of,
    peak_assumption_sv,
    places_below,
    read_calibrated_celerity,
)
from geodata.downstream import DownstreamReach, downstream_of

DAMS = ["Hällby", "Harrsele", "Stornorrfors"]
HEADER = "damm,plats,typ,ankomst_h,topp_h,toppflode_m3s,hogsta_niva_m,kalla\n"


def _reach() -> DownstreamReach:
    return DownstreamReach(
        dam="Hällby", system="Ångermanälven", line=LineString([(0, 0), (1, 1)]),
        dams=pd.DataFrame({"name": ["Gulsele"], "river": ["Ångermanälven"], "owners_sv": ["Uniper"],
                           "capacity_mw": [68.0], "kommun": ["Sollefteå"], "distance_km": [18.0]}),
        kommuner=pd.DataFrame({"kommun": ["Sollefteå", "Kramfors"], "kommun_kod": ["2283", "2282"],
                               "lan_kod": ["22", "22"], "distance_km": [0.0, 144.0]}),
        lan=pd.DataFrame({"lan_kod": ["22"], "lan": ["Västernorrlands län"], "distance_km": [0.0]}),
        places=pd.DataFrame({"place": ["Sollefteå", "Nyland"], "kommun": ["Sollefteå", "Kramfors"],
                             "distance_km": [120.0, 180.0]}),
    )


REACHES = {"Hällby": places_below(_reach())}
FLAT = CelerityRange(2.0, 5.0, "test")


def test_estimate_divides_distance_by_the_speed_range_and_the_peak_follows():
    table = estimate_arrivals(_reach(), FLAT)
    assert list(zip(table["place"], table["place_type"], strict=True)) == [
        ("Sollefteå", "kommun"), ("Gulsele", "damm"), ("Sollefteå", "ort"), ("Kramfors", "kommun"), ("Nyland", "ort"),
    ]
    nyland = table.set_index("place").loc["Nyland"]
    assert nyland["front_from_h"] == pytest.approx(10.0)  # 180 km at 5 m/s
    assert nyland["front_to_h"] == pytest.approx(25.0)  # 180 km at 2 m/s
    assert (nyland["peak_from_h"], nyland["peak_to_h"]) == pytest.approx((11.0, 28.0))
    assert table["is_estimate"].all() and set(table["label"]) == {"grov uppskattning"}
    assert table["peak_m3s"].isna().all()


def test_bad_speed_range_is_refused():
    with pytest.raises(ValueError):
        estimate_arrivals(_reach(), CelerityRange(3.0, 1.0, "fel"))


def test_speed_range_is_calibrated_on_the_published_cases_and_says_so():
    cases = pd.DataFrame({"dam": ["Hällby"], "place": ["Nyland"], "distance_km": [162.0], "hours_from": [10.0],
                          "hours_to": [12.0], "source": ["Kramfors kommun, information"]})
    speed = celerity_from_cases(cases, margin=0.3)
    assert speed.fast_ms == pytest.approx(162_000 / 36_000 * 1.3)
    assert speed.slow_ms == pytest.approx(162_000 / 43_200 / 1.3)
    assert "Kramfors kommun: Hällby–Nyland 10–12 h över 162 km" in speed.basis_sv


def test_nyland_estimate_for_hallby_lies_within_6_to_16_hours_and_holds_kramfors_10_to_12():
    table = estimate_arrivals(downstream_of("Hällby"), read_calibrated_celerity())
    nyland = table[(table["place"] == "Nyland") & (table["place_type"] == "ort")].iloc[0]
    assert 6 <= nyland["front_from_h"] <= 10 and 12 <= nyland["front_to_h"] <= 16
    assert nyland["source"].startswith("Avstånd längs älven delat med 2,9–5,9 m/s")


def test_owner_data_replaces_the_estimate_by_name_and_kind():
    owner = parse_arrival_csv(HEADER + "Hällbydammen,Sollefteå,ort,8,9–10,5200,12.4,Uniper DBU 2019\n", REACHES)
    table = apply_owner_arrivals(estimate_arrivals(_reach(), FLAT), owner)
    town = table[(table["place"] == "Sollefteå") & (table["place_type"] == "ort")].iloc[0]
    border = table[(table["place"] == "Sollefteå") & (table["place_type"] == "kommun")].iloc[0]
    assert (town["front_from_h"], town["peak_to_h"], town["peak_m3s"], town["max_level_m"]) == (8, 10, 5200, 12.4)
    assert (town["label"], town["is_estimate"]) == ("dammägarens uppgift", False)
    # The kommun border of the same name keeps its estimate: a town's 8 h never lands on it.
    assert (border["front_from_h"], border["label"]) == (0.0, "grov uppskattning")


def test_owner_row_without_peak_time_keeps_the_assumed_lag_after_the_owners_front():
    owner = parse_arrival_csv("dam,place,kind,front_h,source\nHällby,Nyland,town,10–12,Kramfors kommun\n", REACHES)
    nyland = apply_owner_arrivals(estimate_arrivals(_reach(), FLAT), owner).set_index("place").loc["Nyland"]
    assert (nyland["front_from_h"], nyland["front_to_h"], nyland["peak_from_h"], nyland["peak_to_h"]) == (10, 12, 11, 15)
    assert math.isnan(nyland["peak_m3s"])
    assert bool(nyland["peak_assumed"])  # the owner's front, but the peak is still our assumption


def test_the_owners_time_to_peak_is_used_and_every_other_peak_is_said_to_be_assumed():
    owner = parse_arrival_csv(HEADER + "Hällby,Nyland,ort,10–12,13–15,,,Uniper DBU 2019\n", REACHES)
    table = apply_owner_arrivals(estimate_arrivals(_reach(), FLAT), owner)
    nyland = table.set_index("place").loc["Nyland"]
    assert (nyland["peak_from_h"], nyland["peak_to_h"], bool(nyland["peak_assumed"])) == (13, 15, False)
    assert list(table["peak_assumed"]) == [True, True, True, True, False]
    assert peak_assumption_of(table) == (
        "Högsta flöde (toppen): för 4 av 5 platser har dammägaren inte lämnat någon tid. Där räknar vi med att "
        "toppen kommer 1–3 timmar efter fronten. Det är ett antagande, ingen beräkning: nära dammen kommer toppen "
        "strax efter fronten, längre ned sprids vågen ut och toppen kan komma senare. Dammägarens "
        "flodvågsberäkning (dammbrottsutredning) ger den verkliga tiden."
    )
    shown = arrival_table_sv(table).set_index("Plats")
    assert shown.loc["Nyland", "Toppen efter brott"] == "13–15 h"
    assert shown.loc["Gulsele", "Toppen efter brott"].endswith(" h (antagande)")
    assert peak_assumption_sv(5, 5).startswith("Högsta flöde (toppen): för alla platser har dammägaren")
    assert peak_assumption_sv(0, 5) == ""
    # One screen line for the meeting screen, saying the same.
    assert peak_assumption_of(table, short=True) == (
        "Toppen (högsta flöde) antas komma 1–3 timmar efter fronten för 4 av 5 platser: ett antagande, ingen "
        "beräkning.")
    assert peak_assumption_of(table.assign(peak_assumed=False), short=True) == ""


def _monotone_downstream(table: pd.DataFrame) -> bool:
    ordered = table.sort_values("distance_km", kind="stable")
    return all(ordered[column].is_monotonic_increasing
               for column in ("front_from_h", "front_to_h", "peak_from_h", "peak_to_h"))


def test_an_estimate_below_an_owner_figure_is_never_earlier_than_it():
    """Owner: the town of Sollefteå (120 km) 12–14 h, later than the estimate there (6.7–16.7 h at 2–5 m/s).
    Below it the estimate starts at the owner's time plus the way at the fastest speed (5 m/s = 18 km/h)."""
    owner = parse_arrival_csv(HEADER + "Hällby,Sollefteå,ort,12–14,,,,Uniper DBU 2019\n", REACHES)
    table = apply_owner_arrivals(estimate_arrivals(_reach(), FLAT), owner).set_index(["place", "place_type"])
    border, nyland = table.loc[("Kramfors", "kommun")], table.loc[("Nyland", "ort")]
    assert (border["front_from_h"], border["front_to_h"]) == pytest.approx((12 + 24 / 18, 144 / 7.2))
    assert (nyland["front_from_h"], nyland["front_to_h"]) == pytest.approx((12 + 60 / 18, 180 / 7.2))
    assert (nyland["peak_from_h"], nyland["peak_to_h"]) == pytest.approx((12 + 60 / 18 + 1, 180 / 7.2 + 3))
    assert (nyland["label"], bool(nyland["is_estimate"])) == ("grov uppskattning", True)
    assert nyland["source"] == ("test Justerad efter dammägarens uppgifter (Sollefteå 12–14 h): vågen når inte en "
                                "plats förrän den har passerat platserna ovanför.")
    # Above the owner's place nothing had to move, and says nothing.
    assert table.loc[("Gulsele", "damm"), "source"] == "test"
    assert _monotone_downstream(table.reset_index())


def test_the_warning_says_what_the_kalla_column_says():
    """The warning above the table names each estimated row's basis and, where an owner figure moved an
    estimate, the Källa column's own note: not just the first estimated row's source."""
    plain = estimate_arrivals(_reach(), FLAT)
    assert estimate_basis_sv(plain) == "Grov uppskattning för alla platser: test"
    owner = parse_arrival_csv(HEADER + "Hällby,Sollefteå,ort,12–14,,,,Uniper DBU 2019\n", REACHES)
    table = apply_owner_arrivals(plain, owner)
    sources = list(table.loc[table["is_estimate"], "source"])
    # Gulsele and the Sollefteå border (above the owner's town) are unchanged; Kramfors border and Nyland moved.
    note = "Justerad efter dammägarens uppgifter (Sollefteå 12–14 h): vågen når inte en plats förrän den har " \
           "passerat platserna ovanför."
    assert sources == ["test", "test", f"test {note}", f"test {note}"]
    assert estimate_basis_sv(table) == (
        "Grov uppskattning för 4 av 5 platser: test Justerad efter dammägarens uppgifter (Sollefteå 12–14 h) för "
        "2 av dem: vågen når inte en plats förrän den har passerat platserna ovanför.")
    # Every estimated row's Källa is the warning's basis, or the basis and the warning's adjustment words.
    warning = estimate_basis_sv(table)
    for source in sources:
        basis, _, added = source.partition(" ")
        assert basis in warning and (not added or added.split(" (")[0] in warning and added.endswith(
            warning.rsplit(": ", 1)[1]))
    assert estimate_basis_sv(table.assign(is_estimate=False)) == ""


def test_an_estimate_above_an_owner_figure_is_never_later_than_it():
    """Owner: Nyland (180 km) 6–8 h, faster than the estimate (10–25 h). The places above cannot be reached later."""
    owner = parse_arrival_csv(HEADER + "Hällby,Nyland,ort,6–8,9–10,,,Uniper DBU 2019\n", REACHES)
    table = apply_owner_arrivals(estimate_arrivals(_reach(), FLAT), owner)
    by_place = table.set_index(["place", "place_type"])
    assert (by_place.loc[("Kramfors", "kommun"), "front_from_h"], by_place.loc[("Kramfors", "kommun"), "front_to_h"]) == (6, 8)
    assert by_place.loc[("Sollefteå", "ort"), "front_from_h"] == pytest.approx(6.0)
    assert by_place.loc[("Gulsele", "damm"), "front_to_h"] == pytest.approx(18 / 7.2)  # already earlier: unchanged
    assert _monotone_downstream(table)
    assert (table["peak_from_h"] >= table["front_from_h"]).all() and (table["peak_to_h"] >= table["front_to_h"]).all()


def test_hallby_with_the_owners_nyland_time_puts_kramfors_after_nyland():
    """The case found: owner data for Nyland only made the estimated town of Kramfors come before Nyland."""
    reach = downstream_of("Hällby")
    owner = parse_arrival_csv(HEADER + "Hällby,Nyland,ort,10–12,13–15,4100,,Uniper DBU 2019\n",
                              {"Hällby": places_below(reach)})
    table = apply_owner_arrivals(estimate_arrivals(reach), owner).set_index(["place", "place_type"])
    assert table.loc[("Kramfors", "ort"), "front_from_h"] > 10
    assert table.loc[("Kramfors", "ort"), "peak_from_h"] > 13
    assert table.loc[("Kramfors", "ort"), "label"] == "grov uppskattning"
    assert _monotone_downstream(table.reset_index())


def test_semicolons_and_decimal_commas_are_accepted():
    owner = parse_arrival_csv("damm;plats;typ;ankomst_h;toppflode_m3s;kalla\nHällby;Nyland;ort;2,5;3 000;X\n",
                              REACHES)
    assert owner.loc[0, ["front_from_h", "front_to_h", "peak_m3s"]].tolist() == [2.5, 2.5, 3000.0]


@pytest.mark.parametrize(
    ("rows", "problem", "line"),
    [
        ("Hällby,Nyland,kommungräns,8,,,,K\n",
         "Rad 2: ingen kommungräns ”Nyland” nedströms Hällby (finns som ort); raden kan inte kopplas till någon "
         "plats.", 2),
        ("Hällby,Bollstabruk,ort,9,,,,Studie\n",
         "Rad 2: ingen ort ”Bollstabruk” nedströms Hällby; raden kan inte kopplas till någon plats.", 2),
        ("Hällby,Nyland,ort,11,,,,K\nHoover,Nyland,ort,3,,,,K\n", "Rad 3: okänd damm ”Hoover”.", 3),
        ("Hällby,Nyland,ort,-4,,,,K\n", "Rad 2: ankomst_h får inte vara negativ (”-4”).", 2),
        ("Hällby,Nyland,ort,snart,,,,K\n", "Rad 2: ankomst_h ”snart” är inte ett antal timmar (t.ex. 11 eller 10–12).", 2),
        ("Hällby,Nyland,ort,11,,mycket,,K\n", "Rad 2: toppflode_m3s ”mycket” är inte ett tal (m³/s).", 2),
        ("Hällby,Nyland,ort,11,9,,,K\n", "Rad 2: toppen (topp_h) kan inte komma före fronten (ankomst_h).", 2),
        ("Hällby,Nyland,stad,11,,,,K\n", "Rad 2: typ ”stad” är okänd; skriv ort, damm eller kommungräns.", 2),
        ("Hällby,,ort,11,,,,K\n", "Rad 2: plats saknas.", 2),
        ("Hällby,Nyland,ort,11,,,,\n", "Rad 2: källa saknas.", 2),
        ("Hällby,Nyland,ort\n", "Rad 2: 3 fält, förväntade 8.", 2),
        # Huge numbers: 1e308 hours was accepted and then broke every page that turns hours into clock times.
        ("Hällby,Nyland,ort,1e308,,,,K\n",
         "Rad 2: ankomst_h ”1e308” är mer än 720 timmar (30 dygn) efter brottet; kontrollera värdet.", 2),
        ("Hällby,Nyland,ort,11,12–99999999999999999999,,,K\n",
         "Rad 2: topp_h ”12–99999999999999999999” är mer än 720 timmar (30 dygn) efter brottet; kontrollera värdet.", 2),
        ("Hällby,Nyland,ort,11,,1e308,,K\n",
         "Rad 2: toppflode_m3s ”1e308” ligger utanför 0 till 1\u202f000\u202f000 m³/s; kontrollera värdet.", 2),
        ("Hällby,Nyland,ort,11,,,99999,K\n",
         "Rad 2: hogsta_niva_m ”99999” ligger utanför -50 till 2\u202f000 meter; kontrollera värdet.", 2),
        ("Hällby,Nyland,ort,nan,,,,K\n", "Rad 2: ankomst_h ”nan” är inte ett antal timmar.", 2),
        ("Hällby,Nyland,ort,11,,inf,,K\n", "Rad 2: toppflode_m3s får inte vara negativ eller ogiltig (”inf”).", 2),
    ],
)
def test_bad_rows_are_reported_in_swedish_and_the_whole_file_refused(rows, problem, line):
    with pytest.raises(ArrivalImportError) as error:
        parse_arrival_csv(HEADER + rows, REACHES, known_dams=DAMS)
    assert error.value.problems == (problem,)
    assert str(error.value) == f"Filen importerades inte (1 rad med fel): {problem}"
    assert error.value.line == line


def test_a_quotation_mark_never_closed_is_a_row_problem_not_a_crash():
    """The csv module gathers every later line into one field until it passes its 128 KiB limit and
    raises; each line is within the line limit, so only the reader sees it."""
    lines = "\n".join(["Nyland ligger nedströms, " * 3] * 1_900)  # 1 900 lines, 145 000 characters
    with pytest.raises(ArrivalImportError) as error:
        parse_arrival_csv(HEADER + f'Hällby,"{lines}\n', REACHES, known_dams=DAMS)
    assert len(error.value.problems) == 1
    assert error.value.problems[0].endswith(": ett fält är för långt eller har ett citattecken (\") som aldrig avslutas.")


def test_every_bad_row_is_listed():
    with pytest.raises(ArrivalImportError) as error:
        parse_arrival_csv(HEADER + "Hällby,Nyland,ort,x,,,,K\nHällby,Nyland,ort,11,,,,K\nHällby,Ås,ort,1,,,,K\n", REACHES)
    assert [p.split(":")[0] for p in error.value.problems] == ["Rad 2", "Rad 4"]
    assert str(error.value).startswith("Filen importerades inte (2 rader med fel): Rad 2:")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("dam,plats,tid\n", "Rad 1: fel kolumner ”dam,plats,tid”. Förväntade: "
                            "damm,plats,typ,ankomst_h,topp_h,toppflode_m3s,hogsta_niva_m,kalla "
                            "(topp_h, toppflode_m3s och hogsta_niva_m får utelämnas)."),
        (HEADER, "Filen har inga datarader under rubrikraden."),
        ("", "Filen är tom. Första raden ska vara: damm,plats,typ,ankomst_h,topp_h,toppflode_m3s,hogsta_niva_m,kalla."),
    ],
)
def test_bad_files_raise_with_a_swedish_message(text, message):
    with pytest.raises(ArrivalImportError) as error:
        parse_arrival_csv(text, REACHES)
    assert str(error.value) == message


def test_clock_times_and_what_has_been_reached():
    failed = datetime(2026, 5, 9, 16, 0, tzinfo=UTC)
    table = arrival_clock_times(estimate_arrivals(_reach(), FLAT), failed, failed + timedelta(hours=9))
    by_place = table.set_index(["place", "place_type"])
    assert by_place.loc[("Nyland", "ort"), "front_from_utc"] == failed + timedelta(hours=10)
    assert by_place.loc[("Gulsele", "damm"), "state"] == "nådd"  # 18 km: 1.0–2.5 h
    assert by_place.loc[("Sollefteå", "ort"), "state"] == "kan vara nådd"  # 6.7–16.7 h
    assert by_place.loc[("Nyland", "ort"), "state"] == "väntas"


@pytest.mark.parametrize(("low", "high", "text"), [(10.2, 11.8, "10–12 h"), (3, 3, "3 h"), (0.1, 0.4, "under 1 h")])
def test_hours_are_formatted_in_swedish(low, high, text):
    assert format_hours_sv(low, high) == text


def test_swedish_table_has_units_in_headings():
    table = arrival_table_sv(estimate_arrivals(_reach(), FLAT))
    assert list(table.columns) == [
        "Plats", "Typ", "Kommun", "Avstånd längs älven (km)", "Fronten efter brott", "Toppen efter brott",
        "Toppflöde (m³/s)", "Högsta nivå (m)", "Uppgiftens art", "Källa",
    ]
    assert table.iloc[-1]["Fronten efter brott"] == "10–25 h"
    assert table.iloc[-1]["Toppflöde (m³/s)"] == "–"
