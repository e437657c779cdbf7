"""Events and arrival files check the acting person's role themselves, not only the page: code that bypasses
the page cannot declare, change or end an event, change its rescue lead or import arrival times without the
redaktör role; the audit trail names the signed-in person. An exercise scenario acts as a named system
principal. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from access.audit import read_audit_entries
from access.person import ANONYMOUS, NotAllowedError, Person
from coordination.db import make_session_factory, session_scope
from events.arrivals import ArrivalStore
from events.repository import EventStore
from events.scenario import SCENARIO_AUTHOR, ensure_scenario_events, known_dams
from sources.exercise.scenarios import get_scenario_spec

T0 = datetime(2026, 5, 9, 19, 15, tzinfo=UTC)
EDITOR = Person(name="Anna Berg", organisation="Länsstyrelsen Norrbotten", roles=frozenset({"redaktor"}),
                email="anna.berg@lansstyrelsen.se", mode="signed_in")
READER = Person(name="Olle Sund", organisation="Sollefteå kommun", roles=frozenset({"lasare"}),
                email="olle.sund@solleftea.se", mode="signed_in")
APPROVER = Person(name="Eva Lund", organisation="Uniper", roles=frozenset({"godkannare", "motesledare"}),
                  email="eva.lund@uniper.energy", mode="signed_in")
EVENT_ROLE_SV = "Du behöver rollen redaktör för att deklarera, ändra eller avsluta händelser."
ARRIVALS = ("damm,plats,typ,ankomst_h,topp_h,toppflode_m3s,hogsta_niva_m,kalla\n"
            "Hällbydammen,Sollefteå,ort,8,9–10,5200,12.4,Uniper dammbrottsutredning 2019\n")


def _trail(factory) -> list[tuple[str, str, str]]:
    with session_scope(factory) as session:
        return [(e.kind, e.person, e.organisation) for e in read_audit_entries(session)]


def _declare(store: EventStore, author: Person):
    return store.declare(kind="dammbrott", river="Ångermanälven", dam="Hällby", place_sv="Hällbydammen",
                         started_at=T0, author=author, now=T0)


@pytest.mark.parametrize("who", [READER, APPROVER, ANONYMOUS], ids=["läsare", "godkännare", "anonym"])
def test_without_the_redaktor_role_no_event_is_declared_changed_or_ended(engine, who):
    factory = make_session_factory(engine)
    store = EventStore(factory, known_dams())
    event = _declare(store, EDITOR)
    later = T0 + timedelta(hours=1)
    attempts = [
        lambda: _declare(store, who),
        lambda: store.change(event.id, author=who, now=later, description="Dammen har brustit."),
        lambda: store.end(event.id, ended_at=later, author=who, now=later),
        lambda: store.set_rescue_lead(event.id, taken_over_by="Länsstyrelsen Norrbotten", author=who, now=later),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowedError) as info:
            attempt()
        assert info.value.message_sv == EVENT_ROLE_SV
    assert [(e.id, e.version, e.ended_at) for e in store.list_events(is_exercise=False)] == [(event.id, 1, None)]
    assert _trail(factory) == [("händelse", "Anna Berg", "Länsstyrelsen Norrbotten")]


def test_a_signed_in_redaktor_changes_and_ends_and_the_trail_names_them(engine):
    factory = make_session_factory(engine)
    store = EventStore(factory, known_dams())
    event = _declare(store, EDITOR)
    later = T0 + timedelta(hours=1)
    store.change(event.id, author=EDITOR, now=later, description="Dammen har brustit.")
    ended = store.end(event.id, ended_at=later, author=EDITOR, now=later)
    assert (ended.declared_by, ended.declared_org, ended.version) == ("Anna Berg", "Länsstyrelsen Norrbotten", 3)
    assert [(h.changed_by, h.changed_org) for h in store.history(event.id)] == [
        ("Anna Berg", "Länsstyrelsen Norrbotten")] * 3
    assert _trail(factory) == [("händelse", "Anna Berg", "Länsstyrelsen Norrbotten")] * 3


def test_arrival_times_are_imported_only_by_a_redaktor(engine):
    factory = make_session_factory(engine)
    arrivals = ArrivalStore(factory)
    with pytest.raises(NotAllowedError) as info:
        arrivals.import_owner_file(ARRIVALS.encode(), filename="hallby.csv", author=READER, now=T0)
    assert info.value.message_sv == "Du behöver rollen redaktör för att importera ankomsttider."
    assert arrivals.list_imports() == []
    record = arrivals.import_owner_file(ARRIVALS.encode(), filename="hallby.csv", author=EDITOR, now=T0)
    assert (record.imported_by, record.imported_org) == ("Anna Berg", "Länsstyrelsen Norrbotten")
    assert _trail(factory) == [("ankomsttider", "Anna Berg", "Länsstyrelsen Norrbotten")]


def test_an_exercise_scenario_declares_its_event_as_its_named_system_principal(engine):
    """No person declares the scenario's dam failure: the server does, by name, with the redaktör role only."""
    assert (SCENARIO_AUTHOR.mode, SCENARIO_AUTHOR.roles) == ("system", frozenset({"redaktor"}))
    assert not SCENARIO_AUTHOR.has_role("godkannare") and not SCENARIO_AUTHOR.signed_in
    factory = make_session_factory(engine)
    store = EventStore(factory, known_dams())
    spec = get_scenario_spec("dammbrott-angermanalven")
    (event,) = ensure_scenario_events(store, spec, spec.start_utc + timedelta(days=30), T0)
    assert (event.declared_by, event.declared_org, event.is_exercise) == (
        "Övningsscenariot", "Övningsledningen (ÖVNING)", True)
    assert _trail(factory) == [("händelse", "Övningsscenariot", "Övningsledningen (ÖVNING)")]
