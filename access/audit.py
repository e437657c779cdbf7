"""The audit trail: append-only and hash-chained, so a deleted or edited entry is detected.

Every entry carries the SHA-256 of the previous entry (``prev_hash``) and its own hash over its
content and that link (``entry_hash``). Changing any stored entry breaks its own hash; deleting
one breaks the next entry's link and the numbering; deleting the newest one disagrees with the
chain's head (:class:`access.models.AuditHead`). :func:`verify_chain` checks all of that.
The database also refuses ``UPDATE`` and ``DELETE`` on the table (triggers, SQLite and
PostgreSQL); the chain is what still tells when someone with full database rights goes around them.

Other packages write entries with :func:`record_audit` inside their own transaction, so the
entry exists exactly when the change it records does::

    from access.audit import record_audit

    with session_scope(factory) as session:
        session.add(event_row)
        record_audit(session, "händelse", person, {"event_id": event_row.id, "kind": "dammbrott"})

Entry kinds are short Swedish words (:data:`AUDIT_KINDS` lists those in use; others are allowed).
Times are tz-aware UTC.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from access.models import GENESIS_HASH, AuditEntry, AuditHead

#: Kinds of entry written by this project → what they record (Swedish, for the admin view).
AUDIT_KINDS: dict[str, str] = {
    "version": "ny version av ett utkast",
    "godkännande": "godkännande för en organisation",
    "godkännanden nollställda": "godkännanden nollställda (aktörslistan ändrad)",
    "aktörer": "ändrad lista över aktörer som ska godkänna",
    "låst": "utkast låst, godkänt av alla",
    "utgivning": "meddelande utgivet",
    "logg": "post i mötesloggen eller åtgärd markerad klar",
    "möte": "möte startat eller avslutat",
    "händelse": "händelse deklarerad, ändrad eller avslutad",
    "ankomsttider": "dammägarens ankomsttider importerade",
    "ägarrapport": "ägarrapporter sparade",
    "roll": "medlemskap eller roll ändrad",
}


class Actor(Protocol):
    """Anyone who acts, with a name and an organisation: a :class:`~access.person.Person` (signed in, typed
    in local mode, or a named system principal such as an owner's feed) or an owner report's ``Reporter``."""

    @property
    def name(self) -> str: ...

    @property
    def organisation(self) -> str | None: ...



@dataclass(frozen=True)
class AuditRecord:
    """One entry as read back (UTC time)."""

    seq: int
    recorded_at: datetime
    kind: str
    person: str
    organisation: str
    payload: dict[str, Any]
    prev_hash: str
    entry_hash: str


@dataclass(frozen=True)
class ChainProblem:
    """Where the chain breaks, and what that means, in Swedish."""

    seq: int
    message_sv: str


@dataclass(frozen=True)
class ChainReport:
    """The result of :func:`verify_chain`: ``ok`` when no problem was found."""

    entries: int
    problems: tuple[ChainProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def canonical_payload(payload: Mapping[str, Any]) -> str:
    """Payload as canonical JSON (sorted keys, UTF-8 kept), the form that is stored and hashed."""
    return json.dumps(dict(payload), sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def compute_entry_hash(
    seq: int, recorded_at: datetime, kind: str, person: str, organisation: str, payload_json: str, prev_hash: str
) -> str:
    """SHA-256 (hex) of one entry: its number, UTC time (ISO 8601, microseconds), kind, who, payload, link."""
    moment = recorded_at.astimezone(UTC).isoformat(timespec="microseconds")
    content = json.dumps(
        [seq, moment, kind, person, organisation, payload_json, prev_hash], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def record_audit(
    session: Session,
    kind: str,
    actor: Actor | str,
    payload: Mapping[str, Any],
    *,
    now: datetime | None = None,
) -> AuditRecord:
    """Append one entry to the audit trail in the caller's transaction.

    Parameters
    ----------
    session : the caller's session; the entry commits or rolls back with the change it records.
    kind : what happened, a short Swedish word (see :data:`AUDIT_KINDS`), at most 40 characters.
    actor : who did it: anything with a ``name`` and an ``organisation`` (a
        :class:`~access.person.Person`, an owner report's ``Reporter``), or a typed name (local mode).
    payload : what changed, JSON-serialisable (ids, names, hashes — not whole texts).
    now : the time to record [tz-aware, stored as UTC]; default the current time.
    """
    if not kind or len(kind) > 40:
        raise ValueError("audit kind must be 1–40 characters")
    name, organisation = (actor, "") if isinstance(actor, str) else (actor.name, actor.organisation or "")
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    head = _claim_head(session)
    seq = head.seq + 1
    payload_json = canonical_payload(payload)
    entry_hash = compute_entry_hash(seq, moment, kind, name, organisation, payload_json, head.entry_hash)
    session.add(
        AuditEntry(
            seq=seq,
            recorded_at=moment,
            kind=kind,
            person=name,
            organisation=organisation,
            payload_json=payload_json,
            prev_hash=head.entry_hash,
            entry_hash=entry_hash,
        )
    )
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=seq, entry_hash=entry_hash))
    session.flush()
    return AuditRecord(seq, moment, kind, name, organisation, json.loads(payload_json), head.entry_hash, entry_hash)


def _claim_head(session: Session) -> AuditHead:
    """Lock the chain's head for this transaction and return it (created on first use)."""
    # Writing the head row first takes the lock before reading it: concurrent appenders queue here
    # (PostgreSQL row lock, SQLite write lock) and each reads the head its predecessor committed.
    claimed = session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq))
    if claimed.rowcount == 0:
        session.add(AuditHead(id=1, seq=0, entry_hash=GENESIS_HASH))
        session.flush()
    head = session.execute(select(AuditHead.seq, AuditHead.entry_hash).where(AuditHead.id == 1)).one()
    return AuditHead(id=1, seq=head.seq, entry_hash=head.entry_hash)


def read_audit_entries(session: Session, *, kind: str | None = None, limit: int | None = None) -> list[AuditRecord]:
    """Entries oldest first (or the newest ``limit``, still oldest first), optionally of one kind."""
    query = select(AuditEntry).order_by(AuditEntry.seq.desc())
    if kind is not None:
        query = query.where(AuditEntry.kind == kind)
    if limit is not None:
        query = query.limit(limit)
    return [_record(row) for row in reversed(list(session.scalars(query)))]


def _record(row: AuditEntry) -> AuditRecord:
    return AuditRecord(
        seq=row.seq,
        recorded_at=row.recorded_at,
        kind=row.kind,
        person=row.person,
        organisation=row.organisation,
        payload=json.loads(row.payload_json),
        prev_hash=row.prev_hash,
        entry_hash=row.entry_hash,
    )


def verify_chain(session: Session) -> ChainReport:
    """Check the whole chain: numbering, each link, each entry's own hash, and the head.

    Reads every entry (oldest first); the audit trail of a coordination group is thousands of
    entries, not millions, so this takes well under a second.
    """
    problems: list[ChainProblem] = []
    expected_seq, expected_prev = 1, GENESIS_HASH
    count = 0
    for row in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)):
        count += 1
        if row.seq != expected_seq:
            missing = (f"nr {expected_seq}" if row.seq == expected_seq + 1
                       else f"nr {expected_seq}–{row.seq - 1}")
            problems.append(ChainProblem(expected_seq, f"Post {missing} saknas: den har raderats ur revisionsloggen."))
        elif row.prev_hash != expected_prev:
            problems.append(ChainProblem(row.seq, f"Post nr {row.seq} hänger inte ihop med posten före: "
                                                  "kedjan har brutits."))
        recomputed = compute_entry_hash(row.seq, row.recorded_at, row.kind, row.person, row.organisation,
                                        row.payload_json, row.prev_hash)
        if recomputed != row.entry_hash:
            problems.append(ChainProblem(row.seq, f"Post nr {row.seq} ({row.kind}) har ändrats efter att den skrevs."))
        expected_seq, expected_prev = row.seq + 1, row.entry_hash
    head = session.execute(select(AuditHead.seq, AuditHead.entry_hash).where(AuditHead.id == 1)).one_or_none()
    last_seq = expected_seq - 1
    if head is not None and (head.seq != last_seq or head.entry_hash != expected_prev):
        if head.seq > last_seq:
            problems.append(ChainProblem(last_seq + 1, f"De senaste posterna (nr {last_seq + 1}–{head.seq}) saknas: "
                                                       "de har raderats ur revisionsloggen."))
        else:
            problems.append(ChainProblem(head.seq, "Revisionsloggens huvud stämmer inte med den senaste posten."))
    elif head is None and count:
        problems.append(ChainProblem(0, "Revisionsloggens huvud saknas."))
    return ChainReport(entries=count, problems=tuple(problems))

