"""Station statistics kept in the shared database, keyed by the version of the archive they come from.

Why: computing a station's statistics needs its corrected archive — for the exercise a century of daily
values generated and parsed per station, about 7 s for the three rivers on a two-core machine. That was
paid on every server start, before the first page could show a status. Stored here once under a name of
the archive (:func:`sources.exercise.adapter.exercise_archive_versions`), the statistics of a later start
— of this server or any other on the same database — are one query away and no archive is made.

Only a cache: a database that cannot be read is a miss, one that cannot be written is skipped (both
logged), and the statistics are computed as before.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime

from sqlalchemy import select, tuple_
from sqlalchemy.exc import SQLAlchemyError

from hydrology.statistics import STATISTICS_VERSION, FlowStatistics
from sharing.store import shared_engine, upsert
from sharing.tables import StoredStatistics

_log = logging.getLogger(__name__)


def read_stored_statistics(database_url: str, versions: Mapping[str, str]) -> dict[str, FlowStatistics]:
    """Station id → statistics stored for the archive named ``versions[station_id]`` by the current
    computation (:data:`~hydrology.statistics.STATISTICS_VERSION`); stations without any are left out."""
    if not versions:
        return {}
    wanted = list(versions.items())
    try:
        with shared_engine(database_url).connect() as connection:
            rows = connection.execute(
                select(StoredStatistics.station_id, StoredStatistics.value).where(
                    tuple_(StoredStatistics.station_id, StoredStatistics.archive_version).in_(wanted),
                    StoredStatistics.statistics_version == STATISTICS_VERSION,
                )
            ).all()
    except (SQLAlchemyError, OSError) as exc:
        _log.warning("stored statistics not readable, computing them: %s", exc)
        return {}
    found: dict[str, FlowStatistics] = {}
    for station_id, value in rows:
        try:
            found[station_id] = FlowStatistics.from_dict(json.loads(value))
        except (TypeError, ValueError, KeyError) as exc:  # a damaged row: compute rather than trust it
            _log.warning("stored statistics of station %s not usable: %s", station_id, exc)
    return found


def write_stored_statistics(database_url: str, versions: Mapping[str, str],
                            statistics: Mapping[str, FlowStatistics], now: datetime | None = None) -> None:
    """Store each station's ``statistics`` under the archive name ``versions[station_id]`` (stations
    without a name are skipped); ``now`` [UTC] is recorded as the computing time."""
    computed_at = now or datetime.now(UTC)
    rows = [(sid, versions[sid], stats) for sid, stats in statistics.items() if sid in versions]
    try:
        with shared_engine(database_url).begin() as connection:
            for station_id, version, stats in rows:
                upsert(connection, StoredStatistics.__table__,
                       {"station_id": station_id, "archive_version": version},
                       {"statistics_version": STATISTICS_VERSION, "value": json.dumps(stats.to_dict()),
                        "computed_at": computed_at})
    except (SQLAlchemyError, OSError) as exc:  # a read-only or full data folder, a database away
        _log.warning("statistics not stored in the database (computed again on the next start): %s", exc)
