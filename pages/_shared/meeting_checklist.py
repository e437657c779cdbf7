""""Vem ska vi samordna med?" on Möte: the actors to inform for the meeting's event, each ticked when informed.

A declared dam failure decides (its river and what lies below the dam); otherwise the meeting picks
the event: high flows or a dam failure, and the kommuner concerned.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from coordination.errors import CoordinationError
from directory.actors import (
    EVENT_KINDS,
    CoordinationEvent,
    dam_failure_event,
    derive_actors,
    owner_questions_sv,
    read_actor_directory,
    read_kommun_kods_reached,
    warning_level_of,
)
from events.arrivals import read_reach
from language.sv import format_when_on_clocks
from meetings.meetings import MeetingLog, MeetingView, SituationSnapshot
from pages._shared.event_data import active_dam_failures
from pages._shared.flash import flash
from pages._shared.identity import current_person
from pages._shared.meeting_data import MEETING_FLASH, MEETING_USER, scenario_time_now
from pages._shared.plain import plain_md, plain_message


def render_checklist(log: MeetingLog, meeting: MeetingView, snapshot: SituationSnapshot) -> list[str]:
    """The suggested actors with their reasons and "Markera informerad"; returns their names (for the log form)."""
    st.subheader("Vem ska vi samordna med?")
    failures = active_dam_failures()
    try:
        if failures:  # a declared dam failure decides: its river and what lies below the dam
            st.caption(f"Utifrån händelsen {plain_md(failures[0].title_sv)}: {failures[0].river} nedströms dammen.")
            event = dam_failure_event(read_reach(failures[0].dam), failures[0].rescue_taken_over_by)
        else:
            event = _event_for(meeting, snapshot)
        suggestions = derive_actors(event)
    except CoordinationError as exc:
        st.error(plain_message(exc.message_sv), icon=":material/warning:")
        return []
    ticks = meeting.informed_actors()
    now, scenario_now = datetime.now(UTC), scenario_time_now()
    for suggestion in suggestions:
        c1, c2 = st.columns([1, 1])
        c1.markdown(f"**{suggestion.name}** · {suggestion.kind_sv}")  # the directory's names (actors.csv), not typed
        c1.caption(suggestion.reason_sv)
        tick = ticks.get(suggestion.name)
        if tick is not None:
            when = format_when_on_clocks(tick.created_at, tick.scenario_at, now=now, scenario_now=scenario_now,
                                         exercise=meeting.is_exercise)
            c2.success(f"Informerad {when} av {plain_md(tick.author)}", icon=":material/check_circle:")
        elif c2.button("Markera informerad", key=f"mote_inform_{suggestion.name}",
                       disabled=not meeting.is_open or not current_person(MEETING_USER).has_role("redaktor")):
            try:
                log.mark_informed(meeting.id, actor=suggestion.name, author=current_person(MEETING_USER),
                                  scenario_at=scenario_time_now())
            except CoordinationError as exc:
                flash(MEETING_FLASH, "error", plain_message(exc.message_sv))
            st.rerun()
    for question in owner_questions_sv(event):
        st.caption(question)
    return [s.name for s in suggestions]


@st.cache_data(show_spinner=False)
def _kommuner_reached(dam: str) -> list[str]:
    return read_kommun_kods_reached(dam)


def _event_for(meeting: MeetingView, snapshot: SituationSnapshot) -> CoordinationEvent:
    """The event as the meeting picks it: kind, dam (at a failure) and kommuner; the level from ``snapshot``."""
    kind = st.radio("Händelse", list(EVENT_KINDS), format_func=EVENT_KINDS.get, horizontal=True,
                    key="mote_event_kind",
                    index=1 if meeting.scenario and meeting.scenario.startswith("dammbrott") else 0)
    directory = read_actor_directory()
    dam = None
    if kind == "dammbrott":
        dams = [d.dam for d in directory.dams_on(meeting.rivers)]
        if not dams:
            st.warning("Det finns inga dammar i mötets älvar (Vindelälven är oreglerad).", icon=":material/warning:")
        else:
            default = dams.index("Hällby") if "Hällby" in dams else 0
            dam = st.selectbox("Damm", dams, index=default, key="mote_event_dam")
    kommuner = directory.kommuner_on(meeting.rivers)
    default_codes = [k.kommun_kod for k in kommuner]
    if dam is not None:
        # A dam failure reaches the kommuner below the dam, not those upstream of it.
        reached = set(_kommuner_reached(dam))
        default_codes = [code for code in default_codes if code in reached] or default_codes
    # A form: picking kommuner one by one does not rerun the page (and redraw the list) each time; the
    # actors follow the kommuner when "Visa aktörerna" is pressed. Enter picks a kommun, it does not submit.
    with st.form("mote_event_form", border=False, enter_to_submit=False):
        chosen = st.multiselect(
            "Berörda kommuner", [k.kommun_kod for k in kommuner], default=default_codes,
            format_func=lambda code: next(k.kommun for k in kommuner if k.kommun_kod == code),
            key="mote_event_kommuner",
        )
        st.form_submit_button("Visa aktörerna", key="mote_event_show")
    level, above_mhq = warning_level_of(
        [r for r in (snapshot.river(name) for name in meeting.rivers) if r is not None]
    )
    return CoordinationEvent(rivers=meeting.rivers, kind=kind, kommun_kods=tuple(chosen), dam=dam,
                             above_mhq=above_mhq, warning_level=level)
