"""The owners' feeds are polled once per interval across app servers on one database: two engines (two
servers) on SQLite and on a real PostgreSQL, and two server processes on one PostgreSQL asking at once."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from coordination.db import create_schema, make_engine, make_session_factory
from owner_reports.feeds import FEED_POLL_INTERVAL_S, poll_owner_feeds_when_due
from owner_reports.store import OwnerReportStore
from settings import load_settings
from sources.owner_feed import build_feed_session
from tests.owner_reports.test_feeds import FEED_CSV, NOW
from tests.server_processes import run_at_once


@pytest.fixture
def feed_path(owner_feed_server, monkeypatch) -> str:
    """A feed of this test's own (its path counted alone), configured for the app."""
    path = f"/{uuid.uuid4().hex}.csv"
    owner_feed_server.publish(path, FEED_CSV)
    monkeypatch.setenv("ALVLAGET_OWNER_FEEDS", f"Vattenfall AB={owner_feed_server.url(path)}")
    return path


def _second_server(engine: Engine) -> Engine:
    """Another app server's own engine on the same database."""
    return make_engine(engine.url.render_as_string(hide_password=False))


def _poll(engine: Engine, now):  # type: ignore[no-untyped-def]
    settings = load_settings()
    store = OwnerReportStore(make_session_factory(engine))
    return poll_owner_feeds_when_due(settings, store, build_feed_session(settings, retries=0), engine,
                                     clock=NOW, now=now)


def test_one_server_polls_per_interval_and_the_others_skip(engine, owner_feed_server, feed_path):
    other = _second_server(engine)
    try:
        first = _poll(engine, NOW)
        assert first is not None and [s.ok for s in first] == [True]
        assert _poll(other, NOW + timedelta(seconds=1)) is None  # the other server: already polled
        assert _poll(engine, NOW + timedelta(seconds=2)) is None  # the same server too
        assert owner_feed_server.requests.count(feed_path) == 1
        # The reports the first server stored are the other server's too.
        stored = OwnerReportStore(make_session_factory(other)).read_latest(is_exercise=True)
        assert sorted(stored) == ["Pengfors", "Stornorrfors"]
        # After the interval whichever server asks first polls, once (the feed's checked time says when;
        # the file itself may come from the HTTP cache).
        later = NOW + timedelta(seconds=FEED_POLL_INTERVAL_S + 1)
        assert _poll(other, later) is not None
        assert _poll(engine, later + timedelta(seconds=1)) is None
        statuses = OwnerReportStore(make_session_factory(engine)).read_feed_statuses(is_exercise=True)
        assert [s.checked_at for s in statuses.values()] == [later]
    finally:
        other.dispose()


def test_live_and_exercise_feeds_do_not_hold_each_other_up(sqlite_engine, owner_feed_server, feed_path,
                                                           monkeypatch):
    assert _poll(sqlite_engine, NOW) is not None  # the test environment: exercise mode
    monkeypatch.setenv("ALVLAGET_MODE", "live")
    assert _poll(sqlite_engine, NOW) is not None
    assert _poll(sqlite_engine, NOW) is None
    store = OwnerReportStore(make_session_factory(sqlite_engine))
    assert [len(store.read_feed_statuses(is_exercise=mode)) for mode in (True, False)] == [1, 1]


#: One app server's poll, run as its own process: it says "ready" and asks on "go" (stdin).
SERVER = """
import sys
from datetime import UTC, datetime
from coordination.db import make_session_factory
from owner_reports.feeds import poll_owner_feeds_when_due
from owner_reports.store import OwnerReportStore
from settings import load_settings
from sharing.store import shared_engine
from sources.owner_feed import build_feed_session
settings = load_settings()
engine = shared_engine(settings.database_url)
store = OwnerReportStore(make_session_factory(engine))
session = build_feed_session(settings, retries=0)
print("ready", flush=True)
sys.stdin.readline()
polled = poll_owner_feeds_when_due(settings, store, session, engine, clock=datetime.now(UTC))
print("skipped" if polled is None else "polled", flush=True)
"""


def test_two_server_processes_on_one_postgresql_poll_once(postgres_url, owner_feed_server, feed_path, tmp_path):
    create_schema(make_engine(postgres_url))  # as the first server's start would
    envs = [{"ALVLAGET_MODE": "live", "ALVLAGET_DATA_DIR": str(tmp_path / f"server-{number}"),
             "ALVLAGET_DATABASE_URL": postgres_url,
             "ALVLAGET_OWNER_FEEDS": f"Vattenfall AB={owner_feed_server.url(feed_path)}",
             "PATH": "/usr/bin:/bin"} for number in range(2)]
    assert sorted(out.strip() for out in run_at_once(SERVER, [], envs)) == ["polled", "skipped"]
    assert owner_feed_server.requests.count(feed_path) == 1
