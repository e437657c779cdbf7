"""Tables show Swedish numbers and times, and "–" where there is no value."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pandas as pd

from pages._shared.swedish_table import swedish_display

NOW = datetime(2026, 5, 19, 8, 0, tzinfo=UTC)  # 10.00 in Stockholm


def test_numbers_and_times_read_the_swedish_way_and_the_values_stay():
    table = pd.DataFrame({
        "Station": ["Vännäsby", "Sorsele", "Granåker"],
        "Kvalitet": ["O – okontrollerad", "K – kontrollerad", None],
        "Flöde [m³/s]": [1428.4, 12.0, math.nan],
        "Ändring 24 h [m³/s]": [120.2, -1350.0, 0.2],
        "Stigning [m³/s per timme]": [0.04, 2.35, math.nan],
        "Tid": pd.to_datetime(["2026-05-19 06:00", "2026-05-18 23:45", None]),
        "Trend": [[1.0, 2.0], None, [3.0]],
    })
    shown = swedish_display(table, {"Flöde [m³/s]": 0, "Ändring 24 h [m³/s]": 0, "Stigning [m³/s per timme]": 1,
                                    "Saknas": 0},
                            signed=("Ändring 24 h [m³/s]", "Stigning [m³/s per timme]"), local_times=("Tid",), now=NOW)
    assert shown.to_dict("list") == {
        "Station": ["Vännäsby", "Sorsele", "Granåker"],
        "Kvalitet": ["O – okontrollerad", "K – kontrollerad", "–"],  # never the grid's "None"
        "Flöde [m³/s]": ["1\u00a0428", "12", "–"],
        "Ändring 24 h [m³/s]": ["+120", "-1\u00a0350", "0"],
        "Stigning [m³/s per timme]": ["0,0", "+2,4", "–"],  # no "+" before a rise that rounds to nothing
        "Tid": ["06.00", "18 maj 23.45", "–"],
        "Trend": [[1.0, 2.0], None, [3.0]],  # lists for the sparkline stay lists
    }
    assert table["Flöde [m³/s]"].iloc[0] == 1428.4  # the page's own frame (for its exports) is left as it was
