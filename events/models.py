"""Tables of the events package, on the shared :class:`coordination.db.Base`.

- ``events`` — one row per declared event, its current state (``version`` counts the changes).
- ``event_history`` — every declaration, change and ending, with who and when, and the event's
  state after it as JSON; never updated or deleted.
- ``event_rescue_leads`` — who leads the rescue effort, one row per change (newest in force): the
  kommun's räddningstjänst (``taken_over_by`` empty), or a länsstyrelse that has taken over the
  responsibility for the rescue service (lag (2003:778) om skydd mot olyckor 4 kap. 10 §). A table of
  its own, so databases made before it need no migration; each change is also an event version.
- ``arrival_imports`` / ``arrival_rows`` — owners' dam-failure consequence data (from a
  dammbrottsutredning / flodvågsberäkning), one import per uploaded file, with who imported it and
  when. The newest import that covers a dam is the one in force for that dam; older ones stay.
- ``change_counters`` — one integer per topic, raised on every write, so a page can ask "has
  anything changed?" with one tiny query (:mod:`events.live_updates`).

All times are tz-aware UTC (:class:`coordination.db.UTCDateTime`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coordination.db import Base, UTCDateTime
from sharing.tables import ChangeCounter


class EventRow(Base):
    """A declared event, as it stands now.

    ``dam`` is the dam's name in the curated dam table (``geodata/curated/dams.csv``, e.g.
    ``"Hällby"``) when the event is about one dam; ``place_sv`` is how people name the dam or
    stretch (``"Hällbydammen"``, ``"Ångermanälven nedströms Sollefteå"``). ``scenario`` is the
    exercise scenario id when the scenario itself declared the event (one per scenario).
    """

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    river: Mapped[str] = mapped_column(String(60), index=True)
    dam: Mapped[str | None] = mapped_column(String(120), default=None)
    place_sv: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    is_exercise: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    scenario: Mapped[str | None] = mapped_column(String(80), default=None, unique=True)
    declared_by: Mapped[str] = mapped_column(String(200))
    declared_org: Mapped[str] = mapped_column(String(200))
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)


class EventHistoryRow(Base):
    """One declaration, change or ending of an event (``action``: declared / changed / ended)."""

    __tablename__ = "event_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_org: Mapped[str] = mapped_column(String(200))
    state_json: Mapped[str] = mapped_column(Text)


class RescueLeadRow(Base):
    """One change of who leads the rescue effort of an event; the newest row per event is in force.

    ``taken_over_by`` is the länsstyrelse that has taken over the responsibility for the rescue service
    (``"Länsstyrelsen Norrbotten"``), or None when the kommunal räddningstjänst leads (again). ``version``
    is the event's version after the change.
    """

    __tablename__ = "event_rescue_leads"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    taken_over_by: Mapped[str | None] = mapped_column(String(200), default=None)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_org: Mapped[str] = mapped_column(String(200))


class ArrivalImportRow(Base):
    """One imported owner file: who imported it, when, from which file and encoding."""

    __tablename__ = "arrival_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    imported_by: Mapped[str] = mapped_column(String(200))
    imported_org: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(300))
    encoding: Mapped[str] = mapped_column(String(40))
    dams: Mapped[str] = mapped_column(Text)  # the dams the file covers, "; "-joined, as in the dam table


class ArrivalDataRow(Base):
    """One place in an owner's file: times after the failure [h], peak flow [m³/s], level [m]."""

    __tablename__ = "arrival_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("arrival_imports.id", ondelete="CASCADE"), index=True)
    dam: Mapped[str] = mapped_column(String(120), index=True)
    place: Mapped[str] = mapped_column(String(200))
    place_type: Mapped[str] = mapped_column(String(20))  # ort / damm / kommun (the border)
    front_from_h: Mapped[float] = mapped_column(Float)
    front_to_h: Mapped[float] = mapped_column(Float)
    peak_from_h: Mapped[float | None] = mapped_column(Float, default=None)
    peak_to_h: Mapped[float | None] = mapped_column(Float, default=None)
    peak_m3s: Mapped[float | None] = mapped_column(Float, default=None)
    max_level_m: Mapped[float | None] = mapped_column(Float, default=None)
    source: Mapped[str] = mapped_column(String(300))


#: The project's change counters (one table for every topic), defined with the shared state.
ChangeCounterRow = ChangeCounter
