"""Polling the owners' published report files into the store.

For each feed of ``ALVLAGET_OWNER_FEEDS``: fetch it (:mod:`sources.owner_feed`), read it with the
same parser as an imported file, store its reports (a report already stored is skipped by its
fingerprint, so polling again stores nothing twice) and record the outcome in the feed-status table
so every app server shows it. An unreachable feed, a cached copy served because the server failed,
or a file with any error stores nothing and records a Swedish message. A database that refuses the
write (read-only or full data folder, busy with another writer) is such an outcome too: the feed's
status says so, the status itself is then not kept (logged), and the page goes on.

Reports polled while the app runs an exercise are stored as ÖVNING, like everything else entered then.

Once per interval across app servers: :func:`poll_owner_feeds_when_due` polls only when no server on the
same database has polled in the last :data:`FEED_POLL_INTERVAL_S` seconds (a lease in the shared database,
:mod:`sharing.fetch_lease`, taken for the whole interval and never released, so it marks the last poll).

No person enters polled reports: the server does, as the feed's named system principal
(:func:`feed_principal`: ``"automatisk hämtning"`` for the feed's organisation, redaktör only), which the
store's role check and the audit trail see like anyone else.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import replace
from datetime import UTC, datetime

import requests
from sqlalchemy import Engine

from access.person import Person, system_principal
from access.roles import EDITOR
from coordination.errors import StorageUnavailableError
from owner_reports.model import Channel, OwnerReportError
from owner_reports.parsing import MAX_FILE_BYTES, parse_report_file, with_reporter_default
from owner_reports.store import FeedStatus, OwnerReportStore
from settings import Settings
from sharing.fetch_lease import lease_holder, take_lease
from sources.models import DataOrigin
from sources.owner_feed import OwnerFeed, OwnerFeedError, get_owner_feed, owner_feeds

_log = logging.getLogger(__name__)

#: ``entered_by`` of polled reports: no person typed them in.
FEED_ENTERED_BY = "automatisk hämtning"
#: How often the owners' feeds are polled, by one of the app servers on a database [s].
FEED_POLL_INTERVAL_S = 300.0


def feed_principal(organisation: str) -> Person:
    """Who stores the reports polled from ``organisation``'s feed: the server, named :data:`FEED_ENTERED_BY`
    for that organisation, with the redaktör role only (it may store reports, nothing else)."""
    return system_principal(FEED_ENTERED_BY, organisation, frozenset({EDITOR}))


def poll_owner_feed(
    feed: OwnerFeed, store: OwnerReportStore, session: requests.Session, *, is_exercise: bool, clock: datetime,
    now: datetime | None = None,
) -> FeedStatus:
    """Fetch, read and store one feed; record and return the outcome (never raises for bad feeds)."""
    checked = now or datetime.now(UTC)
    status = FeedStatus(
        organisation=feed.organisation, url=feed.url, checked_at=checked, ok=False, message_sv="",
        fetched_at=None, origin="", new_reports=0,
    )
    try:
        fetched = get_owner_feed(feed, session, max_bytes=MAX_FILE_BYTES)
    except OwnerFeedError as exc:
        status = replace(status, message_sv=f"{exc.message_sv} Inget har sparats.")
    else:
        status = replace(status, fetched_at=fetched.fetched_at, origin=fetched.origin.value)
        if fetched.origin is DataOrigin.CACHE:
            status = replace(
                status,
                message_sv=f"Rapportfilen från {feed.organisation} ({feed.url}) kunde inte nås just nu; "
                "inget nytt har sparats.",
            )
        else:
            status = _store_file(feed, store, fetched.content, status, is_exercise=is_exercise, clock=clock, now=checked)
    try:
        store.write_feed_status(status, is_exercise=is_exercise)
    except StorageUnavailableError as exc:
        _log.warning("status of the owner feed %s not stored (%s): %s", feed.url, exc.problem, status.message_sv)
    return status


def _store_file(
    feed: OwnerFeed, store: OwnerReportStore, content: bytes, status: FeedStatus, *, is_exercise: bool,
    clock: datetime, now: datetime,
) -> FeedStatus:
    name = feed.url.rsplit("/", 1)[-1] or feed.url
    try:
        parsed = parse_report_file(content, name, now=clock, expected_organisation=feed.organisation)
        result = store.write_reports(
            [with_reporter_default(d, feed.organisation) for d in parsed.drafts],
            reporter=feed_principal(feed.organisation),
            channel=Channel.FEED,
            source=feed.url,
            is_exercise=is_exercise,
            clock=clock,
            now=now,
        )
    except OwnerReportError as exc:
        details = " ".join(exc.problems[:3]) if exc.problems != (exc.message_sv,) else ""
        return replace(status, message_sv=f"Rapportfilen från {feed.organisation}: {exc.message_sv} {details}".strip())
    except StorageUnavailableError as exc:
        return replace(status, message_sv=f"Rapportfilen från {feed.organisation} hämtades men sparades inte: {exc.message_sv}")
    count = len(result.stored)
    news = "inga nya rapporter" if count == 0 else ("1 ny rapport" if count == 1 else f"{count} nya rapporter")
    return replace(status, ok=True, new_reports=count, message_sv=f"Hämtad ({parsed.encoding}, {parsed.file_format}): {news}.")


def poll_owner_feeds(
    settings: Settings, store: OwnerReportStore, session: requests.Session, *, clock: datetime,
    now: datetime | None = None,
) -> list[FeedStatus]:
    """Poll every configured feed once, in order; the outcome of each."""
    return [
        poll_owner_feed(feed, store, session, is_exercise=settings.is_exercise, clock=clock, now=now)
        for feed in owner_feeds(settings)
    ]


def owner_poll_resource(settings: Settings) -> str:
    """The lease name of polling ``settings``' feeds: the mode and the feeds (servers that poll other feeds,
    or the live feeds beside an exercise, do not hold each other up)."""
    mode = "exercise" if settings.is_exercise else "live"
    return "owner-feeds-poll|" + mode + "|" + "|".join(f"{f.organisation}={f.url}" for f in owner_feeds(settings))


def poll_owner_feeds_when_due(
    settings: Settings, store: OwnerReportStore, session: requests.Session, engine: Engine, *, clock: datetime,
    interval_s: float = FEED_POLL_INTERVAL_S, now: datetime | None = None,
) -> list[FeedStatus] | None:
    """Poll every feed (:func:`poll_owner_feeds`) unless a server on ``engine``'s database did so in the
    ``interval_s`` seconds before ``now`` [UTC, default the wall clock]; None when not due.

    The poll's lease is taken for ``interval_s`` under a holder used once, so it is taken only when the
    last poll's lease has expired, whichever server (or thread) asks; a database that cannot be used
    counts as due (a poll may then be duplicated, never skipped).
    """
    holder = f"{lease_holder()}:{uuid.uuid4().hex}"
    if not take_lease(engine, owner_poll_resource(settings), holder, seconds=interval_s, now=now):
        return None
    return poll_owner_feeds(settings, store, session, clock=clock, now=now)
