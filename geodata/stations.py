"""The curated station table (``geodata/stations.csv``): which SMHI stations belong to which river.

Every station of SMHI's daily-discharge listing (recorded 2023-11) that is active and lies in one of
the three systems, including the main-stem stations at the power stations ("… KRV", owner Extern),
plus a few exercise-only stations (``OVN…``) where no SMHI station exists (Nyland, Åsele, Lycksele,
Vännäsby, Bastusel; never shown in live mode).

Columns: SMHI station id, display name, river system (exactly "Ångermanälven", "Umeälven" or
"Skellefteälven"), watercourse, ``order`` along the river from source to sea (a tributary's stations
where it joins), ``role`` (see :data:`ROLE_LABELS_SV`; only ``main_stem`` stations decide a river's
headline), WGS84 position, catchment [km²], ``river_km`` (distance to the sea along the project's river
lines [km]; for a tributary its confluence's distance plus the straight line to it; used for travel
times in the exercise scenarios), reference MQ and MHQ [m³/s] with the Gumbel coefficient of variation of
annual maxima ``hq_cv`` (for the scenario generator only; estimates unless the ``source`` says otherwise).

Evidence columns, from SMHI's listing: ``smhi_name``, ``smhi_owner`` (``SMHI``, ``Extern`` = the dam
owner, ``Extern/SMHI``), ``smhi_from``/``smhi_to`` (the data period; empty for the KRV stations, which
SMHI lists without one and which may have a corrected archive but no recent values), ``smhi_region``
(SMHI's region number: 38 Ångermanälven, 28 Umeälven, 2 Skellefteälven, as every station of each
number lies on that river's lines). ``placed_by`` says how the system was decided (``region``,
``successor`` of a station at the same place, ``position`` only, or ``exercise``); ``nearest_line`` and
``line_distance_km`` [km] are the measured distance to the project's river line
(``geodata/curated/rivers.csv``); ``uncertain`` marks a watercourse or system that is a judgement;
``source``/``note`` say where each fact comes from.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from geodata import RIVER_SYSTEMS

if TYPE_CHECKING:
    import geopandas as gpd

STATIONS_CSV = Path(__file__).resolve().parent / "stations.csv"

ROLE_LABELS_SV: dict[str, str] = {
    "main_stem": "huvudfåra",
    "tributary": "biflöde",
    "reservoir_inflow": "magasin",
    "headwater": "källområde",
}
#: The role whose stations decide a river's headline; the others show as early signs upstream.
DECIDING_ROLE = "main_stem"


class StationTableError(ValueError):
    """The curated station table breaks one of its rules."""


#: path → ((modification time [ns], size [bytes]), checked table): the table is read by several parts of
#: every page run (the key station, the älvschema, the sightings); parsing the CSV each time was about a
#: fifth of a Läget rerun. Keyed by the file's modification time and size, so an edited file is read again.
_TABLES: dict[Path, tuple[tuple[int, int], pd.DataFrame]] = {}
_TABLES_LOCK = threading.Lock()


def read_station_table(path: Path = STATIONS_CSV) -> pd.DataFrame:
    """Read and check the curated station table (parsed once per file version; each caller gets its own copy).

    Returns
    -------
    DataFrame sorted by river (app order) then ``order``; ``station_id`` as str.

    Raises
    ------
    StationTableError
        Unknown river or role, duplicate station id, or missing position.
    """
    return _checked_table(path).copy()


def station_ids_with_role(roles: tuple[str, ...], path: Path = STATIONS_CSV) -> frozenset[str]:
    """The ids of the curated stations whose ``role`` is one of ``roles`` (without copying the table)."""
    table = _checked_table(path)
    return frozenset(table.loc[table["role"].isin(roles), "station_id"].astype(str))


def _checked_table(path: Path) -> pd.DataFrame:
    """The parsed table of this version of the file, shared: callers outside this module get copies."""
    stat = Path(path).stat()
    version = (stat.st_mtime_ns, stat.st_size)
    with _TABLES_LOCK:
        known = _TABLES.get(Path(path))
    if known is None or known[0] != version:
        known = (version, _parse_station_table(Path(path)))
        with _TABLES_LOCK:
            _TABLES[Path(path)] = known
    return known[1]


def _parse_station_table(path: Path) -> pd.DataFrame:
    table = pd.read_csv(path, dtype={"station_id": str, "smhi_region": "Int64"}, keep_default_na=True)
    table["station_id"] = table["station_id"].astype("object")
    for column in ("regulated", "exercise_only", "uncertain"):
        table[column] = table[column].astype(str).str.lower().eq("true")
    bad_river = set(table["river"]) - set(RIVER_SYSTEMS)
    if bad_river:
        raise StationTableError(f"unknown river system(s) in {path.name}: {sorted(bad_river)}")
    bad_role = set(table["role"]) - set(ROLE_LABELS_SV)
    if bad_role:
        raise StationTableError(f"unknown role(s) in {path.name}: {sorted(bad_role)}")
    duplicated = table["station_id"][table["station_id"].duplicated()]
    if not duplicated.empty:
        raise StationTableError(f"duplicate station id(s) in {path.name}: {sorted(duplicated)}")
    if table[["latitude", "longitude"]].isna().any().any():
        raise StationTableError(f"a station without position in {path.name}")
    river_rank = {river: i for i, river in enumerate(RIVER_SYSTEMS)}
    table = table.assign(_rank=table["river"].map(river_rank))
    return table.sort_values(["_rank", "order"], kind="stable").drop(columns="_rank").reset_index(drop=True)


def read_station_points(path: Path = STATIONS_CSV, crs: str = "EPSG:3006") -> gpd.GeoDataFrame:
    """The curated stations as points, in ``crs`` (default SWEREF 99 TM, metres)."""
    import geopandas as gpd  # heavy; only the map needs it

    table = read_station_table(path)
    points = gpd.GeoDataFrame(
        table, geometry=gpd.points_from_xy(table["longitude"], table["latitude"]), crs="EPSG:4326"
    )
    return points.to_crs(crs)
