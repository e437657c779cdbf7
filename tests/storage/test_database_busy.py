"""A write that waits longer than the database allows for another writer's lock: a typed error with a
Swedish message, nothing of it kept, never read-only mode. Real locks: a second connection holds the
write lock (SQLite ``BEGIN IMMEDIATE``; PostgreSQL ``LOCK TABLE``) while the app's repository, with a
short busy/lock timeout, tries to save."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from coordination.db import create_schema, make_engine, make_session_factory
from coordination.errors import CoordinationError, DatabaseBusyError
from messages.models import DraftVersion
from messages.repository import DraftRepository
from sharing.tables import ChangeCounter
from storage import BUSY_MESSAGE_SV, check_data_folder, classify_storage_error
from tests.coordination.factories import UME_ACTORS
from tests.coordination.test_repository import TEXT_1, TEXT_2
from tests.postgres import postgres_server, postgres_url  # noqa: F401  (pytest fixtures)

#: The app waits 10 s for a lock; the tests' writers give up after this [ms].
SHORT_WAIT_MS = 200


@pytest.fixture
def busy_sqlite(tmp_path: Path) -> Iterator[tuple[Engine, Path]]:
    path = tmp_path / "data" / "alvlaget.sqlite"
    engine = make_engine(f"sqlite:///{path}", sqlite_busy_timeout_ms=SHORT_WAIT_MS)
    create_schema(engine)
    yield engine, path
    engine.dispose()


@pytest.fixture
def busy_postgresql(postgres_url: str) -> Iterator[Engine]:  # noqa: F811
    engine = make_engine(postgres_url, connect_args={"options": f"-c lock_timeout={SHORT_WAIT_MS}"})
    create_schema(engine)
    yield engine
    engine.dispose()


@contextmanager
def _sqlite_writer_holding_the_lock(path: Path) -> Iterator[None]:
    other = sqlite3.connect(path)
    try:
        other.execute("BEGIN IMMEDIATE")  # the write lock, held until rollback
        yield
    finally:
        other.rollback()
        other.close()


@contextmanager
def _postgres_writer_holding_the_lock(engine: Engine) -> Iterator[None]:
    with engine.connect() as other:
        other.execute(text("SET lock_timeout = 0"))
        other.execute(text("LOCK TABLE draft_versions IN EXCLUSIVE MODE"))
        try:
            yield
        finally:
            other.rollback()


def _new_draft(repo: DraftRepository):
    actors = repo.ensure_actors(UME_ACTORS)
    return repo.create_draft(river="Umeälven", kind="pressmeddelande", is_exercise=False, text=TEXT_1,
                             facts={"river": "Umeälven"}, author="Anna Berg",
                             required_actor_ids=[a.id for a in actors])


def _written(engine: Engine) -> tuple[int, dict[str, int]]:
    with engine.connect() as connection:
        versions = connection.execute(select(func.count()).select_from(DraftVersion)).scalar_one()
        counters = dict(connection.execute(select(ChangeCounter.topic, ChangeCounter.value)).all())
    return versions, counters


def _assert_busy_refusal(engine: Engine, holding_the_lock) -> None:  # noqa: ANN001 - a context manager factory
    repo = DraftRepository(make_session_factory(engine))
    draft = _new_draft(repo)
    before = _written(engine)
    with holding_the_lock():
        with pytest.raises(DatabaseBusyError) as refused:
            repo.save_version(draft.id, 1, TEXT_2, "Anna Berg")
    busy = refused.value
    assert isinstance(busy, CoordinationError) and busy.problem == "busy"
    assert busy.message_sv == str(busy) == BUSY_MESSAGE_SV
    assert BUSY_MESSAGE_SV == "Databasen är upptagen just nu – försök igen om en stund. Inget sparades."
    # Nothing half-written: not the version, not the change counter bumped in the same transaction.
    assert _written(engine) == before
    after = repo.get_draft(draft.id)
    assert after.current_version_no == 1 and after.current.text == TEXT_1
    # Once the other writer is done, the same save goes through.
    repo.save_version(draft.id, 1, TEXT_2, "Anna Berg")
    assert repo.get_draft(draft.id).current.text == TEXT_2


def test_sqlite_write_waiting_past_the_busy_timeout_is_busy_and_keeps_nothing(busy_sqlite):
    engine, path = busy_sqlite
    _assert_busy_refusal(engine, lambda: _sqlite_writer_holding_the_lock(path))


def test_postgresql_write_waiting_past_the_lock_timeout_is_busy_and_keeps_nothing(busy_postgresql):
    _assert_busy_refusal(busy_postgresql, lambda: _postgres_writer_holding_the_lock(busy_postgresql))


def test_a_locked_database_is_busy_not_read_only_mode(busy_sqlite):
    engine, path = busy_sqlite
    with _sqlite_writer_holding_the_lock(path):
        with pytest.raises(sqlite3.OperationalError) as caught:
            with sqlite3.connect(path, timeout=SHORT_WAIT_MS / 1000) as second:
                second.execute("BEGIN IMMEDIATE")
        status = check_data_folder(path.parent, f"sqlite:///{path}")
    storage = classify_storage_error(caught.value, "Loggposten")
    assert storage is not None and storage.is_busy and storage.message_sv == BUSY_MESSAGE_SV
    assert status.writable and status.problem is None and status.reason_sv == ""
