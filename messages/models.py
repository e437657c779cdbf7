"""Tables for coordinated messages: actors, drafts, versions, approvals.

A *draft* is one message the group is writing (a press release, information to the public or
a situation report) for one river. Every save of its text is a new immutable *version*
(numbered 1, 2, …). An *approval* says that a named person approved one version on behalf of
one *actor* (an organisation: dam owner, länsstyrelse, kommun…). When every actor required by
the draft has approved the current version, the draft is locked; a locked draft can be
released; a later message is a new draft whose ``references_draft_id`` points at the released
one (CAP ``msgType`` Update or Cancel).

All times are tz-aware UTC (:class:`coordination.db.UTCDateTime`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordination.db import Base, UTCDateTime, ensure_guard_trigger

#: Kinds of actor. Kept as plain strings so new kinds need no schema change.
ACTOR_KINDS: dict[str, str] = {
    "dam_owner": "Dammägare",
    "lansstyrelse": "Länsstyrelse",
    "kommun": "Kommun",
    "other": "Annan aktör",
}

#: Draft life cycle: ``draft`` (editable) → ``locked`` (all approved) → ``released``.
DRAFT_STATUSES = ("draft", "locked", "released")

#: CAP message types (CAP 1.2 ``msgType``) a draft can have.
MSG_TYPES = ("Alert", "Update", "Cancel")

draft_required_actors = Table(
    "draft_required_actors",
    Base.metadata,
    Column("draft_id", ForeignKey("drafts.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", ForeignKey("actors.id", ondelete="RESTRICT"), primary_key=True),
)


class Actor(Base):
    """An organisation in a coordination group that can approve a joint text.

    ``code`` is the official code when there is one: SCB's 4-digit kommunkod for a kommun
    (e.g. ``"2480"`` Umeå), the 2-digit länskod for a länsstyrelse (``"24"`` Västerbotten).
    """

    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40), default="other")
    code: Mapped[str | None] = mapped_column(String(20), default=None)


class Draft(Base):
    """One message being written, with its life cycle and the actors that must approve it.

    ``current_version_no`` is the number of the newest version; saving compares and sets it,
    which is the optimistic lock (see :mod:`messages.repository`).
    """

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    river: Mapped[str] = mapped_column(String(60), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    is_exercise: Mapped[bool] = mapped_column(Boolean)
    msg_type: Mapped[str] = mapped_column(String(10), default="Alert")
    references_draft_id: Mapped[int | None] = mapped_column(
        ForeignKey("drafts.id"), default=None
    )
    status: Mapped[str] = mapped_column(String(10), default="draft")
    current_version_no: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(200))
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    released_by: Mapped[str | None] = mapped_column(String(200), default=None)
    #: CAP ``identifier`` given at release; unique among our messages.
    cap_identifier: Mapped[str | None] = mapped_column(String(200), unique=True, default=None)

    required_actors: Mapped[list[Actor]] = relationship(
        secondary=draft_required_actors, order_by=Actor.name, lazy="selectin"
    )
    versions: Mapped[list[DraftVersion]] = relationship(
        back_populates="draft", order_by="DraftVersion.number", lazy="selectin"
    )
    references: Mapped[Draft | None] = relationship(remote_side=[id], lazy="selectin")


class DraftVersion(Base):
    """One saved text of a draft. Never changed after insert.

    The texts are stored exactly as typed (HTML, control characters and any Unicode included);
    they are data, never markup. ``facts_json`` is the snapshot of figures (flows, times,
    sources, warnings, kommuner) the text was drafted from, so exports can name each figure's
    source and time and :func:`messages.drafting.check_figures_current` can compare.
    ``content_hash`` is the SHA-256 (hex) of the canonical content, see
    :func:`messages.versions.compute_content_hash`.
    """

    __tablename__ = "draft_versions"
    __table_args__ = (UniqueConstraint("draft_id", "number", name="uq_draft_version_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    headline_sv: Mapped[str] = mapped_column(Text, default="")
    body_sv: Mapped[str] = mapped_column(Text, default="")
    instruction_sv: Mapped[str] = mapped_column(Text, default="")
    headline_en: Mapped[str] = mapped_column(Text, default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    instruction_en: Mapped[str] = mapped_column(Text, default="")
    facts_json: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(200))
    content_hash: Mapped[str] = mapped_column(String(64))

    draft: Mapped[Draft] = relationship(back_populates="versions")
    approvals: Mapped[list[Approval]] = relationship(
        back_populates="version", order_by="Approval.approved_at", lazy="selectin"
    )


class Approval(Base):
    """A named person's approval of one version on behalf of one actor (at most one per actor)."""

    __tablename__ = "approvals"
    __table_args__ = (UniqueConstraint("version_id", "actor_id", name="uq_approval_actor"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("draft_versions.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="RESTRICT"))
    person: Mapped[str] = mapped_column(String(200))
    approved_at: Mapped[datetime] = mapped_column(UTCDateTime())

    version: Mapped[DraftVersion] = relationship(back_populates="approvals")
    actor: Mapped[Actor] = relationship(lazy="selectin")


#: SQL (SQLite and PostgreSQL) that holds when the draft row ``NEW`` claims to be locked or released
#: while some required actor has not approved its current version, or no actor is required at all.
_LOCKED_WITHOUT_ALL_APPROVALS = """NEW.status IN ('locked', 'released') AND (
    NOT EXISTS (SELECT 1 FROM draft_required_actors r WHERE r.draft_id = NEW.id)
    OR EXISTS (
        SELECT 1 FROM draft_required_actors r WHERE r.draft_id = NEW.id AND NOT EXISTS (
            SELECT 1 FROM approvals a JOIN draft_versions v ON v.id = a.version_id
            WHERE v.draft_id = NEW.id AND v.number = NEW.current_version_no AND a.actor_id = r.actor_id)))"""

#: SQL that holds when the approval ``OLD`` belongs to a draft that is locked or released.
_APPROVAL_OF_LOCKED_DRAFT = """EXISTS (
    SELECT 1 FROM draft_versions v JOIN drafts d ON d.id = v.draft_id
    WHERE v.id = OLD.version_id AND d.status <> 'draft')"""


def install_database_rules(connection: Connection) -> None:
    """Rules the database enforces whoever writes (called by :func:`coordination.db.create_schema`).

    - a draft is locked or released only with every required actor's approval of its current
      version (insert and update of ``drafts``);
    - an approval of a locked or released draft is never deleted;
    - a saved version is never changed.
    """
    for operation in ("INSERT", "UPDATE"):
        ensure_guard_trigger(
            connection, name=f"drafts_release_needs_approvals_{operation.lower()}", table="drafts",
            operation=operation, condition_sql=_LOCKED_WITHOUT_ALL_APPROVALS,
            message="a draft is locked or released only with every required approval",
        )
    ensure_guard_trigger(
        connection, name="approvals_kept_after_lock", table="approvals", operation="DELETE",
        condition_sql=_APPROVAL_OF_LOCKED_DRAFT, message="approvals of a locked or released draft are kept",
    )
    ensure_guard_trigger(
        connection, name="draft_versions_no_update", table="draft_versions", operation="UPDATE",
        condition_sql="1 = 1", message="a saved version is never changed",
    )
