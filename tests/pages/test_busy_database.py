"""A save while another writer holds the database's write lock past the busy timeout: the page
says in Swedish that the database is busy and nothing was saved; no traceback, no read-only mode.
Before, Händelser and Ägarrapporter let the storage error through as a traceback (they caught only
their own input errors). A real lock: a second SQLite connection in ``BEGIN IMMEDIATE``. The busy
timeout is set to 1 s here (``ALVLAGET_DB_LOCK_WAIT_S``; 10 s by default, tests/test_settings.py):
every write of the run waits it out, and what is refused is the same after 1 s as after 10."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, time

import pytest

from settings import load_settings
from storage import BUSY_MESSAGE_SV
from tests.app_testing import run_page
from tests.pages.test_handelser import _declare, _store

READ_ONLY_BANNER = "Skrivskyddat läge"


@pytest.fixture(autouse=True)
def short_lock_wait(monkeypatch) -> None:
    monkeypatch.setenv("ALVLAGET_DB_LOCK_WAIT_S", "1")


@contextmanager
def _another_writer_holding_the_lock() -> Iterator[None]:
    settings = load_settings()
    other = sqlite3.connect(settings.data_dir / "alvlaget.sqlite")
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
    finally:
        other.rollback()
        other.close()


def _no_read_only_mode(at) -> bool:  # noqa: ANN001 - an AppTest
    return not any(READ_ONLY_BANNER in w.value for w in at.warning)


def test_a_dam_failure_declared_while_the_database_is_busy_is_refused_in_swedish():
    at = run_page("pages/handelser.py", timeout=180)
    with _another_writer_holding_the_lock():
        _declare(at)
    assert not at.exception, [e.message for e in at.exception]
    assert [e.value for e in at.main.error if not e.value.startswith("**ÖVNING**")] == [BUSY_MESSAGE_SV]
    assert _no_read_only_mode(at)
    assert _store().list_events(is_exercise=True) == []


def test_an_owner_report_saved_while_the_database_is_busy_is_refused_in_swedish():
    at = run_page("pages/agarrapporter.py")
    at.text_input(key="owner_name").input("Anna Berg")
    at.text_input(key="owner_org").input("Vattenfall AB")
    at.selectbox(key="of_plant").set_value("Stornorrfors")
    at.date_input(key="of_date").set_value(date(2026, 5, 10))
    at.time_input(key="of_time").set_value(time(14, 0))
    at.number_input(key="of_total").set_value(1450.0)
    with _another_writer_holding_the_lock():
        next(b for b in at.button if b.label == "Spara rapport").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert [e.value for e in at.main.error if not e.value.startswith("**ÖVNING**")] == [
        f"Rapporten sparades inte: {BUSY_MESSAGE_SV}"]
    assert _no_read_only_mode(at)
    at.run()
    assert at.info[0].value == "Inga ägarrapporter i övningen ännu."
