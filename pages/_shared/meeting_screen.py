"""The meeting screen (``/mote?vy=presentation``): three rivers, their älvschemas and the last decisions
in one 1280×720 window, without scrolling.

Per river one row: the river's name, its status in word + symbol + colour, one sentence why and its
warnings on the left; the älvschema (with a dam failure's wave) on the right. Below: the last three
decisions, the newest meeting's open actions with their follow-up time (on which clock, in an exercise),
what changed since the previous meeting, and the time of the data. The only ÖVNING
marking is the frame's one-line banner; the controls sit in a closed popover in the top corner.
Log texts are user input: shown as escaped text, never as Markdown or HTML.

What a minute changes on an idle screen is its clocks and ages: the owners' reports (their age, stale
or not) and the data's time box. Only those two boxes are redrawn at the screen's interval (two small
``st.fragment(run_every=…)``); the time box's run also reads the situation and reruns the page when
anything else the screen shows has changed (:func:`screen_content`: a river's status, values or
warnings, a wave's front, the day). Changes to the log, the drafts, reports and events rerun the page
through the change counters (:mod:`pages._shared.live`). So an idle screen sends its browser two small
boxes a minute instead of three älvschemas and every box.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import streamlit as st

from hydrology.schematic import stations_from_snapshot
from language.sv import REAL_TIME, SCENARIO_TIME, format_clock, format_date, format_when, plural
from meetings.meeting_changes import (
    compare_snapshots,
    previous_meeting_of,
    released_texts_from_drafts,
    summarise_river,
)
from meetings.meetings import LogEntryView, MeetingLog, SituationSnapshot
from messages.repository import DraftRepository
from owner_reports.display import plants_from_reports
from pages._shared.alvschema import render_alvschema, stations_content
from pages._shared.meeting_data import ScreenState, screen_clocks
from pages._shared.owner_panel import load_latest_reports, render_owner_summary
from pages._shared.plain import plain_html
from settings import load_settings
from sources.models import DataOrigin

#: Text colour on each status colour (dark on light fills, white on dark ones).
TEXT_ON = {"#F2C200": "#0D1B2A", "#F07D00": "#0D1B2A", "#9AA5B1": "#0D1B2A"}

SCREEN_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] { display: none; }
.block-container, [data-testid="stMainBlockContainer"] { padding: 0.4rem 1rem 0 1rem !important; max-width: 100%; }
[data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 0.25rem; }
[data-testid="stMain"] [data-testid="stHorizontalBlock"] { gap: 0.6rem; }
h1 { font-size: 1.15rem !important; padding: 0 !important; margin: 0 !important; line-height: 1.2 !important; }
/* Every block takes its own height: Streamlit's -1rem bottom margin on a Markdown block would let the next
   block cover its last 16 px (the event strip covered the title; the test compares the blocks' boxes). */
[data-testid="stMain"] [data-testid="stMarkdownContainer"]:has(.event-strip, .ms-river, .ms-box),
[data-testid="stMain"] [data-testid="stHeading"] [data-testid="stMarkdownContainer"] { margin-bottom: 0 !important; }
[data-testid="stAlert"] { padding: 0.2rem 0.6rem; }
[data-testid="stAlertContainer"] { padding: 0.25rem 0.8rem !important; }
[data-testid="stPopover"] { position: fixed; top: 0.4rem; right: 1rem; z-index: 1000; width: auto !important; }
/* The one-line ÖVNING banner (and any notice) ends before the settings button in the corner. */
[data-testid="stMain"] [data-testid="stAlert"] { margin-right: 9rem; }
[data-testid="stAlert"] p { font-size: 1.05rem; margin: 0; }
.ms-river { border-left: 10px solid #9AA5B1; padding: 0.1rem 0.5rem; }
.ms-river h2 { font-size: 1.35rem; margin: 0; padding: 0; line-height: 1.3; }
.ms-status { display: inline-block; font-size: 1.2rem; font-weight: 700; padding: 0.05rem 0.5rem;
             border-radius: 0.3rem; margin: 0.15rem 0; }
.ms-why { font-size: 0.95rem; line-height: 1.25; }
.ms-warn { font-size: 0.9rem; line-height: 1.2; margin-top: 0.15rem; }
.ms-box h3, [data-testid="stMain"] h3 { font-size: 1.05rem !important; margin: 0 0 0.3rem 0 !important;
  padding: 0 !important; line-height: 1.3 !important; }
[data-testid="stMain"] [data-testid="stText"] { font-size: 0.85rem; }
.ms-line { font-size: 0.9rem; line-height: 1.3; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.ms-foot { font-size: 0.85rem; color: #333; }
</style>
"""

#: Height of one river's älvschema on the meeting screen [px]: three of them and the decisions fit 720 px.
SCHEMA_HEIGHT_PX = 148


def _unmarked(text: str) -> str:
    """Without the per-line ÖVNING marks: the screen carries one unmistakable ÖVNING line instead."""
    return text.replace("ÖVNING: ", "").replace(" (ÖVNING)", "")


def river_block_html(data: dict) -> str:
    """One river's left-hand block: name, status (word + symbol + colour), why, warnings."""
    line = summarise_river(data)
    colour = line.status_colour
    sentence = _unmarked(line.sentence)
    warnings = ""
    if line.warnings:
        more = f" (+{len(line.warnings) - 1} till)" if len(line.warnings) > 1 else ""
        warnings = f"<div class='ms-warn'>⚠ {plain_html(_unmarked(line.warnings[0]))}{more}</div>"
    else:
        warnings = "<div class='ms-warn'>Inga varningar i kraft.</div>"
    return (
        f"<div class='ms-river' style='border-left-color:{plain_html(colour)}'>"
        f"<h2>{plain_html(line.river)}</h2>"
        f"<div class='ms-status' style='background:{plain_html(colour)};color:{TEXT_ON.get(colour, '#FFFFFF')}'>"
        f"{plain_html(line.status_symbol)} {plain_html(line.status_label)}</div>"
        f"<div class='ms-why'>{plain_html(sentence)}</div>{warnings}</div>"
    )


#: Session keys: what the screen showed when last drawn whole (:func:`screen_content`); whether the
#: time box runs inside that drawing (not by its timer).
_DRAWN = "meeting_screen_drawn"
_INLINE = "meeting_screen_inline"


def screen_content(state: ScreenState, rivers: Sequence[str]) -> tuple:
    """What the screen shows besides its clocks and ages, as a comparable value: per river its status,
    why, stations (values, statuses, trends, the time of each value), warnings and kommuner, what its
    älvschema draws, the wave (its words, its front to :data:`~pages._shared.meeting_data.FRONT_STEP_KM`);
    the data's origin and the day on both clocks (a time on another day carries its date). Everything
    the river rows and the "since the previous meeting" box are drawn from."""
    rows = []
    for river in rivers:
        data = state.snapshot.river(river)
        rows.append((river, None) if data is None else (
            river, summarise_river(data), stations_content(stations_from_snapshot(data)), state.waves.get(river)))
    return tuple(rows), state.snapshot.origin.value, format_date(state.now), format_date(state.real_now)


def render_meeting_screen(
    *,
    log: MeetingLog,
    drafts: DraftRepository,
    state: ScreenState,
    rivers: Sequence[str],
    is_exercise: bool,
    every: timedelta,
    read_state: Callable[[], ScreenState | None],
) -> None:
    """The whole screen below the controls, from ``state`` (the data and both clocks at one moment).

    Every ``every`` the clocks' and ages' boxes are redrawn from ``read_state()`` (the data now), and
    the page reruns when :func:`screen_content` has changed since this drawing.
    """
    snapshot, now, real_now, waves = state.snapshot, state.now, state.real_now, state.waves
    st.session_state[_DRAWN] = screen_content(state, rivers)
    st.session_state[_INLINE] = True
    reports = load_latest_reports(rivers)
    for river in rivers:
        data = snapshot.river(river)
        if data is None:
            continue
        left, right = st.columns([1, 3.2], vertical_alignment="center")
        left.markdown(river_block_html(data), unsafe_allow_html=True)
        with right:
            render_alvschema(river, stations_from_snapshot(data), key=f"ms_schema_{river}", height=SCHEMA_HEIGHT_PX,
                             wave=waves.get(river), plants=plants_from_reports(reports, river))
    decisions, actions, changes, owners, about = st.columns([1.7, 1.4, 1.2, 0.7, 1.0])
    with decisions:
        _render_decisions(log, rivers, is_exercise, real_now)
    with actions:
        _render_actions(log, rivers, is_exercise, now, real_now)
    with changes:
        _render_changes(log, drafts, snapshot, rivers, is_exercise)
    warned = [r for r in rivers if (d := snapshot.river(r)) and summarise_river(d).warnings]

    @st.fragment(run_every=every if reports else None)  # "Inga ägarrapporter." has no age to move on
    def _owners_minute() -> None:
        moment = now if st.session_state.get(_INLINE) else screen_clocks(load_settings(), snapshot.origin)[0]
        render_owner_summary(rivers, moment, warned=warned)

    @st.fragment(run_every=every)
    def _time_minute() -> None:
        current = state
        if not st.session_state.pop(_INLINE, False):  # the timer's run: the data now
            current = read_state()
            if current is None or screen_content(current, rivers) != st.session_state.get(_DRAWN):
                st.rerun(scope="app")  # more than the clocks changed: draw the whole screen anew
        _render_data_time(current.snapshot, current.now, current.real_now, is_exercise)

    with owners:
        _owners_minute()
    with about:
        _time_minute()


def _box(title: str, lines: Sequence[str]) -> str:
    body = "".join(f"<div class='ms-line' title='{plain_html(t, ' ')}'>{plain_html(t)}</div>" for t in lines)
    return f"<div class='ms-box'><h3>{plain_html(title)}</h3>{body}</div>"


def _short_when(moment: datetime, now: datetime) -> str:
    """``"kl. 14.05"`` today, ``"29 nov kl. 14.05"`` another day (Stockholm)."""
    clock = f"kl. {format_clock(moment)}"
    return clock if format_date(moment) == format_date(now) else f"{format_date(moment, short=True)} {clock}"


def _decision_time(entry: LogEntryView, is_exercise: bool, real_now: datetime) -> str:
    """When a decision was taken, saying which clock in an exercise: the scenario's where it was kept
    ("kl. 21.50 (övningstid)"), otherwise the wall clock ("kl. 14.05 (verklig tid)")."""
    if not is_exercise:
        return _short_when(entry.created_at, real_now)
    if entry.scenario_at is not None:
        return f"kl. {format_clock(entry.scenario_at)} ({SCENARIO_TIME})"
    return f"{_short_when(entry.created_at, real_now)} ({REAL_TIME})"


def _render_decisions(log: MeetingLog, rivers: Sequence[str], is_exercise: bool, real_now: datetime) -> None:
    decisions = log.recent_entries(is_exercise=is_exercise, rivers=rivers, limit=3)
    lines = [f"{_decision_time(entry, is_exercise, real_now)}  {entry.text}" for _m, entry in decisions]
    st.markdown(_box("Senaste beslut", lines or ["Inga beslut i loggen."]), unsafe_allow_html=True)


#: At most this many actions on the screen (the box is as high as its neighbours); the rest are counted.
SCREEN_ACTIONS = 3


def _follow_up_time(entry: LogEntryView, is_exercise: bool, now: datetime, real_now: datetime) -> str:
    """When to follow an action up, saying which clock in an exercise: "kl. 23.30 (övningstid)" where it was
    set on the scenario's clock, "kl. 15.05 (verklig tid)" on the wall clock; "ingen uppföljning" when unset.
    ``now`` is the scenario's clock in an exercise [UTC], ``real_now`` the wall clock [UTC]."""
    if is_exercise and entry.follow_up_scenario_at is not None:
        return f"{_short_when(entry.follow_up_scenario_at, now)} ({SCENARIO_TIME})"
    if entry.follow_up_at is None:
        return "ingen uppföljning"
    when = _short_when(entry.follow_up_at, real_now)
    return f"{when} ({REAL_TIME})" if is_exercise else when


def _render_actions(log: MeetingLog, rivers: Sequence[str], is_exercise: bool, now: datetime,
                    real_now: datetime) -> None:  # fmt: skip
    """The newest meeting's open actions with their follow-up time, the next to follow up first."""
    meeting = next((m for m in log.list_meetings(is_exercise=is_exercise) if set(m.rivers) & set(rivers)), None)
    if meeting is None:
        st.markdown(_box("Åtgärder", ["Inga möten i loggen."]), unsafe_allow_html=True)
        return
    actions = meeting.open_actions()
    lines = [f"{_follow_up_time(e, is_exercise, now, real_now)}  {e.text}"
             + (f" ({e.responsible})" if e.responsible else "") for e in actions[:SCREEN_ACTIONS]]
    if len(actions) > SCREEN_ACTIONS:
        lines.append(f"+ {plural(len(actions) - SCREEN_ACTIONS, 'åtgärd', 'åtgärder')} till på mötessidan")
    done = len(meeting.done_actions())
    title = f"Åtgärder (möte nr {meeting.id}" + (f", {done} klara)" if done > 1 else ", 1 klar)" if done else ")")
    st.markdown(_box(title, lines or ["Inga åtgärder i mötets logg."]), unsafe_allow_html=True)


def _render_changes(log: MeetingLog, drafts: DraftRepository, snapshot: SituationSnapshot,
                    rivers: Sequence[str], is_exercise: bool) -> None:  # fmt: skip
    previous = previous_meeting_of(log.list_meetings(is_exercise=is_exercise), rivers)
    if previous is None:
        st.markdown(_box("Sedan förra mötet", ["Inget tidigare möte att jämföra med."]), unsafe_allow_html=True)
        return
    released = released_texts_from_drafts(drafts.list_drafts(), since=previous.started_at)
    changes = compare_snapshots(previous.latest_snapshot, snapshot, rivers=rivers, released_since=released)
    lines = [f"{c.river}: {c.text_sv}" for items in changes.values() for c in items][:4]
    title = f"Sedan förra mötet (nr {previous.id})"
    st.markdown(_box(title, lines or ["Inga förändringar värda att nämna."]), unsafe_allow_html=True)


def _render_data_time(snapshot: SituationSnapshot, now: datetime, real_now: datetime, is_exercise: bool) -> None:
    data_time = format_when(snapshot.data_time, now) if snapshot.data_time else "okänd tid"
    # Each line fits the box at 1280 px (the source line once ended "SCB (k…"); SCB's kommun borders are
    # named in full on every other page's footer.
    if is_exercise or snapshot.origin is DataOrigin.EXERCISE:
        lines = [f"Övningstid nu: kl. {format_clock(now)}", f"Data från {data_time} (övningstid)",
                 f"Verklig tid: kl. {format_clock(real_now)}", "Källor: övningsscenariot, SCB"]
    else:
        saved = "Sparade data" if snapshot.origin is DataOrigin.CACHE else "Data"
        lines = [f"{saved} från {data_time}", f"Uppdaterad kl. {format_clock(real_now)}",
                 "Källor: SMHI (CC BY 4.0), SCB"]
    st.markdown(_box("Datans tid", lines), unsafe_allow_html=True)
