"""A write that waits longer than the database allows for another writer's lock: a typed error with a
Swedish message, nothing of it kept, never read-only mode. Real locks: a second connection holds the
write lock (SQLite ``BEGIN IMMEDIATE``; PostgreSQL ``LOCK TABLE``) while the app's repository, with a
short busy/lock timeout, tries to save."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from coordination.db import create_schema, database_engine, make_engine, make_session_factory
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
    engine = make_engine(f"sqlite:///{path}", lock_wait_ms=SHORT_WAIT_MS)
    create_schema(engine)
    yield engine, path
    engine.dispose()


@pytest.fixture
def busy_postgresql(postgres_url: str) -> Iterator[Engine]:  # noqa: F811
    engine = make_engine(postgres_url, lock_wait_ms=SHORT_WAIT_MS)
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


def _assert_busy_refusal(engine: Engine, holding_the_lock, wait_s: float = SHORT_WAIT_MS / 1000) -> None:  # noqa: ANN001
    """``holding_the_lock``: a context manager factory; ``wait_s``: the engine's lock wait [s]."""
    repo = DraftRepository(make_session_factory(engine))
    draft = _new_draft(repo)
    before = _written(engine)
    with holding_the_lock():
        started = time.monotonic()
        with pytest.raises(DatabaseBusyError) as refused:
            repo.save_version(draft.id, 1, TEXT_2, "Anna Berg")
        waited = time.monotonic() - started
    # Refused after the lock wait, not at once and not after far longer (generous for a loaded machine).
    assert wait_s <= waited < wait_s + 15
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


def test_the_apps_postgresql_engine_gives_up_on_a_lock_after_the_set_wait(postgres_url, monkeypatch):  # noqa: F811
    """The process's own engine (what every page uses) sets ``lock_timeout`` from ALVLAGET_DB_LOCK_WAIT_S;
    before, nothing did, and a save behind another writer's lock waited forever."""
    monkeypatch.setenv("ALVLAGET_DB_LOCK_WAIT_S", "1,5")
    engine = database_engine(postgres_url)
    with engine.connect() as connection:
        assert connection.execute(text("SHOW lock_timeout")).scalar_one() == "1500ms"
    _assert_busy_refusal(engine, lambda: _postgres_writer_holding_the_lock(engine), wait_s=1.5)


def _server_setting(engine: Engine, name: str) -> str:
    with engine.connect() as connection:
        return connection.execute(text(f"SHOW {name}")).scalar_one()


def test_postgresql_waits_10_s_by_default_and_keeps_the_urls_own_options(postgres_url):  # noqa: F811
    default = make_engine(postgres_url)
    with_options = make_engine(f"{postgres_url}?options=-c%20statement_timeout%3D5000")
    operators_own = make_engine(postgres_url, connect_args={"options": "-c lock_timeout=3000"})
    try:
        assert _server_setting(default, "lock_timeout") == "10s"
        assert (_server_setting(with_options, "lock_timeout"), _server_setting(with_options, "statement_timeout")) == (
            "10s", "5s")
        assert _server_setting(operators_own, "lock_timeout") == "3s"  # set by whoever made the engine: kept
    finally:
        for engine in (default, with_options, operators_own):
            engine.dispose()


def test_sqlite_busy_timeout_follows_the_same_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("ALVLAGET_DB_LOCK_WAIT_S", "2")
    with database_engine(f"sqlite:///{tmp_path / 'alvlaget.sqlite'}").connect() as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == 2000
    with make_engine(f"sqlite:///{tmp_path / 'other.sqlite'}").connect() as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == 10_000


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
