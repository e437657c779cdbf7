"""Real-browser fixtures: a `streamlit run dashboard.py` server and Debian's Chromium via Playwright.

Never a downloaded browser: Playwright drives ``/usr/bin/chromium`` (Debian package ``chromium``).
Without Chromium the browser tests are skipped with the reason shown — except in CI (``CI=true``),
where a missing browser is a failure, so CI can never pass by skipping them.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from tests.app_testing import PROJECT_ROOT
from tests.data_folders import seed_statistics

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_DIR = PROJECT_ROOT / "test-output" / "screenshots"
#: Longest a browser test waits for one thing [ms]: generous for a loaded machine, never a fixed sleep.
DEFAULT_WAIT_MS = 180_000


def find_chromium() -> str | None:
    """Path of Debian's Chromium, or None."""
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    browser_dir = Path(__file__).parent
    for item in items:
        if browser_dir in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(health_url: str, process: subprocess.Popen, timeout_s: float = 120,
                       request_timeout_s: float = 10.0) -> None:
    """Poll ``health_url`` until it answers ``ok``, for at most ``timeout_s`` [s] in all.

    On a loaded machine an answer may be slow, cut off or an error page, so any request error
    (timeout, reset, refused) and any other answer mean "not yet", until the deadline; each request
    waits at most ``request_timeout_s`` [s]. Raises RuntimeError when ``process`` has exited or the
    deadline has passed (with the last error seen).
    """
    deadline = time.monotonic() + timeout_s
    last_error = "no answer"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            answer = requests.get(health_url, timeout=max(0.1, min(request_timeout_s, deadline - time.monotonic())))
            if answer.text == "ok":
                return
            last_error = f"HTTP {answer.status_code}: {answer.text[:80]}"
        except requests.RequestException as exc:
            last_error = f"{type(exc).__name__}: {exc}"
        time.sleep(0.2)
    raise RuntimeError(f"streamlit did not become healthy within {timeout_s:.0f} s (last: {last_error})")


class StreamlitServer:
    """A `streamlit run dashboard.py` process on a free loopback port."""

    def __init__(
        self,
        env: dict[str, str],
        log_path: Path,
        cwd: Path = PROJECT_ROOT,
        *,
        port: int | None = None,
        address: str | None = "127.0.0.1",
        extra_args: tuple[str, ...] = (),
    ) -> None:
        """``address=None`` leaves the address to ``.streamlit/config.toml``, as ``streamlit run`` would."""
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        self._process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", "dashboard.py",
                "--server.port", str(self.port),
                *(("--server.address", address) if address else ()),
                "--server.headless", "true",
                "--browser.gatherUsageStats", "false",
                *extra_args,
            ],
            cwd=cwd,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_healthy()

    def _wait_until_healthy(self, timeout_s: float = 120) -> None:
        wait_until_healthy(f"{self.url}/_stcore/health", self._process, timeout_s)

    def stop(self) -> None:
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
        self._log.close()


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = find_chromium()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but Debian Chromium is missing: .ci/run must install the 'chromium' package")
        pytest.skip("Debian Chromium is not installed (apt-get install chromium): browser tests skipped")
    return path


@pytest.fixture(scope="session")
def browser(chromium_executable):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    # Playwright's 30 s default is too short for a first page run on a loaded machine (make test -n 4
    # on two cores); waits still end as soon as their condition holds.
    context.set_default_timeout(DEFAULT_WAIT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def start_app(tmp_path, request) -> Iterator[Callable[..., StreamlitServer]]:
    """Factory: ``start_app(ALVLAGET_MODE="live", ...)`` starts a fresh server with those variables.

    Each server gets its own data folder under the test's tmp_path (or ``ALVLAGET_DATA_DIR``'s), holding
    the station statistics an earlier start would have kept (tests/statistics_template.py), unless the
    test is marked ``cold_data``.
    """
    servers: list[StreamlitServer] = []
    template = None if request.node.get_closest_marker("cold_data") else request.getfixturevalue("statistics_template")

    def start(**overrides: str) -> StreamlitServer:
        env = dict(os.environ)
        env["ALVLAGET_DATA_DIR"] = str(tmp_path / f"data-{len(servers)}")
        # The app's bounded wait for SMHI (10 s) would show partial pages on a loaded machine; the
        # tests of slow SMHI set it themselves.
        env["ALVLAGET_PAGE_WAIT_S"] = "120"
        env.update(overrides)
        if template is not None:
            seed_statistics(template, Path(env["ALVLAGET_DATA_DIR"]))
        server = StreamlitServer(env, tmp_path / f"streamlit-{len(servers)}.log")
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def wait_for_app(page, heading: str, timeout_ms: int = DEFAULT_WAIT_MS) -> None:
    """Wait until Streamlit has finished running and the page heading is visible."""
    page.get_by_role("heading", name=heading).first.wait_for(timeout=timeout_ms)
    # The footer is the frame's last element: once it is there, the page and the badge have run.
    page.get_by_text("Källor:", exact=False).first.wait_for(timeout=timeout_ms)
    settle(page, timeout_ms)


SETTLED_JS = """() => !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-stale="true"]')"""


def settle(page, timeout_ms: int = DEFAULT_WAIT_MS) -> None:
    """Wait until Streamlit has finished the rerun a click or an input started.

    While a rerun is on, Streamlit shows a status widget and keeps the previous run's elements,
    marked ``data-stale="true"``, beside the new ones (two buttons of the same name, say). On a busy
    machine the rerun may start only after a moment, so the page must look settled twice in a row.
    """
    for _ in range(2):
        page.wait_for_timeout(300)
        page.wait_for_function(SETTLED_JS, timeout=timeout_ms)


def assert_no_exception_box(page) -> None:
    boxes = page.locator('[data-testid="stException"]')
    assert boxes.count() == 0, boxes.first.inner_text()


def save_screenshot(page, name: str) -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def new_draft_body(page, url: str, *, kind_label: str | None = None, name: str = "Anna Berg") -> str:
    """Open Meddelanden at ``url`` as ``name`` (local mode), start a new draft — of ``kind_label`` (e.g.
    "Dammbrott: begäran om VMA"), else the page's default kind — and return its Swedish text."""
    page.goto(url)
    wait_for_app(page, "Meddelanden")
    main = page.locator('[data-testid="stMain"]')
    box = main.get_by_label("Ditt namn (sparas med versioner och godkännanden)")
    box.fill(name)
    box.press("Enter")
    settle(page)
    if kind_label is not None:
        choose_option(page, "Typ av meddelande", kind_label)
    main.get_by_role("button", name="Nytt utkast").click()
    settle(page)
    main.get_by_text(re.compile(r"^Utkast nr \d+ skapat från aktuella siffror")).wait_for()
    return main.get_by_label("Text (svenska)").input_value()


def choose_option(page, label: str, option: str) -> None:
    """Choose ``option`` in the selectbox labelled ``label``: open it, type to filter (long option lists are
    virtualised), click the option. A rerun can close the list under the pointer: then open it again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    select = page.locator('[data-testid="stSelectbox"]').filter(has=page.get_by_text(label, exact=True)).first
    for attempt in range(4):
        select.locator("input").first.click()
        page.keyboard.type(option)
        try:
            page.get_by_role("option", name=option, exact=True).first.click(timeout=20_000)
            break
        except PlaywrightTimeoutError:
            if attempt == 3:
                raise
            page.keyboard.press("Escape")
            settle(page)
    settle(page)
