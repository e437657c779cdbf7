"""Cold load time of the Läget page vs a trivial one-chart Streamlit page, in the same headless Chromium.

Both apps run as real `streamlit run` servers on loopback. "Cold" means a fresh browser context (empty
HTTP cache, new session, so Streamlit runs the script from the top) for every measurement; the server
process itself is warmed by one untimed load, as a meeting screen would find it. The app runs in exercise
mode so that no network is needed. Goal: ratio lage_s / trivial_s ≤ 1.3.

Last line: ``{"lage_s": …, "trivial_s": …, "ratio": …}`` (medians of N loads each, seconds).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as `python bench/page_load.py`, Python puts bench/ first on the path, where bench/statistics.py
# would shadow the standard library's statistics module: put the project root there instead.
PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(PROJECT_ROOT)

import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from tests.browser.conftest import CHROMIUM_ARGS, StreamlitServer, find_chromium  # noqa: E402

TRIVIAL_APP = '''
import numpy as np
import plotly.express as px
import streamlit as st

st.title("Trivial")
st.plotly_chart(px.line(x=np.arange(100), y=np.sin(np.arange(100) / 10)), width="stretch")
'''
LOADS = 5


def time_cold_load(browser, url: str, heading: str) -> float:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    page.get_by_role("heading", name=heading).first.wait_for(timeout=120_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000)
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


def main() -> None:
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("Debian Chromium is needed: apt-get install chromium")
    with tempfile.TemporaryDirectory() as tmp:
        trivial_dir = Path(tmp) / "trivial"
        trivial_dir.mkdir()
        (trivial_dir / "dashboard.py").write_text(TRIVIAL_APP)
        env = dict(os.environ, ALVLAGET_MODE="exercise", ALVLAGET_DATA_DIR=str(Path(tmp) / "data"))
        app = StreamlitServer(env, Path(tmp) / "app.log")
        trivial = StreamlitServer(env, Path(tmp) / "trivial.log", cwd=trivial_dir)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                time_cold_load(browser, app.url, "Läget")  # warm both servers once, untimed
                time_cold_load(browser, trivial.url, "Trivial")
                lage, trivial_times = [], []
                for _ in range(LOADS):  # interleaved, so machine noise hits both alike
                    lage.append(time_cold_load(browser, app.url, "Läget"))
                    trivial_times.append(time_cold_load(browser, trivial.url, "Trivial"))
                browser.close()
        finally:
            app.stop()
            trivial.stop()
    lage_s, trivial_s = statistics.median(lage), statistics.median(trivial_times)
    print(json.dumps({"lage_s": round(lage_s, 3), "trivial_s": round(trivial_s, 3), "ratio": round(lage_s / trivial_s, 3)}))


if __name__ == "__main__":
    main()
