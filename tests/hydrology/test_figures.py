"""Threshold lines on a hydrograph, checked through the figure's JSON."""

from __future__ import annotations

import json
import math
from datetime import date

import plotly.graph_objects as go

from hydrology.figures import add_threshold_lines
from hydrology.statistics import FlowStatistics
from tests.hydrology.test_status import STATS


def _figure() -> go.Figure:
    return go.Figure(go.Scatter(x=["2026-05-01", "2026-05-02"], y=[900.0, 1200.0]))


def test_six_lines_with_swedish_labels_and_values():
    stats = FlowStatistics(**{**STATS.__dict__, "record_date": date(1938, 6, 14)})
    spec = json.loads(add_threshold_lines(_figure(), stats).to_json())
    assert [shape["y0"] for shape in spec["layout"]["shapes"]] == [435.0, 1300.0, 1700.0, 2150.0, 2350.0, 2860.0]
    assert [a["text"] for a in spec["layout"]["annotations"]] == [
        "MQ 435 m³/s",
        "MHQ 1\u00a0300 m³/s",
        "HQ10 1\u00a0700 m³/s",
        "HQ50 2\u00a0150 m³/s",
        "HQ100 2\u00a0350 m³/s",
        "Högsta uppmätta 2\u00a0860 m³/s (1938-06-14)",
    ]
    assert spec["layout"]["shapes"][2]["line"]["color"] == "#F2C200"


def test_missing_thresholds_are_left_out_and_none_adds_nothing():
    short = FlowStatistics("1", 100.0, 20.0, 300.0, math.nan, None, {}, "otillräckligt underlag")
    spec = json.loads(add_threshold_lines(_figure(), short).to_json())
    assert [a["text"] for a in spec["layout"]["annotations"]] == ["MQ 100 m³/s", "MHQ 300 m³/s"]
    assert "shapes" not in json.loads(add_threshold_lines(_figure(), None).to_json())["layout"]
