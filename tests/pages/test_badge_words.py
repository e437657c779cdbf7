"""The badge's words for saved data say why: SMHI slow or SMHI not answering."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from streamlit.testing.v1 import AppTest

from pages._shared.status_badge import DataStatus, badge_text
from sources.models import DataOrigin
from tests.app_testing import APP_TEST_TIMEOUT_S

NOW = datetime(2026, 5, 19, 12, 0, tzinfo=UTC)
SLOW_NOTICE = "SMHI svarar långsamt – visar sparade data från kl. 11.00 (1 timme gamla). Sidan fylls i när svaret kommer."


def test_saved_data_while_smhi_is_slow_says_slow_also_on_a_page_without_a_wait_of_its_own():
    fetched = NOW - timedelta(hours=1)
    waiting = DataStatus(DataOrigin.CACHE, fetched, SLOW_NOTICE, notice_sv=SLOW_NOTICE, waiting_for=("observations",))
    # Another page takes the server's last load without its wait (it does not rerun for that fetch).
    taken_over = DataStatus(DataOrigin.CACHE, fetched, SLOW_NOTICE, notice_sv=SLOW_NOTICE)
    down = DataStatus(DataOrigin.CACHE, fetched, "Sparade data – SMHI svarar inte")

    assert badge_text(waiting, NOW) == "Sparade data från kl. 13.00 – SMHI svarar långsamt"
    assert badge_text(taken_over, NOW) == badge_text(waiting, NOW)
    assert badge_text(down, NOW) == "Sparade data från kl. 13.00 – SMHI svarar inte"


def _frame_before_the_page_has_run() -> None:
    """The frame's slots as a rerun shows them until the page has run (the page itself never comes)."""
    import streamlit as st

    from pages._shared.status_badge import render_pending_status
    from settings import load_settings

    banner_slot = st.empty()
    with st.sidebar:
        badge_slot = st.empty()
    render_pending_status(load_settings(), banner_slot, badge_slot)


def test_while_a_page_runs_the_badge_claims_nothing_in_live_mode(monkeypatch):
    monkeypatch.setenv("ALVLAGET_MODE", "live")
    at = AppTest.from_function(_frame_before_the_page_has_run, default_timeout=APP_TEST_TIMEOUT_S)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert [box.value for box in at.sidebar.info] == ["**Hämtar …**"]
    assert not at.sidebar.success and not at.sidebar.warning and not at.error and not at.warning


def test_while_a_page_runs_in_exercise_mode_ovning_stays_on_screen():
    at = AppTest.from_function(_frame_before_the_page_has_run, default_timeout=APP_TEST_TIMEOUT_S)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert [box.value for box in at.sidebar.error] == ["**Övningsdata – inte verkliga flöden**"]
    assert at.main.error[0].value.startswith("**ÖVNING** · Allt på sidan är övningsdata, inte verkliga flöden.")
