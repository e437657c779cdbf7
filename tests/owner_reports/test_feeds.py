"""Polling owners' feeds against a real local HTTP server: stored once, bad feeds store nothing (the store on
SQLite and PostgreSQL where the database matters)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime

from coordination.db import create_schema, make_engine, make_session_factory
from owner_reports.feeds import poll_owner_feed, poll_owner_feeds
from owner_reports.model import Channel
from owner_reports.store import OwnerReportStore
from settings import load_settings
from sources.owner_feed import OwnerFeed, build_feed_session
from storage import BUSY_MESSAGE_SV

NOW = datetime(2026, 5, 12, 14, 0, tzinfo=UTC)
FEED_CSV = (
    "kraftverk;rapporttid;tappning_m3s;turbin_m3s;utskov_m3s;vattenyta_m;damningsgrans_m;sankningsgrans_m;"
    "planerad_tid;planerad_m3s\n"
    "Stornorrfors;2026-05-12 15:00;1 450;850;600;74,20;75,00;71,50;2026-05-12 20:00;1 600\n"
    "Pengfors;2026-05-12 15:00;1 100;1 100;0;;;;;\n"
).encode("cp1252")


def _session():
    return build_feed_session(load_settings(), retries=0)


def test_a_feed_is_read_stored_and_polling_again_stores_nothing_new(store, owner_feed_server):
    owner_feed_server.publish("/vattenfall/rapport.csv", FEED_CSV)
    feed = OwnerFeed("Vattenfall AB", owner_feed_server.url("/vattenfall/rapport.csv"))
    status = poll_owner_feed(feed, store, _session(), is_exercise=False, clock=NOW, now=NOW)
    assert (status.ok, status.new_reports, status.message_sv) == (True, 2, "Hämtad (UTF-8, CSV): 2 nya rapporter.")
    assert status.origin == "live"
    latest = store.read_latest(is_exercise=False)
    assert sorted(latest) == ["Pengfors", "Stornorrfors"]
    report = latest["Stornorrfors"]
    assert (report.organisation, report.reporter_name, report.entered_by) == (
        "Vattenfall AB", "automatisk hämtning", "automatisk hämtning",
    )
    assert (report.channel, report.source, report.spillway_m3s) == (Channel.FEED, feed.url, 600)
    assert (report.upstream_level_m, report.damningsgrans_m, report.sankningsgrans_m) == (74.2, 75.0, 71.5)
    again = poll_owner_feed(feed, store, _session(), is_exercise=False, clock=NOW, now=NOW)
    assert (again.ok, again.new_reports, again.message_sv) == (True, 0, "Hämtad (UTF-8, CSV): inga nya rapporter.")
    assert len(store.read_history(is_exercise=False)) == 2
    assert store.read_feed_statuses(is_exercise=False) == {feed.url: again}


def test_an_unreachable_feed_stores_nothing_and_says_so(sqlite_store):
    feed = OwnerFeed("Uniper", "http://127.0.0.1:9/uniper.json")
    status = poll_owner_feed(feed, sqlite_store, _session(), is_exercise=False, clock=NOW, now=NOW)
    assert (status.ok, status.new_reports) == (False, 0)
    assert status.message_sv == (
        "Rapportfilen från Uniper (http://127.0.0.1:9/uniper.json) kunde inte nås: servern svarar inte. "
        "Inget har sparats."
    )
    assert sqlite_store.read_history(is_exercise=False) == []


def test_a_missing_file_and_a_server_error_store_nothing(sqlite_store, owner_feed_server):
    feed = OwnerFeed("Statkraft", owner_feed_server.url("/saknas.csv"))
    status = poll_owner_feed(feed, sqlite_store, _session(), is_exercise=False, clock=NOW, now=NOW)
    assert status.message_sv == f"Rapportfilen från Statkraft ({feed.url}) finns inte (HTTP 404). Inget har sparats."
    owner_feed_server.publish("/fel.csv", "internt fel", status=503)
    broken = OwnerFeed("Statkraft", owner_feed_server.url("/fel.csv"))
    status = poll_owner_feed(broken, sqlite_store, _session(), is_exercise=False, clock=NOW, now=NOW)
    assert status.message_sv == (
        f"Rapportfilen från Statkraft ({broken.url}) kunde inte nås: servern svarar inte. Inget har sparats."
    )
    assert sqlite_store.read_history(is_exercise=False) == []


def test_a_malformed_feed_file_stores_nothing_and_names_the_line(store, owner_feed_server):
    owner_feed_server.publish("/r.csv", FEED_CSV + "Harrsele;2026-05-12 15:00;många\n".encode())
    feed = OwnerFeed("Vattenfall AB", owner_feed_server.url("/r.csv"))
    status = poll_owner_feed(feed, store, _session(), is_exercise=False, clock=NOW, now=NOW)
    assert (status.ok, status.new_reports) == (False, 0)
    assert status.message_sv == (
        "Rapportfilen från Vattenfall AB: Filen ”r.csv” har ett fel och har inte lästs in. Inget har sparats. "
        "Rad 4: tappning_m3s ”många” är inget tal."
    )
    assert store.read_history(is_exercise=False) == []


def test_every_configured_feed_is_polled_in_the_mode_of_the_app(sqlite_store, owner_feed_server, monkeypatch):
    owner_feed_server.publish("/a.csv", FEED_CSV)
    monkeypatch.setenv(
        "ALVLAGET_OWNER_FEEDS", f"Vattenfall AB={owner_feed_server.url('/a.csv')};Uniper=http://127.0.0.1:9/u.csv"
    )
    settings = load_settings()  # the test environment runs in exercise mode
    statuses = poll_owner_feeds(settings, sqlite_store, _session(), clock=NOW, now=NOW)
    assert [(s.organisation, s.ok) for s in statuses] == [("Vattenfall AB", True), ("Uniper", False)]
    assert sqlite_store.read_latest(is_exercise=False) == {}
    assert all(r.is_exercise for r in sqlite_store.read_latest(is_exercise=True).values())
    live = replace(settings, mode="live")
    poll_owner_feeds(live, sqlite_store, _session(), clock=NOW, now=NOW)
    assert sorted(sqlite_store.read_latest(is_exercise=False)) == ["Pengfors", "Stornorrfors"]


def test_a_feed_polled_while_the_database_is_busy_stores_nothing_and_does_not_stop_the_page(
        owner_feed_server, tmp_path):
    """The write of the reports, and of the feed's status, met another writer's lock past the busy
    timeout: before, the storage error went through every page that shows owner reports."""
    path = tmp_path / "alvlaget.sqlite"
    engine = make_engine(f"sqlite:///{path}", lock_wait_ms=200)
    create_schema(engine)
    store = OwnerReportStore(make_session_factory(engine))
    owner_feed_server.publish("/vattenfall/rapport.csv", FEED_CSV)
    feed = OwnerFeed("Vattenfall AB", owner_feed_server.url("/vattenfall/rapport.csv"))
    other = sqlite3.connect(path)
    try:
        other.execute("BEGIN IMMEDIATE")
        status = poll_owner_feed(feed, store, _session(), is_exercise=False, clock=NOW, now=NOW)
    finally:
        other.rollback()
        other.close()
    assert (status.ok, status.new_reports) == (False, 0)
    assert status.message_sv == f"Rapportfilen från Vattenfall AB hämtades men sparades inte: {BUSY_MESSAGE_SV}"
    assert store.read_history(is_exercise=False) == [] and store.read_feed_statuses(is_exercise=False) == {}
    engine.dispose()
