"""Every outside fault of issue 13 on every page in a real browser: no traceback, a Swedish explanation,
and a badge that matches the data shown.

The ten faults (:mod:`tests.fault_cases`): malformed JSON, 503, 429 with Retry-After, a 20 s delay, an
empty series, a removed station, SMHI down, a corrupt HTTP cache, a read-only and a full data folder
(real tmpfs mounts when the tests run as root; where mounting is impossible those cases say so and are
skipped). For each, one fresh Streamlit server meets the fault on its first fetch, as a server does
when SMHI fails: its loaders keep what they fetched for minutes (and the badge of pages without
figures is the server's last load), so one server cannot be shown a second fault. The module has a
fake SMHI of its own (a slow answer it holds back never reaches another module's tests), on which the
faults are switched at run time, and one data folder warmed from it that every case starts from.

Läget opens first (it does the fetching), then every other page in a tab of its own, all at once:
concurrent first runs of one server process, sharing what Läget fetched. A page is read in one
snapshot taken while it is settled (no run going on): a page reruns by itself when a slow answer
comes, and its badge is drawn at the end of each run, so a sidebar read after a separate "settled"
check could catch a new run half drawn. A page that crashes is reported at once (the exception box
ends the wait), and each case has one deadline for all its waits, so a broken case fails with a
message instead of hanging.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from sources.http import CACHE_FILE
from tests.browser.conftest import DEFAULT_WAIT_MS, StreamlitServer, settle
from tests.fake_smhi.server import FakeSmhiServer
from tests.fault_cases import (
    BADGE,
    CASES,
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
#: The page's text in one go, or null while a run is going on (Streamlit's status widget, or elements
#: of the previous run kept beside the new ones). The status widget shows only after half a second of
#: running, but a new run marks the previous run's elements stale at once.
SNAPSHOT_JS = """() => {
    if (document.querySelector('[data-testid="stStatusWidget"]') || document.querySelector('[data-stale="true"]')) {
        return null;
    }
    const text = (selector) => document.querySelector(selector)?.innerText ?? '';
    const exception = document.querySelector('[data-testid="stException"]');
    return {exception: exception ? exception.innerText : null,
            sidebar: text('[data-testid="stSidebar"]'), main: text('[data-testid="stMain"]')};
}"""


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSmhiServer]:
    """This module's own fake SMHI."""
    with FakeSmhiServer() as server:
        yield server


@pytest.fixture(scope="module")
def warm_folder(tmp_path_factory, fake) -> Path:
    return make_warm_fault_folder(tmp_path_factory.mktemp("warm"), fake)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fault_on_every_page(case, browser, tmp_path, warm_folder, fake, read_only_folder, tiny_filesystem):
    fake.reset()
    server = None
    try:
        if case.fault is not None:
            fake.set_fault(case.fault, case.station)
        folder = fault_folder(case, tmp_path, warm_folder, read_only_folder, tiny_filesystem)
        env = {**os.environ, **smhi_env(case, fake), "ALVLAGET_PAGE_WAIT_S": "120",
               "ALVLAGET_DATA_DIR": str(folder), **case.env}
        log = tmp_path / f"streamlit-{case.name}.log"
        server = StreamlitServer(env, log)
        assert _check_case(browser, case, server, fake) == []
        if case.folder == "corrupt-cache":
            assert list((folder / "http-cache").glob(CACHE_FILE + ".corrupt-*")), "corrupt cache not set aside"
            # ... with a note in the server's log naming the file and where it went.
            written = log.read_text(encoding="utf-8", errors="replace")
            assert f"{CACHE_FILE} was damaged" in written and f"set aside as {CACHE_FILE}.corrupt-" in written
    finally:
        fake.reset()  # also sends the answers a slow case still holds back
        if server is not None:
            server.stop()


def _wait_ms(deadline: float) -> float:
    return max(1_000.0, (deadline - time.monotonic()) * 1000)


def _snapshot(tab, heading: str, deadline: float) -> dict:
    """The finished page's text (``exception``, ``sidebar``, ``main``): once it has run to its footer or
    shown an exception box, taken in one go while no run is going on."""
    tab.get_by_role("heading", name=heading).or_(tab.locator(EXCEPTION)).first.wait_for(timeout=_wait_ms(deadline))
    tab.get_by_text("Källor:", exact=False).or_(tab.locator(EXCEPTION)).first.wait_for(timeout=_wait_ms(deadline))
    if not tab.locator(EXCEPTION).count():
        settle(tab, _wait_ms(deadline))
    return tab.wait_for_function(SNAPSHOT_JS, timeout=_wait_ms(deadline)).json_value()


def _check_case(browser, case: Case, server: StreamlitServer, fake: FakeSmhiServer) -> list[str]:
    """Open every page of one server at once; return what is wrong, in words."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    context.set_default_timeout(DEFAULT_WAIT_MS)
    deadline = time.monotonic() + CASE_WAIT_S
    problems: list[str] = []
    try:
        # Läget first (it does the fetching), checked as soon as it has run: with a slow SMHI its
        # first run shows the saved copies. Then the other pages at once, sharing what it fetched.
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
            fake.clear_faults()  # SMHI answers at once, the answers it held back too
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
        shown = _snapshot(tab, PAGES[path], deadline)
    except PlaywrightTimeout:
        return [f"{where}: never finished; it shows {tab.locator('body').inner_text()[:600]!r}"]
    return _page_problems(case, path, shown, badge, explanation)


def _page_problems(case: Case, path: str, shown: dict, badge: str, explanation: str | None) -> list[str]:
    where = f"{case.name} /{path}"
    if shown["exception"] is not None:
        return [f"{where}: traceback: {shown['exception'][:2000]}"]
    sidebar, text = shown["sidebar"], shown["main"] + "\n" + shown["sidebar"]
    if case.recovers and path != "lage" and BADGE["live"] in sidebar:
        # A slow SMHI's answer may come (on a loaded machine) before a later page loads: that page then
        # shows current data and must say so with no notice of saved data (badge and notice are one
        # decision). Läget, which started the fetch, shows the saved copies until SMHI recovers.
        badge, explanation = "live", None
    problems = badge_problems(case, path, sidebar, badge)
    if explanation_needed(case, path, explanation) and explanation not in text:
        problems.append(f"{where}: no explanation {explanation!r}; it shows {shown['main'][:600]!r}")
    if badge == "live" and SAVED_NOTICE in text:
        problems.append(f"{where}: current data, yet the page says {SAVED_NOTICE!r}")
    return problems


def _check_filled_in(case: Case, tab, deadline: float) -> list[str]:
    """After SMHI has recovered: the page that said "SMHI svarar långsamt" reruns by itself (no
    reload) and shows live data, and the notice is gone."""
    shown: dict | None = None
    while time.monotonic() < deadline:
        try:
            shown = _snapshot(tab, PAGES["lage"], deadline)
        except PlaywrightTimeout:
            break
        if shown["exception"] is not None or (BADGE["live"] in shown["sidebar"]
                                              and SLOW not in shown["main"] + shown["sidebar"]):
            return _page_problems(case, "lage", shown, "live", None)
        tab.wait_for_timeout(500)
    return [f"{case.name} /lage after SMHI recovered: never filled in; it shows {shown!r}"[:1500]]
