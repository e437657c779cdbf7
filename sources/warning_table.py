"""The warnings frame: one row per warning area, the same columns whether from SMHI or the exercise.

Pure schema and helpers, shared by :mod:`sources.smhi_warnings` (SMHI's warnings) and
:mod:`hydrology.situation` (ÖVNING warnings derived from exercise flows). Times tz-aware UTC.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

#: SMHI warning level code → the app's level word, rank (higher = more severe) and Swedish label.
WARNING_LEVELS: dict[str, tuple[str, int, str]] = {
    "MESSAGE": ("meddelande", 0, "Meddelande"),
    "YELLOW": ("gul", 1, "Gul varning"),
    "ORANGE": ("orange", 2, "Orange varning"),
    "RED": ("röd", 3, "Röd varning"),
}

#: Columns of every warnings frame, in order.
WARNING_COLUMNS: tuple[str, ...] = (
    "warning_id",
    "event_code",
    "event_sv",
    "level",
    "level_rank",
    "level_sv",
    "area_name_sv",
    "description_sv",
    "details_sv",
    "lan_codes",
    "kommun_codes",
    "systems",
    "matched_by",
    "valid_from_utc",
    "valid_to_utc",
    "published_utc",
    "area_geojson",
)

WARNINGS_UNITS: dict[str, str] = {
    "valid_from_utc": "UTC",
    "valid_to_utc": "UTC",
    "published_utc": "UTC",
}

_TIME_COLUMNS = ("valid_from_utc", "valid_to_utc", "published_utc")
_TEXT_COLUMNS = ("warning_id", "event_code", "event_sv", "level", "level_sv", "area_name_sv",
                 "description_sv", "details_sv", "matched_by")  # fmt: skip


def with_warning_dtypes(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with the schema's dtypes (text as str, times UTC, rank int)."""
    # One set of dtypes whether or not there are rows, so frames compare and concatenate cleanly.
    frame = frame.astype({column: "str" for column in _TEXT_COLUMNS} | {"level_rank": "int64"})
    for column in _TIME_COLUMNS:
        frame[column] = pd.to_datetime(frame[column], utc=True).astype("datetime64[us, UTC]")
    return frame


def empty_warnings_frame() -> pd.DataFrame:
    """A warnings frame with no rows and the right columns and dtypes."""
    return with_warning_dtypes(pd.DataFrame({column: pd.Series(dtype=object) for column in WARNING_COLUMNS}))


def warnings_in_force(warnings: pd.DataFrame, now: datetime) -> pd.DataFrame:
    """Warnings not yet ended at ``now`` [UTC]: in force now or announced to start later."""
    ends = warnings["valid_to_utc"]
    return warnings[ends.isna() | (ends > pd.Timestamp(now))].reset_index(drop=True)
