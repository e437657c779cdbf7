"""Fixtures for the access tests: the same database fixtures as the coordination tests."""

from __future__ import annotations

from sqlalchemy import Engine, text

from tests.coordination.conftest import engine, postgresql_engine, sqlite_engine  # noqa: F401  (fixtures)
from tests.postgres import postgres_server, postgres_url  # noqa: F401  (pytest fixtures)


def drop_guard_trigger(db: Engine, name: str, table: str) -> None:
    """What someone with full database rights can do: remove a guard trigger before tampering."""
    with db.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.execute(text(f"DROP TRIGGER {name}"))
        else:
            connection.execute(text(f"DROP TRIGGER {name} ON {table}"))
