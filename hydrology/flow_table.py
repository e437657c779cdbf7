"""The Flöden page's station table, built without Streamlit so it can be tested on plain frames.

One row per station from source to sea with the latest discharge [m³/s] and water level [cm], the
observation time in Europe/Stockholm and its age, SMHI's quality code explained, status in words
and symbol, 24-hour change, rate of rise, a mini trend (the last 30 daily values) and, for a station
whose data could not be had, the reason in Swedish — in its own row, never as a page crash.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd

from language.spreadsheet import spreadsheet_csv

STOCKHOLM = ZoneInfo("Europe/Stockholm")
QUALITY_SV = {"G": "G – kontrollerad", "Y": "Y – grovt kontrollerad/misstänkt", "O": "O – okontrollerad"}
SPARKLINE_DAYS = 30

#: The table's columns, in order, as the user sees them.
FLOW_TABLE_COLUMNS: tuple[str, ...] = (
    "Station",
    "Vattendrag",
    "Status",
    "Flöde [m³/s]",
    "Vattenstånd [cm]",
    "Tid",
    "Ålder [min]",
    "Kvalitet",
    "Ändring 24 h [m³/s]",
    "Stigning [m³/s per timme]",
    "Trend 30 dygn",
    "Anmärkning",
    "Stations-id",
)


#: Said after a gauge's watercourse where the station table's placement is a judgement, not a source.
WATERCOURSE_JUDGEMENT_SV = "bedömning, se Om data"


def format_watercourse_sv(watercourse: str | None, uncertain: bool) -> str:
    """``"Vojmån (bedömning, se Om data)"`` where the watercourse is a judgement; else the name ("" if none)."""
    if not watercourse:
        return ""
    return f"{watercourse} ({WATERCOURSE_JUDGEMENT_SV})" if uncertain else watercourse


def _latest_level(level: pd.DataFrame | None) -> float:
    if level is None or level.empty:
        return math.nan
    values = level["level_cm"].dropna()
    return float(values.iloc[-1]) if len(values) else math.nan


def _sparkline(daily: pd.DataFrame | None) -> list[float]:
    if daily is None or daily.empty:
        return []
    return [float(v) for v in daily["discharge_m3s"].dropna().tail(SPARKLINE_DAYS)]


NEW_STATION_NOTE = "Ny i SMHI:s stationslista – läget längs älven är ännu inte granskat"


def build_flow_table(
    station_rows: pd.DataFrame,
    levels: Mapping[str, pd.DataFrame],
    daily: Mapping[str, pd.DataFrame],
    new_station_ids: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """The station table for one river.

    Parameters
    ----------
    station_rows : :func:`hydrology.situation.station_rows` for the river (source to sea).
    levels : station id → water level frame (``time_utc``, ``level_cm``).
    daily : station id → daily discharge frame (``time_utc``, ``discharge_m3s``).
    new_station_ids : stations SMHI lists that the curated table does not know yet (shown last,
        with :data:`NEW_STATION_NOTE`).

    Returns
    -------
    DataFrame with :data:`FLOW_TABLE_COLUMNS`; ``Tid`` is a naive Europe/Stockholm timestamp
    (shown as local time) or NaT.
    """
    rows = []
    for row in station_rows.itertuples(index=False):
        sid = str(row.station_id)
        time = row.time_utc
        local = time.tz_convert(STOCKHOLM).tz_localize(None) if pd.notna(time) else pd.NaT
        has_value = not math.isnan(row.discharge_m3s)
        rows.append(
            {
                "Station": row.name,
                "Vattendrag": format_watercourse_sv(row.watercourse, getattr(row, "watercourse_uncertain", False)),
                "Status": f"{row.status_symbol} {row.status_sv}" if has_value else "– inget värde",
                "Flöde [m³/s]": row.discharge_m3s,
                "Vattenstånd [cm]": _latest_level(levels.get(sid)),
                "Tid": local,
                "Ålder [min]": round(row.age_min) if not math.isnan(row.age_min) else math.nan,
                "Kvalitet": QUALITY_SV.get(row.quality, row.quality or ""),
                "Ändring 24 h [m³/s]": row.change_24h_m3s,
                "Stigning [m³/s per timme]": row.rate_m3s_per_hour,
                "Trend 30 dygn": _sparkline(daily.get(sid)),
                "Anmärkning": row.error_sv
                or getattr(row, "listing_note_sv", "")
                or ("" if has_value else "Inget aktuellt värde från SMHI")
                or (NEW_STATION_NOTE if sid in new_station_ids else ""),
                "Stations-id": sid,
            }
        )
    return pd.DataFrame(rows, columns=list(FLOW_TABLE_COLUMNS))


def flow_table_csv(table: pd.DataFrame, river: str, fetched_at: datetime | None,
                   exercise_scenario: str | None = None, cached: bool = False) -> bytes:
    """The table as CSV (UTF-8 with BOM so Excel reads å, ä, ö), with a source line on top.

    ``exercise_scenario`` (the scenario's Swedish title) marks the file ÖVNING and names the scenario
    as its source instead of SMHI; ``cached`` says the figures are SMHI's last copy kept on disk.
    ``fetched_at`` [UTC] is shown in Swedish time (scenario time for exercise data). Text cells that a
    spreadsheet would take for a formula (``=``, ``+``, ``-``, ``@``) are neutralised with a leading
    ``'`` (:func:`language.spreadsheet.spreadsheet_csv`, which writes every CSV of the app).
    """
    export = table.drop(columns=["Trend 30 dygn"])
    stamp = fetched_at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M") if fetched_at else "okänd tid"
    if exercise_scenario:
        header = ["ÖVNING — ÖVNING — ÖVNING: inte verkliga flöden",
                  f"{river}: övningsdata ur scenariot ”{exercise_scenario}”, scenariotid {stamp} svensk tid"]
        export.insert(0, "Märkning", "ÖVNING")
    elif cached:
        header = [f"{river}: SMHI Hydrologiska observationer (CC BY 4.0), sparad kopia (SMHI ej nåbart), "
                  f"hämtad {stamp} svensk tid"]
    else:
        header = [f"{river}: SMHI Hydrologiska observationer (CC BY 4.0), hämtat {stamp} svensk tid"]
    return spreadsheet_csv(export, header)
