"""Owners' arrival files in the database: shared, versioned, all-or-nothing, used by read_arrival_table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from access.person import local_person
from coordination.db import make_session_factory
from events.arrivals import ArrivalStore, read_arrival_table
from events.live_updates import ARRIVALS_TOPIC, read_change_count
from geodata.arrival import ArrivalImportError

UNIPER = local_person("Karin Ek", "Uniper")
T0 = datetime(2026, 11, 29, 20, 0, tzinfo=UTC)
FILE = (
    "damm,plats,typ,ankomst_h,topp_h,toppflode_m3s,hogsta_niva_m,kalla\n"
    "Hällbydammen,Sollefteå,ort,8,9–10,5200,12.4,Uniper dammbrottsutredning 2019\n"
    "Hällbydammen,Nyland,ort,10–12,13,4100,,Kramfors kommun\n"
)


def _row(table, place, kind):
    return table[(table["place"] == place) & (table["place_type"] == kind)].iloc[0]


def test_an_uploaded_file_name_keeps_no_invisible_control_characters(engine: Engine):
    """A name like "hallby\u202evsc.exe" reads as "hallbyexe.csv"; NUL would be refused by PostgreSQL."""
    record = ArrivalStore(make_session_factory(engine)).import_owner_file(
        FILE.encode("cp1252"), filename="hallby\u202evsc.exe\x00\x1b", author=UNIPER, now=T0)
    assert record.filename == "hallbyvsc.exe"
    assert read_arrival_table(ArrivalStore(make_session_factory(engine)), "Hällby").owner_import.filename == \
        "hallbyvsc.exe"


def test_a_file_with_an_invisible_control_character_is_refused_with_its_line(engine: Engine):
    store = ArrivalStore(make_session_factory(engine))
    hostile = FILE.replace("Kramfors kommun", "Kramfors \u202ekommun")
    with pytest.raises(ArrivalImportError) as info:
        store.import_owner_file(hostile.encode(), filename="hallby.csv", author=UNIPER, now=T0)
    assert str(info.value) == ("Rad 3: raden innehåller ett osynligt styrtecken som inte kan sparas. "
                               "Ta bort det i filen och försök igen. Inget har sparats.")
    assert store.list_imports() == []


def test_an_import_is_used_by_another_session_and_after_a_restart(engine: Engine):
    ArrivalStore(make_session_factory(engine)).import_owner_file(FILE.encode("cp1252"), filename="hallby.csv",
                                                                   author=UNIPER, now=T0)
    engine.dispose()  # as after a restart: a new pool, a new store
    arrivals = read_arrival_table(ArrivalStore(make_session_factory(engine)), "Hällby")
    town = _row(arrivals.table, "Sollefteå", "ort")
    assert (town["front_from_h"], town["peak_from_h"], town["peak_to_h"], town["peak_m3s"]) == (8, 9, 10, 5200)
    assert town["label"] == "dammägarens uppgift"
    assert _row(arrivals.table, "Sollefteå", "kommun")["label"] == "grov uppskattning"
    assert (arrivals.owner_import.imported_by, arrivals.owner_import.imported_org) == ("Karin Ek", "Uniper")
    assert (arrivals.owner_import.encoding, arrivals.owner_import.rows) == ("Windows-1252", 2)
    assert arrivals.estimate_count == len(arrivals.table) - 2


def test_the_table_read_by_every_page_keeps_estimates_below_an_owner_figure_after_it(engine: Engine):
    ArrivalStore(make_session_factory(engine)).import_owner_file(FILE.encode(), filename="hallby.csv",
                                                                   author=UNIPER, now=T0)
    table = read_arrival_table(ArrivalStore(make_session_factory(engine)), "Hällby").table
    kramfors, nyland = _row(table, "Kramfors", "ort"), _row(table, "Nyland", "ort")
    assert kramfors["front_from_h"] > nyland["front_from_h"] == 10
    assert kramfors["peak_from_h"] > nyland["peak_from_h"] == 13
    assert (kramfors["label"], bool(kramfors["is_estimate"])) == ("grov uppskattning", True)
    ordered = table.sort_values("distance_km", kind="stable")
    assert ordered["front_from_h"].is_monotonic_increasing and ordered["front_to_h"].is_monotonic_increasing


def test_a_newer_import_is_in_force_and_the_older_one_kept(engine: Engine):
    store = ArrivalStore(make_session_factory(engine))
    store.import_owner_file(FILE.encode(), filename="v1.csv", author=UNIPER, now=T0)
    newer = FILE.replace("10–12,13,4100", "9–11,12,4300")
    store.import_owner_file(newer.encode(), filename="v2.csv", author=local_person("Per Ås", "Uniper"),
                            now=T0 + timedelta(days=1))
    arrivals = read_arrival_table(store, "Hällby")
    assert _row(arrivals.table, "Nyland", "ort")["front_from_h"] == 9
    assert arrivals.owner_import.filename == "v2.csv"
    assert [(i.filename, i.imported_by, i.dams, i.rows) for i in store.list_imports()] == [
        ("v2.csv", "Per Ås", ("Hällby",), 2), ("v1.csv", "Karin Ek", ("Hällby",), 2),
    ]
    assert read_change_count(make_session_factory(engine), ARRIVALS_TOPIC) == 2


def test_one_file_covering_several_dams_serves_each_dam_its_own_rows(engine: Engine):
    """An owner's study often covers a cascade: one file with rows for Hällbydammen and for Forsmo below it.
    Each dam's table takes only its own rows, in another session too; a newer file for Forsmo alone
    takes over for Forsmo while Hällby keeps the first file's figures."""
    both = FILE + (
        "Forsmo,Sollefteå,ort,3,4–5,3900,,Uniper dammbrottsutredning 2019\n"
        "Forsmo,Nyland,ort,6–7,8,3100,,Uniper dammbrottsutredning 2019\n"
    )
    record = ArrivalStore(make_session_factory(engine)).import_owner_file(
        both.encode(), filename="kaskad.csv", author=UNIPER, now=T0)
    assert (record.dams, record.rows) == (("Hällby", "Forsmo"), 4)

    other_session = ArrivalStore(make_session_factory(engine))
    hallby, forsmo = read_arrival_table(other_session, "Hällby"), read_arrival_table(other_session, "Forsmo")
    assert _row(hallby.table, "Sollefteå", "ort")["front_from_h"] == 8
    assert _row(forsmo.table, "Sollefteå", "ort")["front_from_h"] == 3
    assert (_row(forsmo.table, "Nyland", "ort")["front_from_h"], _row(forsmo.table, "Nyland", "ort")["peak_m3s"]) \
        == (6, 3100)
    assert (hallby.owner_import.filename, forsmo.owner_import.filename) == ("kaskad.csv", "kaskad.csv")
    assert (hallby.table["label"] == "dammägarens uppgift").sum() == 2
    assert (forsmo.table["label"] == "dammägarens uppgift").sum() == 2

    forsmo_only = "damm,plats,typ,ankomst_h,topp_h,toppflode_m3s,hogsta_niva_m,kalla\nForsmo,Sollefteå,ort,2,3,4000,,Uniper 2026\n"
    other_session.import_owner_file(forsmo_only.encode(), filename="forsmo-2026.csv", author=UNIPER,
                                    now=T0 + timedelta(days=1))
    hallby, forsmo = read_arrival_table(other_session, "Hällby"), read_arrival_table(other_session, "Forsmo")
    assert (forsmo.owner_import.filename, _row(forsmo.table, "Sollefteå", "ort")["front_from_h"]) == ("forsmo-2026.csv", 2)
    assert _row(forsmo.table, "Nyland", "ort")["label"] == "grov uppskattning"  # the newer study gave no Nyland row
    assert (hallby.owner_import.filename, _row(hallby.table, "Nyland", "ort")["front_from_h"]) == ("kaskad.csv", 10)


def test_a_file_with_an_unmatched_row_stores_nothing(engine: Engine):
    store = ArrivalStore(make_session_factory(engine))
    bad = FILE + "Hällby,Sollefteå,kommungräns,8,,,,Uniper\nHällby,Bollstabruk,ort,9,,,,Uniper\n"
    with pytest.raises(ArrivalImportError) as error:
        store.import_owner_file(bad.encode(), filename="fel.csv", author=UNIPER, now=T0)
    assert error.value.problems == (
        "Rad 5: ingen ort ”Bollstabruk” nedströms Hällby; raden kan inte kopplas till någon plats.",
    )
    assert store.list_imports() == []
    assert read_arrival_table(store, "Hällby").owner_import is None


def test_a_workbook_is_refused_with_a_swedish_message(engine: Engine):
    store = ArrivalStore(make_session_factory(engine))
    with pytest.raises(ArrivalImportError, match="kanske en Excel-arbetsbok"):
        store.import_owner_file(b"PK\x03\x04\x00", filename="x.xlsx", author=UNIPER, now=T0)
    assert store.list_imports() == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        # 100 000 rows: refused at once (it used to take minutes), before any row is parsed
        ((FILE + "Hällbydammen,Nyland,ort,10–12,13,4100,,Kramfors kommun\n" * 100_000).encode(),
         "Filen är 5,8 MB; högst 1 MB går att importera. Inget har sparats."),
        ((FILE + "Hällbydammen,Nyland,ort,10–12,13,4100,,Kramfors kommun\n" * 2_500).encode(),
         "Filen har 2502 rader; högst 2000 datarader går att importera. Dela upp den per damm. Inget har sparats."),
        # a 200 KiB cell is more than Python's csv module accepts (128 KiB): a sentence, not a crash
        ((FILE + "Hällbydammen,Nyland,ort,10,,,," + "x" * 200_000 + "\n").encode(),
         "Rad 4: raden är 200030 tecken lång; högst 2000 tecken per rad. Inget har sparats."),
    ],
    ids=["too-big", "too-many-rows", "huge-cell"],
)
def test_oversized_files_are_refused_before_any_work(engine: Engine, data: bytes, message: str):
    store = ArrivalStore(make_session_factory(engine))
    started = datetime.now(UTC)
    with pytest.raises(ArrivalImportError) as error:
        store.import_owner_file(data, filename="stor.csv", author=UNIPER, now=T0)
    assert str(error.value) == message
    assert datetime.now(UTC) - started < timedelta(seconds=2)
    assert store.list_imports() == []
