"""CSV downloads never carry a formula into a spreadsheet: text cells starting with = + - @ stay text."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from hydrology.flow_table import flow_table_csv, neutralise_csv_text


def test_formula_starts_are_neutralised_and_numbers_kept():
    assert [neutralise_csv_text(v) for v in ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "Vindeln", -5.0]] == [
        "'=HYPERLINK(\"http://x\")", "'+1", "'-2+3", "'@SUM(A1)", "Vindeln", -5.0]


def test_flow_table_csv_neutralises_text_cells():
    table = pd.DataFrame({"Station": ["=cmd|' /C calc'!A0", "Sorsele"], "Flöde [m³/s]": [-1.5, 120.0],
                          "Trend 30 dygn": [[], []]})
    text = flow_table_csv(table, "Umeälven", datetime(2026, 5, 3, 12, tzinfo=UTC)).decode("utf-8-sig")
    assert text.splitlines()[1:] == ["Station;Flöde [m³/s]", "'=cmd|' /C calc'!A0;-1,5", "Sorsele;120,0"]
