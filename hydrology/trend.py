"""Trend, rate of rise, event peak and travel time between stations, from recent series.

Series frames follow :mod:`sources.models`: ``time_utc`` (tz-aware UTC) and ``discharge_m3s`` [m³/s],
either SMHI's 15-minute values or daily values (one row per day).

Why a 24-hour window for the trend word: below the big reservoirs the flow follows the power
plants' daily production pattern (high by day, low at night), so comparing with the same hour
yesterday shows the real change while a 3-hour slope would mostly show the production schedule.
The rate of rise [m³/s per hour] is the short-term slope over the last :data:`RATE_WINDOW`
(3 hours) when 15-minute data exist: that is what matters when a wave is coming.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

#: Window for the trend word and the percent change per day.
TREND_WINDOW = timedelta(hours=24)
#: Window for the short-term rate of rise (15-minute data).
RATE_WINDOW = timedelta(hours=3)
#: Shortest span that still gives a trend when less than a full window of data exists.
MIN_TREND_SPAN = timedelta(hours=3)
#: |change| below this [% per day] counts as steady: within the daily ups and downs of a regulated
#: river and the rating curve's uncertainty.
STEADY_PERCENT_PER_DAY = 2.0

RISING = "stigande"
FALLING = "sjunkande"
STEADY = "oförändrat"
UNKNOWN_TREND = "okänd trend"

_SYMBOLS = {RISING: "↗", FALLING: "↘", STEADY: "→", UNKNOWN_TREND: "?"}


class TrendInputError(ValueError):
    """A series frame lacks ``time_utc``/``discharge_m3s`` or has naive times."""


@dataclass(frozen=True)
class Trend:
    """How a station's flow is changing.

    Attributes
    ----------
    direction : ``"stigande"``, ``"sjunkande"``, ``"oförändrat"`` or ``"okänd trend"``.
    percent_per_day : change over the trend window scaled to 24 h [% per dygn].
    change_24h_m3s : change over the trend window scaled to 24 h [m³/s].
    rate_m3s_per_hour : short-term rate of rise [m³/s per hour] (negative = falling).
    latest_m3s, latest_time_utc : the last valid value and its time.
    window_hours : span actually used for the percent change [h].
    """

    direction: str
    percent_per_day: float | None = None
    change_24h_m3s: float | None = None
    rate_m3s_per_hour: float | None = None
    latest_m3s: float | None = None
    latest_time_utc: datetime | None = None
    window_hours: float | None = None

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self.direction]

    @property
    def is_rising(self) -> bool:
        return self.direction == RISING

    @property
    def is_falling(self) -> bool:
        return self.direction == FALLING


@dataclass(frozen=True)
class Peak:
    """The highest value of the current event: discharge [m³/s] and time (UTC)."""

    discharge_m3s: float
    time_utc: datetime


@dataclass(frozen=True)
class TravelTime:
    """Typical travel time between two stations from lagged cross-correlation.

    hours : lag of the best correlation [h]; correlation : its Pearson r of the changes [-];
    step_hours : the series' resolution [h] (the lag is only as precise as this).
    """

    hours: float
    correlation: float
    step_hours: float


def _clean(series: pd.DataFrame) -> pd.DataFrame:
    if not {"time_utc", "discharge_m3s"} <= set(series.columns):
        raise TrendInputError("series must have columns time_utc and discharge_m3s")
    frame = series[["time_utc", "discharge_m3s"]].dropna()
    if len(frame) and getattr(frame["time_utc"].dt, "tz", None) is None:
        raise TrendInputError("time_utc must be tz-aware UTC")
    return frame.sort_values("time_utc").drop_duplicates("time_utc", keep="last").reset_index(drop=True)


def compute_trend(series: pd.DataFrame) -> Trend:
    """The trend of a station's recent flow.

    The change is taken between the last valid value and the last value at least
    :data:`TREND_WINDOW` earlier (the same hour yesterday for 15-minute data, yesterday for daily
    data). With less history, the first value is used if it lies at least :data:`MIN_TREND_SPAN`
    back, and the change is scaled to 24 h.

    Parameters
    ----------
    series : ``time_utc`` (tz-aware UTC), ``discharge_m3s`` [m³/s].
    """
    frame = _clean(series)
    if frame.empty:
        return Trend(UNKNOWN_TREND)
    times = frame["time_utc"]
    flows = frame["discharge_m3s"].to_numpy(dtype=float)
    latest_time, latest = times.iloc[-1], float(flows[-1])
    earlier = frame[times <= latest_time - TREND_WINDOW]
    if len(earlier):
        ref_time, ref = earlier["time_utc"].iloc[-1], float(earlier["discharge_m3s"].iloc[-1])
    elif latest_time - times.iloc[0] >= MIN_TREND_SPAN:
        ref_time, ref = times.iloc[0], float(flows[0])
    else:
        return Trend(UNKNOWN_TREND, latest_m3s=latest, latest_time_utc=latest_time.to_pydatetime())
    hours = (latest_time - ref_time).total_seconds() / 3600.0
    change_24h = (latest - ref) * 24.0 / hours
    percent = change_24h / ref * 100.0 if ref > 0 else math.nan
    if not math.isfinite(percent):
        direction = UNKNOWN_TREND
    elif abs(percent) < STEADY_PERCENT_PER_DAY:
        direction = STEADY
    else:
        direction = RISING if percent > 0 else FALLING
    return Trend(
        direction=direction,
        percent_per_day=percent if math.isfinite(percent) else None,
        change_24h_m3s=change_24h,
        rate_m3s_per_hour=_short_term_rate(frame, fallback=(latest - ref) / hours),
        latest_m3s=latest,
        latest_time_utc=latest_time.to_pydatetime(),
        window_hours=hours,
    )


def _short_term_rate(frame: pd.DataFrame, fallback: float) -> float:
    """Least-squares slope over the last :data:`RATE_WINDOW` [m³/s per hour] (needs ≥ 3 points)."""
    latest_time = frame["time_utc"].iloc[-1]
    recent = frame[frame["time_utc"] >= latest_time - RATE_WINDOW]
    if len(recent) < 3:
        return fallback
    hours = (recent["time_utc"] - latest_time).dt.total_seconds().to_numpy() / 3600.0
    slope = np.polyfit(hours, recent["discharge_m3s"].to_numpy(dtype=float), 1)[0]
    return float(slope)


def peak_so_far(series: pd.DataFrame, lookback: timedelta = timedelta(days=30)) -> Peak | None:
    """The peak of the current event: the highest value since the lowest point of the lookback.

    An event starts where the flow last bottomed out within ``lookback``; the peak so far is the
    maximum from there on. When the flow is at its lowest right now (falling limb), the event is
    the one just passed and its peak is the window's maximum. None for an empty series.
    """
    frame = _clean(series)
    if frame.empty:
        return None
    window = frame[frame["time_utc"] >= frame["time_utc"].iloc[-1] - lookback].reset_index(drop=True)
    flows = window["discharge_m3s"].to_numpy(dtype=float)
    start = int(np.argmin(flows))
    if flows[start:].max() > flows[start]:
        top = start + int(np.argmax(flows[start:]))  # risen since the low: this event's highest so far
    else:
        top = int(np.argmax(flows))  # falling to the lowest point now: the event is the one just passed
    return Peak(float(flows[top]), window["time_utc"].iloc[top].to_pydatetime())


def estimate_travel_time(
    upstream: pd.DataFrame,
    downstream: pd.DataFrame,
    max_lag: timedelta = timedelta(hours=120),
    min_correlation: float = 0.5,
) -> TravelTime | None:
    """Typical travel time from ``upstream`` to ``downstream`` by lagged cross-correlation.

    Both series are put on a common grid (hourly for 15-minute data, daily for daily data),
    differenced (so the shared seasonal level does not dominate the correlation), and the lag
    0…``max_lag`` with the highest Pearson correlation of ``upstream(t)`` and ``downstream(t+lag)``
    wins. None when the series overlap too little or the best correlation is below
    ``min_correlation`` (no credible relation, e.g. a reservoir in between decouples them).
    """
    up, down = _clean(upstream), _clean(downstream)
    if len(up) < 3 or len(down) < 3:
        return None
    step = max(_median_step(up), _median_step(down))
    step = timedelta(days=1) if step >= timedelta(hours=12) else timedelta(hours=1)
    freq = "1D" if step == timedelta(days=1) else "1h"
    up_grid = up.set_index("time_utc")["discharge_m3s"].resample(freq).mean()
    down_grid = down.set_index("time_utc")["discharge_m3s"].resample(freq).mean()
    grid = pd.concat([up_grid.rename("up"), down_grid.rename("down")], axis=1).interpolate(limit=3)
    changes = grid.diff()
    a, b = changes["up"].to_numpy(), changes["down"].to_numpy()
    max_steps = int(max_lag / step)
    best: tuple[float, int] | None = None
    for lag in range(0, min(max_steps, len(a) - 1) + 1):
        x = a[: len(a) - lag] if lag else a
        y = b[lag:]
        ok = np.isfinite(x) & np.isfinite(y)
        if ok.sum() < 10:  # too little overlap for a meaningful correlation
            continue
        xs, ys = x[ok], y[ok]
        if xs.std() == 0 or ys.std() == 0:
            continue
        r = float(np.corrcoef(xs, ys)[0, 1])
        if best is None or r > best[0]:
            best = (r, lag)
    if best is None or best[0] < min_correlation:
        return None
    step_hours = step.total_seconds() / 3600.0
    return TravelTime(hours=best[1] * step_hours, correlation=best[0], step_hours=step_hours)


def _median_step(frame: pd.DataFrame) -> timedelta:
    return pd.Series(frame["time_utc"]).diff().median().to_pytimedelta()


def travel_time_sentence(downstream_name: str, travel: TravelTime) -> str:
    """``"Vännäsby kan vänta sig denna ökning om cirka 14 timmar."`` (≥ 48 h in dygn).

    With daily series the lag is only known to the day, and the sentence says so ("inom ett dygn",
    "om cirka 1 dygn") rather than inventing hours.
    """
    hours = int(math.floor(travel.hours + 0.5))
    if travel.step_hours >= 24:
        days = int(math.floor(travel.hours / 24.0 + 0.5))
        if days == 0:
            return f"{downstream_name} kan vänta sig denna ökning inom ett dygn."
        return f"{downstream_name} kan vänta sig denna ökning om cirka {days} dygn."
    if hours >= 48:
        days = int(math.floor(travel.hours / 24.0 + 0.5))
        return f"{downstream_name} kan vänta sig denna ökning om cirka {days} dygn."
    if hours == 0:
        return f"{downstream_name} kan vänta sig denna ökning inom cirka en timme."
    if hours == 1:
        return f"{downstream_name} kan vänta sig denna ökning om cirka 1 timme."
    return f"{downstream_name} kan vänta sig denna ökning om cirka {hours} timmar."
