"""Läget at a glance, per river: the key main-stem figure with its 7-day hydrograph, early signs upstream
in one line, and the river's älvschema (figures: :mod:`hydrology.hydrograph`, :mod:`hydrology.schematic`).

Every figure names its source; exercise data says ÖVNING there (and in the page's one banner), not on
every line of the card. The week hydrograph is built once per data change and minute and shared by every
session (it was a quarter of a Läget rerun).
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from hydrology.hydrograph import build_week_hydrograph
from hydrology.schematic import key_station, mouth_places_line
from hydrology.situation import RiverSituation
from hydrology.statistics import FlowStatistics
from language.sv import format_flow_m3s, format_when, join_words
from pages._shared.alvschema import CHART_CONFIG, render_alvschema, stations_content
from pages._shared.plain import plain_md


def _series(observations, station_id: str) -> pd.DataFrame | None:
    """Daily values for the week, the 15-minute values after the last day."""
    daily = (observations.daily or {}).get(station_id)
    quarter = (observations.discharge_15min or {}).get(station_id)
    frames = [f for f in (daily, quarter) if f is not None and len(f)]
    if not frames:
        return None
    if len(frames) == 2:
        frames[0] = frames[0][frames[0]["time_utc"] < frames[1]["time_utc"].min()]
    return pd.concat(frames, ignore_index=True).sort_values("time_utc")


@st.cache_resource(show_spinner=False, max_entries=32)
def _shared_week_figure(station_id: str, data_version: tuple, minute: datetime, _observations,
                        _statistics: dict[str, FlowStatistics]) -> tuple[object, object, go.Figure]:
    # The data objects are kept with the figure: while the entry lives their identities (in the key)
    # cannot be taken by newer data.
    figure = build_week_hydrograph(_series(_observations, station_id), minute, _statistics.get(station_id))
    return _observations, _statistics, figure


def week_figure(observations, statistics: dict[str, FlowStatistics], station_id: str, now: datetime) -> go.Figure:
    """The station's 7-day hydrograph to ``now`` [UTC] rounded down to the minute, shared by every session
    showing the same data (the loaders hand out the same objects until the data change, so their identities
    name the data, as in :func:`pages._shared.loaders.shared_situations`). Do not change the figure."""
    version = (id(observations), getattr(observations, "oldest_fetched_at", None), id(statistics))
    return _shared_week_figure(station_id, version, now.replace(second=0, microsecond=0), observations,
                               statistics)[2]


def source_words(exercise: bool) -> str:
    """Where a figure's numbers come from, in words."""
    return "ÖVNING – övningsscenariot, inte verkliga flöden" if exercise else "SMHI öppna data (CC BY 4.0)"


def render_key_figure(situation: RiverSituation, observations, statistics: dict[str, FlowStatistics],
                      now: datetime) -> None:  # fmt: skip
    """The main-stem figure nearest the sea, in large type, with its last 7 days."""
    key = key_station(situation.stations)
    if key is None:
        st.caption("Ingen mätstation på huvudfåran har ett aktuellt värde.")
        return
    station_id = str(key["station_id"])
    st.markdown(f"**{key['name']}:** <span style='font-size:1.5rem;font-weight:700'>"
                f"{format_flow_m3s(float(key['discharge_m3s']))}</span> · {key['status_symbol']} {key['status_sv']}",
                unsafe_allow_html=True)
    figure = week_figure(observations, statistics, station_id, now)
    st.plotly_chart(figure, width="stretch", key=f"lage_week_{situation.river}", config=CHART_CONFIG)
    measured = format_when(key["time_utc"].to_pydatetime(), now) if pd.notna(key["time_utc"]) else "okänd tid"
    st.caption(f"Vattenföring senaste 7 dygnen vid {key['name']}, mätt {measured}. Källa: "
               f"{source_words(situation.is_exercise)}.")


def early_signs_line(situation: RiverSituation) -> str:
    """One line on what is rising upstream of the key station (the first to see a coming rise)."""
    key = key_station(situation.stations)
    rising = [n for n in situation.rising if key is None or n != key["name"]]
    if not rising:
        return "Uppströms: inga stigande flöden."
    return f"Tidiga tecken uppströms: ↗ stigande vid {join_words(rising)}."


@st.cache_resource(show_spinner=False, max_entries=32)
def _shared_mouth_line(content: tuple | None, river: str, _stations: pd.DataFrame) -> str:
    return mouth_places_line(river, _stations)


def render_small_schema(situation: RiverSituation) -> None:
    """The river's älvschema, small, with the places near the sea named in a line under it (on a narrow card
    the schema has room for only some of their names)."""
    render_alvschema(situation.river, situation.stations, key=f"lage_schema_{situation.river}", compact=True,
                     height=170)
    # Built once per content of the stations (names, places, statuses; not the ages) and shared by every session.
    line = _shared_mouth_line(stations_content(situation.stations), situation.river, situation.stations)
    st.caption(plain_md(line))
