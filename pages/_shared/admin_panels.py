"""The pieces of the Administration page: members, domain rules, the audit trail and its check."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from access.audit import AUDIT_KINDS
from access.members import MemberDirectory
from access.organisations import read_organisation_names
from access.person import Person
from access.roles import ROLE_DESCRIPTIONS_SV, ROLES, roles_sv
from coordination.errors import CoordinationError
from language.sv import plural
from pages._shared.plain import plain_md, plain_message
from pages._shared.timefmt import format_local_time
from pages._shared.unverified import render_unverified_note


def render_audit_check(directory: MemberDirectory) -> None:
    """Check the whole chain now and say in Swedish whether it is intact, and where it breaks."""
    st.subheader("Revisionsloggen")
    report = directory.verify_audit_chain()
    if report.ok:
        st.success(f"Revisionsloggen är obruten: {plural(report.entries, 'post', 'poster')}, varje post hänger ihop "
                   "med den före.",
                   icon=":material/verified:")
        return
    st.error("Revisionsloggen har ändrats utanför appen. Det här stämmer inte:", icon=":material/gpp_bad:")
    st.text("\n".join(problem.message_sv for problem in report.problems))


def _roles_choice(key: str) -> list[str]:
    return st.multiselect("Roller", list(ROLES), format_func=lambda r: f"{ROLES[r]} – {ROLE_DESCRIPTIONS_SV[r]}",
                          key=key, default=["lasare"])


def _report(action, success_sv: str) -> None:
    """Run ``action``; say ``success_sv`` (Markdown: the typed parts already escaped) or the error, in Swedish."""
    try:
        action()
    except CoordinationError as exc:
        st.error(plain_message(exc.message_sv), icon=":material/warning:")
        return
    st.success(success_sv, icon=":material/check_circle:")


def _grant_form(key: str, who_label: str, max_chars: int, save_label: str, remove_label: str):
    """Who (an e-mail address or a domain), organisation and roles; returns them and which button was pressed."""
    with st.form(f"admin_{key}_form"):
        who = st.text_input(who_label, key=f"admin_{key}_who", max_chars=max_chars)
        organisation = st.selectbox("Organisation", read_organisation_names(), key=f"admin_{key}_org")
        render_unverified_note()
        roles = _roles_choice(f"admin_{key}_roles")
        left, right = st.columns(2)
        save = left.form_submit_button(save_label, type="primary")
        remove = right.form_submit_button(remove_label)
    return who, organisation, roles, save, remove


def _grants_table(rows: list, first_column: str, key: str) -> None:
    """Memberships or domain rules as they now are (text in a table stays text)."""
    if not rows:
        st.text("Inga ännu.")
        return
    st.dataframe(pd.DataFrame([
        {first_column: getattr(r, "email", None) or r.domain, "Organisation": r.organisation,
         "Roller": roles_sv(r.roles), "Ändrad": format_local_time(r.changed_at), "Av": r.changed_by} for r in rows
    ]), hide_index=True, width="stretch", key=key)


def render_members(directory: MemberDirectory, person: Person) -> None:
    """A form to add, change or remove one membership, then the members as they now are."""
    st.subheader("Medlemmar")
    email, organisation, roles, save, remove = _grant_form(
        "member", "E-postadress (som identitetsleverantören anger den)", 320, "Spara medlemskap",
        "Ta bort medlemskapet")
    if save:
        _report(lambda: directory.set_member(email, organisation, roles, person),
                f"{plain_md(email.strip())} är nu medlem för {organisation} ({roles_sv(frozenset(roles))}).")
    elif remove:
        _report(lambda: directory.remove_member(email, person), f"Medlemskapet för {plain_md(email.strip())} är borttaget.")
    _grants_table(directory.list_members(), "E-post", "admin_members_table")


def render_domain_rules(directory: MemberDirectory, person: Person) -> None:
    """E-mail-domain rules: everyone at a domain belongs to one organisation with given roles."""
    st.subheader("Hela organisationer via e-postdomän")
    st.caption("Alla som loggar in med en adress på domänen får organisationen och rollerna, om de inte har "
               "ett eget medlemskap.")
    domain, organisation, roles, save, remove = _grant_form(
        "rule", "E-postdomän (till exempel umea.se)", 253, "Spara regeln", "Ta bort regeln")
    if save:
        _report(lambda: directory.set_domain_rule(domain, organisation, roles, person),
                f"Alla på {plain_md(domain.strip())} hör nu till {organisation}.")
    elif remove:
        _report(lambda: directory.remove_domain_rule(domain, person), f"Regeln för {plain_md(domain.strip())} är borttagen.")
    _grants_table(directory.list_domain_rules(), "Domän", "admin_rules_table")


def render_recent_audit(directory: MemberDirectory, limit: int = 100) -> None:
    """The newest entries of the audit trail, newest first, as a table (text stays text)."""
    with st.expander(f"Senaste {limit} posterna i revisionsloggen"):
        entries = directory.read_audit(limit)
        st.dataframe(pd.DataFrame([
            {"Nr": e.seq, "Tid": format_local_time(e.recorded_at), "Typ": e.kind,
             "Betyder": AUDIT_KINDS.get(e.kind, ""), "Vem": e.person, "Organisation": e.organisation,
             "Uppgifter": json.dumps(e.payload, ensure_ascii=False)} for e in reversed(entries)
        ], columns=["Nr", "Tid", "Typ", "Betyder", "Vem", "Organisation", "Uppgifter"]),
            hide_index=True, width="stretch", key="admin_audit_table")
