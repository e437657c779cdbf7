"""Where the data on screen comes from, in words: the sidebar badge and the one-line banner on every page.

"Aktuella data från SMHI", "Sparade data från kl. 14.05 – SMHI svarar inte" or "Övningsdata"; never the
technical names of the data modes.

One rule decides what they say, on every page, whichever page is opened first:

1. exercise mode → Övningsdata;
2. else what the data loaded during *this* page run was (the loaders record it);
3. else what the last load in this app server found for the same settings, if recent — so a page
   that shows no figures of its own (Meddelanden before any draft) still says e.g. Övningsdata while
   SMHI is down and the scenario is shown elsewhere;
4. else nothing is known: a neutral badge, never "Aktuella data".

While SMHI is slow, the same :class:`DataStatus` carries the "SMHI svarar långsamt" notice: the frame takes
the run's one status once and draws the banner, the notice and the badge from it, so they cannot disagree.
Once a run has shown saved copies because SMHI is slow, it stays so until the page reruns
(:func:`remember_data_status`; the loaders show the saved copies for the rest of the run too).
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime, timezone

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from language.sv import format_when
from pages._shared.bounded import show_slow_notice
from settings import Settings, load_settings
from sources.exercise.scenarios import UnknownScenario, get_scenario_spec
from sources.models import DataOrigin

STATUS_KEY = "_data_status"
#: How long the last load's origin stands for a page that loads nothing itself [s].
KNOWN_FOR_S = 600.0
UNKNOWN_BADGE = "Inga mätdata på sidan"
#: The badge while a page runs, before its data is known: it claims nothing about where the data comes from.
PENDING_BADGE = "Hämtar …"


@dataclass(frozen=True)
class DataStatus:
    """What the user must know about the data on screen.

    origin : live, cache or exercise.
    fetched_at : when the oldest data on screen was fetched from SMHI [UTC]; None for exercise data.
    reason : Swedish text saying why the data is not live (empty when live).
    notice_sv : while SMHI is slow, the Swedish notice saying so and what is shown instead ("" otherwise).
    waiting_for : the background fetch the page waits for while SMHI is slow (it reruns when that is
        done); None when nothing is awaited.
    """

    origin: DataOrigin
    fetched_at: datetime | None = None
    reason: str = ""
    notice_sv: str = ""
    waiting_for: Hashable | None = None

    @property
    def is_waiting(self) -> bool:
        """True while the page shows saved copies (or the scenario) because SMHI is slow."""
        return self.waiting_for is not None


@st.cache_resource(show_spinner=False)
def _last_known() -> tuple[dict[Settings, tuple[float, DataStatus]], threading.Lock]:
    return {}, threading.Lock()


def begin_page_status() -> None:
    """Forget the previous run's status: each run's badge describes that run's data (rule 2)."""
    st.session_state.pop(STATUS_KEY, None)


def run_data_status() -> DataStatus | None:
    """What this page run has recorded so far (None before its first load)."""
    return st.session_state.get(STATUS_KEY)


def remember_data_status(status: DataStatus, settings: Settings | None = None) -> None:
    """Record what the page loaded, so the badge and banner show it (and later pages, rule 3).

    A run that already waits for a slow SMHI keeps that status, decided once: the saved copies it
    showed stay labelled as such even if an answer arrives later in the same run (the page reruns
    when the awaited answer has come).
    """
    recorded = run_data_status()
    if recorded is not None and recorded.is_waiting:
        return
    st.session_state[STATUS_KEY] = status
    known, lock = _last_known()
    with lock:  # other pages get the origin, not the wait (they do not rerun for this run's fetch)
        known[settings or load_settings()] = (time.monotonic(), dataclasses.replace(status, waiting_for=None))


def current_data_status(settings: Settings) -> DataStatus | None:
    """The data status by the module's rule; None when nothing is known (rule 4)."""
    recorded = run_data_status()
    if settings.is_exercise:
        status = _exercise_status(settings)
        if recorded is not None and recorded.is_waiting:
            return dataclasses.replace(status, notice_sv=recorded.notice_sv, waiting_for=recorded.waiting_for)
        return status
    if recorded is not None:
        return recorded
    known, lock = _last_known()
    with lock:
        last = known.get(settings)
    if last is not None and time.monotonic() - last[0] < KNOWN_FOR_S:
        return last[1]
    return None


def _exercise_status(settings: Settings) -> DataStatus:
    """Exercise mode's status, decided by the settings alone (rule 1)."""
    try:
        reason = f"Scenario: {get_scenario_spec(settings.scenario).title_sv}."
    except UnknownScenario:
        reason = ""
    return DataStatus(DataOrigin.EXERCISE, reason=reason)


def render_pending_status(settings: Settings, banner_slot: DeltaGenerator, badge_slot: DeltaGenerator) -> None:
    """Fill the frame's banner and badge slots for the time the page runs, before its data is known.

    A rerun empties the slots until the page has run; meanwhile the badge says "Hämtar …", which claims
    nothing (never "Aktuella data" over saved copies), and in exercise mode, which the settings alone
    decide, the ÖVNING banner and badge stay on screen throughout. The frame redraws both at the end.
    """
    if settings.is_exercise:
        status = _exercise_status(settings)
        with banner_slot.container():
            render_exercise_banner(status)
        with badge_slot.container():
            render_data_mode_badge(status)
    else:
        with badge_slot.container():
            st.info(f"**{PENDING_BADGE}**", icon=":material/hourglass_empty:")


def badge_text(status: DataStatus, now: datetime | None = None) -> str:
    """The badge's words for people, e.g. ``"Sparade data från kl. 14.05 – SMHI svarar inte"``.

    No technical words (live, cache, variable names): a crisis officer reads where the figures come from.
    """
    now = now or datetime.now(timezone.utc)
    if status.origin is DataOrigin.EXERCISE:
        return "Övningsdata – inte verkliga flöden"
    # A slow SMHI is said so also on a page that takes the status from another page's load (rule 3:
    # no wait of its own, but the notice is kept), as that status's banner says.
    why = "SMHI svarar långsamt" if status.is_waiting or status.notice_sv else "SMHI svarar inte"
    if status.origin is DataOrigin.CACHE and status.fetched_at is not None:
        return f"Sparade data från {format_when(status.fetched_at, now)} – {why}"
    if status.origin is DataOrigin.CACHE:
        return f"Sparade data – {why}"
    return "Aktuella data från SMHI"


def render_data_mode_badge(status: DataStatus | None) -> None:
    """Show the badge of ``status`` (the run's :func:`current_data_status`) in the sidebar: a colour, a
    symbol and words, never colour alone."""
    if status is None:
        st.info(f"**{UNKNOWN_BADGE}**", icon=":material/sensors_off:")
        return
    text = badge_text(status)
    if status.origin is DataOrigin.EXERCISE:
        st.error(f"**{text}**", icon=":material/warning:")
    elif status.origin is DataOrigin.CACHE:
        st.warning(f"**{text}**", icon=":material/history:")
    else:
        st.success(f"**{text}**", icon=":material/sensors:")
    if status.reason and status.origin is not DataOrigin.CACHE:
        st.caption(status.reason)


def render_exercise_banner(status: DataStatus | None, compact: bool = False) -> None:
    """One unmistakable line at the top of every page while exercise or saved data is shown, and while
    SMHI is slow its notice (the page reruns when the answer has come); ``status`` is the run's
    :func:`current_data_status`, the same object the badge is drawn from.

    The only ÖVNING marking in a page's frame (figures mark their own source); one line, so a
    1280×720 meeting window still shows the rivers. ``compact`` is kept for callers; the banner is
    one line everywhere.
    """
    if status is None:
        return
    if status.origin is DataOrigin.EXERCISE:
        st.error(f"**ÖVNING** · Allt på sidan är övningsdata, inte verkliga flöden. {status.reason}",
                 icon=":material/warning:")
    elif status.origin is DataOrigin.CACHE and not status.is_waiting:  # else the notice says it
        st.warning(f"**{status.reason or badge_text(status)}**", icon=":material/history:")
    if status.is_waiting:
        show_slow_notice(status.notice_sv, status.waiting_for)


def scenario_title_sv(settings: Settings) -> str:
    """The running exercise scenario's Swedish title (named as the source of exercise data)."""
    return get_scenario_spec(settings.scenario).title_sv


def observations_source_sv(origin: DataOrigin, settings: Settings) -> str:
    """Who the figures on screen come from, for captions: SMHI, SMHI's kept copy, or the scenario."""
    if origin is DataOrigin.EXERCISE:
        return f"ÖVNING-scenariot ”{scenario_title_sv(settings)}” (påhittade data, inte verkliga flöden)"
    if origin is DataOrigin.CACHE:
        return "SMHI Hydrologiska observationer (CC BY 4.0), sparad kopia eftersom SMHI inte kan nås"
    return "SMHI Hydrologiska observationer (CC BY 4.0)"


def archive_source_sv(origin: DataOrigin) -> str:
    """Where threshold lines come from: SMHI's corrected archive, or the scenario's made-up one."""
    if origin is DataOrigin.EXERCISE:
        return "ÖVNING-scenariots påhittade dygnsarkiv (inte SMHI:s)"
    return "SMHI:s korrigerade dygnsarkiv"
