"""An action in the meeting log marked done ("klar"): who and when, audited, role-checked, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from access.audit import read_audit_entries, verify_chain
from access.person import Person, local_person
from coordination.db import make_session_factory, session_scope
from meetings.meetings import LIVE_TOPIC, MeetingError, MeetingLog, MeetingNotFoundError
from meetings.minutes import build_meeting_minutes, log_table
from sharing.live_updates import version
from tests.coordination.test_meetings import T0, start

PER = Person(name="Per Ek", organisation="Umeå kommun", roles=frozenset({"redaktor"}), mode="signed_in")
READER = Person(name="Eva Lind", organisation="Umeå kommun", roles=frozenset({"lasare"}), mode="signed_in")


@pytest.fixture
def sessions(engine):
    return make_session_factory(engine)


@pytest.fixture
def log(sessions) -> MeetingLog:
    return MeetingLog(sessions)


def _two_actions(log: MeetingLog):
    meeting = start(log, is_exercise=False, snapshot=_real_snapshot(), scenario=None)
    first = log.add_entry(meeting.id, kind="atgard", text="Kontrollera Vännäsbron.", author="Anna Berg",
                          responsible="Per Ek", follow_up_at=T0 + timedelta(hours=1), now=T0)
    second = log.add_entry(meeting.id, kind="atgard", text="Ring SOS Alarm.", author="Anna Berg", now=T0)
    return meeting, first, second


def _real_snapshot():
    from sources.models import DataOrigin
    from tests.coordination.test_meetings import exercise_snapshot

    return exercise_snapshot(origin=DataOrigin.LIVE)


def test_a_done_action_records_who_and_when_and_leaves_the_open_actions(log, sessions, engine):
    meeting, first, second = _two_actions(log)
    done_at = T0 + timedelta(minutes=40)
    url = engine.url.render_as_string(hide_password=False)
    changes = version(LIVE_TOPIC, url)
    marked = log.mark_done(meeting.id, first.id, by=PER, now=done_at)
    assert version(LIVE_TOPIC, url) == changes + 1  # other sessions' Möte pages see it (sharing.live_updates)
    assert (marked.id, marked.done_at, marked.done_by, marked.is_done) == (first.id, done_at, "Per Ek (Umeå kommun)",
                                                                           True)
    view = log.get_meeting(meeting.id)
    assert [e.text for e in view.open_actions()] == ["Ring SOS Alarm."]
    assert [e.text for e in view.done_actions()] == ["Kontrollera Vännäsbron."]
    assert view.to_follow_up() == []  # nothing left to follow up: the only follow-up is done
    # The entry itself is unchanged (the log is append-only).
    assert view.entries[0].text == "Kontrollera Vännäsbron." and view.entries[0].created_at == T0
    table = log_table(view, now=done_at)
    assert table["Klar"].tolist() == ["14.45 av Per Ek (Umeå kommun)", ""]
    minutes = {s.heading: s for s in build_meeting_minutes(view, generated_at=done_at).sections}
    assert minutes["Klara åtgärder"].bullets == ("Kontrollera Vännäsbron. – klar 26 nov 14.45 av Per Ek (Umeå kommun)",)
    assert "Att följa upp" not in minutes
    with session_scope(sessions) as session:
        done = [e for e in read_audit_entries(session, kind="logg") if e.payload.get("done")]
        assert [(e.person, e.organisation, e.payload["entry_id"], e.recorded_at) for e in done] == [
            ("Per Ek", "Umeå kommun", first.id, done_at)]
        assert verify_chain(session).ok


def test_marking_twice_keeps_the_first_mark(log):
    meeting, first, _second = _two_actions(log)
    log.mark_done(meeting.id, first.id, by=PER, now=T0 + timedelta(minutes=5))
    again = log.mark_done(meeting.id, first.id, by="Anna Berg", now=T0 + timedelta(minutes=9))
    assert (again.done_at, again.done_by) == (T0 + timedelta(minutes=5), "Per Ek (Umeå kommun)")


def test_only_a_redaktor_marks_and_only_an_action_of_that_meeting(log):
    meeting, first, _second = _two_actions(log)
    decision = log.add_entry(meeting.id, kind="beslut", text="Ett beslut.", author="Anna Berg", now=T0)
    with pytest.raises(MeetingError, match="Du behöver rollen redaktör för att skriva i mötesloggen."):
        log.mark_done(meeting.id, first.id, by=READER)
    with pytest.raises(MeetingError, match=f"Möte nr {meeting.id} har ingen åtgärd nr {decision.id}"):
        log.mark_done(meeting.id, decision.id, by=PER)
    other = start(log, title="Annat möte", is_exercise=False, snapshot=_real_snapshot(), scenario=None)
    with pytest.raises(MeetingError, match=f"Möte nr {other.id} har ingen åtgärd nr {first.id}"):
        log.mark_done(other.id, first.id, by=PER)
    with pytest.raises(MeetingNotFoundError):
        log.mark_done(9999, first.id, by=PER)
    with pytest.raises(MeetingError, match="Ange ditt namn."):
        log.mark_done(meeting.id, first.id, by="  ")
    with pytest.raises(MeetingError, match="Ange ditt namn."):
        log.mark_done(meeting.id, first.id, by=local_person(" "))
    assert log.get_meeting(meeting.id).done_actions() == []


def test_an_ended_meetings_action_may_be_marked_done(log):
    meeting, first, _second = _two_actions(log)
    log.end_meeting(meeting.id, by="Anna Berg", now=T0 + timedelta(minutes=30))
    log.mark_done(meeting.id, first.id, by=PER, now=T0 + timedelta(hours=3))
    assert [e.text for e in log.get_meeting(meeting.id).open_actions()] == ["Ring SOS Alarm."]


def test_an_exercise_keeps_the_scenario_clock_of_the_mark(log):
    meeting = start(log)
    entry = log.add_entry(meeting.id, kind="atgard", text="Öppna utskovet.", author="Anna Berg", now=T0)
    scenario = datetime(2026, 5, 9, 23, 10, tzinfo=UTC)
    log.mark_done(meeting.id, entry.id, by=PER, scenario_at=scenario, now=T0 + timedelta(minutes=15))
    view = log.get_meeting(meeting.id)
    assert view.entries[0].done_scenario_at == scenario
    assert log_table(view, now=T0)["Klar"].tolist() == [
        "14.20 (verklig tid; övningstid 10 maj 01.10) av Per Ek (Umeå kommun)"]
