"""Many meeting screens on one server: refresh time, server CPU per refresh, idle cost, memory.

One ``streamlit run`` server in exercise mode; N browser sessions open the meeting screen
``/mote?vy=presentation`` in Debian's Chromium — one browser, one context (the app's static files are
fetched once), N tabs, at most :data:`BATCH` of them loading at a time (a new one starts as soon as
one is fully drawn), so that 100 sessions open on a 2-core machine beside the server (``--renderer-limit N`` caps
Chromium's renderer processes where memory is short: tabs then share them and draw more slowly).
The open screens stay live
all the time, as on a real wall: each checks for changes every 10 s (and redraws when something
changed), and redraws its clocks and ages every minute (the screen's own timers).

Per level N, measured in this order:

- **idle**: the server's CPU while the N screens sit open for ``--idle-s`` seconds (their change checks
  and timed refreshes), per session and minute; beside it the browser's CPU in the same time (Chromium
  and its renderers: what the screens' timed runs make each tab draw), per session and minute;
- **refresh** (the headline number): :data:`SAMPLE` of the N screens, one after another, are reloaded
  and timed until fully drawn (:data:`bench.harness.DRAWN_JS`) while the other N − 1 stay live — the time
  a viewer waits for a fresh screen on a server carrying N screens; median and 95th percentile. Server CPU
  per refresh: the CPU of those reloads less what the live screens cost meanwhile (the idle rate);
- **burst** (N ≤ ``--burst-max`` only): every screen reloads at the same moment (the worst case: all
  ask at once, and their N tabs also compete for the same 2 cores); median, p95, CPU per refresh;
- the server's resident memory.

One session alone gives the baseline (its refresh: the same sample of reloads with nothing else open);
``vs_one_session`` compares the refresh medians. Goals (issue 14): with 100 sessions a refresh within
2× the one-session time; RSS ≤ 600 MB.

Run: ``.venv/bin/python bench/viewers.py`` runs every level (:data:`LEVELS`: 10, 50, 100) after the
baseline; ``bench/viewers.py 10`` (or ``ALVLAGET_BENCH_LEVELS=10,50``) runs the levels given. Options:
``--idle-s S``, ``--budget-s B`` (the whole run stops starting levels after B seconds and says which it
did not reach; each wait gives up at :data:`ROUND_TIMEOUT_S` and counts the screens not drawn),
``--after-failure-h 2`` (the dam-failure exercise two hours after Hällbydammen fails, so every screen
shows the event and its wave; ``ALVLAGET_SCENARIO=…`` picks another exercise). The browser runs on the
same machine as the server and competes for its cores: on a loaded machine the times say more as ratios
than as seconds. So that the server is measured as it would run with its viewers on their own machines,
Chromium runs at a lower priority (``nice -n`` :data:`BROWSER_NICE`, ``--browser-nice 0`` for none): when
both want the cores the server goes first, and the tabs draw with what is left. Its CPU seconds are
counted alike either way; its wall-clock times (opening, refresh) include waiting for the cores.

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
import shlex  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402

from bench.harness import (  # noqa: E402
    CHROMIUM_ARGS,
    DRAWN_JS,
    StreamlitServer,
    cpu_seconds,
    descendants_cpu_seconds,
    exercise_servers,
    machine,
    percentile,
    print_json,
    require_chromium,
    rss_mb,
)

#: Sessions per level without arguments (issue 14's levels), after the one-session baseline.
LEVELS = (10, 50, 100)
LEVELS_ENV = "ALVLAGET_BENCH_LEVELS"
URL_PATH = "/mote?vy=presentation"
TITLE = "Möte"
LAST = "Källor:"
ROUND_TIMEOUT_S = 600.0
IDLE_S = 60.0
#: Screens loading at once (the next starts when one is fully drawn).
BATCH = 10
#: Screens reloaded one after another for the refresh time (all of them when fewer are open).
SAMPLE = 8
#: The burst (every screen reloading at once) is measured up to this many sessions.
BURST_MAX = 10
FAILURE_SCENARIO = "dammbrott-angermanalven"
#: Niceness of the browser's processes (see the module docstring).
BROWSER_NICE = 10
#: The whole run's time limit [s]: no level starts after it, a running wait gives up at it.
BUDGET_S = 3600.0


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


async def open_sessions(context, url: str, count: int, budget: Budget) -> tuple[list, int]:
    """Open ``count`` tabs on ``url``, at most :data:`BATCH` loading at a time; the tabs and how many were
    not drawn in time (or not opened before the run's time limit)."""
    pages: list = []
    not_drawn = finished = 0
    loading = asyncio.Semaphore(BATCH)

    async def load(page):
        await page.goto(url, timeout=budget.round_s() * 1000)
        await drawn(page, budget.round_s())

    async def open_one() -> None:
        nonlocal not_drawn, finished
        async with loading:
            if budget.left_s() <= 0:
                return
            page = await context.new_page()
            pages.append(page)
            if await timed(lambda: load(page), budget.round_s()) is None:
                not_drawn += 1
            finished += 1
            if finished % BATCH == 0 or finished == count:
                print(f"opened {finished} of {count} ({not_drawn} not drawn in time)", file=sys.stderr, flush=True)

    await asyncio.gather(*(open_one() for _ in range(count)))
    return pages, not_drawn + (count - len(pages))


async def reload_drawn(page, timeout_s: float) -> None:
    await page.reload(wait_until="commit", timeout=timeout_s * 1000)
    await drawn(page, timeout_s)


async def sampled_refresh(pages, budget: Budget) -> tuple[list[float | None], float]:
    """Reload :data:`SAMPLE` of the tabs one after another (the others stay live); their times and the
    seconds the whole sample took."""
    step = max(1, len(pages) // SAMPLE)
    sample = pages[::step][:SAMPLE] if len(pages) > 1 else pages * SAMPLE
    started = time.perf_counter()
    times = [await timed(lambda p=page: reload_drawn(p, budget.round_s()), budget.round_s()) for page in sample]
    return times, time.perf_counter() - started


def _times(times: list[float | None], prefix: str) -> dict[str, object]:
    done = sorted(t for t in times if t is not None)
    return {
        f"{prefix}median_s": round(statistics.median(done), 2) if done else None,
        f"{prefix}p95_s": round(percentile(done, 0.95), 2) if done else None,
        f"{prefix}not_drawn_in_time": len(times) - len(done),
    }


async def measure(browser, server: StreamlitServer, count: int, idle_s: float, budget: Budget,
                  burst_max: int = BURST_MAX) -> dict[str, object]:
    context = await browser.new_context(viewport={"width": 1280, "height": 720})
    started = time.perf_counter()
    pages, not_opened = await open_sessions(context, server.url + URL_PATH, count, budget)
    result: dict[str, object] = {"sessions": count, "open_s": round(time.perf_counter() - started, 1),
                                 "not_opened_in_time": not_opened}
    idle_cpu, browser_cpu = cpu_seconds(server), descendants_cpu_seconds(exclude=server)
    idle_wall = time.perf_counter()
    await asyncio.sleep(min(idle_s, budget.left_s()))
    idle_wall = time.perf_counter() - idle_wall
    idle_rate = (cpu_seconds(server) - idle_cpu) / idle_wall if idle_wall > 0 else 0.0  # server CPU s per s
    browser_rate = (descendants_cpu_seconds(exclude=server) - browser_cpu) / idle_wall if idle_wall > 0 else 0.0
    result["idle_cpu_per_session_per_min_s"] = round(idle_rate / count * 60, 3) if idle_wall > 0 else None
    result["browser_idle_cpu_per_session_per_min_s"] = round(browser_rate / count * 60, 3) if idle_wall > 0 else None
    cpu = cpu_seconds(server)
    times, took_s = await sampled_refresh(pages, budget)
    cpu = cpu_seconds(server) - cpu
    result.update(_times(times, "refresh_"))
    # The reloads' own CPU: the sample's CPU less what the other live screens cost meanwhile.
    others = idle_rate * took_s * (count - 1) / count
    result["cpu_per_refresh_s"] = round(max(cpu - others, 0.0) / len(times), 3) if times else None
    if count <= burst_max and budget.left_s() > 0:
        cpu = cpu_seconds(server)
        burst = await asyncio.gather(*(timed(lambda p=page: reload_drawn(p, budget.round_s()), budget.round_s())
                                       for page in pages))
        cpu = cpu_seconds(server) - cpu
        result.update(_times(burst, "burst_"))
        result["burst_cpu_per_refresh_s"] = round(cpu / len(pages), 3) if pages else None
    result["rss_mb"] = round(rss_mb(server))
    await context.close()
    return result


def niced(executable: str, niceness: int, folder: Path) -> str:
    """``executable`` (0), or a script in ``folder`` that runs it with ``niceness`` (its children inherit it)."""
    if not niceness:
        return executable
    script = folder / "niced-browser"
    script.write_text(f'#!/bin/sh\nexec nice -n {niceness} {shlex.quote(executable)} "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return str(script)


def clock_after_failure(hours: float | None) -> Callable[[dict[str, str]], None] | None:
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
              after_failure_h: float | None = None, burst_max: int = BURST_MAX,
              renderer_limit: int | None = None, browser_nice: int = BROWSER_NICE) -> dict[str, object]:
    from playwright.async_api import async_playwright

    results: list[dict[str, object]] = []
    baseline: dict[str, object] = {}
    with exercise_servers(prepare=clock_after_failure(after_failure_h)) as (server,), \
            tempfile.TemporaryDirectory() as tmp:
        async with async_playwright() as playwright:
            limit = [f"--renderer-process-limit={renderer_limit}"] if renderer_limit else []
            browser = await playwright.chromium.launch(
                executable_path=niced(chromium, browser_nice, Path(tmp)), args=[*CHROMIUM_ARGS, *limit, "--disable-background-timer-throttling",
                                                "--disable-renderer-backgrounding"])
            await measure(browser, server, 1, 0.0, budget, 0)  # prepares the data (statistics, situation), untimed
            baseline = await measure(browser, server, 1, idle_s, budget, burst_max)
            print_json({"one_session": baseline})
            one = baseline["refresh_median_s"]
            for count in levels:
                if budget.left_s() <= 0:
                    result: dict[str, object] = {"sessions": count, "not_run": "time limit reached"}
                else:
                    result = await measure(browser, server, count, idle_s, budget, burst_max)
                    median = result["refresh_median_s"]
                    result["vs_one_session"] = round(median / one, 2) if median and one else None
                print_json({"level": result})
                results.append(result)
            await browser.close()
    scenario = FAILURE_SCENARIO if after_failure_h is not None else os.environ.get("ALVLAGET_SCENARIO", "varflod")
    return {"machine": machine(), "scenario": scenario, "after_failure_h": after_failure_h, "idle_s": idle_s,
            "browser_nice": browser_nice,
            "one_session": baseline, "levels": results}


def _default_levels() -> list[int]:
    """:data:`LEVELS`, or the levels in ``ALVLAGET_BENCH_LEVELS`` ("10,50,100")."""
    text = os.environ.get(LEVELS_ENV, "").strip()
    return [int(part) for part in text.split(",") if part.strip()] if text else list(LEVELS)


def main() -> None:
    parser = argparse.ArgumentParser(description="Many meeting screens on one server (see the module docstring).")
    parser.add_argument("levels", nargs="*", type=int, default=_default_levels(), help="sessions per level")
    parser.add_argument("--idle-s", type=float, default=IDLE_S, help="idle seconds measured per level")
    parser.add_argument("--budget-s", type=float, default=BUDGET_S, help="time limit of the whole run [s]")
    parser.add_argument("--burst-max", type=int, default=BURST_MAX,
                        help="measure every screen reloading at once up to this many sessions")
    parser.add_argument("--renderer-limit", type=int, default=None,
                        help="cap Chromium's renderer processes (tabs then share them: less memory, slower tabs)")
    parser.add_argument("--after-failure-h", type=float, default=None,
                        help="run the dam-failure exercise with its clock this many hours after the failure")
    parser.add_argument("--browser-nice", type=int, default=BROWSER_NICE,
                        help="run Chromium at this niceness (0: as the server), so the server goes first")
    args = parser.parse_args()
    chromium = require_chromium()
    budget = Budget(args.budget_s)
    print_json(asyncio.run(run(chromium, tuple(args.levels), args.idle_s, budget, args.after_failure_h,
                               args.burst_max, args.renderer_limit, args.browser_nice)))


if __name__ == "__main__":
    main()
