"""Meddelanden: draft a joint message from the current figures, approve it together, lock, release, export.

Flow: choose river and kind → "Nytt utkast" (pre-filled from the current flows) → edit → save
(a new version; a conflict with someone else's save keeps your text and says so) → each actor
approves → the version locks with its SHA-256 hash → release → exports (DOCX, PDF, CAP, text)
→ "Uppdatering" or "Upphävande" referring to the released message. Version history with diff.

Draft text is user input: it is shown only in text boxes and code blocks, never as HTML or
Markdown.
"""

from __future__ import annotations

import streamlit as st

from pages._shared.frame import ALL_RIVERS, ensure_frame, selected_river
from pages._shared.live import RIVER_TOPICS, watch_changes
from pages._shared.press_contacts_admin import press_contacts_section
from pages._shared.storage_guard import storage_guard

ensure_frame()

from geodata import RIVER_SYSTEMS  # noqa: E402
from messages.repository import MESSAGE_KINDS, draft_label_sv  # noqa: E402
from pages._shared.event_banner import render_event_banner  # noqa: E402
from pages._shared.flash import show_flash  # noqa: E402
from pages._shared.identity import name_input, require_role  # noqa: E402
from pages._shared.message_actions import create_draft  # noqa: E402
from pages._shared.message_data import MESSAGE_FLASH, draft_repository, message_user  # noqa: E402
from pages._shared.message_view import render_message  # noqa: E402
from settings import load_settings  # noqa: E402


def main() -> None:
    settings = load_settings()
    repo = draft_repository(settings.database_url)
    render_event_banner(key="msg_events")
    st.title("Meddelanden")
    st.caption("Gemensamma pressmeddelanden, information till allmänheten och lägesbilder – godkänns av alla berörda aktörer.")

    river = selected_river()
    if river == ALL_RIVERS:
        river = st.selectbox("Älv för meddelandet", RIVER_SYSTEMS, key="msg_river")
    can_edit = require_role("redaktor", name_input("msg_user", "Ditt namn (sparas med versioner och godkännanden)"))

    with st.container(border=True):
        kind = st.selectbox("Typ av meddelande", list(MESSAGE_KINDS), format_func=MESSAGE_KINDS.get, key="msg_kind")
        st.button(
            "Nytt utkast",
            key="msg_new",
            type="primary",
            on_click=create_draft,
            args=(repo, settings, river, kind),
            disabled=not can_edit,
            help="Fylls i med de senaste flödena, med tid och källa för varje siffra.",
        )

    press_contacts_section(settings.database_url, message_user())
    show_flash(MESSAGE_FLASH, icons=False)

    drafts = repo.list_drafts(river)
    if not drafts:
        st.info(f"Inga meddelanden för {river} ännu. Skapa ett nytt utkast ovan.")
        return
    ids = [d.id for d in drafts]
    if st.session_state.get("msg_draft_id") not in ids:
        st.session_state["msg_draft_id"] = ids[0]
    by_id = {d.id: d for d in drafts}
    draft_id = st.selectbox("Meddelande", ids, format_func=lambda i: draft_label_sv(by_id[i]), key="msg_draft_id")
    render_message(repo, settings, by_id[draft_id])


with storage_guard():
    main()
watch_changes(("messages", *RIVER_TOPICS))  # approvals, versions, reports and events from other sessions
