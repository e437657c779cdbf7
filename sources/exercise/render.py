"""Render scenario data in SMHI's exact hydroobs formats, and answer SMHI's URL paths with it.

The shapes follow the recorded SMHI responses described in :mod:`sources.smhi_hydroobs`; the same
parsers read them. :class:`HydroobsResponder` maps a path below the API base (``/parameter/1.json``,
``/parameter/2/station/2238/period/latest-day/data.json``, ...) to a status, content type and body.
It is used by the exercise transport adapter (marked ÖVNING) and by the fake SMHI server in the tests
(unmarked, posing as SMHI).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

import numpy as np
import pandas as pd

from sources.exercise.scenarios import (
    ARCHIVE_GENERATOR_VERSION,
    ARCHIVE_YEARS,
    ScenarioSpec,
    StationModel,
    build_station_models,
    scenario_discharge,
    synthetic_archive,
)
from sources.smhi_hydroobs import PARAMETERS

QUARTER = timedelta(minutes=15)
#: SMHI's daily value covers the Swedish summer-time day, 22–22 UTC; its timestamp is the start.
DAY_START_HOUR_UTC = 22
PERIOD_SUMMARIES = {
    "latest-hour": "Data från senaste timmen",
    "latest-day": "Data från senaste dygnet",
    "latest-months": "Data från senaste fyra månaderna",
    "corrected-archive": "Kvalitetskontrollerade historiska data (utom de senaste 3 mån)",
}


def _ms(moment: datetime | pd.Timestamp) -> int:
    return int(pd.Timestamp(moment).timestamp() * 1000)


@dataclass(frozen=True)
class Rendered:
    status: int
    content_type: str
    body: bytes


def _json(payload: object) -> Rendered:
    return Rendered(200, "application/json;charset=UTF-8", json.dumps(payload, ensure_ascii=False).encode("utf-8"))


NOT_FOUND = Rendered(404, "text/plain;charset=UTF-8", b"Not Found")


def floor_quarter(moment: datetime) -> datetime:
    moment = moment.astimezone(timezone.utc)
    return moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)


def series_times(period: str, parameter: int, now: datetime) -> pd.DatetimeIndex:
    """Timestamps SMHI would give for ``period`` at ``now`` (UTC): 15-minute steps for parameter 2
    and for latest-hour/day of parameter 1; daily values (22 UTC the day before) for latest-months."""
    end = floor_quarter(now)
    if parameter == 1 and period == "latest-months":
        last_start = end.replace(hour=DAY_START_HOUR_UTC, minute=0)
        if last_start > end:
            last_start -= timedelta(days=1)
        # the day in progress is not complete yet: the last daily value is the day before
        last_start -= timedelta(days=1)
        return pd.date_range(end=last_start, periods=120, freq="D", tz="UTC")
    span = {"latest-hour": timedelta(hours=1), "latest-day": timedelta(days=1),
            "latest-months": timedelta(days=120)}[period]
    if parameter == 1 and period in ("latest-hour", "latest-day"):
        return pd.date_range(end=end, periods=1, freq="15min", tz="UTC")
    return pd.date_range(start=end - span + QUARTER, end=end, freq="15min", tz="UTC")


@dataclass
class HydroobsResponder:
    """Answers hydroobs paths from a scenario at a given moment.

    Attributes
    ----------
    spec : the scenario.
    stations : the curated station table (all of it is listed).
    link_base : the API base written into ``link`` entries.
    latest_override : station id → latest discharge [m³/s]; that station's recent series are scaled so
        their last value equals it (tests place flows in chosen statistical bands).
    removed : station ids missing from listings and answering 404.
    empty : station ids listed but with an empty series.
    archive_only : station ids SMHI lists (daily discharge only, owner ``Extern``, no data period) with a
        corrected archive but 404 for every recent period and no place in the latest-hour station set —
        as SMHI does for the power-station gauges ("… KRV").
    extra_listing : further raw entries of the daily-discharge listing (SMHI's own format), e.g. other
        rivers' stations, listed only: their data answers 404.
    """

    spec: ScenarioSpec
    stations: pd.DataFrame
    link_base: str = "https://opendata-download-hydroobs.smhi.se/api/version/1.0"
    latest_override: dict[str, float] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)
    empty: set[str] = field(default_factory=set)
    archive_only: set[str] = field(default_factory=set)
    extra_listing: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.models: dict[str, StationModel] = build_station_models(self.spec, self.stations)
        self.by_id: dict[str, Mapping] = {str(r["station_id"]): r for _, r in self.stations.iterrows()}

    # ----------------------------------------------------------------------------- values
    def discharge(self, station_id: str, times: pd.DatetimeIndex, now: datetime, daily: bool = False) -> np.ndarray:
        model = self.models[station_id]
        if daily:
            # a daily mean over the 24 h from each start, sampled hourly
            offsets = pd.to_timedelta(np.arange(0, 24), unit="h")
            naive = times.tz_convert(None).to_numpy()
            grid = pd.DatetimeIndex((naive[:, None] + offsets.to_numpy()[None, :]).ravel()).tz_localize("UTC")
            values = scenario_discharge(self.spec, model, grid).reshape(len(times), 24).mean(axis=1)
        else:
            values = scenario_discharge(self.spec, model, times)
        if station_id in self.latest_override:
            at_now = scenario_discharge(self.spec, model, pd.DatetimeIndex([floor_quarter(now)]))[0]
            if at_now > 0:
                values = values * (self.latest_override[station_id] / at_now)
        return np.round(values, 3)

    def _station_block(self, row: Mapping) -> dict:
        return {"key": str(row["station_id"]), "name": str(row["name"]).upper(), "owner": "SMHI",
                "ownerCategory": "CLIMATE", "measuringStations": "CORE", "height": 0.0}

    def _listing_entry(self, parameter: int, row: Mapping, now: datetime) -> dict:
        sid = str(row["station_id"])
        href = f"{self.link_base}/parameter/{parameter}/station/{sid}"
        if sid in self.archive_only:  # as SMHI lists a power-station gauge: owner Extern, no period
            entry = self._listing_entry_with_period(parameter, row, now, sid, href)
            return {**entry, "owner": "Extern", "from": None, "to": None}
        return self._listing_entry_with_period(parameter, row, now, sid, href)

    def _listing_entry_with_period(self, parameter: int, row: Mapping, now: datetime, sid: str, href: str) -> dict:
        return {
            "key": sid, "updated": _ms(floor_quarter(now)),
            "title": f"{PARAMETERS[parameter].name_sv} - {str(row['name']).upper()}",
            "summary": f"Latitud: {row['latitude']:.4f} Longitud: {row['longitude']:.4f}",
            "link": [{"href": f"{href}.json", "rel": "station", "type": "application/json"}],
            "name": str(row["name"]).upper(), "id": sid if not sid.isdigit() else int(sid), "owner": "SMHI",
            "measuringStations": "CORE", "active": True, "from": _ms(datetime(1925, 1, 1, tzinfo=timezone.utc)),
            "to": _ms(floor_quarter(now)), "latitude": float(row["latitude"]), "longitude": float(row["longitude"]),
            "region": None, "catchmentName": str(row["river"]).upper(),
            "catchmentNumber": None,
            "catchmentSize": None if pd.isna(row.get("catchment_km2")) else float(row["catchment_km2"]),
        }

    def listing(self, parameter: int, now: datetime) -> dict:
        stations = [] if parameter == 3 else [
            self._listing_entry(parameter, row, now) for sid, row in self.by_id.items()
            if sid not in self.removed and not (parameter == 2 and sid in self.archive_only)
        ]
        if parameter == 1:
            stations += self.extra_listing
        info = PARAMETERS[parameter]
        return {"key": str(parameter), "updated": _ms(floor_quarter(now)),
                "title": f"{info.name_sv}: Välj station (sedan tidsutsnitt)", "summary": "", "unit": info.unit,
                "link": [{"href": f"{self.link_base}/parameter/{parameter}.json", "rel": "parameter",
                          "type": "application/json"}],
                "stationSet": [{"key": "all", "title": "Alla stationer",
                                "link": [{"href": f"{self.link_base}/parameter/{parameter}/station-set/all.json",
                                          "rel": "stationSet", "type": "application/json"}]}],
                "station": stations}

    def _values(self, station_id: str, parameter: int, period: str, now: datetime) -> list[dict]:
        if station_id in self.empty:
            return []
        times = series_times(period, parameter, now)
        daily = parameter == 1 and period == "latest-months"
        values = self.discharge(station_id, times, now, daily=daily)
        return [{"date": _ms(t), "value": float(v), "quality": "O"} for t, v in zip(times, values, strict=True)]

    def observations(self, station_id: str, parameter: int, period: str, now: datetime) -> dict:
        row = self.by_id[station_id]
        info = PARAMETERS[parameter]
        values = self._values(station_id, parameter, period, now)
        first = values[0]["date"] if values else _ms(floor_quarter(now))
        last = values[-1]["date"] if values else _ms(floor_quarter(now))
        return {
            "updated": last,
            "parameter": {"key": str(parameter), "name": info.name_sv, "summary": "", "unit": info.unit},
            "station": self._station_block(row),
            "period": {"key": period, "from": first, "to": last, "summary": PERIOD_SUMMARIES[period],
                       "sampling": "24 timmar" if parameter == 1 and period == "latest-months" else "15 minuter"},
            "position": [{"from": _ms(datetime(1925, 1, 1, tzinfo=timezone.utc)), "to": last, "height": 0.0,
                          "latitude": float(row["latitude"]), "longitude": float(row["longitude"])}],
            "link": [{"rel": "data", "type": "application/json",
                      "href": f"{self.link_base}/parameter/{parameter}/station/{station_id}/period/{period}/data.json"}],
            "value": values,
        }

    def station_set(self, parameter: int, period: str, now: datetime) -> dict:
        info = PARAMETERS[parameter]
        end = floor_quarter(now)
        stations = []
        for sid, row in self.by_id.items():
            if sid in self.removed or sid in self.archive_only:
                continue
            entry = {"id": int(sid) if sid.isdigit() else sid, "key": sid, "name": str(row["name"]).upper(),
                     "owner": "SMHI", "measuringStations": "CORE", "region": None,
                     "catchmentName": str(row["river"]).upper(), "from": _ms(datetime(1925, 1, 1, tzinfo=timezone.utc)),
                     "to": _ms(end), "latitude": float(row["latitude"]), "longitude": float(row["longitude"]),
                     "value": self._values(sid, parameter, period, now)}
            stations.append(entry)
        return {"updated": _ms(end), "parameter": {"key": str(parameter), "name": info.name_sv, "unit": info.unit},
                "period": {"key": period, "from": _ms(end - timedelta(hours=1)) + 1000, "to": _ms(end),
                           "summary": PERIOD_SUMMARIES[period]},
                "link": [{"href": f"{self.link_base}/parameter/{parameter}/station-set/all/period/{period}/data.json",
                          "rel": "data", "type": "application/json"}],
                "station": stations}

    def station_periods(self, station_id: str, parameter: int, now: datetime) -> dict:
        row = self.by_id[station_id]
        periods = ["latest-hour", "latest-day", "latest-months"] + (["corrected-archive"] if parameter == 1 else [])
        if station_id in self.archive_only:
            periods = ["corrected-archive"]
        href = f"{self.link_base}/parameter/{parameter}/station/{station_id}/period"
        return {"key": station_id, "updated": _ms(floor_quarter(now)), "title": str(row["name"]).upper(),
                "owner": "SMHI", "active": True, "latitude": float(row["latitude"]),
                "longitude": float(row["longitude"]),
                "period": [{"key": p, "updated": _ms(floor_quarter(now)), "title": PERIOD_SUMMARIES[p],
                            "summary": "", "link": [{"href": f"{href}/{p}.json", "rel": "period",
                                                     "type": "application/json"}]} for p in periods]}

    def _archive_arguments(self, station_id: str) -> tuple[float, float, float, date]:
        row = self.by_id[station_id]
        # The corrected archive lags: it ends the day before the scenario starts.
        last_day: date = (self.spec.start_utc - timedelta(days=1)).date()
        return (float(row["mq_m3s"]), float(row["mhq_m3s"]),
                float(row["hq_cv"]) if pd.notna(row["hq_cv"]) else 0.3, last_day)

    def archive_version(self, station_id: str) -> str:
        """A name for the corrected archive :meth:`archive_csv` gives ``station_id``, without making it:
        equal names, equal archives (the generator is deterministic in these arguments)."""
        mq, mhq, cv, last_day = self._archive_arguments(station_id)
        return (f"exercise-{ARCHIVE_GENERATOR_VERSION}:{station_id}:{self.spec.seed}:{last_day.isoformat()}:"
                f"{mq!r}:{mhq!r}:{cv!r}:{ARCHIVE_YEARS}")

    def archive_csv(self, station_id: str, now: datetime) -> bytes:
        row = self.by_id[station_id]
        frame = synthetic_archive(station_id, *self._archive_arguments(station_id), seed=self.spec.seed)
        return render_archive_csv(station_id, str(row["name"]).upper(), float(row["latitude"]),
                                  float(row["longitude"]), frame)

    # ----------------------------------------------------------------------------- routing
    _LISTING = re.compile(r"^/parameter/(\d+)\.json$")
    _STATION = re.compile(r"^/parameter/(\d+)/station/([^/]+)\.json$")
    _DATA = re.compile(r"^/parameter/(\d+)/station/([^/]+)/period/([a-z-]+)/data\.(json|csv)$")
    _SET = re.compile(r"^/parameter/(\d+)/station-set/all/period/([a-z-]+)/data\.json$")

    def respond(self, path: str, now: datetime) -> Rendered:
        """Answer one GET for ``path`` (below the API base, query string removed) at scenario time ``now``."""
        if m := self._LISTING.match(path):
            parameter = int(m.group(1))
            return _json(self.listing(parameter, now)) if parameter in PARAMETERS else NOT_FOUND
        if m := self._SET.match(path):
            parameter, period = int(m.group(1)), m.group(2)
            if parameter not in (1, 2) or period != "latest-hour":
                return NOT_FOUND
            return _json(self.station_set(parameter, period, now))
        if m := self._STATION.match(path):
            parameter, sid = int(m.group(1)), m.group(2)
            if sid not in self.by_id or sid in self.removed or parameter not in (1, 2):
                return NOT_FOUND
            if sid in self.archive_only and parameter != 1:
                return NOT_FOUND
            return _json(self.station_periods(sid, parameter, now))
        if m := self._DATA.match(path):
            parameter, sid, period, fmt = int(m.group(1)), m.group(2), m.group(3), m.group(4)
            if sid not in self.by_id or sid in self.removed or parameter not in (1, 2):
                return NOT_FOUND
            if period == "corrected-archive":
                if parameter != 1 or fmt != "csv":
                    return NOT_FOUND
                return Rendered(200, "text/plain;charset=UTF-8", self.archive_csv(sid, now))
            if sid in self.archive_only:
                return NOT_FOUND
            if fmt != "json" or period not in PERIOD_SUMMARIES:
                return NOT_FOUND
            return _json(self.observations(sid, parameter, period, now))
        return NOT_FOUND


def render_archive_csv(station_id: str, name: str, latitude: float, longitude: float, frame: pd.DataFrame) -> bytes:
    """SMHI's corrected-archive CSV layout (BOM, header block, notes in the 6th column)."""
    first, last = frame["date"].iloc[0], frame["date"].iloc[-1]
    notes = [
        f"Tidsperiod (fr.o.m.) = {first.isoformat()}",
        f"Tidsperiod (t.o.m.) = {last.isoformat()}",
        "",
        "Ett dygnsvärde mäts enligt svensk sommartid, d v s kl 22-22 UTC.",
        "",
        "Kvalitetskoderna:",
        "Grön (G) = Kontrollerade och godkända värden.",
        "Gul (Y) = Grovt kontrollerade värden.",
        "Orange (O) = Okontrollerade värden.",
    ]
    head = [
        "Stationsnamn;StationsId;Stationsnät;Stationens latitud;Stationens longitud",
        f"{name};{station_id};SMHIs stationsnät;{latitude:.4f};{longitude:.4f}",
        "",
        "Parameternamn;Enhet",
        "Vattenföring (Dygn);m³/s",
        "",
        "Datum (svensk sommartid);Vattenföring (Dygn);Kvalitet;;",
    ]
    dates = [d.isoformat() for d in frame["date"]]
    values = [f"{v:.3f}" for v in frame["discharge_m3s"].to_numpy()]
    quality = frame["quality"].tolist()
    rows = [f"{d};{v};{q};;;{notes[i]}" if i < len(notes) else f"{d};{v};{q};"
            for i, (d, v, q) in enumerate(zip(dates, values, quality, strict=True))]
    return ("\ufeff" + "\n".join(head + rows) + "\n").encode("utf-8")
