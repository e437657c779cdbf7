"""Station discovery: SMHI's listing, filtered to the three river systems, joined to the curated table.

How a station is placed in a system, in this order:

1. ``catchmentName`` in SMHI's listing (the *main* catchment: Vindelälven's stations say ``UMEÄLVEN``),
   recorded as ``matched_by="catchment"``. A catchment that names another river (``BYSKEÄLVEN`` for
   KÅTASELET) excludes the station: it is never placed by position, and not by the curated table either;
2. the station id is in the curated table (``geodata/stations.csv``): ``"curated"``;
3. SMHI's ``region`` number (:data:`REGION_SYSTEMS`); another river's number excludes the station;
4. its position lies inside the system's coarse outline below: ``"position"``, flagged
   (``position_only``) and said on screen (:data:`POSITION_ONLY_SV`).

Stations SMHI lists as active inside a system but that the curated table does not know are kept,
appended at the end of their river with ``order`` NaN and ``new=True``, so a new SMHI station shows up
without a code change. A curated station SMHI no longer lists stays in its place with
``in_listing=False`` and :data:`LEFT_LISTING_SV` in ``listing_note_sv`` (with when it was last seen, see
:func:`with_last_seen`); no series are requested for it. Exercise-only curated stations (``OVN…``) exist
only in the exercise scenario's listing and are dropped from live data.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import numpy as np
import pandas as pd
import requests
from shapely import contains_xy
from shapely.geometry import Polygon

from geodata import RIVER_SYSTEMS
from geodata.stations import ROLE_LABELS_SV, read_station_table
from language.sv import format_when
from sources.errors import SourceError
from sources.models import SourceMeta
from sources.smhi_hydroobs import DAILY_DISCHARGE, DISCHARGE_15MIN, WATER_LEVEL, get_station_listing

#: SMHI ``catchmentName`` (upper case, main catchment) → our river system name.
CATCHMENT_NAMES: dict[str, str] = {
    "ÅNGERMANÄLVEN": "Ångermanälven",
    "UMEÄLVEN": "Umeälven",
    "SKELLEFTEÄLVEN": "Skellefteälven",
}

#: Coarse outlines (WGS84 lon, lat) of the three catchments, drawn by hand around the river networks
#: from the mountains to the coast. Only a fallback when SMHI gives no catchment name; a station placed
#: by these is flagged ``matched_by="position"``. Checked in this order where they touch.
SYSTEM_OUTLINES: dict[str, Polygon] = {
    "Umeälven": Polygon([
        (14.3, 65.9), (15.0, 66.35), (16.2, 66.45), (17.3, 66.3), (17.8, 65.9), (18.3, 65.3), (19.4, 64.7),
        (20.4, 63.95), (20.3, 63.7), (19.5, 63.8), (18.6, 64.2), (17.6, 64.6), (16.6, 65.0), (15.4, 65.5),
    ]),
    "Skellefteälven": Polygon([
        (15.9, 66.6), (16.6, 66.9), (17.8, 66.6), (18.6, 66.1), (19.6, 65.5), (20.6, 65.0), (21.3, 64.75),
        (21.1, 64.6), (20.0, 64.75), (19.0, 65.0), (18.3, 65.4), (17.6, 66.2), (16.5, 66.4),
    ]),
    "Ångermanälven": Polygon([
        (13.9, 64.3), (14.4, 65.0), (15.3, 65.45), (16.2, 65.2), (17.0, 64.6), (17.9, 64.0), (18.2, 63.3),
        (17.9, 62.85), (17.4, 62.8), (16.5, 63.2), (15.3, 63.5), (14.2, 63.9),
    ]),
}

#: SMHI's listing ``region`` → system: the number SMHI gives every station on that river's lines (listing
#: recorded 2023-11; ``smhi_region`` in geodata/stations.csv). Another number is another river.
REGION_SYSTEMS: dict[int, str] = {38: "Ångermanälven", 28: "Umeälven", 2: "Skellefteälven"}

LEFT_LISTING_SV = "finns inte längre i SMHI:s stationslista"
POSITION_ONLY_SV = "placerad efter läge (SMHI anger inget avrinningsområde) – kontrollera"

RIVER_STATION_COLUMNS = [
    "station_id", "name", "smhi_name", "river", "watercourse", "order", "role", "role_sv",
    "latitude", "longitude", "catchment_km2", "river_km", "regulated", "mq_m3s", "mhq_m3s", "hq_cv",
    "owner", "measuring_stations", "has_daily", "has_15min", "has_level",
    "curated", "new", "matched_by", "exercise_only", "source", "note",
    "in_listing", "position_only", "uncertain", "listing_note_sv", "last_seen_utc",
]


def _system_by_position(lat: float, lon: float) -> str | None:
    if lat is None or lon is None or np.isnan(lat) or np.isnan(lon):
        return None
    for river, outline in SYSTEM_OUTLINES.items():
        if contains_xy(outline, lon, lat):
            return river
    return None


def _display_name(smhi_name: str) -> str:
    # SMHI writes names in capitals ("SORSELE 2"); on screen we write them as place names.
    return " ".join(word.capitalize() if word.isalpha() else word for word in str(smhi_name).split())


def parse_river_stations(
    listings: Mapping[int, pd.DataFrame],
    curated: pd.DataFrame,
    *,
    exercise: bool,
    river: str | None = None,
) -> pd.DataFrame:
    """The stations of the three systems (or of ``river``), ordered from source to sea per river.

    Parameters
    ----------
    listings : parsed station listings by parameter (1 daily discharge is required; 2 and 3 optional),
        from :func:`sources.smhi_hydroobs.parse_station_listing`.
    curated : the curated table, :func:`geodata.stations.read_station_table`.
    exercise : ``False`` drops exercise-only curated stations even if a listing names them.
    river : one system name, or ``None`` for all three.

    Returns
    -------
    DataFrame with :data:`RIVER_STATION_COLUMNS`.
    """
    if river is not None and river not in RIVER_SYSTEMS:
        raise ValueError(f"unknown river {river!r}; expected one of {RIVER_SYSTEMS}")
    frames = [listings[p] for p in (DAILY_DISCHARGE, DISCHARGE_15MIN) if p in listings]
    listed = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["station_id", "active"])
    listed = listed[listed["active"].astype(bool)].drop_duplicates("station_id", keep="first")

    curated_by_id = curated.set_index("station_id")
    placements = [_place(row, curated_by_id) for row in listed.itertuples(index=False)]
    foreign = {sid for sid, (system, how) in zip(listed["station_id"], placements, strict=True) if how == "foreign"}
    listed = listed.assign(river_from_listing=[p[0] for p in placements], matched_by=[p[1] for p in placements])
    listed = listed[listed["river_from_listing"].notna()]

    def ids_for(parameter: int) -> set[str]:
        frame = listings.get(parameter)
        if frame is None:
            return set()
        return set(frame.loc[frame["active"].astype(bool), "station_id"])

    daily_ids, quarter_ids, level_ids = ids_for(DAILY_DISCHARGE), ids_for(DISCHARGE_15MIN), ids_for(WATER_LEVEL)
    rows = []
    for item in listed.itertuples(index=False):
        known = item.station_id in curated_by_id.index
        cur = curated_by_id.loc[item.station_id] if known else None
        if known and bool(cur["exercise_only"]) and not exercise:
            continue
        position_only = item.matched_by == "position" or (known and cur.get("placed_by") == "position")
        rows.append(
            {
                "station_id": item.station_id,
                "name": cur["name"] if known else _display_name(item.name),
                "smhi_name": item.name,
                "river": cur["river"] if known else item.river_from_listing,
                "watercourse": cur["watercourse"] if known else None,
                "order": float(cur["order"]) if known else np.nan,
                "role": cur["role"] if known else None,
                "role_sv": ROLE_LABELS_SV[cur["role"]] if known else None,
                "latitude": item.latitude,
                "longitude": item.longitude,
                "catchment_km2": cur["catchment_km2"] if known and pd.notna(cur["catchment_km2"]) else item.catchment_size_km2,
                "river_km": cur["river_km"] if known else np.nan,
                "regulated": bool(cur["regulated"]) if known else None,
                "mq_m3s": cur["mq_m3s"] if known else np.nan,
                "mhq_m3s": cur["mhq_m3s"] if known else np.nan,
                "hq_cv": cur["hq_cv"] if known else np.nan,
                "owner": item.owner,
                "measuring_stations": item.measuring_stations,
                "has_daily": item.station_id in daily_ids,
                "has_15min": item.station_id in quarter_ids,
                "has_level": item.station_id in level_ids,
                "curated": known,
                "new": not known,
                "matched_by": item.matched_by if not known or item.matched_by == "catchment" else "curated",
                "exercise_only": bool(cur["exercise_only"]) if known else False,
                "source": cur["source"] if known else "SMHI station listing",
                "note": cur["note"] if known and pd.notna(cur["note"]) else (
                    "" if known else "Ny station i SMHI:s lista, ordning längs älven okänd"),
                "in_listing": True,
                "position_only": bool(position_only),
                "uncertain": bool(cur.get("uncertain", False)) if known else True,
                "listing_note_sv": POSITION_ONLY_SV if position_only else "",
                "last_seen_utc": pd.NaT,
            }
        )
    listed_ids = set(listed["station_id"])
    for sid, cur in curated_by_id.iterrows():
        if sid in listed_ids or sid in foreign or (bool(cur["exercise_only"]) and not exercise):
            continue
        rows.append(_left_listing_row(str(sid), cur))
    frame = pd.DataFrame(rows, columns=RIVER_STATION_COLUMNS)
    if river is not None:
        frame = frame[frame["river"] == river]
    rank = {name: i for i, name in enumerate(RIVER_SYSTEMS)}
    frame = frame.assign(_rank=frame["river"].map(rank))
    frame = frame.sort_values(["_rank", "order", "name"], na_position="last", kind="stable")
    frame = frame.drop(columns="_rank").reset_index(drop=True)
    for column in ("order", "latitude", "longitude", "catchment_km2", "river_km", "mq_m3s", "mhq_m3s", "hq_cv"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    frame["station_id"] = frame["station_id"].astype("object")
    frame["last_seen_utc"] = pd.to_datetime(frame["last_seen_utc"], utc=True)
    return frame


def _place(row, curated_by_id: pd.DataFrame) -> tuple[str | None, str | None]:
    """(system, how) for one listed station; how is ``"foreign"`` when SMHI names another river."""
    if pd.notna(row.catchment_name) and str(row.catchment_name).strip():
        system = CATCHMENT_NAMES.get(str(row.catchment_name).strip().upper())
        return (system, "catchment") if system else (None, "foreign")
    if row.station_id in curated_by_id.index:
        return curated_by_id.at[row.station_id, "river"], "curated"
    region = getattr(row, "region", None)
    if region is not None and pd.notna(region):
        system = REGION_SYSTEMS.get(int(region))
        return (system, "region") if system else (None, "foreign")
    by_position = _system_by_position(row.latitude, row.longitude)
    return by_position, ("position" if by_position else None)


def _left_listing_row(station_id: str, cur: pd.Series) -> dict:
    """A curated station SMHI no longer lists: kept in its place, no series requested."""
    return {
        "station_id": station_id, "name": cur["name"], "smhi_name": cur.get("smhi_name"), "river": cur["river"],
        "watercourse": cur["watercourse"], "order": float(cur["order"]), "role": cur["role"],
        "role_sv": ROLE_LABELS_SV[cur["role"]], "latitude": cur["latitude"], "longitude": cur["longitude"],
        "catchment_km2": cur["catchment_km2"], "river_km": cur["river_km"], "regulated": bool(cur["regulated"]),
        "mq_m3s": cur["mq_m3s"], "mhq_m3s": cur["mhq_m3s"], "hq_cv": cur["hq_cv"], "owner": cur.get("smhi_owner"),
        "measuring_stations": None, "has_daily": False, "has_15min": False, "has_level": False,
        "curated": True, "new": False, "matched_by": "curated", "exercise_only": bool(cur["exercise_only"]),
        "source": cur["source"], "note": cur["note"] if pd.notna(cur["note"]) else "",
        "in_listing": False, "position_only": cur.get("placed_by") == "position",
        "uncertain": bool(cur.get("uncertain", False)), "listing_note_sv": LEFT_LISTING_SV, "last_seen_utc": pd.NaT,
    }


def with_last_seen(stations: pd.DataFrame, last_seen: Mapping[str, datetime], now: datetime) -> pd.DataFrame:
    """The stations with ``last_seen_utc`` [UTC] filled in and, for those SMHI no longer lists, the note
    saying when: ``"finns inte längre i SMHI:s stationslista (senast sedd den 12 maj kl. 14:05)"``.

    ``last_seen`` : station id → when Älvläget last saw it in SMHI's listing (the database,
    :mod:`coordination.station_sightings`); ``now`` [UTC] decides whether the date is written out.
    """
    frame = stations.copy()
    seen = frame["station_id"].astype(str).map(lambda sid: last_seen.get(sid))
    frame["last_seen_utc"] = pd.to_datetime(seen, utc=True)
    gone = ~frame["in_listing"].astype(bool)
    notes = []
    for sid, note, is_gone in zip(frame["station_id"], frame["listing_note_sv"], gone, strict=True):
        when = last_seen.get(str(sid))
        if is_gone:
            note = f"{LEFT_LISTING_SV} (senast sedd {format_when(when, now)})" if when else (
                f"{LEFT_LISTING_SV} (aldrig sedd av Älvläget)")
        notes.append(note)
    frame["listing_note_sv"] = notes
    return frame


def get_river_stations(
    session: requests.Session,
    base_url: str,
    *,
    exercise: bool,
    river: str | None = None,
    curated: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, SourceMeta]:
    """Discover the stations of the three systems from SMHI's listings (network).

    The daily-discharge listing (parameter 1) is required; the 15-minute and water-level listings only
    add the ``has_15min``/``has_level`` flags and are skipped when unavailable.

    Raises
    ------
    SourceError
        When the daily-discharge listing cannot be had (and nothing is cached).
    """
    listings: dict[int, pd.DataFrame] = {}
    listing, meta = get_station_listing(session, base_url, DAILY_DISCHARGE)
    listings[DAILY_DISCHARGE] = listing
    for parameter in (DISCHARGE_15MIN, WATER_LEVEL):
        try:
            listings[parameter], _ = get_station_listing(session, base_url, parameter)
        except SourceError:
            continue
    table = curated if curated is not None else read_station_table()
    return parse_river_stations(listings, table, exercise=exercise, river=river), meta
