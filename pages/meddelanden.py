"""Meddelanden: draft a joint message from the current figures, approve it together, lock, release, export.

Flow: choose river and kind → "Nytt utkast" (pre-filled from the current flows) → edit → save
(a new version; a conflict with someone else's save keeps your text and says so) → each actor
approves → the version locks with its SHA-256 hash → release → exports (DOCX, PDF, CAP, text)
→ "Uppdatering" or "Upphävande" referring to the released message. Version history with diff.

Draft text is user input: it is shown only in text boxes and code blocks, never as HTML or
Markdown.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from pages._shared.frame import ALL_RIVERS, ensure_frame, selected_river
from pages._shared.live import RIVER_TOPICS, watch_changes
from pages._shared.loaders import data_clock, load_situations, load_warnings
from pages._shared.press_contacts_admin import press_contact_store, press_contacts_section
from pages._shared.storage_guard import storage_guard

ensure_frame()

from access.person import Person  # noqa: E402
from coordination.errors import ConcurrentEditError, CoordinationError  # noqa: E402
from geodata import RIVER_SYSTEMS  # noqa: E402
from language.sv import plural  # noqa: E402
from messages.approvers import default_approvers, scope_to_kind  # noqa: E402
from messages.drafting import (  # noqa: E402
    check_figures_current,
    draft_cancellation,
    draft_text,
    format_time_sv,
)
from messages.exports.document import EXERCISE_MARKING  # noqa: E402
from messages.facts import DraftFacts, FactsError, facts_from_dict, facts_to_dict  # noqa: E402
from messages.press_contacts import with_press_contacts  # noqa: E402
from messages.repository import MESSAGE_KINDS, DraftRepository, DraftView  # noqa: E402
from messages.situation_facts import facts_from_situation  # noqa: E402
from messages.versions import TEXT_FIELD_LABELS_SV, TEXT_FIELDS, MessageText  # noqa: E402
from pages._shared.approvals import render_approvals  # noqa: E402
from pages._shared.database import database_sessions  # noqa: E402
from pages._shared.event_banner import render_event_banner  # noqa: E402
from pages._shared.event_data import dam_failure_fact  # noqa: E402
from pages._shared.identity import current_person, name_input, require_role  # noqa: E402
from pages._shared.integrity import show_integrity_problems  # noqa: E402
from pages._shared.message_exports import render_message_exports  # noqa: E402
from pages._shared.owner_panel import owner_dam_facts  # noqa: E402
from pages._shared.plain import plain_md  # noqa: E402
from settings import Settings, load_settings  # noqa: E402

STATUS_SV = {"draft": "Utkast", "locked": "Låst – godkänt av alla", "released": "Utgivet"}
MSG_TYPE_SV = {"Alert": "", "Update": " (uppdatering)", "Cancel": " (upphävande)"}
FLASH = "msg_flash"


@st.cache_resource(show_spinner=False)
def _repository(database_url: str) -> DraftRepository:
    return DraftRepository(database_sessions(database_url))


def _facts(settings: Settings, river: str) -> DraftFacts:
    """The river's current figures for drafting, from the app's shared cached loaders."""
    situation = load_situations((river,))[0]
    warnings, _reason = load_warnings()
    now = data_clock(settings, situation.origin)
    facts = facts_from_situation(
        situation, warnings_checked_at_utc=now if warnings is not None else None, now=now
    )
    facts = dataclasses.replace(facts, dams=owner_dam_facts(situation, now))
    if settings.is_exercise and not facts.is_exercise:
        facts = dataclasses.replace(facts, is_exercise=True, warnings_source="ÖVNING")
    if facts.is_exercise:  # exports name the scenario as the figures' source
        facts = dataclasses.replace(facts, scenario=settings.scenario)
    return dataclasses.replace(facts, event=dam_failure_fact(river))


def _flash(kind: str, text: str) -> None:
    st.session_state[FLASH] = (kind, text)


def _user() -> Person:
    """Who acts: signed in, or in local mode the name typed in "Ditt namn"."""
    return current_person("msg_user")


def _editor() -> Person | None:
    """The acting person if they may write, release and follow up messages (redaktör); else a Swedish flash."""
    person = _user()
    if person.has_role("redaktor"):
        return person
    _flash("error", "Du behöver rollen redaktör för att skriva, spara eller ge ut meddelanden.")
    return None


def _load_text_into_boxes(draft: DraftView) -> None:
    for name in TEXT_FIELDS:
        st.session_state[f"msg_{name}_{draft.id}"] = getattr(draft.current.text, name)
    st.session_state[f"msg_seen_{draft.id}"] = draft.current_version_no
    st.session_state.pop(f"msg_conflict_{draft.id}", None)


def _text_from_boxes(draft_id: int) -> MessageText:
    return MessageText(**{name: st.session_state.get(f"msg_{name}_{draft_id}", "") for name in TEXT_FIELDS})


# --- actions (button callbacks: they run before the page is drawn again) -------------------------


def _create_draft(repo: DraftRepository, settings: Settings, river: str, kind: str) -> None:
    if (author := _editor()) is None:
        return
    try:
        facts = scope_to_kind(_facts(settings, river), kind)
        approvers = repo.ensure_actors(default_approvers(facts, kind=kind))
        facts = dataclasses.replace(facts, actors=tuple(a.name for a in approvers))
        facts = with_press_contacts(facts, press_contact_store(settings.database_url).press_contacts())
        draft = repo.create_draft(
            river=river,
            kind=kind,
            is_exercise=settings.is_exercise or facts.is_exercise,
            text=draft_text(kind, facts),
            facts=facts_to_dict(facts),
            author=author,
            required_actor_ids=[a.id for a in approvers],
        )
    except CoordinationError as exc:
        _flash("error", exc.message_sv)
        return
    st.session_state["msg_draft_id"] = draft.id
    _load_text_into_boxes(draft)
    _flash("success", f"Utkast nr {draft.id} skapat från aktuella siffror ({format_time_sv(facts.compiled_at_utc)}).")


def _save(repo: DraftRepository, draft_id: int) -> None:
    if (author := _editor()) is None:
        return
    seen = st.session_state.get(f"msg_seen_{draft_id}", 1)
    try:
        draft = repo.save_version(draft_id, seen, _text_from_boxes(draft_id), author)
    except ConcurrentEditError as exc:
        st.session_state[f"msg_conflict_{draft_id}"] = exc.message_sv
        return
    except CoordinationError as exc:
        _flash("error", exc.message_sv)
        return
    st.session_state[f"msg_seen_{draft_id}"] = draft.current_version_no
    st.session_state.pop(f"msg_conflict_{draft_id}", None)
    _flash(
        "success",
        f"Version {draft.current_version_no} sparad. Alla aktörer behöver godkänna den nya versionen.",
    )


def _reload(repo: DraftRepository, draft_id: int) -> None:
    _load_text_into_boxes(repo.get_draft(draft_id))


def _release(repo: DraftRepository, settings: Settings, draft: DraftView) -> None:
    if (author := _editor()) is None:
        return
    try:
        repo.release(draft.id, author, sender=settings.cap_sender)
    except CoordinationError as exc:
        _flash("error", exc.message_sv)
        return
    _flash("success", "Meddelandet är utgivet. Ladda ner det nedan.")


def _follow_up(repo: DraftRepository, settings: Settings, draft: DraftView, msg_type: str) -> None:
    if (author := _editor()) is None:
        return
    try:
        if msg_type == "Cancel":
            facts_data = draft.current.facts
            text = draft_cancellation(draft.current.text, draft.released_at, draft.river)
        else:
            facts = dataclasses.replace(
                _facts(settings, draft.river), actors=tuple(a.name for a in draft.required_actors)
            )
            facts_data = facts_to_dict(facts)
            text = draft_text(draft.kind, facts)
        new = repo.create_follow_up(draft.id, msg_type, text, facts_data, author)
    except CoordinationError as exc:
        _flash("error", exc.message_sv)
        return
    st.session_state["msg_draft_id"] = new.id
    _load_text_into_boxes(new)
    what = "en uppdatering" if msg_type == "Update" else "ett upphävande"
    _flash("success", f"Utkast nr {new.id} är påbörjat: {what} av det utgivna meddelandet. "
                      "Det behöver godkännas av samma aktörer.")


# --- drawing ---------------------------------------------------------------------------------------


def _draft_label(draft: DraftView) -> str:
    return (
        f"Nr {draft.id} · {MESSAGE_KINDS[draft.kind]}{MSG_TYPE_SV[draft.msg_type]} · "
        f"{STATUS_SV[draft.status]} · version {draft.current_version_no}"
        + (" · ÖVNING" if draft.is_exercise else "")
    )


def _show_exercise_marking(draft: DraftView) -> None:
    if draft.is_exercise:
        st.error(f"**{EXERCISE_MARKING}** — övningsmeddelande, får inte förväxlas med verklig information.", icon=":material/warning:")


def _show_stale_figures(settings: Settings, draft: DraftView) -> None:
    try:
        drafted = facts_from_dict(draft.current.facts)
    except FactsError:
        return
    for warning in check_figures_current(drafted, _facts(settings, draft.river)):
        st.warning(warning.message_sv, icon=":material/history:")


def _show_editor(repo: DraftRepository, draft: DraftView) -> None:
    if f"msg_seen_{draft.id}" not in st.session_state:
        _load_text_into_boxes(draft)
    seen = st.session_state[f"msg_seen_{draft.id}"]
    conflict = st.session_state.get(f"msg_conflict_{draft.id}")
    if conflict:
        st.error(conflict, icon=":material/block:")
    elif seen != draft.current_version_no:
        st.info(f"Någon har sparat version {draft.current_version_no} sedan du läste version {seen}.")
    for name in TEXT_FIELDS:
        height = 90 if name.startswith("headline") else 260
        st.text_area(TEXT_FIELD_LABELS_SV[name], key=f"msg_{name}_{draft.id}", height=height)
    left, right = st.columns(2)
    left.button(
        "Spara ny version", key=f"msg_save_{draft.id}", type="primary", on_click=_save, args=(repo, draft.id)
    )
    if conflict or seen != draft.current_version_no:
        right.button(
            f"Läs in version {draft.current_version_no} (dina ändringar ersätts)",
            key=f"msg_reload_{draft.id}",
            on_click=_reload,
            args=(repo, draft.id),
        )


def _show_readonly_text(draft: DraftView) -> None:
    for name in TEXT_FIELDS:
        st.text_area(
            TEXT_FIELD_LABELS_SV[name],
            value=getattr(draft.current.text, name),
            key=f"msg_ro_{name}_{draft.id}_{draft.current_version_no}",
            disabled=True,
            height=90 if name.startswith("headline") else 260,
        )


def _show_exports(settings: Settings, draft: DraftView) -> None:
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


def _show_history(draft: DraftView) -> None:
    with st.expander(f"Versionshistorik ({plural(len(draft.versions), 'version', 'versioner')})"):
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Version": v.number,
                        "Sparad (svensk tid)": format_time_sv(v.created_at),
                        "Av": v.created_by,
                        "Godkännanden": len(v.approvals),
                        "SHA-256": v.content_hash,
                    }
                    for v in draft.versions
                ]
            ),
            hide_index=True,
            width="stretch",
            key=f"msg_history_{draft.id}",
        )
        if len(draft.versions) < 2:
            return
        numbers = [v.number for v in draft.versions]
        left, right = st.columns(2)
        old = left.selectbox("Från version", numbers, index=len(numbers) - 2, key=f"msg_diff_old_{draft.id}")
        new = right.selectbox("Till version", numbers, index=len(numbers) - 1, key=f"msg_diff_new_{draft.id}")
        diff = draft.diff(old, new)
        st.code(diff or "Inga skillnader.", language="diff" if diff else None)


def _show_draft(repo: DraftRepository, settings: Settings, draft: DraftView) -> None:
    _show_exercise_marking(draft)
    st.subheader(_draft_label(draft))
    if draft.references is not None:
        verb = "Upphäver" if draft.msg_type == "Cancel" else "Uppdaterar"
        st.caption(f"{verb} meddelandet utgivet {format_time_sv(draft.references.released_at)} (nr {draft.references.draft_id}).")
    show_integrity_problems(draft)
    if draft.status == "draft" and _user().has_role("redaktor"):
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
    render_approvals(repo, draft, _flash, _user)
    can_edit = _user().has_role("redaktor")
    if draft.status == "locked" and can_edit:
        st.button("Ge ut meddelandet", key=f"msg_release_{draft.id}", type="primary", on_click=_release, args=(repo, settings, draft))
    if draft.status == "released" and can_edit:
        left, right = st.columns(2)
        left.button("Uppdatering", key=f"msg_update_{draft.id}", on_click=_follow_up, args=(repo, settings, draft, "Update"))
        right.button("Upphävande", key=f"msg_cancel_{draft.id}", on_click=_follow_up, args=(repo, settings, draft, "Cancel"))
    _show_exports(settings, draft)
    _show_history(draft)


def main() -> None:
    settings = load_settings()
    repo = _repository(settings.database_url)
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
            on_click=_create_draft,
            args=(repo, settings, river, kind),
            disabled=not can_edit,
            help="Fylls i med de senaste flödena, med tid och källa för varje siffra.",
        )

    press_contacts_section(settings.database_url, _user())

    flash = st.session_state.pop(FLASH, None)
    if flash is not None:
        (st.success if flash[0] == "success" else st.error)(flash[1])

    drafts = repo.list_drafts(river)
    if not drafts:
        st.info(f"Inga meddelanden för {river} ännu. Skapa ett nytt utkast ovan.")
        return
    ids = [d.id for d in drafts]
    if st.session_state.get("msg_draft_id") not in ids:
        st.session_state["msg_draft_id"] = ids[0]
    by_id = {d.id: d for d in drafts}
    draft_id = st.selectbox("Meddelande", ids, format_func=lambda i: _draft_label(by_id[i]), key="msg_draft_id")
    _show_draft(repo, settings, by_id[draft_id])


with storage_guard():
    main()
watch_changes(("messages", *RIVER_TOPICS))  # approvals, versions, reports and events from other sessions
