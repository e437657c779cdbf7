"""What lies downstream of a dam: the river stretch to the sea, the dams below it, kommuner, län and towns.

Pure domain code (no Streamlit, no network): it works on the curated layers from :mod:`geodata.layers`
or on frames a test builds in code. Measuring happens in SWEREF 99 TM (EPSG:3006, metres).

Distances along the river [km] are measured on the project's generalised centre lines and multiplied
by each river's ``length_factor`` (published length / drawn length), because a generalised line cuts
the meanders. They follow confluences: a dam on Faxälven measures down Faxälven to its confluence,
then down Ångermanälven to the sea.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString, Point
from shapely.ops import linemerge, substring

from geodata.layers import (
    read_dams,
    read_kommuner,
    read_kommuner_along_rivers,
    read_lan,
    read_places,
    read_rivers,
)

#: Rivers in the app's systems that have no dams, with the reason shown to the user.
RIVERS_WITHOUT_DAMS: dict[str, str] = {
    "Vindelälven": "Vindelälven är oreglerad (skyddad nationalälv) och har inga dammar.",
}

#: A gauging station counts as lying on a drawn river when it is within this distance of the line [m].
STATION_SNAP_M = 5_000.0


class DownstreamError(ValueError):
    """A downstream question that cannot be answered; ``str(error)`` is a Swedish sentence for the user."""


class UnknownDamError(DownstreamError):
    """The name is not one of the curated dams (or names a river without dams)."""


@dataclass(frozen=True)
class Segment:
    """A piece of a path to the sea: ``river`` from ``start_m`` to ``end_m`` along its drawn line [m]."""

    river: str
    start_m: float
    end_m: float
    offset_km: float  # river distance from the path's start to ``start_m`` [km, scaled]
    factor: float  # the river's length_factor


@dataclass(frozen=True)
class DownstreamReach:
    """The answer of :func:`downstream_of`.

    Attributes
    ----------
    dam : the failing dam's name.
    system : its river system.
    line : the river stretch from the dam to the sea (EPSG:3006).
    dams : downstream dams in order (cascade risk): ``name``, ``river``, ``owners_sv``, ``capacity_mw``,
        ``kommun``, ``distance_km`` [km along the river from the failing dam].
    kommuner : kommuner reached, in order: ``kommun``, ``kommun_kod``, ``lan_kod``, ``lan``,
        ``distance_km`` (where the river enters the kommun; 0 for the dam's own kommun).
    lan : län reached, in order: ``lan_kod``, ``lan``, ``distance_km``.
    places : towns on the way: ``place``, ``kommun``, ``distance_km``.
    """

    dam: str
    system: str
    line: LineString
    dams: pd.DataFrame
    kommuner: pd.DataFrame
    lan: pd.DataFrame
    places: pd.DataFrame
    segments: tuple[Segment, ...] = field(default=())


def path_to_sea(river: str, along_m: float, rivers: gpd.GeoDataFrame) -> list[Segment]:
    """The segments from a point on ``river`` (``along_m`` [m] from its source) down to the sea.

    ``rivers`` is :func:`geodata.layers.read_rivers` (EPSG:3006): a river with ``flows_into`` continues
    on that river from the point where its last vertex meets the parent line.
    """
    by_name = rivers.set_index("river")
    segments: list[Segment] = []
    offset_km = 0.0
    current, start = river, along_m
    for _ in range(len(by_name) + 1):  # a bound, so a cyclic table cannot loop forever
        row = by_name.loc[current]
        length = row.geometry.length
        segments.append(Segment(current, start, length, offset_km, float(row["length_factor"])))
        offset_km += (length - start) * float(row["length_factor"]) / 1000.0
        parent = row["flows_into"]
        if not parent:
            return segments
        mouth = Point(row.geometry.coords[-1])
        current, start = parent, by_name.loc[parent].geometry.project(mouth)
    raise DownstreamError(f"Älvnätet har en slinga vid {river}.")


def distance_on_path(segments: list[Segment], river: str, along_m: float) -> float | None:
    """River distance [km] from the path's start to a point on ``river``; None when not on the path."""
    for segment in segments:
        if segment.river == river and segment.start_m <= along_m <= segment.end_m + 1.0:
            return segment.offset_km + (along_m - segment.start_m) * segment.factor / 1000.0
    return None


def _along(points: gpd.GeoDataFrame, rivers: gpd.GeoDataFrame) -> pd.Series:
    lines = rivers.set_index("river").geometry
    return pd.Series(
        [lines[river].project(point) for river, point in zip(points["river"], points.geometry, strict=True)],
        index=points.index,
    )


def find_dam(name: str, dams: gpd.GeoDataFrame) -> pd.Series:
    """The dam row called ``name`` (case-insensitive, surrounding spaces ignored).

    Raises
    ------
    UnknownDamError
        With a Swedish message; a river without dams (Vindelälven) says so.
    """
    return dam_finder(dams)(name)


def dam_finder(dams: gpd.GeoDataFrame) -> Callable[[str], pd.Series]:
    """:func:`find_dam` for many names on one dam table: the names are indexed once (memory only)."""
    first_row: dict[str, int] = {}
    for number, dam_name in enumerate(dams["name"]):
        if isinstance(dam_name, str):
            first_row.setdefault(dam_name.casefold(), number)
    without_dams = {river.casefold(): reason for river, reason in RIVERS_WITHOUT_DAMS.items()}

    def find(name: str) -> pd.Series:
        wanted = name.strip().casefold()
        if wanted in without_dams:
            raise UnknownDamError(without_dams[wanted])
        if wanted not in first_row:
            raise UnknownDamError(f"Okänd damm: ”{name.strip()}”. Välj en damm ur listan.")
        return dams.iloc[first_row[wanted]]

    return find


def dams_on_river(river: str, dams: gpd.GeoDataFrame | None = None) -> pd.DataFrame:
    """Dams measured on the drawn ``river``, from source to sea (empty for Vindelälven)."""
    dams = read_dams() if dams is None else dams
    return dams[dams["river"] == river].sort_values("order_from_source").reset_index(drop=True)


def downstream_of(
    dam_name: str,
    *,
    dams: gpd.GeoDataFrame | None = None,
    rivers: gpd.GeoDataFrame | None = None,
    kommuner: gpd.GeoDataFrame | None = None,
    lan: gpd.GeoDataFrame | None = None,
    places: gpd.GeoDataFrame | None = None,
    kommuner_along: pd.DataFrame | None = None,
) -> DownstreamReach:
    """Everything downstream of ``dam_name`` down to the sea.

    The layers default to the curated ones; tests pass small frames built in code (EPSG:3006).
    Only kommuner the ``kommuner_along`` table marks ``on_river == "yes"`` for a river on the path are
    reported (plus the dam's own kommun), because SCB's generalised boundaries let a line graze a
    neighbouring kommun (Örnsköldsvik near Hällby).

    Raises
    ------
    UnknownDamError
        Unknown name, or a river without dams.
    """
    dams = read_dams() if dams is None else dams
    rivers = read_rivers() if rivers is None else rivers
    kommuner = read_kommuner() if kommuner is None else kommuner
    lan = read_lan() if lan is None else lan
    places = read_places() if places is None else places
    kommuner_along = read_kommuner_along_rivers() if kommuner_along is None else kommuner_along

    dam = find_dam(dam_name, dams)
    lines = rivers.set_index("river").geometry
    dam_along = lines[dam["river"]].project(dam.geometry)
    segments = path_to_sea(dam["river"], dam_along, rivers)
    pieces = [substring(lines[s.river], s.start_m, s.end_m) for s in segments]
    merged = linemerge(pieces) if len(pieces) > 1 else pieces[0]
    stretch = merged if isinstance(merged, LineString) else LineString(
        [coord for piece in pieces for coord in piece.coords]
    )

    # Downstream dams (the cascade): on the path and below the failing dam. Stations with a
    # distance_exception sit on tributaries off the drawn line, and a structure on an undrawn
    # tributary (drawn where its water reaches the line): the wave does not pass them.
    off_line = (dams["distance_exception"].fillna("") != "") | (dams.get("tributary", pd.Series("", dams.index)).fillna("") != "")
    others = dams[(dams["name"] != dam["name"]) & ~off_line].copy()
    others["_along"] = _along(others, rivers)
    others["distance_km"] = [
        distance_on_path(segments, river, along) for river, along in zip(others["river"], others["_along"], strict=True)
    ]
    # Two structures may share a point (a regulation dam drawn at the power station of the same
    # outlet, coord_quality "proxy"): there the table's order on the river says which one is below.
    same_point_below = (others["distance_km"] == 0) & (others["river"] == dam["river"]) & (
        others["order_from_source"] > dam["order_from_source"])
    below = others[others["distance_km"].notna() & ((others["distance_km"] > 0) | same_point_below)]
    dams_out = below.sort_values(["distance_km", "order_from_source"], kind="stable")[
        ["name", "river", "owners_sv", "capacity_mw", "kommun", "distance_km"]
    ].reset_index(drop=True)

    kommuner_out = _kommuner_reached(dam, segments, lines, kommuner, kommuner_along)
    lan_names = lan.set_index("lan_kod")["lan"]
    kommuner_out.insert(3, "lan", kommuner_out["lan_kod"].map(lan_names))
    lan_out = (
        kommuner_out.groupby(["lan_kod", "lan"], as_index=False, sort=False)["distance_km"].min()
        .sort_values("distance_km").reset_index(drop=True)
    )

    on_path = places[places["river"].isin([s.river for s in segments])].copy()
    on_path["_along"] = _along(on_path, rivers)
    on_path["distance_km"] = [
        distance_on_path(segments, river, along) for river, along in zip(on_path["river"], on_path["_along"], strict=True)
    ]
    places_out = on_path[on_path["distance_km"].notna()].sort_values("distance_km")[
        ["place", "kommun", "distance_km"]
    ].reset_index(drop=True)

    return DownstreamReach(
        dam=str(dam["name"]), system=str(dam["system"]), line=stretch, dams=dams_out,
        kommuner=kommuner_out, lan=lan_out, places=places_out, segments=tuple(segments),
    )


def _kommuner_reached(dam, segments, lines, kommuner, kommuner_along) -> pd.DataFrame:
    rows = {str(dam["kommun_kod"]): 0.0}
    for segment in segments:
        listed = kommuner_along[(kommuner_along["river"] == segment.river) & (kommuner_along["on_river"] == "yes")]
        piece = substring(lines[segment.river], segment.start_m, segment.end_m)
        for _, polygon in kommuner[kommuner["kommun_kod"].isin(listed["kommun_kod"])].iterrows():
            crossing = piece.intersection(polygon.geometry)
            if crossing.is_empty:
                continue
            parts = getattr(crossing, "geoms", [crossing])
            entry_m = min(piece.project(Point(part.coords[0])) for part in parts if not part.is_empty)
            distance = segment.offset_km + entry_m * segment.factor / 1000.0
            code = str(polygon["kommun_kod"])
            rows[code] = min(rows.get(code, distance), distance)
    names = kommuner.set_index("kommun_kod")["kommun"]
    frame = pd.DataFrame({"kommun_kod": list(rows), "distance_km": list(rows.values())})
    frame["kommun"] = frame["kommun_kod"].map(names)
    frame["lan_kod"] = frame["kommun_kod"].str[:2]
    frame = frame.sort_values("distance_km", kind="stable").reset_index(drop=True)
    return frame[["kommun", "kommun_kod", "lan_kod", "distance_km"]]


def stations_on_rivers(stations: pd.DataFrame, rivers: gpd.GeoDataFrame | None = None) -> pd.DataFrame:
    """Snap gauging stations (columns ``lat``, ``lon``) to the nearest drawn river within 5 km.

    Returns the stations that lie on a drawn river, with ``river`` and ``_along`` [m from its source];
    tributary gauges further away are left out (their flow says nothing about the main stem).
    With the curated rivers (``rivers=None``) the snapping is remembered per set of positions, so the
    map's 57 dams and every rerun reuse one computation until a station moves.
    """
    if stations.empty:
        return stations.assign(river=pd.Series(dtype=str), _along=pd.Series(dtype=float))
    positions = tuple(zip(stations["lon"].astype(float), stations["lat"].astype(float), strict=True))
    snaps = _snap_to_curated_rivers(positions) if rivers is None else _snap(positions, rivers)
    snapped = stations.assign(river=[river for river, _along in snaps], _along=[along for _river, along in snaps])
    return snapped[snapped["river"].notna()].reset_index(drop=True)


@lru_cache(maxsize=16)
def _snap_to_curated_rivers(positions: tuple[tuple[float, float], ...]) -> tuple[tuple[str | None, float | None], ...]:
    return _snap(positions, read_rivers())


def _snap(positions: tuple[tuple[float, float], ...],
          rivers: gpd.GeoDataFrame) -> tuple[tuple[str | None, float | None], ...]:
    """(river, metres along it from its source) per (lon, lat) position, or (None, None) beyond 5 km."""
    points = gpd.GeoSeries(gpd.points_from_xy([p[0] for p in positions], [p[1] for p in positions]),
                           crs="EPSG:4326").to_crs(rivers.crs)
    snaps = []
    for point in points:
        distances = rivers.geometry.distance(point)
        nearest = distances.idxmin()
        if distances[nearest] <= STATION_SNAP_M:
            snaps.append((rivers.loc[nearest, "river"], rivers.loc[nearest, "geometry"].project(point)))
        else:
            snaps.append((None, None))
    return tuple(snaps)


def stations_around_dam(
    dam_name: str, stations: pd.DataFrame, *, dams: gpd.GeoDataFrame | None = None,
    rivers: gpd.GeoDataFrame | None = None,
) -> tuple[pd.Series | None, pd.Series | None]:
    """The nearest gauging station just upstream (same river) and just downstream (towards the sea).

    ``stations`` has at least ``name``, ``lat``, ``lon``; returns the two rows (or None) with
    ``distance_km`` [km along the river from the dam; negative upstream].
    """
    dams = read_dams() if dams is None else dams
    snapped = stations_on_rivers(stations, rivers)
    rivers = read_rivers() if rivers is None else rivers
    return _stations_around(find_dam(dam_name, dams), snapped, rivers)


def _stations_around(dam: pd.Series, snapped: pd.DataFrame,
                     rivers: gpd.GeoDataFrame) -> tuple[pd.Series | None, pd.Series | None]:
    """:func:`stations_around_dam` for the dam row ``dam``, on stations already snapped to ``rivers``."""
    if snapped.empty:
        return None, None
    lines = rivers.set_index("river")
    dam_along = lines.geometry[dam["river"]].project(dam.geometry)
    factor = float(lines.loc[dam["river"], "length_factor"])
    same = snapped[(snapped["river"] == dam["river"]) & (snapped["_along"] < dam_along)]
    upstream = None
    if not same.empty:
        upstream = same.loc[same["_along"].idxmax()].copy()
        upstream["distance_km"] = -(dam_along - upstream["_along"]) * factor / 1000.0
    segments = path_to_sea(dam["river"], dam_along, rivers)
    distances = pd.Series(
        [distance_on_path(segments, river, along) for river, along in zip(snapped["river"], snapped["_along"], strict=True)],
        index=snapped.index, dtype=float,
    )
    ahead = distances[distances.notna() & (distances >= 0)]
    downstream = None
    if not ahead.empty:
        downstream = snapped.loc[ahead.idxmin()].copy()
        downstream["distance_km"] = float(ahead.min())
    return upstream, downstream


def stations_around_dams(
    dam_names: Sequence[str], stations: pd.DataFrame
) -> dict[str, tuple[pd.Series | None, pd.Series | None]]:
    """:func:`stations_around_dam` for many dams at once, on the curated dams and rivers.

    The geometry (snapping the stations, each dam's path to the sea, distances along it) depends only
    on the stations' positions, so it is computed once per set of positions and dams and remembered;
    only picking the rows of ``stations`` (with their current flows) is done per call. The map asks
    this for its 57 dams on every rerun.
    """
    positions = tuple(zip(stations["lon"].astype(float), stations["lat"].astype(float), strict=True))
    placements = _placements_around_dams(tuple(dam_names), positions)
    records = stations.to_dict("records")

    def row(placement: tuple[int, dict[str, object]] | None) -> pd.Series | None:
        if placement is None:
            return None
        index, extra = placement
        return pd.Series({**records[index], **extra}, name=stations.index[index], dtype=object)

    return {name: (row(up), row(down)) for name, (up, down) in placements.items()}


_Placement = tuple[int, dict[str, object]] | None


@lru_cache(maxsize=8)
def _placements_around_dams(
    dam_names: tuple[str, ...], positions: tuple[tuple[float, float], ...]
) -> dict[str, tuple[_Placement, _Placement]]:
    """Per dam: (row number, extra columns) of the station just upstream and just downstream."""
    frame = pd.DataFrame({"lon": [p[0] for p in positions], "lat": [p[1] for p in positions],
                          "_row": range(len(positions))})

    def placement(found: pd.Series | None) -> _Placement:
        if found is None:
            return None
        return int(found["_row"]), {"river": found["river"], "_along": found["_along"],
                                    "distance_km": found["distance_km"]}

    # The curated layers read and the stations snapped once for all the dams, not once per dam.
    find = dam_finder(read_dams())
    rivers, snapped = read_rivers(), stations_on_rivers(frame)
    result = {}
    for name in dam_names:
        upstream, downstream = _stations_around(find(name), snapped, rivers)
        result[name] = (placement(upstream), placement(downstream))
    return result
