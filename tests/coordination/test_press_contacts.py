"""Press contacts: kept per organisation in the database (SQLite and PostgreSQL), printed in press releases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from coordination.db import TABLE_MODULES, make_session_factory
from messages.drafting import draft_text
from messages.facts import DraftFacts, PressContactFact, facts_from_dict, facts_to_dict
from messages.press_contacts import PressContactError, PressContactStore, with_press_contacts

T0 = datetime(2026, 11, 26, 13, 5, tzinfo=UTC)


@pytest.fixture
def store(engine: Engine) -> PressContactStore:
    return PressContactStore(make_session_factory(engine))


def test_the_table_is_registered_for_create_schema():
    assert "messages.press_contacts" in TABLE_MODULES


def test_set_replace_list_and_remove(store):
    first = store.set_press_contact("Vattenfall AB", name="Presstjänst", phone="+46 8 739 50 10", email="",
                                    by="Anna Berg", now=T0)
    assert first.updated_at == T0 and first.updated_by == "Anna Berg"
    store.set_press_contact("Umeå kommun", name="  Kommunikationsenheten ", phone=None, email="press@umea.se",
                            by="Per", now=T0)
    store.set_press_contact("Vattenfall AB", name="Presstjänsten", phone="08-739 50 10", email=None, by="Per", now=T0)
    contacts = store.press_contacts()
    assert list(contacts) == ["Umeå kommun", "Vattenfall AB"]
    assert contacts["Vattenfall AB"].name == "Presstjänsten"
    assert contacts["Vattenfall AB"].phone == "08-739 50 10"
    assert contacts["Umeå kommun"].name == "Kommunikationsenheten"
    assert store.remove_press_contact("Vattenfall AB") is True
    assert store.remove_press_contact("Vattenfall AB") is False
    assert list(store.press_contacts()) == ["Umeå kommun"]


@pytest.mark.parametrize(
    ("organisation", "name", "phone", "email", "message"),
    [
        ("", "Presstjänst", "090-16 10 00", "", "Välj organisationen presskontakten gäller."),
        ("Umeå kommun", " ", "090-16 10 00", "", "Ange presskontaktens namn eller funktion, t.ex. ”Presstjänst”."),
        ("Umeå kommun", "Presstjänst", "", "", "Ange ett telefonnummer eller en e-postadress."),
        ("Umeå kommun", "Presstjänst", "ring mig", "",
         "”ring mig” är inget telefonnummer (siffror, mellanslag, bindestreck och + går bra)."),
        ("Umeå kommun", "Presstjänst", "123", "", "”123” är inget telefonnummer (siffror, mellanslag, bindestreck och + går bra)."),
        ("Umeå kommun", "Presstjänst", "", "press(at)umea.se", "”press(at)umea.se” är ingen e-postadress."),
    ],
)
def test_bad_input_is_refused_in_swedish_and_nothing_is_stored(store, organisation, name, phone, email, message):
    with pytest.raises(PressContactError) as err:
        store.set_press_contact(organisation, name=name, phone=phone, email=email, by="Anna")
    assert err.value.message_sv == message
    assert store.press_contacts() == {}


#: The end of the message for a pasted invisible character (coordination.inputs.check_text).
NUL_TAIL = "texten innehåller ett osynligt nolltecken (NUL) som inte kan sparas. " \
           "Skriv texten på nytt i stället för att klistra in den."
CONTROL_TAIL = "texten innehåller ett osynligt styrtecken som inte kan sparas. " \
               "Skriv texten på nytt i stället för att klistra in den."


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "Press\x00tjänst", f"Kontakt: {NUL_TAIL}"),
        ("phone", "090-16\x00 10 00", f"Telefon: {NUL_TAIL}"),
        ("email", "press@umea.se\x00", f"E-post: {NUL_TAIL}"),
        ("organisation", "Umeå\x00kommun", f"Organisation: {NUL_TAIL}"),
        ("name", "Press\x1b[31mtjänst", f"Kontakt: {CONTROL_TAIL}"),  # ESC: a terminal colour code
        ("phone", "090-16 10 00\x7f", f"Telefon: {CONTROL_TAIL}"),  # DEL
        ("email", "press\x85@umea.se", f"E-post: {CONTROL_TAIL}"),  # C1 next line
        ("name", "Presstjänst \u202eknaW", f"Kontakt: {CONTROL_TAIL}"),  # right-to-left override
        ("by", "Anna\x00Berg", f"Ändrad av: {NUL_TAIL}"),
        ("by", "Anna\x07Berg", f"Ändrad av: {CONTROL_TAIL}"),  # BEL
        ("name", "Å" * 201, "Kontakt: texten är för lång, 201 tecken av högst 200. Inget har sparats. "
                            "Korta den och försök igen."),
    ],
    ids=["name-nul", "phone-nul", "email-nul", "organisation-nul", "name-esc", "phone-del", "email-c1",
         "name-bidi", "by-nul", "by-bel", "name-201"],
)
def test_nul_and_control_characters_are_refused_the_same_on_both_databases(store, field, value, message):
    values = {"organisation": "Umeå kommun", "name": "Presstjänst", "phone": "090-16 10 00",
              "email": "press@umea.se", "by": "Anna Berg", field: value}
    organisation = values.pop("organisation")
    with pytest.raises(PressContactError) as err:
        store.set_press_contact(organisation, **values)
    assert err.value.message_sv == message
    assert store.press_contacts() == {}


def test_a_tab_or_line_break_pasted_into_a_field_is_tidied_not_refused(store):
    stored = store.set_press_contact("Umeå kommun", name="Kommunikations-\tenheten\n", phone="090-16 10 00\r\n",
                                     email="", by="Anna Berg")
    assert (stored.name, stored.phone) == ("Kommunikations- enheten", "090-16 10 00")


def test_a_change_must_say_who_made_it(store):
    with pytest.raises(PressContactError) as err:
        store.set_press_contact("Umeå kommun", name="Presstjänst", phone="090-16 10 00", email="", by=" ")
    assert err.value.message_sv == "Det framgår inte vem som ändrar presskontakten."
    assert store.press_contacts() == {}


def test_press_release_ends_with_the_contacts_of_the_organisations_behind_it(store):
    store.set_press_contact("Umeå kommun", name="Kommunikationsenheten", phone="", email="press@umea.se", by="Per")
    store.set_press_contact("Vattenfall AB", name="Presstjänst", phone="+46 8 739 50 10", email="", by="Per")
    store.set_press_contact("Holmen Energi AB", name="Presstjänst", phone="08-666 21 00", email="", by="Per")
    facts = with_press_contacts(
        DraftFacts(river="Umeälven", compiled_at_utc=T0, actors=("Vattenfall AB", "Umeå kommun", "Statkraft Sverige AB")),
        store.press_contacts(),
    )
    # In the order of the actors behind the text; Holmen is not behind it, Statkraft has no contact.
    assert facts.press_contacts == (
        PressContactFact("Vattenfall AB", "Presstjänst", "+46 8 739 50 10", ""),
        PressContactFact("Umeå kommun", "Kommunikationsenheten", "", "press@umea.se"),
    )
    text = draft_text("pressmeddelande", facts)
    assert text.body_sv.endswith(
        "Presskontakter:\n- Vattenfall AB: Presstjänst, tel. +46 8 739 50 10\n"
        "- Umeå kommun: Kommunikationsenheten, press@umea.se"
    )
    assert text.body_en.endswith(
        "Press contacts:\n- Vattenfall AB: Presstjänst, phone +46 8 739 50 10\n"
        "- Umeå kommun: Kommunikationsenheten, press@umea.se"
    )
    assert facts_from_dict(facts_to_dict(facts)) == facts


def test_without_contacts_the_release_says_nothing_about_them():
    text = draft_text("pressmeddelande", DraftFacts(river="Umeälven", compiled_at_utc=T0, actors=("Vattenfall AB",)))
    assert "Presskontakter" not in text.body_sv
    assert text.body_sv.endswith("Frågor från media: presstjänsten hos Vattenfall AB.")
