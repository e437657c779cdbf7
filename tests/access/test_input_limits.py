"""Events and owner reports: too long names and NUL bytes give one Swedish message on SQLite and PostgreSQL.

PostgreSQL refuses a NUL byte in any text and SQLite keeps it, so without a check before the
database the same input would be a database error on one and stored on the other. Nothing is
stored, and nothing is written to the audit trail.
(Drafts, approvals and the meeting log: tests/coordination/test_integrity.py.)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from access.audit import read_audit_entries
from access.person import local_person
from coordination.db import make_session_factory, session_scope
from events.repository import EventError, EventStore
from events.scenario import known_dams
from owner_reports.model import OwnerReportError, ReportDraft
from owner_reports.store import OwnerReportStore

T0 = datetime(2026, 5, 9, 19, 15, tzinfo=UTC)
ANNA = local_person("Anna Berg", "Länsstyrelsen Västernorrland")
NUL_TAIL = "texten innehåller ett osynligt nolltecken (NUL) som inte kan sparas. " \
           "Skriv texten på nytt i stället för att klistra in den."


def _declare(store: EventStore, **overrides):
    values = dict(kind="hoga_floden", river="Umeälven", place_sv="Umeå", started_at=T0, author=ANNA, now=T0)
    return store.declare(**{**values, **overrides})


@pytest.mark.parametrize(("overrides", "message"), [
    ({"author": local_person("Å" * 201, "Umeå kommun")},
     "Namn: texten är för lång, 201 tecken av högst 200. Inget har sparats. Korta den och försök igen."),
    ({"author": local_person("Anna\x00Berg", "Umeå kommun")}, f"Namn: {NUL_TAIL}"),
    ({"author": local_person("Anna Berg", "Umeå\x00kommun")}, f"Organisation: {NUL_TAIL}"),
    ({"place_sv": "Umeå\x00"}, f"Damm eller sträcka: {NUL_TAIL}"),
    ({"place_sv": "Å" * 201}, "Damm eller sträcka: texten är för lång, 201 tecken av högst 200. "
                              "Inget har sparats. Korta den och försök igen."),
    ({"description": "Läckage\x00"}, f"Beskrivning: {NUL_TAIL}"),
], ids=["name-201", "name-nul", "organisation-nul", "place-nul", "place-201", "description-nul"])
def test_events_refuse_long_or_nul_text_the_same_on_both_databases(engine, overrides, message):
    factory = make_session_factory(engine)
    store = EventStore(factory, known_dams())
    with pytest.raises(EventError) as info:
        _declare(store, **overrides)
    assert info.value.message_sv == message
    event = _declare(store)
    with pytest.raises(EventError) as info:
        store.change(event.id, author=overrides.get("author", ANNA), now=T0,
                     **{k: v for k, v in overrides.items() if k != "author"} or {"description": "Ny"})
    assert info.value.message_sv == message
    assert [e.version for e in store.list_events(is_exercise=False)] == [1]
    with session_scope(factory) as session:
        assert len(read_audit_entries(session, kind="händelse")) == 1


@pytest.mark.parametrize(("reporter", "comment", "message"), [
    (local_person("Anna\x00Berg", "Vattenfall AB"), "", f"Namn: {NUL_TAIL}"),
    (local_person("Anna Berg", "Vattenfall\x00AB"), "", f"Organisation: {NUL_TAIL}"),
    (local_person("Anna Berg", "Vattenfall AB"), "Utskov\x00öppnat", f"Kommentar: {NUL_TAIL}"),
    (local_person("Å" * 201, "Vattenfall AB"), "",
     "Namn: texten är för lång, 201 tecken av högst 200. Inget har sparats. Korta den och försök igen."),
    (local_person("Anna Berg", "Å" * 201), "",
     "Organisation: texten är för lång, 201 tecken av högst 200. Inget har sparats. Korta den och försök igen."),
], ids=["name-nul", "organisation-nul", "comment-nul", "name-201", "organisation-201"])
def test_owner_reports_refuse_long_or_nul_text_the_same_on_both_databases(engine, reporter, comment, message):
    factory = make_session_factory(engine)
    store = OwnerReportStore(factory)
    draft = ReportDraft("Stornorrfors", T0 - timedelta(hours=1), 1450, comment=comment)
    with pytest.raises(OwnerReportError) as info:
        store.write_report(draft, reporter=reporter, is_exercise=False, clock=T0)
    assert info.value.message_sv == message
    assert store.read_history(is_exercise=False) == []
    with session_scope(factory) as session:
        assert read_audit_entries(session) == []
