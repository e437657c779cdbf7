"""Station statistics cached on disk, keyed by station and archive version.

One JSON file per station under ``<settings.data_dir>/statistics/``. A file is reused only when the
archive it was computed from has the same content hash (:func:`hydrology.statistics.hash_archive`)
and the computation version matches :data:`hydrology.statistics.STATISTICS_VERSION`; SMHI
revising its corrected archive therefore recomputes that station, and only that one. All misses
are computed together in one vectorised call.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from hydrology.statistics import (
    STATISTICS_VERSION,
    FlowStatistics,
    compute_statistics,
    hash_archive,
)

CACHE_FOLDER = "statistics"


_log = logging.getLogger(__name__)


def statistics_cache_dir(data_dir: Path) -> Path:
    """The folder holding cached statistics, ``<data_dir>/statistics``."""
    return Path(data_dir) / CACHE_FOLDER


def read_cached_statistics(cache_dir: Path, station_id: str, archive_hash: str) -> FlowStatistics | None:
    """Cached statistics of ``station_id`` if computed from the same archive content, else None."""
    path = Path(cache_dir) / f"{_safe_name(station_id)}.json"
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    if payload.get("version") != STATISTICS_VERSION or payload.get("archive_hash") != archive_hash:
        return None
    try:
        return FlowStatistics.from_dict(payload["statistics"])
    except (KeyError, TypeError, ValueError):
        return None  # a file from an older layout: recompute rather than trust it


def write_cached_statistics(cache_dir: Path, stats: FlowStatistics) -> Path:
    """Write one station's statistics atomically (other sessions may be reading the same file)."""
    folder = Path(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{_safe_name(stats.station_id)}.json"
    payload = {"version": STATISTICS_VERSION, "archive_hash": stats.archive_hash, "statistics": stats.to_dict()}
    handle, tmp_name = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as tmp:
            json.dump(payload, tmp, ensure_ascii=False, indent=1)
        os.replace(tmp_name, path)
    except BaseException:
        # A full disk fails mid-write: never leave the half-written file behind.
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return path


def read_or_compute_statistics(
    archives: Mapping[str, pd.DataFrame], data_dir: Path
) -> dict[str, FlowStatistics]:
    """Statistics for every station: from the disk cache when the archive is unchanged, else computed.

    Parameters
    ----------
    archives : SMHI station id → corrected-archive daily frame (``date``, ``discharge_m3s``, ``quality``).
    data_dir : ``settings.data_dir``; files go to ``<data_dir>/statistics/``.

    Returns
    -------
    dict
        Station id → :class:`~hydrology.statistics.FlowStatistics`, in the order of ``archives``.
    """
    cache_dir = statistics_cache_dir(data_dir)
    hashes = {station_id: hash_archive(frame) for station_id, frame in archives.items()}
    found: dict[str, FlowStatistics] = {}
    missing: dict[str, pd.DataFrame] = {}
    for station_id, frame in archives.items():
        cached = read_cached_statistics(cache_dir, station_id, hashes[station_id])
        if cached is None:
            missing[station_id] = frame
        else:
            found[station_id] = cached
    if missing:
        computed = compute_statistics(missing, hashes={sid: hashes[sid] for sid in missing})
        for stats in computed.values():
            try:
                write_cached_statistics(cache_dir, stats)
            except OSError as exc:
                # Only a cache: a read-only or full data folder costs the next page the computing time.
                _log.warning("statistics of station %s not kept on disk: %s", stats.station_id, exc)
        found.update(computed)
    return {station_id: found[station_id] for station_id in archives}


def _safe_name(station_id: str) -> str:
    # SMHI ids are digits; anything else is made file-name safe rather than trusted.
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in str(station_id))
