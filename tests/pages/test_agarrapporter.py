"""Ägarrapporter page (AppTest): the form, the file import and the feeds store reports and show them."""

from __future__ import annotations

import re
from datetime import date, time

from tests.app_testing import run_page

PAGE = "pages/agarrapporter.py"


def _type_reporter(at):
    at.text_input(key="owner_name").input("Anna Berg")
    at.text_input(key="owner_org").input("Vattenfall AB")


def _shown(elements) -> list[str]:
    """What the user reads: the page's messages (not the ÖVNING banner) without their Markdown escapes."""
    return [re.sub(r"\\(.)", r"\1", e.value) for e in elements if not e.value.startswith("**ÖVNING**")]


def _table_with(at, column):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _latest(at):
    return at.dataframe[0].value


def test_a_report_from_the_form_is_stored_and_shown_with_owner_time_and_age():
    at = run_page(PAGE)
    assert not at.exception, [e.message for e in at.exception]
    assert at.info[0].value == "Inga ägarrapporter i övningen ännu."
    _type_reporter(at)
    at.selectbox(key="of_plant").set_value("Stornorrfors")
    at.date_input(key="of_date").set_value(date(2026, 5, 10))
    at.time_input(key="of_time").set_value(time(14, 0))
    at.number_input(key="of_total").set_value(1450.0)
    at.number_input(key="of_turbine").set_value(850.0)
    at.number_input(key="of_spill").set_value(600.0)
    at.number_input(key="of_level").set_value(74.2)
    at.number_input(key="of_dg").set_value(75.0)
    at.number_input(key="of_sg").set_value(71.5)
    at.text_area(key="of_comment").input("**fet** <i>text</i>")
    next(b for b in at.button if b.label == "Spara rapport").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert _shown(at.main.success) == ["Rapporten för Stornorrfors sparades (10 maj 14.00)."]
    table = _latest(at)
    row = table.iloc[0]
    assert (row["Kraftverk"], row["Tappning [m³/s]"], row["Utskov [m³/s]"]) == ("Stornorrfors", 1450, 600)
    assert row["Källa"] == "ÖVNING: Vattenfall AB"  # the test environment runs the exercise
    assert row["Rapportör"] == "Anna Berg"
    assert row["Kommentar"] == "**fet** <i>text</i>"  # user text kept as data, shown in a table
    assert row["Rapporttid"].endswith("14.00")
    assert row["Ålder"].endswith("gammal")
    assert (row["Vattenyta [m ö.h.]"], row["Dämningsgräns [m ö.h.]"], row["Sänkningsgräns [m ö.h.]"]) == (74.2, 75.0, 71.5)
    assert row["Vattenyta mot gränserna"] == "0,80 m under dämningsgräns (75,00), 2,70 m över sänkningsgräns (71,50)"


def test_a_form_without_total_or_name_stores_nothing_and_says_why():
    at = run_page(PAGE)
    next(b for b in at.button if b.label == "Spara rapport").click().run()
    assert _shown(at.main.error) == ["Rapporten sparades inte: Ange total tappning i m³/s."]
    at.number_input(key="of_total").set_value(100.0)
    next(b for b in at.button if b.label == "Spara rapport").click().run()
    assert _shown(at.main.error) == ["Rapporten sparades inte: Ange ditt namn."]
    assert at.info[0].value == "Inga ägarrapporter i övningen ännu."


GOOD_FILE = "kraftverk;rapporttid;tappning_m3s;utskov_m3s;vattenyta_m\nKvistforsen;2026-05-10 12:00;310,5;20;62,4\n"


def test_file_import_reports_its_encoding_and_a_bad_file_stores_nothing():
    at = run_page(PAGE)
    _type_reporter(at)
    at.run()
    bad = GOOD_FILE + "Kvistforsen;2026-05-10 13:00;x;;\n"
    at.file_uploader(key="owner_file").set_value(("skellefte.csv", bad.encode("cp1252"), "text/csv")).run()
    at.button(key="owner_file_import").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert _shown(at.main.error) == ["Filen ”skellefte.csv” har ett fel och har inte lästs in. Inget har sparats."]
    assert at.text[-1].value == "Rad 3: tappning_m3s ”x” är inget tal."
    assert at.info[0].value == "Inga ägarrapporter i övningen ännu."
    at.file_uploader(key="owner_file").set_value(("skellefte.csv", GOOD_FILE.encode("cp1252"), "text/csv")).run()
    at.button(key="owner_file_import").click().run()
    assert _shown(at.main.success) == ["skellefte.csv: 1 rapport sparade (teckenkodning UTF-8, CSV)."]
    row = _latest(at).iloc[0]
    assert (row["Kraftverk"], row["Tappning [m³/s]"], row["Källa"], row["Kanal"]) == (
        "Kvistforsen", 310.5, "ÖVNING: Vattenfall AB", "fil",
    )
    # A level without the plant's limits says so, plainly (no public source gave them: regulation_limits.csv).
    assert row["Vattenyta mot gränserna"] == "ägaren har inte angett dämnings- och sänkningsgräns"


def test_feed_status_and_polled_reports(monkeypatch, owner_feed_server):
    owner_feed_server.publish("/statkraft.csv", GOOD_FILE)
    monkeypatch.setenv(
        "ALVLAGET_OWNER_FEEDS",
        f"Statkraft={owner_feed_server.url('/statkraft.csv')};Uniper={owner_feed_server.url('/saknas.csv')}",
    )
    at = run_page(PAGE)
    assert not at.exception, [e.message for e in at.exception]
    row = _latest(at).iloc[0]
    assert (row["Kraftverk"], row["Källa"], row["Kanal"]) == ("Kvistforsen", "ÖVNING: Statkraft", "flöde")
    feeds = _table_with(at, "Organisation")
    assert list(feeds["Organisation"]) == ["Statkraft", "Uniper"]
    assert feeds["Läge"].iloc[0] == "OK: Hämtad (UTF-8, CSV): 1 ny rapport."
    assert feeds["Läge"].iloc[1] == (
        f"FEL: Rapportfilen från Uniper ({owner_feed_server.url('/saknas.csv')}) finns inte (HTTP 404). "
        "Inget har sparats."
    )


def test_a_signed_in_redaktor_cannot_report_for_another_owners_plant():
    """Signed in as a redaktör of Vattenfall AB (AppTest's user, a membership in the page's database): a report
    for Statkraft's Kvistforsen is refused in Swedish and nothing is stored; one for Vattenfall's Stornorrfors is."""
    from streamlit.testing.v1 import AppTest

    from access.person import local_person
    from coordination.db import database_sessions
    from owner_reports.store import OwnerReportStore
    from pages._shared.identity import member_directory
    from settings import load_settings
    from tests.app_testing import ENTRY_FILE
    from tests.pages.test_access_pages import AUTH, TIMEOUT_S

    settings = load_settings()
    member_directory(settings.database_url, settings.admin_emails).set_member(
        "anna.berg@vattenfall.com", "Vattenfall AB", ["redaktor"], by=local_person("Testledare"))
    at = AppTest.from_file(ENTRY_FILE, default_timeout=TIMEOUT_S)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": "anna.berg@vattenfall.com", "name": "Anna Berg"}
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    for plant in ("Kvistforsen", "Stornorrfors"):
        at.selectbox(key="of_plant").set_value(plant)
        at.date_input(key="of_date").set_value(date(2026, 5, 10))
        at.time_input(key="of_time").set_value(time(14, 0))
        at.number_input(key="of_total").set_value(480.0)
        next(b for b in at.button if b.label == "Spara rapport").click().run()
        assert not at.exception, [e.message for e in at.exception]
        if plant == "Kvistforsen":
            assert _shown(at.main.error) == [
                "Rapporten sparades inte: Du rapporterar för Vattenfall AB. Bara den som hör till kraftverkets ägare "
                "(eller en administratör) kan rapportera för det. Kvistforsen ägs av Statkraft Sverige AB, inte av "
                "Vattenfall AB. Inget sparades."]
            store = OwnerReportStore(database_sessions(settings.database_url))
            assert store.read_history(is_exercise=True) == []
    assert _shown(at.main.success) == ["Rapporten för Stornorrfors sparades (10 maj 14.00)."]
    assert [r.entered_by for r in store.read_history(is_exercise=True)] == ["Anna Berg"]
