"""Benchmark: statistics for every station at once (the app's way) vs a plain per-station loop.

Synthetic corrected archives as long as SMHI's (about 100 years of daily values) for 40 stations,
with python ``date`` objects in the ``date`` column as the archive parser gives them. The naive
baseline is what one would write first: per station, pandas groupby by year, filter complete
years, then L-moments and the fit in plain Python. Both must agree; the app's way must take < 1 s.

Run: ``.venv/bin/python bench/statistics.py``. The last line is one JSON object.
"""

from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hydrology.frequency import MIN_YEARS, MIN_YEARS_GEV, RETURN_PERIODS_YEARS  # noqa: E402
from hydrology.statistics import MIN_FLOOD_SEASON_DAYS, MIN_VALID_DAYS, compute_statistics  # noqa: E402

STATIONS = 40
FIRST_YEAR, LAST_YEAR = 1925, 2024


def synthetic_archives() -> dict[str, pd.DataFrame]:
    """Spring-flood hydrographs with Gumbel-distributed peaks, a few gaps, per station."""
    rng = np.random.default_rng(2024)
    days = pd.date_range(f"{FIRST_YEAR}-01-01", f"{LAST_YEAR}-12-31", freq="D")
    doy = days.day_of_year.to_numpy()
    year_index = days.year.to_numpy() - FIRST_YEAR
    n_years = LAST_YEAR - FIRST_YEAR + 1
    archives = {}
    for i in range(STATIONS):
        mq = rng.uniform(20, 600)
        peaks = rng.gumbel(3 * mq, 0.6 * mq, n_years)[year_index]
        flow = 0.5 * mq + (peaks - 0.5 * mq) * np.exp(-(((doy - 160) / 18.0) ** 2))
        flow = flow * rng.lognormal(0, 0.05, len(days))
        gaps = rng.random(len(days)) < 0.004
        flow[gaps] = np.nan
        archives[str(2000 + i)] = pd.DataFrame({"date": days.date, "discharge_m3s": flow, "quality": "G"})
    return archives


def naive_station(frame: pd.DataFrame) -> dict:
    """Plain per-station pandas + Python, the baseline."""
    data = frame.dropna(subset=["discharge_m3s"]).copy()
    data["year"] = [d.year for d in data["date"]]
    data["flood"] = [d.month in (5, 6, 7) for d in data["date"]]
    per_year = data.groupby("year").agg(
        n=("discharge_m3s", "size"), total=("discharge_m3s", "sum"), qmax=("discharge_m3s", "max"),
        qmin=("discharge_m3s", "min"), n_flood=("flood", "sum"),
    )  # fmt: skip
    complete = per_year[(per_year["n"] >= MIN_VALID_DAYS) & (per_year["n_flood"] >= MIN_FLOOD_SEASON_DAYS)]
    maxima = sorted(complete["qmax"].tolist())
    n = len(maxima)
    b0 = sum(maxima) / n
    b1 = sum(j / (n - 1) * x for j, x in enumerate(maxima)) / n
    b2 = sum(j * (j - 1) / ((n - 1) * (n - 2)) * x for j, x in enumerate(maxima)) / n
    l1, l2, l3 = b0, 2 * b1 - b0, 6 * b2 - 6 * b1 + b0
    t3 = l3 / l2
    quantiles = {}
    c = 2 / (3 + t3) - math.log(2) / math.log(3)
    k = 7.8590 * c + 2.9554 * c * c
    use_gev = n >= MIN_YEARS_GEV and abs(k) < 0.5 and n >= MIN_YEARS
    for period in RETURN_PERIODS_YEARS:
        y = -math.log(1 - 1 / period)
        if use_gev:
            alpha = l2 * k / ((1 - 2**-k) * math.gamma(1 + k))
            xi = l1 - alpha * (1 - math.gamma(1 + k)) / k
            quantiles[period] = xi + alpha / k * (1 - y**k)
        else:
            alpha = l2 / math.log(2)
            quantiles[period] = l1 - 0.5772156649015329 * alpha - alpha * math.log(y)
    return {
        "mq": complete["total"].sum() / complete["n"].sum(),
        "mhq": complete["qmax"].mean(),
        "mlq": complete["qmin"].mean(),
        "record": data["discharge_m3s"].max(),
        "quantiles": quantiles,
    }


def main() -> None:
    archives = synthetic_archives()
    # Warm both paths up on two stations so one-off import and allocation costs are not timed.
    warm = dict(list(archives.items())[:2])
    compute_statistics(warm)
    for frame in warm.values():
        naive_station(frame)

    start = time.perf_counter()
    fast = compute_statistics(archives)
    all_stations_s = time.perf_counter() - start

    start = time.perf_counter()
    naive = {station_id: naive_station(frame) for station_id, frame in archives.items()}
    naive_s = time.perf_counter() - start

    for station_id, expected in naive.items():
        got = fast[station_id]
        assert math.isclose(got.mq_m3s, expected["mq"], rel_tol=1e-9), station_id
        assert math.isclose(got.mhq_m3s, expected["mhq"], rel_tol=1e-9), station_id
        assert math.isclose(got.record_m3s, expected["record"], rel_tol=1e-12), station_id
        for period, value in expected["quantiles"].items():
            assert math.isclose(got.hq(period), value, rel_tol=1e-9), (station_id, period)

    print(f"{STATIONS} stations × {LAST_YEAR - FIRST_YEAR + 1} years: all at once {all_stations_s:.3f} s, "
          f"per-station loop {naive_s:.3f} s (same results)")  # fmt: skip
    print(json.dumps({
        "stations": STATIONS,
        "years": LAST_YEAR - FIRST_YEAR + 1,
        "all_stations_s": round(all_stations_s, 4),
        "naive_s": round(naive_s, 4),
        "ratio": round(naive_s / all_stations_s, 1),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
