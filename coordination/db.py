"""The coordination database: engine, sessions, declarative base and a UTC timestamp type.

Everything the coordination groups write down (drafts, versions, approvals, meetings…) lives in
one SQLAlchemy 2 database. The URL comes from ``settings.database_url``: SQLite in the data
folder by default, any SQLAlchemy URL otherwise (PostgreSQL is tested for real with the
``postgresql+psycopg://`` driver).

How other modules use it::

    from coordination.db import Base, UTCDateTime, database_sessions, session_scope

    class Meeting(Base):               # a table of your own, registered on Base.metadata
        __tablename__ = "meetings"     # and its module named in TABLE_MODULES
        ...

    Session = database_sessions(settings.database_url)   # the process's engine, every table created once
    with session_scope(Session) as session:
        session.add(...)

One process keeps one engine (one connection pool) per database URL for everything it does: pages,
meetings, events, owner reports, members, the shared state and the HTTP cache all take it from
:func:`database_engine` / :func:`database_sessions`. :func:`make_engine` and :func:`create_schema` are
the parts; call them directly only to stand for another server (tests) or to prepare a database file.

:func:`create_schema` imports every module named in :data:`TABLE_MODULES` before creating the tables.

Time convention: every timestamp column uses :class:`UTCDateTime`, which stores UTC and always
returns tz-aware UTC datetimes, on SQLite (which has no time zones) as on PostgreSQL.
"""

from __future__ import annotations

import importlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, DateTime, Engine, create_engine, event, text
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator

from coordination.errors import DatabaseBusyError, StorageUnavailableError
from settings import DB_LOCK_WAIT_S, read_db_lock_wait_s
from storage import classify_storage_error

#: How long a connection waits for another writer's lock before the write fails as busy [ms], unless
#: ``ALVLAGET_DB_LOCK_WAIT_S`` says otherwise: SQLite's busy timeout, PostgreSQL's ``lock_timeout``.
LOCK_WAIT_MS = round(DB_LOCK_WAIT_S * 1000)
#: PostgreSQL drivers that pass libpq's ``options`` (server settings for the connection) through.
_LIBPQ_DRIVERS = frozenset({"psycopg", "psycopg2"})

#: Modules whose tables :func:`create_schema` registers (imported there, not here: both import
#: :class:`Base` from this module). ``messages.models`` holds the drafts/versions/approvals/actors,
#: ``meetings.meetings`` the meetings, their log and snapshots, ``sharing.tables`` the state every
#: app server shares (scenario and clock, change counters, the HTTP cache), ``events.models`` the
#: declared events, their history and owners' arrival data, ``owner_reports.tables`` the dam
#: owners' reports (ägarrapporter) and the status of their feeds, ``access.models`` the members, their roles
#: and the audit trail, ``messages.press_contacts`` the press contact of each organisation,
#: ``coordination.station_sightings`` when each SMHI station was last seen in SMHI's listing,
#: ``messages.export_store`` the export files built for each state of a message.
TABLE_MODULES: tuple[str, ...] = (
    "messages.models", "meetings.meetings", "sharing.tables", "events.models", "owner_reports.tables",
    "access.models", "messages.press_contacts", "coordination.station_sightings", "messages.export_store",
)


class Base(DeclarativeBase):
    """Declarative base shared by every coordination table."""


class NaiveDatetimeError(ValueError):
    """A naive datetime was about to be stored; inside the app every time is tz-aware UTC."""


def utc_now(now: datetime | None = None) -> datetime:
    """``now`` in UTC, or the wall clock when ``None``; a naive ``now`` is refused (:class:`NaiveDatetimeError`,
    a ``ValueError``): it would be read in the server's zone. The meeting, message and owner-report stores use it."""
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise NaiveDatetimeError("now must be tz-aware UTC")
    return moment.astimezone(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back as a tz-aware UTC ``datetime``.

    Naive datetimes are refused (:class:`NaiveDatetimeError`): a time without a zone is
    ambiguous around the clock changes and would silently shift by one or two hours.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise NaiveDatetimeError(f"naive datetime {value!r}: give a tz-aware UTC time")
        utc = value.astimezone(UTC)
        # SQLite keeps the text it is given; store naive UTC there so ordering is lexical.
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _set_sqlite_pragmas(dbapi_connection: Any, connection_record: Any,
                        busy_timeout_ms: int = LOCK_WAIT_MS) -> None:
    """WAL lets readers work while one user saves; busy_timeout makes writers queue, not fail."""
    cursor = dbapi_connection.cursor()
    try:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError:
            pass  # a read-only data folder: keep the file's journal mode, reads still work
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def make_engine(database_url: str, *, lock_wait_ms: int = LOCK_WAIT_MS, **engine_kwargs: Any) -> Engine:
    """Create the engine for ``database_url`` with the project's connection settings.

    Every connection waits at most ``lock_wait_ms`` [ms] (default :data:`LOCK_WAIT_MS`) for another
    writer's lock; a write waiting longer fails, and :func:`session_scope` refuses it as busy
    (:class:`coordination.errors.DatabaseBusyError`, nothing saved). On SQLite that is the busy timeout;
    on PostgreSQL the server setting ``lock_timeout``, given at connect (libpq ``options``, after any
    ``options`` of the URL, which are kept), so no save waits forever behind a lock.

    For SQLite files the parent folder is created, and every connection gets WAL journaling and foreign
    keys on. An in-memory SQLite URL (``sqlite://``) shares one connection so all sessions see the
    same database.

    Parameters
    ----------
    database_url : any SQLAlchemy URL, e.g. ``sqlite:///data/alvlaget.sqlite`` or
        ``postgresql+psycopg://user@127.0.0.1:5432/alvlaget``.
    engine_kwargs : passed on to :func:`sqlalchemy.create_engine`.
    """
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
        connect_args = dict(engine_kwargs.pop("connect_args", {}))
        # Streamlit runs each session in its own thread; the pool hands connections across.
        connect_args.setdefault("check_same_thread", False)
        if in_memory:
            engine_kwargs.setdefault("poolclass", StaticPool)
        else:
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args=connect_args, **engine_kwargs)

        def set_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
            _set_sqlite_pragmas(dbapi_connection, connection_record, lock_wait_ms)

        event.listen(engine, "connect", set_pragmas)
        return engine
    engine_kwargs.setdefault("pool_pre_ping", True)
    if url.get_backend_name() == "postgresql" and url.get_driver_name() in _LIBPQ_DRIVERS:
        connect_args = dict(engine_kwargs.pop("connect_args", {}))
        # Later -c settings win: the URL's or the caller's own options come after ours and are kept.
        theirs = connect_args.get("options") or url.query.get("options") or ""
        if not isinstance(theirs, str):
            theirs = " ".join(theirs)
        connect_args["options"] = f"-c lock_timeout={int(lock_wait_ms)} {theirs}".strip()
        engine_kwargs["connect_args"] = connect_args
    return create_engine(url, **engine_kwargs)


def create_schema(engine: Engine) -> None:
    """Create every registered table that does not exist yet (idempotent, no migrations)."""
    modules = [importlib.import_module(module) for module in TABLE_MODULES]
    Base.metadata.create_all(engine)
    # Rules the database itself enforces (triggers), for modules that define them.
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Two app servers starting together must not create the same trigger twice.
            connection.execute(text("SELECT pg_advisory_xact_lock(7400131)"))
        for module in modules:
            install = getattr(module, "install_database_rules", None)
            if install is not None:
                install(connection)


def ensure_guard_trigger(
    connection: Connection, *, name: str, table: str, operation: str, condition_sql: str, message: str
) -> None:
    """A trigger that refuses ``operation`` on ``table`` when ``condition_sql`` holds (idempotent).

    The same rule on SQLite and PostgreSQL, so the database refuses a forbidden change whoever
    makes it (the app, a script, a person with a SQL prompt), not only the page.

    Parameters
    ----------
    operation : ``"INSERT"``, ``"UPDATE"`` or ``"DELETE"``.
    condition_sql : a boolean SQL expression over ``NEW`` (insert, update) or ``OLD`` (update,
        delete); subqueries allowed. ``"1 = 1"`` refuses every such change.
    message : the error text (ASCII, no quotes): the database raises it, SQLAlchemy wraps it.
    """
    if operation not in ("INSERT", "UPDATE", "DELETE"):
        raise ValueError(f"unknown operation {operation!r}")
    if connection.dialect.name == "sqlite":
        connection.execute(text(
            f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {operation} ON {table} FOR EACH ROW "
            f"WHEN {condition_sql} BEGIN SELECT RAISE(ABORT, '{message}'); END"
        ))
        return
    if connection.dialect.name != "postgresql":
        return
    exists = connection.execute(text("SELECT 1 FROM pg_trigger WHERE tgname = :name"), {"name": name}).first()
    if exists is not None:
        return
    row = "OLD" if operation == "DELETE" else "NEW"
    connection.execute(text(
        f"CREATE OR REPLACE FUNCTION {name}_fn() RETURNS trigger AS $$ BEGIN "
        f"IF {condition_sql} THEN RAISE EXCEPTION '{message}'; END IF; RETURN {row}; END $$ LANGUAGE plpgsql"
    ))
    connection.execute(text(
        f"CREATE TRIGGER {name} BEFORE {operation} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}_fn()"
    ))


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory whose objects stay readable after commit (pages show them afterwards)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any exception, always close.

    A read-only or full store raises :class:`coordination.errors.StorageUnavailableError` (a
    ``CoordinationError`` with the reason in Swedish) instead of the driver's error; a write that
    waited too long for another writer's lock its subclass :class:`coordination.errors.DatabaseBusyError`.
    """
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException as exc:
        try:
            session.rollback()
        except Exception:  # a store that refused the write may refuse the rollback too
            pass
        storage = classify_storage_error(exc) if isinstance(exc, Exception) else None
        if storage is not None and storage.is_busy:
            raise DatabaseBusyError(storage.message_sv) from exc
        if storage is not None:
            raise StorageUnavailableError(storage.message_sv, storage.problem) from exc
        raise
    finally:
        session.close()


@dataclass
class _Pooled:
    """The process's engine for one URL, its session factory, and whether its tables were created."""

    engine: Engine
    sessions: sessionmaker[Session]
    schema_created: bool = False


_pooled: dict[str, _Pooled] = {}
# Reentrant: creating the schema imports the table modules, which must not deadlock on a second look-up.
_pooled_lock = threading.RLock()


def _pooled_for(database_url: str, create_tables: bool) -> _Pooled:
    pooled = _pooled.get(database_url)
    if pooled is not None and (pooled.schema_created or not create_tables):
        return pooled
    # Streamlit serves each session in its own thread: the first page runs of a fresh server must not
    # build two engines, nor create the same tables twice at once.
    with _pooled_lock:
        pooled = _pooled.get(database_url)
        if pooled is None:
            engine = make_engine(database_url, lock_wait_ms=round(read_db_lock_wait_s() * 1000))
            pooled = _pooled[database_url] = _Pooled(engine, make_session_factory(engine))
        if create_tables and not pooled.schema_created:
            create_schema(pooled.engine)
            pooled.schema_created = True
    return pooled


def database_engine(database_url: str, *, create_tables: bool = True) -> Engine:
    """The process's one engine for ``database_url``, every registered table created on first use.

    Raises the driver's ``SQLAlchemyError`` when the tables cannot be created (e.g. a read-only
    database missing one); the next call tries again. ``create_tables=False`` gives the same engine
    without trying (reading what a read-only database has).
    """
    return _pooled_for(database_url, create_tables).engine


def database_sessions(database_url: str, *, create_tables: bool = True) -> sessionmaker[Session]:
    """The process's one session factory for ``database_url``, on :func:`database_engine`'s engine."""
    return _pooled_for(database_url, create_tables).sessions


def dispose_engines() -> None:
    """Close every pooled engine and forget it (tests, after each test: each has its own database)."""
    with _pooled_lock:
        pooled = list(_pooled.values())
        _pooled.clear()
    for entry in pooled:
        entry.engine.dispose()
