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

Every word on the schema is placed by :mod:`hydrology.schematic_labels` so that no two overlap: the
dam failure and the main-stem gauges nearest the sea first, town and kommun names only where they
have room (:func:`schematic_labels` gives the boxes, for tests).

Geometry is computed once per river system (:func:`read_schematic`, cached); the figure is plotly
only, no Streamlit (pages/_shared/alvschema.py renders it).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
from shapely.geometry import Point

from geodata.downstream import stations_on_rivers
from geodata.layers import read_dams, read_kommuner, read_kommuner_along_rivers, read_places, read_rivers
from geodata.stations import read_station_table, station_ids_with_role
from hydrology.schematic_labels import (
    FONT_FAMILY,
    LEADER_STANDOFF_PX,
    LINE_EM,
    Box,
    Canvas,
    LabelRequest,
    PlacedLabel,
    Spot,
    line_boxes,
    place_labels_keeping,
    point_box,
    spots_around,
    text_point,
)
from hydrology.status import UNKNOWN, status_by_key
from language.sv import format_flow_m3s, format_number
from sources.errors import NO_RECENT_VALUES_SV

RIVER_COLOUR = "#1F5FA8"
DAM_COLOUR = "#5A6570"
WAVE_COLOUR = "#D0021B"
BORDER_COLOUR = "#7A8794"
#: A gauge's words when SMHI publishes no recent values there (the figures are the owner's): the end of
#: :data:`sources.errors.NO_RECENT_VALUES_SV`, which its hover text gives in full.
OWNER_ONLY_SV = "se ägarens rapport"

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
    dams: pd.DataFrame  # name, river, owners_marked_sv, x, y
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
    # A river the curated table keeps out of the schema (in_schematic "no") is on the map only.
    branch_rows = members[(members["flows_into"] == main_row["river"]) & (members["in_schematic"] != "no")]
    for i, (_, row) in enumerate(branch_rows.iterrows()):
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
    dams = placed(dams, _km(dams, rivers))[["name", "river", "owners_marked_sv", "x", "y"]]
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


#: The width [px] the labels are laid out for: the narrowest the schema is shown at (the meeting
#: screen's column at 1280×720 is about 930 px; Läget's small schema in its card is drawn 230.7 px wide
#: at 1280×720, measured in the browser by tests/browser/test_lage_browser.py). Wider is always fine,
#: narrower is not: the words would collide.
LAYOUT_WIDTH_PX = 900
LAYOUT_WIDTH_COMPACT_PX = 226

#: Label order (see :mod:`hydrology.schematic_labels`): what must never be crowded out comes first.
#: The dam failure first; then, together and from the sea upstream, the towns and main-stem gauges near
#: the sea (where most people live); then the other towns and gauges on the main river, the rivers' names,
#: the towns (and on the meeting screen the gauges) on the drawn branches; only then the owners' plants,
#: on Läget's narrow card the branches' gauges, and the kommun names.
#: Each of the first groups may shorten its words and go further off with a leader line before any later
#: label is placed: the key places (:data:`KEY_ORDERS`) keep their names.
_FIXED, _WAVE, _SEA, _MAIN, _RIVER_NAMES, _TOWNS, _PLANTS, _TRIBUTARY, _BORDERS = range(9)
#: The label groups that must be named on the meeting screen: the event's dam and front, every main-stem
#: gauge and town on the main river, the rivers' names, and the towns and gauges on the drawn branches.
KEY_ORDERS = (_FIXED, _WAVE, _SEA, _MAIN, _RIVER_NAMES, _TOWNS)
#: Places on the main river at most this far from the sea count as near the sea [km].
COAST_KM = 40.0


@dataclass
class _Layout:
    """What a figure asks to label and what its labels must keep clear of, gathered while drawing."""

    canvas: Canvas
    requests: list[tuple[int, float, LabelRequest]]
    obstacles: list[Box]
    sea_x: float  # where the main river reaches the sea [km on the x axis]

    def ask(self, order: int, request: LabelRequest, rank: float = 0.0) -> None:
        """Ask for a label; lower ``order`` first, and within one order lower ``rank`` first."""
        self.requests.append((order, rank, replace(request, group=order)))

    def near_sea(self, x: float, y: float) -> bool:
        """True for a point on the main river at most :data:`COAST_KM` from the sea."""
        return y == 0 and x >= self.sea_x - COAST_KM

    def annotate(self, figure: go.Figure) -> list[PlacedLabel]:
        ordered = [r for _o, _k, r in sorted(self.requests, key=lambda item: (item[0], item[1]))]
        placed = place_labels_keeping(self.canvas, ordered, self.obstacles, keep=lambda r: r.group in KEY_ORDERS,
                                      fixed_groups=(_FIXED, _WAVE))
        for label in placed:
            request, spot = label.request, label.spot
            # The text's anchor point in data coordinates, never as a pixel shift: drawn wider, every text
            # moves with the points it was laid out among (see :func:`hydrology.schematic_labels.drawn_box`).
            tx, ty = text_point(self.canvas, label)
            common = {"text": label.text, "xanchor": spot.xanchor, "yanchor": spot.yanchor,
                      "textangle": request.angle, "name": request.key,
                      "font": {"size": request.font_size, "color": request.colour}}
            if spot.leader:  # the text further off, a thin line back to its marker
                figure.add_annotation(**common, x=request.x, y=request.y, showarrow=True, axref="x", ayref="y",
                                      ax=tx, ay=ty, arrowhead=0, arrowwidth=1, arrowcolor="#6B7785",
                                      standoff=LEADER_STANDOFF_PX)
            else:
                figure.add_annotation(**common, x=tx, y=ty, showarrow=False)
        return placed


def _flipped(spots: tuple[Spot, ...]) -> tuple[Spot, ...]:
    """The same spots mirrored about the line: above becomes below and below above."""
    return tuple(Spot(s.dx, -s.dy, s.xanchor, {"bottom": "top", "top": "bottom"}.get(s.yanchor, s.yanchor), s.leader)
                 for s in spots)


def _outward(spots: tuple[Spot, ...], y: float) -> tuple[Spot, ...]:
    """For a place on a tributary (``y`` ≠ 0), the spots further off only on its outer side: a leader
    across the main river would seem to name a place on it (Gäddede on Faxälven drawn under Fjällsjöälven)."""
    if y == 0:
        return spots
    return tuple(s for s in spots if not s.leader or (s.dy > 0) == (y > 0))


def _marker_texts(name: str, value: float | None, symbol: str, status_word: str, compact: bool,
                  owner_only: bool = False, towns: str = "") -> tuple[str, ...]:  # fmt: skip
    """A marker's label in its versions, longest first: the full one, then shorter ones for crowded places.

    ``owner_only``: SMHI publishes no recent values at this gauge; the label says where the figures are.
    ``towns``: the towns right beside the marker, named after the gauge ("▲ Vännäsby · Vännäs").

    Each version is the name (bold on the meeting screen) with the towns beside it, then the words after
    it, from the most to the fewest. Every version keeps the name: a gauge on the main river is never
    unnamed (its value stays on hover)."""
    flow = format_flow_m3s(value, missing="inget värde")
    if owner_only:
        # Always with where the figures are: a name alone would read as a gauge without news.
        after = (f"<br>{OWNER_ONLY_SV}", f" {OWNER_ONLY_SV}")
    elif compact:
        after = (f"<br>{flow}", f" {flow}", "")
    else:
        after = (f"<br>{flow}<br>{status_word}", f"<br>{flow} · {status_word}", f" {flow}", "")
    also = f" · {towns}" if towns else ""
    texts = [f"{symbol} {name if compact else f'<b>{name}</b>'}{also}{words}" for words in after]
    if compact and also:
        # Small (Läget's card, about 230 px at 1280×720): where the towns beside it leave no room, the name
        # without them, with its shortest words ("? Stornorrfors se ägarens rapport", "▲ Stornorrfors").
        texts += [f"{symbol} {name}{words}" for words in (after if owner_only else ("",))]
    return tuple(texts)


def build_schematic_figure(
    system: str,
    stations: pd.DataFrame,
    *,
    plants: pd.DataFrame | None = None,
    wave: WaveOverlay | None = None,
    compact: bool = False,
    height: int | None = None,
    width: int | None = None,
) -> go.Figure:
    """The älvschema of ``system`` as a plotly figure, its words placed so that none overlaps another.

    Parameters
    ----------
    stations : one row per gauging station: ``station_id``, ``name``, ``discharge_m3s`` [m³/s] and
        ``status_key`` (:mod:`hydrology.status`), e.g. :attr:`hydrology.situation.RiverSituation.stations`;
        optionally ``no_recent_values`` (True: SMHI publishes no recent values there, the label says
        "se ägarens rapport").
    plants : owner-reported plants: ``name`` (a curated dam name), ``discharge_m3s`` [m³/s],
        ``status_key``; drawn at their dam. None or empty: none.
    wave : a dam failure's wave (:class:`WaveOverlay`); None: no failure.
    compact : the small version (Läget): fewer words, smaller type.
    height : figure height [px]; default 230 (compact 170).
    width : the narrowest width the figure is shown at [px], for placing the labels; default
        :data:`LAYOUT_WIDTH_PX` (compact :data:`LAYOUT_WIDTH_COMPACT_PX`). The figure itself stretches.
    """
    return _build(system, stations, plants=plants, wave=wave, compact=compact, height=height, width=width)[0]


def schematic_labels(system: str, stations: pd.DataFrame, **options: Any) -> tuple[Canvas, list[PlacedLabel]]:
    """The labels :func:`build_schematic_figure` draws (same arguments), with their boxes [px] on the canvas
    they were laid out for."""
    _figure, canvas, placed = _build(system, stations, **{**_DEFAULTS, **options})
    return canvas, placed


_DEFAULTS: dict[str, Any] = {"plants": None, "wave": None, "compact": False, "height": None, "width": None}


def _build(system: str, stations: pd.DataFrame, *, plants: pd.DataFrame | None, wave: WaveOverlay | None,
           compact: bool, height: int | None, width: int | None) -> tuple[go.Figure, Canvas, list[PlacedLabel]]:  # fmt: skip
    schematic = read_schematic(system)
    figure = go.Figure()
    font = 11 if compact else 13
    height = height or (170 if compact else 230)
    xs = [b.x_start for b in schematic.branches] + [schematic.main.x_join]
    span = max(xs) - min(xs)
    x_range = (min(xs) - 0.03 * span, max(xs) + 0.07 * span)
    y_range = (-3.4, 3.4)
    canvas = Canvas(float(width or (LAYOUT_WIDTH_COMPACT_PX if compact else LAYOUT_WIDTH_PX)), float(height),
                    x_range, y_range)
    layout = _Layout(canvas, [], [], schematic.main.x_join)
    _draw_rivers(figure, schematic, font, layout)
    _draw_borders(figure, schematic, compact, layout)
    _draw_dams(figure, schematic, layout)
    placed = place_stations(schematic, stations)
    beside = _towns_beside_gauges(schematic, placed, canvas)
    _draw_places(figure, schematic, font, compact, layout, placed, beside)
    if wave is not None:
        _draw_wave(figure, schematic, wave, font, layout)
    _draw_status_markers(figure, placed, font, compact, layout, gauge=True, main=schematic.main.river, beside=beside)
    if plants is not None and len(plants):
        at_dams = plants.merge(schematic.dams[["name", "river", "x", "y"]], on="name", how="inner")
        _draw_status_markers(figure, at_dams, font, compact, layout, gauge=False, main=schematic.main.river)
    labels = layout.annotate(figure)
    figure.update_layout(
        height=height,
        margin={"l": canvas.margin, "r": canvas.margin, "t": canvas.margin, "b": canvas.margin},
        plot_bgcolor="white", paper_bgcolor="white",
        showlegend=False,
        xaxis={"visible": False, "range": list(x_range), "fixedrange": True},
        yaxis={"visible": False, "range": list(y_range), "fixedrange": True},
        hoverlabel={"font": {"size": 14}},
        font={"family": FONT_FAMILY},  # the family the label widths are estimated for
    )
    return figure, canvas, labels


def _draw_rivers(figure: go.Figure, schematic: Schematic, font: int, layout: _Layout) -> None:
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
        layout.obstacles.extend(line_boxes(layout.canvas, xs, ys, 8 if main else 6))
        layout.ask(_RIVER_NAMES, LabelRequest(
            f"river:{branch.river}", branch.x_start, 0.0 if main else branch.y, (f"<i>{branch.river}</i>",),
            # At the river's start, else further along it (a name may stand anywhere by its line).
            tuple(Spot(dx, dy, "left", "bottom" if dy > 0 else "top") for dx in range(0, 361, 30)
                  for dy in (9, -9, 14, -14)),
            font, RIVER_COLOUR), rank=0 if main else 1)
    main = schematic.main
    layout.ask(_FIXED, LabelRequest("Fjällen", main.x_start, 0.0, ("Fjällen",), (Spot(-5, 0, "right", "middle"),),
                                    font - 1, "#4A4A4A", angle=-90))
    layout.ask(_FIXED, LabelRequest("Havet", main.x_join, 0.0, ("<b>Havet</b>",), (Spot(6, 0, "left", "middle"),),
                                    font, RIVER_COLOUR))


def _draw_borders(figure: go.Figure, schematic: Schematic, compact: bool, layout: _Layout) -> None:
    borders = schematic.borders
    if borders.empty:
        return
    for row in borders.itertuples(index=False):
        figure.add_shape(type="line", x0=row.x, x1=row.x, y0=row.y - 0.35, y1=row.y + 0.35,
                         line={"color": BORDER_COLOUR, "width": 1, "dash": "dot"})
        layout.obstacles.extend(line_boxes(layout.canvas, [row.x, row.x], [row.y - 0.35, row.y + 0.35], 2))
        if not compact and row.y == 0:
            layout.ask(_BORDERS, LabelRequest(f"border:{row.kommun}", row.x, row.y, (row.kommun,),
                                              (Spot(3, -9, "left", "top"), Spot(-3, -9, "right", "top")), 10,
                                              BORDER_COLOUR), rank=-row.x)
    figure.add_trace(go.Scatter(
        x=list(borders["x"]), y=list(borders["y"] + 0.35), mode="markers", marker={"size": 1, "color": BORDER_COLOUR},
        hoverinfo="text", hovertext=[f"Kommungräns: älven når {k}" for k in borders["kommun"]], name="Kommungräns",
    ))


def _draw_dams(figure: go.Figure, schematic: Schematic, layout: _Layout) -> None:
    dams = schematic.dams
    if dams.empty:
        return
    figure.add_trace(go.Scatter(
        x=list(dams["x"]), y=list(dams["y"]), mode="markers", name="Damm/kraftverk",
        marker={"symbol": "line-ns", "size": 12, "line": {"color": DAM_COLOUR, "width": 3}},
        hoverinfo="text", hovertext=[f"Damm: {n} ({o})" for n, o in zip(dams["name"], dams["owners_marked_sv"], strict=True)],
    ))
    for x, y in zip(dams["x"], dams["y"], strict=True):
        px, py = layout.canvas.to_px(x, y)
        layout.obstacles.append(Box(px - 2, py - 7, px + 2, py + 7, crossable=True))


#: A town this close to a gauge's marker on the same river [px at the layout width] is named in the
#: gauge's label ("▲ Vännäsby · Vännäs"): two labels for one spot would crowd out a third.
TOWN_BESIDE_GAUGE_PX = 8.0


def _towns_beside_gauges(schematic: Schematic, gauges: pd.DataFrame, canvas: Canvas) -> dict[str, str]:
    """Gauge name → the towns (joined by ", ") whose squares lie under its marker (:data:`TOWN_BESIDE_GAUGE_PX`);
    a town of the gauge's own name is left out (the label names it already)."""
    beside: dict[str, list[str]] = {}
    if gauges.empty or schematic.places.empty:
        return {}
    for town in schematic.places.itertuples(index=False):
        tx, ty = canvas.to_px(town.x, town.y)
        for gauge in gauges.itertuples(index=False):
            gx, gy = canvas.to_px(float(gauge.x), float(gauge.y))
            if town.place != gauge.name and abs(tx - gx) <= TOWN_BESIDE_GAUGE_PX and abs(ty - gy) < 1:
                beside.setdefault(str(gauge.name), []).append(str(town.place))
                break
    return {name: ", ".join(towns) for name, towns in beside.items()}


def _draw_places(figure: go.Figure, schematic: Schematic, font: int, compact: bool, layout: _Layout,
                 gauges: pd.DataFrame, beside: dict[str, str]) -> None:  # fmt: skip
    """Towns as small squares, named where the name has room (in the small version only on the main
    river); a town a gauge's label names (its own name, or a town right beside it) is not named twice."""
    places = schematic.places
    if places.empty:
        return
    figure.add_trace(go.Scatter(
        x=list(places["x"]), y=list(places["y"]), mode="markers", name="Ort",
        marker={"symbol": "square", "size": 6, "color": "#0D1B2A"}, hoverinfo="text", hovertext=list(places["place"]),
    ))
    named = set(gauges["name"]) if "name" in gauges else set()
    named |= {town for towns in beside.values() for town in towns.split(", ")}
    for row in places.itertuples(index=False):
        layout.obstacles.append(point_box(layout.canvas, row.x, row.y, 6, crossable=True))
        if (compact and row.y != 0) or row.place in named:
            continue
        order = _SEA if layout.near_sea(row.x, row.y) else _MAIN if row.y == 0 else _TOWNS
        # Clear of the dams' and kommun borders' ticks (±8 px) on the line; below first (the gauges'
        # values prefer above), then above, then staggered further off with a leader line.
        near = (Spot(0, -12, "center", "top"), Spot(0, 12, "center", "bottom"), Spot(4, -12, "left", "top"),
                Spot(-4, -12, "right", "top"), Spot(4, 12, "left", "bottom"), Spot(-4, 12, "right", "bottom"))
        spots = near + spots_around(12, far=(26, 40, 54))[8:]
        if row.y > 0:  # on a tributary above the main river the name prefers to stand above it
            spots = _flipped(spots)
        spots = _outward(spots, row.y) + _edge_spots(layout.canvas, row.x, row.y, (font - 1) * LINE_EM, row.y)
        layout.ask(order, LabelRequest(f"place:{row.place}", row.x, row.y, (row.place,), spots, font - 1),
                   rank=-row.x)


def _edge_spots(canvas: Canvas, x: float, y: float, text_height_px: float, side: float) -> tuple[Spot, ...]:
    """Spots with a leader line for a one-line text in the figure's outermost row, flush with its top edge
    (``side`` > 0) or its bottom edge (``side`` < 0; 0: both): the row the fixed steps of
    :func:`spots_around` miss by a few pixels (a 148 px meeting-screen schema has two rows of words outside
    each tributary; a town there may take the outer one when the wave's words take the inner)."""
    _px, py = canvas.to_px(x, y)
    rows = []
    if side >= 0:
        rows.append((canvas.height - 1 - text_height_px - py, "bottom"))
    if side <= 0:
        rows.append((text_height_px + 1 - py, "top"))
    return tuple(Spot(dx, dy, anchor, yanchor, leader=True) for dy, yanchor in rows
                 for dx, anchor in ((0, "center"), (24, "left"), (-24, "right"), (60, "left"), (-60, "right"),
                                    (100, "left"), (-100, "right"))
                 if abs(dy) >= LEADER_STANDOFF_PX + 4)


def _draw_wave(figure: go.Figure, schematic: Schematic, wave: WaveOverlay, font: int, layout: _Layout) -> None:
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
        x=[start[0]], y=[start[1]], mode="markers", name="Dammbrott",
        marker={"symbol": "x", "size": 16, "color": WAVE_COLOUR, "line": {"color": "#FFFFFF", "width": 1}},
        hoverinfo="text", hovertext=[f"Dammbrott: {wave.dam}"],
    ))
    front = (xs[-1], ys[-1])
    figure.add_trace(go.Scatter(
        x=[front[0]], y=[front[1]], mode="markers", name="Flodvågens front",
        marker={"symbol": "arrow-right", "size": 18, "color": WAVE_COLOUR, "line": {"color": "#FFFFFF", "width": 1}},
        hoverinfo="text", hovertext=[wave.label],
    ))
    layout.obstacles.extend([point_box(layout.canvas, *start, 16), point_box(layout.canvas, *front, 18)])
    # Where the river's lines leave no room next to them, the wave's words take the figure's outermost row
    # before the rows next to the tributaries, which the towns there need (Hoting under Hällby).
    edge = font * LINE_EM
    dam_spots = spots_around(12, far=(34, 56, 78))
    layout.ask(_WAVE, LabelRequest("wave:dam", *start, (f"<b>✖ Dammbrott {wave.dam}</b>",),
                                   dam_spots[:8] + _edge_spots(layout.canvas, *start, edge, 0) + dam_spots[8:],
                                   font, WAVE_COLOUR), rank=0)
    layout.ask(_WAVE, LabelRequest(
        "wave:front", *front, (f"<b>➜ {wave.label}</b>",),
        (Spot(0, -12, "right", "top"), Spot(0, -12, "left", "top"), Spot(0, 12, "right", "bottom"),
         Spot(0, 12, "left", "bottom"), *_edge_spots(layout.canvas, *front, edge, 0),
         *spots_around(12, far=(30, 48))[8:]), font, WAVE_COLOUR), rank=1)


def _draw_status_markers(figure: go.Figure, placed: pd.DataFrame, font: int, compact: bool, layout: _Layout, *,
                         gauge: bool, main: str, beside: dict[str, str] | None = None) -> None:  # fmt: skip
    if placed.empty:
        return
    statuses = [status_by_key(k) if isinstance(k, str) else UNKNOWN for k in placed["status_key"]]
    values = [None if pd.isna(v) else float(v) for v in placed["discharge_m3s"]]
    no_recent = placed.get("no_recent_values", pd.Series(False, index=placed.index)).fillna(False).astype(bool)
    owner_only = [bool(o) and v is None for o, v in zip(no_recent, values, strict=True)]
    kind = "Mätstation" if gauge else "Kraftverk, enligt ägaren"
    size = 15 if compact else 19
    figure.add_trace(go.Scatter(
        x=list(placed["x"]), y=list(placed["y"]), mode="markers", name=kind,
        marker={
            "symbol": [STATUS_SHAPES.get(s.key, "circle") for s in statuses],
            "size": size,
            "color": [s.colour for s in statuses],
            # Plants carry a thick dark ring, gauges a thin one: both keep the status shape.
            "line": {"color": "#0D1B2A", "width": 1.5 if gauge else 4},
        },
        hoverinfo="text",
        hovertext=[f"{kind}: {n}<br>{NO_RECENT_VALUES_SV}" if o else
                   f"{kind}: {n}<br>{format_flow_m3s(v, missing='inget värde')}<br>{s.symbol} {s.label_sv}"
                   for n, v, s, o in zip(placed["name"], values, statuses, owner_only, strict=True)],
    ))
    gap = size / 2 + 3
    for name, value, status, x, y, river, only in zip(placed["name"], values, statuses, placed["x"], placed["y"],
                                                      placed["river"], owner_only, strict=True):
        layout.obstacles.append(point_box(layout.canvas, float(x), float(y), size + 2))
        spots = spots_around(gap, far=(gap + 22, gap + 44, gap + 66))
        if float(y) < 0:  # on a tributary below the main river the label prefers to hang below
            spots = _flipped(spots)
        spots = _outward(spots, float(y))
        on_main = _SEA if layout.near_sea(float(x), float(y)) else _MAIN
        # Every gauge drawn is a main-stem gauge by role (tributary gauges are left out); on the meeting
        # screen one on a drawn branch (Granåker on Vindelälven, near Vindeln) is named like the towns there,
        # never crowded out. On Läget's narrow card the places near the sea come first and it may yield.
        branch = _TRIBUTARY if compact else _TOWNS
        order = (on_main if river == main else branch) if gauge else _PLANTS
        layout.ask(order, LabelRequest(f"{'gauge' if gauge else 'plant'}:{name}", float(x), float(y),
                                       _marker_texts(str(name), value, status.symbol, status.label_sv, compact,
                                                     only, (beside or {}).get(str(name), "")),
                                       spots, font), rank=-float(x))


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
            "no_recent_values": bool(s.get("no_recent_values", False)),
        }
        for s in river.get("stations", [])
    ]
    frame = pd.DataFrame(rows, columns=["station_id", "name", "discharge_m3s", "status_key", "no_recent_values"])
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


#: The stretch above the sea that Läget's small schema also names in a line under it [km]: there the key
#: places lie closest together (Umeälven: Harrsele, Vännäs, Vännäsby, Stornorrfors, Umeå and Holmsund within
#: 70 km share about 40 px of a 230 px card), so some are named only on hover in the schema itself.
MOUTH_KM = 75.0


def mouth_places_line(system: str, stations: pd.DataFrame) -> str:
    """The places on the main river's last :data:`MOUTH_KM` [km] to the sea, from upstream to the sea, in one
    line: a gauge with its status symbol as on the schema, a town by its name, e.g.
    "Närmast havet: ▲ Harrsele · ▲ Vännäsby · Vännäs · ▲ Stornorrfors · Umeå · Holmsund".

    ``stations``: as for :func:`build_schematic_figure`. A town of a gauge's name is named once, with the gauge."""
    schematic = read_schematic(system)
    sea = schematic.main.x_join
    gauges = place_stations(schematic, stations)
    gauges = gauges[(gauges["y"] == 0) & (gauges["x"] >= sea - MOUTH_KM)]
    keys = gauges["status_key"] if "status_key" in gauges else pd.Series(UNKNOWN.key, index=gauges.index)
    places = [(float(x), f"{status_by_key(k if isinstance(k, str) else UNKNOWN.key).symbol} {name}")
              for name, x, k in zip(gauges["name"], gauges["x"], keys, strict=True)]
    towns = schematic.places[(schematic.places["y"] == 0) & (schematic.places["x"] >= sea - MOUTH_KM)]
    places += [(float(x), str(name)) for name, x in zip(towns["place"], towns["x"], strict=True)
               if name not in set(gauges["name"])]
    return "Närmast havet: " + " · ".join(text for _x, text in sorted(places, key=lambda item: item[0]))


#: Station roles on the river's main stem (geodata/stations.csv): the places people know.
MAIN_STEM_ROLES = ("main_stem", "reservoir_inflow")


def key_station(stations: pd.DataFrame) -> pd.Series | None:
    """The river's key figure: its main-stem station nearest the sea that has a value.

    ``stations``: a situation's stations (``station_id``, ``order`` source to sea, ``discharge_m3s``).
    None when no main-stem station has a value.
    """
    main = station_ids_with_role(MAIN_STEM_ROLES)
    candidates = stations[stations["station_id"].astype(str).isin(main) & stations["discharge_m3s"].notna()]
    if candidates.empty:
        return None
    return candidates.sort_values("order", kind="stable").iloc[-1]
