"""Fixtures for the owner report tests: a store on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from coordination.db import make_session_factory
from owner_reports.store import OwnerReportStore
from tests.coordination.conftest import engine, postgresql_engine, sqlite_engine  # noqa: F401  (fixtures)
from tests.postgres import postgres_server, postgres_url  # noqa: F401  (pytest fixtures)


@pytest.fixture
def store(engine: Engine) -> OwnerReportStore:  # noqa: F811
    """The same tests on SQLite and on a throwaway PostgreSQL server."""
    return OwnerReportStore(make_session_factory(engine))


@pytest.fixture
def sqlite_store(sqlite_engine: Engine) -> OwnerReportStore:  # noqa: F811
    """A store on SQLite only, for tests that are not about the database."""
    return OwnerReportStore(make_session_factory(sqlite_engine))
