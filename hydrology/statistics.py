"""Characteristic flows of a station from SMHI's corrected daily archive, for all stations at once.

Input: per station the corrected-archive daily frame of :mod:`sources.smhi_hydroobs`, columns
``date`` (the local Swedish date the daily mean covers; SMHI's daily value is the mean of that day),
``discharge_m3s`` [m³/s] and ``quality`` (SMHI code, kept but not filtered: the corrected archive
is SMHI's controlled series, and a suspect value is still the best value there is).

Conventions, as a hydrologist would state them
-----------------------------------------------
Hydrological year = the calendar year. The three rivers are Norrland snowmelt rivers: the annual
maximum is the spring flood (May–July) or, in some years, an autumn rain flood (Sept–Nov); the
annual minimum is late winter (Feb–April). None of them lies near New Year, so no flood is split
between two years, and the calendar year matches SMHI's own MQ/MHQ/MLQ tables. (An Oct–Sep year
would cut autumn floods in two seasons for no gain.)

A year is complete, and used, only if it has at least :data:`MIN_VALID_DAYS` valid daily values
*and* at least :data:`MIN_FLOOD_SEASON_DAYS` of the 92 days May–July: a year with the spring flood
missing would give a too-low annual maximum and bias every flood statistic downwards.

- MQ  = mean of all daily values in complete years [m³/s];
- MLQ = mean of the complete years' annual minima (daily means) [m³/s];
- MHQ = mean of the complete years' annual maxima (daily means) [m³/s];
- HHQ (record) = the highest daily value on record, any year, with its date;
- HQ\\ :sub:`T` = flow with return period T years from the annual-maximum series, see
  :mod:`hydrology.frequency` (GEV by L-moments, Gumbel for short series).

Note these are *daily-mean* statistics: a 15-minute peak is higher than the day's mean. The status
of a current 15-minute value is still compared with them, as SMHI's own warnings do.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from hydrology.frequency import METHOD_NONE, MIN_YEARS, RETURN_PERIODS_YEARS, fit_annual_maxima

#: Fewest valid daily values for a year to count as complete.
MIN_VALID_DAYS = 330
#: Fewest valid daily values in May–July (92 days, the spring-flood season) for a complete year.
MIN_FLOOD_SEASON_DAYS = 85
#: Fewer complete years than this and the statistics are uncertain: said wherever they are shown
#: ("osäker statistik (3 år)"); no return-period flows are estimated (:data:`hydrology.frequency.MIN_YEARS`).
MIN_RELIABLE_YEARS = MIN_YEARS
#: Bumped whenever the computation changes, so cached statistics are recomputed.
STATISTICS_VERSION = 1

_FLOOD_MONTHS = (5, 6, 7)


class StatisticsError(ValueError):
    """An archive frame cannot be used for statistics (missing columns, duplicate dates...)."""


@dataclass(frozen=True)
class FlowStatistics:
    """Characteristic flows of one station. All flows [m³/s]; NaN where not computable.

    Attributes
    ----------
    station_id : SMHI station id, e.g. ``"2236"``.
    mq_m3s, mlq_m3s, mhq_m3s : mean flow, mean annual minimum, mean annual maximum.
    record_m3s, record_date : highest daily value on record and its (local) date.
    return_period_flows_m3s : return period [years] → flow; empty when :attr:`method` is
        ``"otillräckligt underlag"``.
    method : ``"GEV (L-moment)"``, ``"Gumbel (L-moment)"`` or ``"otillräckligt underlag"``.
    method_note : Swedish reason for a fallback ("" when GEV was used).
    n_years : complete years used; first_year, last_year : their range.
    n_days : valid daily values in the whole archive.
    archive_hash : hash of the archive content the statistics were computed from.
    """

    station_id: str
    mq_m3s: float
    mlq_m3s: float
    mhq_m3s: float
    record_m3s: float
    record_date: date | None
    return_period_flows_m3s: dict[int, float] = field(default_factory=dict)
    method: str = METHOD_NONE
    method_note: str = ""
    n_years: int = 0
    first_year: int | None = None
    last_year: int | None = None
    n_days: int = 0
    archive_hash: str = ""

    def hq(self, return_period_years: int) -> float | None:
        """Flow with the given return period [m³/s], or None when not estimated."""
        value = self.return_period_flows_m3s.get(return_period_years)
        return None if value is None or not math.isfinite(value) else value

    @property
    def has_return_periods(self) -> bool:
        return bool(self.return_period_flows_m3s)

    @property
    def caveat_sv(self) -> str:
        """``"osäker statistik (3 år)"`` when fewer than :data:`MIN_RELIABLE_YEARS` complete years
        stand behind MQ/MHQ, else ``""``."""
        if 0 < self.n_years < MIN_RELIABLE_YEARS:
            return f"osäker statistik ({self.n_years} år)"
        return ""

    def to_dict(self) -> dict:
        """JSON-ready dict (NaN → None, date → ISO text, return periods keyed by text)."""
        return {
            "station_id": self.station_id,
            "mq_m3s": _none_if_nan(self.mq_m3s),
            "mlq_m3s": _none_if_nan(self.mlq_m3s),
            "mhq_m3s": _none_if_nan(self.mhq_m3s),
            "record_m3s": _none_if_nan(self.record_m3s),
            "record_date": self.record_date.isoformat() if self.record_date else None,
            "return_period_flows_m3s": {str(k): v for k, v in self.return_period_flows_m3s.items()},
            "method": self.method,
            "method_note": self.method_note,
            "n_years": self.n_years,
            "first_year": self.first_year,
            "last_year": self.last_year,
            "n_days": self.n_days,
            "archive_hash": self.archive_hash,
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> FlowStatistics:
        """Inverse of :meth:`to_dict`."""
        return cls(
            station_id=str(data["station_id"]),
            mq_m3s=_nan_if_none(data["mq_m3s"]),
            mlq_m3s=_nan_if_none(data["mlq_m3s"]),
            mhq_m3s=_nan_if_none(data["mhq_m3s"]),
            record_m3s=_nan_if_none(data["record_m3s"]),
            record_date=date.fromisoformat(data["record_date"]) if data.get("record_date") else None,
            return_period_flows_m3s={int(k): float(v) for k, v in data["return_period_flows_m3s"].items()},
            method=data["method"],
            method_note=data.get("method_note", ""),
            n_years=int(data["n_years"]),
            first_year=data.get("first_year"),
            last_year=data.get("last_year"),
            n_days=int(data.get("n_days", 0)),
            archive_hash=data.get("archive_hash", ""),
        )


def _none_if_nan(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def _nan_if_none(value: float | None) -> float:
    return math.nan if value is None else float(value)


def hash_archive(archive: pd.DataFrame) -> str:
    """A content hash of an archive frame (dates, values, quality codes): the cache key's version part."""
    _check_archive(archive, "?")
    days, values = _dates_as_days(archive["date"]), _values(archive)
    return _hash_arrays(days, values, archive["quality"])


def _hash_arrays(days: np.ndarray, values: np.ndarray, quality: pd.Series) -> str:
    # Hash raw bytes, not pandas' per-object hashing: 40 century-long archives must hash in milliseconds.
    digest = hashlib.sha256()
    digest.update(days.astype("datetime64[D]").astype(np.int64).tobytes())
    digest.update(values.tobytes())
    digest.update("\x1f".join(quality.astype(str).to_numpy().tolist()).encode())
    return digest.hexdigest()


def _values(archive: pd.DataFrame) -> np.ndarray:
    return pd.to_numeric(archive["discharge_m3s"], errors="coerce").to_numpy(dtype=float)


def _check_archive(archive: pd.DataFrame, station_id: str) -> None:
    missing = {"date", "discharge_m3s", "quality"} - set(archive.columns)
    if missing:
        raise StatisticsError(f"station {station_id}: archive frame lacks columns {sorted(missing)}")


def _dates_as_days(dates: pd.Series) -> np.ndarray:
    """Dates (python ``date`` objects, text or datetime64) as numpy ``datetime64[D]``."""
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_localize(None)
    # pandas converts an object column of dates ~20× faster than numpy does element by element.
    return dates.astype("datetime64[s]").to_numpy().astype("datetime64[D]")


def compute_statistics(
    archives: Mapping[str, pd.DataFrame], hashes: Mapping[str, str] | None = None
) -> dict[str, FlowStatistics]:
    """Statistics of every station in one vectorised pass.

    Parameters
    ----------
    archives : SMHI station id → corrected-archive daily frame (``date``, ``discharge_m3s``, ``quality``).
    hashes : station id → :func:`hash_archive` value if already known (saves hashing twice).

    Returns
    -------
    dict
        Station id → :class:`FlowStatistics`, in the order of ``archives``.

    Raises
    ------
    StatisticsError
        A frame lacks a column or has the same date twice.
    """
    station_ids = list(archives)
    if not station_ids:
        return {}
    day_parts, value_parts, code_parts = [], [], []
    computed_hashes: dict[str, str] = dict(hashes or {})
    records: dict[int, tuple[float, date | None]] = {}
    for code, station_id in enumerate(station_ids):
        frame = archives[station_id]
        _check_archive(frame, station_id)
        days = _dates_as_days(frame["date"])
        values = _values(frame)
        if not (hashes and hashes.get(station_id)):
            computed_hashes[station_id] = _hash_arrays(days, values, frame["quality"])
        steps = np.diff(days.astype(np.int64))
        if not np.all(steps > 0):  # SMHI's archive is sorted; anything else is sorted here
            order = np.argsort(days, kind="stable")
            days, values = days[order], values[order]
            if np.any(np.diff(days.astype(np.int64)) == 0):
                raise StatisticsError(f"station {station_id}: the archive has the same date more than once")
        valid = np.isfinite(values)
        days, values = days[valid], values[valid]
        # Record: the highest valid daily value of the station, any year (complete or not).
        if len(values):
            top = int(np.argmax(values))
            records[code] = (float(values[top]), days[top].astype(object))
        day_parts.append(days)
        value_parts.append(values)
        code_parts.append(np.full(len(days), code, dtype=np.int64))
    days = np.concatenate(day_parts)
    values = np.concatenate(value_parts)
    codes = np.concatenate(code_parts)

    years = days.astype("datetime64[Y]").astype(np.int64) + 1970
    months = days.astype("datetime64[M]").astype(np.int64) % 12 + 1
    in_flood_season = (months >= _FLOOD_MONTHS[0]) & (months <= _FLOOD_MONTHS[-1])

    # Each station's values are sorted by date, so a station-year is one contiguous run: reduce
    # the runs with ufunc.reduceat (one pass over ~1.5 million values, no hashing or groupby).
    n_days = np.bincount(codes, minlength=len(station_ids))
    if len(values):
        key = codes * 10_000 + years
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        run_code, run_year = codes[starts], years[starts]
        run_n = np.diff(np.r_[starts, len(values)])
        run_total = np.add.reduceat(values, starts)
        run_max = np.maximum.reduceat(values, starts)
        run_min = np.minimum.reduceat(values, starts)
        run_flood = np.add.reduceat(in_flood_season.astype(np.int64), starts)
        complete = (run_n >= MIN_VALID_DAYS) & (run_flood >= MIN_FLOOD_SEASON_DAYS)
        c_code, c_year = run_code[complete], run_year[complete]
        c_n, c_total, c_max, c_min = run_n[complete], run_total[complete], run_max[complete], run_min[complete]
    else:
        c_code = c_year = c_n = np.zeros(0, dtype=np.int64)
        c_total = c_max = c_min = np.zeros(0)

    stations = len(station_ids)
    n_years = np.bincount(c_code, minlength=stations)
    with np.errstate(divide="ignore", invalid="ignore"):
        mq = np.bincount(c_code, weights=c_total, minlength=stations) / np.bincount(
            c_code, weights=c_n, minlength=stations
        )
        mhq = np.bincount(c_code, weights=c_max, minlength=stations) / n_years
        mlq = np.bincount(c_code, weights=c_min, minlength=stations) / n_years

    # Annual maxima into a stations × years array, NaN-padded, for the vectorised L-moment fit.
    first_of_code = np.r_[0, np.cumsum(n_years)[:-1]]
    rank = np.arange(len(c_code)) - first_of_code[c_code]
    maxima = np.full((stations, max(int(n_years.max()), 1)), np.nan)
    maxima[c_code, rank] = c_max
    fit = fit_annual_maxima(maxima)

    result: dict[str, FlowStatistics] = {}
    for code, station_id in enumerate(station_ids):
        has_years = bool(n_years[code])
        station_years = c_year[c_code == code]
        record_q, record_day = records.get(code, (math.nan, None))
        flows = (
            {int(t): float(q) for t, q in zip(fit.return_periods, fit.quantiles[code], strict=True)}
            if fit.method[code] != METHOD_NONE
            else {}
        )
        result[station_id] = FlowStatistics(
            station_id=station_id,
            mq_m3s=float(mq[code]) if has_years else math.nan,
            mlq_m3s=float(mlq[code]) if has_years else math.nan,
            mhq_m3s=float(mhq[code]) if has_years else math.nan,
            record_m3s=record_q,
            record_date=record_day,
            return_period_flows_m3s=flows,
            method=fit.method[code],
            method_note=fit.note[code],
            n_years=int(n_years[code]),
            first_year=int(station_years.min()) if has_years else None,
            last_year=int(station_years.max()) if has_years else None,
            n_days=int(n_days[code]),
            archive_hash=computed_hashes[station_id],
        )
    return result


def compute_station_statistics(station_id: str, archive: pd.DataFrame) -> FlowStatistics:
    """Statistics of one station (see :func:`compute_statistics`)."""
    return compute_statistics({station_id: archive})[station_id]


def statistics_frame(statistics: Mapping[str, FlowStatistics]) -> pd.DataFrame:
    """One row per station, columns with units: ``mq_m3s``, ``mhq_m3s``, ``hq10_m3s``… for tables."""
    rows = []
    for stats in statistics.values():
        row = {
            "station_id": stats.station_id,
            "mq_m3s": stats.mq_m3s,
            "mlq_m3s": stats.mlq_m3s,
            "mhq_m3s": stats.mhq_m3s,
            "record_m3s": stats.record_m3s,
            "record_date": stats.record_date,
        }
        for period in RETURN_PERIODS_YEARS:
            row[f"hq{period}_m3s"] = stats.return_period_flows_m3s.get(period, math.nan)
        row.update(method=stats.method, n_years=stats.n_years)
        rows.append(row)
    return pd.DataFrame(rows)
