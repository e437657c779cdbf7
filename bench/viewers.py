"""Many meeting screens on one server: refresh time, server CPU per refresh, memory.

One ``streamlit run`` server in exercise mode; N browser sessions open the meeting
screen ``/mote?vy=presentation`` at once in Debian's Chromium. With all N open, every session reloads
at the same moment (the worst case of a refresh: nobody's work is cached in the browser, all ask at
once) and the time until each is fully drawn is measured (:mod:`bench.harness`). Reported per N:
median and 95th percentile of those times, the server's CPU time for the round divided by N, the
server's CPU while the N sessions sit idle for :data:`IDLE_S` seconds (their change checks and the
screen's own refresh), and the server's resident memory. One session alone gives the baseline.

Run: ``.venv/bin/python bench/viewers.py [N …] [--idle-s S] [--budget-s B] [--idle-only]``
(``--idle-only``: no refresh round, only what the open, idle screens cost; ``--after-failure-h 2``: the
dam-failure exercise two hours after Hällbydammen fails, so every screen shows the event and its wave;
``ALVLAGET_SCENARIO=…`` picks another exercise). Without arguments N = 5
and 10 with :data:`IDLE_S` idle seconds, about 3–4 minutes on a shared 2-core machine; the issue's levels
are ``bench/viewers.py 10 50 100`` (needs the cores to itself). Bounded in time: the whole run stops
starting rounds after ``--budget-s`` seconds (default :data:`BUDGET_S`) and reports the levels it did
not reach; each round gives up when the budget or :data:`ROUND_TIMEOUT_S` runs out and reports how many
sessions had not finished. The browser runs on the same machine as the server and competes for its cores.
Goals (issue 14): with 100 sessions a refresh within 2× the one-session time; RSS ≤ 600 MB.

Each level's result is printed as one JSON line as soon as it is measured; the last line: one JSON
object with all of them (seconds, MB).
"""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(PROJECT_ROOT)  # bench/statistics.py would shadow the standard library's module

import argparse  # noqa: E402
import asyncio  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402

from bench.harness import (  # noqa: E402
    CHROMIUM_ARGS,
    DRAWN_JS,
    StreamlitServer,
    cpu_seconds,
    exercise_servers,
    machine,
    percentile,
    print_json,
    require_chromium,
    rss_mb,
)

#: Sessions per level without arguments: a run that fits in :data:`BUDGET_S` on a shared 2-core machine.
LEVELS = (5, 10)
URL_PATH = "/mote?vy=presentation"
TITLE = "Möte"
LAST = "Källor:"
ROUND_TIMEOUT_S = 300.0
IDLE_S = 15.0
FAILURE_SCENARIO = "dammbrott-angermanalven"
#: The whole run's time limit [s]: no round starts after it, a running round gives up at it.
BUDGET_S = 270.0


class Budget:
    """Seconds left of the run's time limit (measured from construction)."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.perf_counter() + seconds

    def left_s(self) -> float:
        return max(0.0, self.deadline - time.perf_counter())

    def round_s(self) -> float:
        """How long the next round may take [s]."""
        return min(ROUND_TIMEOUT_S, self.left_s())


async def drawn(page, timeout_s: float) -> None:
    for _ in range(2):
        await page.wait_for_function(DRAWN_JS, arg=[TITLE, LAST], timeout=max(timeout_s, 0.001) * 1000,
                                     polling=200)
        await page.wait_for_timeout(300)


async def timed(coro_factory, timeout_s: float) -> float | None:
    started = time.perf_counter()
    try:
        await asyncio.wait_for(coro_factory(), timeout=max(timeout_s, 0.001))
    except Exception:  # noqa: BLE001 - a timeout or a crashed tab counts as "not drawn in time"
        return None
    return time.perf_counter() - started


async def open_sessions(browser, url: str, count: int, timeout_s: float) -> tuple[list, list]:
    contexts = [await browser.new_context(viewport={"width": 1280, "height": 720}) for _ in range(count)]
    pages = [await context.new_page() for context in contexts]

    async def load(page):
        await page.goto(url, timeout=timeout_s * 1000)
        await drawn(page, timeout_s)

    await asyncio.gather(*(timed(lambda p=page: load(p), timeout_s) for page in pages))
    return contexts, pages


async def refresh_round(pages, timeout_s: float) -> list[float | None]:
    async def reload(page):
        await page.reload(wait_until="commit", timeout=timeout_s * 1000)
        await drawn(page, timeout_s)

    return await asyncio.gather(*(timed(lambda p=page: reload(p), timeout_s) for page in pages))


async def measure(browser, server: StreamlitServer, count: int, idle_s: float, budget: Budget,
                  refresh: bool = True) -> dict[str, object]:
    contexts, pages = await open_sessions(browser, server.url + URL_PATH, count, budget.round_s())
    idle_cpu = cpu_seconds(server)
    await asyncio.sleep(min(idle_s, budget.left_s()))
    idle_cpu = cpu_seconds(server) - idle_cpu
    cpu = cpu_seconds(server)
    times = await refresh_round(pages, budget.round_s()) if refresh else []
    cpu = cpu_seconds(server) - cpu
    done = sorted(t for t in times if t is not None)
    result = {
        "sessions": count,
        "refresh_median_s": round(statistics.median(done), 2) if done else None,
        "refresh_p95_s": round(percentile(done, 0.95), 2) if done else None,
        "not_drawn_in_time": len(times) - len(done),
        "cpu_per_refresh_s": round(cpu / count, 3) if refresh else None,
        "idle_cpu_per_session_per_min_s": round(idle_cpu / count * 60 / idle_s, 3) if idle_s else None,
        "rss_mb": round(rss_mb(server)),
    }
    for context in contexts:
        await context.close()
    return result


def _clock_after_failure(hours: float | None) -> Callable[[dict[str, str]], None] | None:
    """With ``hours``: a preparation that puts the server in the dam-failure exercise, its shared clock
    running from ``hours`` after Hällbydammen fails (the meeting screens then show the event and its wave)."""
    if hours is None:
        return None

    def prepare(env: dict[str, str]) -> None:
        from datetime import UTC, datetime, timedelta

        from settings import load_settings
        from sources.exercise.clock import ScenarioClock, write_clock
        from sources.exercise.scenarios import get_scenario_spec

        env["ALVLAGET_SCENARIO"] = FAILURE_SCENARIO
        spec = get_scenario_spec(FAILURE_SCENARIO)
        failed_at = spec.start_utc + spec.dam_failures[0].after_start
        settings = load_settings(env)
        write_clock(settings, ScenarioClock(failed_at + timedelta(hours=hours), datetime.now(UTC)))

    return prepare


async def run(chromium: str, levels: tuple[int, ...], idle_s: float, budget: Budget,
              refresh: bool = True, after_failure_h: float | None = None) -> dict[str, object]:
    from playwright.async_api import async_playwright

    results: list[dict[str, object]] = []
    baseline: dict[str, object] = {}
    with exercise_servers(prepare=_clock_after_failure(after_failure_h)) as (server,):
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            await measure(browser, server, 1, 0.0, budget)  # prepares the data (statistics, situation), untimed
            baseline = await measure(browser, server, 1, idle_s, budget, refresh)
            print_json({"one_session": baseline})
            one = baseline["refresh_median_s"]
            for count in levels:
                if budget.left_s() <= 0:
                    result: dict[str, object] = {"sessions": count, "not_run": "time limit reached"}
                else:
                    result = await measure(browser, server, count, idle_s, budget, refresh)
                    median = result["refresh_median_s"]
                    result["vs_one_session"] = round(median / one, 2) if median and one else None
                print_json({"level": result})
                results.append(result)
            await browser.close()
    scenario = FAILURE_SCENARIO if after_failure_h is not None else os.environ.get("ALVLAGET_SCENARIO", "varflod")
    return {"machine": machine(), "scenario": scenario, "after_failure_h": after_failure_h, "idle_s": idle_s,
            "one_session": baseline, "levels": results}


def main() -> None:
    parser = argparse.ArgumentParser(description="Many meeting screens on one server (see the module docstring).")
    parser.add_argument("levels", nargs="*", type=int, default=list(LEVELS), help="sessions per level")
    parser.add_argument("--idle-s", type=float, default=IDLE_S, help="idle seconds measured per level")
    parser.add_argument("--budget-s", type=float, default=BUDGET_S, help="time limit of the whole run [s]")
    parser.add_argument("--idle-only", action="store_true",
                        help="measure only the idle sessions' cost, no refresh round (cheaper: for many sessions)")
    parser.add_argument("--after-failure-h", type=float, default=None,
                        help="run the dam-failure exercise with its clock this many hours after the failure")
    args = parser.parse_args()
    chromium = require_chromium()
    budget = Budget(args.budget_s)
    print_json(asyncio.run(run(chromium, tuple(args.levels), args.idle_s, budget, not args.idle_only,
                                   args.after_failure_h)))


if __name__ == "__main__":
    main()
