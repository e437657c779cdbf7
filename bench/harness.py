"""Shared pieces of the browser benchmarks: servers, "fully drawn", server CPU and memory.

"Fully drawn" (:data:`DRAWN_JS`): the page's last element is there (the app's footer, or the trivial
page's chart), every Plotly chart on it has drawn its SVG, Streamlit shows no running status, no
spinner and no stale elements from an earlier run — checked twice 300 ms apart, because on a busy
machine a rerun can start a moment late.

Server CPU is read from ``/proc/<pid>/stat`` (user + system time of the server process and its
threads) and memory from ``/proc/<pid>/status`` (VmRSS), so no extra package is needed. Linux only.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.browser.conftest import CHROMIUM_ARGS, StreamlitServer, find_chromium

__all__ = ["CHROMIUM_ARGS", "StreamlitServer", "find_chromium", "require_chromium", "exercise_env",
           "exercise_servers", "print_json", "wait_drawn", "cpu_seconds", "descendants_cpu_seconds", "rss_mb", "percentile", "TRIVIAL_APP",
           "write_trivial_app", "machine"]


def require_chromium() -> str:
    """The path of Debian's Chromium; exits with how to install it when there is none."""
    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("Debian Chromium is needed: apt-get install chromium")
    return chromium


def exercise_env(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    """The environment of an exercise-mode app server (no network needed) with its own data folder:
    SQLite in that folder, or the database at ``database_url`` (shared by several servers)."""
    env = dict(os.environ, ALVLAGET_MODE="exercise", ALVLAGET_DATA_DIR=str(data_dir))
    if database_url is None:
        env.pop("ALVLAGET_DATABASE_URL", None)
    else:
        env["ALVLAGET_DATABASE_URL"] = database_url
    return env


@contextmanager
def exercise_servers(count: int = 1, database_url: str | None = None,
                     prepare: Callable[[dict[str, str]], None] | None = None) -> Iterator[list[StreamlitServer]]:
    """``count`` exercise-mode ``streamlit run`` servers on loopback, each with its own data folder and
    log in a temporary folder (like servers on separate machines), all on ``database_url`` when given;
    stopped and removed on exit. ``prepare(env)`` runs before each server starts, with its environment
    (e.g. to set the scenario clock in its database)."""
    with tempfile.TemporaryDirectory() as tmp:
        servers: list[StreamlitServer] = []
        try:
            for number in range(count):
                folder = Path(tmp) / f"server-{number}"
                env = exercise_env(folder, database_url)
                if prepare is not None:
                    folder.mkdir(parents=True, exist_ok=True)
                    prepare(env)
                servers.append(StreamlitServer(env, Path(tmp) / f"server-{number}.log"))
            yield servers
        finally:
            for server in servers:
                server.stop()


def print_json(result: dict[str, object]) -> None:
    """Print ``result`` as one JSON line at once (not buffered: a stopped run keeps what it printed)."""
    print(json.dumps(result, ensure_ascii=False), flush=True)

#: True when the page is fully drawn: its heading starts with ``title``, ``last`` is a text its last
#: element contains ("" = none).
DRAWN_JS = """([title, last]) => {
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  if (document.querySelector('[data-testid="stSpinner"], [data-testid="stSkeleton"]')) return false;
  const heading = document.querySelector('[data-testid="stMain"] h1');
  if (!heading || !heading.innerText.trim().startsWith(title)) return false;
  if (last && !document.body.innerText.includes(last)) return false;
  const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]');
  for (const chart of charts) {
    if (!chart.querySelector('.main-svg')) return false;
  }
  return true;
}"""

#: A trivial two-page app: one chart (the yardstick) and a text page to switch from.
TRIVIAL_APP = '''
import numpy as np
import plotly.express as px
import streamlit as st


def chart() -> None:
    st.title("Trivial")
    st.plotly_chart(px.line(x=np.arange(100), y=np.sin(np.arange(100) / 10)), width="stretch")


def other() -> None:
    st.title("Annan")
    st.write("En annan sida.")


st.navigation([st.Page(chart, title="Trivial", url_path="trivial", default=True),
               st.Page(other, title="Annan", url_path="annan")]).run()
'''


def write_trivial_app(folder: Path) -> Path:
    """Write the trivial app as ``folder/dashboard.py`` (what :class:`StreamlitServer` runs)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dashboard.py").write_text(TRIVIAL_APP, encoding="utf-8")
    return folder


def wait_drawn(page, title: str, last: str = "", timeout_ms: int = 300_000) -> None:
    """Wait until the page headed ``title`` is fully drawn (see the module docstring)."""
    for _ in range(2):
        page.wait_for_function(DRAWN_JS, arg=[title, last], timeout=timeout_ms, polling=100)
        page.wait_for_timeout(300)


def _pid(server: StreamlitServer) -> int:
    return server._process.pid  # noqa: SLF001 - the fixture keeps the process private


def cpu_seconds(server: StreamlitServer) -> float:
    """CPU time the server process has used so far (user + system, all threads) [s]."""
    fields = Path(f"/proc/{_pid(server)}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return ticks / os.sysconf("SC_CLK_TCK")


def _process_cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:  # the thread or process ended meanwhile
            continue
    return found


def descendants_cpu_seconds(exclude: StreamlitServer | None = None) -> float:
    """CPU time used so far by this process's descendants (e.g. Playwright's driver and its Chromium: the
    browser, its renderers and GPU process), not counting ``exclude``'s server process [s]. Processes
    that have ended are not counted, so compare two readings of the same live processes."""
    skip = {_pid(exclude)} if exclude is not None else set()
    total, stack = 0.0, [child for child in _children(os.getpid()) if child not in skip]
    while stack:
        pid = stack.pop()
        try:
            total += _process_cpu_s(pid)
            stack += [child for child in _children(pid) if child not in skip]
        except OSError:
            continue
    return total


def rss_mb(server: StreamlitServer) -> float:
    """The server process's resident memory [MB]."""
    for line in Path(f"/proc/{_pid(server)}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (0.95 for p95) by linear interpolation."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def elapsed_since(started: float) -> float:
    return round(time.perf_counter() - started, 3)


def machine() -> dict[str, object]:
    """What the numbers were measured on: CPU model, cores, memory, load when measured."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "unknown")
    memory_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                         if line.startswith("MemTotal:")))
    return {"cpu": model, "cores": os.cpu_count(), "memory_gb": round(memory_kb / 1024 / 1024, 1),
            "load_1min": round(os.getloadavg()[0], 2)}
