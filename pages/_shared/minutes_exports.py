"""Möte's exports: the meeting's minutes and the after-action report, each as Word and PDF, and the log as CSV.

Built once per state of the meeting log and the messages (their change counters, :mod:`sharing.live_updates`)
and shared by every session, not on every page run: a rerun of an unchanged meeting costs no build.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from coordination.errors import CoordinationError
from meetings.meeting_changes import released_texts_from_drafts
from meetings.meetings import MeetingLog, MeetingView
from meetings.minutes import (
    MinutesDocument,
    build_after_action_report,
    build_meeting_minutes,
    meeting_log_csv,
    render_minutes_docx,
    render_minutes_pdf,
)
from messages.exports.docx_parts import DOCX_MIME
from messages.repository import DraftRepository
from settings import Settings
from sharing.live_updates import versions
from sharing.store import SharedStateError

#: The change counters the exports depend on: the meeting log and the released messages.
EXPORT_TOPICS = ("meeting", "messages")


@dataclass(frozen=True)
class ExportFiles:
    """One document's files: Word, and PDF or why not (Swedish)."""

    docx: bytes
    pdf: bytes | None
    pdf_error_sv: str = ""


def _files_of(doc: MinutesDocument) -> ExportFiles:
    try:
        pdf, error = render_minutes_pdf(doc), ""
    except CoordinationError as exc:
        pdf, error = None, exc.message_sv
    return ExportFiles(render_minutes_docx(doc), pdf, error)


def build_minutes_files(log: MeetingLog, drafts: DraftRepository, meeting: MeetingView,
                        settings: Settings) -> tuple[ExportFiles, ExportFiles]:
    """The minutes of ``meeting`` and the after-action report of every meeting of its kind, as files."""
    now = datetime.now(UTC)
    minutes = build_meeting_minutes(meeting, generated_at=now, group_name=settings.group_name)
    report = build_after_action_report(
        log.list_meetings(is_exercise=meeting.is_exercise), released_texts_from_drafts(drafts.list_drafts()),
        rivers=meeting.rivers, is_exercise=meeting.is_exercise, generated_at=now,
        group_name=settings.group_name,
    )
    return _files_of(minutes), _files_of(report)


@st.cache_resource(max_entries=16, show_spinner=False)
def _shared_minutes_files(database_url: str, meeting_id: int, changes: tuple[tuple[str, int], ...], group_name: str,
                          _log: MeetingLog, _drafts: DraftRepository, _meeting: MeetingView,
                          _settings: Settings) -> tuple[ExportFiles, ExportFiles]:
    return build_minutes_files(_log, _drafts, _meeting, _settings)


def render_minutes_exports(log: MeetingLog, drafts: DraftRepository, meeting: MeetingView, settings: Settings) -> None:
    """"Export": minutes of ``meeting`` and the after-action report of every meeting of its kind (ÖVNING or not)."""
    st.subheader("Export")
    suffix = "-OVNING" if meeting.is_exercise else ""
    try:
        changes = tuple(sorted(versions(EXPORT_TOPICS, settings.database_url).items()))
    except SharedStateError:  # the counters cannot be read: build for this run, keep nothing
        minutes, report = build_minutes_files(log, drafts, meeting, settings)
    else:
        minutes, report = _shared_minutes_files(settings.database_url, meeting.id, changes, settings.group_name,
                                                log, drafts, meeting, settings)
    c1, c2, c3, c4 = st.columns(4)
    _minutes_downloads(minutes, "Minnesanteckningar", f"minnesanteckningar-mote-{meeting.id}{suffix}", "mote_dl",
                       word_column=c1, pdf_column=c2)
    _minutes_downloads(report, "Efterhandsrapport", f"efterhandsrapport{suffix}", "mote_dl_aar",
                       word_column=c3, pdf_column=c4)
    # The log for a spreadsheet; tables' own CSV downloads are off (client.disableDataExport): this one is safe.
    st.download_button("Loggen (CSV)", meeting_log_csv(meeting, generated_at=datetime.now(UTC),
                                                       group_name=settings.group_name),
                       file_name=f"logg-mote-{meeting.id}{suffix}.csv", mime="text/csv", key="mote_dl_csv",
                       on_click="ignore")


def _minutes_downloads(
    files: ExportFiles, label: str, stem: str, key: str, word_column: DeltaGenerator, pdf_column: DeltaGenerator,
) -> None:
    """Word and PDF download buttons for one document; a missing PDF font shows its Swedish message instead."""
    word_column.download_button(f"{label} (Word)", files.docx, file_name=f"{stem}.docx",
                                mime=DOCX_MIME, key=f"{key}_docx", width="stretch", on_click="ignore")
    if files.pdf is None:
        pdf_column.error(files.pdf_error_sv)
        return
    pdf_column.download_button(f"{label} (PDF)", files.pdf, file_name=f"{stem}.pdf",
                               mime="application/pdf", key=f"{key}_pdf", width="stretch", on_click="ignore")
