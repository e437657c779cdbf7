"""The älvschema on a page: one river from the mountains to the sea (figure: :mod:`hydrology.schematic`).

Laying out a schema's labels is most of a meeting-screen refresh, and every screen shows the same
rivers with the same data: the figure is built once per content (river, stations' values and statuses,
owners' plants, the wave, size) and the same figure object is handed to every session that shows it.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from hydrology.schematic import LEGEND_SV, WaveOverlay, build_schematic_figure

#: No plotly toolbar on a shared screen: nothing to zoom, nothing to download by mistake.
CHART_CONFIG = {"displayModeBar": False, "staticPlot": False}


def frame_content(frame: pd.DataFrame | None) -> tuple | None:
    """What a frame holds, as a hashable value (columns and the values' hash, row by row)."""
    if frame is None:
        return None
    return tuple(frame.columns), pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()


def stations_content(stations: pd.DataFrame) -> tuple | None:
    """What a schema shows of ``stations``, as a hashable value: all but the ages (the schema draws none,
    so a new minute is the same schema)."""
    return frame_content(stations.drop(columns=["age_min"], errors="ignore"))


@st.cache_resource(show_spinner=False, max_entries=64)
def _shared_figure(content: tuple, river: str, _stations: pd.DataFrame, compact: bool, height: int | None,
                   _wave: WaveOverlay | None, _plants: pd.DataFrame | None) -> go.Figure:
    return build_schematic_figure(river, _stations, compact=compact, height=height, wave=_wave, plants=_plants)


def render_alvschema(
    river: str,
    stations: pd.DataFrame,
    *,
    key: str,
    compact: bool = False,
    height: int | None = None,
    wave: WaveOverlay | None = None,
    plants: pd.DataFrame | None = None,
) -> None:
    """Draw ``river``'s schema with its stations' status and values (see :func:`build_schematic_figure`).

    The figure is shared by every session showing the same content (do not change it)."""
    content = (stations_content(stations), frame_content(plants), None if wave is None else (wave.dam, wave.reached_km, wave.label))
    figure = _shared_figure(content, river, stations, compact, height, wave, plants)
    st.plotly_chart(figure, width="stretch", key=key, config=CHART_CONFIG)


def render_alvschema_legend() -> None:
    """The schema's key in words, once per page."""
    st.caption(LEGEND_SV)
