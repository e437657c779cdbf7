"""The shared database from code without Streamlit: the engine, upserts, shared named values.

Why here and not in local files: two app servers behind one proxy must show the same exercise
(scenario, clock) and the same cached SMHI answers; a file in one server's data folder is invisible to
the other. The database at ``settings.database_url`` is the one place both see.

Reads of named values are memoised for :data:`READ_MEMO_S` seconds per process: every page run asks
for the scenario and the clock several times, and a second-old answer is as good as a fresh one (a
write from this process is seen at once; one from another server within that second).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from coordination.db import database_engine
from sharing.tables import SharedValue

#: How long a value read from the database is reused in this process [s].
READ_MEMO_S = 1.0

_memo: dict[tuple[str, str], tuple[float, str | None]] = {}
_memo_lock = threading.Lock()


class SharedStateError(RuntimeError):
    """The shared database could not be read or written (unreachable, refused, broken schema).

    ``message_sv`` says so in Swedish for the page.
    """

    def __init__(self, message: str, *, message_sv: str = "Den gemensamma databasen kunde inte nås.") -> None:
        super().__init__(message)
        self.message_sv = message_sv


def shared_engine(database_url: str) -> Engine:
    """The process's one engine for ``database_url``, every table created once: the same engine as the
    pages' (:func:`coordination.db.database_engine`), named here for ``sources``, which keep to ``sharing``."""
    return database_engine(database_url)


def upsert(connection: Connection | Session, table: Table, keys: Mapping[str, Any],
           values: Mapping[str, Any], on_conflict: Mapping[str, Any] | None = None) -> None:
    """Insert a row, or update it when its primary key ``keys`` exists — atomically on SQLite and PostgreSQL.

    ``on_conflict`` are the columns to set when the row exists (default: ``values``); it may use
    column expressions such as ``table.c.version + 1``. Two servers upserting the same key at once
    both succeed (no IntegrityError race), which a read-then-insert could not promise.
    """
    dialect = connection.bind.dialect.name if isinstance(connection, Session) else connection.dialect.name
    changes = dict(values if on_conflict is None else on_conflict)
    if dialect in ("postgresql", "sqlite"):
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(table).values({**keys, **values}).on_conflict_do_update(
            index_elements=list(keys), set_=changes)
        connection.execute(statement)
        return
    # Other databases: update first, insert when nothing was there (a concurrent insert may then fail
    # with IntegrityError, which the caller's transaction reports).
    condition = [table.c[name] == value for name, value in keys.items()]
    if connection.execute(update(table).where(*condition).values(changes)).rowcount == 0:
        connection.execute(table.insert().values({**keys, **values}))


def read_shared_value(database_url: str, key: str) -> str | None:
    """The value every server sees under ``key``, or None when none was written.

    Raises
    ------
    SharedStateError
        When the database cannot be reached or read.
    """
    now = time.monotonic()
    with _memo_lock:
        memo = _memo.get((database_url, key))
    if memo is not None and memo[0] > now:
        return memo[1]
    try:
        with shared_engine(database_url).connect() as connection:
            value = connection.execute(select(SharedValue.value).where(SharedValue.key == key)).scalar()
    except SQLAlchemyError as exc:
        raise SharedStateError(f"cannot read shared value {key!r}: {type(exc).__name__}") from exc
    with _memo_lock:
        _memo[(database_url, key)] = (now + READ_MEMO_S, value)
    return value


def write_shared_value(database_url: str, key: str, value: str, *, topic: str | None = None) -> None:
    """Store ``value`` under ``key`` for every server; bump ``topic`` in the same transaction.

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database cannot be written; left as it is, so that :func:`storage.classify_storage_error`
        can tell a full or read-only data folder (the pages' ``storage_guard``). Nothing is written then.
    """
    from sharing.live_updates import bump  # live_updates imports this module

    with shared_engine(database_url).begin() as connection:
        upsert(connection, SharedValue.__table__, {"key": key}, {"value": value, "updated_at": datetime.now(UTC)})
        if topic:
            bump(connection, topic)
    with _memo_lock:
        _memo[(database_url, key)] = (time.monotonic() + READ_MEMO_S, value)


def forget_memo() -> None:
    """Drop memoised reads (tests that write through another process or connection)."""
    with _memo_lock:
        _memo.clear()
