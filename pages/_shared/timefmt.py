"""Times and ages on screen: the app's one Swedish convention lives in :mod:`language.sv`."""

from __future__ import annotations

from language.sv import STOCKHOLM, format_local_time
from language.sv import format_age as format_age_sv

__all__ = ["STOCKHOLM", "format_age_sv", "format_local_time"]
