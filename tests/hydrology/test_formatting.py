"""Swedish number format: no-break space thousands, decimal comma."""

from __future__ import annotations

import math

import pytest

from hydrology.formatting import (
    THOUSANDS_SEP,
    format_flow_m3s,
    format_number_sv,
    format_percent,
    format_rate_m3s_per_hour,
)


def test_separator_is_no_break_space():
    assert THOUSANDS_SEP == "\u00a0"


@pytest.mark.parametrize(
    ("value", "text"),
    [(1150.4, "1\u00a0150 m³/s"), (12345.5, "12\u00a0346 m³/s"), (435, "435 m³/s"), (4.56, "4,6 m³/s"),
     (9.95, "10,0 m³/s"), (0.04, "0,0 m³/s")],
)  # fmt: skip
def test_flows(value, text):
    assert format_flow_m3s(value) == text


def test_numbers_percent_rate():
    assert format_number_sv(2.5) == "3"  # half away from zero, as by hand
    assert format_number_sv(-1234.5, 1) == "-1\u00a0234,5"
    assert format_percent(4.4) == "4 %"
    assert format_percent(-12.6) == "-13 %"
    assert format_rate_m3s_per_hour(12.34) == "12 m³/s per timme"
    assert format_rate_m3s_per_hour(0.44) == "0,4 m³/s per timme"
    # A rise too small to show with one decimal is never "stigande 0,0 m³/s per timme".
    assert format_rate_m3s_per_hour(0.03) == "under 0,1 m³/s per timme"
    assert format_rate_m3s_per_hour(0.0) == "0,0 m³/s per timme"
    with pytest.raises(ValueError):
        format_number_sv(math.nan)
