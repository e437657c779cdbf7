"""The älvschema on a page: one river from the mountains to the sea (figure: :mod:`hydrology.schematic`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from hydrology.schematic import LEGEND_SV, WaveOverlay, build_schematic_figure

#: No plotly toolbar on a shared screen: nothing to zoom, nothing to download by mistake.
CHART_CONFIG = {"displayModeBar": False, "staticPlot": False}


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
    """Draw ``river``'s schema with its stations' status and values (see :func:`build_schematic_figure`)."""
    figure = build_schematic_figure(river, stations, compact=compact, height=height, wave=wave, plants=plants)
    st.plotly_chart(figure, width="stretch", key=key, config=CHART_CONFIG)


def render_alvschema_legend() -> None:
    """The schema's key in words, once per page."""
    st.caption(LEGEND_SV)
