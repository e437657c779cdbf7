"""Live updates: a page reruns by itself when another session (on any server) changed what it shows.

How: a small fragment runs every ``settings.live_interval_s`` seconds (default 10 s), asks the database
for the change counters of the page's topics (:func:`sharing.live_updates.versions`, one indexed read)
and reruns the whole page only when a counter moved. An idle session therefore costs one tiny query per
interval; a change shows in every open session within the interval plus one page run.

Use it with one line at the end of a page::

    watch_changes(("messages",))
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from settings import load_settings
from sharing.live_updates import versions
from sharing.store import SharedStateError

_SEEN = "live_updates_seen"
#: What a page with river data shows besides SMHI's figures: the owners' reports, declared events and
#: arrival times, and the exercise (scenario choice, clock).
RIVER_TOPICS: tuple[str, ...] = ("owners", "events", "arrivals", "exercise")


def _current(topics: tuple[str, ...], database_url: str) -> dict[str, int] | None:
    try:
        return versions(topics, database_url)
    except SharedStateError:
        return None  # the page itself says when the database is down; the watch simply waits


def watch_changes(topics: Sequence[str], *, interval_s: float | None = None) -> None:
    """Rerun this page when any of ``topics`` changes (see :mod:`sharing.live_updates` for the topics).

    ``interval_s`` defaults to ``settings.live_interval_s``. Draws nothing.
    """
    settings = load_settings()
    wanted = tuple(topics)
    key = (_SEEN, wanted)
    # What this run of the page has shown: the counters now (writes made earlier in this run included).
    st.session_state[key] = _current(wanted, settings.database_url)

    @st.fragment(run_every=interval_s or settings.live_interval_s)
    def _poll() -> None:
        now = _current(wanted, settings.database_url)
        if now is None or now == st.session_state.get(key):
            return
        st.session_state[key] = now
        st.rerun(scope="app")

    _poll()
