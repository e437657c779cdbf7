"""Swedish for people: numbers, plurals, dates, times and chart axes — one module for the whole app.

Used by ``geodata``, ``hydrology``, ``coordination`` and ``pages`` alike (it imports nothing of them).
The conventions (Språkrådet, *Svenska skrivregler*; TT's style for times):

- thousands separated by a NO-BREAK SPACE (U+00A0): it reads as the ordinary space Swedish style
  asks for, never wraps a number across two lines, and is in Latin-1, so PDF core fonts print it;
  decimal comma: ``"1 450"``, ``"4,6"``;
- flows of 10 m³/s and more as whole m³/s (SMHI's gauges are not more precise), smaller flows with
  one decimal; an ordinary space between a number and its unit: ``"1 150 m³/s"``, ``"4 %"``;
- clock times with a full stop: ``"kl. 06.04"``; dates with the month in letters: ``"19 maj"``;
- plurals spelled out: ``"1 version"``, ``"2 versioner"``, ``"1 möte"``, ``"3 möten"``.

Times are tz-aware UTC inside the app; everything here shows them in Europe/Stockholm.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")

#: The thousands separator (NO-BREAK SPACE). Tests and templates should use this constant.
THOUSANDS_SEP = "\u00a0"
DECIMAL_SEP = ","

MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip
MONTHS_SHORT = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
WEEKDAYS_SHORT = ("mån", "tis", "ons", "tor", "fre", "lör", "sön")

#: How an exercise labels its two clocks, wherever both can appear.
SCENARIO_TIME = "övningstid"
REAL_TIME = "verklig tid"


# --- numbers -----------------------------------------------------------------------------------------


def format_number(value: float, decimals: int = 0) -> str:
    """``1150.4`` → ``"1 150"`` (no-break space), ``4.56`` with ``decimals=1`` → ``"4,6"``.

    Rounds half away from zero, as people round by hand (Python's ``round`` rounds half to even).

    Raises
    ------
    ValueError
        For None, NaN or infinity: a missing figure must be said in words, never as "nan".
    """
    if value is None or not math.isfinite(value):
        raise ValueError(f"cannot format {value!r} as a number")
    factor = 10**decimals
    rounded = math.floor(abs(value) * factor + 0.5) / factor
    sign = "-" if value < 0 and rounded != 0 else ""
    text = f"{rounded:,.{decimals}f}"
    text = text.replace(",", "\x00").replace(".", DECIMAL_SEP).replace("\x00", THOUSANDS_SEP)
    return sign + text


def format_flow_m3s(value: float | None, unit: bool = True, missing: str | None = None) -> str:
    """A discharge for people: ``"1 150 m³/s"``, ``"4,6 m³/s"``.

    Parameters
    ----------
    value : discharge [m³/s].
    unit : append ``" m³/s"``.
    missing : the text for no value (None or NaN); when not given, a missing value is an error.
    """
    if missing is not None and (value is None or (isinstance(value, float) and math.isnan(value))):
        return missing
    decimals = 0 if abs(value) >= 10 else 1
    text = format_number(value, decimals)
    return f"{text} m³/s" if unit else text


def format_percent(value: float) -> str:
    """``4.4`` → ``"4 %"`` (no decimals: a trend word says more than a tenth of a per cent)."""
    return f"{format_number(value, 0)} %"


def plural(count: int, singular: str, plural_form: str) -> str:
    """``plural(1, "version", "versioner")`` → ``"1 version"``; ``2`` → ``"2 versioner"``.

    Swedish uses the singular for exactly one (also for −1), the plural otherwise (also for 0).
    """
    word = singular if abs(count) == 1 else plural_form
    return f"{format_number(count)} {word}"


def join_words(items: Sequence[str], conjunction: str = "och") -> str:
    """``["A", "B", "C"]`` → ``"A, B och C"``; one item alone; empty → ``""``."""
    names = [str(i) for i in items]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


# --- dates and times ---------------------------------------------------------------------------------


def to_local(moment: datetime) -> datetime:
    """``moment`` (tz-aware, any zone) in Europe/Stockholm. A naive time is refused, never guessed."""
    if moment.tzinfo is None:
        raise ValueError(f"naive time {moment!r}: times inside the app are tz-aware UTC")
    return moment.astimezone(STOCKHOLM)


def format_clock(moment: datetime) -> str:
    """``"06.04"``: the Swedish clock time in Stockholm, hours and minutes with a full stop."""
    return f"{to_local(moment):%H.%M}"


def format_date(moment: datetime, year: bool = False, short: bool = False) -> str:
    """``"19 maj"``, ``"19 maj 2026"`` with ``year``, ``"19 nov"`` with ``short`` (Stockholm date)."""
    local = to_local(moment)
    month = (MONTHS_SHORT if short else MONTHS)[local.month - 1]
    return f"{local.day} {month} {local.year}" if year else f"{local.day} {month}"


def format_date_time(moment: datetime) -> str:
    """``"26 november 2026 kl. 14.05"`` — for documents, where a date must stand on its own."""
    return f"{format_date(moment, year=True)} kl. {format_clock(moment)}"


def format_local_time(moment: datetime, now: datetime | None = None) -> str:
    """``"14.05"`` when ``moment`` is on the same Stockholm day as ``now``, else ``"24 nov 14.05"``.

    For table cells and short captions; running text puts ``"kl. "`` before it (see :func:`format_when`).
    """
    if now is not None and to_local(now).date() == to_local(moment).date():
        return format_clock(moment)
    return f"{format_date(moment, short=True)} {format_clock(moment)}"


def format_when(moment: datetime, now: datetime) -> str:
    """``"kl. 14.05"`` (same Stockholm day as ``now``) or ``"den 12 maj kl. 14.05"`` — for running text."""
    if to_local(now).date() == to_local(moment).date():
        return f"kl. {format_clock(moment)}"
    return f"den {format_date(moment)} kl. {format_clock(moment)}"


def format_age(age: timedelta) -> str:
    """A human age: ``"under 1 minut"``, ``"4 minuter"``, ``"1 timme"``, ``"3 timmar"``, ``"2 dygn"``."""
    minutes = int(age.total_seconds() // 60)
    if minutes < 1:
        return "under 1 minut"
    if minutes < 60:
        return plural(minutes, "minut", "minuter")
    hours = minutes // 60
    if hours < 48:
        return plural(hours, "timme", "timmar")
    return f"{hours // 24} dygn"


def label_clock(text: str, scenario: bool) -> str:
    """``"kl. 14.05 (övningstid)"`` or ``"kl. 14.05 (verklig tid)"``: which clock a time was read on."""
    return f"{text} ({SCENARIO_TIME if scenario else REAL_TIME})"


def label_both_clocks(real_text: str, scenario_text: str | None) -> str:
    """An exercise's moment on both clocks: ``"kl. 14.05 (verklig tid; övningstid kl. 21.50)"``, or
    ``"kl. 14.05 (verklig tid)"`` when the scenario's time is not known (``scenario_text`` None)."""
    if scenario_text is None:
        return label_clock(real_text, scenario=False)
    return f"{real_text} ({REAL_TIME}; {SCENARIO_TIME} {scenario_text})"


def format_when_on_clocks(real: datetime, scenario: datetime | None, *, now: datetime,
                          scenario_now: datetime | None, exercise: bool) -> str:
    """When something happened, for running text, saying which clock in an exercise.

    A real meeting: ``"kl. 14.05"`` (see :func:`format_when`, relative to ``now`` [UTC]). An exercise:
    ``"kl. 14.05 (verklig tid; övningstid kl. 21.50)"`` — the scenario's time ``scenario`` [UTC] relative
    to the scenario clock now ``scenario_now`` [UTC] (with its date when that is not given), or
    ``"kl. 14.05 (verklig tid)"`` where the scenario's time was not kept.
    """
    text = format_when(real, now)
    if not exercise:
        return text
    if scenario is None:
        return label_both_clocks(text, None)
    scenario_text = (format_when(scenario, scenario_now) if scenario_now is not None
                     else f"den {format_date(scenario)} kl. {format_clock(scenario)}")
    return label_both_clocks(text, scenario_text)


# --- chart axes ----------------------------------------------------------------------------------------


def day_ticks(start: datetime, end: datetime, max_ticks: int = 8) -> tuple[list[datetime], list[str]]:
    """Tick positions and Swedish labels for a time axis from ``start`` to ``end``.

    One tick at local midnight every n days (n chosen so at most ``max_ticks`` fit), labelled
    ``"19 maj"``; plotly's own labels would be English ("May 19"). Returns naive Stockholm wall-clock
    datetimes when the inputs are naive (an axis already in local time), else tz-aware Stockholm.

    Usage::

        values, texts = day_ticks(series.index.min(), series.index.max())
        fig.update_xaxes(tickvals=values, ticktext=texts)
    """
    naive = start.tzinfo is None
    first = (start if naive else to_local(start)).replace(hour=0, minute=0, second=0, microsecond=0)
    last = end if naive else to_local(end)
    if first < (start if naive else to_local(start)):
        first += timedelta(days=1)
    days = max(1, (last - first).days + 1)
    step = max(1, math.ceil(days / max(1, max_ticks)))
    values: list[datetime] = []
    moment = first
    while moment <= last:
        values.append(moment)
        moment = (moment + timedelta(days=step)).replace(hour=0)
    texts = [f"{v.day} {MONTHS_SHORT[v.month - 1]}" for v in values]
    return values, texts


def month_ticks(start: datetime, end: datetime) -> tuple[list[datetime], list[str]]:
    """One tick at the first of each month between ``start`` and ``end``, labelled ``"maj"``
    (``"jan 2026"`` at a new year, so a long axis still says which year). Same time zones as
    :func:`day_ticks`."""
    values: list[datetime] = []
    year, month = start.year, start.month
    while True:
        moment = start.replace(year=year, month=month, day=1, hour=0, minute=0, second=0, microsecond=0)
        if moment > end:
            break
        if moment >= start:
            values.append(moment)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    texts = [MONTHS_SHORT[v.month - 1] + (f" {v.year}" if v.month == 1 else "") for v in values]
    return values, texts
