"""One message on Meddelanden: its marking and state, the text (editable for a redaktör while it is a
draft), the approvals, release and follow-up buttons, the exports and the version history.

Draft text is user input: it is shown only in text boxes and code blocks, never as HTML or Markdown.
"""

from __future__ import annotations

import streamlit as st

from language.sv import plural
from messages.drafting import check_figures_current, format_time_sv
from messages.exports.document import EXERCISE_MARKING
from messages.facts import FactsError, facts_from_dict
from messages.repository import DraftRepository, DraftView, draft_label_sv, version_table
from messages.versions import TEXT_FIELD_LABELS_SV, TEXT_FIELDS
from pages._shared.approvals import render_approvals
from pages._shared.flash import flash
from pages._shared.integrity import show_integrity_problems
from pages._shared.message_actions import (
    follow_up,
    load_text_into_boxes,
    release,
    reload_version,
    save_version,
)
from pages._shared.message_data import MESSAGE_FLASH, current_facts, message_user
from pages._shared.message_exports import render_export_section
from pages._shared.plain import plain_md
from settings import Settings


def render_message(repo: DraftRepository, settings: Settings, draft: DraftView) -> None:
    """Everything about one message, top to bottom (the ÖVNING marking above and below the text)."""
    _show_exercise_marking(draft)
    st.subheader(draft_label_sv(draft))
    if draft.references is not None:
        verb = "Upphäver" if draft.msg_type == "Cancel" else "Uppdaterar"
        st.caption(f"{verb} meddelandet utgivet {format_time_sv(draft.references.released_at)} (nr {draft.references.draft_id}).")
    show_integrity_problems(draft)
    if draft.status == "draft" and message_user().has_role("redaktor"):
        _show_stale_figures(settings, draft)
        _show_editor(repo, draft)
    else:
        if draft.status == "draft":
            st.info("Utkastet kan ändras av en redaktör.", icon=":material/edit_off:")
        elif draft.status == "locked":
            st.success(f"Låst {format_time_sv(draft.locked_at)}: godkänt av alla aktörer. Texten kan inte ändras.", icon=":material/lock:")
        else:
            st.success(f"Utgivet {format_time_sv(draft.released_at)} av {plain_md(draft.released_by or '')}.",
                       icon=":material/campaign:")
        st.markdown("**SHA-256 för version " + str(draft.current_version_no) + ":**")
        st.code(draft.current.content_hash, language=None)
        _show_readonly_text(draft)
    _show_exercise_marking(draft)
    render_approvals(repo, draft, lambda kind, text: flash(MESSAGE_FLASH, kind, text), message_user)
    can_edit = message_user().has_role("redaktor")
    if draft.status == "locked" and can_edit:
        st.button("Ge ut meddelandet", key=f"msg_release_{draft.id}", type="primary", on_click=release, args=(repo, settings, draft))
    if draft.status == "released" and can_edit:
        left, right = st.columns(2)
        left.button("Uppdatering", key=f"msg_update_{draft.id}", on_click=follow_up, args=(repo, settings, draft, "Update"))
        right.button("Upphävande", key=f"msg_cancel_{draft.id}", on_click=follow_up, args=(repo, settings, draft, "Cancel"))
    render_export_section(settings, draft)
    _show_history(draft)


def _show_exercise_marking(draft: DraftView) -> None:
    if draft.is_exercise:
        st.error(f"**{EXERCISE_MARKING}** — övningsmeddelande, får inte förväxlas med verklig information.", icon=":material/warning:")


def _show_stale_figures(settings: Settings, draft: DraftView) -> None:
    try:
        drafted = facts_from_dict(draft.current.facts)
    except FactsError:
        return
    for warning in check_figures_current(drafted, current_facts(settings, draft.river)):
        st.warning(warning.message_sv, icon=":material/history:")


def _text_height(name: str) -> int:
    return 90 if name.startswith("headline") else 260


def _show_editor(repo: DraftRepository, draft: DraftView) -> None:
    if f"msg_seen_{draft.id}" not in st.session_state:
        load_text_into_boxes(draft)
    seen = st.session_state[f"msg_seen_{draft.id}"]
    conflict = st.session_state.get(f"msg_conflict_{draft.id}")
    if conflict:
        st.error(conflict, icon=":material/block:")
    elif seen != draft.current_version_no:
        st.info(f"Någon har sparat version {draft.current_version_no} sedan du läste version {seen}.")
    for name in TEXT_FIELDS:
        st.text_area(TEXT_FIELD_LABELS_SV[name], key=f"msg_{name}_{draft.id}", height=_text_height(name))
    left, right = st.columns(2)
    left.button(
        "Spara ny version", key=f"msg_save_{draft.id}", type="primary", on_click=save_version, args=(repo, draft.id)
    )
    if conflict or seen != draft.current_version_no:
        right.button(
            f"Läs in version {draft.current_version_no} (dina ändringar ersätts)",
            key=f"msg_reload_{draft.id}",
            on_click=reload_version,
            args=(repo, draft.id),
        )


def _show_readonly_text(draft: DraftView) -> None:
    for name in TEXT_FIELDS:
        st.text_area(
            TEXT_FIELD_LABELS_SV[name],
            value=getattr(draft.current.text, name),
            key=f"msg_ro_{name}_{draft.id}_{draft.current_version_no}",
            disabled=True,
            height=_text_height(name),
        )


def _show_history(draft: DraftView) -> None:
    with st.expander(f"Versionshistorik ({plural(len(draft.versions), 'version', 'versioner')})"):
        st.dataframe(version_table(draft), hide_index=True, width="stretch", key=f"msg_history_{draft.id}")
        if len(draft.versions) < 2:
            return
        numbers = [v.number for v in draft.versions]
        left, right = st.columns(2)
        old = left.selectbox("Från version", numbers, index=len(numbers) - 2, key=f"msg_diff_old_{draft.id}")
        new = right.selectbox("Till version", numbers, index=len(numbers) - 1, key=f"msg_diff_new_{draft.id}")
        diff = draft.diff(old, new)
        st.code(diff or "Inga skillnader.", language="diff" if diff else None)
