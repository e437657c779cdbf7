"""Times and ages on screen: the app's one Swedish convention lives in :mod:`language.sv`."""

from __future__ import annotations

from language.sv import STOCKHOLM, format_local_time
from language.sv import format_age as format_age_sv

__all__ = ["DATE_INPUT_FORMAT", "STOCKHOLM", "format_age_sv", "format_local_time"]

#: How every ``st.date_input`` shows its date: the way Swedes write it, "2026-11-30" (the browser's own
#: default reads "2026 / 11 / 30").
DATE_INPUT_FORMAT = "YYYY-MM-DD"
