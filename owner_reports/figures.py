"""Owner reports in the hydrograph: each plant's reported discharge beside SMHI's series, and its
planned discharge as a dashed continuation (plotly only, no Streamlit).

x values are naive Europe/Stockholm times, as :mod:`hydrology.hydrograph` draws them.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime

import plotly.graph_objects as go

from language.sv import format_age, format_when, to_local
from owner_reports.model import OwnerReport

#: Owner series colours, apart from the SMHI palette so the two sources never share a colour.
OWNER_PALETTE = ("#C2410C", "#7C3AED", "#0F766E", "#A16207")
HOVER = "%{x|%d %b %Y %H.%M}<br><b>%{y:,.0f} m³/s</b><br>%{customdata}<extra>%{fullData.name}</extra>"


def _local(moment: datetime) -> datetime:
    return to_local(moment).replace(tzinfo=None)


def add_owner_traces(figure: go.Figure, history: Sequence[OwnerReport], now: datetime, index: int = 0) -> go.Figure:
    """Draw one plant's reports (``history``, any order) and its newest report's plan on ``figure``.

    The legend names plant, owner and the newest report's time and age ("Stornorrfors – Vattenfall AB
    (ägarrapport kl. 14.00, 2 timmar gammal)"); the plan is dashed and continues from the newest
    report. The x-axis is widened to show the plan.
    """
    if not history:
        return figure
    reports = sorted(history, key=lambda r: (r.reported_at, r.id))
    newest = reports[-1]
    # Plotly reads names and hover text as a little HTML: the typed organisation is escaped.
    owner = html.escape(newest.organisation)
    colour = OWNER_PALETTE[index % len(OWNER_PALETTE)]
    mark = "ÖVNING: " if newest.is_exercise else ""
    label = (
        f"{mark}{newest.plant} – {owner} (ägarrapport {format_when(newest.reported_at, now)}, "
        f"{format_age(newest.age(now))} gammal)"
    )
    figure.add_trace(
        go.Scatter(
            x=[_local(r.reported_at) for r in reports], y=[r.total_m3s for r in reports], mode="lines+markers",
            name=label, line={"color": colour, "width": 2}, marker={"symbol": "diamond", "size": 8},
            customdata=[f"{mark}enligt {html.escape(r.organisation)}, rapport {format_when(r.reported_at, now)}" for r in reports],
            hovertemplate=HOVER,
        )
    )
    if newest.planned:
        points = [(newest.reported_at, newest.total_m3s)] + [(p.time_utc, p.discharge_m3s) for p in newest.planned]
        figure.add_trace(
            go.Scatter(
                x=[_local(t) for t, _ in points], y=[v for _, v in points], mode="lines+markers",
                name=f"{mark}{newest.plant} – planerad tappning enligt {owner}",
                line={"color": colour, "width": 2, "dash": "dash"}, marker={"size": 5},
                customdata=[f"{mark}plan i rapporten {format_when(newest.reported_at, now)}"] * len(points),
                hovertemplate=HOVER,
            )
        )
        start = figure.layout.xaxis.range[0] if figure.layout.xaxis.range else None
        end = max(_local(newest.planned[-1].time_utc), _local(now))
        figure.update_xaxes(range=[start, end] if start is not None else None)
    return figure
