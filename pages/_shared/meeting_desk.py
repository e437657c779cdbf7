"""The meeting desk on Möte: start a meeting, its header (freeze, end), the log and what changed since
the previous meeting.

Log texts are user input: shown in tables and as plain text, never as Markdown or HTML.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import streamlit as st

from coordination.errors import CoordinationError
from geodata import RIVER_SYSTEMS
from language.sv import SCENARIO_TIME, format_when_on_clocks, plural
from meetings.meeting_changes import compare_snapshots, released_texts_from_drafts
from meetings.meetings import ENTRY_KINDS, WRITABLE_KINDS, MeetingLog, MeetingView, SituationSnapshot
from meetings.minutes import log_table
from messages.drafting import STOCKHOLM
from messages.repository import DraftRepository
from pages._shared.flash import flash
from pages._shared.frame import selected_rivers
from pages._shared.identity import current_person, name_input, require_role
from pages._shared.meeting_data import MEETING_FLASH, MEETING_USER, scenario_time_now
from pages._shared.plain import plain_md, plain_message
from pages._shared.timefmt import DATE_INPUT_FORMAT
from settings import Settings


def render_start_form(log: MeetingLog, settings: Settings, snapshot: SituationSnapshot | None) -> None:
    """"Starta möte" for a mötesledare: title, rivers, name; starting freezes ``snapshot``."""
    st.subheader("Starta möte")
    st.caption("När mötet startar fryses lägesbilden på skärmen, så att alla senare ser vad gruppen såg.")
    if not require_role("motesledare"):
        return
    with st.form("mote_start_form"):
        title = st.text_input("Rubrik", key="mote_title",
                              value="ÖVNING – avstämning" if settings.is_exercise else "Avstämning")
        rivers = st.multiselect("Älvar", list(RIVER_SYSTEMS), default=list(selected_rivers()), key="mote_rivers")
        person = name_input("mote_start_name", "Ditt namn")
        submitted = st.form_submit_button("Starta mötet", type="primary")
    if not submitted:
        return
    if snapshot is None:
        st.error("Mötet kan inte starta utan lägesbild. Försök igen när data har hämtats.", icon=":material/warning:")
        return
    try:
        meeting = log.start_meeting(title=title, rivers=rivers, is_exercise=settings.is_exercise, snapshot=snapshot,
                                    started_by=person, scenario=settings.scenario if settings.is_exercise else None,
                                    scenario_at=scenario_time_now(settings))
    except CoordinationError as exc:
        st.error(plain_message(exc.message_sv), icon=":material/warning:")
        return
    st.session_state[MEETING_USER] = person.name
    flash(MEETING_FLASH, "success", f"Möte nr {meeting.id} startat och lägesbilden frusen.")
    st.rerun()


def render_meeting_header(log: MeetingLog, meeting: MeetingView, snapshot: SituationSnapshot | None,
                          presentation_link: str) -> None:
    """The open meeting's title and facts, with the buttons to open the meeting screen, freeze a new
    situation and end the meeting."""
    marking = "ÖVNING · " if meeting.is_exercise else ""
    st.subheader(f"{marking}Möte nr {meeting.id}: {plain_md(meeting.title)}")
    started = format_when_on_clocks(meeting.started_at, meeting.scenario_started_at, now=datetime.now(UTC),
                                    scenario_now=scenario_time_now(), exercise=meeting.is_exercise)
    st.caption(
        f"Älvar: {', '.join(meeting.rivers)} · startat {started} "
        f"av {plain_md(meeting.started_by)} · lägesbilden frusen {plural(len(meeting.snapshots), 'gång', 'gånger')}"
    )
    person = current_person(MEETING_USER)
    c1, c2, c3 = st.columns(3)
    c1.link_button("Öppna mötesvyn (presentation)", presentation_link, width="stretch")
    if c2.button("Frys ny lägesbild", key="mote_resnap", width="stretch",
                 disabled=snapshot is None or not person.has_role("redaktor")):
        try:
            log.take_snapshot(meeting.id, snapshot)
            flash(MEETING_FLASH, "success", "Ny lägesbild frusen i mötet.")
        except CoordinationError as exc:
            flash(MEETING_FLASH, "error", plain_message(exc.message_sv))
        st.rerun()
    if person.has_role("motesledare") and c3.button("Avsluta mötet", key="mote_end", width="stretch"):
        try:
            log.end_meeting(meeting.id, by=person)
            flash(MEETING_FLASH, "success", f"Möte nr {meeting.id} avslutat. Loggen är stängd.")
        except CoordinationError as exc:  # e.g. no name typed in local mode
            flash(MEETING_FLASH, "error", plain_message(exc.message_sv))
        st.rerun()


def may_write_log() -> bool:
    """The name box in local mode (signed in, the name comes from sign-in); True when the person may write the log."""
    return require_role("redaktor", name_input(MEETING_USER, "Ditt namn (skrivs i loggen)"))


def render_log(log: MeetingLog, meeting: MeetingView, actor_names: list[str], may_write: bool) -> None:
    """"Logg": the form for a new entry (when ``may_write``) above the log table."""
    st.subheader("Logg")
    if may_write:
        _render_log_form(log, meeting, actor_names)
    frame = log_table(meeting, datetime.now(UTC), scenario_time_now())
    if frame.empty:
        st.info("Inga poster i loggen ännu.")
    else:
        st.dataframe(frame, width="stretch", hide_index=True, key="mote_log_table")
        if may_write:
            render_mark_done(log, meeting, may_write)


def render_mark_done(log: MeetingLog, meeting: MeetingView, may_write: bool | None = None) -> None:
    """"Markera åtgärd som klar": pick one of the meeting's open actions and mark it done (who and when are
    recorded; other sessions see it through the meeting topic). ``may_write`` None: ask (name box in local
    mode, role check) only when there is an open action; an ended meeting's actions may be marked too."""
    actions = {e.id: e for e in meeting.open_actions()}
    if not actions:
        return
    st.markdown("**Markera åtgärd som klar**")
    if not (may_write_log() if may_write is None else may_write):
        return
    with st.form(f"mote_done_form_{meeting.id}", clear_on_submit=True):
        entry_id = st.selectbox("Åtgärd", list(actions), key=f"mote_done_choice_{meeting.id}",
                                format_func=lambda i: actions[i].text[:120]
                                + (f" ({actions[i].responsible})" if actions[i].responsible else ""))
        submitted = st.form_submit_button("Markera som klar")
    if not submitted or entry_id is None:
        return
    asked = datetime.now(UTC)
    try:
        entry = log.mark_done(meeting.id, entry_id, by=current_person(MEETING_USER), scenario_at=scenario_time_now())
    except CoordinationError as exc:
        st.error(plain_message(exc.message_sv), icon=":material/warning:")
        return
    when = format_when_on_clocks(entry.done_at, entry.done_scenario_at, now=datetime.now(UTC),
                                 scenario_now=scenario_time_now(), exercise=meeting.is_exercise)
    already = "var redan markerad som klar" if entry.done_at < asked - timedelta(seconds=1) else "markerad som klar"
    flash(MEETING_FLASH, "success", f"Åtgärden {already} {when} av {plain_md(entry.done_by)}.")
    st.rerun()


def _render_log_form(log: MeetingLog, meeting: MeetingView, actor_names: list[str]) -> None:
    with st.form("mote_log_form", clear_on_submit=True):
        kind = st.radio("Typ", WRITABLE_KINDS, format_func=ENTRY_KINDS.get, horizontal=True, key="mote_kind")
        text = st.text_area("Text", key="mote_text", height=90)
        c1, c2 = st.columns(2)
        responsible = c1.text_input("Ansvarig", key="mote_responsible")
        actor = c2.selectbox("Aktör (valfri)", ["", *actor_names], key="mote_actor",
                             format_func=lambda name: name or "Ingen särskild aktör")
        follow_up = _follow_up_inputs(scenario_time_now() if meeting.is_exercise else None)
        submitted = st.form_submit_button("Spara i loggen", type="primary")
    if not submitted:
        return
    # An exercise plans on the scenario's clock (övningstid), a real meeting on the wall clock.
    on_scenario = meeting.is_exercise and follow_up is not None
    try:
        log.add_entry(meeting.id, kind=kind, text=text, author=current_person(MEETING_USER),
                      responsible=responsible, follow_up_at=None if on_scenario else follow_up, actor=actor,
                      scenario_at=scenario_time_now(), follow_up_scenario_at=follow_up if on_scenario else None)
    except CoordinationError as exc:
        st.error(plain_message(exc.message_sv), icon=":material/warning:")
        return
    flash(MEETING_FLASH, "success", f"{ENTRY_KINDS[kind]} sparad i loggen.")
    st.rerun()


def _follow_up_inputs(scenario_now: datetime | None) -> datetime | None:
    """"Uppföljning": a checkbox, a date (YYYY-MM-DD) and a clock time, an hour ahead by default; in an exercise
    (``scenario_now`` the scenario's clock [UTC]) on the scenario's clock, labelled "(övningstid)".
    The chosen moment [Stockholm time, tz-aware], or None when not ticked."""
    follow = st.checkbox("Uppföljning", key="mote_follow")
    c3, c4 = st.columns(2)
    clock_note = f" ({SCENARIO_TIME})" if scenario_now is not None else ""
    ahead = (scenario_now or datetime.now(UTC)).astimezone(STOCKHOLM) + timedelta(hours=1)
    day = c3.date_input(f"Uppföljning, datum{clock_note}", value=ahead.date(), key="mote_follow_date",
                        format=DATE_INPUT_FORMAT)
    clock = c4.time_input(f"Uppföljning, kl.{clock_note}", value=ahead.time().replace(second=0, microsecond=0),
                          key="mote_follow_time")
    return datetime.combine(day, clock, tzinfo=STOCKHOLM) if follow else None


def render_changes(log: MeetingLog, drafts: DraftRepository, meeting: MeetingView,
                   snapshot: SituationSnapshot) -> None:
    """"Sedan förra mötet": per river what changed against the previous meeting's last frozen situation."""
    st.subheader("Sedan förra mötet")
    previous = log.previous_meeting(meeting.id)
    if previous is None or previous.latest_snapshot is None:
        st.info("Inget tidigare möte för de här älvarna att jämföra med.")
        return
    released = released_texts_from_drafts(drafts.list_drafts(), since=previous.started_at)
    changes = compare_snapshots(previous.latest_snapshot, snapshot, rivers=meeting.rivers, released_since=released)
    started = format_when_on_clocks(previous.started_at, previous.scenario_started_at, now=datetime.now(UTC),
                                    scenario_now=scenario_time_now(), exercise=previous.is_exercise)
    st.caption(f"Jämfört med möte nr {previous.id}, startat {started}.")
    for river, items in changes.items():
        st.markdown(f"**{river}**")
        if not items:
            st.text("Inga förändringar värda att nämna.")
        for change in items:
            st.text(change.text_sv)
