"""Synthetic archives and series built in code, with values simple enough to compute by hand."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd


def yearly_archive(
    years: list[int],
    base_m3s: float = 100.0,
    peaks: dict[int, float] | None = None,
    lows: dict[int, float] | None = None,
    drop: list[tuple[date, date]] | None = None,
) -> pd.DataFrame:
    """Daily archive: ``base_m3s`` every day, a peak on 1 June and a low on 1 Feb of each year.

    ``drop`` removes the given inclusive date ranges (missing days), as SMHI's archive does for gaps.
    """
    days = pd.date_range(f"{years[0]}-01-01", f"{years[-1]}-12-31", freq="D")
    frame = pd.DataFrame({"date": days.date, "discharge_m3s": base_m3s, "quality": "G"})
    for year, peak in (peaks or {}).items():
        frame.loc[frame["date"] == date(year, 6, 1), "discharge_m3s"] = peak
    for year, low in (lows or {}).items():
        frame.loc[frame["date"] == date(year, 2, 1), "discharge_m3s"] = low
    for first, last in drop or []:
        frame = frame[(frame["date"] < first) | (frame["date"] > last)]
    return frame.reset_index(drop=True)


def gumbel_archive(n_years: int, seed: int, mq: float = 400.0) -> pd.DataFrame:
    """A long archive whose annual spring peaks follow a Gumbel law (for property tests)."""
    rng = np.random.default_rng(seed)
    days = pd.date_range(f"{2024 - n_years + 1}-01-01", "2024-12-31", freq="D")
    doy = days.day_of_year.to_numpy()
    year_index = days.year.to_numpy() - days.year.min()
    peaks = rng.gumbel(3.0 * mq, 0.6 * mq, n_years)[year_index]
    flow = 0.6 * mq + (peaks - 0.6 * mq) * np.exp(-(((doy - 160) / 18.0) ** 2))
    return pd.DataFrame({"date": days.date, "discharge_m3s": flow, "quality": "G"})


def quarter_hour_series(start: str, hours: float, start_m3s: float, slope_m3s_per_hour: float) -> pd.DataFrame:
    """15-minute discharge changing linearly [m³/s per hour], times tz-aware UTC."""
    times = pd.date_range(start, periods=int(hours * 4) + 1, freq="15min", tz="UTC")
    elapsed = (times - times[0]).total_seconds().to_numpy() / 3600.0
    return pd.DataFrame({"time_utc": times, "discharge_m3s": start_m3s + slope_m3s_per_hour * elapsed, "quality": "O"})


def shifted_pair(lag_hours: int, n_hours: int = 24 * 20, seed: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """An upstream hourly series and a downstream copy delayed by ``lag_hours`` (plus a little noise)."""
    rng = np.random.default_rng(seed)
    signal = 500 + np.cumsum(rng.normal(0, 5, n_hours + lag_hours))
    times = pd.date_range("2025-05-01", periods=n_hours, freq="1h", tz="UTC")
    upstream = pd.DataFrame({"time_utc": times, "discharge_m3s": signal[lag_hours:]})
    downstream = pd.DataFrame(
        {"time_utc": times, "discharge_m3s": 1.2 * signal[:n_hours] + rng.normal(0, 0.5, n_hours)}
    )
    return upstream, downstream

