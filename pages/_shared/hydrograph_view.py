"""Flöden's hydrograph, built once per content and shared by every session showing the same chart.

Building the chart (curves, threshold lines, Swedish time axis, the owners' series) was most of a
Flöden rerun. It is keyed by what it shows: the stations and period chosen, the minute of the data clock
(its right edge), the data objects behind it (the loaders hand out the same objects until the data change,
so their identities name the data; they are kept with the figure, so no newer object takes an identity
while the entry lives) and, with owner plants drawn, the owners' change counter (any stored report, on
any server, draws anew: :mod:`sharing.live_updates`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import plotly.graph_objects as go
import streamlit as st

from hydrology.hydrograph import HYDROGRAPH_RANGES, StationCurves, build_hydrograph
from hydrology.statistics import FlowStatistics
from pages._shared.loaders import load_archive
from pages._shared.owner_panel import add_owner_series
from settings import load_settings
from sharing.live_updates import versions


@st.cache_resource(show_spinner=False, max_entries=32)
def _shared_hydrograph(key: tuple, _observations, _statistics: dict[str, FlowStatistics], _curves: tuple,
                       chosen: tuple[str, ...], range_key: str, minute: datetime,
                       plants: tuple[str, ...]) -> tuple[object, object, tuple, go.Figure]:
    single = _statistics.get(chosen[0]) if len(chosen) == 1 else None
    figure = build_hydrograph(list(_curves), range_key, minute, single)
    add_owner_series(figure, plants, minute, HYDROGRAPH_RANGES[range_key][1])
    return _observations, _statistics, _curves, figure


def shared_hydrograph(observations, statistics: dict[str, FlowStatistics], chosen: Sequence[str],  # type: ignore[no-untyped-def]
                      range_key: str, now: datetime, plants: Sequence[str]) -> go.Figure:
    """The hydrograph of the ``chosen`` station ids over ``range_key`` to ``now`` [UTC] rounded down to the
    minute, thresholds for a single station, the ``plants``' reported discharge; shared (do not change it).

    Raises :class:`sharing.store.SharedStateError` when owner plants are drawn and the database cannot be read.
    """
    long_range = HYDROGRAPH_RANGES[range_key][1] > 90
    names = observations.stations.set_index("station_id")["name"]
    archives = tuple(load_archive(sid, observations.origin) if long_range else None for sid in chosen)
    curves = tuple(
        StationCurves(name=names.loc[sid], discharge_15min=observations.discharge_15min.get(sid),
                      daily=observations.daily.get(sid), archive=archive)
        for sid, archive in zip(chosen, archives, strict=True)
    )
    owners = versions(("owners",), load_settings().database_url)["owners"] if plants else None
    minute = now.replace(second=0, microsecond=0)
    key = (id(observations), observations.oldest_fetched_at, id(statistics), tuple(id(a) for a in archives), owners)
    return _shared_hydrograph(key, observations, statistics, curves, tuple(chosen), range_key, minute,
                              tuple(plants))[3]
