"""Meetings of a river coordination group, their log and the situation each meeting saw.

A *meeting* (title, river systems, started/ended UTC, exercise or not) starts with a frozen
*snapshot* of the situation on screen — the JSON of :func:`hydrology.situation.situation_to_dict`
per river plus where the data came from and how old it was — so that anyone reading the minutes
later sees what the group saw when it decided, not what the data says today. More snapshots may
be taken during the meeting (e.g. before it ends).

The *log* is append-only: entries are never edited or deleted, a correction is a new entry. That
is what makes it usable as a record after the event. Kinds: ``beslut`` (decision), ``atgard``
(action, usually with a responsible person and a follow-up time), ``information`` and
``informerad`` (an actor was informed; the "informerad kl." ticks of the actor checklist).

Exercise meetings (``is_exercise``) are kept apart from real ones: listing and "the previous
meeting" always filter on the mode, and every export of an exercise meeting is marked ÖVNING.
An exercise has two clocks: the wall clock (``created_at``, ``started_at``: when it happened for
real) and the scenario's ("övningstid"), kept per entry and for the start in ``meeting_scenario_times``
when the caller gives it, so the log, the minutes and the after-action report can show both.

All times are tz-aware UTC (:class:`coordination.db.UTCDateTime`). The tables are registered on
the shared :class:`coordination.db.Base` and listed in :data:`coordination.db.TABLE_MODULES`, so
:func:`coordination.db.create_schema` creates them with the message tables.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship, sessionmaker

from access.audit import record_audit
from access.person import Person, local_person
from access.roles import ROLES
from coordination.db import Base, UTCDateTime, session_scope, utc_now
from coordination.errors import CoordinationError
from coordination.inputs import MAX_NAME_CHARS, MAX_TITLE_CHARS, InputError, check_text
from hydrology.situation import RiverSituation, situation_to_dict
from sharing.live_updates import bump
from sources.models import DataOrigin

#: Change-counter topic bumped by every write here, so open Möte pages show it (:mod:`sharing.live_updates`).
LIVE_TOPIC = "meeting"

#: Log entry kinds → Swedish label. ``informerad`` entries come from the actor checklist.
ENTRY_KINDS: dict[str, str] = {
    "beslut": "Beslut",
    "atgard": "Åtgärd",
    "information": "Information",
    "informerad": "Informerad",
}

#: Kinds a person writes in the log form (``informerad`` is written by the checklist).
WRITABLE_KINDS: tuple[str, ...] = ("beslut", "atgard", "information")

#: Longest log text accepted [characters]: a log line, not a document.
MAX_TEXT_CHARS = 20_000


# --- errors -------------------------------------------------------------------------------


class MeetingError(CoordinationError):
    """A meeting or log request that cannot be carried out (message in Swedish)."""


class MeetingNotFoundError(MeetingError):
    def __init__(self, meeting_id: int) -> None:
        super().__init__(f"Möte nr {meeting_id} finns inte.")
        self.meeting_id = meeting_id


class MeetingClosedError(MeetingError):
    """The meeting has ended; its log is closed so the minutes stay what was agreed."""

    def __init__(self, meeting_id: int) -> None:
        super().__init__(
            f"Möte nr {meeting_id} är avslutat och loggen är stängd. Starta ett nytt möte för nya poster."
        )
        self.meeting_id = meeting_id


# --- tables -------------------------------------------------------------------------------


class Meeting(Base):
    """One meeting of a coordination group. ``rivers`` is the river systems, ``;``-separated."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    rivers: Mapped[str] = mapped_column(String(200))
    is_exercise: Mapped[bool] = mapped_column(Boolean, index=True)
    scenario: Mapped[str | None] = mapped_column(String(100), default=None)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    started_by: Mapped[str] = mapped_column(String(200))
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    entries: Mapped[list[LogEntry]] = relationship(
        back_populates="meeting", order_by="(LogEntry.created_at, LogEntry.id)", lazy="selectin"
    )
    snapshots: Mapped[list[MeetingSnapshot]] = relationship(
        back_populates="meeting", order_by="(MeetingSnapshot.taken_at, MeetingSnapshot.id)", lazy="selectin"
    )
    scenario_times: Mapped[list[ScenarioTime]] = relationship(lazy="selectin", order_by="ScenarioTime.id")
    scenario_follow_ups: Mapped[list[ScenarioFollowUp]] = relationship(lazy="selectin",
                                                                       order_by="ScenarioFollowUp.id")
    actions_done: Mapped[list[ActionDone]] = relationship(lazy="selectin", order_by="ActionDone.id")


class LogEntry(Base):
    """One timestamped line of a meeting's log. Never changed after insert."""

    __tablename__ = "meeting_log_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    responsible: Mapped[str] = mapped_column(String(200), default="")
    follow_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    author: Mapped[str] = mapped_column(String(200))
    actor: Mapped[str] = mapped_column(String(200), default="")

    meeting: Mapped[Meeting] = relationship(back_populates="entries")


class ScenarioTime(Base):
    """The exercise scenario's clock ("övningstid") when something in an exercise meeting happened.

    A meeting and its log entries carry the wall clock: when it happened for real. In an exercise the
    group also needs the scenario's time, which runs at another speed and can jump or pause; it is
    known only at the moment of writing (the clock's settings change), so it is stored then. One row
    per moment: the meeting's start (``entry_id`` None) or one log entry. Exercise meetings only.
    """

    __tablename__ = "meeting_scenario_times"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_log_entries.id", ondelete="CASCADE"),
                                                 unique=True, default=None)
    scenario_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ScenarioFollowUp(Base):
    """When an exercise's action is to be followed up on the scenario's clock ("uppföljning, övningstid").

    In an exercise the group plans in the scenario's time ("check the bridge when the front is due,
    kl. 03.00 övningstid"), which the wall clock cannot say: the scenario runs faster, pauses and jumps.
    One row per log entry that has such a time. Exercise meetings only; a real meeting's follow-up is
    :attr:`LogEntry.follow_up_at`.
    """

    __tablename__ = "meeting_scenario_follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("meeting_log_entries.id", ondelete="CASCADE"), unique=True)
    follow_up_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ActionDone(Base):
    """An action (``atgard``) marked done ("klar"): who marked it, and when.

    The log entry itself stays as written (the log is append-only); its being done is this row, one per
    entry at most (the first mark counts). ``scenario_at`` is the exercise scenario's clock at the mark
    (ÖVNING only), ``done_at`` the wall clock [UTC].
    """

    __tablename__ = "meeting_actions_done"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("meeting_log_entries.id", ondelete="CASCADE"), unique=True)
    done_at: Mapped[datetime] = mapped_column(UTCDateTime())
    done_by: Mapped[str] = mapped_column(String(200))
    scenario_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class MeetingSnapshot(Base):
    """The situation as the group saw it (JSON), with the data's origin and time."""

    __tablename__ = "meeting_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime())
    origin: Mapped[str] = mapped_column(String(20))
    data_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    situation_json: Mapped[str] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship(back_populates="snapshots")


# --- values ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SituationSnapshot:
    """What the group saw: one dict per river (``situation_to_dict``) plus provenance.

    Attributes
    ----------
    rivers : one mapping per river system, as :func:`hydrology.situation.situation_to_dict`
        returns it (JSON-serialisable; times as ISO 8601 UTC strings).
    origin : live, cache or exercise data.
    data_time : time of the stalest data on screen [UTC]; in exercise mode the scenario time.
    note : why the data is not live, if it is not (the banner text), empty otherwise.
    taken_at : when the snapshot was frozen [UTC]; set by the log when stored.
    """

    rivers: tuple[dict[str, Any], ...]
    origin: DataOrigin
    data_time: datetime | None = None
    note: str = ""
    taken_at: datetime | None = None

    def river(self, name: str) -> dict[str, Any] | None:
        """The frozen situation of river system ``name``, or None if the snapshot lacks it."""
        for item in self.rivers:
            if item.get("river") == name:
                return item
        return None


def snapshot_of(situations: Sequence[RiverSituation], origin: DataOrigin, note: str = "") -> SituationSnapshot:
    """What the group sees now, to freeze: every river's situation, ``data_time`` the stalest data on
    screen [UTC] (in exercise mode the scenario time); ``note`` says why the data is not live, if it is not."""
    stalest = [s.stalest_utc for s in situations if s.stalest_utc is not None]
    return SituationSnapshot(
        rivers=tuple(situation_to_dict(s) for s in situations),
        # By value: a cached object may hold the enum of an earlier import of sources.models
        # (Streamlit re-imports changed modules), and `is` comparisons would then fail.
        origin=DataOrigin(origin.value),
        data_time=min(stalest) if stalest else None,
        note=note,
    )


@dataclass(frozen=True)
class LogEntryView:
    id: int
    meeting_id: int
    created_at: datetime  # UTC
    kind: str
    text: str
    responsible: str
    follow_up_at: datetime | None  # UTC
    author: str
    actor: str
    scenario_at: datetime | None = None  # UTC; the exercise scenario's clock when written (ÖVNING only)
    #: UTC; when to follow it up on the exercise scenario's clock ("övningstid"; ÖVNING only)
    follow_up_scenario_at: datetime | None = None
    done_at: datetime | None = None  # UTC; when an action was marked done ("klar"), None while open
    done_by: str = ""  # who marked it done (name and organisation, :attr:`access.person.Person.label`)
    done_scenario_at: datetime | None = None  # UTC; the scenario's clock at that mark (ÖVNING only)

    @property
    def kind_sv(self) -> str:
        return ENTRY_KINDS[self.kind]

    @property
    def is_done(self) -> bool:
        """True once the action has been marked done."""
        return self.done_at is not None


@dataclass(frozen=True)
class MeetingView:
    """A meeting as read in one transaction, with its log and snapshots (oldest first)."""

    id: int
    title: str
    rivers: tuple[str, ...]
    is_exercise: bool
    scenario: str | None
    started_at: datetime
    started_by: str
    ended_at: datetime | None
    entries: tuple[LogEntryView, ...] = field(default=())
    snapshots: tuple[SituationSnapshot, ...] = field(default=())
    scenario_started_at: datetime | None = None  # UTC; the scenario's clock at the start (ÖVNING only)

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    @property
    def first_snapshot(self) -> SituationSnapshot | None:
        """The snapshot frozen when the meeting started."""
        return self.snapshots[0] if self.snapshots else None

    @property
    def latest_snapshot(self) -> SituationSnapshot | None:
        return self.snapshots[-1] if self.snapshots else None

    def to_follow_up(self) -> list[LogEntryView]:
        """The entries with a follow-up that are not done, in the order to follow them up: in an exercise those
        on the scenario's clock first (the exercise plans on it), then those on the wall clock, each in time order."""
        exercise = self.is_exercise
        planned = [e for e in self.entries if not e.is_done and (e.follow_up_at is not None
                   or (exercise and e.follow_up_scenario_at is not None))]
        return sorted(planned, key=lambda e: (0, e.follow_up_scenario_at) if exercise and e.follow_up_scenario_at
                      else (1, e.follow_up_at))

    def open_actions(self) -> list[LogEntryView]:
        """The meeting's actions (``atgard``): those with a follow-up first, in :meth:`to_follow_up`'s order,
        then the others in the log's order; an action marked done (:meth:`MeetingLog.mark_done`) is not open."""
        planned = [e for e in self.to_follow_up() if e.kind == "atgard"]
        return planned + [e for e in self.entries if e.kind == "atgard" and not e.is_done and e not in planned]

    def done_actions(self) -> list[LogEntryView]:
        """The actions marked done, in the order they were marked."""
        return sorted((e for e in self.entries if e.is_done), key=lambda e: (e.done_at, e.id))

    def informed_actors(self) -> dict[str, LogEntryView]:
        """Actor name → the first ``informerad`` entry for it (the checklist's ticks)."""
        ticks: dict[str, LogEntryView] = {}
        for entry in self.entries:
            if entry.kind == "informerad" and entry.actor not in ticks:
                ticks[entry.actor] = entry
        return ticks


# --- conversion -----------------------------------------------------------------------------


def snapshot_to_json(snapshot: SituationSnapshot) -> str:
    """The snapshot's rivers as canonical JSON text (sorted keys, UTF-8 kept readable)."""
    return json.dumps(list(snapshot.rivers), sort_keys=True, ensure_ascii=False, default=_json_default)


def _json_default(value: Any) -> Any:
    # situation_to_dict should already give plain JSON; be strict about anything else so a
    # snapshot never silently stores "<object at 0x…>".
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise TypeError(f"naive datetime {value!r} in snapshot: give tz-aware UTC")
        return value.astimezone(UTC).isoformat()
    raise TypeError(f"snapshot value of type {type(value).__name__} is not JSON-serialisable")


def _snapshot_view(row: MeetingSnapshot) -> SituationSnapshot:
    return SituationSnapshot(
        rivers=tuple(json.loads(row.situation_json)),
        origin=DataOrigin(row.origin),
        data_time=row.data_time,
        note=row.note,
        taken_at=row.taken_at,
    )


def _entry_view(row: LogEntry, scenario_at: datetime | None = None,
                follow_up_scenario_at: datetime | None = None, done: ActionDone | None = None) -> LogEntryView:
    return LogEntryView(
        id=row.id,
        meeting_id=row.meeting_id,
        created_at=row.created_at,
        kind=row.kind,
        text=row.text,
        responsible=row.responsible,
        follow_up_at=row.follow_up_at,
        author=row.author,
        actor=row.actor,
        scenario_at=scenario_at,
        follow_up_scenario_at=follow_up_scenario_at,
        done_at=done.done_at if done else None,
        done_by=done.done_by if done else "",
        done_scenario_at=done.scenario_at if done else None,
    )


def _meeting_view(row: Meeting) -> MeetingView:
    clocks = {t.entry_id: t.scenario_at for t in row.scenario_times}
    follow_ups = {f.entry_id: f.follow_up_at for f in row.scenario_follow_ups}
    done = {d.entry_id: d for d in row.actions_done}
    return MeetingView(
        id=row.id,
        title=row.title,
        rivers=tuple(r for r in row.rivers.split(";") if r),
        is_exercise=row.is_exercise,
        scenario=row.scenario,
        started_at=row.started_at,
        started_by=row.started_by,
        ended_at=row.ended_at,
        entries=tuple(_entry_view(e, clocks.get(e.id), follow_ups.get(e.id), done.get(e.id)) for e in row.entries),
        snapshots=tuple(_snapshot_view(s) for s in row.snapshots),
        scenario_started_at=clocks.get(None),
    )



def _aware(moment: datetime, message_sv: str = "Övningstiden saknar tidszon.") -> datetime:
    """``moment`` in UTC; a naive time is refused (it would be read in the server's zone)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise MeetingError(message_sv)
    return moment.astimezone(UTC)


def _required(value: str, message_sv: str, max_chars: int = MAX_NAME_CHARS, what_sv: str = "Namn") -> str:
    """``value`` with its spaces tidied; :class:`MeetingError` when empty, too long or with a NUL byte
    or another control character (:func:`coordination.inputs.check_text`, on the text as typed: Python
    counts some controls as spaces, and tidying must not hide them)."""
    _checked(value, what_sv, len(value))
    cleaned = " ".join(value.split())
    if not cleaned:
        raise MeetingError(message_sv)
    return _checked(cleaned, what_sv, max_chars)


def _checked(value: str, what_sv: str, max_chars: int) -> str:
    """``value`` if :func:`coordination.inputs.check_text` lets it be stored, else :class:`MeetingError`."""
    try:
        return check_text(value, what_sv, max_chars)
    except InputError as exc:
        raise MeetingError(exc.message_sv) from exc


def _author(author: Person | str, role: str = "redaktor") -> Person:
    """Who writes: a signed-in :class:`Person` (name and organisation) or a name typed in local mode.

    A signed-in person without ``role`` (redaktör writes the log, mötesledare starts and ends
    meetings) is refused with :class:`MeetingError`, whatever the page offered; local mode has every role
    but needs a typed name (an empty one is refused, "Ange ditt namn.").
    """
    if not isinstance(author, Person):
        return local_person(_required(author, "Ange ditt namn."))
    if author.is_local:  # local mode: the typed name is who wrote it, so it cannot be empty
        _required(author.name, "Ange ditt namn.")
    if not author.has_role(role):
        what = "starta eller avsluta möten" if role == "motesledare" else "skriva i mötesloggen"
        raise MeetingError(f"Du behöver rollen {ROLES[role]} för att {what}.")
    return author


# --- the log --------------------------------------------------------------------------------


class MeetingLog:
    """Meetings, their log and snapshots in the coordination database.

    Every public method is one transaction and returns frozen views, never ORM objects.

    Parameters
    ----------
    session_factory : :func:`coordination.db.database_sessions` (the process's one engine for the URL,
        its tables created).
    """

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    # --- meetings ---

    def start_meeting(
        self,
        *,
        title: str,
        rivers: Sequence[str],
        is_exercise: bool,
        snapshot: SituationSnapshot,
        started_by: Person | str,
        scenario: str | None = None,
        scenario_at: datetime | None = None,
        now: datetime | None = None,
    ) -> MeetingView:
        """Open a meeting and freeze the situation the group is looking at.

        ``scenario_at``: in an exercise, the scenario clock's time now [tz-aware], kept beside the
        wall-clock start ("övningstid"); ignored in a real meeting.

        Raises
        ------
        MeetingError
            Empty title or name, no river, or exercise data in a real meeting (and vice versa):
            a snapshot's origin must agree with the meeting's mode.
        """
        title = _required(title, "Ge mötet en rubrik.", MAX_TITLE_CHARS, "Rubrik")
        who = _author(started_by, "motesledare")
        rivers = tuple(dict.fromkeys(r for r in rivers if r))
        if not rivers:
            raise MeetingError("Välj minst en älv för mötet.")
        self._check_origin(snapshot, is_exercise)
        moment = utc_now(now)
        with session_scope(self._sessions) as session:
            bump(session, LIVE_TOPIC)
            meeting = Meeting(
                title=title,
                rivers=";".join(rivers),
                is_exercise=is_exercise,
                scenario=scenario,
                started_at=moment,
                started_by=who.label,
            )
            session.add(meeting)
            session.flush()
            record_audit(session, "möte", who, {"meeting_id": meeting.id, "started": True, "title": title},
                         now=moment)
            session.add(self._snapshot_row(meeting.id, snapshot, moment))
            if is_exercise and scenario_at is not None:
                session.add(ScenarioTime(meeting_id=meeting.id, entry_id=None, scenario_at=_aware(scenario_at)))
            session.flush()
            session.refresh(meeting)
            return _meeting_view(meeting)

    def end_meeting(
        self, meeting_id: int, *, by: Person | str, now: datetime | None = None
    ) -> MeetingView:
        """Close the meeting's log, ended ``by`` a mötesledare (or a name typed in local mode; an empty one
        is refused with :class:`MeetingError`). Raises :class:`MeetingClosedError` if already ended."""
        moment = utc_now(now)
        who = _author(by, "motesledare")
        with session_scope(self._sessions) as session:
            bump(session, LIVE_TOPIC)
            meeting = self._load_open(session, meeting_id)
            meeting.ended_at = moment
            session.flush()
            record_audit(session, "möte", who, {"meeting_id": meeting_id, "ended": True}, now=moment)
            return _meeting_view(meeting)

    def take_snapshot(
        self, meeting_id: int, snapshot: SituationSnapshot, *, now: datetime | None = None
    ) -> MeetingView:
        """Freeze the current situation again during an open meeting."""
        moment = utc_now(now)
        with session_scope(self._sessions) as session:
            bump(session, LIVE_TOPIC)
            meeting = self._load_open(session, meeting_id)
            self._check_origin(snapshot, meeting.is_exercise)
            session.add(self._snapshot_row(meeting.id, snapshot, moment))
            session.flush()
            session.refresh(meeting)
            return _meeting_view(meeting)

    def get_meeting(self, meeting_id: int) -> MeetingView:
        """The meeting with its log and snapshots. Raises :class:`MeetingNotFoundError`."""
        with session_scope(self._sessions) as session:
            return _meeting_view(self._load(session, meeting_id))

    def list_meetings(self, *, is_exercise: bool, river: str | None = None) -> list[MeetingView]:
        """Meetings of one mode (real or exercise), newest first, optionally touching ``river``."""
        with session_scope(self._sessions) as session:
            rows = session.scalars(
                select(Meeting)
                .where(Meeting.is_exercise == is_exercise)
                .order_by(Meeting.started_at.desc(), Meeting.id.desc())
            )
            views = [_meeting_view(m) for m in rows]
        if river is None:
            return views
        return [v for v in views if river in v.rivers]

    def open_meeting(self, *, is_exercise: bool) -> MeetingView | None:
        """The newest meeting of this mode that has not ended, if any."""
        for view in self.list_meetings(is_exercise=is_exercise):
            if view.is_open:
                return view
        return None

    def previous_meeting(self, meeting_id: int) -> MeetingView | None:
        """The meeting of the same mode started before ``meeting_id`` that shares a river with it."""
        current = self.get_meeting(meeting_id)
        for view in self.list_meetings(is_exercise=current.is_exercise):
            if view.id == current.id or view.started_at > current.started_at:
                continue
            if view.started_at == current.started_at and view.id > current.id:
                continue
            if set(view.rivers) & set(current.rivers):
                return view
        return None

    # --- log entries ---

    def add_entry(
        self,
        meeting_id: int,
        *,
        kind: str,
        text: str,
        author: Person | str,
        responsible: str = "",
        follow_up_at: datetime | None = None,
        actor: str = "",
        scenario_at: datetime | None = None,
        follow_up_scenario_at: datetime | None = None,
        now: datetime | None = None,
    ) -> LogEntryView:
        """Append one entry to an open meeting's log.

        Parameters
        ----------
        kind : one of :data:`WRITABLE_KINDS` (``informerad`` goes through :meth:`mark_informed`).
        text : the decision, action or information, stored exactly as typed (shown escaped).
        responsible : who carries an action out (``ansvarig``).
        follow_up_at : when to follow it up (``uppföljning``) [tz-aware, stored UTC].
        actor : the organisation the entry concerns or comes from.
        scenario_at : in an exercise, the scenario clock's time now [tz-aware] ("övningstid"), kept
            beside the wall-clock time of the entry; ignored in a real meeting.
        follow_up_scenario_at : in an exercise, when to follow it up on the scenario's clock [tz-aware,
            stored UTC] ("uppföljning, övningstid"); ignored in a real meeting.

        Raises
        ------
        MeetingError
            Unknown kind, empty text or author, naive follow-up time.
        MeetingClosedError
            The meeting has ended.
        """
        if kind not in WRITABLE_KINDS:
            raise MeetingError(f"Okänd typ av loggpost: {kind!r}.")
        if not text.strip():
            raise MeetingError("Skriv vad som beslutades eller gjordes innan du sparar.")
        _checked(text, "Text", MAX_TEXT_CHARS)
        if follow_up_at is not None and (follow_up_at.tzinfo is None or follow_up_at.utcoffset() is None):
            raise MeetingError("Uppföljningstiden saknar tidszon.")
        if follow_up_scenario_at is not None:
            follow_up_scenario_at = _aware(follow_up_scenario_at, "Uppföljningstiden (övningstid) saknar tidszon.")
        return self._append(
            meeting_id,
            kind=kind,
            text=text.strip(),
            author=_author(author),
            responsible=_required(responsible, "", MAX_NAME_CHARS, "Ansvarig") if responsible.strip() else "",
            follow_up_at=follow_up_at.astimezone(UTC) if follow_up_at else None,
            actor=" ".join(_checked(actor, "Aktör", MAX_NAME_CHARS).split()),
            scenario_at=scenario_at,
            follow_up_scenario_at=follow_up_scenario_at,
            now=now,
        )

    def mark_informed(
        self, meeting_id: int, *, actor: str, author: Person | str, note: str = "",
        scenario_at: datetime | None = None, now: datetime | None = None,
    ) -> LogEntryView:
        """Tick an actor as informed ("informerad kl."): an ``informerad`` log entry.

        Ticking the same actor twice in one meeting returns the first tick unchanged: the
        checklist shows when the actor was first informed.
        """
        actor = _required(actor, "Välj vilken aktör som har informerats.", what_sv="Aktör")
        _checked(note, "Anteckning", MAX_TEXT_CHARS)
        who = _author(author)
        existing = self.get_meeting(meeting_id).informed_actors().get(actor)
        if existing is not None:
            return existing
        text = f"{actor} informerad." + (f" {note.strip()}" if note.strip() else "")
        return self._append(
            meeting_id, kind="informerad", text=text, author=who, responsible="", follow_up_at=None,
            actor=actor, scenario_at=scenario_at, now=now,
        )

    def mark_done(
        self, meeting_id: int, entry_id: int, *, by: Person | str, scenario_at: datetime | None = None,
        now: datetime | None = None,
    ) -> LogEntryView:
        """Mark the action ``entry_id`` of the meeting done ("klar"): who (``by``, a redaktör) and when
        (``now`` [UTC]; in an exercise also ``scenario_at``, the scenario's clock [tz-aware]).

        An action is often carried out after the meeting that decided it, and marking it done does not
        change what the meeting agreed (the entry stays as written), so an ended meeting's actions may
        be marked too. Marking an action twice returns the first mark unchanged, also when two sessions
        mark it at once. Audited as a ``logg`` entry; bumps the meeting topic so other sessions see it.

        Raises
        ------
        MeetingError
            ``by`` lacks the redaktör role, or the entry is not an action of this meeting.
        MeetingNotFoundError
            No such meeting.
        """
        who = _author(by)
        moment = utc_now(now)
        try:
            with session_scope(self._sessions) as session:
                meeting = self._load(session, meeting_id)
                entry = next((e for e in meeting.entries if e.id == entry_id), None)
                if entry is None or entry.kind != "atgard":
                    raise MeetingError(f"Möte nr {meeting_id} har ingen åtgärd nr {entry_id} att markera som klar.")
                if any(d.entry_id == entry_id for d in meeting.actions_done):
                    return self._entry_of(meeting, entry_id)
                bump(session, LIVE_TOPIC)
                clock = _aware(scenario_at) if meeting.is_exercise and scenario_at is not None else None
                session.add(ActionDone(meeting_id=meeting_id, entry_id=entry_id, done_at=moment, done_by=who.label,
                                       scenario_at=clock))
                session.flush()
                record_audit(session, "logg", who, {"meeting_id": meeting_id, "entry_id": entry_id, "done": True},
                             now=moment)
                session.refresh(meeting)
                return self._entry_of(meeting, entry_id)
        except IntegrityError:
            # Another session marked it in the meantime: its mark counts.
            return next(e for e in self.get_meeting(meeting_id).entries if e.id == entry_id)

    def recent_entries(
        self, *, is_exercise: bool, rivers: Iterable[str], kinds: Sequence[str] = ("beslut",), limit: int = 5
    ) -> list[tuple[MeetingView, LogEntryView]]:
        """The newest entries of ``kinds`` from meetings touching ``rivers``, newest first."""
        wanted = set(rivers)
        pairs = [
            (meeting, entry)
            for meeting in self.list_meetings(is_exercise=is_exercise)
            if wanted & set(meeting.rivers)
            for entry in meeting.entries
            if entry.kind in kinds
        ]
        pairs.sort(key=lambda pair: (pair[1].created_at, pair[1].id), reverse=True)
        return pairs[:limit]

    # --- internals ---

    def _append(self, meeting_id: int, *, author: Person, now: datetime | None, scenario_at: datetime | None,
                follow_up_scenario_at: datetime | None = None, **values: Any) -> LogEntryView:  # fmt: skip
        moment = utc_now(now)
        with session_scope(self._sessions) as session:
            bump(session, LIVE_TOPIC)
            meeting = self._load_open(session, meeting_id)
            row = LogEntry(meeting_id=meeting.id, created_at=moment, author=author.label, **values)
            session.add(row)
            session.flush()
            clock = _aware(scenario_at) if meeting.is_exercise and scenario_at is not None else None
            if clock is not None:
                session.add(ScenarioTime(meeting_id=meeting.id, entry_id=row.id, scenario_at=clock))
            follow_up = follow_up_scenario_at if meeting.is_exercise else None
            if follow_up is not None:
                session.add(ScenarioFollowUp(meeting_id=meeting.id, entry_id=row.id, follow_up_at=follow_up))
            record_audit(session, "logg", author, {"meeting_id": meeting.id, "entry_id": row.id, "kind": row.kind,
                                                   "text_sha256": hashlib.sha256(row.text.encode()).hexdigest()},
                         now=moment)
            return _entry_view(row, clock, follow_up)

    @staticmethod
    def _entry_of(meeting: Meeting, entry_id: int) -> LogEntryView:
        return next(e for e in _meeting_view(meeting).entries if e.id == entry_id)

    @staticmethod
    def _check_origin(snapshot: SituationSnapshot, is_exercise: bool) -> None:
        if is_exercise != (snapshot.origin is DataOrigin.EXERCISE):
            raise MeetingError(
                "Övningsdata och verkliga data får inte blandas: ett övningsmöte fryser bara "
                "övningsdata och ett skarpt möte bara verkliga data."
            )

    @staticmethod
    def _snapshot_row(meeting_id: int, snapshot: SituationSnapshot, moment: datetime) -> MeetingSnapshot:
        return MeetingSnapshot(
            meeting_id=meeting_id,
            taken_at=moment,
            origin=snapshot.origin.value,
            data_time=snapshot.data_time,
            note=snapshot.note,
            situation_json=snapshot_to_json(snapshot),
        )

    @staticmethod
    def _load(session: Session, meeting_id: int) -> Meeting:
        meeting = session.get(Meeting, meeting_id, populate_existing=True)
        if meeting is None:
            raise MeetingNotFoundError(meeting_id)
        return meeting

    def _load_open(self, session: Session, meeting_id: int) -> Meeting:
        meeting = self._load(session, meeting_id)
        if meeting.ended_at is not None:
            raise MeetingClosedError(meeting_id)
        return meeting
