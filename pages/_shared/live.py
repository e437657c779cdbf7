"""Live updates: a page reruns by itself when another session (on any server) changed what it shows.

How: one small fragment per page runs every ``settings.live_interval_s`` seconds (default 10 s), asks
the database for the change counters of the page's topics (:func:`sharing.live_updates.versions`, one
indexed read) and reruns the whole page only when a counter moved. An idle session therefore costs one
tiny query per interval; a change shows in every open session within the interval plus one page run.

Use it with one line at the end of a page::

    watch_changes(("messages",))

A page with the event banner has one poll, not two: the banner's fragment (which redraws the events'
clock-time states on the same tick) makes the check (:func:`polled_by_banner`, :func:`page_changed`),
and :func:`watch_changes` then only records what the page run has shown.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from settings import load_settings
from sharing.live_updates import versions
from sharing.store import SharedStateError

#: Session keys: (topics, counters) as this page run has shown them; whether the banner polls this run.
_SEEN = "live_updates_seen"
_BANNER_POLLS = "live_updates_banner_polls"
#: What a page with river data shows besides SMHI's figures: the owners' reports, declared events and
#: arrival times, and the exercise (scenario choice, clock).
RIVER_TOPICS: tuple[str, ...] = ("owners", "events", "arrivals", "exercise")


def _current(topics: tuple[str, ...], database_url: str) -> dict[str, int] | None:
    try:
        return versions(topics, database_url)
    except SharedStateError:
        return None  # the page itself says when the database is down; the watch simply waits


def begin_page_run() -> None:
    """Forget the previous page's watch (called by the frame before each page run)."""
    st.session_state.pop(_SEEN, None)
    st.session_state.pop(_BANNER_POLLS, None)


def remember_shown(topics: Sequence[str]) -> None:
    """Record ``topics``' counters as shown by this page run (one query); :func:`page_changed` compares with them."""
    wanted = tuple(dict.fromkeys(topics))
    st.session_state[_SEEN] = (wanted, _current(wanted, load_settings().database_url))


def polled_by_banner() -> None:
    """The event banner's fragment makes this page's change check; :func:`watch_changes` adds no poll of its own."""
    st.session_state[_BANNER_POLLS] = True


def page_changed() -> bool:
    """Whether a watched topic moved since this page run recorded it (one query); the new counters
    count as seen, so a caller that reruns the page is not told twice."""
    seen = st.session_state.get(_SEEN)
    if seen is None:
        return False
    topics, counters = seen
    now = _current(topics, load_settings().database_url)
    if now is None or now == counters:
        return False
    st.session_state[_SEEN] = (topics, now)
    return True


def watch_changes(topics: Sequence[str], *, interval_s: float | None = None) -> None:
    """Rerun this page when any of ``topics`` changes (see :mod:`sharing.live_updates` for the topics).

    ``interval_s`` defaults to ``settings.live_interval_s``. Draws nothing. Call it last: what this
    run has written itself counts as shown.
    """
    already = st.session_state.get(_SEEN)
    # The banner's topics (events, arrivals) stay watched beside the page's own.
    remember_shown((*topics, *(already[0] if already else ())))
    if st.session_state.get(_BANNER_POLLS):
        return

    @st.fragment(run_every=interval_s or load_settings().live_interval_s)
    def _poll() -> None:
        if page_changed():
            st.rerun(scope="app")

    _poll()
