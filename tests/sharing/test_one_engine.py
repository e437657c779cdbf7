"""One engine per database URL per process: the pages' stores, the shared state and the HTTP cache use the
same connection pool, its tables created once, also when a fresh server's first sessions arrive together."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

from coordination.db import database_engine, database_sessions, dispose_engines, make_engine
from sharing.store import read_shared_value, shared_engine, write_shared_value


def test_every_part_of_the_app_gets_the_same_engine_for_a_url(database_url, tmp_path):
    engine = database_engine(database_url)
    assert shared_engine(database_url) is engine
    assert database_sessions(database_url).kw["bind"] is engine
    assert database_sessions(database_url) is database_sessions(database_url)
    other = f"sqlite:///{tmp_path / 'other' / 'alvlaget.sqlite'}"
    assert database_engine(other) is not engine  # another database, another engine
    assert {"meetings", "drafts", "events", "shared_values", "access_memberships"} <= set(inspect(engine).get_table_names())


def test_a_fresh_servers_first_sessions_arriving_together_share_one_engine(database_url):
    def first_page_run(_: int) -> int:
        write_shared_value(database_url, "scenario", "varflod")
        return id(database_engine(database_url))

    with ThreadPoolExecutor(max_workers=8) as pool:
        engines = set(pool.map(first_page_run, range(16)))
    assert len(engines) == 1
    assert read_shared_value(database_url, "scenario") == "varflod"


def test_a_database_whose_tables_cannot_be_created_is_still_read(read_only_folder):
    def prepare(folder: Path) -> None:  # a database from before the app's tables, rollback journal
        writer = make_engine(f"sqlite:///{folder / 'alvlaget.sqlite'}")
        with writer.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE kept (value TEXT)")
            connection.exec_driver_sql("INSERT INTO kept VALUES ('läst')")
        writer.dispose()
        db = sqlite3.connect(folder / "alvlaget.sqlite")
        db.execute("PRAGMA journal_mode=DELETE")
        db.close()

    url = f"sqlite:///{read_only_folder(prepare) / 'alvlaget.sqlite'}"
    with pytest.raises(SQLAlchemyError):
        database_engine(url)
    engine = database_engine(url, create_tables=False)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT value FROM kept").scalar() == "läst"
    assert database_sessions(url, create_tables=False).kw["bind"] is engine


def test_after_dispose_a_url_gets_a_new_engine_that_still_works(database_url):
    first = database_engine(database_url)
    write_shared_value(database_url, "scenario", "varflod")
    dispose_engines()
    second = database_engine(database_url)
    assert second is not first
    with second.connect() as connection:
        assert connection.exec_driver_sql("SELECT value FROM shared_values WHERE key = 'scenario'").scalar() == "varflod"
