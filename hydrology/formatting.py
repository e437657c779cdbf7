"""Swedish number formatting shared by every sentence the app writes about flows.

One convention, used everywhere (screen, drafted messages, exports):

- thousands separated by a NO-BREAK SPACE (U+00A0): it reads as the ordinary space Swedish style
  asks for, never wraps a number across two lines on the shared screen, and is in Latin-1, so
  PDF core fonts can print it (a thin space U+2009/U+202F is not);
- decimal comma;
- flows of 10 m³/s and more are shown as whole m³/s (SMHI's gauges are not more precise than
  that), smaller flows with one decimal;
- an ordinary space between a number and its unit: ``"1 150 m³/s"``, ``"4 %"``.
"""

from __future__ import annotations

import math

#: The thousands separator (NO-BREAK SPACE). Tests and templates should use this constant.
THOUSANDS_SEP = "\u00a0"
DECIMAL_SEP = ","


def format_number_sv(value: float, decimals: int = 0) -> str:
    """``1150.4`` → ``"1 150"`` (no-break space), ``4.56`` with ``decimals=1`` → ``"4,6"``.

    Rounds half away from zero, as people round by hand (Python's ``round`` rounds half to even).
    """
    if value is None or not math.isfinite(value):
        raise ValueError(f"cannot format {value!r} as a number")
    factor = 10**decimals
    rounded = math.floor(abs(value) * factor + 0.5) / factor
    sign = "-" if value < 0 and rounded != 0 else ""
    text = f"{rounded:,.{decimals}f}"
    text = text.replace(",", "\x00").replace(".", DECIMAL_SEP).replace("\x00", THOUSANDS_SEP)
    return sign + text


def format_flow_m3s(value: float, unit: bool = True) -> str:
    """A discharge for people: ``"1 150 m³/s"``, ``"4,6 m³/s"``.

    Parameters
    ----------
    value : discharge [m³/s].
    unit : append ``" m³/s"``.
    """
    decimals = 0 if abs(value) >= 10 else 1
    text = format_number_sv(value, decimals)
    return f"{text} m³/s" if unit else text


def format_percent(value: float) -> str:
    """``4.4`` → ``"4 %"``; values under 10 % in magnitude keep no decimals either (a trend word says more)."""
    return f"{format_number_sv(value, 0)} %"


def format_rate_m3s_per_hour(value: float) -> str:
    """``12.34`` → ``"12 m³/s per timme"``, ``0.44`` → ``"0,4 m³/s per timme"``."""
    decimals = 0 if abs(value) >= 10 else 1
    return f"{format_number_sv(value, decimals)} m³/s per timme"
