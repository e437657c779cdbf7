"""Tables of shared state: small named values, change counters per topic and the HTTP cache.

Registered in :data:`coordination.db.TABLE_MODULES`, so :func:`coordination.db.create_schema` creates
them with every other table. All times are tz-aware UTC (:class:`coordination.db.UTCDateTime`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coordination.db import Base, UTCDateTime


class SharedValue(Base):
    """One named value every server reads the same, e.g. ``active_scenario`` or ``scenario_clock`` (JSON)."""

    __tablename__ = "shared_values"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ChangeCounter(Base):
    """How many writes a topic (``"messages"``, ``"meeting"``, ``"events"``, …) has seen; pages poll it.

    Raised by :func:`sharing.live_updates.bump`; ``events.models.ChangeCounterRow`` is this table.
    """

    __tablename__ = "change_counters"

    topic: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class HttpCacheEntry(Base):
    """One entry of the shared HTTP cache (:mod:`sharing.http_cache`).

    ``bucket`` is requests-cache's collection (``responses`` or ``redirects``); ``value`` the entry
    serialised as JSON text; ``expires_at`` when the response stops being fresh [UTC] (stale entries
    are kept: they are what the app shows when SMHI is down).
    """

    __tablename__ = "http_cache"
    __table_args__ = (Index("ix_http_cache_expires_at", "expires_at"),)

    bucket: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class StoredStatistics(Base):
    """One station's flow statistics, computed once from the archive named ``archive_version`` and read by
    every server on every later start (:mod:`sharing.statistics_store`).

    ``archive_version`` names the archive without holding it (for the exercise, the generator's arguments;
    see ``sources.exercise.adapter.exercise_archive_versions``); ``statistics_version`` is
    :data:`hydrology.statistics.STATISTICS_VERSION` at computing time; ``value`` the statistics as JSON.
    """

    __tablename__ = "stored_statistics"

    station_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    archive_version: Mapped[str] = mapped_column(String(255), primary_key=True)
    statistics_version: Mapped[int] = mapped_column(Integer)
    value: Mapped[str] = mapped_column(Text)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FetchLease(Base):
    """Which app server is fetching an outside resource now (:mod:`sharing.fetch_lease`): one row per
    resource while a fetch is under way, gone when it has ended; ``until`` [UTC] frees it should the
    server die mid-fetch."""

    __tablename__ = "fetch_leases"

    resource: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    until: Mapped[datetime] = mapped_column(UTCDateTime)
