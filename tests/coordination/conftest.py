"""Fixtures for the coordination tests: a repository on SQLite and on a real PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from coordination.db import create_schema, make_engine, make_session_factory
from messages.repository import DraftRepository
from tests.postgres import postgres_server, postgres_url  # noqa: F401  (pytest fixtures)


@pytest.fixture
def sqlite_engine(tmp_path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'db' / 'alvlaget.sqlite'}")
    create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def postgresql_engine(postgres_url: str) -> Iterator[Engine]:  # noqa: F811
    engine = make_engine(postgres_url, pool_size=25, max_overflow=5)
    create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request) -> Engine:
    """The same tests on SQLite (default) and on a throwaway PostgreSQL server."""
    return request.getfixturevalue(f"{request.param}_engine")


@pytest.fixture
def repo(engine: Engine) -> DraftRepository:
    return DraftRepository(make_session_factory(engine))


@pytest.fixture
def sqlite_repo(sqlite_engine: Engine) -> DraftRepository:
    """A repository on SQLite only, for tests that are not about the database."""
    return DraftRepository(make_session_factory(sqlite_engine))
