"""SMHI's hydrological observations API (``opendata-download-hydroobs``): parsers and thin getters.

Where each format detail comes from
-----------------------------------
* API traversal and "all dates in the JSON answers are Unix time stamps [ms, UTC]":
  SMHI's API documentation, https://opendata.smhi.se/apidocs/hydroobs (levels Category → Version →
  Parameter → Station / Station Set → Period → Data).
* Station listing ``parameter/{id}.json``: a recorded real response (Nov 2023, public repository
  TheToddmeister/wwn_api, ``src/dev/json/smih/allFlow24h.json``): top level ``key``, ``title``,
  ``unit``, ``link``, ``stationSet``, ``station``; each station ``key`` (str), ``id`` (int), ``name``,
  ``owner``, ``measuringStations`` (``CORE`` = SMHI's controlled network, ``ADDITIONAL`` = others),
  ``active``, ``from``/``to`` (epoch ms, may be null), ``latitude``, ``longitude``, ``region``.
  Newer listings (clients written in 2026) also carry ``catchmentName`` (the *main* catchment,
  e.g. Vindelälven's stations say ``UMEÄLVEN``), ``catchmentNumber`` and ``catchmentSize`` [km²].
* Station set ``parameter/2/station-set/all/period/latest-hour/data.json``: a recorded real response
  (Dec 2023, same repository, ``allStations.json``): ``updated``, ``parameter`` {key, name, unit},
  ``period`` {key, from, to, summary}, ``link``, ``station`` [{id, key, name, owner, measuringStations,
  region, from, to, latitude, longitude, value: [{date, value, quality}]}]. SMHI-network stations
  report their last hour as 15-minute values; ``value`` may be empty.
* Station data ``.../period/{key}/data.json``: ``value`` [{date (epoch ms UTC), value, quality}] beside
  ``parameter``, ``station``, ``period``, ``position`` (clients of the API, 2024–2026).
* Periods: ``latest-hour``, ``latest-day``, ``latest-months``, ``corrected-archive``; not every station
  has every period (hydropower companies' stations, names ending "KRV", often only have the archive).
* Corrected archive ``.../corrected-archive/data.csv`` (recorded real file, station 1111 BERGLUNDA):
  UTF-8 (with BOM), ``;``-separated; a header block ``Stationsnamn;StationsId;Stationsnät;Stationens
  latitud;Stationens longitud`` + one row, blank line, ``Parameternamn;Enhet`` + one row, blank line,
  then ``Datum (svensk sommartid);Vattenföring (Dygn);Kvalitet;;`` and rows ``1923-01-01;59.0000;G;;;``;
  the first rows carry free-text notes in the 6th column ("Ett dygnsvärde mäts enligt svensk
  sommartid, d v s kl 22-22 UTC" and the quality code legend).
* Parameters: 1 Vattenföring (Dygn) [m³/s], 2 Vattenföring (15 min) [m³/s], 3 Vattenstånd [cm]
  (also 4–10: temperature, ice, snow, monthly discharge; not used here).
* Quality codes (the CSV legend above and SMHI's product sheets): G green = controlled and approved,
  Y yellow = coarsely controlled, suspect or aggregated, O orange = not controlled.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pandas as pd
import requests

from sources.errors import BadResponse, NoDataError, SourceError
from sources.http import Fetched, get_parsed
from sources.models import SMHI_SOURCE_NAME, DataOrigin, SourceMeta

EXERCISE_SOURCE_NAME = "ÖVNING"


@dataclass(frozen=True)
class Parameter:
    """One SMHI hydroobs parameter and how we name its values."""

    key: int
    name_sv: str
    column: str
    unit: str


PARAMETERS: dict[int, Parameter] = {
    1: Parameter(1, "Vattenföring (Dygn)", "discharge_m3s", "m³/s"),
    2: Parameter(2, "Vattenföring (15 min)", "discharge_m3s", "m³/s"),
    3: Parameter(3, "Vattenstånd", "level_cm", "cm"),
}
DAILY_DISCHARGE, DISCHARGE_15MIN, WATER_LEVEL = 1, 2, 3

#: SMHI quality code → (Swedish, English) explanation.
QUALITY_CODES: dict[str, tuple[str, str]] = {
    "G": ("Kontrollerade och godkända värden", "Controlled and approved values"),
    "Y": (
        "Grovt kontrollerade, misstänkta eller aggregerade värden",
        "Coarsely controlled, suspect or aggregated values",
    ),
    "O": ("Okontrollerade värden", "Values not controlled"),
}

PERIODS = ("latest-hour", "latest-day", "latest-months", "corrected-archive")

STATION_COLUMNS = [
    "station_id", "name", "owner", "measuring_stations", "active", "from_utc", "to_utc",
    "latitude", "longitude", "region", "catchment_name", "catchment_number", "catchment_size_km2",
]


def parameter_info(parameter: int) -> Parameter:
    try:
        return PARAMETERS[int(parameter)]
    except (KeyError, ValueError) as exc:
        raise ValueError(f"unsupported SMHI hydroobs parameter {parameter!r}; use 1, 2 or 3") from exc


# --------------------------------------------------------------------------------------- URLs
def station_listing_url(base_url: str, parameter: int) -> str:
    return f"{base_url}/parameter/{int(parameter)}.json"


def observations_url(base_url: str, station_id: str, parameter: int, period: str, fmt: str = "json") -> str:
    return f"{base_url}/parameter/{int(parameter)}/station/{station_id}/period/{period}/data.{fmt}"


def station_set_url(base_url: str, parameter: int, period: str = "latest-hour") -> str:
    return f"{base_url}/parameter/{int(parameter)}/station-set/all/period/{period}/data.json"


# ------------------------------------------------------------------------------------ parsers
def _epoch_ms_to_utc(values: Any) -> pd.Series:
    numbers = pd.to_numeric(pd.Series(values, dtype="object"), errors="coerce")
    return pd.to_datetime(numbers, unit="ms", utc=True).astype("datetime64[ns, UTC]")


def _require(payload: Any, key: str, what: str) -> Any:
    if not isinstance(payload, dict) or key not in payload:
        raise BadResponse(f"{what}: expected a JSON object with {key!r}")
    return payload[key]


def _text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def parse_station_listing(payload: dict) -> pd.DataFrame:
    """Stations of one parameter listing (``parameter/{id}.json``), one row per station.

    Columns: ``station_id`` (str, SMHI key, e.g. ``"2238"`` SORSELE 2), ``name``, ``owner``,
    ``measuring_stations`` (CORE/ADDITIONAL), ``active`` (bool), ``from_utc``/``to_utc`` (tz-aware UTC,
    NaT when SMHI gives null), ``latitude``/``longitude`` (WGS84), ``region`` (Int64),
    ``catchment_name`` (SMHI's main-catchment name, upper case, or None), ``catchment_number``
    (Int64), ``catchment_size_km2`` [km²].

    Raises
    ------
    BadResponse
        When the payload is not a station listing.
    """
    stations = _require(payload, "station", "station listing")
    if not isinstance(stations, list):
        raise BadResponse("station listing: 'station' is not a list")
    rows = []
    for item in stations:
        if not isinstance(item, dict) or item.get("key") is None:
            raise BadResponse("station listing: a station without 'key'")
        rows.append(
            {
                "station_id": str(item["key"]).strip(),
                "name": _text_or_none(item.get("name")) or str(item["key"]),
                "owner": _text_or_none(item.get("owner")),
                "measuring_stations": _text_or_none(item.get("measuringStations")),
                "active": bool(item.get("active", True)),
                "from_utc": item.get("from"),
                "to_utc": item.get("to"),
                "latitude": item.get("latitude"),
                "longitude": item.get("longitude"),
                "region": item.get("region"),
                "catchment_name": _text_or_none(item.get("catchmentName")),
                "catchment_number": item.get("catchmentNumber"),
                "catchment_size_km2": item.get("catchmentSize"),
            }
        )
    frame = pd.DataFrame(rows, columns=STATION_COLUMNS)
    frame["station_id"] = frame["station_id"].astype("object")
    frame["active"] = frame["active"].astype(bool)
    frame["from_utc"] = _epoch_ms_to_utc(frame["from_utc"].tolist())
    frame["to_utc"] = _epoch_ms_to_utc(frame["to_utc"].tolist())
    for column in ("latitude", "longitude", "catchment_size_km2"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    for column in ("region", "catchment_number"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    return frame.reset_index(drop=True)


def _values_frame(values: Any, parameter: int, what: str) -> pd.DataFrame:
    info = parameter_info(parameter)
    if values is None:
        values = []
    if not isinstance(values, list):
        raise BadResponse(f"{what}: 'value' is not a list")
    dates, numbers, qualities = [], [], []
    for item in values:
        if not isinstance(item, dict) or "date" not in item:
            raise BadResponse(f"{what}: a value without 'date'")
        dates.append(item["date"])
        numbers.append(item.get("value"))
        quality = item.get("quality")
        qualities.append(None if quality in (None, "") else str(quality))
    frame = pd.DataFrame(
        {
            "time_utc": _epoch_ms_to_utc(dates),
            # SMHI sends numbers (sometimes as strings) or null for a missing value: null stays NaN.
            info.column: pd.to_numeric(pd.Series(numbers, dtype="object"), errors="coerce").astype("float64"),
            "quality": pd.Series(qualities, dtype="object"),
        }
    )
    if frame["time_utc"].isna().any():
        raise BadResponse(f"{what}: a value with an unreadable date")
    return frame.sort_values("time_utc", kind="stable").reset_index(drop=True)


def _payload_parameter(payload: dict, default: int | None) -> int:
    block = payload.get("parameter") if isinstance(payload, dict) else None
    if isinstance(block, dict) and block.get("key") is not None:
        try:
            return int(block["key"])
        except (TypeError, ValueError):
            pass
    if default is None:
        raise BadResponse("observations: no parameter block and no parameter given")
    return default


def parse_observations(payload: dict, parameter: int | None = None) -> pd.DataFrame:
    """One station's observations (``.../period/{key}/data.json``) as a frame.

    Columns: ``time_utc`` (tz-aware UTC; for daily values the start of SMHI's day, 22 or 23 UTC the day
    before, because a daily value covers the Swedish summer-time day), ``discharge_m3s`` [m³/s] for
    parameters 1 and 2 or ``level_cm`` [cm] for parameter 3, ``quality`` (SMHI code, see
    :data:`QUALITY_CODES`). Missing values stay as NaN rows; an empty ``value`` list gives an empty frame.

    Raises
    ------
    BadResponse
        When the payload has no ``value`` list or a value has no readable date.
    """
    what = "observations"
    values = _require(payload, "value", what)
    return _values_frame(values, _payload_parameter(payload, parameter), what)


def parse_station_set_latest(payload: dict, parameter: int | None = None) -> pd.DataFrame:
    """The latest value of every station in a station-set response (``station-set/all/...``).

    One row per station that reported a value: ``station_id``, ``name``, ``latitude``, ``longitude``,
    ``time_utc`` (tz-aware UTC), ``discharge_m3s`` or ``level_cm``, ``quality``. The *latest* value is
    the last non-missing one; stations with an empty or all-missing series are left out.
    """
    stations = _require(payload, "station", "station set")
    param = _payload_parameter(payload, parameter)
    info = parameter_info(param)
    rows = []
    for item in stations:
        if not isinstance(item, dict) or item.get("key") is None:
            raise BadResponse("station set: a station without 'key'")
        values = item.get("value") or []
        if not isinstance(values, list):
            raise BadResponse("station set: 'value' is not a list")
        # Plain Python scan: one response holds every station, a frame per station would be slow.
        latest = None
        for value in values:
            if not isinstance(value, dict) or "date" not in value:
                raise BadResponse("station set: a value without 'date'")
            try:
                number = float(value.get("value"))
            except (TypeError, ValueError):
                continue
            if number != number:  # NaN
                continue
            if latest is None or value["date"] >= latest[0]:
                latest = (value["date"], number, value.get("quality"))
        if latest is None:
            continue
        rows.append(
            {
                "station_id": str(item["key"]).strip(),
                "name": _text_or_none(item.get("name")) or str(item["key"]),
                "latitude": item.get("latitude"),
                "longitude": item.get("longitude"),
                "time_utc": latest[0],
                info.column: latest[1],
                "quality": None if latest[2] in (None, "") else str(latest[2]),
            }
        )
    columns = ["station_id", "name", "latitude", "longitude", "time_utc", info.column, "quality"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["station_id"] = frame["station_id"].astype("object")
    frame["time_utc"] = _epoch_ms_to_utc(frame["time_utc"].tolist())
    if frame["time_utc"].isna().any():
        raise BadResponse("station set: a value with an unreadable date")
    for column in ("latitude", "longitude", info.column):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    frame["quality"] = frame["quality"].astype("object")
    return frame.reset_index(drop=True)


ARCHIVE_HEADER_DATE = "Datum (svensk sommartid)"


def parse_archive_csv(text: str) -> pd.DataFrame:
    """SMHI's corrected daily archive (``.../corrected-archive/data.csv``) as a frame.

    Columns: ``date`` (``datetime.date``, the Swedish summer-time day the value covers: 22–22 UTC,
    i.e. a plain local date, not a timestamp), ``discharge_m3s`` [m³/s, daily mean], ``quality``.
    The header block and the notes SMHI writes in the trailing columns are skipped; an empty value
    stays NaN.

    Raises
    ------
    BadResponse
        When the text has no ``Datum (svensk sommartid)`` table header.
    """
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    header_at = next((i for i, line in enumerate(lines) if line.startswith(ARCHIVE_HEADER_DATE)), None)
    if header_at is None:
        raise BadResponse("corrected archive: no 'Datum (svensk sommartid)' table header")
    # Rows carry SMHI's free-text notes in trailing columns, so their field counts differ: split each
    # line ourselves (pandas' python engine would cost ~0.25 s per century-long archive).
    rows = [(line.split(";", 3) + ["", ""])[:3] for line in lines[header_at + 1:] if line.strip()]
    raw = pd.DataFrame(rows, columns=["date", "value", "quality"], dtype="object")
    dates = pd.to_datetime(raw["date"].astype("object"), format="%Y-%m-%d", errors="coerce")
    keep = dates.notna()
    values = pd.to_numeric(raw["value"].astype("object").where(keep), errors="coerce")
    quality = raw["quality"].astype("object").map(lambda q: (str(q).strip() or None) if q is not None else None)
    frame = pd.DataFrame(
        {
            "date": pd.Series(dates[keep].dt.date.to_numpy(), dtype="object"),
            "discharge_m3s": values[keep].astype("float64").to_numpy(),
            "quality": pd.Series(quality[keep].tolist(), dtype="object"),
        }
    )
    return frame.reset_index(drop=True)


def _decode_json(content: bytes) -> Any:
    try:
        return json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadResponse("malformed JSON") from exc


def _meta(fetched: Fetched, units: dict[str, str], station_id: str | None = None,
          station_name: str | None = None, note: str = "") -> SourceMeta:
    source = EXERCISE_SOURCE_NAME if fetched.origin is DataOrigin.EXERCISE else SMHI_SOURCE_NAME
    if fetched.origin is DataOrigin.CACHE and not note:
        note = "SMHI svarar inte – sparade data"
    return SourceMeta(
        url=fetched.url, fetched_at=fetched.fetched_at, origin=fetched.origin, source=source, note=note,
        units=dict(units), station_id=station_id, station_name=station_name,
    )


def _with_context(exc: SourceError, station_id: str | None, url: str) -> SourceError:
    if exc.station_id is None and station_id is not None:
        exc.station_id = station_id
    if exc.url is None:
        exc.url = url
    return exc


# ------------------------------------------------------------------------------------ getters
# Each getter hands its parser to :func:`sources.http.get_parsed`: a body the parser refuses (broken
# JSON/CSV, an empty series) is never cached and is answered from the cache's last good copy.
def get_station_listing(session: requests.Session, base_url: str, parameter: int) -> tuple[pd.DataFrame, SourceMeta]:
    """All stations SMHI lists for ``parameter`` (network). See :func:`parse_station_listing`."""
    url = station_listing_url(base_url, parameter)

    frame, fetched = get_parsed(session, url, lambda content: parse_station_listing(_decode_json(content)))
    return frame, _meta(fetched, {})


def get_observations(
    session: requests.Session, base_url: str, station_id: str, parameter: int, period: str,
) -> tuple[pd.DataFrame, SourceMeta]:
    """One station's series for ``parameter`` and ``period`` (network). See :func:`parse_observations`.

    Raises
    ------
    NoDataError
        404, or the series is empty (SMHI lists the station but has no values for the period) and
        the cache has no earlier copy.
    SourceUnavailable
        SMHI unreachable or its answer unreadable, and no good copy cached.
    """
    info = parameter_info(parameter)
    url = observations_url(base_url, station_id, parameter, period)

    def parse(content: bytes) -> tuple[pd.DataFrame, Any]:
        payload = _decode_json(content)
        try:
            frame = parse_observations(payload, parameter)
        except BadResponse as exc:
            raise _with_context(exc, station_id, url) from exc
        if frame.empty:
            raise NoDataError(
                f"empty series for period {period}", url=url, station_id=station_id,
                message_sv=f"SMHI har inga aktuella värden för station {station_id}.",
            )
        return frame, payload

    (frame, payload), fetched = get_parsed(session, url, parse, station_id=station_id)
    station_block = payload.get("station") if isinstance(payload, dict) else None
    name = _text_or_none(station_block.get("name")) if isinstance(station_block, dict) else None
    return frame, _meta(fetched, {info.column: info.unit}, station_id, name)


def get_archive(session: requests.Session, base_url: str, station_id: str,
                parameter: int = DAILY_DISCHARGE) -> tuple[pd.DataFrame, SourceMeta]:
    """A station's corrected daily archive (network). See :func:`parse_archive_csv`."""
    url = observations_url(base_url, station_id, parameter, "corrected-archive", fmt="csv")

    def parse(content: bytes) -> pd.DataFrame:
        try:
            frame = parse_archive_csv(content.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise BadResponse("corrected archive is not UTF-8", url=url, station_id=station_id) from exc
        except BadResponse as exc:
            raise _with_context(exc, station_id, url) from exc
        if frame.empty:
            raise NoDataError("empty corrected archive", url=url, station_id=station_id)
        return frame

    frame, fetched = get_parsed(session, url, parse, station_id=station_id)
    return frame, _meta(fetched, {"discharge_m3s": "m³/s"}, station_id)


def get_latest_all(session: requests.Session, base_url: str,
                   parameter: int = DISCHARGE_15MIN) -> tuple[pd.DataFrame, SourceMeta]:
    """The latest value of every SMHI station in one request (``station-set/all/period/latest-hour``)."""
    info = parameter_info(parameter)
    url = station_set_url(base_url, parameter)

    def parse(content: bytes) -> pd.DataFrame:
        try:
            return parse_station_set_latest(_decode_json(content), parameter)
        except BadResponse as exc:
            raise _with_context(exc, None, url) from exc

    frame, fetched = get_parsed(session, url, parse)
    return frame, _meta(fetched, {info.column: info.unit})


__all__ = [
    "PARAMETERS", "QUALITY_CODES", "PERIODS", "Parameter", "parameter_info",
    "parse_station_listing", "parse_observations", "parse_station_set_latest", "parse_archive_csv",
    "get_station_listing", "get_observations", "get_archive", "get_latest_all",
    "station_listing_url", "observations_url", "station_set_url",
]
