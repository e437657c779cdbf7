"""Karta's overview map, built once per content and shared by every session that shows the same map.

Building the map figure (rivers, kommuner, län, stations, 57 dams with their neighbouring stations, the
owners' reports) was about half of a Karta rerun, and every viewer with the same choices sees the same
figure. The figure is keyed by what it shows: the rivers and layers chosen, the owners, the stations'
values, statuses and measured-time texts (a hash of their frame), each dam's neighbour text and the
owners' report markers (their plotly JSON) — so a new value, status, report or minute of age builds a
new figure, and nothing else does. The map layers themselves never change while the server runs.

Picking each dam's upstream and downstream station rows is shared the same way (keyed by the stations'
content; the geometry behind it already was, per set of positions).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from geodata.downstream import stations_around_dams
from geodata.map_figure import build_map_figure
from pages._shared.alvschema import frame_content


@st.cache_resource(show_spinner=False, max_entries=16)
def _shared_around(content: tuple, dam_names: tuple[str, ...], _stations: pd.DataFrame) -> dict:
    return stations_around_dams(dam_names, _stations)


def shared_stations_around_dams(dam_names: Sequence[str], stations: pd.DataFrame) -> dict:
    """:func:`geodata.downstream.stations_around_dams`, once per stations' content (shared; do not change it)."""
    return _shared_around(frame_content(stations), tuple(dam_names), stations)


@st.cache_resource(show_spinner=False, max_entries=16)
def _shared_map(key: tuple, _layers, systems: tuple[str, ...], show: tuple[str, ...], owners: tuple[str, ...],
                _stations: pd.DataFrame, _neighbours: dict[str, str], background: bool,
                _owner_traces: Sequence[go.Scattermap]) -> go.Figure:
    figure = build_map_figure(_layers, systems, show=list(show), owners=list(owners), stations=_stations,
                              dam_neighbours=_neighbours, background=background)
    for trace in _owner_traces:
        figure.add_trace(trace)
    return figure


def shared_map_figure(layers, systems: Sequence[str], *, show: Sequence[str], owners: Sequence[str],  # type: ignore[no-untyped-def]
                      stations: pd.DataFrame, dam_neighbours: dict[str, str], background: bool,
                      owner_traces: Sequence[go.Scattermap]) -> go.Figure:
    """:func:`geodata.map_figure.build_map_figure` with the owners' report markers on top, built once per
    content (see the module docstring) and shared: the caller must not change the figure."""
    key = (
        frame_content(stations),
        tuple(sorted(dam_neighbours.items())),
        json.dumps([trace.to_plotly_json() for trace in owner_traces], sort_keys=True, default=str),
    )
    return _shared_map(key, layers, tuple(systems), tuple(show), tuple(owners), stations, dam_neighbours,
                       background, tuple(owner_traces))
