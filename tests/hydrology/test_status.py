"""Status bands at their edges, mapped to SMHI's warning levels."""

from __future__ import annotations

import math

import pytest

from hydrology.statistics import FlowStatistics
from hydrology.status import (
    ALL_STATUSES,
    BAND_RETURN_PERIODS,
    NORMAL,
    OVER_MHQ,
    UNDER_MQ,
    UNKNOWN,
    WARNING_LEVEL_BANDS,
    classify_flow,
    status_by_key,
    worst_status,
)

STATS = FlowStatistics(
    station_id="2236",
    mq_m3s=435.0,
    mlq_m3s=120.0,
    mhq_m3s=1300.0,
    record_m3s=2860.0,
    record_date=None,
    return_period_flows_m3s={2: 1250.0, 5: 1500.0, 10: 1700.0, 25: 1950.0, 50: 2150.0, 100: 2350.0},
    method="GEV (L-moment)",
    n_years=100,
)


@pytest.mark.parametrize(
    ("flow", "label", "symbol", "level"),
    [
        (434.9, "Under MQ", "▽", None),
        (435.0, "Normalt", "●", None),
        (1299.9, "Normalt", "●", None),
        (1300.0, "Över MHQ", "▲", None),
        (1499.0, "Över MHQ", "▲", None),
        (1500.0, "≥ 5-årsflöde", "⚠", "gul"),
        (1700.0, "≥ 10-årsflöde", "⚠", "gul"),
        (1949.9, "≥ 10-årsflöde", "⚠", "gul"),
        (1950.0, "≥ 25-årsflöde", "⚠⚠", "orange"),
        (2150.0, "≥ 50-årsflöde", "◆", "röd"),
        (2350.0, "≥ 100-årsflöde", "◆", "röd"),
        (9999.0, "≥ 100-årsflöde", "◆", "röd"),
    ],
)
def test_band_edges(flow, label, symbol, level):
    status = classify_flow(flow, STATS)
    assert (status.label_sv, status.symbol, status.warning_level) == (label, symbol, level)
    assert status.text == f"{symbol} {label}"


def test_unknown_without_value_or_statistics():
    assert classify_flow(None, STATS) is UNKNOWN
    assert classify_flow(math.nan, STATS) is UNKNOWN
    assert classify_flow(500.0, None) is UNKNOWN
    no_mq = FlowStatistics("1", math.nan, math.nan, math.nan, math.nan, None)
    assert classify_flow(500.0, no_mq).label_sv == "Okänd"


def test_without_return_periods_the_top_band_is_over_mhq():
    short = FlowStatistics("1", 100.0, 20.0, 300.0, 400.0, None, {}, "otillräckligt underlag")
    assert classify_flow(5000.0, short) is OVER_MHQ
    assert classify_flow(99.0, short) is UNDER_MQ


def test_worst_and_ranks_are_ordered():
    assert [s.rank for s in ALL_STATUSES] == list(range(-1, 8))
    assert worst_status([NORMAL, classify_flow(1960.0, STATS), UNDER_MQ]).label_sv == "≥ 25-årsflöde"
    assert worst_status([]) is UNKNOWN
    assert status_by_key("hq50").label_sv == "≥ 50-årsflöde"
    with pytest.raises(KeyError):
        status_by_key("nope")


def test_warning_band_table_is_contiguous():
    bounds = [(b["from_years"], b["to_years"]) for b in WARNING_LEVEL_BANDS]
    assert bounds == [(5, 25), (25, 50), (50, None)]
    colours = {s.colour for s in ALL_STATUSES}
    assert len(colours) == 7  # unknown, under MQ, normal, over MHQ, gul, orange, röd


def test_english_words_for_every_status():
    assert [(s.label_sv, s.label_en) for s in ALL_STATUSES] == [
        ("Okänd", "unknown"),
        ("Under MQ", "below mean flow (MQ)"),
        ("Normalt", "normal"),
        ("Över MHQ", "above mean annual high flow (MHQ)"),
        ("≥ 5-årsflöde", "at or above a 5-year flow"),
        ("≥ 10-årsflöde", "at or above a 10-year flow"),
        ("≥ 25-årsflöde", "at or above a 25-year flow"),
        ("≥ 50-årsflöde", "at or above a 50-year flow"),
        ("≥ 100-årsflöde", "at or above a 100-year flow"),
    ]
    assert BAND_RETURN_PERIODS == (5, 10, 25, 50, 100)
    assert classify_flow(1700.0, STATS).label_en == "at or above a 10-year flow"
