"""The ways owner reports come in, as page pieces: the form, the file import, the feed status.

The person entering is the signed-in person, or in local mode a typed name and organisation
(:func:`current_reporter`); the store checks their role and records them as ``entered_by`` and, unless a
file names its own reporter, as the reporter.
"""

from __future__ import annotations

from datetime import datetime, time
from functools import partial

import streamlit as st

from access.person import NotAllowedError, Person, local_person
from coordination.errors import StorageUnavailableError
from owner_reports.model import Channel, OwnerReportError
from owner_reports.parsing import parse_report_file, parse_report_form, with_reporter_default
from owner_reports.plants import read_plants
from owner_reports.store import FeedStatus, OwnerReportStore
from pages._shared.flash import flash
from pages._shared.identity import current_person, identity_provider_configured
from pages._shared.owner_panel import owner_clock, poll_owner_feeds_now
from pages._shared.plain import plain_md, plain_message
from pages._shared.timefmt import DATE_INPUT_FORMAT, STOCKHOLM, format_age_sv, format_local_time
from settings import Settings

FLASH = "owner_flash"


def current_reporter() -> Person:
    """Who is entering reports: the signed-in person when an identity provider is configured, else the
    typed name and organisation (local mode)."""
    if identity_provider_configured():
        return current_person()
    return local_person(st.session_state.get("owner_name", ""), st.session_state.get("owner_org", ""))


def render_reporter_fields() -> None:
    """Name and organisation of the person entering reports (typed in local mode only)."""
    if identity_provider_configured():
        return
    left, right = st.columns(2)
    left.text_input("Ditt namn", key="owner_name", placeholder="t.ex. Anna Berg")
    right.text_input("Organisation", key="owner_org", placeholder="t.ex. Vattenfall AB")


#: What the last action did, stored or why not (with each problem of a refused file), shown after its rerun
#: (``show_flash(FLASH)``).
_flash = partial(flash, FLASH)


def _plant_label(name: str) -> str:
    plant = next(p for p in read_plants() if p.name == name)
    return f"{plant.name} ({plant.river}, {plant.owners_sv})"


def render_report_form(store: OwnerReportStore, settings: Settings) -> None:
    """The report form: plant, time, discharge (total, turbines, spillway), level with the plant's
    dämningsgräns and sänkningsgräns, plan, comment."""
    now = owner_clock(settings)
    local_now = now.astimezone(STOCKHOLM)
    with st.form("owner-report-form", clear_on_submit=False):
        plant = st.selectbox("Kraftverk", [p.name for p in read_plants()], format_func=_plant_label, key="of_plant")
        day_col, time_col = st.columns(2)
        day = day_col.date_input("Datum (svensk tid)", value=local_now.date(), key="of_date", format=DATE_INPUT_FORMAT)
        clock = time_col.time_input("Klockslag", value=time(local_now.hour, local_now.minute), key="of_time", step=300)
        total_col, turbine_col, spill_col = st.columns(3)
        total = total_col.number_input("Tappning totalt [m³/s]", min_value=0.0, value=None, step=10.0, key="of_total")
        turbine = turbine_col.number_input("varav turbiner [m³/s]", min_value=0.0, value=None, step=10.0, key="of_turbine")
        spillway = spill_col.number_input("varav utskov [m³/s]", min_value=0.0, value=None, step=10.0, key="of_spill")
        level_col, upper_col, lower_col = st.columns(3)
        level = level_col.number_input("Vattenyta uppströms [m ö.h.]", value=None, step=0.01, format="%.2f",
                                       key="of_level")
        upper = upper_col.number_input("Dämningsgräns [m ö.h.]", value=None, step=0.01, format="%.2f", key="of_dg",
                                       help="Högsta tillåtna vattenyta enligt vattendomen.")
        lower = lower_col.number_input("Sänkningsgräns [m ö.h.]", value=None, step=0.01, format="%.2f", key="of_sg",
                                       help="Lägsta tillåtna vattenyta enligt vattendomen.")
        planned = st.text_area(
            "Planerad tappning framåt (en rad per tidpunkt: tid; m³/s)",
            placeholder="2026-05-12 18:00; 1 500\n2026-05-13 06:00; 1 700",
            key="of_planned",
        )
        comment = st.text_area("Kommentar", key="of_comment", max_chars=2000)
        submitted = st.form_submit_button("Spara rapport", type="primary")
    if not submitted:
        return
    try:
        draft = parse_report_form(plant, day, clock, total, turbine_m3s=turbine, spillway_m3s=spillway,
                                  upstream_level_m=level, planned_text=planned or "", comment=comment or "",
                                  damningsgrans_m=upper, sankningsgrans_m=lower)
        result = store.write_report(draft, reporter=current_reporter(), is_exercise=settings.is_exercise, clock=now)
    except OwnerReportError as exc:
        _flash("error", f"Rapporten sparades inte: {plain_message(exc.message_sv)}", exc.problems if len(exc.problems) > 1 else ())
    except (NotAllowedError, StorageUnavailableError) as exc:  # no redaktör role; the database read-only, full or busy
        _flash("error", f"Rapporten sparades inte: {exc.message_sv}")
    except ValueError as exc:  # a time the form cannot express in Swedish time (clock change)
        _flash("error", f"Rapporten sparades inte: rapporttiden {plain_message(str(exc))}.")
    else:
        if result.stored:
            report = result.stored[0]
            _flash("success", f"Rapporten för {report.plant} sparades ({format_local_time(report.reported_at, now)}).")
        else:
            _flash("success", "Samma rapport fanns redan sparad; inget nytt sparades.")
    st.rerun()


def render_file_import(store: OwnerReportStore, settings: Settings) -> None:
    """Upload a CSV or JSON file in the documented format; all reports stored, or none."""
    upload = st.file_uploader(
        "Fil med rapporter (CSV eller JSON, se formatet i README)", type=["csv", "json", "txt"], key="owner_file"
    )
    if st.button("Läs in filen", disabled=upload is None, key="owner_file_import") and upload is not None:
        now = owner_clock(settings)
        reporter = current_reporter()
        try:
            parsed = parse_report_file(upload.getvalue(), upload.name, now=now)
            drafts = [with_reporter_default(d, reporter.organisation or "") for d in parsed.drafts]
            result = store.write_reports(
                drafts, reporter=reporter, channel=Channel.FILE, source=upload.name,
                is_exercise=settings.is_exercise, clock=now,
            )
        except OwnerReportError as exc:
            _flash("error", plain_message(exc.message_sv), exc.problems if exc.problems != (exc.message_sv,) else ())
        except (NotAllowedError, StorageUnavailableError) as exc:  # no redaktör role; the database unavailable
            _flash("error", f"Filen lästes inte in: {exc.message_sv}")
        else:
            stored = len(result.stored)
            again = f" {result.already_stored} fanns redan." if result.already_stored else ""
            _flash(
                "success",
                f"{plain_md(upload.name)}: {stored} {'rapport' if stored == 1 else 'rapporter'} sparade "
                f"(teckenkodning {parsed.encoding}, {parsed.file_format}).{again}",
            )
        st.rerun()


def render_feed_status(statuses: dict[str, FeedStatus], settings: Settings, now: datetime) -> None:
    """Each configured feed: when last checked, when its content was fetched (age), outcome."""
    if not settings.owner_feeds:
        # No variable names on screen: the operator finds ALVLAGET_OWNER_FEEDS in the README.
        st.caption("Inga rapportflöden är inställda. Den som driver Älvläget lägger in dammägarnas filadresser.")
        return
    rows = []
    for organisation, url in settings.owner_feeds:
        status = statuses.get(url)
        if status is None:
            rows.append({"Organisation": organisation, "Adress": url, "Kontrollerad": "–", "Hämtad": "–",
                         "Läge": "inte hämtad ännu"})
            continue
        fetched = (
            f"{format_local_time(status.fetched_at, now)} ({format_age_sv(now - status.fetched_at)} sedan)"
            if status.fetched_at else "–"
        )
        rows.append({
            "Organisation": organisation, "Adress": url,
            "Kontrollerad": format_local_time(status.checked_at, now), "Hämtad": fetched,
            "Läge": ("OK: " if status.ok else "FEL: ") + status.message_sv,
        })
    st.dataframe(rows, hide_index=True, width="stretch", key="owner_feeds")
    if st.button("Hämta nu", key="owner_poll_now"):
        poll_owner_feeds_now(settings)
        st.rerun()
