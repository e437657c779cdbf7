"""Every page's load time, cold and warm, fully drawn, as ratios to a trivial one-chart page.

Both apps run as real ``streamlit run`` servers on loopback, driven by Debian's Chromium. The app runs in
exercise mode (no network needed); one untimed start first prepares the data folder and database, as
an earlier start of a real server would have.

- **cold**: a freshly started server process and a fresh browser (empty HTTP cache, new session),
  from ``goto`` until the page is fully drawn; with ``--warm-start`` the server is first warmed as
  ``make run`` does (:func:`serving.warm_up.warm_up`: the app run once in it, untimed) — what a viewer of
  a server started that way meets (:mod:`bench.harness`: the footer, the last element, is
  there, every chart has drawn, nothing is running or stale).
- **warm**: the same server and browser session, a click in the sidebar from another page to this
  one, until fully drawn.
- **cpu_per_rerun_s**: the server's CPU time (user + system) during that warm switch.

Ratios divide by the trivial page measured the same way in the same run (median of :data:`LOADS`, or of
``--loads N``: ``--loads 1`` is a quick look of a few minutes, not a measurement to quote).
Goals (issue 14): cold ≤ 1.3, warm ≤ 1.5, CPU per rerun ≤ 0.15 s.

Last line: one JSON object (seconds).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as `python bench/page_load.py`, Python puts bench/ first on the path, where bench/statistics.py
# would shadow the standard library's statistics module: put the project root there instead.
PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(PROJECT_ROOT)

import argparse  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from bench.harness import (  # noqa: E402
    CHROMIUM_ARGS,
    StreamlitServer,
    cpu_seconds,
    exercise_env,
    machine,
    print_json,
    require_chromium,
    wait_drawn,
    write_trivial_app,
)
from serving.warm_up import warm_up  # noqa: E402

#: URL path → page heading.
PAGES: dict[str, str] = {"lage": "Läget", "floden": "Flöden", "karta": "Karta", "meddelanden": "Meddelanden",
                         "mote": "Möte"}
#: Where a warm switch to each page starts from.
SWITCH_FROM: dict[str, str] = {"lage": "floden", "floden": "lage", "karta": "lage", "meddelanden": "lage",
                               "mote": "lage"}
FOOTER = "Källor:"
LOADS = 5


def _context(browser):
    return browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")


def time_cold(browser, url: str, title: str, last: str) -> float:
    context = _context(browser)
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    wait_drawn(page, title, last)
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


def time_switch(page, server: StreamlitServer, title: str, last: str) -> tuple[float, float]:
    """Click the sidebar link to ``title``; (seconds until fully drawn, server CPU seconds)."""
    cpu = cpu_seconds(server)
    started = time.perf_counter()
    page.locator('[data-testid="stSidebarNav"] a', has_text=title).first.click()
    wait_drawn(page, title, last)
    return time.perf_counter() - started, cpu_seconds(server) - cpu


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description="Every page cold and warm (see the module docstring).")
    parser.add_argument("--loads", type=int, default=LOADS, help="loads per page and kind (median taken)")
    parser.add_argument("--warm-start", action="store_true",
                        help="warm each fresh app server as `make run` does before its cold load")
    args = parser.parse_args()
    loads, warm_start = args.loads, args.warm_start

    chromium = require_chromium()
    cold: dict[str, list[float]] = {name: [] for name in (*PAGES, "trivial")}
    warm: dict[str, list[float]] = {name: [] for name in (*PAGES, "trivial")}
    cpu: dict[str, list[float]] = {name: [] for name in (*PAGES, "trivial")}
    with tempfile.TemporaryDirectory() as tmp:
        trivial_dir = write_trivial_app(Path(tmp) / "trivial")
        env = exercise_env(Path(tmp) / "data")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)

            def start(folder: Path | None, name: str) -> StreamlitServer:
                return StreamlitServer(env, Path(tmp) / f"{name}.log", **({"cwd": folder} if folder else {}))

            # An earlier start prepares the data folder (statistics, clock), untimed.
            server = start(None, "prepare")
            for path, title in PAGES.items():
                time_cold(browser, f"{server.url}/{path}", title, FOOTER)
            server.stop()

            for _ in range(loads):  # interleaved, so the machine's noise hits every page alike
                server = start(trivial_dir, "trivial-cold")
                cold["trivial"].append(time_cold(browser, f"{server.url}/trivial", "Trivial", ""))
                server.stop()
                for path, title in PAGES.items():
                    server = start(None, f"{path}-cold")
                    if warm_start:
                        warm_up(server.url)
                    cold[path].append(time_cold(browser, f"{server.url}/{path}", title, FOOTER))
                    server.stop()

            trivial = start(trivial_dir, "trivial-warm")
            app = start(None, "app-warm")
            trivial_page, app_page = _context(browser).new_page(), _context(browser).new_page()
            trivial_page.goto(f"{trivial.url}/annan")
            wait_drawn(trivial_page, "Annan")
            app_page.goto(f"{app.url}/lage")
            wait_drawn(app_page, "Läget", FOOTER)
            for _ in range(loads):
                time_switch(trivial_page, trivial, "Annan", "")
                seconds, used = time_switch(trivial_page, trivial, "Trivial", "")
                warm["trivial"].append(seconds)
                cpu["trivial"].append(used)
                for path, title in PAGES.items():
                    time_switch(app_page, app, PAGES[SWITCH_FROM[path]], FOOTER)
                    seconds, used = time_switch(app_page, app, title, FOOTER)
                    warm[path].append(seconds)
                    cpu[path].append(used)
            trivial.stop()
            app.stop()
            browser.close()

    median = {kind: {name: statistics.median(values) for name, values in table.items()}
              for kind, table in (("cold", cold), ("warm", warm), ("cpu", cpu))}
    result = {
        "machine": machine(),
        "loads": loads,
        "warm_start": warm_start,
        "trivial": {"cold_s": round(median["cold"]["trivial"], 3), "warm_s": round(median["warm"]["trivial"], 3),
                    "cpu_per_rerun_s": round(median["cpu"]["trivial"], 3)},
        "pages": {
            path: {
                "cold_s": round(median["cold"][path], 3),
                "warm_s": round(median["warm"][path], 3),
                "cold_ratio": round(median["cold"][path] / median["cold"]["trivial"], 2),
                "warm_ratio": round(median["warm"][path] / median["warm"]["trivial"], 2),
                "cpu_per_rerun_s": round(median["cpu"][path], 3),
            }
            for path in PAGES
        },
    }
    print_json(result)


if __name__ == "__main__":
    main()
