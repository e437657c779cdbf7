"""Threshold lines for hydrographs (plotly only, no Streamlit): MQ, MHQ, HQ10, HQ50, HQ100, record.

Usage on the Flöden page::

    fig = px.line(series, x="time_utc", y="discharge_m3s")
    add_threshold_lines(fig, statistics["2238"])

Each line is a dashed horizontal shape with a Swedish label at the right edge naming the
threshold and its value (``"HQ10 1 700 m³/s"``), coloured like the status band it starts, so the
same colour means the same thing on every page.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from hydrology.formatting import format_flow_m3s
from hydrology.statistics import FlowStatistics
from hydrology.status import COLOURS

#: (label, colour, line dash) per threshold, lowest first.
THRESHOLD_STYLE: dict[str, tuple[str, str, str]] = {
    "mq": ("MQ", COLOURS["normal"], "dot"),
    "mhq": ("MHQ", COLOURS["over_mhq"], "dash"),
    "hq10": ("HQ10", COLOURS["gul"], "dash"),
    "hq50": ("HQ50", COLOURS["röd"], "dash"),
    "hq100": ("HQ100", COLOURS["röd"], "longdash"),
    "record": ("Högsta uppmätta", "#4A4A4A", "dashdot"),
}


def threshold_values(stats: FlowStatistics) -> dict[str, float]:
    """The thresholds that exist for a station [m³/s], keyed as in :data:`THRESHOLD_STYLE`."""
    values = {
        "mq": stats.mq_m3s,
        "mhq": stats.mhq_m3s,
        "hq10": stats.hq(10),
        "hq50": stats.hq(50),
        "hq100": stats.hq(100),
        "record": stats.record_m3s,
    }
    return {key: float(v) for key, v in values.items() if v is not None and math.isfinite(v)}


def add_threshold_lines(fig: go.Figure, stats: FlowStatistics | None, row: int | None = None,
                        col: int | None = None) -> go.Figure:  # fmt: skip
    """Add horizontal threshold lines to a discharge figure (y axis in m³/s); returns ``fig``.

    Parameters
    ----------
    fig : a plotly figure whose y axis is discharge [m³/s].
    stats : the station's statistics; None adds nothing (the figure is still valid).
    row, col : subplot position, for figures made with ``make_subplots``.
    """
    if stats is None:
        return fig
    for key, value in threshold_values(stats).items():
        label, colour, dash = THRESHOLD_STYLE[key]
        text = f"{label} {format_flow_m3s(value)}"
        if key == "record" and stats.record_date is not None:
            text += f" ({stats.record_date.isoformat()})"
        kwargs = {"row": row, "col": col} if row is not None else {}
        fig.add_hline(
            y=value,
            line={"color": colour, "dash": dash, "width": 1.5},
            annotation={"text": text, "font": {"color": colour, "size": 12}, "bgcolor": "rgba(255,255,255,0.8)"},
            annotation_position="top right",
            name=label,
            **kwargs,
        )
    return fig
