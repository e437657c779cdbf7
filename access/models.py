"""Tables of :mod:`access`: memberships, e-mail-domain rules and the chained audit trail.

Registered on :class:`coordination.db.Base` and listed in :data:`coordination.db.TABLE_MODULES`.
All times are tz-aware UTC (:class:`coordination.db.UTCDateTime`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, Integer, String, Text, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from coordination.db import Base, UTCDateTime, ensure_guard_trigger

#: ``prev_hash`` of the first entry.
GENESIS_HASH = "0" * 64


class Membership(Base):
    """One person's membership: e-mail (lower case) → organisation and roles.

    ``roles`` is comma-separated role keys of :data:`access.roles.ROLES`.
    """

    __tablename__ = "access_memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    organisation: Mapped[str] = mapped_column(String(200))
    roles: Mapped[str] = mapped_column(String(200), default="lasare")
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    changed_by: Mapped[str] = mapped_column(String(200))


class DomainRule(Base):
    """Everyone whose e-mail is ``…@domain`` belongs to ``organisation`` with ``roles``.

    A personal :class:`Membership` always wins over a domain rule.
    """

    __tablename__ = "access_domain_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    domain: Mapped[str] = mapped_column(String(253), unique=True)
    organisation: Mapped[str] = mapped_column(String(200))
    roles: Mapped[str] = mapped_column(String(200), default="lasare")
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    changed_by: Mapped[str] = mapped_column(String(200))


class AuditEntry(Base):
    """One entry of the audit trail. Never changed or deleted (database triggers refuse it).

    ``entry_hash`` is the SHA-256 (hex) of this entry's canonical content including
    ``prev_hash``, the previous entry's ``entry_hash`` (64 zeros for the first): see
    :func:`access.audit.compute_entry_hash`.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(40), index=True)
    person: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    payload_json: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The chain's head: the number and hash of the newest entry (one row, ``id = 1``).

    Appending updates this row first, which serialises appenders (a row lock on PostgreSQL, the
    write lock on SQLite), and lets :func:`access.audit.verify_chain` notice a deleted last entry.
    """

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    entry_hash: Mapped[str] = mapped_column(String(64))


def install_database_rules(connection: Connection) -> None:
    """The audit trail is append-only in the database itself; its head row exists from the start.

    Called by :func:`coordination.db.create_schema` (idempotent).
    """
    for operation in ("UPDATE", "DELETE"):
        ensure_guard_trigger(
            connection, name=f"audit_log_no_{operation.lower()}", table="audit_log", operation=operation,
            condition_sql="1 = 1", message="audit_log is append-only",
        )
    if connection.execute(select(AuditHead.id).where(AuditHead.id == 1)).first() is None:
        connection.execute(insert(AuditHead).values(id=1, seq=0, entry_hash=GENESIS_HASH))
