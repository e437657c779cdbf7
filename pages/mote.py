"""Möte: the coordination group's meeting — log, actor checklist, minutes, presentation view, exercise controls.

Two views at one stable URL:

- ``/mote`` — the meeting desk: start a meeting (freezes the situation on screen), write the log
  (beslut, åtgärd, information), tick actors as informed, see what changed since the previous
  meeting, export minutes and an after-action report (DOCX, PDF); in exercise mode also the
  scenario chooser and the scenario clock's controls.
- ``/mote?vy=presentation`` — the meeting screen for a shared 1280×720 window: per river status in
  words + symbol + colour, key stations with trend arrows and age, warnings, the last decisions,
  "Sedan förra mötet"; large type, no sidebar; its clocks and ages refresh themselves at a chosen
  interval (``st.fragment(run_every=…)``), the rest when its data change
  (:mod:`pages._shared.meeting_screen`), so an idle screen costs the server and its browser little.

Log texts are user input: they are shown in tables and as plain text, never as HTML or Markdown.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import streamlit as st

from pages._shared.frame import ensure_frame, selected_rivers

ensure_frame()

from pages._shared.event_banner import render_event_banner  # noqa: E402
from pages._shared.exercise_controls import render_exercise_controls  # noqa: E402
from pages._shared.flash import flash, show_flash  # noqa: E402
from pages._shared.identity import current_person  # noqa: E402
from pages._shared.live import RIVER_TOPICS, watch_changes  # noqa: E402
from pages._shared.meeting_checklist import render_checklist  # noqa: E402
from pages._shared.meeting_data import (  # noqa: E402
    MEETING_FLASH,
    current_snapshot,
    meeting_stores,
    read_screen_state,
)
from pages._shared.meeting_desk import (  # noqa: E402
    may_write_log,
    render_changes,
    render_log,
    render_mark_done,
    render_meeting_header,
    render_start_form,
)
from pages._shared.meeting_screen import SCREEN_CSS, render_meeting_screen  # noqa: E402
from pages._shared.minutes_exports import render_minutes_exports  # noqa: E402
from pages._shared.plain import plain_md  # noqa: E402
from pages._shared.storage_guard import storage_guard  # noqa: E402
from settings import Settings, load_settings  # noqa: E402

VIEW_PARAM = "vy"
PRESENTATION = "presentation"
INTERVAL_PARAM = "intervall"
#: Refresh intervals of the presentation view [s] → Swedish label.
INTERVALS: dict[int, str] = {30: "30 sekunder", 60: "1 minut", 300: "5 minuter"}


def _render_desk(settings: Settings) -> None:
    log, drafts = meeting_stores(settings.database_url)
    show_flash(MEETING_FLASH)
    if settings.is_exercise and current_person().has_role("motesledare"):
        render_exercise_controls(settings, partial(flash, MEETING_FLASH))
    snapshot = current_snapshot(settings)
    meeting = log.open_meeting(is_exercise=settings.is_exercise)
    if meeting is None:
        render_start_form(log, settings, snapshot)
        finished = log.list_meetings(is_exercise=settings.is_exercise)
        if finished:
            st.subheader("Tidigare möten")
            last = finished[0]
            st.caption(f"Senast: möte nr {last.id}, {plain_md(last.title)}.")
            render_mark_done(log, last)
            render_minutes_exports(log, drafts, last, settings)
        return
    render_meeting_header(log, meeting, snapshot, presentation_link=f"?{VIEW_PARAM}={PRESENTATION}")
    may_write = may_write_log()
    left, right = st.columns([3, 2])
    with right:
        actor_names = render_checklist(log, meeting, snapshot) if snapshot is not None else []
    with left:
        render_log(log, meeting, actor_names, may_write)
    if snapshot is not None:
        render_changes(log, drafts, meeting, snapshot)
    render_minutes_exports(log, drafts, meeting, settings)


def _render_presentation(settings: Settings) -> None:
    st.markdown(SCREEN_CSS, unsafe_allow_html=True)
    interval_text = st.query_params.get(INTERVAL_PARAM, "60")
    # isdecimal, not isdigit: "²" is a digit that int() refuses (a traceback from a typed link).
    interval = int(interval_text) if interval_text.isdecimal() and int(interval_text) in INTERVALS else 60
    with st.popover("Inställningar", icon=":material/settings:"):
        st.link_button("← Tillbaka till mötet", "?", width="content")
        chosen = st.selectbox("Uppdatera var", list(INTERVALS), index=list(INTERVALS).index(interval),
                              format_func=INTERVALS.get, key="mote_interval")
    if chosen != interval:
        st.query_params[INTERVAL_PARAM] = str(chosen)

    log, drafts = meeting_stores(settings.database_url)
    state = read_screen_state(settings)
    if state is not None:
        render_meeting_screen(log=log, drafts=drafts, state=state, rivers=selected_rivers(),
                              is_exercise=settings.is_exercise, every=timedelta(seconds=chosen),
                              read_state=partial(read_screen_state, settings))


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
