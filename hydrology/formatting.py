"""Swedish number formatting for flows: the app's one convention lives in :mod:`language.sv`.

Kept as the hydrology-facing names (``format_number_sv``, ``format_flow_m3s``, …) so sentences about
flows keep reading naturally; every function here is the language module's own.
"""

from __future__ import annotations

from language.sv import DECIMAL_SEP, THOUSANDS_SEP, format_flow_m3s, format_percent
from language.sv import format_number as format_number_sv

__all__ = [
    "DECIMAL_SEP",
    "THOUSANDS_SEP",
    "format_flow_m3s",
    "format_number_sv",
    "format_percent",
    "format_rate_m3s_per_hour",
]


def format_rate_m3s_per_hour(value: float) -> str:
    """``12.34`` → ``"12 m³/s per timme"``, ``0.44`` → ``"0,4 m³/s per timme"``, ``0.03`` → ``"under 0,1 m³/s
    per timme"`` (a rise shown as "stigande 0,0 m³/s per timme" contradicts itself)."""
    if 0 < abs(value) < 0.05:
        return f"under {format_number_sv(0.1, 1)} m³/s per timme"
    decimals = 0 if abs(value) >= 10 else 1
    return f"{format_number_sv(value, decimals)} m³/s per timme"
