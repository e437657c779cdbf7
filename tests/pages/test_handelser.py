"""AppTest of the Händelser page: declare, refuse bad input in Swedish, change and end with history."""

from __future__ import annotations

from coordination.db import database_sessions
from events.repository import EventStore
from settings import load_settings
from tests.app_testing import run_page


def _store() -> EventStore:
    return EventStore(database_sessions(load_settings().database_url))


def _declare(at, name="Anna Berg", org="Länsstyrelsen Västernorrland"):
    at.text_input(key="handelser_name").input(name)
    at.text_input(key="handelser_org").input(org)
    at.selectbox(key="handelser_kind").select("dammbrott")
    at.selectbox(key="handelser_river").select("Ångermanälven").run()
    at.selectbox(key="handelser_dam").select("Hällby")
    at.text_input(key="handelser_place").input("Hällbydammen")
    at.text_area(key="handelser_description").input("Dammen har brustit <b>helt</b>.")
    at.button(key="handelser_declare").click().run()


def test_declaring_a_dam_failure_stores_it_for_everyone_and_shows_the_banner():
    at = run_page("pages/handelser.py", timeout=180)
    assert not at.exception
    _declare(at)
    assert not at.exception, [e.message for e in at.exception]
    assert at.success[0].value == "Händelsen ”Dammbrott – Hällbydammen” är deklarerad och syns nu för alla."
    (event,) = _store().list_events(is_exercise=True)
    assert (event.dam, event.declared_by, event.declared_org) == ("Hällby", "Anna Berg", "Länsstyrelsen Västernorrland")
    # User text is shown as text, never as markup.
    assert "Dammen har brustit <b>helt</b>." in [t.value for t in at.text]
    assert any("DAMMBROTT – Hällbydammen" in md.value and "&lt;b&gt;" in md.value for md in at.markdown)


def test_without_a_name_nothing_is_stored_and_the_reason_is_swedish():
    at = run_page("pages/handelser.py", timeout=180)
    _declare(at, name="")
    assert at.main.error[-1].value == "Skriv ditt namn och din organisation, så att alla ser vem som har gjort ändringen."
    assert _store().list_events(is_exercise=True) == []


def test_change_and_end_are_kept_in_the_history():
    at = run_page("pages/handelser.py", timeout=180)
    _declare(at)
    (event,) = _store().list_events(is_exercise=True)
    key = f"handelser_{event.id}_v1"
    at.text_area(key=f"{key}_description").input("Brottet är 40 m brett.")
    at.button(key=f"{key}_save").click().run()
    at.button(key=f"handelser_{event.id}_v2_end_button").click().run()
    assert not at.exception, [e.message for e in at.exception]
    history = next(df.value for df in at.dataframe if "Vad" in df.value.columns)
    assert list(history["Vad"]) == ["Deklarerad", "Ändrad", "Avslutad"]
    assert set(history["Vem"]) == {"Anna Berg (Länsstyrelsen Västernorrland)"}
    assert _store().get(event.id).ended_at is not None


OWNER_FILE = (
    "damm;plats;typ;ankomst_h;topp_h;toppflode_m3s;hogsta_niva_m;kalla\n"
    "Hällbydammen;Nyland;ort;10–12;13–15;4100;;Uniper dammbrottsutredning 2019\n"
).encode()


def _page_text(at) -> str:
    parts = [e.value for kind in ("markdown", "caption", "text", "warning", "info", "success", "error")
             for e in getattr(at, kind)]
    parts += [df.value.to_string() for df in at.dataframe]
    return "\n".join(str(p) for p in parts).replace("\\", "")  # captions escape Markdown characters


def test_every_page_reads_the_one_arrival_table_and_says_when_the_peak_is_assumed(monkeypatch):
    """Owner data imported once: Läget's banner, Karta's table and the VMA draft give Nyland the owner's times
    (and the owner's peak); elsewhere the peak is marked as an assumption with what it rests on. Nowhere a
    rise of the wave as "% per dygn"."""
    from datetime import datetime, timedelta

    from access.person import local_person
    from events.arrivals import ArrivalStore
    from events.timetext import clock_range_sv
    from tests.app_testing import start_dam_failure_exercise

    failed_at = start_dam_failure_exercise(monkeypatch, hours_after_failure=2)
    now = failed_at + timedelta(hours=2)
    ArrivalStore(database_sessions(load_settings().database_url)).import_owner_file(
        OWNER_FILE, filename="hallby.csv", author=local_person("Karin Ek", "Uniper"), now=datetime.now(failed_at.tzinfo))
    front = clock_range_sv(failed_at + timedelta(hours=10), failed_at + timedelta(hours=12), now)
    peak = clock_range_sv(failed_at + timedelta(hours=13), failed_at + timedelta(hours=15), now)

    lage = run_page("pages/lage.py")
    assert not lage.exception, [e.message for e in lage.exception]
    karta = run_page("pages/karta.py")
    assert not karta.exception, [e.message for e in karta.exception]
    for at in (lage, karta):
        tables = [df.value.set_index("Plats") for df in at.dataframe if "Fronten väntas" in df.value.columns]
        assert tables, "no arrival clock table"
        for table in tables:
            assert table.loc["Nyland", "Fronten väntas"] == front
            assert table.loc["Nyland", "Toppen väntas"] == peak  # the owner's time to peak: no assumption
            assert table.loc["Näsåker", "Toppen väntas"].endswith(" (antagande)")
        text = _page_text(at)
        assert "Högsta flöde (toppen): för 15 av 16 platser har dammägaren inte lämnat någon tid." in text
        assert "% per dygn" not in text

    meddelanden = run_page("pages/meddelanden.py", timeout=300)
    meddelanden.sidebar.selectbox(key="river").set_value("Ångermanälven").run()
    meddelanden.text_input(key="msg_user").input("Anna Berg").run()
    for number, kind in enumerate(("vma", "pressmeddelande", "lagesbild"), start=1):
        meddelanden.selectbox(key="msg_kind").set_value(kind).run()
        meddelanden.button(key="msg_new").click().run()
        assert not meddelanden.exception, [e.message for e in meddelanden.exception]
        body = meddelanden.text_area(key=f"msg_body_sv_{number}").value
        if kind == "vma":
            assert f"- Nyland (ort, Kramfors): vattnet väntas {clock_range_sv(failed_at + timedelta(hours=10), failed_at + timedelta(hours=12))}" in body
            assert "(antagande)" in body and "Det är ingen beräkning." in body
        assert "per dygn" not in body, kind
    assert "% per dygn" not in _page_text(meddelanden)


def test_the_lansstyrelse_takes_over_the_rescue_effort_and_the_history_says_who():
    at = run_page("pages/handelser.py", timeout=180)
    _declare(at, name="Olle Sund", org="Sollefteå kommun")
    (event,) = _store().list_events(is_exercise=True)
    texts = [t.value for t in at.text]
    assert "Räddningsledning: kommunal (Räddningstjänsten Höga Kusten-Ådalen)" in texts
    at.text_input(key="handelser_name").input("Anna Berg")
    at.text_input(key="handelser_org").input("Länsstyrelsen Norrbotten").run()
    key = f"handelser_{event.id}_v1_rescue"
    assert at.selectbox(key=key).options == ["Kommunal", "Länsstyrelsen har tagit över (Länsstyrelsen Norrbotten)"]
    at.selectbox(key=key).set_value("Länsstyrelsen Norrbotten")
    at.button(key=f"{key}_save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.success[0].value == ("Räddningsledning: länsstyrelsen har tagit över (Länsstyrelsen Norrbotten). "
                                   "Sparat för ”Dammbrott – Hällbydammen”.")
    assert _store().get(event.id).rescue_taken_over_by == "Länsstyrelsen Norrbotten"
    assert "Räddningsledning: länsstyrelsen har tagit över (Länsstyrelsen Norrbotten)" in [t.value for t in at.text]
    # The banner at the top says it too; the history says who changed it.
    assert any("Räddningsledning: länsstyrelsen har tagit över (Länsstyrelsen Norrbotten)" in md.value
               for md in at.markdown)
    history = next(df.value for df in at.dataframe if "Vad" in df.value.columns)
    assert list(history["Vad"]) == ["Deklarerad", "Räddningsledning ändrad"]
    assert list(history["Vem"]) == ["Olle Sund (Sollefteå kommun)", "Anna Berg (Länsstyrelsen Norrbotten)"]
    assert list(history["Räddningsledning"]) == ["kommunal", "Länsstyrelsen Norrbotten"]
