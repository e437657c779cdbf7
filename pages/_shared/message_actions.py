"""What the buttons on Meddelanden do: create a draft, save a version, reload, release, follow up.

They are button callbacks: they run before the page is drawn again, and say what happened through
the page's flash. The text boxes of a draft live in the session under ``msg_<field>_<draft id>``,
with the version the person last read under ``msg_seen_<draft id>``.
"""

from __future__ import annotations

import streamlit as st

from coordination.errors import ConcurrentEditError, CoordinationError
from messages.approvers import ensure_default_approvers, scope_to_kind
from messages.drafting import draft_follow_up, draft_text, format_time_sv
from messages.facts import facts_to_dict
from messages.press_contacts import with_press_contacts
from messages.repository import DAM_FAILURE_KINDS, DraftRepository, DraftView
from messages.rescue_lead import follow_up_actors
from messages.versions import TEXT_FIELDS, MessageText
from pages._shared.event_data import dam_failure_fact
from pages._shared.flash import flash
from pages._shared.message_data import MESSAGE_FLASH, current_facts, message_editor
from pages._shared.plain import plain_message
from pages._shared.press_contacts_admin import press_contact_store
from settings import Settings


def load_text_into_boxes(draft: DraftView) -> None:
    """Put the draft's current text in its text boxes and note the version as read."""
    for name in TEXT_FIELDS:
        st.session_state[f"msg_{name}_{draft.id}"] = getattr(draft.current.text, name)
    st.session_state[f"msg_seen_{draft.id}"] = draft.current_version_no
    st.session_state.pop(f"msg_conflict_{draft.id}", None)


def _text_from_boxes(draft_id: int) -> MessageText:
    return MessageText(**{name: st.session_state.get(f"msg_{name}_{draft_id}", "") for name in TEXT_FIELDS})


def create_draft(repo: DraftRepository, settings: Settings, river: str, kind: str) -> None:
    """"Nytt utkast": a draft of ``kind`` pre-filled from the river's current figures, with its approvers."""
    if (author := message_editor()) is None:
        return
    try:
        facts, approvers = ensure_default_approvers(repo, scope_to_kind(current_facts(settings, river), kind), kind)
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
        flash(MESSAGE_FLASH, "error", plain_message(exc.message_sv))
        return
    st.session_state["msg_draft_id"] = draft.id
    load_text_into_boxes(draft)
    flash(MESSAGE_FLASH, "success",
          f"Utkast nr {draft.id} skapat från aktuella siffror ({format_time_sv(facts.compiled_at_utc)}).")


def save_version(repo: DraftRepository, draft_id: int) -> None:
    """"Spara ny version" from the text boxes; a conflict with someone else's save keeps the text and says so."""
    if (author := message_editor()) is None:
        return
    seen = st.session_state.get(f"msg_seen_{draft_id}", 1)
    try:
        draft = repo.save_version(draft_id, seen, _text_from_boxes(draft_id), author)
    except ConcurrentEditError as exc:
        st.session_state[f"msg_conflict_{draft_id}"] = exc.message_sv
        return
    except CoordinationError as exc:
        flash(MESSAGE_FLASH, "error", plain_message(exc.message_sv))
        return
    st.session_state[f"msg_seen_{draft_id}"] = draft.current_version_no
    st.session_state.pop(f"msg_conflict_{draft_id}", None)
    flash(MESSAGE_FLASH, "success",
          f"Version {draft.current_version_no} sparad. Alla aktörer behöver godkänna den nya versionen.")


def reload_version(repo: DraftRepository, draft_id: int) -> None:
    """Replace the text boxes with the newest saved version."""
    load_text_into_boxes(repo.get_draft(draft_id))


def release(repo: DraftRepository, settings: Settings, draft: DraftView) -> None:
    """"Ge ut meddelandet" (a locked draft)."""
    if (author := message_editor()) is None:
        return
    try:
        repo.release(draft.id, author, sender=settings.cap_sender)
    except CoordinationError as exc:
        flash(MESSAGE_FLASH, "error", plain_message(exc.message_sv))
        return
    flash(MESSAGE_FLASH, "success", "Meddelandet är utgivet. Ladda ner det nedan.")


def follow_up(repo: DraftRepository, settings: Settings, draft: DraftView, msg_type: str) -> None:
    """"Uppdatering" (``Update``, from the current figures) or "Upphävande" (``Cancel``) of a released message."""
    if (author := message_editor()) is None:
        return
    try:
        facts = current_facts(settings, draft.river) if msg_type == "Update" else None
        # The approvers follow a change of rescue lead since the release (a länsstyrelse has taken over).
        event = facts.event if facts is not None else (
            dam_failure_fact(draft.river) if draft.kind in DAM_FAILURE_KINDS else None)
        actors = follow_up_actors(repo, draft, event)
        text, facts_data = draft_follow_up(draft, msg_type, facts, [a.name for a in actors])
        new = repo.create_follow_up(draft.id, msg_type, text, facts_data, author,
                                    required_actor_ids=[a.id for a in actors])
    except CoordinationError as exc:
        flash(MESSAGE_FLASH, "error", plain_message(exc.message_sv))
        return
    st.session_state["msg_draft_id"] = new.id
    load_text_into_boxes(new)
    what = "en uppdatering" if msg_type == "Update" else "ett upphävande"
    who = ("samma aktörer" if {a.id for a in actors} == {a.id for a in draft.required_actors}
           else "aktörerna i listan: räddningsledningen har ändrats sedan meddelandet gavs ut")
    flash(MESSAGE_FLASH, "success", f"Utkast nr {new.id} är påbörjat: {what} av det utgivna meddelandet. "
                                    f"Det behöver godkännas av {who}.")
