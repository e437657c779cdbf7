"""Hydrographs for the Flöden page (plotly only, no Streamlit).

Recent data in front — SMHI's 15-minute discharge (``latest-day``) and daily means
(``latest-months``) — with the corrected daily archive faded behind for longer ranges. Values whose
SMHI quality code is not G (controlled and approved) are marked with their own symbol, so a user
sees which figures are provisional. Times are drawn in Europe/Stockholm; hover texts are Swedish.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import plotly.graph_objects as go

from hydrology.figures import add_threshold_lines
from hydrology.formatting import format_flow_m3s
from hydrology.statistics import FlowStatistics
from language.sv import day_ticks, format_clock, format_date, month_ticks

STOCKHOLM = ZoneInfo("Europe/Stockholm")

#: URL value → (Swedish label, days shown).
HYDROGRAPH_RANGES: dict[str, tuple[str, int]] = {
    "7d": ("7 dygn", 7),
    "30d": ("30 dygn", 30),
    "90d": ("3 månader", 90),
    "1y": ("1 år", 365),
    "10y": ("10 år", 3650),
}
ARCHIVE_NEEDED_AFTER_DAYS = 90  # SMHI's latest-months period covers about four months
PALETTE = ("#0B4F8A", "#B5446E", "#2A7F62", "#8A5A00", "#5B3FA8", "#00707A")
# Plotly's own date words are English ("May"); the time is written in Swedish into customdata instead.
HOVER = "%{customdata}<extra>%{fullData.name}</extra>"


@dataclass(frozen=True)
class StationCurves:
    """One station's series for the hydrograph; frames may be None or empty.

    name : station name shown in the legend.
    discharge_15min, daily : ``time_utc`` (UTC), ``discharge_m3s`` [m³/s], ``quality``.
    archive : corrected archive, ``date`` (plain local date), ``discharge_m3s``, ``quality``.
    """

    name: str
    discharge_15min: pd.DataFrame | None = None
    daily: pd.DataFrame | None = None
    archive: pd.DataFrame | None = None


def _local(times: pd.Series) -> pd.Series:
    return pd.to_datetime(times, utc=True).dt.tz_convert(STOCKHOLM).dt.tz_localize(None)


def _quality_text(quality: pd.Series, source: str, times: pd.Series | None = None,
                  values: pd.Series | None = None) -> list[str]:
    """Hover text per point: ``"19 maj kl. 06.00<br><b>1 450 m³/s</b><br>SMHI 15 min, kvalitet G"``."""
    texts = []
    for i, q in enumerate(quality.fillna("?")):
        head = ""
        if times is not None:
            moment = pd.Timestamp(times.iloc[i])
            moment = moment.tz_localize(STOCKHOLM) if moment.tzinfo is None else moment
            head = f"{format_date(moment)} kl. {format_clock(moment)}<br>"
        if values is not None and pd.notna(values.iloc[i]):
            head += f"<b>{format_flow_m3s(float(values.iloc[i]))}</b><br>"
        texts.append(f"{head}{source}, kvalitet {q}")
    return texts


def _window(frame: pd.DataFrame | None, start_utc: datetime) -> pd.DataFrame | None:
    if frame is None or frame.empty:
        return None
    window = frame[frame["time_utc"] >= start_utc]
    return window if len(window) else None


def build_hydrograph(
    curves: list[StationCurves],
    range_key: str,
    now_utc: datetime,
    statistics: FlowStatistics | None = None,
) -> go.Figure:
    """Discharge over time for one or several stations.

    Parameters
    ----------
    curves : the stations to draw.
    range_key : a key of :data:`HYDROGRAPH_RANGES`.
    now_utc : the end of the window [UTC] (the scenario clock in exercise mode).
    statistics : thresholds to draw (MQ, MHQ, HQ10, HQ50, HQ100, record) — only for one station, as
        lines of different stations would mislead.
    """
    label, days = HYDROGRAPH_RANGES[range_key]
    start = now_utc - timedelta(days=days)
    fig = go.Figure()
    for index, curve in enumerate(curves):
        colour = PALETTE[index % len(PALETTE)]
        archive = curve.archive
        if days > ARCHIVE_NEEDED_AFTER_DAYS and archive is not None and not archive.empty:
            dates = pd.to_datetime(archive["date"])
            shown = archive[dates >= pd.Timestamp(start.astimezone(STOCKHOLM).date())]
            fig.add_trace(
                go.Scatter(
                    x=pd.to_datetime(shown["date"]), y=shown["discharge_m3s"], mode="lines",
                    name=f"{curve.name} – arkiv (dygn)", line={"color": colour, "width": 1},
                    opacity=0.45, customdata=_quality_text(shown["quality"], "SMHI korrigerat arkiv",
                                              pd.to_datetime(shown["date"]), shown["discharge_m3s"]),
                    hovertemplate=HOVER,
                )
            )
        for frame, kind, width in ((curve.daily, "dygnsmedel", 2), (curve.discharge_15min, "15 min", 1.5)):
            window = _window(frame, start)
            if window is None:
                continue
            fig.add_trace(
                go.Scatter(
                    x=_local(window["time_utc"]), y=window["discharge_m3s"], mode="lines",
                    name=f"{curve.name} – {kind}", line={"color": colour, "width": width},
                    customdata=_quality_text(window["quality"], f"SMHI {kind}", window["time_utc"],
                                              window["discharge_m3s"]),
                    hovertemplate=HOVER,
                )
            )
            provisional = window[window["quality"].fillna("?") != "G"]
            if len(provisional):
                fig.add_trace(
                    go.Scatter(
                        x=_local(provisional["time_utc"]), y=provisional["discharge_m3s"], mode="markers",
                        name=f"{curve.name} – ej slutgranskat ({kind})",
                        marker={"symbol": "x-thin", "size": 7, "color": colour, "line": {"width": 1.5, "color": colour}},
                        customdata=_quality_text(provisional["quality"], f"SMHI {kind}", provisional["time_utc"],
                                                  provisional["discharge_m3s"]),
                        hovertemplate=HOVER,
                        showlegend=True,
                    )
                )
    if len(curves) == 1:
        add_threshold_lines(fig, statistics)
    fig.update_layout(
        title=f"Vattenföring, senaste {label} (svensk tid)"
        + (f" – {statistics.caveat_sv}" if len(curves) == 1 and statistics is not None and statistics.caveat_sv else ""),
        yaxis_title="Vattenföring [m³/s]",
        xaxis_title=None,
        separators=", ",
        hovermode="closest",
        legend={"orientation": "h", "y": -0.15},
        margin={"l": 60, "r": 20, "t": 50, "b": 40},
        height=480,
    )
    local_start = start.astimezone(STOCKHOLM).replace(tzinfo=None)
    local_end = now_utc.astimezone(STOCKHOLM).replace(tzinfo=None)
    fig.update_xaxes(range=[local_start, local_end])
    apply_swedish_time_axis(fig, local_start, local_end)
    return fig


def apply_swedish_time_axis(fig: go.Figure, start_local: datetime, end_local: datetime, max_ticks: int = 8) -> None:
    """Tick labels in Swedish on a time axis in Stockholm wall-clock time: ``"19 maj"`` per day up to
    two months, ``"maj"`` per month beyond (plotly would write "May 19")."""
    if (end_local - start_local).days <= 62:
        values, texts = day_ticks(start_local, end_local, max_ticks=max_ticks)
    else:
        values, texts = month_ticks(start_local, end_local)
        if len(values) > 14:  # ten years: one tick a year
            values = [v for v in values if v.month == 1]
            texts = [str(v.year) for v in values]
    fig.update_xaxes(tickvals=list(values), ticktext=list(texts))


def build_week_hydrograph(
    frame: pd.DataFrame | None, now_utc: datetime, statistics: FlowStatistics | None = None, days: int = 7,
    height: int = 150,
) -> go.Figure:
    """A small hydrograph of one station's last ``days`` days for Läget: the line, its MHQ (dashed) and
    Swedish day ticks; no title or legend (the card says which station and where the data come from).

    ``frame``: ``time_utc`` [UTC], ``discharge_m3s`` [m³/s] (15-minute or daily values).
    """
    start = now_utc - timedelta(days=days)
    fig = go.Figure()
    window = _window(frame, start)
    if window is not None:
        fig.add_trace(go.Scatter(
            x=_local(window["time_utc"]), y=window["discharge_m3s"], mode="lines", name="Vattenföring",
            line={"color": PALETTE[0], "width": 2.5},
            customdata=_quality_text(window["quality"] if "quality" in window else pd.Series(["?"] * len(window)),
                                     "SMHI", window["time_utc"], window["discharge_m3s"]),
            hovertemplate=HOVER,
        ))
    if statistics is not None and pd.notna(statistics.mhq_m3s):
        fig.add_hline(y=statistics.mhq_m3s, line={"color": "#1F5FA8", "dash": "dash", "width": 1},
                      annotation={"text": f"MHQ {format_flow_m3s(statistics.mhq_m3s)}", "font": {"size": 11}},
                      annotation_position="top left")
    local_start = start.astimezone(STOCKHOLM).replace(tzinfo=None)
    local_end = now_utc.astimezone(STOCKHOLM).replace(tzinfo=None)
    fig.update_xaxes(range=[local_start, local_end], showgrid=False)
    apply_swedish_time_axis(fig, local_start, local_end, max_ticks=4)
    fig.update_yaxes(title=None, rangemode="tozero", tickformat=",.0f", nticks=4)
    fig.update_layout(height=height, margin={"l": 44, "r": 8, "t": 6, "b": 24}, showlegend=False,
                      separators=", ", plot_bgcolor="white", hovermode="x")
    return fig
