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

# A first start against a slow SMHI: nothing kept, the statistics computed too (tests/pages/conftest.py).
pytestmark = pytest.mark.cold_data


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


def _two_loads_in_one_run() -> None:
    """A page run that loads the observations, then again after SMHI's slow answer has arrived."""
    import time

    import streamlit as st

    from pages._shared.bounded import is_running, start_page_deadline
    from pages._shared.loaders import load_observations
    from pages._shared.status_badge import badge_text, begin_page_status, current_data_status
    from settings import load_settings

    settings = load_settings()
    begin_page_status()
    start_page_deadline(settings.page_wait_s)
    first = load_observations("Umeälven")
    key = ("observations", "Umeälven", settings, "live")
    until = time.monotonic() + 240
    while is_running(key) and time.monotonic() < until:
        time.sleep(0.2)
    st.session_state["answer_arrived"] = not is_running(key)
    second = load_observations("Umeälven")
    status = current_data_status(settings)  # the frame's one decision
    st.session_state["seen"] = (first.origin.value, second.origin.value, badge_text(status), status.notice_sv,
                                second.banner)


def test_an_answer_arriving_mid_run_does_not_split_the_badge_from_the_notice(slow_smhi, tmp_path):
    """Once a run has shown saved copies because SMHI is slow, the rest of the run shows them too, and
    the badge and the notice come from the one status (the answer is shown on the rerun)."""
    fake, env = slow_smhi
    warm_data_folder(tmp_path / "data", env, river="Umeälven")
    fake.set_fault(Fault(delay_ms=DELAY_MS))
    at = AppTest.from_function(_two_loads_in_one_run, default_timeout=APP_TEST_TIMEOUT_S)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.session_state["answer_arrived"]
    first, second, badge, notice, banner = at.session_state["seen"]
    # The second load reads SMHI's answer from the disk cache (current data); the run's one status still
    # says what the first part of the page shows: saved copies while SMHI is slow, badge and notice alike.
    assert (first, second) == ("cache", "live") and "svarar långsamt" not in banner
    assert badge.startswith("Sparade data från kl. ") and badge.endswith("– SMHI svarar långsamt")
    assert notice.startswith("SMHI svarar långsamt – visar sparade data från kl. ")

    at.run()  # the rerun the notice promises: the answer is there
    assert not at.exception
    first, second, badge, notice, _banner = at.session_state["seen"]
    assert (first, second, badge, notice) == ("live", "live", "Aktuella data från SMHI", "")


def _statistics_loaded_twice() -> None:
    """A page run's statistics loaded twice while SMHI is slow (as two viewers' reruns would)."""
    import streamlit as st

    from pages._shared.bounded import start_page_deadline
    from pages._shared.loaders import load_observations, load_statistics
    from pages._shared.status_badge import begin_page_status
    from settings import load_settings

    begin_page_status()
    start_page_deadline(load_settings().page_wait_s)
    observations = load_observations("Umeälven")
    first, second = load_statistics(observations), load_statistics(observations)
    st.session_state["seen"] = (observations.origin.value, first, second)


def test_while_smhi_is_slow_the_saved_archives_are_read_once_for_every_rerun(slow_smhi, tmp_path, monkeypatch):
    import pages._shared.loaders as loaders

    fake, env = slow_smhi
    warm_data_folder(tmp_path / "data", env, river="Umeälven")
    loaders._statistics_store().clear()  # noqa: SLF001 - a fresh server's store
    reads: list[dict] = []
    real = loaders.get_station_archives

    def counting(*args, **kwargs):
        if kwargs.get("session") is not None:  # the disk cache only (the slow fetch runs in the background)
            reads.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(loaders, "get_station_archives", counting)
    fake.set_fault(Fault(delay_ms=DELAY_MS))
    at = AppTest.from_function(_statistics_loaded_twice, default_timeout=APP_TEST_TIMEOUT_S)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    origin, first, second = at.session_state["seen"]
    statistics, missing = first
    assert origin == "cache" and statistics, "the saved archives give statistics while SMHI is slow"
    assert second == first
    assert len(reads) == 1, "the second load read and parsed every saved archive again"
