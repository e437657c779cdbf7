"""The Meddelanden page's export buttons: DOCX, PDF and CAP built once per state of a message, in the
background, kept in the database for every viewer and every app server; the plain text made here.

A short message's files are built as soon as someone opens it (the page waits for them only within
its bounded time, with a progress bar); a long one's (:func:`messages.export_store.is_large`) only
when someone presses "Skapa exporter", never on the page's own run. While they are being built the
page stays usable and shows how far the build has come; it reruns by itself when they are ready.
The download buttons read the files from the database only when pressed. When the database cannot
keep them (a read-only or full data folder), the files of the last few states are kept in this
server's memory instead, so exports still work in read-only mode.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from coordination.errors import CoordinationError, StorageUnavailableError
from messages.export_store import FORMATS, ExportStore, build_exports, export_key, is_large
from messages.exports.document import build_export_document
from messages.exports.docx_parts import DOCX_MIME
from messages.exports.plaintext import render_plain_text
from messages.repository import DraftView
from pages._shared.bounded import run_bounded, show_progress
from pages._shared.database import database_sessions
from settings import Settings

#: Label, format, file extension and MIME type of each download button, in the order shown.
DOWNLOADS: tuple[tuple[str, str, str, str], ...] = (
    ("Word (DOCX)", "docx", "docx", DOCX_MIME),
    ("PDF", "pdf", "pdf", "application/pdf"),
    ("CAP (XML)", "cap", "cap.xml", "application/xml"),
)
BUILD_LABEL = "Skapar exporter (Word, PDF, CAP) …"
#: How many states' files are kept in memory while the database cannot keep them.
MAX_UNKEPT = 8
#: Longest a page run waits for a long message's files once they are requested [s].
LARGE_WAIT_S = 0.5


@st.cache_resource(show_spinner=False)
def export_store(database_url: str) -> ExportStore:
    try:
        sessions = database_sessions(database_url)
    except SQLAlchemyError:  # a read-only database from before this table: the files are then kept in memory
        sessions = database_sessions(database_url, create_tables=False)
    return ExportStore(sessions)


def _kept_formats(store: ExportStore, key: str) -> frozenset[str]:
    """The formats the database keeps for ``key``; none when it cannot be read."""
    try:
        return store.read_formats(key)
    except (SQLAlchemyError, StorageUnavailableError):
        return frozenset()


def _request_build(key: str) -> None:
    st.session_state[f"msg_export_requested_{key}"] = True


@st.cache_resource(show_spinner=False)
def _unkept() -> dict[str, dict[str, bytes]]:
    """Files built while the database could not keep them (read-only or full data folder), by key."""
    return {}


def _builder(store: ExportStore, draft: DraftView, key: str, settings: Settings) -> Callable:
    def work(progress: Callable[[int, int], None]) -> dict[str, bytes]:
        files = build_exports(draft, cap_sender=settings.cap_sender, group_name=settings.group_name,
                              on_progress=progress)
        try:
            store.write_exports(key, draft.id, files)
        except (SQLAlchemyError, StorageUnavailableError):
            unkept = _unkept()
            while len(unkept) >= MAX_UNKEPT:
                unkept.pop(next(iter(unkept)))
            unkept[key] = files
        return files
    return work


Download = bytes | Callable[[], bytes]


def _ensure_built(settings: Settings, store: ExportStore, draft: DraftView, key: str) -> dict[str, Download]:
    """Each format's file (or a reader of it) for ``key``: kept already, built now (short texts, within
    the page's bounded wait), or built on request (long texts); missing formats are not ready yet."""
    if key in _unkept():
        return dict(_unkept()[key])
    built = _kept_formats(store, key)
    if set(FORMATS) <= built:
        return {fmt: _reader(store, key, fmt) for fmt in built}
    large = is_large(draft)
    if large and not st.session_state.get(f"msg_export_requested_{key}", False):
        st.info("Meddelandet är långt: Word-, PDF- och CAP-filerna skapas när du ber om det, "
                "och sidan kan användas under tiden.", icon=":material/description:")
        st.button("Skapa exporter", key=f"msg_export_build_{draft.id}", on_click=_request_build, args=(key,))
        return {}
    job = ("message-exports", key)
    try:
        ready, files = run_bounded(job, _builder(store, draft, key, settings), wait_s=settings.page_wait_s,
                                   label=BUILD_LABEL, max_wait_s=LARGE_WAIT_S if large else None)
    except CoordinationError as exc:
        st.session_state.pop(f"msg_export_requested_{key}", None)
        st.error(exc.message_sv, icon=":material/error:")
        return {}
    if ready and files is not None:
        return dict(files)
    show_progress(BUILD_LABEL, job)
    return {}


def _reader(store: ExportStore, key: str, fmt: str) -> Callable[[], bytes]:
    return lambda: store.read_export(key, fmt) or b""


def render_export_section(settings: Settings, draft: DraftView) -> None:
    """"Exportera": the download buttons and the text to paste into WIS or e-mail; nothing is exported
    of a message whose saved or approved content does not check out."""
    st.subheader("Exportera")
    if draft.integrity_problems:
        st.error("Exporten är stoppad: meddelandet stämmer inte med det som sparades och godkändes (se ovan).",
                 icon=":material/block:")
        return
    if draft.status == "draft":
        st.caption("Utkastet är inte godkänt av alla: exporterna är märkta UTKAST.")
    plain = render_message_exports(settings, draft)  # built once per state, shared by every viewer and server
    with st.expander("Text att klistra in i WIS eller e-post"):
        st.code(plain, language=None, wrap_lines=True)


def render_message_exports(settings: Settings, draft: DraftView) -> str:
    """The download buttons of ``draft``'s current state; returns its plain text (for copying)."""
    store = export_store(settings.database_url)
    key = export_key(draft, cap_sender=settings.cap_sender, group_name=settings.group_name)
    files = _ensure_built(settings, store, draft, key)
    plain = render_plain_text(build_export_document(draft, group_name=settings.group_name))
    stem = f"meddelande-{draft.id}-v{draft.current_version_no}" + ("-OVNING" if draft.is_exercise else "")
    columns = st.columns(len(DOWNLOADS) + 1)
    for column, (label, fmt, extension, mime) in zip(columns, DOWNLOADS, strict=False):
        if fmt in files:
            column.download_button(label, files[fmt], file_name=f"{stem}.{extension}", mime=mime,
                                   key=f"msg_dl_{fmt}_{draft.id}", on_click="ignore")
    columns[-1].download_button("Text", plain, file_name=f"{stem}.txt", mime="text/plain; charset=utf-8",
                                key=f"msg_dl_txt_{draft.id}", on_click="ignore")
    return plain
