"""The arrival table, the Karta view, Läget, the meeting screen and the drafts read the same arrival data: one
function builds it (:func:`events.arrivals.read_arrival_table`, owner data over the calibrated estimate), one
page-layer function serves it (:func:`pages._shared.event_data.load_arrival_table`), and nothing else
estimates arrival times on its own."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from tests.app_testing import PROJECT_ROOT

#: function → the only files that may call it
ALLOWED_CALLERS = {
    "estimate_arrivals": {"events/arrivals.py"},
    "apply_owner_arrivals": {"events/arrivals.py"},
    "read_calibrated_celerity": {"geodata/arrival.py"},
    "celerity_from_cases": {"geodata/arrival.py"},
    "read_arrival_table": {"pages/_shared/event_data.py"},
}
#: the page and components that show arrival times (Läget's and every page's banner, Karta), through load_arrival_table
SHOWN_ON = {"pages/_shared/event_banner.py", "pages/karta.py", "pages/_shared/event_data.py"}


def _sources() -> list[Path]:
    skip = {"tests", ".venv", "bench", "test-output", "data"}
    return [p for p in PROJECT_ROOT.rglob("*.py") if not skip & set(p.relative_to(PROJECT_ROOT).parts)]


def _calls() -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name:
                    found[name].add(path.relative_to(PROJECT_ROOT).as_posix())
    return found


def test_arrival_times_are_built_in_one_place_and_served_through_one_function():
    calls = _calls()
    for function, allowed in ALLOWED_CALLERS.items():
        assert calls[function] <= allowed, f"{function} called from {sorted(calls[function] - allowed)}"
    assert SHOWN_ON <= calls["load_arrival_table"], sorted(SHOWN_ON - calls["load_arrival_table"])
    # The meeting screen's wave is drawn from the same table, wherever the page keeps that code.
    assert calls["wave_overlay"] and calls["wave_overlay"] <= calls["load_arrival_table"], sorted(calls["wave_overlay"])
    # The drafts take their arrival facts from the same table (Meddelanden's data → dam_failure_fact →
    # load_arrival_table).
    assert "pages/_shared/message_data.py" in calls["dam_failure_fact"]
    assert calls["event_fact"] == {"pages/_shared/event_data.py"}


def test_the_scan_sees_the_project():
    assert Path(PROJECT_ROOT / "events" / "arrivals.py") in _sources()
    assert "read_arrival_table" in _calls()
