"""Möte: the coordination group's meeting — log, actor checklist, minutes, presentation view, exercise controls.

Two views at one stable URL:

- ``/mote`` — the meeting desk: start a meeting (freezes the situation on screen), write the log
  (beslut, åtgärd, information), tick actors as informed, see what changed since the previous
  meeting, export minutes and an after-action report (DOCX, PDF); in exercise mode also the
  scenario chooser and the scenario clock's controls.
- ``/mote?vy=presentation`` — the meeting screen for a shared 1280×720 window: per river status in
  words + symbol + colour, key stations with trend arrows and age, warnings, the last decisions,
  "Sedan förra mötet"; large type, no sidebar; the data part refreshes itself at a chosen interval
  (``st.fragment(run_every=…)``) so nobody's place on the page is lost.

Log texts are user input: they are shown in tables and as plain text, never as HTML or Markdown.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

import pandas as pd
import streamlit as st

from pages._shared.frame import ensure_frame, selected_rivers

ensure_frame()

from coordination.db import make_engine, make_session_factory  # noqa: E402
from coordination.errors import CoordinationError  # noqa: E402
from directory.actors import (  # noqa: E402
    EVENT_KINDS,
    CoordinationEvent,
    dam_failure_event,
    derive_actors,
    owner_questions_sv,
    read_actor_directory,
    warning_level_of,
)
from events.arrivals import read_reach  # noqa: E402
from geodata import RIVER_SYSTEMS  # noqa: E402
from geodata.downstream import DownstreamError, downstream_of  # noqa: E402
from hydrology.schematic import WaveOverlay, wave_overlay  # noqa: E402
from hydrology.situation import situation_to_dict  # noqa: E402
from language.sv import plural  # noqa: E402
from meetings.meeting_changes import (  # noqa: E402
    compare_snapshots,
    released_texts_from_drafts,
)
from meetings.meetings import (  # noqa: E402
    ENTRY_KINDS,
    WRITABLE_KINDS,
    MeetingLog,
    MeetingView,
    SituationSnapshot,
    create_meeting_schema,
)
from meetings.minutes import (  # noqa: E402
    MinutesDocument,
    build_after_action_report,
    build_meeting_minutes,
    render_minutes_docx,
    render_minutes_pdf,
)
from messages.drafting import STOCKHOLM  # noqa: E402
from messages.repository import DraftRepository  # noqa: E402
from pages._shared.event_banner import render_event_banner  # noqa: E402
from pages._shared.event_data import active_dam_failures, load_arrival_table  # noqa: E402
from pages._shared.identity import current_person, name_input, require_role  # noqa: E402
from pages._shared.live import RIVER_TOPICS, watch_changes  # noqa: E402
from pages._shared.loaders import (  # noqa: E402
    data_clock,
    load_observations,
    load_statistics,
    load_warnings,
    shared_situations,
)
from pages._shared.meeting_screen import SCREEN_CSS, render_meeting_screen  # noqa: E402
from pages._shared.plain import plain_md  # noqa: E402
from pages._shared.storage_guard import storage_guard  # noqa: E402
from pages._shared.timefmt import format_local_time  # noqa: E402
from settings import Settings, choose_scenario, load_settings  # noqa: E402
from sources.errors import SourceError  # noqa: E402
from sources.exercise.adapter import default_scenario_start, scenario_now  # noqa: E402
from sources.exercise.clock import (  # noqa: E402
    pause_clock,
    read_clock,
    reset_clock,
    resume_clock,
    set_clock_speed,
    skip_clock,
    start_clock,
)
from sources.exercise.scenarios import SCENARIOS  # noqa: E402
from sources.models import DataOrigin  # noqa: E402

VIEW_PARAM = "vy"
PRESENTATION = "presentation"
INTERVAL_PARAM = "intervall"
#: Refresh intervals of the presentation view [s] → Swedish label.
INTERVALS: dict[int, str] = {30: "30 sekunder", 60: "1 minut", 300: "5 minuter"}
SPEEDS: dict[str, float] = {"×1": 1.0, "×10": 10.0, "×60": 60.0}
FLASH = "mote_flash"


# --- data ---------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _stores(database_url: str) -> tuple[MeetingLog, DraftRepository]:
    engine = make_engine(database_url)
    create_meeting_schema(engine)
    factory = make_session_factory(engine)
    return MeetingLog(factory), DraftRepository(factory)


def _current_snapshot(settings: Settings) -> SituationSnapshot | None:
    """The current situation of all three rivers (statistics and warnings through the shared loaders)."""
    try:
        observations = load_observations(None)
        statistics, _failures = load_statistics(observations)
        warnings, _reason = load_warnings()
    except (SourceError, ValueError) as exc:
        st.error(f"Lägesbilden kunde inte hämtas: {getattr(exc, 'message_sv', exc)}", icon=":material/warning:")
        return None
    # Scenario data is summarised at the scenario clock, real data at the wall clock.
    now = data_clock(settings, observations.origin)
    situations = shared_situations(observations, statistics, warnings, now, RIVER_SYSTEMS,
                                   dam_failure_rivers={e.river for e in active_dam_failures()})
    stalest = [s.stalest_utc for s in situations if s.stalest_utc is not None]
    return SituationSnapshot(
        rivers=tuple(situation_to_dict(s) for s in situations),
        # By value: a cached object may hold the enum of an earlier import of sources.models
        # (Streamlit re-imports changed modules), and `is` comparisons would then fail.
        origin=DataOrigin(observations.origin.value),
        data_time=min(stalest) if stalest else None,
        note=observations.banner,
    )


def _flash(kind: str, text: str) -> None:
    st.session_state[FLASH] = (kind, text)


def _show_flash() -> None:
    kind, text = st.session_state.pop(FLASH, (None, None))
    if kind == "success":
        st.success(text, icon=":material/check_circle:")
    elif kind == "error":
        st.error(text, icon=":material/warning:")


# --- exercise controls ----------------------------------------------------------------------------


def _render_exercise_controls(settings: Settings) -> None:
    real_now = datetime.now(UTC)
    with st.container(border=True):
        st.subheader("Övningsledning — ÖVNING")
        clock = read_clock(settings, default_start=default_scenario_start(settings), real_now=real_now)
        spec = SCENARIOS[settings.scenario]
        scenario_time = clock.scenario_now(real_now)
        state = "pausad" if clock.paused else f"går i {_speed_label(clock.speed)}"
        st.markdown(
            f"**ÖVNING · Scenario:** {spec.title_sv}  \n"
            f"**Scenariotid:** {format_local_time(scenario_time)} · klockan {state}"
        )
        st.caption(spec.description_sv)
        ids = list(SCENARIOS)
        cols = st.columns([3, 1])
        choice = cols[0].selectbox(
            "Övningsscenario", ids, index=ids.index(settings.scenario), key="mote_scenario",
            format_func=lambda sid: f"{SCENARIOS[sid].title_sv} ({sid})",
        )
        if cols[1].button("Starta övningen", key="mote_clock_start", type="primary", width="stretch"):
            # The scenario is shared by every session (and survives a restart), like the scenario clock.
            chosen = choose_scenario(settings, choice)
            start_clock(chosen, default_scenario_start(chosen), real_now)
            _flash("success", f"ÖVNING startad: {SCENARIOS[choice].title_sv}.")
            st.rerun()
        c1, c2, c3, c4 = st.columns(4)
        if clock.paused:
            if c1.button("Fortsätt", key="mote_clock_resume", width="stretch"):
                resume_clock(settings, real_now, default_start=default_scenario_start(settings))
                st.rerun()
        elif c1.button("Pausa", key="mote_clock_pause", width="stretch"):
            pause_clock(settings, real_now, default_start=default_scenario_start(settings))
            st.rerun()
        speed = c2.radio("Hastighet", list(SPEEDS), index=_speed_index(clock.speed), horizontal=True,
                         key="mote_clock_speed")
        if SPEEDS[speed] != clock.speed:
            set_clock_speed(settings, SPEEDS[speed], real_now, default_start=default_scenario_start(settings))
            st.rerun()
        if c3.button("Framåt 1 timme", key="mote_clock_skip", width="stretch"):
            skip_clock(settings, timedelta(hours=1), real_now, default_start=default_scenario_start(settings))
            st.rerun()
        if c4.button("Till scenariots början", key="mote_clock_reset", width="stretch"):
            reset_clock(settings, default_scenario_start(settings), real_now)
            st.rerun()


def _speed_label(speed: float) -> str:
    return f"×{speed:g}"


def _speed_index(speed: float) -> int:
    values = list(SPEEDS.values())
    return values.index(speed) if speed in values else 0


# --- meeting desk -----------------------------------------------------------------------------------


def _render_start_form(log: MeetingLog, settings: Settings, snapshot: SituationSnapshot | None) -> None:
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
                                    started_by=person, scenario=settings.scenario if settings.is_exercise else None)
    except CoordinationError as exc:
        st.error(exc.message_sv, icon=":material/warning:")
        return
    st.session_state["mote_user"] = person.name
    _flash("success", f"Möte nr {meeting.id} startat och lägesbilden frusen.")
    st.rerun()


def _render_meeting_header(log: MeetingLog, meeting: MeetingView, snapshot: SituationSnapshot | None) -> None:
    marking = "ÖVNING · " if meeting.is_exercise else ""
    st.subheader(f"{marking}Möte nr {meeting.id}: {plain_md(meeting.title)}")
    st.caption(
        f"Älvar: {', '.join(meeting.rivers)} · startat kl. {format_local_time(meeting.started_at, datetime.now(UTC))} "
        f"av {plain_md(meeting.started_by)} · lägesbilden frusen {plural(len(meeting.snapshots), 'gång', 'gånger')}"
    )
    person = current_person("mote_user")
    c1, c2, c3 = st.columns(3)
    c1.link_button("Öppna mötesvyn (presentation)", f"?{VIEW_PARAM}={PRESENTATION}", width="stretch")
    if c2.button("Frys ny lägesbild", key="mote_resnap", width="stretch",
                 disabled=snapshot is None or not person.has_role("redaktor")):
        try:
            log.take_snapshot(meeting.id, snapshot)
            _flash("success", "Ny lägesbild frusen i mötet.")
        except CoordinationError as exc:
            _flash("error", exc.message_sv)
        st.rerun()
    if person.has_role("motesledare") and c3.button("Avsluta mötet", key="mote_end", width="stretch"):
        log.end_meeting(meeting.id, by=person)
        _flash("success", f"Möte nr {meeting.id} avslutat. Loggen är stängd.")
        st.rerun()


def _user_name() -> bool:
    """The name box in local mode (signed in, the name comes from sign-in); True when the person may write the log."""
    return require_role("redaktor", name_input("mote_user", "Ditt namn (skrivs i loggen)"))


def _render_log_form(log: MeetingLog, meeting: MeetingView, actor_names: list[str]) -> None:
    with st.form("mote_log_form", clear_on_submit=True):
        kind = st.radio("Typ", WRITABLE_KINDS, format_func=ENTRY_KINDS.get, horizontal=True, key="mote_kind")
        text = st.text_area("Text", key="mote_text", height=90)
        c1, c2 = st.columns(2)
        responsible = c1.text_input("Ansvarig", key="mote_responsible")
        actor = c2.selectbox("Aktör (valfri)", ["", *actor_names], key="mote_actor",
                             format_func=lambda name: name or "Ingen särskild aktör")
        follow = st.checkbox("Uppföljning", key="mote_follow")
        c3, c4 = st.columns(2)
        local_now = datetime.now(STOCKHOLM) + timedelta(hours=1)
        day = c3.date_input("Uppföljning, datum", value=local_now.date(), key="mote_follow_date")
        clock = c4.time_input("Uppföljning, kl.", value=local_now.time().replace(second=0, microsecond=0),
                              key="mote_follow_time")
        submitted = st.form_submit_button("Spara i loggen", type="primary")
    if not submitted:
        return
    follow_up = datetime.combine(day, clock, tzinfo=STOCKHOLM) if follow else None
    try:
        log.add_entry(meeting.id, kind=kind, text=text, author=current_person("mote_user"),
                      responsible=responsible, follow_up_at=follow_up, actor=actor)
    except CoordinationError as exc:
        st.error(exc.message_sv, icon=":material/warning:")
        return
    _flash("success", f"{ENTRY_KINDS[kind]} sparad i loggen.")
    st.rerun()


def _log_frame(meeting: MeetingView) -> pd.DataFrame:
    now = datetime.now(UTC)
    return pd.DataFrame(
        [
            {
                "Tid": format_local_time(e.created_at, now),
                "Typ": ENTRY_KINDS[e.kind],
                "Text": e.text,
                "Ansvarig": e.responsible,
                "Uppföljning": format_local_time(e.follow_up_at, now) if e.follow_up_at else "",
                "Aktör": e.actor,
                "Av": e.author,
            }
            for e in meeting.entries
        ],
        columns=["Tid", "Typ", "Text", "Ansvarig", "Uppföljning", "Aktör", "Av"],
    )


@st.cache_data(show_spinner=False)
def _kommuner_downstream_of(dam: str) -> list[str]:
    """SCB codes of the kommuner a failure of ``dam`` reaches, from the dam's own kommun to the sea."""
    try:
        return [str(code) for code in downstream_of(dam).kommuner["kommun_kod"]]
    except DownstreamError:
        return []


def _event_for(meeting: MeetingView, snapshot: SituationSnapshot) -> CoordinationEvent:
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
        reached = set(_kommuner_downstream_of(dam))
        default_codes = [code for code in default_codes if code in reached] or default_codes
    chosen = st.multiselect(
        "Berörda kommuner", [k.kommun_kod for k in kommuner], default=default_codes,
        format_func=lambda code: next(k.kommun for k in kommuner if k.kommun_kod == code), key="mote_event_kommuner",
    )
    level, above_mhq = warning_level_of(
        [r for r in (snapshot.river(name) for name in meeting.rivers) if r is not None]
    )
    return CoordinationEvent(rivers=meeting.rivers, kind=kind, kommun_kods=tuple(chosen), dam=dam,
                             above_mhq=above_mhq, warning_level=level)


def _render_checklist(log: MeetingLog, meeting: MeetingView, snapshot: SituationSnapshot) -> list[str]:
    st.subheader("Vem ska vi samordna med?")
    failures = active_dam_failures()
    try:
        if failures:  # a declared dam failure decides: its river and what lies below the dam
            st.caption(f"Utifrån händelsen {failures[0].title_sv}: {failures[0].river} nedströms dammen.")
            event = dam_failure_event(read_reach(failures[0].dam))
        else:
            event = _event_for(meeting, snapshot)
        suggestions = derive_actors(event)
    except CoordinationError as exc:
        st.error(exc.message_sv, icon=":material/warning:")
        return []
    ticks = meeting.informed_actors()
    now = datetime.now(UTC)
    for index, suggestion in enumerate(suggestions):
        c1, c2 = st.columns([1, 1])
        c1.markdown(f"**{html.escape(suggestion.name)}** · {suggestion.kind_sv}")
        c1.caption(suggestion.reason_sv)
        tick = ticks.get(suggestion.name)
        if tick is not None:
            c2.success(f"Informerad kl. {format_local_time(tick.created_at, now)} ({plain_md(tick.author)})",
                       icon=":material/check_circle:")
        elif c2.button("Markera informerad", key=f"mote_inform_{index}",
                       disabled=not meeting.is_open or not current_person("mote_user").has_role("redaktor")):
            try:
                log.mark_informed(meeting.id, actor=suggestion.name, author=current_person("mote_user"))
            except CoordinationError as exc:
                _flash("error", exc.message_sv)
            st.rerun()
    for question in owner_questions_sv(event):
        st.caption(question)
    return [s.name for s in suggestions]


def _render_changes(log: MeetingLog, drafts: DraftRepository, meeting: MeetingView,
                    snapshot: SituationSnapshot) -> None:
    st.subheader("Sedan förra mötet")
    previous = log.previous_meeting(meeting.id)
    if previous is None or previous.latest_snapshot is None:
        st.info("Inget tidigare möte för de här älvarna att jämföra med.")
        return
    released = released_texts_from_drafts(drafts.list_drafts(), since=previous.started_at)
    changes = compare_snapshots(previous.latest_snapshot, snapshot, rivers=meeting.rivers, released_since=released)
    st.caption(f"Jämfört med möte nr {previous.id} ({format_local_time(previous.started_at, datetime.now(UTC))}).")
    for river, items in changes.items():
        st.markdown(f"**{river}**")
        if not items:
            st.text("Inga förändringar värda att nämna.")
        for change in items:
            st.text(change.text_sv)


def _render_exports(log: MeetingLog, drafts: DraftRepository, meeting: MeetingView, settings: Settings) -> None:
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
    doc: MinutesDocument,
    label: str,
    stem: str,
    key: str,
    word_column: st.delta_generator.DeltaGenerator,
    pdf_column: st.delta_generator.DeltaGenerator,
) -> None:
    """Word and PDF download buttons for one document; a missing PDF font shows its Swedish message instead."""
    word_column.download_button(f"{label} (Word)", render_minutes_docx(doc), file_name=f"{stem}.docx",
                                mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                key=f"{key}_docx", width="stretch", on_click="ignore")
    try:
        pdf_column.download_button(f"{label} (PDF)", render_minutes_pdf(doc), file_name=f"{stem}.pdf",
                                   mime="application/pdf", key=f"{key}_pdf", width="stretch", on_click="ignore")
    except CoordinationError as exc:
        pdf_column.error(exc.message_sv)


def _render_desk(settings: Settings) -> None:
    log, drafts = _stores(settings.database_url)
    _show_flash()
    if settings.is_exercise and current_person().has_role("motesledare"):
        _render_exercise_controls(settings)
    snapshot = _current_snapshot(settings)
    meeting = log.open_meeting(is_exercise=settings.is_exercise)
    if meeting is None:
        _render_start_form(log, settings, snapshot)
        finished = log.list_meetings(is_exercise=settings.is_exercise)
        if finished:
            st.subheader("Tidigare möten")
            last = finished[0]
            st.caption(f"Senast: möte nr {last.id}, {plain_md(last.title)}.")
            _render_exports(log, drafts, last, settings)
        return
    _render_meeting_header(log, meeting, snapshot)
    may_write = _user_name()
    left, right = st.columns([3, 2])
    with right:
        actor_names = _render_checklist(log, meeting, snapshot) if snapshot is not None else []
    with left:
        st.subheader("Logg")
        if may_write:
            _render_log_form(log, meeting, actor_names)
        frame = _log_frame(meeting)
        if frame.empty:
            st.info("Inga poster i loggen ännu.")
        else:
            st.dataframe(frame, width="stretch", hide_index=True, key="mote_log_table")
    if snapshot is not None:
        _render_changes(log, drafts, meeting, snapshot)
    _render_exports(log, drafts, meeting, settings)


# --- presentation view ----------------------------------------------------------------------------

def _waves(now: datetime, exercise: bool) -> dict[str, WaveOverlay]:
    """River → the wave of each declared dam failure on it, from the shared arrival table."""
    waves = {}
    for event in active_dam_failures():
        if event.river not in waves:
            table = load_arrival_table(event.dam).table
            waves[event.river] = wave_overlay(event.dam, table, event.started_at, now,
                                              "(övningstid)" if exercise else "")
    return waves


def _render_presentation(settings: Settings) -> None:
    st.markdown(SCREEN_CSS, unsafe_allow_html=True)
    interval_text = st.query_params.get(INTERVAL_PARAM, "60")
    interval = int(interval_text) if interval_text.isdigit() and int(interval_text) in INTERVALS else 60
    with st.popover("Inställningar", icon=":material/settings:"):
        st.link_button("← Tillbaka till mötet", "?", width="content")
        chosen = st.selectbox("Uppdatera var", list(INTERVALS), index=list(INTERVALS).index(interval),
                              format_func=INTERVALS.get, key="mote_interval")
    if chosen != interval:
        st.query_params[INTERVAL_PARAM] = str(chosen)

    @st.fragment(run_every=timedelta(seconds=chosen))
    def _live_part() -> None:
        log, drafts = _stores(settings.database_url)
        snapshot = _current_snapshot(settings)
        if snapshot is None:
            return
        exercise = snapshot.origin is DataOrigin.EXERCISE
        now = scenario_now(settings) if exercise else datetime.now(UTC)
        render_meeting_screen(log=log, drafts=drafts, snapshot=snapshot, rivers=selected_rivers(),
                              is_exercise=settings.is_exercise, now=now, real_now=datetime.now(UTC),
                              waves=_waves(now, exercise))

    _live_part()


# --- page ---------------------------------------------------------------------------------------

render_event_banner(compact=st.query_params.get(VIEW_PARAM) == PRESENTATION, key="mote_events")
st.title("Möte")
_settings = load_settings()
if st.query_params.get(VIEW_PARAM) == PRESENTATION:
    _render_presentation(_settings)
else:
    st.caption("Mötets logg, vilka aktörer som ska informeras, export av minnesanteckningar och mötesvyn.")
    with storage_guard():
        _render_desk(_settings)
watch_changes(("meeting", "messages", *RIVER_TOPICS))  # others' log entries, approvals, reports, events, clock
