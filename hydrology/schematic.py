"""Älvschema: each river as one line from the mountains to the sea, drawn to river distance.

A crisis officer reads a river as a sequence — which stations, dams and towns come after which — not
as a map. The schema draws the main river as a straight line (x: km from its source, scaled by the
river's length factor as in :mod:`geodata.downstream`), its drawn tributaries (Vindelälven;
Faxälven and Fjällsjöälven) as lines joining from above and below at their mouths, and on them:

- gauging stations on the drawn lines as status markers carrying their value — shape, word and
  colour together (colour-blind safe: :data:`STATUS_SHAPES`), e.g. "▲ Nyland 1 450 m³/s";
- owner-reported plants, when given, the same way (a square outline tells them from gauges);
- the dams (the cascade) as small grey bars, their names on hover;
- towns (curated places) and kommun borders (dotted ticks where the river enters a kommun);
- in a dam failure, the stretch the wave has reached (thick red) and its front (a red arrow).

Geometry is computed once per river system (:func:`read_schematic`, cached); the figure is plotly
only, no Streamlit (pages/_shared/alvschema.py renders it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
from shapely.geometry import Point

from geodata.downstream import stations_on_rivers
from geodata.layers import read_dams, read_kommuner, read_kommuner_along_rivers, read_places, read_rivers
from geodata.stations import read_station_table
from hydrology.status import UNKNOWN, status_by_key
from language.sv import format_flow_m3s, format_number

RIVER_COLOUR = "#1F5FA8"
DAM_COLOUR = "#5A6570"
WAVE_COLOUR = "#D0021B"
BORDER_COLOUR = "#7A8794"

#: Marker shape per status key: the shape tells the status without its colour.
STATUS_SHAPES: dict[str, str] = {
    "unknown": "circle-open",
    "under_mq": "triangle-down",
    "normal": "circle",
    "over_mhq": "triangle-up",
    "hq5": "diamond",
    "hq10": "diamond",
    "hq25": "square",
    "hq50": "star",
    "hq100": "star",
}

#: A town's name is left out when a station label stands within this distance on the same line [km].
PLACE_CLEARANCE_KM = 15.0

#: Kommun borders closer than this along one river are drawn as one tick [km].
BORDER_MERGE_KM = 10.0

#: Vertical position of a tributary's line (main river at 0): alternately above and below.
_BRANCH_Y = (1.0, -1.0)


@dataclass(frozen=True)
class Branch:
    """One drawn river of a system on the schema: from ``x_start`` to ``x_join`` [km on the x axis]."""

    river: str
    length_km: float
    y: float
    x_start: float
    x_join: float  # where it meets the main river; for the main river, where it reaches the sea


@dataclass(frozen=True)
class Schematic:
    """A river system laid out for the schema; every x is km on the main river's scale."""

    system: str
    branches: tuple[Branch, ...]  # the main river first
    dams: pd.DataFrame  # name, river, owners_sv, x, y
    places: pd.DataFrame  # place, river, x, y
    borders: pd.DataFrame  # kommun, river, x, y (where the river enters the kommun)

    @property
    def main(self) -> Branch:
        return self.branches[0]

    def position(self, river: str, km_from_source: float) -> tuple[float, float]:
        """(x, y) of the point ``km_from_source`` [km] along ``river`` (a drawn river of the system)."""
        branch = next(b for b in self.branches if b.river == river)
        x = branch.x_start + km_from_source
        if branch is self.main:
            return x, 0.0
        # The last stretch bends down to the main river, so the joint reads as a confluence.
        bend = min(40.0, branch.length_km * 0.15)
        if x <= branch.x_join - bend:
            return x, branch.y
        return x, branch.y * (branch.x_join - x) / bend


@dataclass(frozen=True)
class WaveOverlay:
    """A dam failure's wave on the schema.

    dam : the failed dam (a curated dam name).
    reached_km : how far below the dam the front is now [km along the river]; None when unknown.
    label : the words at the front, e.g. "Flodvågen når Sollefteå kl. 14.05 (övningstid)".
    """

    dam: str
    reached_km: float | None
    label: str


def _km(frame: gpd.GeoDataFrame, rivers: gpd.GeoDataFrame) -> list[float]:
    lines = rivers.set_index("river")
    return [
        lines.geometry[river].project(point) * float(lines.loc[river, "length_factor"]) / 1000.0
        for river, point in zip(frame["river"], frame.geometry, strict=True)
    ]


@lru_cache(maxsize=8)
def read_schematic(system: str) -> Schematic:
    """The schema's layout of ``system`` ("Ångermanälven", "Umeälven", "Skellefteälven"), from the
    curated layers (cached; the frames must not be modified)."""
    rivers = read_rivers()
    members = rivers[rivers["system"] == system]
    main_row = members[members["flows_into"] == ""].iloc[0]
    main_length = float(main_row["drawn_length_km"] * main_row["length_factor"])
    branches = [Branch(str(main_row["river"]), main_length, 0.0, 0.0, main_length)]
    main_line = main_row.geometry
    for i, (_, row) in enumerate(members[members["flows_into"] == main_row["river"]].iterrows()):
        length = float(row["drawn_length_km"] * row["length_factor"])
        mouth = Point(row.geometry.coords[-1])
        join = main_line.project(mouth) * float(main_row["length_factor"]) / 1000.0
        branches.append(Branch(str(row["river"]), length, _BRANCH_Y[i % 2], join - length, join))
    schematic = Schematic(system, tuple(branches), pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
    names = {b.river for b in branches}

    def placed(frame: pd.DataFrame, km: list[float]) -> pd.DataFrame:
        xy = [schematic.position(river, k) for river, k in zip(frame["river"], km, strict=True)]
        return frame.assign(x=[p[0] for p in xy], y=[p[1] for p in xy])

    dams = read_dams()
    dams = dams[dams["river"].isin(names) & (dams["distance_exception"].fillna("") == "")]
    dams = placed(dams, _km(dams, rivers))[["name", "river", "owners_sv", "x", "y"]]
    places = read_places()
    places = places[places["river"].isin(names)]
    places = placed(places, _km(places, rivers))[["place", "river", "x", "y"]]
    borders = _kommun_borders(rivers[rivers["river"].isin(names)])
    borders = placed(borders, list(borders["km"]))[["kommun", "river", "x", "y"]] if len(borders) else borders
    return Schematic(system, tuple(branches), dams.reset_index(drop=True), places.reset_index(drop=True),
                     borders.reset_index(drop=True))


def _kommun_borders(rivers: gpd.GeoDataFrame) -> pd.DataFrame:
    """Where each river enters each kommun it runs through (``kommun``, ``river``, ``km`` from its source);
    the kommun at the source is left out (it has no border to draw)."""
    along = read_kommuner_along_rivers()
    kommuner = read_kommuner()
    rows = []
    for _, river in rivers.iterrows():
        listed = along[(along["river"] == river["river"]) & (along["on_river"] == "yes")]
        for _, polygon in kommuner[kommuner["kommun_kod"].isin(listed["kommun_kod"])].iterrows():
            crossing = river.geometry.intersection(polygon.geometry)
            if crossing.is_empty:
                continue
            parts = [p for p in getattr(crossing, "geoms", [crossing]) if not p.is_empty]
            entry_m = min(river.geometry.project(Point(p.coords[0])) for p in parts)
            if entry_m < 1_000.0:
                continue
            rows.append({"kommun": polygon["kommun"], "river": river["river"],
                         "km": entry_m * float(river["length_factor"]) / 1000.0})
    frame = pd.DataFrame(rows, columns=["kommun", "river", "km"]).sort_values(["river", "km"], kind="stable")
    # Where a river runs along a border it "enters" two kommuner a few km apart: one tick, both names.
    merged: list[dict] = []
    for row in frame.to_dict("records"):
        last = merged[-1] if merged else None
        if last and last["river"] == row["river"] and row["km"] - last["km"] < BORDER_MERGE_KM:
            if row["kommun"] not in last["kommun"].split(" / "):
                last["kommun"] += f" / {row['kommun']}"
        else:
            merged.append(dict(row))
    return pd.DataFrame(merged, columns=["kommun", "river", "km"])


def place_stations(schematic: Schematic, stations: pd.DataFrame) -> pd.DataFrame:
    """The stations of ``stations`` (at least ``station_id``) that lie on the schema's rivers, with x, y.

    Positions come from the curated station table (``geodata/stations.csv``); stations off the drawn
    lines (small tributaries, headwater gauges) are left out: the schema shows the main stem.
    """
    if stations.empty:
        return stations.assign(x=pd.Series(dtype=float), y=pd.Series(dtype=float))
    table = read_station_table()
    # Tributary gauges (Röån near Ångermanälven) can lie within snapping distance of the main line;
    # their flow says nothing about the main stem, so only main-stem and reservoir gauges are drawn.
    table = table.loc[table["role"] != "tributary", ["station_id", "latitude", "longitude"]]
    located = stations.drop(columns=["lat", "lon", "latitude", "longitude"], errors="ignore").merge(
        table, on="station_id", how="inner"
    ).rename(columns={"latitude": "lat", "longitude": "lon"})
    rivers = read_rivers()
    names = {b.river for b in schematic.branches}
    snapped = stations_on_rivers(located.drop(columns=["river"], errors="ignore"), rivers)
    snapped = snapped[snapped["river"].isin(names)].reset_index(drop=True)
    factors = rivers.set_index("river")["length_factor"]
    xy = [
        schematic.position(river, along * float(factors[river]) / 1000.0)
        for river, along in zip(snapped["river"], snapped["_along"], strict=True)
    ]
    return snapped.assign(x=[p[0] for p in xy], y=[p[1] for p in xy])


def _marker_label(name: str, value: float | None, symbol: str, status_word: str, compact: bool) -> str:
    flow = format_flow_m3s(value, missing="inget värde")
    if compact:
        return f"{symbol} {name}<br>{flow}"
    return f"{symbol} <b>{name}</b><br>{flow}<br>{status_word}"


def build_schematic_figure(
    system: str,
    stations: pd.DataFrame,
    *,
    plants: pd.DataFrame | None = None,
    wave: WaveOverlay | None = None,
    compact: bool = False,
    height: int | None = None,
) -> go.Figure:
    """The älvschema of ``system`` as a plotly figure.

    Parameters
    ----------
    stations : one row per gauging station: ``station_id``, ``name``, ``discharge_m3s`` [m³/s] and
        ``status_key`` (:mod:`hydrology.status`), e.g. :attr:`hydrology.situation.RiverSituation.stations`.
    plants : owner-reported plants: ``name`` (a curated dam name), ``discharge_m3s`` [m³/s],
        ``status_key``; drawn at their dam. None or empty: none.
    wave : a dam failure's wave (:class:`WaveOverlay`); None: no failure.
    compact : the small version (Läget): fewer words, smaller type.
    height : figure height [px]; default 230 (compact 170).
    """
    schematic = read_schematic(system)
    figure = go.Figure()
    font = 11 if compact else 13
    _draw_rivers(figure, schematic, font)
    _draw_borders(figure, schematic, compact)
    _draw_dams(figure, schematic)
    placed = place_stations(schematic, stations)
    _draw_places(figure, schematic, font, compact, placed)
    if wave is not None:
        _draw_wave(figure, schematic, wave, font)
    _draw_status_markers(figure, placed, font, compact, gauge=True)
    if plants is not None and len(plants):
        at_dams = plants.merge(schematic.dams[["name", "x", "y"]], on="name", how="inner")
        _draw_status_markers(figure, at_dams, font, compact, gauge=False)
    xs = [b.x_start for b in schematic.branches] + [schematic.main.x_join]
    span = max(xs) - min(xs)
    figure.update_layout(
        height=height or (170 if compact else 230),
        margin={"l": 4, "r": 4, "t": 4, "b": 4},
        plot_bgcolor="white", paper_bgcolor="white",
        showlegend=False,
        xaxis={"visible": False, "range": [min(xs) - 0.03 * span, max(xs) + 0.07 * span], "fixedrange": True},
        yaxis={"visible": False, "range": [-3.4, 3.4], "fixedrange": True},
        hoverlabel={"font": {"size": 14}},
    )
    return figure


def _draw_rivers(figure: go.Figure, schematic: Schematic, font: int) -> None:
    for branch in schematic.branches:
        steps = 24
        xs = [branch.x_start + branch.length_km * i / steps for i in range(steps + 1)]
        ys = [schematic.position(branch.river, x - branch.x_start)[1] for x in xs]
        main = branch is schematic.main
        figure.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", line={"color": RIVER_COLOUR, "width": 6 if main else 4},
            hoverinfo="text", hovertext=[f"{branch.river}, {format_number(x - branch.x_start)} km från källan" for x in xs],
            name=branch.river,
        ))
        label_y = 0.0 if main else branch.y
        figure.add_annotation(x=branch.x_start, y=label_y, text=f"<i>{branch.river}</i>", showarrow=False,
                              xanchor="left", yanchor="bottom", yshift=4, font={"size": font, "color": RIVER_COLOUR})
    main = schematic.main
    figure.add_annotation(x=main.x_start, y=0, text="Fjällen", showarrow=False, xanchor="right", yanchor="middle",
                          xshift=-2, textangle=-90, font={"size": font - 1, "color": "#4A4A4A"})
    figure.add_annotation(x=main.x_join, y=0, text="<b>Havet</b>", showarrow=False, xanchor="left", xshift=6,
                          font={"size": font, "color": RIVER_COLOUR})


def _draw_borders(figure: go.Figure, schematic: Schematic, compact: bool) -> None:
    borders = schematic.borders
    if borders.empty:
        return
    for row in borders.itertuples(index=False):
        figure.add_shape(type="line", x0=row.x, x1=row.x, y0=row.y - 0.35, y1=row.y + 0.35,
                         line={"color": BORDER_COLOUR, "width": 1, "dash": "dot"})
        if not compact and row.y == 0:
            figure.add_annotation(x=row.x, y=row.y - 0.35, text=row.kommun, showarrow=False, xanchor="left",
                                  yanchor="top", font={"size": 10, "color": BORDER_COLOUR})
    figure.add_trace(go.Scatter(
        x=list(borders["x"]), y=list(borders["y"] + 0.35), mode="markers", marker={"size": 1, "color": BORDER_COLOUR},
        hoverinfo="text", hovertext=[f"Kommungräns: älven når {k}" for k in borders["kommun"]], name="Kommungräns",
    ))


def _draw_dams(figure: go.Figure, schematic: Schematic) -> None:
    dams = schematic.dams
    if dams.empty:
        return
    figure.add_trace(go.Scatter(
        x=list(dams["x"]), y=list(dams["y"]), mode="markers", name="Damm/kraftverk",
        marker={"symbol": "line-ns", "size": 12, "line": {"color": DAM_COLOUR, "width": 3}},
        hoverinfo="text", hovertext=[f"Damm: {n} ({o})" for n, o in zip(dams["name"], dams["owners_sv"], strict=True)],
    ))


def _draw_places(figure: go.Figure, schematic: Schematic, font: int, compact: bool, stations: pd.DataFrame) -> None:
    """Towns as small squares; named unless a station label stands there already (or, in the small
    version, unless it is off the main river)."""
    places = schematic.places
    if places.empty:
        return
    figure.add_trace(go.Scatter(
        x=list(places["x"]), y=list(places["y"]), mode="markers", name="Ort",
        marker={"symbol": "square", "size": 6, "color": "#0D1B2A"}, hoverinfo="text", hovertext=list(places["place"]),
    ))
    for row in places.itertuples(index=False):
        crowded = ((stations["y"] == row.y) & ((stations["x"] - row.x).abs() < PLACE_CLEARANCE_KM)).any()
        if crowded or (compact and row.y != 0):
            continue
        figure.add_annotation(x=row.x, y=row.y, text=row.place, showarrow=False, yanchor="top", yshift=-5,
                              font={"size": font - 1, "color": "#0D1B2A"})


def _draw_wave(figure: go.Figure, schematic: Schematic, wave: WaveOverlay, font: int) -> None:
    from geodata.downstream import path_to_sea
    from geodata.layers import read_dams as _read_dams

    dams = schematic.dams.set_index("name")
    if wave.dam not in dams.index:
        return
    rivers = read_rivers()
    dam = _read_dams().set_index("name").loc[wave.dam]
    lines = rivers.set_index("river")
    dam_along = lines.geometry[dam["river"]].project(dam.geometry)
    segments = path_to_sea(dam["river"], dam_along, rivers)
    reached = wave.reached_km if wave.reached_km is not None else 0.0
    drawn = {b.river for b in schematic.branches}
    points = []
    for segment in segments:
        seg_km = (segment.end_m - segment.start_m) * segment.factor / 1000.0
        # Sample the segment, then end exactly at the front when it lies in this segment.
        stops = [segment.offset_km + seg_km * i / 20 for i in range(21)]
        stops = [d for d in stops if d <= reached] + ([reached] if segment.offset_km <= reached < stops[-1] else [])
        for distance in stops:
            along = segment.start_m + (distance - segment.offset_km) * 1000.0 / segment.factor
            if segment.river in drawn:
                points.append(schematic.position(segment.river, along * segment.factor / 1000.0))
    start = (float(dams.loc[wave.dam, "x"]), float(dams.loc[wave.dam, "y"]))
    xs = [start[0]] + [p[0] for p in points]
    ys = [start[1]] + [p[1] for p in points]
    figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": WAVE_COLOUR, "width": 10},
                                opacity=0.75, name="Nådd sträcka", hoverinfo="text",
                                hovertext=[f"Nådd av flodvågen från {wave.dam}"] * len(xs)))
    figure.add_trace(go.Scatter(
        x=[start[0]], y=[start[1]], mode="markers+text", name="Dammbrott",
        marker={"symbol": "x", "size": 16, "color": WAVE_COLOUR, "line": {"color": "#FFFFFF", "width": 1}},
        text=[f"✖ Dammbrott {wave.dam}"], textposition="top center", textfont={"size": font, "color": WAVE_COLOUR},
        hoverinfo="text", hovertext=[f"Dammbrott: {wave.dam}"],
    ))
    front = (xs[-1], ys[-1])
    figure.add_trace(go.Scatter(
        x=[front[0]], y=[front[1]], mode="markers+text", name="Flodvågens front",
        marker={"symbol": "arrow-right", "size": 18, "color": WAVE_COLOUR, "line": {"color": "#FFFFFF", "width": 1}},
        hoverinfo="text", hovertext=[wave.label],
    ))
    figure.add_annotation(x=front[0], y=-1.75, text=f"<b>➜ {wave.label}</b>", showarrow=False, xanchor="right",
                          font={"size": font, "color": WAVE_COLOUR}, bgcolor="rgba(255,255,255,0.85)")


def _draw_status_markers(figure: go.Figure, placed: pd.DataFrame, font: int, compact: bool, gauge: bool) -> None:
    if placed.empty:
        return
    statuses = [status_by_key(k) if isinstance(k, str) else UNKNOWN for k in placed["status_key"]]
    values = [None if pd.isna(v) else float(v) for v in placed["discharge_m3s"]]
    labels = [_marker_label(str(n), v, s.symbol, s.label_sv, compact)
              for n, v, s in zip(placed["name"], values, statuses, strict=True)]
    kind = "Mätstation" if gauge else "Kraftverk, enligt ägaren"
    # Labels alternate above and below the line so neighbouring stations do not overwrite each other.
    # On a tributary the label goes to the side away from the main river.
    ordered = sorted(range(len(placed)), key=lambda i: float(placed["x"].iloc[i]))
    positions = [""] * len(placed)
    for rank, i in enumerate(ordered):
        y = float(placed["y"].iloc[i])
        positions[i] = "top center" if y > 0 else "bottom center" if y < 0 else (
            "top center" if rank % 2 == 0 else "bottom center")
    figure.add_trace(go.Scatter(
        x=list(placed["x"]), y=list(placed["y"]), mode="markers+text", name=kind,
        marker={
            "symbol": [STATUS_SHAPES.get(s.key, "circle") for s in statuses],
            "size": 15 if compact else 19,
            "color": [s.colour for s in statuses],
            # Plants carry a thick dark ring, gauges a thin one: both keep the status shape.
            "line": {"color": "#0D1B2A", "width": 1.5 if gauge else 4},
        },
        text=labels, textposition=positions, textfont={"size": font, "color": "#0D1B2A"}, cliponaxis=False,
        hoverinfo="text",
        hovertext=[f"{kind}: {n}<br>{format_flow_m3s(v, missing='inget värde')}<br>{s.symbol} {s.label_sv}"
                   for n, v, s in zip(placed["name"], values, statuses, strict=True)],
    ))


#: The schema's key in words (shape + word; the colours follow the status colours everywhere).
LEGEND_SV = (
    "○ okänd · ▼ under MQ · ● normalt · ▲ över MHQ · ◆ ≥ 5-årsflöde · ■ ≥ 25-årsflöde · ★ ≥ 50-årsflöde "
    "· ▮ damm · ▪ ort · ┆ kommungräns"
)


def stations_from_snapshot(river: dict) -> pd.DataFrame:
    """The stations of one river of a frozen snapshot (:func:`hydrology.situation.situation_to_dict`)
    in the columns :func:`build_schematic_figure` reads."""
    rows = [
        {
            "station_id": str(s.get("station_id", "")),
            "name": str(s.get("name", "")),
            "discharge_m3s": s.get("discharge_m3s"),
            "status_key": (s.get("status") or {}).get("key", "unknown"),
        }
        for s in river.get("stations", [])
    ]
    frame = pd.DataFrame(rows, columns=["station_id", "name", "discharge_m3s", "status_key"])
    frame["discharge_m3s"] = pd.to_numeric(frame["discharge_m3s"], errors="coerce")
    return frame


def wave_overlay(dam: str, arrivals: pd.DataFrame, failed_at: datetime, now: datetime,
                 clock_note: str = "") -> WaveOverlay:  # fmt: skip
    """The wave of a failure of ``dam`` at ``now`` from the shared arrival table, with words for the front.

    ``arrivals``: the dam's arrival table (:data:`geodata.arrival.ARRIVAL_COLUMNS`: ``place``,
    ``distance_km``, ``front_from_h`` …; owners' figures where imported, else the rough estimate), as
    every page reads it. The front is drawn where the earliest arrivals have come to (what people
    downstream must plan for); the label names the next place and when the front can reach it:
    "Flodvågen kan nå Sollefteå kl. 17.10 (övningstid)"; past the last place: "Flodvågen har nått kusten".
    ``failed_at``, ``now`` [UTC]; ``clock_note`` e.g. ``"(övningstid)"``.
    """
    from geodata.arrival import front_reach_km
    from language.sv import format_clock

    hours = max(0.0, (now - failed_at).total_seconds() / 3600.0)
    _nearest, furthest = front_reach_km(arrivals, hours)
    known = arrivals[arrivals["distance_km"].notna()].sort_values("distance_km")
    ahead = known[known["distance_km"] > furthest + 0.5]
    note = f" {clock_note}" if clock_note else ""
    if ahead.empty:
        return WaveOverlay(dam, furthest, "Flodvågen har nått kusten")
    row = ahead.iloc[0]
    eta = failed_at + timedelta(hours=float(row["front_from_h"]))
    return WaveOverlay(dam, furthest, f"Flodvågen kan nå {row['place']} kl. {format_clock(eta)}{note}")


#: Station roles on the river's main stem (geodata/stations.csv): the places people know.
MAIN_STEM_ROLES = ("main_stem", "reservoir_inflow")


def key_station(stations: pd.DataFrame) -> pd.Series | None:
    """The river's key figure: its main-stem station nearest the sea that has a value.

    ``stations``: a situation's stations (``station_id``, ``order`` source to sea, ``discharge_m3s``).
    None when no main-stem station has a value.
    """
    table = read_station_table()
    main = set(table.loc[table["role"].isin(MAIN_STEM_ROLES), "station_id"].astype(str))
    candidates = stations[stations["station_id"].astype(str).isin(main) & stations["discharge_m3s"].notna()]
    if candidates.empty:
        return None
    return candidates.sort_values("order", kind="stable").iloc[-1]
