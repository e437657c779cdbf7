"""When Älvläget last saw each station in SMHI's station listing, kept in the database.

A curated station that SMHI stops listing stays on screen in its place, marked "finns inte längre i
SMHI:s stationslista (senast sedd …)" (:func:`sources.stations.with_last_seen`). "Last seen" must be the
same for every app server, so it lives in the shared database (SQLite by default, PostgreSQL by URL),
one row per station: ``station_id`` (SMHI's key, e.g. ``"2133"``), ``first_seen_utc`` and
``last_seen_utc`` [UTC].
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import String, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from coordination.db import Base, NaiveDatetimeError, UTCDateTime, session_scope


class StationSighting(Base):
    """One station SMHI has listed: when Älvläget first and last saw it there [UTC]."""

    __tablename__ = "station_sightings"

    station_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    first_seen_utc: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    last_seen_utc: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


def write_station_sightings(
    factory: sessionmaker[Session], station_ids: Iterable[str], seen_at: datetime
) -> None:
    """Record that SMHI's listing named ``station_ids`` at ``seen_at`` (tz-aware UTC).

    One upsert statement, so two app servers writing at once cannot collide; ``last_seen_utc``
    never moves backwards (an older cached listing written late does not undo a newer sighting).
    """
    if seen_at.tzinfo is None:
        raise NaiveDatetimeError(f"naive datetime {seen_at!r}: give a tz-aware UTC time")
    ids = sorted({str(sid) for sid in station_ids})
    if not ids:
        return
    with session_scope(factory) as session:
        dialect = session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        statement = insert(StationSighting).values(
            [{"station_id": sid, "first_seen_utc": seen_at, "last_seen_utc": seen_at} for sid in ids]
        )
        newest = statement.excluded.last_seen_utc
        statement = statement.on_conflict_do_update(
            index_elements=[StationSighting.station_id],
            set_={"last_seen_utc": newest},
            where=StationSighting.last_seen_utc < newest,
        )
        session.execute(statement)


def read_last_seen(factory: sessionmaker[Session], station_ids: Iterable[str] | None = None) -> dict[str, datetime]:
    """Station id → when SMHI's listing last named it [UTC]; stations never seen are absent."""
    query = select(StationSighting.station_id, StationSighting.last_seen_utc)
    if station_ids is not None:
        query = query.where(StationSighting.station_id.in_([str(s) for s in station_ids]))
    with session_scope(factory) as session:
        return {sid: seen for sid, seen in session.execute(query)}
