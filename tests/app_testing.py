"""Helpers for AppTest runs of the real entry file (``dashboard.py``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from streamlit.testing.v1 import AppTest

from settings import load_settings

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ENTRY_FILE = str(PROJECT_ROOT / "dashboard.py")


#: How long one AppTest script run may take [s]. Generous on purpose: speed is measured by bench/, not
#: by tests, and a first run on a loaded CI machine (imports, statistics) can take minutes.
APP_TEST_TIMEOUT_S = 240


def run_page(page: str = "pages/lage.py", timeout: float = APP_TEST_TIMEOUT_S) -> AppTest:
    """Run the app through ``dashboard.py`` on ``page`` (a path like ``"pages/karta.py"``), opened directly
    as a link to it opens it: the session's first run is that page's, not Läget's.

    The environment (ALVLAGET_* variables) must be set before calling.
    """
    at = AppTest.from_file(ENTRY_FILE, default_timeout=timeout)
    if page != "pages/lage.py":
        # Before the first run Streamlit finds a page by its file name: every page's url_path but Om data's.
        at.switch_page(page)
    at.run()
    if page != "pages/lage.py" and not _ran(at, page):
        at.switch_page(page)  # now by the pages st.navigation registered
        at.run()
    return at


def _ran(at: AppTest, page: str) -> bool:
    """Whether ``at``'s last run was ``page``'s (AppTest keeps the registered pages to itself)."""
    info = at._registered_pages.get(at._finished_page_script_hash, {})
    return Path(str(info.get("script_path", ""))).resolve() == (PROJECT_ROOT / page).resolve()


def start_dam_failure_exercise(monkeypatch, hours_after_failure: float) -> datetime:
    """Exercise mode in the dam-failure scenario, its clock paused ``hours_after_failure`` [h] after
    Hällbydammen fails; returns the failure time [UTC]."""
    from sources.exercise.clock import pause_clock, start_clock
    from sources.exercise.scenarios import get_scenario_spec

    monkeypatch.setenv("ALVLAGET_SCENARIO", "dammbrott-angermanalven")
    settings = load_settings()
    spec = get_scenario_spec("dammbrott-angermanalven")
    failed_at = spec.start_utc + spec.dam_failures[0].after_start
    real_now = datetime.now(UTC)
    start_clock(settings, failed_at + timedelta(hours=hours_after_failure), real_now)
    pause_clock(settings, real_now, default_start=spec.start_utc)
    return failed_at


def count_calls(monkeypatch, owner, name: str) -> list[tuple]:
    """Wrap ``owner.name`` (a module's or class's function) so each real call is recorded: the list of the
    calls' positional arguments, growing as the page runs. The function still runs (counted, not replaced)."""
    calls: list[tuple] = []
    real = getattr(owner, name)

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return calls
