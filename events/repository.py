"""Declare, change, end and list events; every change kept with who made it.

:class:`EventStore` wraps a session factory of the coordination database. Who did something is a
clear argument of every write: the :class:`access.person.Person` who acts (signed in: their name and
organisation from sign-in; local mode: both typed), the same type messages and meetings take. The
store checks the role itself (redaktör; :func:`access.person.check_role` raises
:class:`access.person.NotAllowedError` in Swedish), so code that bypasses the page cannot declare,
change or end an event without it. An exercise scenario acts as its named system principal
(:data:`events.scenario.SCENARIO_AUTHOR`).

Each write appends a row to ``event_history`` with the state after it, an entry to the audit trail
(kind ``"händelse"``, :func:`access.audit.record_audit`), and raises the ``"events"`` change counter
(:mod:`events.live_updates`), all in the same transaction, so polling pages notice and a deleted or
edited history is detected by the audit chain.

Errors are :class:`EventError` with a Swedish ``message_sv``; nothing is stored from bad input.
All times tz-aware UTC.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from access.audit import record_audit
from access.person import Person, check_role
from access.roles import EDITOR
from coordination.db import session_scope
from coordination.errors import CoordinationError
from coordination.inputs import InputError, check_text
from directory.rescue_command import rescue_lead_sv, takeover_lansstyrelser
from events.live_updates import EVENTS_TOPIC, bump_in_session
from events.models import EventHistoryRow, EventRow, RescueLeadRow
from geodata import RIVER_SYSTEMS

#: Event kinds → Swedish, in the order the Händelser page offers them.
EVENT_KINDS_SV: dict[str, str] = {
    "dammbrott": "Dammbrott",
    "risk_dammbrott": "Risk för dammbrott",
    "hoga_floden": "Höga flöden",
    "okad_tappning": "Ökad tappning",
    "isdamning": "Isdämning",
    "annat": "Annat",
}
#: Kinds that are about one dam and need it named (the arrival table starts there).
DAM_KINDS: frozenset[str] = frozenset({"dammbrott", "risk_dammbrott", "okad_tappning"})

ACTIONS_SV = {"declared": "Deklarerad", "changed": "Ändrad", "ended": "Avslutad",
              "rescue_lead": "Räddningsledning ändrad"}
MAX_PLACE = 200
MAX_DESCRIPTION = 2000
MAX_NAME = 200


class EventError(CoordinationError):
    """An event operation that cannot be done; ``message_sv`` says why, in Swedish."""


#: What the redaktör role allows here, completing "Du behöver rollen redaktör för att …".
EVENT_WORK_SV = "deklarera, ändra eller avsluta händelser"


def acting_author(person: Person, what_sv: str = EVENT_WORK_SV) -> Person:
    """``person`` if they may write events, their name and organisation trimmed.

    :class:`access.person.NotAllowedError` without the redaktör role (``what_sv`` completes its message);
    :class:`EventError` when the name or organisation is missing, too long or holds a NUL byte (the same
    message on SQLite and PostgreSQL).
    """
    check_role(person, EDITOR, what_sv)
    name, organisation = person.name.strip(), (person.organisation or "").strip()
    if not name or not organisation:
        raise EventError("Skriv ditt namn och din organisation, så att alla ser vem som har gjort ändringen.")
    return replace(person, name=_checked_text(name, "Namn", MAX_NAME),
                   organisation=_checked_text(organisation, "Organisation", MAX_NAME))


@dataclass(frozen=True)
class Event:
    """An event as it stands now (see :class:`events.models.EventRow` for the fields)."""

    id: int
    kind: str
    river: str
    dam: str | None
    place_sv: str
    description: str
    started_at: datetime
    ended_at: datetime | None
    is_exercise: bool
    scenario: str | None
    declared_by: str
    declared_org: str
    declared_at: datetime
    version: int
    #: The länsstyrelse that has taken over the rescue service (LSO 4 kap. 10 §); None: the kommun's
    #: räddningstjänst leads (see :mod:`directory.rescue_command`).
    rescue_taken_over_by: str | None = None

    @property
    def kind_sv(self) -> str:
        return EVENT_KINDS_SV[self.kind]

    @property
    def title_sv(self) -> str:
        """``"Dammbrott – Hällbydammen"``."""
        return f"{self.kind_sv} – {self.place_sv}"

    @property
    def is_dam_failure(self) -> bool:
        return self.kind == "dammbrott"

    @property
    def rescue_lead_sv(self) -> str:
        """``"Räddningsledning: kommunal (Räddningstjänsten Höga Kusten-Ådalen)"`` or ``"Räddningsledning:
        länsstyrelsen har tagit över (Länsstyrelsen Norrbotten)"``."""
        return rescue_lead_sv(self.dam, self.rescue_taken_over_by)

    def is_active_at(self, moment: datetime) -> bool:
        """Begun at or before ``moment`` [UTC] and not ended by then."""
        return self.started_at <= moment and (self.ended_at is None or self.ended_at > moment)

    def state(self) -> dict:
        """The editable state as JSON-ready values (times ISO 8601 UTC), as the history stores it."""
        return {
            "kind": self.kind, "river": self.river, "dam": self.dam, "place_sv": self.place_sv,
            "description": self.description, "started_at": self.started_at.isoformat(),
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "rescue_taken_over_by": self.rescue_taken_over_by,
        }


@dataclass(frozen=True)
class HistoryEntry:
    """One declaration, change or ending (``action``), with the state after it."""

    event_id: int
    version: int
    action: str
    changed_at: datetime
    changed_by: str
    changed_org: str
    state: dict

    @property
    def action_sv(self) -> str:
        return ACTIONS_SV[self.action]


def _checked_text(value: str, what_sv: str, max_chars: int) -> str:
    """``value`` if it may be stored: at most ``max_chars`` characters, no NUL byte (which PostgreSQL
    refuses and SQLite would keep) and no other control character, else :class:`EventError` with
    :func:`coordination.inputs.check_text`'s message."""
    try:
        return check_text(value, what_sv, max_chars)
    except InputError as exc:
        raise EventError(exc.message_sv) from None


def _aware(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise EventError(f"{what} saknar tidszon.")
    return moment


def _to_event(row: EventRow, taken_over_by: str | None = None) -> Event:
    return Event(
        id=row.id, kind=row.kind, river=row.river, dam=row.dam, place_sv=row.place_sv,
        description=row.description, started_at=row.started_at, ended_at=row.ended_at,
        is_exercise=row.is_exercise, scenario=row.scenario, declared_by=row.declared_by,
        declared_org=row.declared_org, declared_at=row.declared_at, version=row.version,
        rescue_taken_over_by=taken_over_by,
    )


def _rescue_leads(session: Session, event_ids: Iterable[int]) -> dict[int, str | None]:
    """Event id → the länsstyrelse that has taken over its rescue service (newest change), None if none."""
    ids = list(event_ids)
    if not ids:
        return {}
    rows = session.scalars(
        select(RescueLeadRow).where(RescueLeadRow.event_id.in_(ids)).order_by(RescueLeadRow.id)
    ).all()
    return {row.event_id: row.taken_over_by for row in rows}  # the newest row per event wins


def _event_in(session: Session, row: EventRow) -> Event:
    return _to_event(row, _rescue_leads(session, [row.id]).get(row.id))


def check_event_fields(
    kind: str, river: str, place_sv: str, description: str, started_at: datetime,
    ended_at: datetime | None, dam: str | None, known_dams: dict[str, str] | None = None,
) -> None:
    """Validate an event's fields; :class:`EventError` (Swedish) on the first problem.

    ``known_dams`` maps a dam's name (curated table) to its river system; None skips that check.
    """
    if kind not in EVENT_KINDS_SV:
        raise EventError(f"Okänd typ av händelse: ”{kind}”. Välj en av: {', '.join(EVENT_KINDS_SV.values())}.")
    if river not in RIVER_SYSTEMS:
        raise EventError(f"Okänd älv: ”{river}”. Välj en av: {', '.join(RIVER_SYSTEMS)}.")
    if not place_sv.strip():
        raise EventError("Skriv vilken damm eller sträcka händelsen gäller.")
    _checked_text(place_sv, "Damm eller sträcka", MAX_PLACE)
    _checked_text(description, "Beskrivning", MAX_DESCRIPTION)
    if kind in DAM_KINDS and not dam:
        raise EventError(f"Välj vilken damm det gäller ({EVENT_KINDS_SV[kind].lower()} gäller en damm).")
    if dam and known_dams is not None:
        if dam not in known_dams:
            raise EventError(f"Okänd damm: ”{dam}”. Välj en damm ur listan.")
        if known_dams[dam] != river:
            raise EventError(f"Dammen {dam} ligger i {known_dams[dam]}, inte i {river}.")
    _aware(started_at, "Starttiden")
    if ended_at is not None and _aware(ended_at, "Sluttiden") < started_at:
        raise EventError("Händelsen kan inte sluta innan den började.")


class EventStore:
    """The events of the coordination database (see the module docstring).

    ``known_dams`` (dam name → river system, from the curated dam table) lets the store refuse a dam
    that does not exist or lies in another river; :func:`events.scenario.known_dams` gives it.
    """

    def __init__(self, factory: sessionmaker[Session], known_dams: dict[str, str] | None = None) -> None:
        self._factory = factory
        self._known_dams = known_dams

    @property
    def session_factory(self) -> sessionmaker[Session]:
        return self._factory

    def declare(
        self, *, kind: str, river: str, place_sv: str, started_at: datetime, author: Person, now: datetime,
        dam: str | None = None, description: str = "", is_exercise: bool = False, scenario: str | None = None,
    ) -> Event:
        """Declare a new event (active from ``started_at`` [UTC]); returns it with its id."""
        author = acting_author(author)
        place_sv, description = place_sv.strip(), description.strip()
        check_event_fields(kind, river, place_sv, description, started_at, None, dam, self._known_dams)
        _aware(now, "Tidpunkten")
        with session_scope(self._factory) as session:
            row = EventRow(
                kind=kind, river=river, dam=dam or None, place_sv=place_sv, description=description,
                started_at=started_at, ended_at=None, is_exercise=is_exercise, scenario=scenario,
                declared_by=author.name, declared_org=author.organisation, declared_at=now, version=1,
            )
            session.add(row)
            session.flush()
            event = _to_event(row)
            self._record(session, event, "declared", author, now)
        return event

    def change(self, event_id: int, *, author: Person, now: datetime, expected_version: int | None = None,
               **fields) -> Event:
        """Change an event's ``kind``, ``river``, ``dam``, ``place_sv``, ``description`` or ``started_at``.

        ``expected_version`` (the version the user edited) refuses the change when someone else
        changed the event meanwhile.
        """
        allowed = {"kind", "river", "dam", "place_sv", "description", "started_at"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"cannot change {sorted(unknown)}")
        author = acting_author(author)
        with session_scope(self._factory) as session:
            row = self._row(session, event_id, expected_version)
            current = _event_in(session, row)
            if "place_sv" in fields:
                fields["place_sv"] = fields["place_sv"].strip()
            if "description" in fields:
                fields["description"] = fields["description"].strip()
            changed = replace(current, **fields)
            check_event_fields(changed.kind, changed.river, changed.place_sv, changed.description,
                               changed.started_at, changed.ended_at, changed.dam, self._known_dams)
            if changed == current:
                raise EventError("Inget är ändrat.")
            for name in fields:
                setattr(row, name, getattr(changed, name))
            row.version = current.version + 1
            session.flush()
            event = _event_in(session, row)
            self._record(session, event, "changed", author, now)
        return event

    def end(self, event_id: int, *, ended_at: datetime, author: Person, now: datetime,
            expected_version: int | None = None) -> Event:
        """End an event at ``ended_at`` [UTC]."""
        author = acting_author(author)
        with session_scope(self._factory) as session:
            row = self._row(session, event_id, expected_version)
            if row.ended_at is not None:
                raise EventError(f"Händelsen ”{_to_event(row).title_sv}” är redan avslutad.")
            if _aware(ended_at, "Sluttiden") < row.started_at:
                raise EventError("Händelsen kan inte sluta innan den började.")
            row.ended_at = ended_at
            row.version += 1
            session.flush()
            event = _event_in(session, row)
            self._record(session, event, "ended", author, now)
        return event

    def set_rescue_lead(self, event_id: int, *, taken_over_by: str | None, author: Person, now: datetime,
                        expected_version: int | None = None) -> Event:
        """Record who leads the event's rescue effort: ``taken_over_by`` a länsstyrelse that has taken over the
        responsibility for the rescue service (LSO 4 kap. 10 §), or None when the kommun's räddningstjänst
        leads (again). Kept with who changed it and when, as a new version of the event.

        Only a länsstyrelse that may take over here is accepted: the civilområdesansvariga länsstyrelse of
        the län concerned (:func:`directory.rescue_command.takeover_lansstyrelser`; Länsstyrelsen
        Norrbotten on all three rivers). :class:`EventError` on anything else, on an ended event, or when
        nothing changes.
        """
        author = acting_author(author)
        organisation = (taken_over_by or "").strip() or None
        with session_scope(self._factory) as session:
            row = self._row(session, event_id, expected_version)
            current = _event_in(session, row)
            if current.ended_at is not None:
                raise EventError(f"Händelsen ”{current.title_sv}” är avslutad; räddningsledningen kan inte ändras.")
            if organisation is not None:
                allowed = takeover_lansstyrelser(current.river, current.dam)
                if organisation not in allowed:
                    raise EventError(
                        f"”{_checked_text(organisation, 'Länsstyrelse', MAX_NAME)}” kan inte ta över "
                        f"räddningstjänsten vid {current.place_sv}. Det kan bara den civilområdesansvariga "
                        f"länsstyrelsen: {', '.join(allowed)} (förordningen om skydd mot olyckor 4 kap. 33 §).")
            if organisation == current.rescue_taken_over_by:
                raise EventError("Inget är ändrat.")
            row.version = current.version + 1
            session.add(RescueLeadRow(event_id=row.id, version=row.version, taken_over_by=organisation,
                                      changed_at=now, changed_by=author.name, changed_org=author.organisation))
            session.flush()
            event = replace(_to_event(row), rescue_taken_over_by=organisation)
            self._record(session, event, "rescue_lead", author, now)
        return event

    def get(self, event_id: int) -> Event:
        with self._factory() as session:
            row = session.get(EventRow, event_id)
            if row is None:
                raise EventError(f"Händelse nr {event_id} finns inte.")
            return _event_in(session, row)

    def list_events(self, *, is_exercise: bool, active_at: datetime | None = None) -> list[Event]:
        """Events of live (``is_exercise=False``) or exercise mode, newest start first.

        With ``active_at`` [UTC] only those begun by then and not ended by then: an exercise event
        whose start lies ahead of the scenario clock is not shown yet.
        """
        with self._factory() as session:
            rows = session.scalars(
                select(EventRow).where(EventRow.is_exercise == is_exercise)
                .order_by(EventRow.started_at.desc(), EventRow.id.desc())
            ).all()
            leads = _rescue_leads(session, [row.id for row in rows])
            events = [_to_event(row, leads.get(row.id)) for row in rows]
        if active_at is not None:
            events = [event for event in events if event.is_active_at(active_at)]
        return events

    def history(self, event_id: int) -> list[HistoryEntry]:
        """Every declaration, change and ending of the event, oldest first."""
        with self._factory() as session:
            rows = session.scalars(
                select(EventHistoryRow).where(EventHistoryRow.event_id == event_id).order_by(EventHistoryRow.version)
            ).all()
            return [
                HistoryEntry(r.event_id, r.version, r.action, r.changed_at, r.changed_by, r.changed_org,
                             json.loads(r.state_json))
                for r in rows
            ]

    def declare_scenario_event(
        self, *, scenario: str, kind: str, river: str, dam: str | None, place_sv: str, description: str,
        started_at: datetime, author: Person, now: datetime,
    ) -> Event:
        """The event an exercise scenario declares itself (ÖVNING); declared once per scenario."""
        with self._factory() as session:
            row = session.scalars(select(EventRow).where(EventRow.scenario == scenario)).first()
            if row is not None:
                return _event_in(session, row)
        try:
            return self.declare(kind=kind, river=river, dam=dam, place_sv=place_sv, description=description,
                                started_at=started_at, author=author, now=now, is_exercise=True, scenario=scenario)
        except IntegrityError:  # another session declared it at the same moment
            with self._factory() as session:
                return _event_in(session, session.scalars(select(EventRow).where(EventRow.scenario == scenario)).one())

    # --- internals -----------------------------------------------------------------------------

    @staticmethod
    def _row(session: Session, event_id: int, expected_version: int | None) -> EventRow:
        row = session.get(EventRow, event_id, with_for_update=True)
        if row is None:
            raise EventError(f"Händelse nr {event_id} finns inte.")
        if expected_version is not None and row.version != expected_version:
            raise EventError(
                f"Någon annan har ändrat händelsen ”{_to_event(row).title_sv}” medan du arbetade med den. "
                "Läs den nya versionen och gör din ändring igen."
            )
        return row

    @staticmethod
    def _record(session: Session, event: Event, action: str, author: Person, now: datetime) -> None:
        state_json = json.dumps(event.state(), ensure_ascii=False)
        session.add(EventHistoryRow(
            event_id=event.id, version=event.version, action=action, changed_at=now, changed_by=author.name,
            changed_org=author.organisation, state_json=state_json,
        ))
        record_audit(session, "händelse", author, {
            "event_id": event.id, "version": event.version, "action": action, "kind": event.kind,
            "river": event.river, "dam": event.dam, "is_exercise": event.is_exercise,
            "state_sha256": hashlib.sha256(state_json.encode("utf-8")).hexdigest(),
        }, now=now)
        bump_in_session(session, EVENTS_TOPIC)


def dam_failures_by_river(events: Iterable[Event]) -> dict[str, tuple[str, ...]]:
    """River system → the places (as shown, :attr:`Event.place_sv`) of the dam failures among ``events``
    (other events ignored), e.g. ``{"Ångermanälven": ("Hällbydammen",)}``."""
    failures: dict[str, tuple[str, ...]] = {}
    for event in events:
        if event.is_dam_failure and event.dam:
            failures[event.river] = (*failures.get(event.river, ()), event.place_sv)
    return failures
