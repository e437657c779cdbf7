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
from hydrology.statistics import FlowStatistics

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
HOVER = "%{x|%d %b %Y %H:%M}<br><b>%{y:,.0f} m³/s</b><br>%{customdata}<extra>%{fullData.name}</extra>"


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


def _quality_text(quality: pd.Series, source: str) -> list[str]:
    return [f"{source}, kvalitet {q}" for q in quality.fillna("?")]


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
                    opacity=0.45, customdata=_quality_text(shown["quality"], "SMHI korrigerat arkiv"),
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
                    customdata=_quality_text(window["quality"], f"SMHI {kind}"), hovertemplate=HOVER,
                )
            )
            provisional = window[window["quality"].fillna("?") != "G"]
            if len(provisional):
                fig.add_trace(
                    go.Scatter(
                        x=_local(provisional["time_utc"]), y=provisional["discharge_m3s"], mode="markers",
                        name=f"{curve.name} – ej slutgranskat ({kind})",
                        marker={"symbol": "x-thin", "size": 7, "color": colour, "line": {"width": 1.5, "color": colour}},
                        customdata=_quality_text(provisional["quality"], f"SMHI {kind}"), hovertemplate=HOVER,
                        showlegend=True,
                    )
                )
    if len(curves) == 1:
        add_threshold_lines(fig, statistics)
    fig.update_layout(
        title=f"Vattenföring, senaste {label} (svensk tid)",
        yaxis_title="Vattenföring [m³/s]",
        xaxis_title=None,
        separators=", ",
        hovermode="closest",
        legend={"orientation": "h", "y": -0.15},
        margin={"l": 60, "r": 20, "t": 50, "b": 40},
        height=480,
    )
    fig.update_xaxes(range=[start.astimezone(STOCKHOLM).replace(tzinfo=None), now_utc.astimezone(STOCKHOLM).replace(tzinfo=None)])
    return fig
