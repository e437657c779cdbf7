"""Many meeting screens on one server: refresh time, server CPU per refresh, memory.

One ``streamlit run`` server in exercise mode; N browser sessions (N = 10, 50, 100) open the meeting
screen ``/mote?vy=presentation`` at once in Debian's Chromium. With all N open, every session reloads
at the same moment (the worst case of a refresh: nobody's work is cached in the browser, all ask at
once) and the time until each is fully drawn is measured (:mod:`bench.harness`). Reported per N:
median and 95th percentile of those times, the server's CPU time for the round divided by N, the
server's CPU while the N sessions sit idle for :data:`IDLE_S` seconds (their change checks and the
screen's own refresh), and the server's resident memory. One session alone gives the baseline.

Bounded in time: each round gives up after :data:`ROUND_TIMEOUT_S` and reports how many sessions had
not finished. The browser runs on the same machine as the server and competes for its cores.
Goals (issue 14): with 100 sessions a refresh within 2× the one-session time; RSS ≤ 600 MB.

Last line: one JSON object (seconds, MB).
"""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(PROJECT_ROOT)  # bench/statistics.py would shadow the standard library's module

import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from bench.harness import (  # noqa: E402
    CHROMIUM_ARGS,
    DRAWN_JS,
    StreamlitServer,
    cpu_seconds,
    find_chromium,
    machine,
    percentile,
    rss_mb,
)

LEVELS = (10, 50, 100)
URL_PATH = "/mote?vy=presentation"
TITLE = "Möte"
LAST = "Källor:"
ROUND_TIMEOUT_S = 300.0
IDLE_S = 30.0


async def drawn(page, timeout_s: float) -> None:
    for _ in range(2):
        await page.wait_for_function(DRAWN_JS, arg=[TITLE, LAST], timeout=timeout_s * 1000, polling=200)
        await page.wait_for_timeout(300)


async def timed(coro_factory, timeout_s: float) -> float | None:
    started = time.perf_counter()
    try:
        await coro_factory()
    except Exception:  # noqa: BLE001 - a timeout or a crashed tab counts as "not drawn in time"
        return None
    return time.perf_counter() - started


async def open_sessions(browser, url: str, count: int) -> list:
    contexts = [await browser.new_context(viewport={"width": 1280, "height": 720}) for _ in range(count)]
    pages = [await context.new_page() for context in contexts]

    async def load(page):
        await page.goto(url, timeout=ROUND_TIMEOUT_S * 1000)
        await drawn(page, ROUND_TIMEOUT_S)

    await asyncio.gather(*(timed(lambda p=page: load(p), ROUND_TIMEOUT_S) for page in pages))
    return contexts, pages


async def refresh_round(pages) -> list[float | None]:
    async def reload(page):
        await page.reload(wait_until="commit", timeout=ROUND_TIMEOUT_S * 1000)
        await drawn(page, ROUND_TIMEOUT_S)

    return await asyncio.gather(*(timed(lambda p=page: reload(p), ROUND_TIMEOUT_S) for page in pages))


async def measure(browser, server: StreamlitServer, count: int) -> dict[str, object]:
    contexts, pages = await open_sessions(browser, server.url + URL_PATH, count)
    idle_cpu = cpu_seconds(server)
    await asyncio.sleep(IDLE_S)
    idle_cpu = cpu_seconds(server) - idle_cpu
    cpu = cpu_seconds(server)
    times = await refresh_round(pages)
    cpu = cpu_seconds(server) - cpu
    done = sorted(t for t in times if t is not None)
    result = {
        "sessions": count,
        "refresh_median_s": round(statistics.median(done), 2) if done else None,
        "refresh_p95_s": round(percentile(done, 0.95), 2) if done else None,
        "not_drawn_in_time": len(times) - len(done),
        "cpu_per_refresh_s": round(cpu / count, 3),
        "idle_cpu_per_session_per_min_s": round(idle_cpu / count * 60 / IDLE_S, 3),
        "rss_mb": round(rss_mb(server)),
    }
    for context in contexts:
        await context.close()
    return result


async def run(chromium: str) -> dict[str, object]:
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, ALVLAGET_MODE="exercise", ALVLAGET_DATA_DIR=str(Path(tmp) / "data"))
        env.pop("ALVLAGET_DATABASE_URL", None)
        server = StreamlitServer(env, Path(tmp) / "server.log")
        try:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                await measure(browser, server, 1)  # prepares the data (statistics, situation), untimed
                baseline = await measure(browser, server, 1)
                levels = [await measure(browser, server, count) for count in LEVELS]
                await browser.close()
        finally:
            server.stop()
    one = baseline["refresh_median_s"]
    for level in levels:
        median = level["refresh_median_s"]
        level["vs_one_session"] = round(median / one, 2) if median and one else None
    return {"machine": machine(), "one_session": baseline, "levels": levels}


def main() -> None:
    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("Debian Chromium is needed: apt-get install chromium")
    print(json.dumps(asyncio.run(run(chromium)), ensure_ascii=False))


if __name__ == "__main__":
    main()
