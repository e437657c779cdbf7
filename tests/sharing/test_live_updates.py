"""Change counters: every coordination write bumps its topic in the same transaction; reads are cheap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from access.person import local_person
from coordination.db import database_sessions, make_engine, make_session_factory, session_scope
from meetings.meetings import MeetingLog, SituationSnapshot
from messages.repository import ActorSpec, DraftRepository
from messages.versions import MessageText
from owner_reports.model import OwnerReportError, ReportDraft
from owner_reports.store import FeedStatus, OwnerReportStore
from sharing.live_updates import bump, version, versions
from sources.models import DataOrigin

T0 = datetime(2026, 5, 8, 12, 0, tzinfo=UTC)


def test_counters_start_at_zero_and_count_each_bump(database_url):
    factory = database_sessions(database_url)
    assert versions(("messages", "owners"), database_url) == {"messages": 0, "owners": 0}
    for _ in range(3):
        with session_scope(factory) as session:
            bump(session, "owners")
    assert version("owners", database_url) == 3
    assert version("messages", database_url) == 0


def test_a_failed_write_does_not_move_the_counter(database_url):
    factory = database_sessions(database_url)
    with pytest.raises(RuntimeError), session_scope(factory) as session:
        bump(session, "events")
        raise RuntimeError("the write itself failed")
    assert version("events", database_url) == 0


def test_another_server_sees_the_bump(database_url):
    """Two engines stand for two app servers on one database."""
    database_sessions(database_url)  # this server started first and created the tables
    other_server = make_engine(database_url)
    with session_scope(make_session_factory(other_server)) as session:
        bump(session, "meeting")
    other_server.dispose()
    assert version("meeting", database_url) == 1


def test_drafts_approvals_and_meeting_log_bump_their_topics(database_url):
    factory = database_sessions(database_url)
    drafts, log = DraftRepository(factory), MeetingLog(factory)
    actor = drafts.ensure_actors([ActorSpec("Vattenfall", "dam_owner")])[0]
    assert version("messages", database_url) == 0  # reading and seeding actors is not a change
    draft = drafts.create_draft(river="Umeälven", kind="pressmeddelande", is_exercise=True,
                                text=MessageText(headline_sv="Höga flöden", body_sv="Text."), facts={},
                                author="Anna", required_actor_ids=[actor.id], now=T0)
    drafts.approve(draft.id, 1, actor.id, "Per Ek", now=T0)
    assert version("messages", database_url) == 2

    meeting = log.start_meeting(title="Samordning", rivers=("Umeälven",), is_exercise=True,
                                snapshot=SituationSnapshot(rivers=(), origin=DataOrigin.EXERCISE, data_time=T0),
                                started_by="Anna", now=T0)
    log.add_entry(meeting.id, kind="beslut", text="Vi informerar allmänheten.", author="Anna", now=T0)
    assert version("meeting", database_url) == 2
    assert version("messages", database_url) == 2  # a meeting write is not a message write


def test_owner_reports_bump_owners_only_when_something_is_stored(database_url):
    store = OwnerReportStore(database_sessions(database_url))
    draft = ReportDraft(plant="Stornorrfors", reported_at=T0 - timedelta(hours=1), total_m3s=1450)
    anna = local_person("Anna Berg", "Vattenfall AB")
    store.write_report(draft, reporter=anna, is_exercise=False, clock=T0)
    assert version("owners", database_url) == 1
    store.write_report(draft, reporter=anna, is_exercise=False, clock=T0)  # the same report: nothing new
    assert version("owners", database_url) == 1
    with pytest.raises(OwnerReportError):
        store.write_report(ReportDraft(plant="Ingen sådan", reported_at=T0, total_m3s=1), reporter=anna,
                           is_exercise=False, clock=T0)
    assert version("owners", database_url) == 1
    store.write_feed_status(FeedStatus(organisation="Vattenfall AB", url="https://example.se/r.csv", checked_at=T0,
                                       ok=True, message_sv="", fetched_at=T0, origin="live", new_reports=0),
                            is_exercise=False)
    assert version("owners", database_url) == 2  # the Ägarrapporter page shows each feed's outcome
    assert version("messages", database_url) == 0
