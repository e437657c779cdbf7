"""Fixtures for the coordination tests: a repository on SQLite and on a real PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from coordination.db import create_schema, make_engine, make_session_factory
from coordination.repository import ActorSpec, DraftRepository
from tests.postgres import postgres_server, postgres_url  # noqa: F401  (pytest fixtures)

#: A fixed moment for deterministic tests: 26 Nov 2026 13:05 UTC = 14:05 in Stockholm.
T0 = datetime(2026, 11, 26, 13, 5, tzinfo=UTC)

UME_ACTORS = (
    ActorSpec("Vattenfall AB", "dam_owner"),
    ActorSpec("Länsstyrelsen Västerbotten", "lansstyrelse", "24"),
    ActorSpec("Umeå kommun", "kommun", "2480"),
)


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
