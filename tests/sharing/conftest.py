"""Shared-state tests run on SQLite (the default) and on a throwaway PostgreSQL server."""

from __future__ import annotations

import pytest

from sharing.store import forget_memo
from tests.postgres import postgres_server, postgres_url  # noqa: F401  (pytest fixtures)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """A fresh database's URL: a SQLite file in the data folder, or a new PostgreSQL database."""
    forget_memo()
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'alvlaget.sqlite'}"
    return request.getfixturevalue("postgres_url")
