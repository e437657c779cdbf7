"""The active events, shown first on Läget, the presentation view, Karta, Meddelanden and Möte.

A dam failure leads in red: "DAMMBROTT – Hällbydammen, kl. 21.15", what has been reached, then per
place downstream (dams, towns, kommun borders, to the sea) when the front and the peak are expected,
as clock times with their range. Other events get a calmer block with their start and description.
Exercise events are marked ÖVNING.

The events are read once per page run. The banner's fragment then makes the page's one change check
every ``settings.live_interval_s`` seconds (:mod:`pages._shared.live`: one tiny query when nothing
happened): when someone declares, changes or ends an event, imports owner data, or writes anything else
the page watches, in any session, the whole page reruns so everything on it follows. Between reruns
the fragment redraws the events it has at the data clock, so the clock-time states ("nådd", "väntas")
move on; it reruns the page too when the clock makes an event begin or end, or brings an exercise
scenario's own failure (checked in memory). Times say which clock they were read on ("kl. 18.00
(övningstid)", a declaration "(verklig tid)").

On the meeting screen (``compact``) an event is a two-line strip: what, where, how far the front has
come, and when it can reach the places ahead; smaller lines say who leads once a länsstyrelse has taken
over the rescue service, and what an assumed peak time rests on (where the owner gave none); the
älvschema below draws the wave.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from directory.rescue_command import rescue_takeover_short_sv
from events.briefing import (
    EXERCISE_MARK,
    arrival_lines,
    arrival_strip_sv,
    clock_table_sv,
    event_headline_sv,
    front_now_sv,
    reached_summary_sv,
)
from events.repository import Event
from events.scenario import scenario_events_due
from events.timetext import clock_sv
from geodata.arrival import estimate_basis_sv, peak_assumption_of
from geodata.downstream import DownstreamError
from language.sv import label_clock
from pages._shared.event_data import events_now, load_arrival_table, mode_events
from pages._shared.live import page_changed, polled_by_banner, remember_shown
from pages._shared.plain import plain_html, plain_md
from settings import Settings, load_settings
from sharing.store import SharedStateError
from sources.exercise.scenarios import get_scenario_spec

SHOWN_KEY = "_event_banner_events"
#: Block colours (text white on both): dam failure red, everything else dark blue.
FAILURE_COLOUR = "#B00020"
OTHER_COLOUR = "#1F3A5F"
#: The topics whose change reruns a page with the banner (besides the page's own).
BANNER_TOPICS: tuple[str, ...] = ("events", "arrivals")


def render_event_banner(*, compact: bool = False, key: str = "event_banner") -> None:
    """Show every active event (newest first); ``compact`` for the 1280×720 meeting screen."""
    settings = load_settings()
    shown_key, fresh_key = f"{SHOWN_KEY}_{key}", f"{SHOWN_KEY}_{key}_fresh"
    try:
        run_now, _exercise = events_now(settings)
        events = mode_events(settings, run_now)
    except (SQLAlchemyError, SharedStateError) as error:
        st.warning(f"Händelserna kunde inte läsas ur databasen ({type(error).__name__}).", icon=":material/warning:")
        return
    st.session_state[shown_key] = (events, _active_ids(events, run_now), run_now)
    st.session_state[fresh_key] = True
    remember_shown(BANNER_TOPICS)  # after this run's own declaration of a scenario event
    polled_by_banner()

    @st.fragment(run_every=settings.live_interval_s)
    def _banner() -> None:
        events, shown_ids, run_now = st.session_state[shown_key]
        now = run_now
        if not st.session_state.pop(fresh_key, False):  # a timed run, not the page's own
            now = _data_clock_or(settings, run_now)
            if page_changed() or _active_ids(events, now) != shown_ids or _scenario_due(settings, events, now):
                st.rerun(scope="app")  # someone changed something, or the clock began or ended an event
        for event in events:
            if event.is_active_at(now):
                _render_event(event, compact, key, now)

    _banner()


def _data_clock_or(settings: Settings, fallback: datetime) -> datetime:
    """The data clock now [UTC]; ``fallback`` while the shared clock cannot be read."""
    try:
        return events_now(settings)[0]
    except SharedStateError:
        return fallback


def _active_ids(events: list[Event], now: datetime) -> tuple[int, ...]:
    return tuple(event.id for event in events if event.is_active_at(now))


def _scenario_due(settings: Settings, events: list[Event], now: datetime) -> bool:
    """In an exercise: the scenario clock has passed a failure the scenario has not declared yet."""
    return settings.is_exercise and scenario_events_due(get_scenario_spec(settings.scenario), now,
                                                        (event.scenario for event in events))


def _block(event: Event, headline: str, lines: list[str]) -> str:
    colour = FAILURE_COLOUR if event.is_dam_failure else OTHER_COLOUR
    body = "".join(f"<div style='font-size:1.05rem;margin-top:0.2rem'>{plain_html(line)}</div>" for line in lines)
    return (
        f"<div role='alert' style='background:{colour};color:#FFFFFF;padding:0.6rem 0.9rem;border-radius:0.4rem;"
        f"margin-bottom:0.4rem'><div style='font-size:1.6rem;font-weight:800'>{plain_html(headline)}</div>{body}</div>"
    )


def _render_event(event: Event, compact: bool, key: str, now: datetime) -> None:
    exercise = load_settings().is_exercise
    if compact:
        _render_strip(event, now, exercise)
        return
    mark = f"{EXERCISE_MARK} · " if event.is_exercise else ""
    # In an exercise the event's times are scenario time and its declaration real time: both say which.
    headline = mark + _clock_labelled(event_headline_sv(event, now), exercise)
    details = []
    if event.description:
        details.append(event.description)
    declared = clock_sv(event.declared_at, now)
    details.append(f"Älv: {event.river} · deklarerad av {event.declared_by} ({event.declared_org}), "
                   f"{label_clock(declared, scenario=False) if exercise else declared}")
    if event.is_dam_failure or event.rescue_taken_over_by:
        details.append(event.rescue_lead_sv)
    if not event.is_dam_failure or not event.dam:
        st.markdown(_block(event, headline, details), unsafe_allow_html=True)
        return
    try:
        arrivals = load_arrival_table(event.dam)
    except DownstreamError as error:
        st.markdown(_block(event, headline, details), unsafe_allow_html=True)
        st.warning(f"Ankomsttider saknas: {error}", icon=":material/warning:")
        return
    lines = arrival_lines(arrivals.table, event.started_at, now)
    st.markdown(_block(event, headline, [reached_summary_sv(lines), *details]), unsafe_allow_html=True)
    st.dataframe(clock_table_sv(lines), hide_index=True, width="stretch", key=f"{key}_{event.id}_table")
    owner = arrivals.owner_import
    basis = f"Ankomsttider räknade från brottet {_clock_labelled(clock_sv(event.started_at, now), exercise)}. "
    if exercise:
        basis += "Tiderna i tabellen är övningstid. "
    if owner is not None:
        basis += (f"Dammägarens uppgifter importerade {clock_sv(owner.imported_at, now)} av {plain_md(owner.imported_by)} "
                  f"({plain_md(owner.imported_org)}). ")
    if estimates := estimate_basis_sv(arrivals.table):  # the Källa column's own words
        basis += f"{plain_md(estimates)} "
    basis += peak_assumption_of(arrivals.table)
    st.caption(basis.strip())  # Markdown: the typed parts escaped above


def _clock_labelled(text: str, exercise: bool) -> str:
    """``text`` (ending in a scenario-clock time) with "(övningstid)" in an exercise."""
    return label_clock(text, scenario=True) if exercise else text


def _strip(event: Event, first: str, second: str, *small: str) -> str:
    """Two lines (and each non-empty ``small`` one, in smaller type) of at most one screen line each (the whole
    text on hover)."""
    colour = FAILURE_COLOUR if event.is_dam_failure else OTHER_COLOUR
    # Tight lines: the 1280×720 meeting screen has no pixel to spare (its browser test measures it).
    line = ("<div title='{t}' style='white-space:nowrap;overflow:hidden;text-overflow:ellipsis;"
            "font-size:{size};line-height:{height}'>{b}</div>")
    # Line heights 1.2: just above the font's own height (DejaVu Sans 1.16 em), so nothing is clipped.
    body = line.format(t=plain_html(first, " "), size="1.1rem", height="1.2", b=f"<b>{plain_html(first)}</b>")
    if second:
        body += line.format(t=plain_html(second, " "), size="0.98rem", height="1.2", b=plain_html(second))
    for third in (text for text in small if text):
        body += line.format(t=plain_html(third, " "), size="0.76rem", height="1.2", b=plain_html(third))
    return (f"<div role='alert' class='event-strip' style='background:{colour};color:#FFFFFF;padding:0.05rem 0.7rem;"
            f"border-radius:0.3rem;margin-bottom:0'>{body}</div>")


def _render_strip(event: Event, now: datetime, exercise: bool) -> None:
    """The event for the 1280×720 meeting screen: two lines and the peak assumption, no table (the älvschema
    carries the wave).

    No ÖVNING mark of its own: the screen carries one ÖVNING line for everything on it."""
    headline = _clock_labelled(event_headline_sv(event, now), exercise) + f" · {event.river}"
    # Who leads, once a länsstyrelse has taken over: one short line (the kommun leading is the normal case).
    takeover = rescue_takeover_short_sv(event.rescue_taken_over_by)
    if not event.is_dam_failure or not event.dam:
        st.markdown(_strip(event, headline, event.description, takeover), unsafe_allow_html=True)
        return
    try:
        arrivals = load_arrival_table(event.dam)
    except DownstreamError as error:
        st.markdown(_strip(event, headline, f"Ankomsttider saknas: {error}", takeover), unsafe_allow_html=True)
        return
    lines = arrival_lines(arrivals.table, event.started_at, now)
    basis = "dammägarens uppgifter" if arrivals.estimate_count == 0 else "grov uppskattning"
    note = f"övningstid, {basis}" if exercise else basis
    peak = peak_assumption_of(arrivals.table, short=True)
    st.markdown(_strip(event, f"{headline} · {front_now_sv(lines)}", arrival_strip_sv(lines, note), takeover, peak),
                unsafe_allow_html=True)
