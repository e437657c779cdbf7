"""MQ, MLQ, MHQ, record and return periods on small synthetic archives computed by hand."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from hydrology.frequency import METHOD_GEV, METHOD_GUMBEL, METHOD_NONE
from hydrology.statistics import (
    FlowStatistics,
    StatisticsError,
    compute_station_statistics,
    compute_statistics,
    hash_archive,
    statistics_frame,
)
from tests.hydrology.synthetic import gumbel_archive, yearly_archive

YEARS = list(range(2001, 2013))  # 12 years: Gumbel, not GEV


def test_mq_mhq_mlq_record_by_hand():
    peaks = {y: 500.0 + 10 * i for i, y in enumerate(YEARS)}
    lows = {y: 50.0 + i for i, y in enumerate(YEARS)}
    stats = compute_station_statistics("2236", yearly_archive(YEARS, peaks=peaks, lows=lows))

    days = sum(366 if y % 4 == 0 else 365 for y in YEARS)
    total = 100.0 * (days - 2 * len(YEARS)) + sum(peaks.values()) + sum(lows.values())
    assert stats.mq_m3s == pytest.approx(total / days)
    assert stats.mhq_m3s == pytest.approx(sum(peaks.values()) / 12)  # 555
    assert stats.mlq_m3s == pytest.approx(sum(lows.values()) / 12)  # 55.5
    assert stats.record_m3s == 610.0
    assert stats.record_date == date(2012, 6, 1)
    assert (stats.n_years, stats.first_year, stats.last_year, stats.n_days) == (12, 2001, 2012, days)
    assert stats.method == METHOD_GUMBEL
    assert sorted(stats.return_period_flows_m3s) == [2, 5, 10, 25, 50, 100]


def test_incomplete_years_are_left_out_but_the_record_is_kept():
    peaks = {y: 500.0 for y in YEARS} | {2004: 900.0, 2006: 950.0}
    archive = yearly_archive(
        YEARS,
        peaks=peaks,
        drop=[
            (date(2004, 9, 1), date(2004, 10, 20)),  # 50 days missing: 316 valid days
            (date(2006, 6, 2), date(2006, 6, 30)),  # 29 days of the flood season missing (336 valid)
        ],
    )
    stats = compute_station_statistics("2236", archive)
    assert stats.n_years == 10
    assert stats.mhq_m3s == pytest.approx(500.0)
    assert stats.record_m3s == 950.0
    assert stats.record_date == date(2006, 6, 1)


def test_missing_values_as_nan_count_as_missing_days():
    archive = yearly_archive(YEARS)
    archive.loc[archive["date"].between(date(2003, 1, 1), date(2003, 2, 10)), "discharge_m3s"] = math.nan
    assert compute_station_statistics("1", archive).n_years == 11


def test_properties_on_a_century_of_data():
    stats = compute_station_statistics("2236", gumbel_archive(100, seed=11))
    assert stats.method == METHOD_GEV
    flows = [stats.hq(t) for t in (100, 50, 25, 10, 5, 2)]
    assert all(a >= b for a, b in zip(flows, flows[1:], strict=False))
    assert flows[-1] >= stats.mq_m3s
    assert stats.mhq_m3s > stats.mq_m3s > stats.mlq_m3s


def test_constant_annual_maxima_say_insufficient_basis():
    stats = compute_station_statistics("1", yearly_archive(list(range(1971, 2021)), peaks={}))
    assert stats.method == METHOD_NONE
    assert stats.return_period_flows_m3s == {}
    assert stats.hq(10) is None
    assert stats.method_note == "Årsmaxima saknar spridning (samma värde varje år); ingen frekvensanalys möjlig."
    assert stats.mq_m3s == pytest.approx(100.0)


def test_all_stations_at_once_equal_one_by_one_and_any_date_dtype():
    a = gumbel_archive(40, seed=1)
    b = gumbel_archive(15, seed=2, mq=90.0)
    c = b.assign(date=pd.to_datetime(b["date"]))  # datetime64 dates instead of date objects
    together = compute_statistics({"a": a, "b": b, "c": c})
    assert together["a"] == compute_station_statistics("a", a)
    assert together["b"] == compute_station_statistics("b", b)
    assert together["c"].return_period_flows_m3s == together["b"].return_period_flows_m3s
    assert list(together) == ["a", "b", "c"]


def test_unsorted_archive_is_sorted_and_duplicate_dates_refused():
    archive = yearly_archive(YEARS, peaks={2005: 700.0})
    shuffled = archive.sample(frac=1.0, random_state=0)
    assert compute_station_statistics("1", shuffled).mq_m3s == pytest.approx(
        compute_station_statistics("1", archive).mq_m3s
    )
    doubled = pd.concat([archive, archive.iloc[[10]]])
    with pytest.raises(StatisticsError, match="station 1: the archive has the same date more than once"):
        compute_station_statistics("1", doubled)


def test_missing_column_is_a_typed_error():
    with pytest.raises(StatisticsError, match=r"station 9: archive frame lacks columns \['quality'\]"):
        compute_station_statistics("9", pd.DataFrame({"date": [], "discharge_m3s": []}))


def test_empty_archive_gives_nan_and_no_years():
    empty = pd.DataFrame({"date": pd.Series([], dtype="datetime64[s]"), "discharge_m3s": [], "quality": []})
    stats = compute_station_statistics("5", empty)
    assert math.isnan(stats.mq_m3s) and stats.n_years == 0 and stats.record_date is None
    assert stats.method == METHOD_NONE


def test_dict_round_trip_and_frame():
    stats = compute_station_statistics("2236", gumbel_archive(30, seed=5))
    assert FlowStatistics.from_dict(stats.to_dict()) == stats
    frame = statistics_frame({"2236": stats})
    assert list(frame.columns) == [
        "station_id", "mq_m3s", "mlq_m3s", "mhq_m3s", "record_m3s", "record_date",
        "hq2_m3s", "hq5_m3s", "hq10_m3s", "hq25_m3s", "hq50_m3s", "hq100_m3s", "method", "n_years",
    ]  # fmt: skip
    assert frame.loc[0, "hq10_m3s"] == stats.hq(10)


def test_hash_changes_with_content():
    archive = yearly_archive(YEARS)
    changed = archive.copy()
    changed.loc[5, "quality"] = "Y"
    assert hash_archive(archive) == hash_archive(archive.copy())
    assert hash_archive(archive) != hash_archive(changed)


def test_short_archive_gives_mq_and_mhq_marked_uncertain_and_no_hq_values():
    from sources.exercise.scenarios import synthetic_archive

    short = compute_station_statistics("2133", synthetic_archive("2133", 485.0, 1700.0, 0.3, date(2025, 12, 31), years=3))
    assert short.n_years == 3 and short.caveat_sv == "osäker statistik (3 år)"
    assert np.isfinite(short.mq_m3s) and np.isfinite(short.mhq_m3s)
    assert short.return_period_flows_m3s == {} and short.hq(10) is None
    long = compute_station_statistics("2133", synthetic_archive("2133", 485.0, 1700.0, 0.3, date(2025, 12, 31), years=10))
    assert long.n_years == 10 and long.caveat_sv == "" and long.hq(10) is not None
