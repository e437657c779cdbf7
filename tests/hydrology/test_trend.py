"""Trend words, rates, event peak and travel time on synthetic series."""

from __future__ import annotations

from datetime import datetime, timezone

import pandas as pd
import pytest

from hydrology.trend import (
    TravelTime,
    TrendInputError,
    compute_trend,
    estimate_travel_time,
    peak_so_far,
    travel_time_sentence,
)
from tests.hydrology.synthetic import quarter_hour_series, shifted_pair


def test_rising_quarter_hour_series():
    # 1 000 m³/s rising 2 m³/s per hour for two days: over the last 24 h 1 048 → 1 096 m³/s.
    trend = compute_trend(quarter_hour_series("2025-05-10", 48, 1000.0, 2.0))
    assert trend.direction == "stigande" and trend.symbol == "↗" and trend.is_rising
    assert trend.change_24h_m3s == pytest.approx(48.0)
    assert trend.percent_per_day == pytest.approx(48.0 / 1048.0 * 100)
    assert trend.rate_m3s_per_hour == pytest.approx(2.0)
    assert trend.latest_m3s == pytest.approx(1096.0)
    assert trend.latest_time_utc == datetime(2025, 5, 12, 0, 0, tzinfo=timezone.utc)
    assert trend.window_hours == 24.0


def test_falling_and_steady():
    falling = compute_trend(quarter_hour_series("2025-06-01", 30, 800.0, -3.0))
    assert falling.direction == "sjunkande" and falling.rate_m3s_per_hour == pytest.approx(-3.0)
    # 0.5 m³/s per hour on 1 000 m³/s is 1.2 % per day: under the 2 % threshold.
    steady = compute_trend(quarter_hour_series("2025-06-01", 30, 1000.0, 0.5))
    assert steady.direction == "oförändrat" and steady.symbol == "→"


def test_daily_series_uses_yesterday():
    times = pd.date_range("2025-05-01", periods=5, freq="1D", tz="UTC")
    daily = pd.DataFrame({"time_utc": times, "discharge_m3s": [400.0, 410.0, 420.0, 450.0, 500.0]})
    trend = compute_trend(daily)
    assert trend.percent_per_day == pytest.approx(50 / 450 * 100)
    assert trend.rate_m3s_per_hour == pytest.approx(50 / 24)


def test_short_series_scaled_or_unknown():
    short = compute_trend(quarter_hour_series("2025-05-10", 6, 100.0, 1.0))  # 6 h of data
    assert short.window_hours == 6.0
    assert short.change_24h_m3s == pytest.approx(24.0)
    too_short = compute_trend(quarter_hour_series("2025-05-10", 2, 100.0, 1.0))
    assert too_short.direction == "okänd trend" and too_short.latest_m3s == pytest.approx(102.0)
    assert compute_trend(pd.DataFrame({"time_utc": [], "discharge_m3s": []})).direction == "okänd trend"


def test_naive_times_are_refused():
    naive = pd.DataFrame({"time_utc": pd.date_range("2025-05-01", periods=3, freq="1h"), "discharge_m3s": 1.0})
    with pytest.raises(TrendInputError, match="time_utc must be tz-aware UTC"):
        compute_trend(naive)


def test_peak_so_far_starts_at_the_last_low():
    times = pd.date_range("2025-05-01", periods=8, freq="1D", tz="UTC")
    series = pd.DataFrame({"time_utc": times, "discharge_m3s": [900, 700, 300, 500, 800, 760, 740, 700]})
    peak = peak_so_far(series)
    assert peak.discharge_m3s == 800
    assert peak.time_utc == datetime(2025, 5, 5, tzinfo=timezone.utc)
    falling = series.assign(discharge_m3s=[400, 900, 850, 800, 700, 650, 600, 350])
    assert peak_so_far(falling).discharge_m3s == 900


@pytest.mark.parametrize("lag", [0, 6, 14, 30])
def test_travel_time_recovered_from_shifted_series(lag):
    upstream, downstream = shifted_pair(lag)
    travel = estimate_travel_time(upstream, downstream)
    assert travel is not None
    assert travel.hours == lag and travel.step_hours == 1.0
    assert travel.correlation > 0.9


def test_travel_time_none_for_series_shorter_than_the_lags():
    up, down = shifted_pair(2, n_hours=6)
    assert estimate_travel_time(up, down) is None


def test_travel_time_none_for_unrelated_series():
    up, _ = shifted_pair(5, seed=1)
    _, down = shifted_pair(5, seed=2)
    assert estimate_travel_time(up, down) is None


def test_travel_time_sentences():
    assert travel_time_sentence("Vännäsby", TravelTime(13.6, 0.9, 1.0)) == (
        "Vännäsby kan vänta sig denna ökning om cirka 14 timmar."
    )
    assert travel_time_sentence("Umeå", TravelTime(1.0, 0.9, 1.0)) == "Umeå kan vänta sig denna ökning om cirka 1 timme."
    assert travel_time_sentence("Umeå", TravelTime(0.0, 0.9, 1.0)) == (
        "Umeå kan vänta sig denna ökning inom cirka en timme."
    )
    assert travel_time_sentence("Nyland", TravelTime(72.0, 0.8, 24.0)) == (
        "Nyland kan vänta sig denna ökning om cirka 3 dygn."
    )
    assert travel_time_sentence("Nyland", TravelTime(0.0, 0.8, 24.0)) == "Nyland kan vänta sig denna ökning inom ett dygn."
    assert travel_time_sentence("Nyland", TravelTime(50.0, 0.8, 1.0)) == "Nyland kan vänta sig denna ökning om cirka 2 dygn."
