"""Outside faults on every page in a real browser: no traceback, a Swedish explanation, and a badge
that matches the data shown.

Every fault of issue 13 is proved on every page through the real entry file by
``tests/pages/test_faults_every_page.py`` (AppTest, a fraction of a browser case). The browser keeps one case
of each kind, for what needs a real server: every page opened at once in tabs of its own (concurrent
first runs of one fresh server process) and the page that fills in by itself when a slow SMHI
answers (no reload). Its cases: SMHI's answer broken (saved copies, "SMHI svarar inte"),
SMHI down with nothing saved (ÖVNING), a read-only data folder (a real read-only tmpfs when the tests
run as root; where mounting is impossible the case says so and is skipped) and a slow SMHI.

One Streamlit server per fault (a fault is fixed when the server first fetches: its loaders keep a
result for minutes); Läget opens first, then every other page in a tab of its own, all at once.

Speed: every case starts from a data folder with the station statistics a running server keeps
(computing them is most of a first page run and no fault is about them); only the cases about
SMHI's answers also get the server's three-hour-old HTTP cache. A page that crashes is reported at
once (the exception box ends the wait), and each case has one deadline for all its waits, so a
broken case fails with a message instead of hanging.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import DEFAULT_WAIT_MS, StreamlitServer, settle
from tests.fault_cases import (
    BADGE,
    CASES_BY_NAME,
    PAGES,
    SAVED_NOTICE,
    SLOW,
    Case,
    badge_problems,
    explanation_needed,
    fault_folder,
    make_warm_fault_folder,
    smhi_env,
)

pytestmark = pytest.mark.timeout(600)

EXCEPTION = '[data-testid="stException"]'
#: All the waits of one case together [s]: generous for a loaded two-core machine (a case takes
#: about a minute there), and well inside the test's timeout, so a broken page fails with a message.
CASE_WAIT_S = 300
#: After SMHI recovers, how long Läget may take to fill in by itself [s] (within the test's timeout).
RECOVERY_WAIT_S = 150
#: One case of each kind: a broken answer with saved copies, SMHI down with nothing saved, a storage
#: fault, and the slow SMHI that must fill in by itself (the others: tests/pages/test_faults_every_page.py).
CASES = [CASES_BY_NAME[name] for name in ("malformed-json", "server-down", "read-only-folder", "slow-smhi")]


@pytest.fixture(scope="module")
def warm_folder(tmp_path_factory, _fake_smhi_session) -> Iterator[Path]:
    yield make_warm_fault_folder(tmp_path_factory.mktemp("warm"), _fake_smhi_session)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fault_on_every_page(case, browser, tmp_path, warm_folder, fake_smhi, read_only_folder, tiny_filesystem):
    fake = fake_smhi
    server = None
    try:
        if case.fault is not None:
            fake.set_fault(case.fault, case.station)
        folder = fault_folder(case, tmp_path, warm_folder, read_only_folder, tiny_filesystem)
        env = {**os.environ, **smhi_env(case, fake), "ALVLAGET_PAGE_WAIT_S": "120",
               "ALVLAGET_DATA_DIR": str(folder), **case.env}
        server = StreamlitServer(env, tmp_path / f"streamlit-{case.name}.log")
        assert _check_case(browser, case, server, fake) == []
    finally:
        if server is not None:
            server.stop()


def _wait_ms(deadline: float) -> float:
    return max(1_000.0, (deadline - time.monotonic()) * 1000)


def _wait_for_page(tab, heading: str, deadline: float) -> None:
    """Until the page has run to its footer or shown an exception box, whichever comes first."""
    tab.get_by_role("heading", name=heading).or_(tab.locator(EXCEPTION)).first.wait_for(timeout=_wait_ms(deadline))
    tab.get_by_text("Källor:", exact=False).or_(tab.locator(EXCEPTION)).first.wait_for(timeout=_wait_ms(deadline))
    if not tab.locator(EXCEPTION).count():
        settle(tab, _wait_ms(deadline))


def _check_case(browser, case: Case, server: StreamlitServer, fake) -> list[str]:
    """Open every page of one server at once; return what is wrong, in words."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    context.set_default_timeout(DEFAULT_WAIT_MS)
    deadline = time.monotonic() + CASE_WAIT_S
    problems: list[str] = []
    try:
        # Läget first (it does the fetching), checked as soon as it has run: with a slow SMHI its
        # first run shows the saved copies, and a later run may already show the answer. Then the
        # other pages at once, sharing what it fetched.
        tabs = {}
        for path in PAGES:
            tab = context.new_page()
            # One river keeps each page light; Möte summarises all three anyway.
            tab.goto(f"{server.url}/{path}?alv=Umeälven", wait_until="commit")
            tabs[path] = tab
            if path == "lage":
                problems += _check_page(case, path, tab, case.badge, case.explanation, deadline)
        for path, tab in tabs.items():
            if path != "lage":
                problems += _check_page(case, path, tab, case.badge, case.explanation, deadline)
        if case.recovers and not problems:
            fake.clear_faults()
            # Its own wait: on a loaded machine the checks above may have used most of the case's.
            problems += _check_filled_in(case, tabs["lage"], time.monotonic() + RECOVERY_WAIT_S)
    finally:
        context.close()
    return problems


def _check_page(case: Case, path: str, tab, badge: str, explanation: str | None, deadline: float) -> list[str]:
    """What is wrong with one finished page: a traceback, a badge that does not match ``badge``'s data,
    a missing Swedish ``explanation``."""
    where = f"{case.name} /{path}"
    try:
        _wait_for_page(tab, PAGES[path], deadline)
    except PlaywrightTimeout:
        return [f"{where}: never finished; it shows {tab.locator('body').inner_text()[:600]!r}"]
    if tab.locator(EXCEPTION).count():
        return [f"{where}: traceback: {tab.locator(EXCEPTION).first.inner_text()[:2000]}"]
    problems = []
    sidebar = tab.locator('[data-testid="stSidebar"]').inner_text()
    if case.recovers and path != "lage" and BADGE["live"] in sidebar:
        # A slow SMHI's answer may come (on a loaded machine) before a later page loads: that page then
        # shows current data and must say so with no notice of saved data (badge and notice are one
        # decision). Läget, which started the fetch and waits less than it takes, never has it.
        badge, explanation = "live", None
    problems += badge_problems(case, path, sidebar, badge)
    if explanation_needed(case, path, explanation):
        if not tab.get_by_text(explanation, exact=False).count():
            problems.append(f"{where}: no explanation {explanation!r}")
    if badge == "live" and tab.get_by_text(SAVED_NOTICE, exact=False).count():
        problems.append(f"{where}: current data, yet the page says {SAVED_NOTICE!r}")
    return problems


def _check_filled_in(case: Case, tab, deadline: float) -> list[str]:
    """After SMHI has recovered: the page that said "SMHI svarar långsamt" reruns by itself (no
    reload) and shows live data, and the notice is gone."""
    where = f"{case.name} /lage after SMHI recovered"
    try:
        tab.locator('[data-testid="stSidebar"]').get_by_text(BADGE["live"], exact=False).wait_for(
            timeout=_wait_ms(deadline))
        tab.get_by_text(SLOW, exact=False).first.wait_for(state="detached", timeout=_wait_ms(deadline))
    except PlaywrightTimeout:
        waiting = [text[:200] for text in tab.get_by_text(SLOW, exact=False).all_inner_texts()]
        sidebar = tab.locator('[data-testid="stSidebar"]').inner_text()
        return [f"{where}: never filled in; the sidebar says {sidebar[-300:]!r}, still waiting: {waiting!r}"]
    return _check_page(case, "lage", tab, "live", None, deadline)
