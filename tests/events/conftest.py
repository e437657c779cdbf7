"""The events tests run on SQLite and on a real PostgreSQL, with the coordination tests' engines."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from coordination.db import make_session_factory
from events.repository import EventStore
from events.scenario import known_dams
from tests.coordination.conftest import engine, postgresql_engine, sqlite_engine  # noqa: F401  (fixtures)
from tests.postgres import postgres_server, postgres_url  # noqa: F401  (fixtures)


@pytest.fixture
def store(engine: Engine) -> EventStore:  # noqa: F811
    return EventStore(make_session_factory(engine), known_dams())
