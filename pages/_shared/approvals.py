"""The approvals part of Meddelanden: who has approved, the approval button, the list of actors.

Signed in, a godkännare sees only their own organisation's approval and types no name; in local
mode anyone picks the actor and types the approver's name. Changing the list of actors needs the
role redaktör, and after the first approval it resets the approvals (the page says so first).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from access.person import local_person
from coordination.errors import CoordinationError
from messages.approvers import (
    ADDED_BY_HAND_SV,
    VMA_REQUEST_NOTE_SV,
    approver_reasons,
    coordinating_networks,
)
from messages.drafting import format_time_sv
from messages.facts import FactsError, facts_from_dict
from messages.repository import DraftRepository, DraftView
from pages._shared.identity import current_person
from pages._shared.plain import plain_message
from pages._shared.unverified import render_unverified_note

Flash = Callable[[str, str], None]


def _approve(repo: DraftRepository, draft: DraftView, flash: Flash) -> None:
    actor_id = st.session_state.get(f"msg_approve_actor_{draft.id}")
    person = current_person()
    if person.is_local:
        person = local_person(st.session_state.get(f"msg_approve_person_{draft.id}", ""))
    if actor_id is None:
        flash("error", "Välj vilken aktör som godkänner.")
        return
    try:
        after = repo.approve(draft.id, draft.current_version_no, actor_id, person)
    except CoordinationError as exc:
        flash("error", plain_message(exc.message_sv))
        return
    st.session_state[f"msg_approve_person_{draft.id}"] = ""
    name = next(a.name for a in after.required_actors if a.id == actor_id)
    if after.status == "locked":
        flash("success", f"{name} har godkänt. Alla aktörer har godkänt: version {after.current_version_no} är låst.")
    else:
        flash("success", f"{name} har godkänt version {after.current_version_no}.")


def _set_actors(repo: DraftRepository, draft: DraftView, flash: Flash, user: Callable) -> None:
    person = user()
    if not person.has_role("redaktor"):
        flash("error", "Du behöver rollen redaktör för att ändra vilka aktörer som ska godkänna.")
        return
    names = st.session_state.get(f"msg_required_{draft.id}", [])
    ids = {a.name: a.id for a in repo.list_actors()}
    try:
        after = repo.set_required_actors(draft.id, draft.current_version_no, [ids[n] for n in names if n in ids],
                                         by=person)
    except CoordinationError as exc:
        flash("error", plain_message(exc.message_sv))
        return
    reset = " Godkännandena är nollställda: alla behöver godkänna på nytt." if draft.current.approvals and (
        {a.id for a in after.required_actors} != {a.id for a in draft.required_actors}) else ""
    flash("success", "Listan över aktörer som ska godkänna är sparad." + reset)


def render_approvals(repo: DraftRepository, draft: DraftView, flash: Flash, user: Callable) -> None:
    """The approvals table and, while the draft is editable, the approval and actor-list controls.

    ``user`` returns the acting :class:`~access.person.Person` (the page's name box in local mode).
    """
    st.subheader("Godkännanden")
    if draft.kind == "vma":
        st.info(VMA_REQUEST_NOTE_SV, icon=":material/campaign:")
    by_actor = {a.actor_id: a for a in draft.current.approvals}
    reasons = _approver_reasons(draft)
    rows = [
        {
            "Aktör": actor.name,
            "Godkänt av": by_actor[actor.id].person if actor.id in by_actor else "—",
            "Tid (svensk tid)": format_time_sv(by_actor[actor.id].approved_at) if actor.id in by_actor else "väntar",
            **({"Varför": reasons.get(actor.name, ADDED_BY_HAND_SV)} if reasons else {}),
        }
        for actor in draft.required_actors
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=f"msg_approvals_{draft.id}")
    render_unverified_note(a.name for a in draft.required_actors)
    render_coordinating_networks(draft)
    if not draft.is_editable:
        return
    missing = draft.missing_actors
    st.caption(f"{len(draft.required_actors) - len(missing)} av {len(draft.required_actors)} har godkänt "
               f"version {draft.current_version_no}.")
    person = user()
    mine = [a for a in missing if person.may_approve_for(a.name)]
    with st.container(border=True):
        if not mine:
            st.text("Du kan inte godkänna för någon av de aktörer som väntar." if not person.is_local
                    else "Alla aktörer har godkänt.")
        else:
            st.selectbox("Aktör som godkänner", [a.id for a in mine], format_func={a.id: a.name for a in mine}.get,
                         key=f"msg_approve_actor_{draft.id}")
            if person.is_local:
                st.text_input("Namn på den som godkänner", key=f"msg_approve_person_{draft.id}", max_chars=200)
            else:
                st.text(f"Du godkänner som {person.name} för {person.organisation}.")
            st.button(f"Godkänn version {draft.current_version_no}", key=f"msg_approve_{draft.id}",
                      on_click=_approve, args=(repo, draft, flash))
    if not person.has_role("redaktor"):
        return
    # A form, not an expander: the list stays open while it is edited, and choosing actors one by one
    # does not rerun the page each time; only "Spara aktörslistan" does. Enter picks an actor, it does
    # not save the list.
    with st.form(key=f"msg_actors_form_{draft.id}", border=True, enter_to_submit=False):
        st.markdown("**Ändra vilka aktörer som ska godkänna**")
        if draft.current.approvals:
            st.caption("Ändras listan nu nollställs godkännandena: alla behöver godkänna på nytt.")
        st.multiselect("Aktörer som ska godkänna", [a.name for a in repo.list_actors()],
                       default=[a.name for a in draft.required_actors], key=f"msg_required_{draft.id}")
        render_unverified_note(a.name for a in repo.list_actors())
        st.form_submit_button("Spara aktörslistan", key=f"msg_set_actors_{draft.id}", on_click=_set_actors,
                              args=(repo, draft, flash, user))


def _approver_reasons(draft: DraftView) -> dict[str, str]:
    """Why each approver the rules name approves, from the draft's own facts (its version's rescue lead);
    empty for a draft without usable facts."""
    try:
        return approver_reasons(facts_from_dict(draft.current.facts), draft.kind)
    except (FactsError, CoordinationError):
        return {}


def render_coordinating_networks(draft: DraftView) -> None:
    """The networks the text is coordinated through (they do not approve), from the draft's own facts."""
    try:
        networks = coordinating_networks(facts_from_dict(draft.current.facts), kind=draft.kind)
    except (FactsError, CoordinationError):
        return  # a draft without usable facts (hand-written) names no networks; the list above still holds
    if networks:
        st.caption("Samordnas också genom (godkänner inte): "
                   + "; ".join(f"{n.name} – {n.reason_sv}" for n in networks) + ".")
