"""Händelser: declare what the group is dealing with (dam failure, high flows …), change or end it, see its
history, and import the dam owners' arrival times — all shared at once with every session."""

from __future__ import annotations

import streamlit as st

from pages._shared.frame import ensure_frame

ensure_frame()

from pages._shared.event_banner import render_event_banner  # noqa: E402
from pages._shared.event_data import event_stores  # noqa: E402
from pages._shared.event_forms import (  # noqa: E402
    FLASH,
    render_arrival_import,
    render_author_fields,
    render_declare_form,
    render_event_list,
)
from pages._shared.flash import show_flash  # noqa: E402
from pages._shared.identity import current_person, require_role  # noqa: E402
from pages._shared.live import watch_changes  # noqa: E402
from settings import load_settings  # noqa: E402

render_event_banner(key="handelser_events")
st.title("Händelser")
st.caption("Vad gruppen hanterar just nu. En deklarerad händelse syns direkt på alla sidor och för alla.")
show_flash(FLASH)
store = event_stores(load_settings().database_url)[0]
author = render_author_fields()
listing, declaring, arrivals = st.tabs(["Händelser", "Deklarera", "Ankomsttider"], key="handelser_flik",
                                     on_change="rerun", bind="query-params")
with listing:
    render_event_list(store, author, can_change=current_person().has_role("redaktor"))
with declaring:
    if require_role("redaktor"):
        render_declare_form(store, author)
with arrivals:
    if require_role("redaktor"):
        render_arrival_import(author)
watch_changes(("events", "arrivals"))  # declared, changed or ended by other sessions
