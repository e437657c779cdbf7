"""Events, owners' arrival files and owner reports write to the audit trail, with who and for which organisation.

On SQLite and a real PostgreSQL: each write leaves one entry in the same transaction (none when
nothing is stored), the chain stays whole, and a deleted or edited entry of these kinds is detected
by the same check the Administration page runs.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from access.audit import read_audit_entries, verify_chain
from access.person import Person, local_person
from coordination.db import make_session_factory, session_scope
from events.arrivals import ArrivalStore
from events.repository import EventError, EventStore
from events.scenario import known_dams
from owner_reports.model import Channel, OwnerReportError, ReportDraft
from owner_reports.store import OwnerReportStore
from tests.access.conftest import drop_guard_trigger

T0 = datetime(2026, 5, 9, 19, 15, tzinfo=UTC)
#: As the pages pass the signed-in person (pages/_shared/event_forms.py, owner_intake.py).
MARIA = Person(name="Maria Nord", organisation="Länsstyrelsen Västernorrland", roles=frozenset({"redaktor"}),
               mode="signed_in")
ARRIVALS = ("damm,plats,typ,ankomst_h,topp_h,toppflode_m3s,hogsta_niva_m,kalla\n"
            "Hällbydammen,Sollefteå,ort,8,9–10,5200,12.4,Uniper dammbrottsutredning 2019\n")


def _entries(factory, kind: str | None = None):
    with session_scope(factory) as session:
        return read_audit_entries(session, kind=kind)


def _events(factory) -> EventStore:
    return EventStore(factory, known_dams())


def test_declaring_changing_and_ending_an_event_is_in_the_audit_trail(engine):
    factory = make_session_factory(engine)
    store = _events(factory)
    author = local_person(MARIA.name, MARIA.organisation)
    event = store.declare(kind="dammbrott", river="Ångermanälven", dam="Hällby", place_sv="Hällbydammen",
                          started_at=T0, author=author, now=T0, description="Läckage i dammkroppen.")
    store.change(event.id, author=local_person("Olle Sund", "Sollefteå kommun"), now=T0 + timedelta(hours=1),
                 description="Dammen har brustit.")
    store.end(event.id, ended_at=T0 + timedelta(days=1), author=author, now=T0 + timedelta(days=1))
    with pytest.raises(EventError):  # refused: nothing stored, nothing in the trail
        store.change(event.id, author=author, now=T0 + timedelta(days=1), place_sv="")

    entries = _entries(factory)
    assert [(e.kind, e.person, e.organisation, e.payload["action"], e.payload["version"]) for e in entries] == [
        ("händelse", "Maria Nord", "Länsstyrelsen Västernorrland", "declared", 1),
        ("händelse", "Olle Sund", "Sollefteå kommun", "changed", 2),
        ("händelse", "Maria Nord", "Länsstyrelsen Västernorrland", "ended", 3),
    ]
    assert entries[0].recorded_at == T0
    assert {k: entries[0].payload[k] for k in ("event_id", "kind", "river", "dam", "is_exercise")} == {
        "event_id": event.id, "kind": "dammbrott", "river": "Ångermanälven", "dam": "Hällby", "is_exercise": False}
    # The entry pins the state the history row stores.
    last_state = json.dumps(store.history(event.id)[-1].state, ensure_ascii=False)
    assert entries[-1].payload["state_sha256"] == hashlib.sha256(last_state.encode("utf-8")).hexdigest()
    with session_scope(factory) as session:
        assert verify_chain(session).ok


def test_an_owners_arrival_file_is_in_the_audit_trail(engine):
    factory = make_session_factory(engine)
    data = ARRIVALS.encode("utf-8")
    record = ArrivalStore(factory).import_owner_file(data, filename="hallby.csv", author=local_person("Karin Ek", "Uniper"),
                                                     now=T0)
    [entry] = _entries(factory)
    assert (entry.kind, entry.person, entry.organisation) == ("ankomsttider", "Karin Ek", "Uniper")
    assert entry.payload == {"import_id": record.id, "filename": "hallby.csv", "dams": ["Hällby"], "rows": 1,
                             "file_sha256": hashlib.sha256(data).hexdigest()}


def test_stored_owner_reports_are_in_the_audit_trail_and_repeats_are_not(engine):
    factory = make_session_factory(engine)
    store = OwnerReportStore(factory)
    reporter = local_person("Anna Berg", "Vattenfall AB")
    drafts = [ReportDraft(plant=plant, reported_at=T0 - timedelta(hours=1), total_m3s=1450)
              for plant in ("Stornorrfors", "Pengfors")]
    result = store.write_reports(drafts, reporter=reporter, channel=Channel.FILE, source="rapport.csv",
                                 is_exercise=True, clock=T0, now=T0)
    again = store.write_reports(drafts, reporter=reporter, channel=Channel.FILE, source="rapport.csv",
                                is_exercise=True, clock=T0, now=T0 + timedelta(minutes=5))
    with pytest.raises(OwnerReportError):
        store.write_report(drafts[0], reporter=local_person("", "Vattenfall AB"), is_exercise=True, clock=T0)

    assert (len(result.stored), len(again.stored), again.already_stored) == (2, 0, 2)
    [entry] = _entries(factory)
    assert (entry.kind, entry.person, entry.organisation, entry.recorded_at) == (
        "ägarrapport", "Anna Berg", "Vattenfall AB", T0)
    assert {k: v for k, v in entry.payload.items() if k != "fingerprints_sha256"} == {
        "report_ids": [r.id for r in result.stored], "plants": ["Pengfors", "Stornorrfors"], "channel": "fil",
        "source": "rapport.csv", "is_exercise": True}


@pytest.mark.parametrize("tamper, message", [
    ("DELETE FROM audit_log WHERE seq = 2", "Post nr 2 saknas: den har raderats ur revisionsloggen."),
    ("UPDATE audit_log SET person = 'Någon annan' WHERE seq = 2",
     "Post nr 2 (ägarrapport) har ändrats efter att den skrevs."),
])
def test_a_deleted_or_edited_event_or_report_entry_breaks_the_chain(engine, tamper, message):
    factory = make_session_factory(engine)
    author = local_person(MARIA.name, MARIA.organisation)
    events = _events(factory)
    event = events.declare(kind="hoga_floden", river="Umeälven", place_sv="Umeå", started_at=T0, author=author, now=T0)
    OwnerReportStore(factory).write_report(
        ReportDraft(plant="Stornorrfors", reported_at=T0 - timedelta(hours=1), total_m3s=1450),
        reporter=local_person("Anna Berg", "Vattenfall AB"), is_exercise=False, clock=T0)
    events.end(event.id, ended_at=T0 + timedelta(hours=2), author=author, now=T0 + timedelta(hours=2))
    operation = tamper.split()[0].lower()
    drop_guard_trigger(engine, f"audit_log_no_{operation}", "audit_log")
    with engine.begin() as connection:
        connection.execute(text(tamper))
    with session_scope(factory) as session:
        report = verify_chain(session)
    assert [p.message_sv for p in report.problems] == [message]
