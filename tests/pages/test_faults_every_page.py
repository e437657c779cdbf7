"""Every outside fault of issue 13 on every page, through the real entry file (AppTest): no
traceback, a Swedish explanation, and a badge that matches the data shown.

The same cases as the browser's fault tests (:mod:`tests.fault_cases`), with the same checks; here
a fault costs a fraction of a browser case, so every fault is proved on every page, and the browser
file keeps one case of each kind for what needs a real server (tabs opened at once, a page filling in
by itself). As on a server, one process serves all pages of a case: Läget opens first and fetches,
then the session goes through every other page, which shares what Läget fetched. Storage
faults are real (a read-only tmpfs, a full tmpfs) when the tests run as root; where mounting is
impossible those cases say so and are skipped.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from sources.http import CACHE_FILE
from tests.app_testing import APP_TEST_TIMEOUT_S, ENTRY_FILE
from tests.fault_cases import (
    BADGE,
    CASES,
    PAGE_FILES,
    PAGES,
    SAVED_NOTICE,
    Case,
    badge_problems,
    explanation_needed,
    fault_folder,
    make_warm_fault_folder,
    smhi_env,
)

pytestmark = pytest.mark.timeout(600)

#: The page's bounded wait in the slow case [s]: well below SMHI's 20 s, so every page shows what it
#: has first; the browser case waits 5 s, here each page of the case is a run of its own.
SLOW_PAGE_WAIT_S = "2"
TEXT_KINDS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success", "text")


@pytest.fixture(scope="module")
def warm_folder(tmp_path_factory, _fake_smhi_session):
    return make_warm_fault_folder(tmp_path_factory.mktemp("warm"), _fake_smhi_session)


def _shown(block) -> str:
    """The text of ``block`` as a reader sees it: Markdown's emphasis and escapes taken away."""
    texts = [str(element.value) for kind in TEXT_KINDS for element in block.get(kind)]
    return re.sub(r"\\(.)", r"\1", "\n".join(texts).replace("**", ""))


def _session() -> AppTest:
    """A new session on Läget (one river, as the browser opens it)."""
    at = AppTest.from_file(ENTRY_FILE, default_timeout=APP_TEST_TIMEOUT_S)
    at.query_params["alv"] = "Umeälven"
    return at.run()


def _check_page(case: Case, path: str, at: AppTest) -> list[str]:
    """What is wrong with one page run: a traceback, a badge that does not match the data, a missing
    Swedish explanation (the browser file's checks)."""
    where = f"{case.name} /{path}"
    if at.exception:
        return [f"{where}: traceback: {at.exception[0].message} {at.exception[0].stack_trace[-5:]}"]
    main, sidebar = _shown(at.main), _shown(at.sidebar)
    if not any(title.value == PAGES[path] for title in at.title):
        return [f"{where}: no heading {PAGES[path]!r}; it shows {main[:600]!r}"]
    badge, explanation = case.badge, case.explanation
    if case.recovers and path != "lage" and BADGE["live"] in sidebar:
        # SMHI's slow answer may have come before a later page opened: that page then shows current
        # data and must say so with no notice of saved data (badge and notice are one decision).
        badge, explanation = "live", None
    problems = badge_problems(case, path, sidebar, badge)
    if explanation_needed(case, path, explanation) and explanation not in main + sidebar:
        problems.append(f"{where}: no explanation {explanation!r}; it shows {main[:600]!r}")
    if badge == "live" and SAVED_NOTICE in main + sidebar:
        problems.append(f"{where}: current data, yet the page says {SAVED_NOTICE!r}")
    return problems


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fault_on_every_page(case, monkeypatch, caplog, tmp_path, warm_folder, fake_smhi, read_only_folder,
                             tiny_filesystem):
    if case.fault is not None:
        fake_smhi.set_fault(case.fault, case.station)
    folder = fault_folder(case, tmp_path, warm_folder, read_only_folder, tiny_filesystem)
    env = {**smhi_env(case, fake_smhi), "ALVLAGET_PAGE_WAIT_S": "120", "ALVLAGET_DATA_DIR": str(folder),
           **case.env}
    if case.recovers:
        env["ALVLAGET_PAGE_WAIT_S"] = SLOW_PAGE_WAIT_S
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    at = _session()
    problems = _check_page(case, "lage", at)
    for path in PAGES:
        if path != "lage":
            problems += _check_page(case, path, at.switch_page(PAGE_FILES[path]).run())
    assert problems == []
    if case.folder == "corrupt-cache":
        assert list((folder / "http-cache").glob(CACHE_FILE + ".corrupt-*")), "corrupt cache not set aside"
        # ... with a note in the log naming the file and where it went.
        assert f"{CACHE_FILE} was damaged" in caplog.text and f"set aside as {CACHE_FILE}.corrupt-" in caplog.text
