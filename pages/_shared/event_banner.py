"""The active events, shown first on Läget, the presentation view, Karta, Meddelanden and Möte.

A dam failure leads in red: "DAMMBROTT – Hällbydammen, kl. 21.15", what has been reached, then per
place downstream (dams, towns, kommun borders, to the sea) when the front and the peak are expected,
as clock times with their range. Other events get a calmer block with their start and description.
Exercise events are marked ÖVNING.

The banner polls the database's change counter every :data:`POLL_S` seconds in a fragment (one
tiny query when nothing happened): when someone declares, changes or ends an event, or imports
owner data, in any session, the whole page reruns so everything on it follows the event. The
clock-time states ("nådd", "väntas") follow the data clock — the scenario clock in exercises.
"""

from __future__ import annotations

import html
from datetime import timedelta

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from events.briefing import (
    EXERCISE_MARK,
    arrival_lines,
    clock_table_sv,
    event_headline_sv,
    reached_summary_sv,
)
from events.repository import Event
from events.timetext import clock_sv
from geodata.arrival import peak_assumption_of
from geodata.downstream import DownstreamError
from pages._shared.event_data import active_events, change_count, events_now, load_arrival_table
from settings import load_settings

#: How often the banner asks the database whether anything changed [s].
POLL_S = 5
SEEN_KEY = "_event_banner_seen"
#: Block colours (text white on both): dam failure red, everything else dark blue.
FAILURE_COLOUR = "#B00020"
OTHER_COLOUR = "#1F3A5F"


def render_event_banner(*, compact: bool = False, key: str = "event_banner") -> None:
    """Show every active event (newest first); ``compact`` for the 1280×720 meeting screen."""

    @st.fragment(run_every=timedelta(seconds=POLL_S))
    def _banner() -> None:
        settings = load_settings()
        try:
            counter = change_count(settings)
            events = active_events(settings)
            latest = change_count(settings)
            if latest != counter:
                # This run declared the scenario's own event (or someone wrote meanwhile): the rest of this
                # page run already sees it, so show it here too instead of rerunning the page a moment later
                # (which would wipe what the run just said, e.g. "ÖVNING startad").
                events, counter = active_events(settings), latest
        except SQLAlchemyError as error:
            st.warning(f"Händelserna kunde inte läsas ur databasen ({type(error).__name__}).", icon=":material/warning:")
            return
        seen = st.session_state.get(f"{SEEN_KEY}_{key}")
        st.session_state[f"{SEEN_KEY}_{key}"] = counter
        if seen is not None and seen != counter:
            st.rerun(scope="app")  # someone changed an event: the whole page follows
        for event in events:
            _render_event(event, compact, key)

    _banner()


def _block(event: Event, headline: str, lines: list[str]) -> str:
    colour = FAILURE_COLOUR if event.is_dam_failure else OTHER_COLOUR
    body = "".join(f"<div style='font-size:1.05rem;margin-top:0.2rem'>{html.escape(line)}</div>" for line in lines)
    return (
        f"<div role='alert' style='background:{colour};color:#FFFFFF;padding:0.6rem 0.9rem;border-radius:0.4rem;"
        f"margin-bottom:0.4rem'><div style='font-size:1.6rem;font-weight:800'>{html.escape(headline)}</div>{body}</div>"
    )


def _render_event(event: Event, compact: bool, key: str) -> None:
    now, _exercise = events_now()
    mark = f"{EXERCISE_MARK} · " if event.is_exercise else ""
    headline = mark + event_headline_sv(event, now)
    details = []
    if event.description and not compact:
        details.append(event.description)
    details.append(f"Älv: {event.river} · deklarerad av {event.declared_by} ({event.declared_org}), "
                   f"{clock_sv(event.declared_at, now)}")
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
    st.dataframe(clock_table_sv(lines), hide_index=True, width="stretch", key=f"{key}_{event.id}_table",
                 height=230 if compact else "auto")
    estimates = arrivals.estimate_count
    owner = arrivals.owner_import
    basis = f"Ankomsttider räknade från brottet {clock_sv(event.started_at, now)}. "
    if owner is not None:
        basis += (f"Dammägarens uppgifter importerade {clock_sv(owner.imported_at, now)} av {owner.imported_by} "
                  f"({owner.imported_org}). ")
    if estimates:
        basis += (f"Grov uppskattning för {estimates} av {len(arrivals.table)} platser: "
                  f"{arrivals.table.loc[arrivals.table['is_estimate'], 'source'].iloc[0]} ")
    if not compact:  # the meeting screen has the "(antagande)" marks in its table; its words are kept short
        basis += peak_assumption_of(arrivals.table)
    st.caption(plain_markdown(basis.strip()))


def plain_markdown(text: str) -> str:
    """``text`` with Markdown's special characters escaped, for user text in ``st.caption`` and friends."""
    return "".join(f"\\{char}" if char in _MARKDOWN_SPECIALS else char for char in text)


_MARKDOWN_SPECIALS = frozenset("\\`*_{}[]()<>#+-.!|~:$")
