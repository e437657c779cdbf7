"""Every outside fault, on every page, in a real browser: no traceback, a Swedish explanation, and a
badge that matches the data shown.

One Streamlit server per fault (a fault is fixed when the server first fetches: its loaders keep a
result for minutes); Läget opens first, then every other page in a tab of its own, all at once. The
fake SMHI server gets one of its faults; storage faults are real (a read-only tmpfs, a full tmpfs)
when the tests run as root; where mounting is impossible those cases say so and are skipped.

Speed: every case starts from a data folder with the station statistics a running server keeps
(computing them is most of a first page run and no fault is about them); only the cases about
SMHI's answers also get the server's three-hour-old HTTP cache. A page that crashes is reported at
once (the exception box ends the wait), and each case has one deadline for all its waits, so a
broken case fails with a message instead of hanging.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from hydrology.stats_cache import CACHE_FOLDER as STATISTICS_FOLDER
from sources.http import CACHE_FILE
from sources.river_data import FALLBACK_BANNER
from tests.browser.conftest import DEFAULT_WAIT_MS, StreamlitServer, settle
from tests.data_folders import prepare_database, warm_data_folder
from tests.fake_smhi.server import Fault
from tests.storage_faults import fill_filesystem

pytestmark = pytest.mark.timeout(600)

PAGES = {"lage": "Läget", "floden": "Flöden", "karta": "Karta", "agarrapporter": "Ägarrapporter",
         "meddelanden": "Meddelanden", "mote": "Möte", "handelser": "Händelser", "om-data": "Om data",
         "admin": "Administration"}
#: Pages that show no river data of their own: their badge may say so instead of naming the data.
NO_DATA_PAGES = frozenset({"meddelanden", "handelser", "om-data", "admin"})
DOWN = "http://127.0.0.1:9"
BADGE = {"live": "Aktuella data från SMHI", "cache": "Sparade data från", "exercise": "Övningsdata – inte verkliga flöden"}
NO_DATA_BADGE = "Inga mätdata på sidan"
CACHE_BANNER = "– SMHI svarar inte"
READ_ONLY = "Skrivskyddat läge: datamappen är skrivskyddad."
FULL = "Skrivskyddat läge: disken för datamappen är full."
SLOW = "SMHI svarar långsamt"
SAVED_NOTICE = "SMHI svarar långsamt – visar sparade data"
EXCEPTION = '[data-testid="stException"]'
#: All the waits of one case together [s]: generous for a loaded two-core machine (a case takes
#: about a minute there), and well inside the test's timeout, so a broken page fails with a message.
CASE_WAIT_S = 300
#: After SMHI recovers, how long Läget may take to fill in by itself [s] (within the test's timeout).
RECOVERY_WAIT_S = 150


@dataclass
class Case:
    """One fault: how to set it up, which badge the data deserves, which Swedish words explain it."""

    name: str
    badge: str
    explanation: str | None
    fault: Fault | None = None
    station: str | None = None
    warm_cache: bool = True
    smhi_down: bool = False
    folder: str = "plain"  # plain | corrupt-cache | read-only | full
    env: dict[str, str] = field(default_factory=dict)
    #: SMHI recovers after the pages were checked; Läget must then fill in with live data by itself.
    recovers: bool = False


# Each case has been seen passing on a loaded two-core machine (about a minute each; the slow one
# two). The read-only case hung the whole file before: Läget, Flöden, Karta and Ägarrapporter crashed
# writing "last seen" for SMHI's stations, and the test waited for each crashed page's footer.
CASES = [
    Case("malformed-json", "cache", CACHE_BANNER, Fault(malformed=True)),
    Case("http-503", "cache", CACHE_BANNER, Fault(status=503)),
    Case("server-down", "exercise", FALLBACK_BANNER, smhi_down=True, warm_cache=False),
    Case("read-only-folder", "live", READ_ONLY, folder="read-only", warm_cache=False),
    Case("full-folder", "live", FULL, folder="full", warm_cache=False),
    # Every SMHI answer takes 20 s: within the page's bounded wait (5 s here) every page shows the
    # saved copies and says so; when SMHI is quick again, the waiting page fills in by itself.
    Case("slow-smhi", "cache", SLOW, Fault(delay_ms=20_000), env={"ALVLAGET_PAGE_WAIT_S": "5"}, recovers=True),
    Case("http-429-retry-after", "cache", CACHE_BANNER, Fault(status=429, retry_after=1)),
    Case("removed-station", "live", None, Fault(removed=True), station="2238", warm_cache=False),
    Case("corrupt-cache", "live", None, folder="corrupt-cache", warm_cache=False),
    Case("empty-series", "cache", CACHE_BANNER, Fault(empty=True)),
]


def _copy_warm(case: Case, warm: Path, folder: Path) -> None:
    """The statistics every server keeps; the HTTP cache too for the cases about SMHI's answers."""
    shutil.copytree(warm if case.warm_cache else warm / STATISTICS_FOLDER,
                    folder if case.warm_cache else folder / STATISTICS_FOLDER, dirs_exist_ok=True)


def _folder_for(case: Case, base: Path, warm: Path, make_read_only: Callable, make_tiny: Callable) -> Path:
    def fill(folder: Path) -> None:
        _copy_warm(case, warm, folder)
        prepare_database(folder)

    if case.folder == "read-only":
        return make_read_only(fill)
    if case.folder == "full":
        folder = make_tiny(size_kb=8192)
        fill(folder)
        fill_filesystem(folder)
        return folder
    folder = base / case.name
    folder.mkdir(parents=True)
    _copy_warm(case, warm, folder)
    if case.folder == "corrupt-cache":
        (folder / "http-cache").mkdir()
        (folder / "http-cache" / CACHE_FILE).write_bytes(b"truncated\x00" * 700)
    return folder


@pytest.fixture(scope="module")
def warm_folder(tmp_path_factory, _fake_smhi_session) -> Iterator[Path]:
    """A data folder as a server leaves it before SMHI fails: three-hour-old copies and statistics
    (of the same fake SMHI the cases use: cached answers are keyed by URL)."""
    folder = tmp_path_factory.mktemp("warm")
    fake = _fake_smhi_session
    fake.reset()
    warm_data_folder(folder, {"ALVLAGET_MODE": "live", "ALVLAGET_SMHI_HYDROOBS_URL": fake.hydroobs_url,
                   "ALVLAGET_SMHI_WARNINGS_URL": fake.warnings_url})
    yield folder


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fault_on_every_page(case, browser, tmp_path, warm_folder, fake_smhi, read_only_folder, tiny_filesystem):
    fake = fake_smhi
    server = None
    try:
        if case.fault is not None:
            fake.set_fault(case.fault, case.station)
        hydroobs = DOWN + "/hydroobs/api/version/1.0" if case.smhi_down else fake.hydroobs_url
        warnings = DOWN + "/warnings/ibww/api/version/1" if case.smhi_down else fake.warnings_url
        folder = _folder_for(case, tmp_path, warm_folder, read_only_folder, tiny_filesystem)
        env = {**os.environ, "ALVLAGET_MODE": "live", "ALVLAGET_PAGE_WAIT_S": "120",
               "ALVLAGET_SMHI_HYDROOBS_URL": hydroobs, "ALVLAGET_SMHI_WARNINGS_URL": warnings,
               "ALVLAGET_DATA_DIR": str(folder), **case.env}
        server = StreamlitServer(env, tmp_path / f"streamlit-{case.name}.log")
        assert _check_case(browser, case, server, fake) == []
        if case.folder == "corrupt-cache":
            assert list((folder / "http-cache").glob(CACHE_FILE + ".corrupt-*")), "corrupt cache not set aside"
            # ... with a note in the server's log naming the file and where it went.
            log = (tmp_path / f"streamlit-{case.name}.log").read_text(encoding="utf-8", errors="replace")
            assert f"{CACHE_FILE} was damaged" in log and f"set aside as {CACHE_FILE}.corrupt-" in log, log[-2000:]
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
    wanted = BADGE[badge]
    allowed = (wanted, NO_DATA_BADGE) if path in NO_DATA_PAGES else (wanted,)
    if not any(text in sidebar for text in allowed):
        problems.append(f"{where}: badge should say {wanted!r}, sidebar says {sidebar!r}")
    wrong = [text for key, text in BADGE.items() if key != badge and text in sidebar]
    if wrong:
        problems.append(f"{where}: badge claims {wrong} over {badge} data")
    # The pages without figures explain only storage faults (their banner is on every page).
    if explanation and (path not in NO_DATA_PAGES or case.folder in ("read-only", "full")):
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
