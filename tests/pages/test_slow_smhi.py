"""Bounded waiting on a real page run: SMHI answering slowly never holds Läget longer than
``ALVLAGET_PAGE_WAIT_S``. The page shows what it has (the saved copies, or the ÖVNING scenario when
nothing is saved), says "SMHI svarar långsamt" and what it shows instead, and the next run after the
answer has come shows the live data. The fake SMHI delays every answer (its ``delay_ms`` fault)."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_testing import APP_TEST_TIMEOUT_S, ENTRY_FILE, run_page
from tests.data_folders import warm_data_folder
from tests.fake_smhi.server import Fault

#: Each SMHI answer takes this long [ms]; the page waits 1 s in all.
DELAY_MS = 4_000
#: Longest this test waits for the slow answers to arrive in the background [s] (generous: loaded CI).
FILL_IN_DEADLINE_S = 240


@pytest.fixture
def slow_smhi(fake_smhi, monkeypatch, tmp_path):
    env = {"ALVLAGET_MODE": "live", "ALVLAGET_SMHI_HYDROOBS_URL": fake_smhi.hydroobs_url,
           "ALVLAGET_SMHI_WARNINGS_URL": fake_smhi.warnings_url}
    for name, value in {**env, "ALVLAGET_PAGE_WAIT_S": "1", "ALVLAGET_DATA_DIR": str(tmp_path / "data")}.items():
        monkeypatch.setenv(name, value)
    return fake_smhi, env


def _texts(at) -> list[str]:
    return [element.value for kind in ("info", "warning", "error", "success") for element in getattr(at, kind)]


def _slow_notices(at) -> list[str]:
    return [text for text in _texts(at) if "SMHI svarar långsamt" in text]


def test_slow_smhi_shows_the_saved_copies_at_once_and_says_so_then_fills_in(slow_smhi, tmp_path):
    fake, env = slow_smhi
    warm_data_folder(tmp_path / "data", env, river="Umeälven")
    fake.set_fault(Fault(delay_ms=DELAY_MS))

    at = AppTest.from_file(ENTRY_FILE, default_timeout=APP_TEST_TIMEOUT_S)
    at.session_state["river"] = "Umeälven"  # the river whose copies are saved
    at.run()
    assert not at.exception
    notices = _slow_notices(at)
    assert notices, _texts(at)
    assert notices[0].startswith("SMHI svarar långsamt – visar sparade data från kl. ")
    assert "(3 timmar gamla)" in notices[0] and notices[0].endswith("Sidan fylls i när svaret kommer.")
    sidebar = " ".join(_texts_in(at.sidebar))
    assert "Sparade data från" in sidebar and "Aktuella data från SMHI" not in sidebar

    deadline = time.monotonic() + FILL_IN_DEADLINE_S
    while _slow_notices(at) and time.monotonic() < deadline:
        time.sleep(1)
        at.run()
    assert not at.exception
    assert not _slow_notices(at), "the page never filled in"
    sidebar = " ".join(_texts_in(at.sidebar))
    assert "Aktuella data från SMHI" in sidebar and "Sparade data från" not in sidebar


def test_slow_smhi_with_nothing_saved_shows_the_marked_scenario_and_says_so(slow_smhi):
    fake, _env = slow_smhi
    fake.set_fault(Fault(delay_ms=DELAY_MS))
    at = run_page("pages/lage.py")
    assert not at.exception
    notices = _slow_notices(at)
    assert notices and notices[0] == ("SMHI svarar långsamt – det finns inga sparade data, så övningsdata (ÖVNING) "
                                      "visas tills vidare. Sidan fylls i när svaret kommer."), _texts(at)
    sidebar = " ".join(_texts_in(at.sidebar))
    assert "Övningsdata – inte verkliga flöden" in sidebar and "Aktuella data från SMHI" not in sidebar


def _texts_in(block) -> list[str]:
    return [element.value for kind in ("info", "warning", "error", "success", "markdown")
            for element in block.get(kind)]
