"""The audit trail on SQLite and PostgreSQL: chained, append-only, and tampering is detected."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from access.audit import read_audit_entries, record_audit, verify_chain
from access.models import GENESIS_HASH
from access.person import Person
from coordination.db import make_session_factory, session_scope
from tests.access.conftest import drop_guard_trigger

OMAR = Person(name="Omar Said", organisation="Umeå kommun", roles=frozenset({"godkannare"}), mode="signed_in")
T0 = datetime(2026, 5, 3, 12, 0, tzinfo=UTC)


def _append(factory, count: int) -> None:
    for i in range(count):
        with session_scope(factory) as session:
            record_audit(session, "händelse", OMAR, {"nr": i, "text": "Dammbrott <b>Hällby</b>"}, now=T0)


def test_entries_are_chained_and_verify(engine):
    factory = make_session_factory(engine)
    _append(factory, 3)
    with session_scope(factory) as session:
        entries = read_audit_entries(session)
        report = verify_chain(session)
    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[0].prev_hash == GENESIS_HASH
    assert [e.prev_hash for e in entries[1:]] == [e.entry_hash for e in entries[:-1]]
    assert (entries[2].person, entries[2].organisation, entries[2].payload) == (
        "Omar Said", "Umeå kommun", {"nr": 2, "text": "Dammbrott <b>Hällby</b>"})
    assert report.ok and report.entries == 3


def test_entry_rolls_back_with_the_change_it_records(engine):
    factory = make_session_factory(engine)
    _append(factory, 1)
    with pytest.raises(RuntimeError), session_scope(factory) as session:
        record_audit(session, "händelse", "Anna Berg", {"nr": 99})
        raise RuntimeError("the change failed")
    _append(factory, 1)
    with session_scope(factory) as session:
        assert [e.payload["nr"] for e in read_audit_entries(session)] == [0, 0]
        assert verify_chain(session).ok


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET person = 'X'", "DELETE FROM audit_log"])
def test_database_refuses_update_and_delete(engine, statement):
    factory = make_session_factory(engine)
    _append(factory, 1)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text(statement))


def test_deleted_middle_entry_is_detected(engine):
    factory = make_session_factory(engine)
    _append(factory, 4)
    drop_guard_trigger(engine, "audit_log_no_delete", "audit_log")
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE seq = 2"))
    with session_scope(factory) as session:
        report = verify_chain(session)
    assert [p.message_sv for p in report.problems] == ["Post nr 2 saknas: den har raderats ur revisionsloggen."]


def test_deleted_newest_entry_is_detected(engine):
    factory = make_session_factory(engine)
    _append(factory, 3)
    drop_guard_trigger(engine, "audit_log_no_delete", "audit_log")
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE seq = 3"))
    with session_scope(factory) as session:
        report = verify_chain(session)
    assert [p.message_sv for p in report.problems] == [
        "De senaste posterna (nr 3–3) saknas: de har raderats ur revisionsloggen."]


def test_edited_entry_is_detected(engine):
    factory = make_session_factory(engine)
    _append(factory, 3)
    drop_guard_trigger(engine, "audit_log_no_update", "audit_log")
    with engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET organisation = 'Vattenfall AB' WHERE seq = 2"))
    with session_scope(factory) as session:
        report = verify_chain(session)
    assert [p.message_sv for p in report.problems] == ["Post nr 2 (händelse) har ändrats efter att den skrevs."]


def test_concurrent_appenders_keep_one_chain(postgresql_engine):
    factory = make_session_factory(postgresql_engine)
    threads = [threading.Thread(target=_append, args=(factory, 5)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with session_scope(factory) as session:
        report = verify_chain(session)
    assert report.ok and report.entries == 30
