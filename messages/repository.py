"""Drafts, versions and joint approval stored in the database, safe for concurrent users.

Each public method is one transaction and returns plain frozen views (:class:`DraftView`…),
never live ORM objects, so pages can keep them in session state.

Concurrency rule (optimistic locking): every change to a draft first runs one
compare-and-set ``UPDATE drafts … WHERE id = :id AND current_version_no = :seen AND status =
'draft'``. Only one of two users who read the same version can win it; the other gets
:class:`~coordination.errors.ConcurrentEditError` and keeps their text. On PostgreSQL the
losing UPDATE waits for the winner's row lock and then re-checks the condition; on SQLite the
database write lock serialises writers (busy timeout in :mod:`coordination.db`). The unique
constraint on (draft, version number) is the last line of defence.

Life cycle: ``draft`` → (every required actor approved the current version) ``locked`` →
``released``. A save creates a new version and so resets approvals (they belong to a version).
A released message is followed by an Update or a Cancel: a new draft that refers to it.

Who acted is a :class:`access.person.Person` (signed in: name and organisation; local mode: the
typed name) or, for callers that have only a name, a string. Each change is written to the audit
trail (:func:`access.audit.record_audit`) in the same transaction, and every read checks each
version's text against its SHA-256 and a locked or released draft against the audit trail's record
of its lock (:attr:`DraftView.integrity_problems`, :mod:`messages.integrity`). The database
itself refuses a lock or release without every required actor's approval (triggers in
:mod:`messages.models`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import func, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from access.audit import record_audit
from access.person import Person, local_person
from coordination.db import session_scope, utc_now
from coordination.errors import (
    ActorError,
    ApprovalError,
    ConcurrentEditError,
    DraftLockedError,
    DraftNotFoundError,
    NothingToSaveError,
    ReleaseError,
)
from coordination.inputs import MAX_BODY_CHARS, MAX_TITLE_CHARS, check_name, check_text
from language.sv import format_date_time
from messages.integrity import (
    AuditIndex,
    field_hashes,
    find_integrity_problems,
    read_audit_index,
)
from messages.models import MSG_TYPES, Actor, Approval, Draft, DraftVersion
from messages.versions import (
    TEXT_FIELD_LABELS_SV,
    TEXT_FIELDS,
    MessageText,
    compute_content_hash,
    diff_texts,
)
from settings import CAP_SENDER
from sharing.live_updates import bump

#: Change-counter topic bumped by every write here, so open Meddelanden pages show it (:mod:`sharing.live_updates`).
LIVE_TOPIC = "messages"

#: Message kinds and their Swedish names (the templates in ``messages/templates``).
MESSAGE_KINDS: dict[str, str] = {
    "pressmeddelande": "Gemensamt pressmeddelande",
    "allmanheten": "Information till allmänheten",
    "lagesbild": "Lägesbild",
    "vma": "Dammbrott: begäran om VMA",
    "dammbrott_press": "Dammbrott: pressmeddelande",
    "dammbrott_info": "Dammbrott: information till allmänheten",
}
#: The kinds written for a declared dam failure (their CAP says "Dammbrott", for the area below the dam).
DAM_FAILURE_KINDS = frozenset({"vma", "dammbrott_press", "dammbrott_info"})

#: A draft's status and CAP message type, as the page names them.
STATUS_SV: dict[str, str] = {"draft": "Utkast", "locked": "Låst – godkänt av alla", "released": "Utgivet"}
MSG_TYPE_SV: dict[str, str] = {"Alert": "", "Update": " (uppdatering)", "Cancel": " (upphävande)"}

#: Default CAP sender: the configured default (``ALVLAGET_CAP_SENDER`` unset), defined once in settings.
DEFAULT_CAP_SENDER = CAP_SENDER


@dataclass(frozen=True)
class ActorSpec:
    """An actor to create or find by name. ``code``: SCB kommunkod / länskod when there is one."""

    name: str
    kind: str = "other"
    code: str | None = None


@dataclass(frozen=True)
class ActorView:
    id: int
    name: str
    kind: str
    code: str | None


@dataclass(frozen=True)
class ApprovalView:
    actor_id: int
    actor_name: str
    person: str
    approved_at: datetime  # UTC


@dataclass(frozen=True)
class VersionView:
    number: int
    text: MessageText
    facts: dict[str, Any]
    created_at: datetime  # UTC
    created_by: str
    content_hash: str
    approvals: tuple[ApprovalView, ...]


@dataclass(frozen=True)
class ReferenceView:
    """The released message a follow-up refers to (CAP ``references``)."""

    draft_id: int
    cap_identifier: str
    released_at: datetime  # UTC, whole seconds


@dataclass(frozen=True)
class DraftView:
    """A draft as read in one transaction: its life cycle, actors and full version history."""

    id: int
    river: str
    kind: str
    is_exercise: bool
    msg_type: str
    status: str
    current_version_no: int
    created_at: datetime
    created_by: str
    locked_at: datetime | None
    released_at: datetime | None
    released_by: str | None
    cap_identifier: str | None
    required_actors: tuple[ActorView, ...]
    versions: tuple[VersionView, ...]
    references: ReferenceView | None
    #: What differs from the approved record, in Swedish (empty when intact); exports are refused
    #: while it is not empty.
    integrity_problems: tuple[str, ...] = ()

    @property
    def current(self) -> VersionView:
        """The newest version (the one being approved, locked or released)."""
        return self.versions[-1]

    @property
    def missing_actors(self) -> tuple[ActorView, ...]:
        """Required actors that have not approved the current version yet."""
        approved = {a.actor_id for a in self.current.approvals}
        return tuple(a for a in self.required_actors if a.id not in approved)

    @property
    def is_editable(self) -> bool:
        return self.status == "draft"

    def version(self, number: int) -> VersionView:
        for v in self.versions:
            if v.number == number:
                return v
        raise KeyError(number)

    def diff(self, old_number: int, new_number: int) -> str:
        """Unified diff between two versions of this draft (empty when identical)."""
        return diff_texts(
            self.version(old_number).text,
            self.version(new_number).text,
            f"version {old_number}",
            f"version {new_number}",
        )



def _facts_to_json(facts: dict[str, Any]) -> str:
    return json.dumps(facts, sort_keys=True, ensure_ascii=False)


def _actor_view(actor: Actor) -> ActorView:
    return ActorView(id=actor.id, name=actor.name, kind=actor.kind, code=actor.code)


def _draft_view(draft: Draft, audit: AuditIndex | None = None) -> DraftView:
    versions = tuple(
        VersionView(
            number=v.number,
            text=MessageText.from_mapping(v),
            facts=json.loads(v.facts_json),
            created_at=v.created_at,
            created_by=v.created_by,
            content_hash=v.content_hash,
            approvals=tuple(
                ApprovalView(
                    actor_id=a.actor_id,
                    actor_name=a.actor.name,
                    person=a.person,
                    approved_at=a.approved_at,
                )
                for a in v.approvals
            ),
        )
        for v in draft.versions
    )
    ref = draft.references
    reference = (
        ReferenceView(ref.id, ref.cap_identifier, ref.released_at)
        if ref is not None and ref.cap_identifier is not None and ref.released_at is not None
        else None
    )
    return DraftView(
        id=draft.id,
        river=draft.river,
        kind=draft.kind,
        is_exercise=draft.is_exercise,
        msg_type=draft.msg_type,
        status=draft.status,
        current_version_no=draft.current_version_no,
        created_at=draft.created_at,
        created_by=draft.created_by,
        locked_at=draft.locked_at,
        released_at=draft.released_at,
        released_by=draft.released_by,
        cap_identifier=draft.cap_identifier,
        required_actors=tuple(_actor_view(a) for a in draft.required_actors),
        versions=versions,
        references=reference,
        integrity_problems=find_integrity_problems(draft, audit or AuditIndex()),
    )


def _who(person: Person | str, what: str) -> Person:
    """The acting person, with a name that may be stored (:func:`coordination.inputs.check_name`).

    A string is a name typed in local mode.
    """
    who = person if isinstance(person, Person) else local_person(person)
    if not who.name.strip():
        raise ApprovalError(f"Ange {what}.")
    return Person(name=check_name(who.name), organisation=who.organisation, roles=who.roles, email=who.email,
                  mode=who.mode)


def _check_message_text(text: MessageText) -> None:
    """Headlines at most :data:`MAX_TITLE_CHARS`, texts :data:`MAX_BODY_CHARS`, no NUL (Swedish message)."""
    for name in TEXT_FIELDS:
        limit = MAX_TITLE_CHARS if name.startswith("headline") else MAX_BODY_CHARS
        check_text(getattr(text, name), TEXT_FIELD_LABELS_SV[name], limit)


class DraftRepository:
    """Coordinated messages in one database. Build with a session factory from :mod:`coordination.db`."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    # --- actors -------------------------------------------------------------------------

    def ensure_actors(self, specs: Iterable[ActorSpec]) -> list[ActorView]:
        """Find each actor by name, creating the missing ones; returns them in the given order."""
        specs = list(specs)
        for _attempt in range(2):
            try:
                with session_scope(self._sessions) as session:
                    out = []
                    for spec in specs:
                        name = " ".join(spec.name.split())
                        if not name:
                            raise ActorError("En aktör måste ha ett namn.")
                        actor = session.scalar(select(Actor).where(Actor.name == name))
                        if actor is None:
                            actor = Actor(name=name, kind=spec.kind, code=spec.code)
                            session.add(actor)
                            session.flush()
                        out.append(_actor_view(actor))
                    return out
            except IntegrityError:
                # Another user created the same actor at the same moment: read it next time.
                continue
        raise ActorError("Aktörerna kunde inte sparas, försök igen.")

    def list_actors(self) -> list[ActorView]:
        with session_scope(self._sessions) as session:
            return [_actor_view(a) for a in session.scalars(select(Actor).order_by(Actor.name))]

    # --- reading ------------------------------------------------------------------------

    def get_draft(self, draft_id: int) -> DraftView:
        """The draft with its full history. Raises :class:`DraftNotFoundError`."""
        with session_scope(self._sessions) as session:
            return _draft_view(self._load(session, draft_id), read_audit_index(session, draft_id))

    def list_drafts(self, river: str | None = None) -> list[DraftView]:
        """All drafts, newest first, optionally of one river."""
        with session_scope(self._sessions) as session:
            query = select(Draft).order_by(Draft.id.desc())
            if river is not None:
                query = query.where(Draft.river == river)
            audit = read_audit_index(session)
            return [_draft_view(d, audit) for d in session.scalars(query)]

    @staticmethod
    def _load(session: Session, draft_id: int) -> Draft:
        draft = session.get(Draft, draft_id, populate_existing=True)
        if draft is None:
            raise DraftNotFoundError(draft_id)
        return draft

    # --- writing ------------------------------------------------------------------------

    def create_draft(
        self,
        *,
        river: str,
        kind: str,
        is_exercise: bool,
        text: MessageText,
        facts: dict[str, Any],
        author: Person | str,
        required_actor_ids: Sequence[int],
        now: datetime | None = None,
        msg_type: str = "Alert",
        references_draft_id: int | None = None,
    ) -> DraftView:
        """Create a draft with its first version.

        Parameters
        ----------
        river : "Ångermanälven", "Umeälven" or "Skellefteälven".
        kind : a key of :data:`MESSAGE_KINDS`.
        is_exercise : True in exercise mode; fixed for the draft's life (ÖVNING marking, CAP
            status Exercise).
        facts : the figures the text was drafted from (see :mod:`messages.drafting`).
        required_actor_ids : ids of the actors that must approve (at least one).
        """
        if kind not in MESSAGE_KINDS:
            raise ValueError(f"unknown message kind {kind!r}")
        if msg_type not in MSG_TYPES:
            raise ValueError(f"unknown CAP msgType {msg_type!r}")
        who = _who(author, "ditt namn")
        _check_message_text(text)
        moment = utc_now(now)
        with session_scope(self._sessions) as session:
            bump(session, LIVE_TOPIC)
            actors = self._actors_by_id(session, required_actor_ids)
            draft = Draft(
                river=river,
                kind=kind,
                is_exercise=is_exercise,
                msg_type=msg_type,
                references_draft_id=references_draft_id,
                status="draft",
                current_version_no=1,
                created_at=moment,
                created_by=who.label,
                required_actors=actors,
            )
            session.add(draft)
            session.flush()
            self._add_version(session, draft.id, 1, text, facts, who, moment)
            session.refresh(draft)
            return _draft_view(draft, read_audit_index(session, draft.id))

    def save_version(
        self,
        draft_id: int,
        expected_version_no: int,
        text: MessageText,
        author: Person | str,
        *,
        facts: dict[str, Any] | None = None,
        required_actor_ids: Sequence[int] | None = None,
        now: datetime | None = None,
    ) -> DraftView:
        """Save an edited text as a new version, if nobody else saved since ``expected_version_no``.

        ``facts`` replaces the figures the text cites (after "Uppdatera siffror"); by default the
        current version's facts are kept. Approvals of earlier versions do not carry over.
        ``required_actor_ids`` replaces the list of actors that must approve, in the same transaction
        (the new version has no approvals yet, so nobody can approve it for the old list); the change is
        written to the audit trail.

        Raises
        ------
        ConcurrentEditError
            Another version was saved (or the draft approved and locked) since the user read it.
        DraftLockedError
            The draft is locked or released.
        NothingToSaveError
            Text and facts are identical to the current version.
        """
        who = _who(author, "ditt namn")
        _check_message_text(text)
        moment = utc_now(now)
        with session_scope(self._sessions) as session:
            bump(session, LIVE_TOPIC)
            current = session.scalar(
                select(DraftVersion).where(
                    DraftVersion.draft_id == draft_id,
                    DraftVersion.number == expected_version_no,
                )
            )
            if current is not None:
                facts_json = _facts_to_json(facts) if facts is not None else current.facts_json
                if (
                    MessageText.from_mapping(current) == text
                    and json.loads(facts_json) == json.loads(current.facts_json)
                ):
                    raise NothingToSaveError()
            else:
                facts_json = _facts_to_json(facts or {})
            self._claim(session, draft_id, expected_version_no, new_version_no=expected_version_no + 1)
            self._add_version(session, draft_id, expected_version_no + 1, text, json.loads(facts_json), who, moment)
            if required_actor_ids is not None:
                draft = self._load(session, draft_id)
                actors = self._actors_by_id(session, required_actor_ids)
                before = sorted(a.name for a in draft.required_actors)
                after = sorted(a.name for a in actors)
                if before != after:
                    draft.required_actors = actors
                    session.flush()
                    record_audit(session, "aktörer", who, {"draft_id": draft_id, "version": expected_version_no + 1,
                                                           "before": before, "after": after}, now=moment)
            return _draft_view(self._load(session, draft_id), read_audit_index(session, draft_id))

    def set_required_actors(
        self,
        draft_id: int,
        expected_version_no: int,
        actor_ids: Sequence[int],
        *,
        by: Person | str = "",
        now: datetime | None = None,
    ) -> DraftView:
        """Replace the list of actors that must approve.

        A change after the first approval of the current version resets its approvals (each
        organisation approved a text *together with* a given set of others); the reset and the new
        list are written to the audit trail. Nothing changes when the list is the same.
        """
        who = by if isinstance(by, Person) else local_person(by)
        moment = utc_now(now)
        with session_scope(self._sessions) as session:
            bump(session, LIVE_TOPIC)
            self._claim(session, draft_id, expected_version_no, new_version_no=expected_version_no)
            draft = self._load(session, draft_id)
            actors = self._actors_by_id(session, actor_ids)
            before = sorted(a.name for a in draft.required_actors)
            after = sorted(a.name for a in actors)
            if before == after:
                return _draft_view(draft, read_audit_index(session, draft_id))
            version = draft.versions[-1]
            reset = [f"{a.actor.name} ({a.person})" for a in version.approvals]
            for approval in list(version.approvals):
                session.delete(approval)
            draft.required_actors = actors
            session.flush()
            payload = {"draft_id": draft_id, "version": version.number, "before": before, "after": after}
            if reset:
                record_audit(session, "godkännanden nollställda", who, {**payload, "reset": reset}, now=moment)
            else:
                record_audit(session, "aktörer", who, payload, now=moment)
            session.refresh(version)
            return _draft_view(self._load(session, draft_id), read_audit_index(session, draft_id))

    def approve(
        self,
        draft_id: int,
        version_no: int,
        actor_id: int,
        person: Person | str,
        *,
        now: datetime | None = None,
    ) -> DraftView:
        """Record that ``person`` approves version ``version_no`` on behalf of ``actor_id``.

        When this completes the set of required actors, the draft locks in the same transaction.

        Raises
        ------
        ConcurrentEditError
            The text changed (a newer version) since the person read it: approve the new one.
        DraftLockedError
            Already locked or released.
        ApprovalError
            The actor is not required for this draft, has already approved this version, or the
            signed-in person is not a godkännare of that actor's organisation.
        """
        who = _who(person, "namnet på den som godkänner")
        moment = utc_now(now)
        with session_scope(self._sessions) as session:
            bump(session, LIVE_TOPIC)
            self._claim(session, draft_id, version_no, new_version_no=version_no)
            draft = self._load(session, draft_id)
            actor = next((a for a in draft.required_actors if a.id == actor_id), None)
            if actor is None:
                raise ApprovalError("Aktören behöver inte godkänna det här utkastet.")
            version = draft.versions[-1]
            if any(a.actor_id == actor_id for a in version.approvals):
                raise ApprovalError(f"{actor.name} har redan godkänt version {version_no}.")
            if not who.may_approve_for(actor.name):
                raise ApprovalError(
                    f"Du kan bara godkänna för din egen organisation ({who.organisation or 'ingen'}) "
                    "och bara med rollen godkännare."
                )
            session.add(
                Approval(version_id=version.id, actor_id=actor_id, person=who.name, approved_at=moment)
            )
            session.flush()
            record_audit(session, "godkännande", who, {
                "draft_id": draft_id, "version": version.number, "actor": actor.name,
                "content_hash": version.content_hash}, now=moment)
            session.refresh(version)
            self._lock_if_complete(session, draft, moment, who)
            return _draft_view(self._load(session, draft_id), read_audit_index(session, draft_id))

    def release(
        self,
        draft_id: int,
        person: Person | str,
        *,
        sender: str = DEFAULT_CAP_SENDER,
        now: datetime | None = None,
    ) -> DraftView:
        """Release a locked draft: it gets its CAP identifier and sent time (whole seconds, UTC)."""
        who = _who(person, "ditt namn")
        moment = utc_now(now).replace(microsecond=0)
        with session_scope(self._sessions) as session:
            bump(session, LIVE_TOPIC)
            draft = self._load(session, draft_id)
            if draft.status != "locked":
                raise ReleaseError(
                    "Bara ett låst utkast, godkänt av alla aktörer, kan ges ut."
                    if draft.status == "draft"
                    else "Meddelandet är redan utgivet."
                )
            identifier = (
                f"{sender}:{'ovning-' if draft.is_exercise else ''}"
                f"{moment:%Y%m%dT%H%M%SZ}-{draft.id}"
            )
            problems = find_integrity_problems(draft, read_audit_index(session, draft_id))
            if problems:
                raise ReleaseError("Meddelandet kan inte ges ut: " + " ".join(problems))
            try:
                claimed = session.execute(
                    update(Draft)
                    .where(Draft.id == draft_id, Draft.status == "locked")
                    .values(
                        status="released",
                        released_at=moment,
                        released_by=who.label,
                        cap_identifier=identifier,
                    )
                )
            except DBAPIError as exc:
                # The database's own rule (a trigger): never released without every approval.
                raise ReleaseError(
                    "Meddelandet kan inte ges ut: alla aktörer har inte godkänt den senaste versionen."
                ) from exc
            if claimed.rowcount != 1:
                raise ReleaseError("Meddelandet är redan utgivet.")
            version = draft.versions[-1]
            record_audit(session, "utgivning", who, {
                "draft_id": draft_id, "version": version.number, "content_hash": version.content_hash,
                "cap_identifier": identifier}, now=moment)
            return _draft_view(self._load(session, draft_id), read_audit_index(session, draft_id))

    def create_follow_up(
        self,
        released_draft_id: int,
        msg_type: str,
        text: MessageText,
        facts: dict[str, Any],
        author: Person | str,
        *,
        required_actor_ids: Sequence[int] | None = None,
        now: datetime | None = None,
    ) -> DraftView:
        """Start an Update or Cancel of a released message, needing the same actors' approval (or those of
        ``required_actor_ids``: after a change of rescue lead, :func:`messages.rescue_lead.follow_up_actors`)."""
        if msg_type not in ("Update", "Cancel"):
            raise ValueError("a follow-up is an 'Update' or a 'Cancel'")
        original = self.get_draft(released_draft_id)
        if original.status != "released":
            raise ReleaseError(
                "Bara ett utgivet meddelande kan uppdateras eller upphävas."
            )
        return self.create_draft(
            river=original.river,
            kind=original.kind,
            is_exercise=original.is_exercise,
            text=text,
            facts=facts,
            author=author,
            required_actor_ids=(list(required_actor_ids) if required_actor_ids is not None
                                else [a.id for a in original.required_actors]),
            now=now,
            msg_type=msg_type,
            references_draft_id=released_draft_id,
        )

    # --- internals ----------------------------------------------------------------------

    @staticmethod
    def _actors_by_id(session: Session, actor_ids: Sequence[int]) -> list[Actor]:
        ids = list(dict.fromkeys(actor_ids))
        if not ids:
            raise ActorError("Minst en aktör måste godkänna texten.")
        actors = list(session.scalars(select(Actor).where(Actor.id.in_(ids))))
        if len(actors) != len(ids):
            raise ActorError("En vald aktör finns inte längre i listan.")
        return actors

    @staticmethod
    def _add_version(
        session: Session,
        draft_id: int,
        number: int,
        text: MessageText,
        facts: dict[str, Any],
        who: Person,
        moment: datetime,
    ) -> None:
        """Store a new version and write it, with the hash of each field, to the audit trail."""
        facts_json = _facts_to_json(facts)
        content_hash = compute_content_hash(text, facts_json)
        session.add(DraftVersion(
            draft_id=draft_id,
            number=number,
            **text.as_dict(),
            facts_json=facts_json,
            created_at=moment,
            created_by=who.label,
            content_hash=content_hash,
        ))
        session.flush()
        record_audit(session, "version", who, {
            "draft_id": draft_id, "version": number, "content_hash": content_hash,
            "field_hashes": field_hashes(text, facts_json)}, now=moment)

    def _claim(
        self, session: Session, draft_id: int, expected_version_no: int, *, new_version_no: int
    ) -> None:
        """The compare-and-set that serialises every change to one draft (see module doc)."""
        result = session.execute(
            update(Draft)
            .where(
                Draft.id == draft_id,
                Draft.current_version_no == expected_version_no,
                Draft.status == "draft",
            )
            .values(current_version_no=new_version_no)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            return
        row = session.execute(
            select(Draft.status, Draft.current_version_no).where(Draft.id == draft_id)
        ).one_or_none()
        if row is None:
            raise DraftNotFoundError(draft_id)
        status, current_no = row
        if current_no != expected_version_no:
            raise ConcurrentEditError(draft_id, expected_version_no, current_no)
        raise DraftLockedError(draft_id, status)

    @staticmethod
    def _lock_if_complete(session: Session, draft: Draft, moment: datetime, who: Person) -> None:
        version = draft.versions[-1]
        approved = session.scalar(
            select(func.count(Approval.id)).where(
                Approval.version_id == version.id,
                Approval.actor_id.in_([a.id for a in draft.required_actors]),
            )
        )
        if approved == len(draft.required_actors):
            draft.status = "locked"
            draft.locked_at = moment
            session.flush()
            text = MessageText.from_mapping(version)
            record_audit(session, "låst", who, {
                "draft_id": draft.id, "version": version.number, "content_hash": version.content_hash,
                "field_hashes": field_hashes(text, version.facts_json),
                "approvals": sorted([a.actor.name, a.person] for a in version.approvals)}, now=moment)


def draft_label_sv(draft: DraftView) -> str:
    """One line naming a draft: ``"Nr 3 · Lägesbild (uppdatering) · Utkast · version 2 · ÖVNING"``."""
    return (
        f"Nr {draft.id} · {MESSAGE_KINDS[draft.kind]}{MSG_TYPE_SV[draft.msg_type]} · "
        f"{STATUS_SV[draft.status]} · version {draft.current_version_no}"
        + (" · ÖVNING" if draft.is_exercise else "")
    )


def version_table(draft: DraftView) -> pd.DataFrame:
    """The draft's versions, oldest first: number, when saved (Swedish time), by whom, approvals, SHA-256."""
    return pd.DataFrame(
        [
            {
                "Version": v.number,
                "Sparad (svensk tid)": format_date_time(v.created_at),
                "Av": v.created_by,
                "Godkännanden": len(v.approvals),
                "SHA-256": v.content_hash,
            }
            for v in draft.versions
        ]
    )
