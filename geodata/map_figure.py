"""Plotly figures for the Karta page: the map (no tiles needed) and the river profile (Älvprofil).

Pure figure building, no Streamlit. The map uses ``go.Scattermap`` with the ``white-bg`` style, so it
reads well offline: our own län and kommun outlines, rivers, gauging stations and dams are the map.
With internet the caller may ask for an OpenStreetMap background.

Offline, MapLibre can only draw circles (other marker symbols need the tile style's sprite sheet),
so a station's status is shown by colour, by the status word and symbol in its legend entry and in
its hover text, and by size (worse statuses are drawn larger) — never by colour alone.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from shapely.geometry import LineString

from geodata.downstream import _along
from geodata.layers import (
    DRAW_CRS,
    DRAW_TOLERANCE_M,
    METRIC_CRS,
    read_dams,
    read_kommuner,
    read_lan,
    read_rivers,
)
from language.sv import format_flow_m3s

#: Owner colours: distinct hues for the big owners, readable on white and on a projector.
# Deliberately not the companies' brand colours: yellow, orange, red, green and blue mean a flow status
# on this map (see hydrology.status), so dams use violet, brown, cyan, magenta and slate.
OWNER_COLOURS: dict[str, str] = {
    "Vattenfall": "#5B2A86",
    "Statkraft": "#008B8B",
    "Uniper": "#A0522D",
    "Skellefteå Kraft": "#D45087",
    "Sollefteå kommun": "#5A6B7B",
}
OTHER_OWNER_COLOUR = "#333333"
RIVER_COLOUR = "#1F5FA8"
HIGHLIGHT_COLOUR = "#D0021B"
NO_STATUS_COLOUR = "#9AA5B1"
NORTHERN_LAN = ("22", "23", "24", "25")  # Västernorrland, Jämtland, Västerbotten, Norrbotten

#: Columns a station-status frame must have (helper B's situation rows plus a position).
STATION_COLUMNS = ("station_id", "name", "lat", "lon", "discharge_m3s", "status_sv", "status_colour", "status_symbol")

LAYER_LABELS_SV: dict[str, str] = {
    "lan": "Länsgränser",
    "kommuner": "Kommungränser",
    "rivers": "Älvar",
    "stations": "Mätstationer",
    "dams": "Dammar och kraftverk",
}
ALL_LAYERS = frozenset(LAYER_LABELS_SV)


#: How far north a structure drawn at another's point is moved on the map [m]: at the dam-failure view's
#: zoom (7) about 8 px, so both markers and their hovers can be told apart. Only a structure whose own
#: position is in no source (``coord_quality`` "proxy") is moved; the other keeps its sourced point.
SHARED_POINT_OFFSET_M = 4_000.0
#: Two structures closer than this count as drawn at one point [m].
SHARED_POINT_TOLERANCE_M = 200.0


def parse_drawn_positions(dams: gpd.GeoDataFrame) -> pd.DataFrame:
    """Where each dam is drawn on the map: ``draw_lon``/``draw_lat`` [WGS84 degrees] and ``shares_point_with``.

    A proxy-placed structure (its own position unknown, drawn where its water reaches the drawn river)
    often stands at a power station's point (Linnvasselv at Gäddede, Storavan-Uddjaur at Bergnäs): it is
    moved :data:`SHARED_POINT_OFFSET_M` north (a second one twice as far), and ``shares_point_with`` names
    the structure whose point it stands for. Every other dam is drawn at its own point (``""``).
    """
    metric = dams.to_crs(METRIC_CRS)
    x, y = metric.geometry.x.to_numpy(), metric.geometry.y.to_numpy()
    names = metric["name"].tolist()
    proxy = (metric["coord_quality"] == "proxy").to_numpy()
    draw_y = y.copy()
    shares = [""] * len(names)
    for i in np.flatnonzero(proxy):
        near = np.hypot(x - x[i], y - y[i]) < SHARED_POINT_TOLERANCE_M
        anchors = list(np.flatnonzero(near & ~proxy))
        stacked = list(np.flatnonzero(near & proxy))
        if not anchors and len(stacked) < 2:
            continue
        shares[i] = names[anchors[0]] if anchors else names[stacked[0] if stacked[0] != i else stacked[1]]
        draw_y[i] = y[i] + SHARED_POINT_OFFSET_M * (stacked.index(i) + 1)
    drawn = gpd.GeoSeries(gpd.points_from_xy(x, draw_y), crs=METRIC_CRS).to_crs(DRAW_CRS)
    return pd.DataFrame({"draw_lon": drawn.x.round(5).to_numpy(), "draw_lat": drawn.y.round(5).to_numpy(),
                         "shares_point_with": shares}, index=dams.index)


@dataclass(frozen=True)
class MapLayers:
    """The drawn layers in WGS84 (EPSG:4326), boundaries simplified for drawing."""

    dams: gpd.GeoDataFrame
    rivers: gpd.GeoDataFrame
    kommuner: gpd.GeoDataFrame
    lan: gpd.GeoDataFrame

    @cached_property
    def outlines(self) -> BoundaryOutlines:
        """The län and kommun outlines ready to draw, computed on first use and kept with these layers:
        static geodata, so with :func:`read_map_layers` once per process, not once per page run."""
        return _boundary_outlines(self.lan, self.kommuner)


@dataclass(frozen=True)
class BoundaryOutlines:
    """Län and kommun boundaries as map coordinates (WGS84 degrees, float32: well under a metre here).

    The outline arrays hold every exterior ring with NaN between rings (one trace each, drawn as gaps);
    numeric arrays are what Plotly validates and sends without walking every point on each page run.
    """

    lan_lon: np.ndarray
    lan_lat: np.ndarray
    kommun_lon: np.ndarray
    kommun_lat: np.ndarray
    label_lon: np.ndarray
    label_lat: np.ndarray
    label_hover: tuple[str, ...]


def _boundary_outlines(lan: gpd.GeoDataFrame, kommuner: gpd.GeoDataFrame) -> BoundaryOutlines:
    lan_lon, lan_lat = _outline_coords(lan.geometry)
    kommun_lon, kommun_lat = _outline_coords(kommuner.geometry)
    points = kommuner.geometry.representative_point()
    lan_names = lan.set_index("lan_kod")["lan"]
    return BoundaryOutlines(
        lan_lon=_drawn(lan_lon), lan_lat=_drawn(lan_lat), kommun_lon=_drawn(kommun_lon),
        kommun_lat=_drawn(kommun_lat), label_lon=_drawn(points.x.round(4)), label_lat=_drawn(points.y.round(4)),
        label_hover=tuple(f"Kommun: {k} ({c})<br>{lan_names.get(c[:2], '')}"
                          for k, c in zip(kommuner["kommun"], kommuner["kommun_kod"], strict=True)),
    )


def _drawn(values: Iterable) -> np.ndarray:
    """Coordinates as a read-only float32 array (None → NaN, a gap in a line)."""
    array = np.array([np.nan if v is None else v for v in values], dtype=np.float32)
    array.flags.writeable = False
    return array


@lru_cache(maxsize=1)
def read_map_layers() -> MapLayers:
    """All layers for drawing (cached; do not modify the frames)."""
    rivers_metric = read_rivers()
    dams = read_dams()
    dams["along_km"] = _along(dams, rivers_metric).to_numpy() * dams["river"].map(
        rivers_metric.set_index("river")["length_factor"]
    ).to_numpy() / 1000.0
    dams = dams.join(parse_drawn_positions(dams))
    kommuner = read_kommuner(simplify_m=DRAW_TOLERANCE_M)
    kommuner = kommuner[kommuner["lan_kod"].isin(NORTHERN_LAN)]
    return MapLayers(
        dams=dams.to_crs(DRAW_CRS),
        rivers=rivers_metric.to_crs(DRAW_CRS),
        kommuner=kommuner.to_crs(DRAW_CRS),
        lan=read_lan(simplify_m=DRAW_TOLERANCE_M).to_crs(DRAW_CRS),
    )


def owner_colour(owner: str) -> str:
    """The legend colour of an owner (dark grey for owners without their own colour)."""
    return OWNER_COLOURS.get(owner, OTHER_OWNER_COLOUR)


def _outline_coords(geometries: Iterable) -> tuple[list, list]:
    """Exterior rings of (multi)polygons as one lon/lat list with None between rings (one trace)."""
    lons: list = []
    lats: list = []
    for geometry in geometries:
        for polygon in getattr(geometry, "geoms", [geometry]):
            xs, ys = polygon.exterior.coords.xy
            lons += [round(x, 4) for x in xs] + [None]
            lats += [round(y, 4) for y in ys] + [None]
    return lons, lats


def _line_coords(line: LineString) -> tuple[list, list]:
    xs, ys = line.coords.xy
    return [round(x, 4) for x in xs], [round(y, 4) for y in ys]


def format_flow_sv(value: float | None) -> str:
    """``"1 234 m³/s"`` (the app's Swedish flow format); ``"värde saknas"`` for no value."""
    return format_flow_m3s(value, missing="värde saknas")


def _station_hover(row: pd.Series) -> str:
    status = f"{row['status_symbol']} {row['status_sv']}" if row.get("status_sv") else "status saknas"
    text = f"<b>{row['name']}</b> (mätstation {row['station_id']})<br>Status: {status}<br>Flöde: {format_flow_sv(row['discharge_m3s'])}"
    # Optional column: when and by whom the value was measured, e.g. "Mätt kl. 09:30 (15 minuter sedan), källa SMHI".
    measured = row.get("measured_sv")
    return f"{text}<br>{measured}" if isinstance(measured, str) and measured else text


def capacity_text_sv(dam: pd.Series) -> str:
    """``"223 MW"``, or the loader's ``capacity_sv`` (a regulation dam has no capacity)."""
    text = dam.get("capacity_sv")
    return text if isinstance(text, str) and text else f"{dam['capacity_mw']:g} MW".replace(".", ",")


def _marker_sizes(capacity_mw: pd.Series, base: float, scale: float) -> pd.Series:
    # A regulation dam (no capacity) is drawn at the smallest size.
    return (base + scale * np.sqrt(capacity_mw.fillna(0.0))).round(1)


def dam_hover_texts(dams: pd.DataFrame, neighbours: dict[str, str] | None = None) -> list[str]:
    """Hover text per dam: owner(s), capacity, kommun, län, watercourse, what is uncertain, nearby gauges."""
    texts = []
    for _, dam in dams.iterrows():
        text = (
            f"<b>{dam['name']}</b><br>Ägare: {dam['owners_sv']}<br>Effekt: {capacity_text_sv(dam)}"
            f"<br>Kommun: {dam['kommun']} ({dam['lan']})<br>Vattendrag: {dam['watercourse']}"
        )
        caveats = dam.get("caveats_sv")
        if isinstance(caveats, str) and caveats:
            text += f"<br><i>{caveats}</i>"
        elif dam.get("coord_quality") == "estimate":
            text += "<br><i>Läget är uppskattat</i>"
        shares = dam.get("shares_point_with")
        if isinstance(shares, str) and shares:
            text += (f"<br>Markören är flyttad {SHARED_POINT_OFFSET_M / 1000:g} km norrut för att inte täcka {shares}; "
                     "punkten den står för är densamma.")
        if neighbours and dam["name"] in neighbours:
            text += "<br>" + neighbours[dam["name"]]
        texts.append(text)
    return texts


def build_map_figure(
    layers: MapLayers,
    systems: Sequence[str],
    *,
    show: Iterable[str] = ALL_LAYERS,
    owners: Sequence[str] | None = None,
    stations: pd.DataFrame | None = None,
    dam_neighbours: dict[str, str] | None = None,
    highlight: LineString | None = None,
    highlight_label: str = "",
    background: bool = False,
) -> go.Figure:
    """The map of the chosen river systems.

    Parameters
    ----------
    layers : from :func:`read_map_layers`.
    systems : river systems to show ("Ångermanälven", "Umeälven", "Skellefteälven").
    show : layer keys to draw (see :data:`LAYER_LABELS_SV`).
    owners : only dams whose main owner is listed (None: all).
    stations : station statuses, columns :data:`STATION_COLUMNS` (``status_sv`` may be empty:
        drawn grey as "status saknas"); None draws no stations.
    dam_neighbours : dam name → extra hover line (e.g. the gauges just up- and downstream with flow).
    highlight : a stretch to highlight (WGS84), e.g. the river below a failing dam.
    background : draw OpenStreetMap tiles under our layers (needs internet).

    Returns
    -------
    A figure whose dam traces carry the dam name as ``customdata`` (for selection on the page).
    """
    show = set(show)
    figure = go.Figure()
    rivers = layers.rivers[layers.rivers["system"].isin(systems)]
    outlines = layers.outlines if {"lan", "kommuner"} & show else None
    if "lan" in show:
        figure.add_trace(go.Scattermap(
            lon=outlines.lan_lon, lat=outlines.lan_lat, mode="lines", name="Länsgräns",
            line={"color": "#4A4A4A", "width": 1.6}, hoverinfo="skip", legendgroup="gränser",
        ))
    if "kommuner" in show:
        figure.add_trace(go.Scattermap(
            lon=outlines.kommun_lon, lat=outlines.kommun_lat, mode="lines", name="Kommungräns",
            line={"color": "#A0A0A0", "width": 0.8}, hoverinfo="skip", legendgroup="gränser",
        ))
        figure.add_trace(go.Scattermap(
            lon=outlines.label_lon, lat=outlines.label_lat, mode="markers", name="Kommun (namn)",
            marker={"size": 6, "color": "#A0A0A0", "opacity": 0.35}, showlegend=False,
            hovertext=outlines.label_hover, hoverinfo="text",
        ))
    if "rivers" in show:
        for _, river in rivers.iterrows():
            lons, lats = _line_coords(river.geometry)
            main = not river["flows_into"]
            figure.add_trace(go.Scattermap(
                lon=lons, lat=lats, mode="lines", name=river["river"], legendgroup="älvar",
                legendgrouptitle={"text": "Älvar"},
                line={"color": RIVER_COLOUR, "width": 3.5 if main else 2.5},
                hovertext=river["river"] + (f" (mynnar i {river['flows_into']})" if not main else ""),
                hoverinfo="text",
            ))
    if highlight is not None:
        lons, lats = _line_coords(highlight)
        figure.add_trace(go.Scattermap(
            lon=lons, lat=lats, mode="lines", name=highlight_label or "Sträcka nedströms",
            line={"color": HIGHLIGHT_COLOUR, "width": 7}, opacity=0.75, hoverinfo="name",
        ))
    if "stations" in show and stations is not None and not stations.empty:
        _add_station_traces(figure, stations)
    if "dams" in show:
        dams = layers.dams[layers.dams["system"].isin(systems)]
        if owners is not None:
            dams = dams[dams["owner_main"].isin(owners)]
        _add_shift_connectors(figure, dams)
        for owner, group in dams.groupby("owner_main", sort=True):
            lon, lat = _drawn_lon_lat(group)
            figure.add_trace(go.Scattermap(
                lon=lon, lat=lat, mode="markers",
                name=owner, legendgroup="ägare", legendgrouptitle={"text": "Kraftverk efter ägare"},
                marker={"size": _marker_sizes(group["capacity_mw"], 7, 1.3), "color": owner_colour(owner),
                        "opacity": 0.9},
                customdata=group["name"].tolist(),
                hovertext=dam_hover_texts(group, dam_neighbours), hoverinfo="text",
            ))
    figure.update_layout(
        map=_map_view(rivers, background),
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=680,
        legend={"yanchor": "top", "y": 0.99, "xanchor": "right", "x": 0.99, "bgcolor": "rgba(255,255,255,0.85)"},
        clickmode="event+select",
    )
    return figure


def _drawn_lon_lat(dams: gpd.GeoDataFrame) -> tuple[pd.Series, pd.Series]:
    """Where the dams are drawn (moved where they share a point, see :func:`parse_drawn_positions`)."""
    if "draw_lon" in dams:
        return dams["draw_lon"], dams["draw_lat"]
    return dams.geometry.x.round(5), dams.geometry.y.round(5)


def _add_shift_connectors(figure: go.Figure, dams: gpd.GeoDataFrame) -> None:
    """A thin line from each moved marker to the point it stands for."""
    if "shares_point_with" not in dams:
        return
    moved = dams[dams["shares_point_with"] != ""]
    if moved.empty:
        return
    lons: list = []
    lats: list = []
    for _, dam in moved.iterrows():
        lons += [dam["draw_lon"], round(dam.geometry.x, 5), None]
        lats += [dam["draw_lat"], round(dam.geometry.y, 5), None]
    figure.add_trace(go.Scattermap(
        lon=lons, lat=lats, mode="lines", name="Flyttad markör", line={"color": "#555555", "width": 1.2},
        hoverinfo="skip", showlegend=False,
    ))


WAVE_FRONT_COLOUR = "#111111"


def add_wave_front(figure: go.Figure, front: LineString, label: str) -> go.Figure:
    """Draw where a dam-failure wave front may be now (a stretch, WGS84) on top of the map; returns ``figure``."""
    lons, lats = _line_coords(front)
    figure.add_trace(go.Scattermap(
        lon=lons, lat=lats, mode="lines", name=label, line={"color": WAVE_FRONT_COLOUR, "width": 11},
        hoverinfo="name",
    ))
    figure.add_trace(go.Scattermap(
        lon=[lons[0], lons[-1]], lat=[lats[0], lats[-1]], mode="markers", name=label, showlegend=False,
        marker={"size": 14, "color": WAVE_FRONT_COLOUR}, hoverinfo="name",
    ))
    return figure


def centre_on(figure: go.Figure, lat: float, lon: float, zoom: float = 7.0) -> go.Figure:
    """Open the map on a point (a failing dam) at ``zoom``; returns ``figure``."""
    figure.update_layout(map_center={"lat": round(lat, 4), "lon": round(lon, 4)}, map_zoom=zoom)
    return figure


def _add_station_traces(figure: go.Figure, stations: pd.DataFrame) -> None:
    frame = stations.copy()
    frame["status_sv"] = frame["status_sv"].fillna("")
    if "status_rank" not in frame:
        frame["status_rank"] = 0
    frame["status_rank"] = frame["status_rank"].fillna(-1)
    groups = frame.groupby(["status_rank", "status_sv"], sort=True)
    for index, ((rank, label), group) in enumerate(groups):
        colour = group["status_colour"].iloc[0] if label else NO_STATUS_COLOUR
        symbol = group["status_symbol"].iloc[0] if label else "?"
        size = 11 + 2 * max(float(rank), 0.0)
        name = f"{symbol} {label}" if label else "? status saknas"
        # A dark disc under the coloured one gives every station a ring, so pale colours stay visible.
        figure.add_trace(go.Scattermap(
            lon=group["lon"], lat=group["lat"], mode="markers", marker={"size": size + 4, "color": "#1A1A1A"},
            hoverinfo="skip", showlegend=False, legendgroup=f"status-{label}",
        ))
        figure.add_trace(go.Scattermap(
            lon=group["lon"], lat=group["lat"], mode="markers", name=name,
            # One heading over all the status entries, not one per status.
            legendgroup=f"status-{label}", legendgrouptitle={"text": "Mätstationer (status)" if index == 0 else ""},
            marker={"size": size, "color": colour},
            hovertext=[_station_hover(row) for _, row in group.iterrows()], hoverinfo="text",
        ))


def _map_view(rivers: gpd.GeoDataFrame, background: bool) -> dict:
    minx, miny, maxx, maxy = rivers.total_bounds if len(rivers) else (14.0, 62.5, 21.5, 66.7)
    span = max(maxx - minx, (maxy - miny) * 2.2, 0.5)
    zoom = max(3.0, min(9.0, math.log2(360.0 / span) - 0.3))
    view = {
        "style": "open-street-map" if background else "white-bg",
        "center": {"lon": round((minx + maxx) / 2, 4), "lat": round((miny + maxy) / 2, 4)},
        "zoom": round(zoom, 2),
    }
    return view


#: The Älvprofil's trace of structures drawn at another's point (their own position is in no source).
STAND_IN_TRACE_SV = "Eget läge okänt (ritad vid en annan anläggning)"


def _stand_in_mask(dams: pd.DataFrame) -> pd.Series:
    """True for a structure drawn at another's point (see :func:`parse_drawn_positions`)."""
    if "shares_point_with" not in dams:
        return pd.Series(False, index=dams.index)
    return dams["shares_point_with"].fillna("") != ""


def _profile_dam_hover(dam: pd.Series, snapped: pd.DataFrame) -> str:
    """A dam's hover on the Älvprofil: owner, capacity, distance from the source [km], what is uncertain,
    nearest gauge's flow."""
    text = (f"<b>{dam['name']}</b><br>Ägare: {dam['owners_sv']}<br>Effekt: {capacity_text_sv(dam)}"
            f"<br>{dam['along_km']:.0f} km från källan")
    caveats = dam.get("caveats_sv")
    if isinstance(caveats, str) and caveats:
        text += f"<br><i>{caveats}</i>"
    if not snapped.empty:
        on_river = snapped[snapped["river"] == dam["river"]]
        if not on_river.empty:
            nearest = on_river.loc[(on_river["km"] - dam["along_km"]).abs().idxmin()]
            text += f"<br>Närmaste mätstation: {nearest['name']} {format_flow_sv(nearest['discharge_m3s'])}"
    return text


def _add_profile_stand_ins(figure: go.Figure, dams: pd.DataFrame, others: pd.DataFrame, snapped: pd.DataFrame) -> None:
    """Structures whose own position is in no source, drawn on the Älvprofil where their water reaches the
    drawn river, i.e. at another structure's distance (Linnvasselv at Gäddede): a hollow ring around that
    structure's marker and a labelled arrow above it, so neither hides the other. Their true distance from
    the source is not known, so none is invented."""
    if dams.empty:
        return
    own = _marker_sizes(dams["capacity_mw"], 8, 1.2)
    anchor = dams["shares_point_with"].map(dict(zip(others["name"], _marker_sizes(others["capacity_mw"], 8, 1.2),
                                                     strict=True))).fillna(0.0)
    hover = [
        _profile_dam_hover(dam, snapped) + f"<br><i>Eget läge finns inte i källorna: ritad där vattnet når "
        f"{dam['river']}, vid {dam['shares_point_with']}. Avstånd och ankomsttider nedströms blir för korta.</i>"
        for _, dam in dams.iterrows()
    ]
    figure.add_trace(go.Scatter(
        x=dams["along_km"].round(1).tolist(), y=dams["river"].tolist(), mode="markers", name=STAND_IN_TRACE_SV,
        marker={"symbol": "circle-open", "size": (np.maximum(own, anchor) + 10).round(1).tolist(),
                "color": "#1A1A1A", "line": {"width": 2}},
        hovertext=hover, hoverinfo="text", customdata=dams["name"].tolist(),
    ))
    stacked: dict[tuple[str, float], int] = {}
    for _, dam in dams.iterrows():
        point = (dam["river"], round(float(dam["along_km"]), 1))
        stacked[point] = stacked.get(point, 0) + 1
        figure.add_annotation(
            x=point[1], y=point[0], text=f"{dam['name']} (läge okänt)", showarrow=True, arrowhead=2,
            arrowwidth=1, ax=0, ay=-26 * stacked[point], font={"size": 11, "color": "#1A1A1A"},
            bgcolor="rgba(255,255,255,0.85)",
        )


def build_profile_figure(
    layers: MapLayers,
    systems: Sequence[str],
    *,
    stations: pd.DataFrame | None = None,
) -> go.Figure:
    """Älvprofil: each drawn river of the chosen systems as a row from source (0 km) to sea/confluence.

    Dams are drawn in order along the river [km from source, scaled by the river's length factor],
    sized by capacity and coloured by owner; gauging stations (``stations`` as for the map, snapped
    to the rivers) as diamonds with their current flow. Hover shows owner, capacity and the flow at
    the nearest gauge.
    """
    from geodata.downstream import stations_on_rivers

    rivers = layers.rivers[layers.rivers["system"].isin(systems)].reset_index(drop=True)
    metric = read_rivers().set_index("river")
    figure = go.Figure()
    names = list(rivers["river"])[::-1]  # top row = first river
    snapped = pd.DataFrame()
    if stations is not None and not stations.empty:
        snapped = stations_on_rivers(stations)
        snapped["km"] = snapped["_along"] / 1000.0 * snapped["river"].map(metric["length_factor"])
    for _, river in rivers.iterrows():
        length = float(metric.loc[river["river"], "drawn_length_km"] * metric.loc[river["river"], "length_factor"])
        end = "havet" if not river["flows_into"] else river["flows_into"]
        figure.add_trace(go.Scatter(
            x=[0, round(length, 1)], y=[river["river"]] * 2, mode="lines", line={"color": RIVER_COLOUR, "width": 4},
            showlegend=False, hovertext=[f"{river['river']}: källan", f"{river['river']}: mynnar i {end}, {length:.0f} km"],
            hoverinfo="text",
        ))
    dams = layers.dams[layers.dams["river"].isin(rivers["river"])]
    stand_ins = _stand_in_mask(dams)
    for owner, group in dams[~stand_ins].groupby("owner_main", sort=True):
        hover = [_profile_dam_hover(dam, snapped) for _, dam in group.iterrows()]
        figure.add_trace(go.Scatter(
            x=group["along_km"].round(1).tolist(), y=group["river"].tolist(), mode="markers", name=owner,
            marker={"size": _marker_sizes(group["capacity_mw"], 8, 1.2), "color": owner_colour(owner),
                    "line": {"color": "#1A1A1A", "width": 1}},
            hovertext=hover, hoverinfo="text", customdata=group["name"].tolist(),
        ))
    _add_profile_stand_ins(figure, dams[stand_ins], dams[~stand_ins], snapped)
    if not snapped.empty:
        shown = snapped[snapped["river"].isin(rivers["river"])]
        if not shown.empty:
            figure.add_trace(go.Scatter(
                x=shown["km"].round(1).tolist(), y=shown["river"].tolist(), mode="markers+text", name="Mätstation (flöde nu)",
                marker={"symbol": "diamond", "size": 11, "color": shown["status_colour"].replace("", NO_STATUS_COLOUR).fillna(NO_STATUS_COLOUR).tolist(),
                        "line": {"color": "#1A1A1A", "width": 1}},
                text=[format_flow_sv(v) for v in shown["discharge_m3s"]], textposition="top center",
                hovertext=[_station_hover(row) for _, row in shown.iterrows()], hoverinfo="text",
            ))
    figure.update_layout(
        xaxis={"title": {"text": "Avstånd från källan längs älven (km)"}, "rangemode": "tozero"},
        yaxis={"categoryorder": "array", "categoryarray": names, "title": {"text": ""}},
        height=140 + 90 * len(rivers), margin={"l": 10, "r": 10, "t": 30, "b": 40},
        legend={"title": {"text": "Kraftverk efter ägare"}},
        plot_bgcolor="white",
    )
    return figure
