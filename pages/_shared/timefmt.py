"""Swedish formatting of times and ages for the screen (times are UTC inside, Europe/Stockholm here)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def format_local_time(moment: datetime, now: datetime | None = None) -> str:
    """``"14:05"`` when ``moment`` is today in Stockholm, else ``"24 nov 14:05"``.

    Parameters
    ----------
    moment, now : tz-aware datetimes (any zone; shown in Europe/Stockholm).
    """
    local = moment.astimezone(STOCKHOLM)
    if now is not None and now.astimezone(STOCKHOLM).date() == local.date():
        return local.strftime("%H:%M")
    months = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
    return f"{local.day} {months[local.month - 1]} {local:%H:%M}"


def format_age_sv(age: timedelta) -> str:
    """A human age in Swedish: ``"4 minuter"``, ``"1 timme"``, ``"3 timmar"``, ``"2 dygn"``."""
    minutes = int(age.total_seconds() // 60)
    if minutes < 1:
        return "under 1 minut"
    if minutes < 60:
        return f"{minutes} minut" if minutes == 1 else f"{minutes} minuter"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} timme" if hours == 1 else f"{hours} timmar"
    return f"{hours // 24} dygn"
