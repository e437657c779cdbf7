"""Server CPU of one page rerun, per page, measured in-process with cProfile (no browser).

Each page runs through the real entry file with Streamlit's ``AppTest`` in exercise mode in a fresh
data folder: a first run (imports, statistics, the situation), a second run (what a first visitor's
switch leaves warm), then :data:`RERUNS` timed reruns of the same session, each profiled. The CPU time
is the script thread's own (``time.thread_time``), so other processes on a loaded machine do not
inflate it the way wall-clock times are inflated. Reported per page: median CPU per rerun [s] and, with
``--top N``, the N functions with the most cumulative time in the profiled reruns.

Run: ``.venv/bin/python bench/profile_pages.py [page …] [--top N] [--reruns R] [--sessions] [--fragments]``
(pages by key: lage floden karta meddelanden mote presentation). ``--sessions``: also time a second,
new session's first run of each page (what sharing across sessions saves). ``--after-failure-h H``:
the dam-failure exercise H hours after Hällbydammen fails (every page shows the event). ``--fragments``: also time
each of the page's fragments run alone, as its ``run_every`` timer runs it in an open browser tab
(:mod:`tests.app_fragments`), :data:`RERUNS` times each: CPU per run, whether it reran the whole page,
how many elements it sent, and the idle cost per minute of an open tab that these timers make
(each fragment's median CPU × its runs per minute). Prints one JSON line per page and one JSON object
last.
"""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(PROJECT_ROOT)  # bench/statistics.py would shadow the standard library's module

import argparse  # noqa: E402
import cProfile  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

from bench.harness import machine, print_json  # noqa: E402

#: key → (page file, query parameters)
PAGES: dict[str, tuple[str, dict[str, str]]] = {
    "lage": ("pages/lage.py", {}),
    "floden": ("pages/floden.py", {}),
    "karta": ("pages/karta.py", {}),
    "meddelanden": ("pages/meddelanden.py", {}),
    "mote": ("pages/mote.py", {}),
    "presentation": ("pages/mote.py", {"vy": "presentation"}),
}
RERUNS = 3


class _Profiler:
    """Profiles (and times the CPU of) every Streamlit script run while :attr:`on` is set."""

    def __init__(self) -> None:
        self.on = False
        self.profile = cProfile.Profile()
        self.cpu_s: list[float] = []
        self._lock = threading.Lock()

    def install(self) -> None:
        from streamlit.runtime.scriptrunner import script_runner

        original = script_runner.ScriptRunner._run_script  # noqa: SLF001 - the one place a run happens
        profiler = self

        def run_script(runner, rerun_data):  # type: ignore[no-untyped-def]
            if not profiler.on:
                return original(runner, rerun_data)
            started = time.thread_time()
            with profiler._lock:  # noqa: SLF001
                profiler.profile.enable()
                try:
                    return original(runner, rerun_data)
                finally:
                    profiler.profile.disable()
                    profiler.cpu_s.append(time.thread_time() - started)

        script_runner.ScriptRunner._run_script = run_script  # noqa: SLF001


def _app_test(page: str, params: dict[str, str]):
    from streamlit.testing.v1 import AppTest

    from tests.app_testing import ENTRY_FILE, run_page

    if not params:
        return run_page(page)
    at = AppTest.from_file(ENTRY_FILE, default_timeout=600)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(page)
    at.run()
    return at


def profile_fragments(at, profiler: _Profiler, reruns: int, top: int, libraries: bool) -> dict[str, dict]:
    """Each fragment of the session run alone ``reruns`` times (as its timer runs it): name → CPU per run
    [s] (median), runs per minute (from its ``run_every``), how many runs reran the whole page, elements
    sent by the last run and bytes of elements sent per run (median)."""
    from tests.app_fragments import delta_bytes, fragment_ids, fragment_intervals_s, recorded_run

    found: dict[str, dict] = {}
    intervals = fragment_intervals_s(at)
    for name in sorted(fragment_ids(at)):
        profiler.profile = cProfile.Profile()
        profiler.cpu_s = []
        profiler.on = True
        whole, sent = 0, []
        for _ in range(reruns):
            sent.append(delta_bytes(recorded_run(at, name)))
            whole += bool(at.title)  # the page's own heading: the fragment reran the whole page
        profiler.on = False
        interval = intervals.get(name)
        found[name] = {"cpu_per_run_s": round(statistics.median(profiler.cpu_s), 4),
                       "cpu_runs_s": [round(s, 4) for s in profiler.cpu_s],
                       "runs_per_min": round(60 / interval, 2) if interval else 0,
                       "reran_page": whole, "elements_sent": _element_count(at),
                       "bytes_sent": statistics.median(sent)}
        if top:
            for line in _top(profiler.profile, top, libraries):
                print(f"[{name}] {line}", file=sys.stderr)
        at.run()  # back to a whole page, so the next fragment runs from the same state
    return found


def _element_count(at) -> int:
    """Elements (not containers) in the AppTest's tree, i.e. sent by its last run."""
    count, stack = 0, [at._tree]  # noqa: SLF001
    while stack:
        node = stack.pop()
        children = getattr(node, "children", None)
        if children:
            stack.extend(children.values())
        elif node is not at._tree:  # noqa: SLF001
            count += 1
    return count


def _top(profile: cProfile.Profile, top: int, libraries: bool) -> list[str]:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).sort_stats("cumulative")
    if libraries:
        stats.print_stats(top)
    else:
        stats.print_stats(str(PROJECT_ROOT / "[a-z]"), top)  # the project's own functions, not libraries
    return _short(out.getvalue())


def profile_page(key: str, profiler: _Profiler, reruns: int, top: int, sessions: bool,
                 libraries: bool = False, fragments: bool = False) -> dict[str, object]:
    page, params = PAGES[key]
    at = _app_test(page, params)
    if at.exception:
        return {"page": key, "error": [e.message for e in at.exception]}
    at.run()
    profiler.profile = cProfile.Profile()
    profiler.cpu_s = []
    profiler.on = True
    for _ in range(reruns):
        at.run()
    profiler.on = False
    result: dict[str, object] = {
        "page": key,
        "cpu_per_rerun_s": round(statistics.median(profiler.cpu_s), 3),
        "cpu_reruns_s": [round(s, 3) for s in profiler.cpu_s],
    }
    if top:
        result["top"] = _top(profiler.profile, top, libraries)
    if fragments:
        result["fragments"] = profile_fragments(at, profiler, reruns, top, libraries)
        result["idle_cpu_per_min_s"] = round(sum(f["cpu_per_run_s"] * f["runs_per_min"]
                                                 for f in result["fragments"].values()), 3)
    if sessions:  # a new session's first run of the page, everything shared already warm
        profiler.cpu_s = []
        profiler.on = True
        _app_test(page, params)
        profiler.on = False
        result["new_session_cpu_s"] = round(sum(profiler.cpu_s), 3)
    return result


def _short(report: str) -> list[str]:
    lines = [line for line in report.splitlines() if line.strip() and "{" not in line[:10]]
    start = next((n for n, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    return [" ".join(line.split()) for line in lines[start + 1:]]


def main() -> None:
    parser = argparse.ArgumentParser(description="CPU of one page rerun, per page (see the module docstring).")
    parser.add_argument("pages", nargs="*", help=f"pages by key, default all: {' '.join(PAGES)}")
    parser.add_argument("--top", type=int, default=0, help="print the N most expensive functions per page")
    parser.add_argument("--reruns", type=int, default=RERUNS, help="profiled reruns per page")
    parser.add_argument("--libraries", action="store_true", help="--top lists library functions too")
    parser.add_argument("--sessions", action="store_true", help="also a new session's first run of each page")
    parser.add_argument("--after-failure-h", type=float, default=None,
                        help="the dam-failure exercise with its clock this many hours after the failure")
    parser.add_argument("--fragments", action="store_true",
                        help="also each fragment run alone, as its timer runs it in an open tab")
    args = parser.parse_args()
    unknown = [key for key in args.pages if key not in PAGES]
    if unknown:
        parser.error(f"unknown pages {unknown}: choose from {list(PAGES)}")
    profiler = _Profiler()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(ALVLAGET_MODE="exercise", ALVLAGET_DATA_DIR=str(Path(tmp) / "data"))
        os.environ.pop("ALVLAGET_DATABASE_URL", None)
        os.environ.pop("ALVLAGET_CACHE_DIR", None)
        if args.after_failure_h is not None:
            from bench.viewers import clock_after_failure

            Path(os.environ["ALVLAGET_DATA_DIR"]).mkdir(parents=True)
            clock_after_failure(args.after_failure_h)(os.environ)
        profiler.install()
        results = []
        for key in args.pages or PAGES:
            result = profile_page(key, profiler, args.reruns, args.top, args.sessions, args.libraries,
                                  args.fragments)
            if args.top:
                for line in result.get("top", []):
                    print(line, file=sys.stderr)
            print_json({k: v for k, v in result.items() if k != "top"})
            results.append({k: v for k, v in result.items() if k != "top"})
    print_json({"machine": machine(), "pages": results})


if __name__ == "__main__":
    main()
