"""Is a draft still what was saved and approved? Checked against the audit trail on every read.

Each saved version is written to the audit trail (:mod:`access.audit`) with its SHA-256 and the
hash of each field; a lock records the version, its hash and who approved it. A version whose
stored text no longer gives its hash, or a locked/released draft whose approvals differ from the
lock's record, was changed around the app (directly in the database). :func:`find_integrity_problems`
names what differs, in Swedish; the page shows it in red and exports of the draft are refused.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from access.models import AuditEntry
from coordination.errors import CoordinationError
from messages.models import Draft
from messages.versions import TEXT_FIELD_LABELS_SV, TEXT_FIELDS, MessageText, compute_content_hash

#: Label of the facts (the figures a text cites) in messages about what differs.
FACTS_LABEL_SV = "Siffrorna och källorna"


@dataclass(frozen=True)
class AuditIndex:
    """The audit trail's record of drafts: the newest ``version`` entry per (draft, version) and
    the newest ``låst`` entry per draft (payloads as recorded)."""

    versions: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    locks: dict[int, dict[str, Any]] = field(default_factory=dict)


def field_hashes(text: MessageText, facts_json: str) -> dict[str, str]:
    """SHA-256 (hex) of each text field and of the canonical facts: tells *which* part changed."""
    hashes = {name: _sha256(getattr(text, name)) for name in TEXT_FIELDS}
    hashes["facts"] = _sha256(json.dumps(json.loads(facts_json or "{}"), sort_keys=True, ensure_ascii=False))
    return hashes


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def read_audit_index(session: Session, draft_id: int | None = None) -> AuditIndex:
    """The draft entries of the audit trail, of one draft or all (read in the caller's transaction)."""
    index = AuditIndex()
    rows = session.execute(
        select(AuditEntry.kind, AuditEntry.payload_json)
        .where(AuditEntry.kind.in_(("version", "låst")))
        .order_by(AuditEntry.seq)
    )
    for kind, payload_json in rows:
        payload = json.loads(payload_json)
        if draft_id is not None and payload.get("draft_id") != draft_id:
            continue
        if kind == "version":
            index.versions[(payload["draft_id"], payload["version"])] = payload
        else:
            index.locks[payload["draft_id"]] = payload
    return index


def find_integrity_problems(draft: Draft, audit: AuditIndex) -> tuple[str, ...]:
    """What in ``draft`` differs from what was saved and approved, in Swedish (empty when intact)."""
    problems: list[str] = []
    for version in draft.versions:
        text = MessageText.from_mapping(version)
        recomputed = compute_content_hash(text, version.facts_json)
        recorded = audit.versions.get((draft.id, version.number))
        if recomputed == version.content_hash and (recorded is None or recorded["content_hash"] == recomputed):
            continue
        what = "texten"
        if recorded is not None:
            now = field_hashes(text, version.facts_json)
            changed = [name for name, value in recorded["field_hashes"].items() if now.get(name) != value]
            labels = [TEXT_FIELD_LABELS_SV.get(name, FACTS_LABEL_SV) for name in changed]
            what = ", ".join(labels) if labels else "fingeravtrycket (SHA-256)"
        problems.append(
            f"Version {version.number} har ändrats direkt i databasen efter att den sparades: {what} "
            "stämmer inte med det sparade fingeravtrycket (SHA-256)."
        )
    if draft.status in ("locked", "released") and draft.versions:
        problems.extend(_lock_problems(draft, audit.locks.get(draft.id)))
    return tuple(problems)


def _lock_problems(draft: Draft, lock: dict[str, Any] | None) -> list[str]:
    current = draft.versions[-1]
    in_database = {(a.actor.name, a.person) for a in current.approvals}
    if lock is None:
        missing = sorted({a.name for a in draft.required_actors} - {name for name, _ in in_database})
        problems = ["Revisionsloggen saknar uppgift om att utkastet låstes efter godkännande av alla aktörer."]
        problems += [f"Godkännandet från {name} saknas i databasen." for name in missing]
        return problems
    problems = []
    if lock["version"] != current.number:
        problems.append(f"Version {lock['version']} låstes, men databasen visar version {current.number}.")
    recorded = {(name, person) for name, person in lock["approvals"]}
    problems += [f"Godkännandet från {name} ({person}) saknas i databasen." for name, person in sorted(recorded - in_database)]
    problems += [
        f"Godkännandet från {name} ({person}) finns i databasen men inte i revisionsloggen."
        for name, person in sorted(in_database - recorded)
    ]
    return problems


class TamperedDraftError(CoordinationError):
    """The draft differs from what was saved and approved: it is not exported (message in Swedish)."""

    def __init__(self, draft_id: int, problems: tuple[str, ...]) -> None:
        super().__init__(
            f"Meddelande nr {draft_id} exporteras inte: det stämmer inte med det som sparades och godkändes. "
            + " ".join(problems)
        )
        self.draft_id = draft_id
        self.problems = problems


def ensure_intact(draft: Any) -> None:
    """Raise :class:`TamperedDraftError` when ``draft`` (a ``DraftView``) has integrity problems."""
    if draft.integrity_problems:
        raise TamperedDraftError(draft.id, draft.integrity_problems)
