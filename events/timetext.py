"""Clock times people can act on, in Swedish: ``"kl. 06.15"``, ``"kl. 06.15–08.40"`` (Europe/Stockholm).

Swedish writes the clock with a full stop (Språkrådet: "kl. 06.15"). A time on another day than
``now`` carries the date: ``"10 maj kl. 01.20"``. Inputs are tz-aware; shown in Europe/Stockholm.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
_MONTHS = ("jan", "feb", "mars", "april", "maj", "juni", "juli", "aug", "sep", "okt", "nov", "dec")


def _day(local: datetime) -> str:
    return f"{local.day} {_MONTHS[local.month - 1]}"


def clock_sv(moment: datetime, now: datetime | None = None) -> str:
    """``"kl. 06.15"``; ``"10 maj kl. 06.15"`` when ``moment`` is not on ``now``'s day (or ``now`` is None)."""
    local = moment.astimezone(STOCKHOLM)
    time = f"kl. {local:%H.%M}"
    if now is not None and now.astimezone(STOCKHOLM).date() == local.date():
        return time
    return f"{_day(local)} {time}"


def clock_range_sv(start: datetime, end: datetime, now: datetime | None = None) -> str:
    """``"kl. 06.15–08.40"``; one time when both round to the same minute; dates where the day differs."""
    first, last = start.astimezone(STOCKHOLM), end.astimezone(STOCKHOLM)
    if f"{first:%Y%m%d%H%M}" == f"{last:%Y%m%d%H%M}":
        return clock_sv(start, now)
    if first.date() == last.date():
        return f"{clock_sv(start, now)}–{last:%H.%M}"
    return f"{clock_sv(start, now)}–{_day(last)} kl. {last:%H.%M}"
