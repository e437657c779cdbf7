"""The owner report tables, on the shared :class:`coordination.db.Base`.

``owner_reports`` is append-only: a row is never updated or deleted, a newer report is a new row
(the newest ``reported_at`` per plant counts, the rest is history). ``fingerprint`` (SHA-256 of the
report's content and mode) makes storing the same report twice — a feed polled again, a file
imported twice, a double click — a no-op. ``owner_report_plans`` holds each report's planned
discharge, ``owner_report_limits`` the dämningsgräns and sänkningsgräns an owner stated with a report (a
table of its own so databases made before it existed need no migration: ``create_all`` adds it). ``owner_feed_status`` is the one table that is updated in place: the latest outcome of
polling each configured feed, so every app server shows the same status.

Registered in :data:`coordination.db.TABLE_MODULES`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordination.db import Base, UTCDateTime


class OwnerReportRow(Base):
    """One owner report as received. Flows [m³/s], level [m ö.h.], times UTC."""

    __tablename__ = "owner_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    plant: Mapped[str] = mapped_column(String(100), index=True)
    river: Mapped[str] = mapped_column(String(50), index=True)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    total_m3s: Mapped[float] = mapped_column(Float)
    turbine_m3s: Mapped[float | None] = mapped_column(Float, default=None)
    spillway_m3s: Mapped[float | None] = mapped_column(Float, default=None)
    upstream_level_m: Mapped[float | None] = mapped_column(Float, default=None)
    comment: Mapped[str] = mapped_column(Text, default="")
    reporter_name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200))
    entered_by: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(1000), default="")
    is_exercise: Mapped[bool] = mapped_column(Boolean, index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)

    plans: Mapped[list[OwnerReportPlanRow]] = relationship(
        back_populates="report", order_by="OwnerReportPlanRow.time_utc", lazy="selectin"
    )
    limits: Mapped[OwnerReportLimitsRow | None] = relationship(back_populates="report", lazy="selectin")


class OwnerReportPlanRow(Base):
    """One point of a report's planned discharge: from ``time_utc`` on, ``discharge_m3s`` [m³/s]."""

    __tablename__ = "owner_report_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("owner_reports.id", ondelete="CASCADE"), index=True)
    time_utc: Mapped[datetime] = mapped_column(UTCDateTime())
    discharge_m3s: Mapped[float] = mapped_column(Float)

    report: Mapped[OwnerReportRow] = relationship(back_populates="plans")


class OwnerReportLimitsRow(Base):
    """The regulation limits stated with one report [m ö.h.]: dämningsgräns (highest permitted upstream
    level) and sänkningsgräns (lowest); either may be missing."""

    __tablename__ = "owner_report_limits"

    report_id: Mapped[int] = mapped_column(ForeignKey("owner_reports.id", ondelete="CASCADE"), primary_key=True)
    damningsgrans_m: Mapped[float | None] = mapped_column(Float, default=None)
    sankningsgrans_m: Mapped[float | None] = mapped_column(Float, default=None)

    report: Mapped[OwnerReportRow] = relationship(back_populates="limits")


class OwnerFeedStatusRow(Base):
    """The latest polling outcome of one configured feed, per mode (live/exercise)."""

    __tablename__ = "owner_feed_status"

    url: Mapped[str] = mapped_column(String(1000), primary_key=True)
    is_exercise: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    organisation: Mapped[str] = mapped_column(String(200))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ok: Mapped[bool] = mapped_column(Boolean)
    message_sv: Mapped[str] = mapped_column(Text, default="")
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    origin: Mapped[str] = mapped_column(String(20), default="")
    new_reports: Mapped[int] = mapped_column(Integer, default=0)
