"""Every date field shows its date the Swedish way, "2026-11-30", not the browser's "2026 / 11 / 30"."""

from __future__ import annotations

import ast

from pages._shared.timefmt import DATE_INPUT_FORMAT
from tests.app_testing import PROJECT_ROOT


def _date_inputs() -> list[tuple[str, ast.Call]]:
    calls = []
    for path in sorted((PROJECT_ROOT / "pages").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "date_input":
                calls.append((f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}", node))
    return calls


def test_every_date_input_uses_the_swedish_format():
    calls = _date_inputs()
    assert len(calls) >= 3  # Händelser (start, end), Ägarrapporter, Möte's follow-up
    wrong = [where for where, call in calls
             if not any(k.arg == "format" and isinstance(k.value, ast.Name) and k.value.id == "DATE_INPUT_FORMAT"
                        for k in call.keywords)]
    assert wrong == []
    assert DATE_INPUT_FORMAT == "YYYY-MM-DD"
