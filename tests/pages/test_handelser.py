"""AppTest of the Händelser page: declare, refuse bad input in Swedish, change and end with history."""

from __future__ import annotations

from coordination.db import make_engine, make_session_factory
from events.repository import EventStore
from settings import load_settings
from tests.app_testing import run_page


def _store() -> EventStore:
    return EventStore(make_session_factory(make_engine(load_settings().database_url)))


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
