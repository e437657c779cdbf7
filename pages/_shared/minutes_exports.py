"""Möte's exports: the meeting's minutes and the after-action report, each as Word and PDF."""

from __future__ import annotations

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
    render_minutes_docx,
    render_minutes_pdf,
)
from messages.exports.docx_parts import DOCX_MIME
from messages.repository import DraftRepository
from settings import Settings


def render_minutes_exports(log: MeetingLog, drafts: DraftRepository, meeting: MeetingView, settings: Settings) -> None:
    """"Export": minutes of ``meeting`` and the after-action report of every meeting of its kind (ÖVNING or not)."""
    st.subheader("Export")
    now = datetime.now(UTC)
    suffix = "-OVNING" if meeting.is_exercise else ""
    minutes = build_meeting_minutes(meeting, generated_at=now, group_name=settings.group_name)
    c1, c2, c3, c4 = st.columns(4)
    _minutes_downloads(minutes, "Minnesanteckningar", f"minnesanteckningar-mote-{meeting.id}{suffix}", "mote_dl",
                       word_column=c1, pdf_column=c2)
    report = build_after_action_report(
        log.list_meetings(is_exercise=meeting.is_exercise), released_texts_from_drafts(drafts.list_drafts()),
        rivers=meeting.rivers, is_exercise=meeting.is_exercise, generated_at=now,
        group_name=settings.group_name,
    )
    _minutes_downloads(report, "Efterhandsrapport", f"efterhandsrapport{suffix}", "mote_dl_aar",
                       word_column=c3, pdf_column=c4)


def _minutes_downloads(
    doc: MinutesDocument, label: str, stem: str, key: str, word_column: DeltaGenerator, pdf_column: DeltaGenerator,
) -> None:
    """Word and PDF download buttons for one document; a missing PDF font shows its Swedish message instead."""
    word_column.download_button(f"{label} (Word)", render_minutes_docx(doc), file_name=f"{stem}.docx",
                                mime=DOCX_MIME, key=f"{key}_docx", width="stretch", on_click="ignore")
    try:
        pdf_column.download_button(f"{label} (PDF)", render_minutes_pdf(doc), file_name=f"{stem}.pdf",
                                   mime="application/pdf", key=f"{key}_pdf", width="stretch", on_click="ignore")
    except CoordinationError as exc:
        pdf_column.error(exc.message_sv)
