"""Two app servers on one PostgreSQL: how long until an approval made on one shows on the other.

A throwaway PostgreSQL server is started like the tests' (``tests/postgres.py``); two ``streamlit run``
servers use it, each with its own data folder. Three browser sessions show the same draft on
Meddelanden: one approves (server one), one watches on the same server, one on the other server.
For each of four approvals the time from the click until each watcher shows the new count is
measured; no watcher reloads (they poll the change counter every ``ALVLAGET_LIVE_INTERVAL_S``,
default 10 s). Goal (issue 14): within the interval plus 2 s, on one server and across two.

One JSON line per approval as it is seen; the last line: one JSON object (seconds).
"""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(PROJECT_ROOT)  # bench/statistics.py would shadow the standard library's module

import statistics  # noqa: E402
import time  # noqa: E402

from bench.harness import (  # noqa: E402
    CHROMIUM_ARGS,
    exercise_servers,
    machine,
    print_json,
    require_chromium,
    wait_drawn,
)
from settings import LIVE_INTERVAL_S  # noqa: E402
from tests.browser.replicas import (  # noqa: E402
    APPROVERS,
    approval_caption,
    approve_next,
    seed_draft_awaiting_approval,
)
from tests.postgres import start_postgres  # noqa: E402

PEOPLE = ("Lisa Holm", "Omar Said", "Per Ek", "Eva Lind", "Nils Berg")
TIMEOUT_S = 120.0


def wait_for_everyone(watchers: dict[str, object], text: str, started: float) -> dict[str, float]:
    """Seconds from ``started`` until each watcher page shows ``text`` (polled every 100 ms)."""
    seen: dict[str, float] = {}
    while len(seen) < len(watchers):
        for name, page in watchers.items():
            if name not in seen and page.get_by_text(text).count() > 0:
                seen[name] = round(time.perf_counter() - started, 2)
        if time.perf_counter() - started > TIMEOUT_S:
            raise TimeoutError(f"not every watcher showed {text!r} within {TIMEOUT_S} s: {seen}")
        time.sleep(0.1)
    return seen


def main() -> None:
    from playwright.sync_api import sync_playwright

    chromium = require_chromium()
    postgres = start_postgres()
    samples: dict[str, list[float]] = {"same_server": [], "other_server": []}
    try:
        url = postgres.create_database("alvlaget")
        seed_draft_awaiting_approval(url)
        with exercise_servers(2, url) as servers, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            pages = {}
            for name, server in (("approver", servers[0]), ("same_server", servers[0]),
                                 ("other_server", servers[1])):
                page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
                page.goto(f"{server.url}/meddelanden?alv=Umeälven")
                wait_drawn(page, "Meddelanden", "Källor:")
                page.get_by_text(approval_caption(0)).wait_for(timeout=120_000)
                pages[name] = page
            watchers = {name: pages[name] for name in samples}
            # The last approval locks the draft and the count gives way to "låst": stop one short.
            for number, person in enumerate(PEOPLE[: len(APPROVERS) - 1], start=1):
                started = time.perf_counter()
                approve_next(pages["approver"], person)
                seen = wait_for_everyone(watchers, approval_caption(number), started)
                for name, seconds in seen.items():
                    samples[name].append(seconds)
                print_json({"approval": number, **{f"{name}_s": seconds for name, seconds in seen.items()}})
                wait_drawn(pages["approver"], "Meddelanden", "Källor:")
            browser.close()
    finally:
        postgres.stop()
    print_json({
        "machine": machine(),
        "interval_s": LIVE_INTERVAL_S,
        "approvals": len(samples["same_server"]),
        **{f"{name}_median_s": round(statistics.median(values), 2) for name, values in samples.items()},
        **{f"{name}_max_s": max(values) for name, values in samples.items()},
        "samples_s": samples,
    })

if __name__ == "__main__":
    main()
