"""Övningsledning on Möte: choose the exercise scenario and run its clock (start, pause, speed, skip, reset).

The scenario and the clock are kept in the database, so every session and every app server follows them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import streamlit as st

from pages._shared.timefmt import format_local_time
from settings import Settings, choose_scenario
from sources.exercise.adapter import default_scenario_start
from sources.exercise.clock import (
    pause_clock,
    read_clock,
    reset_clock,
    resume_clock,
    set_clock_speed,
    skip_clock,
    start_clock,
)
from sources.exercise.scenarios import SCENARIOS

#: Speeds of the scenario clock: label → scenario seconds per real second.
SPEEDS: dict[str, float] = {"×1": 1.0, "×10": 10.0, "×60": 60.0}


def render_exercise_controls(settings: Settings, flash: Callable[[str, str], None]) -> None:
    """The ÖVNING box: scenario and clock state, the scenario chooser and the clock's buttons.

    Every change reruns the page; ``flash(kind, text)`` keeps the message shown after a start.
    """
    real_now = datetime.now(UTC)
    with st.container(border=True):
        st.subheader("Övningsledning — ÖVNING")
        clock = read_clock(settings, default_start=default_scenario_start(settings), real_now=real_now)
        spec = SCENARIOS[settings.scenario]
        scenario_time = clock.scenario_now(real_now)
        state = "pausad" if clock.paused else f"går i ×{clock.speed:g}"
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
            flash("success", f"ÖVNING startad: {SCENARIOS[choice].title_sv}.")
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


def _speed_index(speed: float) -> int:
    values = list(SPEEDS.values())
    return values.index(speed) if speed in values else 0
