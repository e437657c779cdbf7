"""Exports of a message built once per state and kept in the database, shared by every app server.

Building a PDF of a long message takes seconds (minutes for the longest), so it must not happen on
every page run, for every viewer, on every server. :func:`export_key` names one state of a draft —
the current version's content hash plus everything else an export prints (status, approvals, release,
the sender and group name) — and :class:`ExportStore` keeps the files built for that key in the
``message_exports`` table. A new version, approval or release gives a new key; writing its files drops the
draft's older ones.

:func:`build_exports` renders DOCX, PDF and CAP (the plain text is cheap and made on the page),
reporting progress per format; it never imports Streamlit, so it runs in a background thread.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import LargeBinary, String, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

# The writers are imported with this module, never lazily inside build_exports: python-docx's modules
# import each other in a cycle, and two page runs importing it at once in their own threads got a
# "partially initialized module" ImportError (the fault browser test, several pages opened together).
# The cost (about 0.7 s CPU once per process) is paid by the warm-up (serving.warm_up) after a start.
from coordination.db import Base, UTCDateTime, session_scope
from messages.exports.cap import build_cap_alert
from messages.exports.document import build_export_document
from messages.exports.pdf import render_pdf
from messages.exports.word import render_docx
from messages.repository import DraftView
from messages.versions import TEXT_FIELDS

#: Bump when an export's layout changes, so files built by older code are not handed out.
EXPORT_LAYOUT_VERSION = 1
#: The formats kept here, in build order (cheapest first, so progress moves early).
FORMATS: tuple[str, ...] = ("cap", "docx", "pdf")
#: From this many characters of text in all fields together, exports are built only on request
#: (a button), never on the page's own run.
LARGE_TEXT_CHARS = 10_000

ProgressCallback = Callable[[int, int], None]


class StoredExport(Base):
    """One built export file: ``export_key`` (SHA-256 hex of the state, :func:`export_key`) and
    ``format`` (``"docx"``, ``"pdf"``, ``"cap"``); ``built_at`` [UTC]."""

    __tablename__ = "message_exports"

    export_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    format: Mapped[str] = mapped_column(String(8), primary_key=True)
    draft_id: Mapped[int] = mapped_column(index=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def export_key(draft: DraftView, *, cap_sender: str, group_name: str) -> str:
    """SHA-256 (hex) naming everything the exports of ``draft``'s current state print.

    The current version's content hash covers its text and figures; the rest is what changes the
    export without a new version: status, lock and release, approvals, the follow-up reference,
    the CAP sender and the group's name.
    """
    version = draft.current
    state = {
        "layout": EXPORT_LAYOUT_VERSION,
        "draft": [draft.id, draft.river, draft.kind, draft.is_exercise, draft.msg_type, draft.status],
        "version": [version.number, version.content_hash, _iso(version.created_at), version.created_by],
        "approvals": sorted([a.actor_id, a.person, _iso(a.approved_at)] for a in version.approvals),
        "actors": [[a.id, a.name] for a in draft.required_actors],
        "locked": _iso(draft.locked_at),
        "released": [_iso(draft.released_at), draft.released_by, draft.cap_identifier],
        "references": None if draft.references is None else [
            draft.references.draft_id, draft.references.cap_identifier, _iso(draft.references.released_at)],
        "sender": [cap_sender, group_name],
    }
    return hashlib.sha256(json.dumps(state, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def text_size(draft: DraftView) -> int:
    """Characters of text in all fields of the current version."""
    return sum(len(getattr(draft.current.text, name)) for name in TEXT_FIELDS)


def is_large(draft: DraftView) -> bool:
    """True when exports of ``draft`` are built only on request (:data:`LARGE_TEXT_CHARS`)."""
    return text_size(draft) >= LARGE_TEXT_CHARS


def build_exports(
    draft: DraftView, *, cap_sender: str, group_name: str, now: datetime | None = None,
    on_progress: ProgressCallback | None = None,
) -> dict[str, bytes]:
    """DOCX, PDF and CAP of ``draft``'s current state; ``on_progress(done, total)`` after each.

    Raises what the writers raise (``IntegrityError`` of a tampered draft, ``PdfFontMissingError``).
    """
    document = build_export_document(draft, group_name=group_name)
    builders: dict[str, Callable[[], bytes]] = {
        "cap": lambda: build_cap_alert(draft, sender=cap_sender, now=now or datetime.now(UTC), group_name=group_name),
        "docx": lambda: render_docx(document),
        "pdf": lambda: render_pdf(document),
    }
    files: dict[str, bytes] = {}
    if on_progress is not None:
        on_progress(0, len(FORMATS))
    for number, name in enumerate(FORMATS, start=1):
        files[name] = builders[name]()
        if on_progress is not None:
            on_progress(number, len(FORMATS))
    return files


class ExportStore:
    """Built exports in the database (SQLite or PostgreSQL), one row per state and format."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    def read_formats(self, key: str) -> frozenset[str]:
        """The formats already built for ``key`` (no file contents are read)."""
        with session_scope(self._sessions) as session:
            return frozenset(session.scalars(select(StoredExport.format).where(StoredExport.export_key == key)))

    def read_export(self, key: str, fmt: str) -> bytes | None:
        """The file of format ``fmt`` built for ``key``, or None."""
        with session_scope(self._sessions) as session:
            return session.scalar(select(StoredExport.content).where(
                StoredExport.export_key == key, StoredExport.format == fmt))

    def write_exports(self, key: str, draft_id: int, files: dict[str, bytes], now: datetime | None = None) -> None:
        """Keep ``files`` (format → bytes) under ``key`` and drop the files of ``draft_id``'s older
        states (only the current state is ever offered). Another server may have written the same
        state meanwhile: its files are the same, and the first ones are kept."""
        moment = now or datetime.now(UTC)
        try:
            with session_scope(self._sessions) as session:
                session.execute(delete(StoredExport).where(
                    StoredExport.draft_id == draft_id, StoredExport.export_key != key))
                have = set(session.scalars(select(StoredExport.format).where(StoredExport.export_key == key)))
                for fmt, content in files.items():
                    if fmt not in have:
                        session.add(StoredExport(export_key=key, format=fmt, draft_id=draft_id, content=content,
                                                 built_at=moment))
        except IntegrityError:
            pass  # the same state, written by another server between our read and our insert
