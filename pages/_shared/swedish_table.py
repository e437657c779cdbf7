"""Numbers and times in a table the Swedish way ("1 428", "19 maj 06.00"), whatever the browser's language.

``st.dataframe``'s own number and date formats come from the browser: a printf format gives "1428" (no
thousands separator), a date format English month names ("19 May 06:00"), "localized" follows the
browser's language ("1,428" in an English browser, which a Swede reads as one point four), and an empty
cell reads "None" whatever the format (the grid's fixed text, which a pandas ``Styler`` cannot change).
So the shown copy of a table holds the Swedish text, and "–" where there is no value, as Läget's station
table does; the page keeps the numbers for its exports.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from datetime import datetime

import pandas as pd

from language.sv import STOCKHOLM, format_local_time, format_number

#: A cell without a value.
MISSING = "–"


def swedish_display(table: pd.DataFrame, decimals: Mapping[str, int], *, signed: Collection[str] = (),
                    local_times: Collection[str] = (), now: datetime | None = None) -> pd.DataFrame:
    """The copy of ``table`` to show: the columns in ``decimals`` as Swedish numbers with that many
    decimals (``signed`` ones with "+" before a rise), ``local_times`` (naive Europe/Stockholm
    timestamps) as "06.00" on the day of ``now`` [UTC] and "19 maj 06.00" on another, and every
    missing value in those and in text columns as "–". Columns not in ``table`` are left out; other
    columns (e.g. a sparkline's lists) stay as they are."""
    shown = table.copy()
    for column, places in decimals.items():
        if column in shown.columns:
            shown[column] = [_number(value, places, column in signed) for value in shown[column]]
    for column in local_times:
        if column in shown.columns:
            shown[column] = [_local_time(value, now) for value in shown[column]]
    for column in shown.columns:
        if all(isinstance(v, str) or _missing(v) for v in shown[column]):  # text (not numbers, not lists)
            shown[column] = [MISSING if _missing(value) else value for value in shown[column]]
    return shown


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _number(value: float, places: int, signed: bool) -> str:
    if _missing(value) or not math.isfinite(value):
        return MISSING
    text = format_number(value, places)
    return f"+{text}" if signed and value > 0 and text.strip("0,") else text


def _local_time(value: pd.Timestamp, now: datetime | None) -> str:
    if pd.isna(value):
        return MISSING
    local = value.tz_localize(STOCKHOLM, ambiguous=True, nonexistent="shift_forward")
    return format_local_time(local.to_pydatetime(), now)
