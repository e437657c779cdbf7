"""SMHI's impact-based warnings (IBWW): the high-flow warnings in force, mapped to the rivers' kommuner.

API (SMHI open data, CC BY 4.0): ``{settings.smhi_warnings_url}/warning.json`` with the default base
``https://opendata-download-warnings.smhi.se/ibww/api/version/1``. The format, as documented by
SMHI's open-data pages and seen in public clients (e.g. Home Assistant's SMHI alert integration):
a JSON *list* of warning events::

    [{"id": 5101, "normalProbability": true,
      "event": {"sv": "Höga flöden", "en": "High water discharge", "code": "HIGH_FLOW",
                "mhoClassification": {"sv": "Hydrologi", "code": "HYD"}},
      "warningAreas": [{"id": 8801, "approximateStart": "2026-05-28T06:00:00.000Z",
                        "approximateEnd": "…" (optional), "published": "…",
                        "areaName": {"sv": "Vindelälven"},
                        "warningLevel": {"sv": "Gul", "code": "YELLOW"},   # MESSAGE/YELLOW/ORANGE/RED
                        "eventDescription": {"sv": "Höga flöden", "code": "HIGH_FLOW"},
                        "affectedAreas": [{"id": 24, "sv": "Västerbottens län"}],   # SCB län code
                        "descriptions": [{"title": {"sv": "Var", "code": "WHERE"}, "text": {"sv": "…"}}],
                        "area": <GeoJSON Feature or FeatureCollection, WGS84>}]}]

Times are ISO 8601 in UTC. High-flow warnings usually have no ``approximateEnd`` (in force until
SMHI withdraws them). Only hydrological high-water events are kept (:data:`HIGH_WATER_EVENTS`).

In exercise mode nothing is fetched: real warnings must never mix into an exercise. The frame is
empty with an EXERCISE meta, and :func:`hydrology.situation.build_river_situations` derives ÖVNING
warnings from the exercise flows instead.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pandas as pd
import requests

from geodata.river_kommuner import match_warning_area
from settings import Settings
from sources.errors import BadResponse
from sources.http import build_session, get_parsed
from sources.models import DataOrigin, SourceMeta
from sources.warning_table import (
    WARNING_COLUMNS,
    WARNING_LEVELS,
    WARNINGS_UNITS,
    empty_warnings_frame,
    warnings_in_force,
    with_warning_dtypes,
)

#: SMHI event codes of the warnings this app shows: high flows and flooding from watercourses.
HIGH_WATER_EVENTS: frozenset[str] = frozenset({"HIGH_FLOW", "FLOODING"})

def _sv(block: Any) -> str:
    return str(block.get("sv") or block.get("en") or "") if isinstance(block, dict) else ""


def _utc(text: Any, url: str | None) -> pd.Timestamp:
    if text in (None, ""):
        return pd.NaT
    try:
        stamp = pd.Timestamp(text)
    except (ValueError, TypeError) as exc:
        raise BadResponse(f"warning time {text!r} is not ISO 8601", url=url) from exc
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def parse_warnings(payload: Any, url: str | None = None) -> pd.DataFrame:
    """The high-water warnings in a ``warning.json`` payload, one row per warning area.

    Parameters
    ----------
    payload : the decoded JSON (a list), or its text/bytes.
    url : the URL it came from, only for error messages.

    Returns
    -------
    DataFrame
        Columns :data:`WARNING_COLUMNS`: ``level`` is ``"meddelande"``, ``"gul"``, ``"orange"`` or
        ``"röd"``; ``lan_codes`` the affected län (SCB codes, text, e.g. ``("24",)``);
        ``kommun_codes``/``systems`` the kommuner along our three rivers and the river systems the
        warning concerns (empty tuples for warnings elsewhere); times tz-aware UTC (``valid_to_utc``
        NaT when SMHI gives no end). Sorted by severity (worst first), then start time.

    Raises
    ------
    BadResponse
        Not JSON, not a list of events, or a warning area without a level.
    """
    if isinstance(payload, (bytes, str)):
        try:
            payload = json.loads(payload)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise BadResponse("warning.json is not valid JSON", url=url) from exc
    if not isinstance(payload, list):
        raise BadResponse("warning.json must be a list of warning events", url=url)
    rows = []
    for event in payload:
        if not isinstance(event, dict):
            raise BadResponse("warning.json: an event is not an object", url=url)
        event_block = event.get("event") or {}
        event_code = str(event_block.get("code") or "")
        if event_code not in HIGH_WATER_EVENTS:
            continue
        for area in event.get("warningAreas") or []:
            level_code = str((area.get("warningLevel") or {}).get("code") or "").upper()
            if level_code not in WARNING_LEVELS:
                raise BadResponse(f"warning area {area.get('id')}: unknown level {level_code!r}", url=url)
            level, rank, level_sv = WARNING_LEVELS[level_code]
            affected = area.get("affectedAreas") or []
            lan_codes = tuple(f"{int(a['id']):02d}" for a in affected if isinstance(a, dict) and "id" in a)
            descriptions = [
                (_sv(d.get("title")), _sv(d.get("text"))) for d in area.get("descriptions") or [] if isinstance(d, dict)
            ]
            details = "\n".join(f"{title}: {text}" for title, text in descriptions if text)
            area_name = _sv(area.get("areaName")) or _sv(event.get("areaName"))
            match = match_warning_area(
                " \n".join([area_name, *(text for _, text in descriptions)]), lan_codes, area.get("area")
            )
            rows.append(
                {
                    "warning_id": f"{event.get('id')}-{area.get('id')}",
                    "event_code": event_code,
                    "event_sv": _sv(event_block),
                    "level": level,
                    "level_rank": rank,
                    "level_sv": level_sv,
                    "area_name_sv": area_name,
                    "description_sv": _sv(area.get("eventDescription")) or _sv(event_block),
                    "details_sv": details,
                    "lan_codes": lan_codes,
                    "kommun_codes": match.kommun_codes,
                    "systems": match.systems,
                    "matched_by": match.how,
                    "valid_from_utc": _utc(area.get("approximateStart"), url),
                    "valid_to_utc": _utc(area.get("approximateEnd"), url),
                    "published_utc": _utc(area.get("published"), url),
                    "area_geojson": area.get("area"),
                }
            )
    if not rows:
        return empty_warnings_frame()
    frame = with_warning_dtypes(pd.DataFrame(rows, columns=list(WARNING_COLUMNS)))
    frame = frame.sort_values(["level_rank", "valid_from_utc"], ascending=[False, True], kind="stable")
    return frame.reset_index(drop=True)


def warnings_url(settings: Settings) -> str:
    """The ``warning.json`` URL under the configured base."""
    return f"{settings.smhi_warnings_url}/warning.json"


def get_warnings(
    settings: Settings, session: requests.Session | None = None
) -> tuple[pd.DataFrame, SourceMeta]:
    """SMHI's high-water warnings now, with provenance.

    Live: fetched through the app's cached session (stale copy marked CACHE when SMHI is down).
    Exercise: nothing is fetched; an empty frame with an EXERCISE meta (see the module docstring).

    Raises
    ------
    SourceUnavailable
        SMHI cannot be reached and nothing is cached.
    BadResponse
        SMHI answered with something that is not a warnings list.
    """
    url = warnings_url(settings)
    if settings.is_exercise:
        return empty_warnings_frame(), SourceMeta(
            url=url,
            fetched_at=datetime.now(timezone.utc),
            origin=DataOrigin.EXERCISE,
            source="ÖVNING",
            note="ÖVNING: inga riktiga varningar hämtas; övningsvarningar härleds ur övningsflödena.",
            units=dict(WARNINGS_UNITS),
        )
    session = session or build_session(settings)
    frame, fetched = get_parsed(session, url, lambda body: parse_warnings(body, url=url))
    note = "SMHI svarar inte – visar senast hämtade varningar." if fetched.origin is DataOrigin.CACHE else ""
    return frame, SourceMeta(
        url=url,
        fetched_at=fetched.fetched_at,
        origin=fetched.origin,
        source="ÖVNING" if fetched.origin is DataOrigin.EXERCISE else "SMHI",
        note=note,
        units=dict(WARNINGS_UNITS),
    )


__all__ = [
    "HIGH_WATER_EVENTS", "WARNING_COLUMNS", "WARNING_LEVELS", "empty_warnings_frame", "get_warnings",
    "parse_warnings", "warnings_in_force", "warnings_url",
]
