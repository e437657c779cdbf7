"""Ägarrapporter: the dam owners' reports — newest per plant, the form, file import, feeds, history."""

from __future__ import annotations

import streamlit as st

from pages._shared.frame import ensure_frame, selected_rivers

ensure_frame()

from pages._shared.flash import show_flash  # noqa: E402
from pages._shared.identity import require_role  # noqa: E402
from pages._shared.live import watch_changes  # noqa: E402
from pages._shared.loaders import load_situations  # noqa: E402
from pages._shared.owner_intake import (  # noqa: E402
    FLASH,
    render_feed_status,
    render_file_import,
    render_report_form,
    render_reporter_fields,
)
from pages._shared.owner_panel import (  # noqa: E402
    load_latest_reports,
    owner_clock,
    owner_store,
    render_latest_table,
    render_report_history,
    warning_rivers,
)
from settings import load_settings  # noqa: E402

st.title("Ägarrapporter")
st.caption(
    "Dammägarnas egna uppgifter om tappning (totalt, genom turbiner och utskov), vattenyta och planerad "
    "tappning per kraftverk. Varje rapport sparas; den senaste gäller. Tider i svensk tid."
)
settings = load_settings()
store = owner_store(settings)
rivers = selected_rivers()
show_flash(FLASH)

latest = load_latest_reports(rivers)
now = owner_clock(settings)
warned = warning_rivers(load_situations(rivers))
stale_hours = f"{settings.owner_stale_warning_hours:g} timmar vid varning, annars {settings.owner_stale_hours:g} timmar"

st.subheader("Senaste rapport per kraftverk")
st.caption(f"INAKTUELL: rapporten är äldre än {stale_hours}.")
render_latest_table(latest, now, warned, key="owner_latest")

report_tab, file_tab, feed_tab, history_tab = st.tabs(
    ["Rapportera", "Läs in fil", "Automatisk hämtning", "Historik"], key="agar_flik", on_change="rerun"
)
with report_tab:
    if require_role("redaktor"):
        render_reporter_fields()
        render_report_form(store, settings)
with file_tab:
    if require_role("redaktor"):
        st.caption("Namn och organisation anges under fliken Rapportera och gäller också filer.")
        render_file_import(store, settings)
with feed_tab:
    render_feed_status(store.read_feed_statuses(is_exercise=settings.is_exercise), settings, now)
with history_tab:
    render_report_history(store, settings, rivers, now, warned)
watch_changes(("owners", "exercise"))  # reports stored by other sessions, feeds, the exercise
