"""Change counters: "has anything about this topic changed?" answered with one indexed read.

Every write that other sessions should see bumps its topic's counter **in the same transaction** as
the write itself (so a reader never sees the counter move before the data)::

    from sharing.live_updates import bump

    with session_scope(factory) as session:
        session.add(OwnerReport(...))
        bump(session, "owners")          # one call per write; the topic names what changed

Pages poll with :func:`version` (through ``pages._shared.live.watch_changes``) every few seconds and
rerun only when a number moved, so an idle session costs one small query per interval and nothing
else. Topics in use (add yours here):

=============== =============================================================================
topic           bumped by
=============== =============================================================================
``messages``    drafts, versions, approvals, releases (:mod:`messages.repository`)
``meeting``     meetings, log entries, informed actors, snapshots (:mod:`meetings.meetings`)
``exercise``    the scenario choice and the scenario clock (:mod:`sources.exercise.clock`)
``events``      declared events (dam failure, high flows) (:mod:`events.repository`)
``arrivals``    the dam owners' arrival-time imports (:mod:`events.repository`)
``owners``      the dam owners' reports and feed outcomes (:mod:`owner_reports.store`)
=============== =============================================================================
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from sharing.store import SharedStateError, shared_engine, upsert
from sharing.tables import ChangeCounter

TOPICS: tuple[str, ...] = ("messages", "meeting", "exercise", "events", "arrivals", "owners")


def bump(session: Session | Connection, topic: str) -> None:
    """Count one more change of ``topic``, inside the caller's open transaction (commits with it).

    ``session`` is the SQLAlchemy ``Session`` (or ``Connection``) that makes the write; the counter's
    row is created on first use. Safe when several servers write at once (an atomic upsert).
    """
    table = ChangeCounter.__table__
    upsert(session, table, {"topic": topic}, {"value": 1}, on_conflict={"value": table.c.value + 1})


def versions(topics: Iterable[str], database_url: str | None = None) -> dict[str, int]:
    """The current counter of each topic (0 for one never bumped), in one query.

    ``database_url`` defaults to the configured database (``settings.database_url``).

    Raises
    ------
    SharedStateError
        When the database cannot be read.
    """
    wanted = tuple(dict.fromkeys(topics))
    if database_url is None:
        from settings import load_settings

        database_url = load_settings().database_url
    try:
        with shared_engine(database_url).connect() as connection:
            rows = connection.execute(
                select(ChangeCounter.topic, ChangeCounter.value).where(ChangeCounter.topic.in_(wanted))
            ).all()
    except SQLAlchemyError as exc:
        raise SharedStateError(f"cannot read change counters: {type(exc).__name__}") from exc
    found = {topic: int(number) for topic, number in rows}
    return {topic: found.get(topic, 0) for topic in wanted}


def version(topic: str, database_url: str | None = None) -> int:
    """The current counter of ``topic`` (0 when never bumped); see :func:`versions`."""
    return versions((topic,), database_url)[topic]
