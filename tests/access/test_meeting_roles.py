"""The meeting log checks roles itself, not only the page: a redaktör writes the log but cannot start or end a
meeting unless also mötesledare; a visitor writes nothing. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from access.audit import read_audit_entries
from access.person import ANONYMOUS, Person
from coordination.db import make_session_factory, session_scope
from meetings.meetings import MeetingError, MeetingLog, SituationSnapshot
from sources.models import DataOrigin

ANNA = Person(name="Anna Berg", organisation="Länsstyrelsen Västerbotten", roles=frozenset({"redaktor"}),
              mode="signed_in")
MARIA = Person(name="Maria Nord", organisation="Länsstyrelsen Västerbotten",
               roles=frozenset({"redaktor", "motesledare"}), mode="signed_in")
SNAPSHOT = SituationSnapshot(rivers=({"river": "Umeälven"},), origin=DataOrigin.LIVE)
CHAIR_NEEDED = "Du behöver rollen mötesledare för att starta eller avsluta möten."


def _start(log: MeetingLog, who):
    return log.start_meeting(title="Avstämning", rivers=["Umeälven"], is_exercise=False, snapshot=SNAPSHOT,
                             started_by=who)


def test_a_redaktor_writes_the_log_but_cannot_start_or_end_a_meeting(engine):
    factory = make_session_factory(engine)
    log = MeetingLog(factory)
    with pytest.raises(MeetingError) as info:
        _start(log, ANNA)
    assert info.value.message_sv == CHAIR_NEEDED
    meeting = _start(log, MARIA)
    entry = log.add_entry(meeting.id, kind="beslut", text="Pressmeddelande kl. 15.", author=ANNA)
    assert entry.author == "Anna Berg (Länsstyrelsen Västerbotten)"
    with pytest.raises(MeetingError) as info:
        log.end_meeting(meeting.id, by=ANNA)
    assert info.value.message_sv == CHAIR_NEEDED
    assert log.get_meeting(meeting.id).is_open
    assert not log.end_meeting(meeting.id, by=MARIA).is_open
    with session_scope(factory) as session:
        assert [(e.kind, e.person) for e in read_audit_entries(session)] == [
            ("möte", "Maria Nord"), ("logg", "Anna Berg"), ("möte", "Maria Nord")]


def test_a_visitor_who_is_not_signed_in_writes_nothing(engine):
    log = MeetingLog(make_session_factory(engine))
    meeting = _start(log, "Maria Nord")  # local mode: a typed name, every role
    with pytest.raises(MeetingError) as info:
        log.add_entry(meeting.id, kind="beslut", text="Något", author=ANONYMOUS)
    assert info.value.message_sv == "Du behöver rollen redaktör för att skriva i mötesloggen."
    with pytest.raises(MeetingError):
        log.mark_informed(meeting.id, actor="Umeå kommun", author=ANONYMOUS)
    assert log.get_meeting(meeting.id).entries == ()
