"""The Händelser page's parts: who you are, declare an event, change or end one, its history, import owner data.

Who did something is the signed-in person, or in local mode a name and organisation typed here; it is
passed to the domain as an :class:`access.person.Person`, and the store checks the role itself. Everything typed is shown back as plain text. Times are
entered in Swedish time (Europe/Stockholm) and stored in UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import partial

import pandas as pd
import streamlit as st

from access.person import NotAllowedError, Person, local_person
from coordination.errors import CoordinationError, StorageUnavailableError
from directory.rescue_command import (
    KOMMUNAL_SV,
    RESCUE_LEAD_LABEL_SV,
    TAKEN_OVER_SV,
    rescue_lead_sv,
    takeover_lansstyrelser,
)
from events.repository import DAM_KINDS, EVENT_KINDS_SV, Event, EventError, EventStore
from events.scenario import known_dams
from events.timetext import STOCKHOLM, clock_sv
from geodata import RIVER_SYSTEMS
from geodata.arrival import IMPORT_EXAMPLE_HEADER, PEAK_LAG_H, ArrivalImportError
from messages.repository import DraftRepository
from messages.rescue_lead import follow_rescue_lead, followed_drafts_sv
from pages._shared.database import database_sessions
from pages._shared.event_data import event_stores, events_now
from pages._shared.flash import flash
from pages._shared.identity import current_person, identity_provider_configured
from pages._shared.plain import plain_md, plain_message
from pages._shared.timefmt import DATE_INPUT_FORMAT
from pages._shared.uploader import swedish_file_uploader
from settings import load_settings

FLASH = "handelser_flash"
NO_DAM = "(ingen särskild damm)"


#: What a write can be refused with: bad input, a missing role (checked by the store), the database
#: read-only, full or busy. Each carries ``message_sv``.
REFUSED = (EventError, NotAllowedError, StorageUnavailableError)

#: The result of the last action, shown after its rerun (``show_flash(FLASH)``).
_flash = partial(flash, FLASH)


def render_author_fields() -> Person:
    """Name and organisation of the person acting: from sign-in when an identity provider is configured,
    typed in local mode (kept for the session)."""
    if identity_provider_configured():
        return current_person()
    left, right = st.columns(2)
    name = left.text_input("Ditt namn", key="handelser_name", max_chars=200)
    organisation = right.text_input("Organisation", key="handelser_org", max_chars=200,
                                    placeholder="t.ex. Länsstyrelsen Västernorrland")
    return local_person(name, organisation)


def _to_utc(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=STOCKHOLM).astimezone(UTC)


def _time_inputs(label: str, default: datetime, key: str) -> datetime:
    local = default.astimezone(STOCKHOLM)
    left, right = st.columns(2)
    day = left.date_input(f"{label} (datum)", value=local.date(), key=f"{key}_date", format=DATE_INPUT_FORMAT)
    clock = right.time_input(f"{label} (svensk tid)", value=local.time().replace(second=0, microsecond=0),
                             key=f"{key}_time", step=300)
    return _to_utc(day, clock)


def render_declare_form(store: EventStore, author: Person) -> None:
    """Declare a new event: kind, river, dam or stretch, start, description."""
    now, exercise = events_now()
    st.subheader("Deklarera en händelse")
    if exercise:
        st.caption("ÖVNING: händelser som deklareras nu gäller övningen och visas aldrig i skarpt läge.")
    left, middle = st.columns(2)
    kind = left.selectbox("Typ av händelse", list(EVENT_KINDS_SV), format_func=EVENT_KINDS_SV.get,
                          key="handelser_kind")
    river = middle.selectbox("Älv", RIVER_SYSTEMS, key="handelser_river")
    dams = [name for name, system in known_dams().items() if system == river]
    # The rest is a form (type and river above it decide which dams it offers): filling it in does not
    # rerun the page field by field, only "Deklarera händelsen" does. Enter does not declare.
    with st.form("handelser_declare_form", border=False, enter_to_submit=False):
        dam = st.selectbox("Damm", ([] if kind in DAM_KINDS else [NO_DAM]) + dams, key="handelser_dam")
        dam = None if dam == NO_DAM else dam
        place = st.text_input("Damm eller sträcka som den heter i dagligt tal",
                              placeholder="t.ex. Hällbydammen eller Ångermanälven nedströms Sollefteå",
                              key="handelser_place", max_chars=200)
        started = _time_inputs("Började", now, "handelser_start")
        description = st.text_area("Kort beskrivning", key="handelser_description", max_chars=2000)
        declared = st.form_submit_button("Deklarera händelsen", type="primary", key="handelser_declare")
    if declared:
        try:
            event = store.declare(kind=kind, river=river, dam=dam, place_sv=place or (dam or ""),
                                  started_at=started, author=author, now=datetime.now(UTC),
                                  description=description, is_exercise=exercise)
        except REFUSED as error:
            _flash("error", plain_message(error.message_sv))
        else:
            _flash("success", f"Händelsen ”{plain_md(event.title_sv)}” är deklarerad och syns nu för alla.")
        st.rerun()


def _state_sv(event: Event, now: datetime) -> str:
    if event.ended_at is not None and event.ended_at <= now:
        return f"avslutad {clock_sv(event.ended_at, now)}"
    if event.started_at > now:
        return f"börjar {clock_sv(event.started_at, now)}"
    return f"pågår sedan {clock_sv(event.started_at, now)}"


def render_event_list(store: EventStore, author: Person, *, can_change: bool = True) -> None:
    """Every event of this mode, newest first: details, history, and (``can_change``) change and end."""
    now, exercise = events_now()
    events = store.list_events(is_exercise=exercise)
    st.subheader("Händelser")
    if not events:
        st.info("Inga händelser är deklarerade.")
        return
    for event in events:
        mark = "ÖVNING · " if event.is_exercise else ""
        with st.expander(f"{mark}{plain_md(event.title_sv)} – {_state_sv(event, now)}",
                         expanded=event.is_active_at(now)):
            st.text(f"Älv: {event.river}" + (f" · damm: {event.dam}" if event.dam else ""))
            st.text(event.rescue_lead_sv)
            if event.description:
                st.text(event.description)
            history = store.history(event.id)
            st.dataframe(pd.DataFrame({
                "Tid": [clock_sv(h.changed_at, now) for h in history],
                "Vad": [h.action_sv for h in history],
                "Vem": [f"{h.changed_by} ({h.changed_org})" for h in history],
                "Beskrivning": [h.state["description"] for h in history],
                "Räddningsledning": [h.state.get("rescue_taken_over_by") or KOMMUNAL_SV for h in history],
            }), hide_index=True, width="stretch", key=f"handelser_history_{event.id}")
            if event.ended_at is None and can_change:
                _render_change(store, event, author, now)
                _render_rescue_lead(store, event, author)


def _render_change(store: EventStore, event: Event, author: Person, now: datetime) -> None:
    key = f"handelser_{event.id}_v{event.version}"
    # Forms: typing a description or an end time does not rerun the page; saving or ending does.
    with st.form(f"{key}_change_form", border=False, enter_to_submit=False):
        description = st.text_area("Ny beskrivning", value=event.description, key=f"{key}_description",
                                   max_chars=2000)
        save = st.form_submit_button("Spara ändringen", key=f"{key}_save")
    if save:
        try:
            store.change(event.id, author=author, now=datetime.now(UTC), expected_version=event.version,
                         description=description)
        except REFUSED as error:
            _flash("error", plain_message(error.message_sv))
        else:
            _flash("success", f"Ändringen av ”{plain_md(event.title_sv)}” är sparad.")
        st.rerun()
    with st.form(f"{key}_end_form", border=False, enter_to_submit=False):
        ended = _time_inputs("Slutade", now, f"{key}_end")
        end = st.form_submit_button("Avsluta händelsen", key=f"{key}_end_button")
    if end:
        try:
            store.end(event.id, ended_at=ended, author=author, now=datetime.now(UTC), expected_version=event.version)
        except REFUSED as error:
            _flash("error", plain_message(error.message_sv))
        else:
            _flash("success", f"Händelsen ”{plain_md(event.title_sv)}” är avslutad.")
        st.rerun()


def _render_rescue_lead(store: EventStore, event: Event, author: Person) -> None:
    """Who leads the rescue effort: the kommun's räddningstjänst, or a länsstyrelse that has taken it over."""
    key = f"handelser_{event.id}_v{event.version}_rescue"
    # "" is the kommunal lead (a selectbox option of None would read as "nothing chosen").
    current = event.rescue_taken_over_by or ""
    choices = list(dict.fromkeys(["", *takeover_lansstyrelser(event.river, event.dam), current]))
    labels = {org: (f"{TAKEN_OVER_SV.capitalize()} ({org})" if org else KOMMUNAL_SV.capitalize()) for org in choices}
    chosen = st.selectbox(RESCUE_LEAD_LABEL_SV, choices, index=choices.index(current),
                          format_func=labels.get, key=key,
                          help="Kommunen leder räddningsinsatsen. Vid en mycket omfattande insats kan länsstyrelsen ta "
                               "över ansvaret för räddningstjänsten (lagen om skydd mot olyckor 4 kap. 10 §); sedan 2022 "
                               "är det den civilområdesansvariga länsstyrelsen. Då begär länsstyrelsens räddningsledare VMA.")
    if st.button("Spara räddningsledningen", key=f"{key}_save"):
        try:
            changed = store.set_rescue_lead(event.id, taken_over_by=chosen or None, author=author,
                                            now=datetime.now(UTC), expected_version=event.version)
        except REFUSED as error:
            _flash("error", plain_message(error.message_sv))
        else:
            _flash("success", f"{rescue_lead_sv(event.dam, chosen or None)}. Sparat för ”{plain_md(event.title_sv)}”."
                   + _follow_message_drafts(changed, author))
        st.rerun()


def _follow_message_drafts(event: Event, author: Person) -> str:
    """The event's unapproved dam-failure drafts follow its new rescue lead (a new version each, by ``author``);
    what happened, in Swedish, to add to the page's message."""
    try:
        followed = follow_rescue_lead(
            DraftRepository(database_sessions(load_settings().database_url)), river=event.river, dam=event.dam,
            started_at=event.started_at, is_exercise=event.is_exercise, taken_over_by=event.rescue_taken_over_by,
            by=author, now=datetime.now(UTC))
    except CoordinationError as error:
        return f" Utkasten på Meddelanden kunde inte följa med: {plain_message(error.message_sv)}"
    return followed_drafts_sv(followed)


def render_arrival_import(author: Person) -> None:
    """Import an owner's dam-failure arrival file for the whole group; list earlier imports."""
    arrivals = event_stores(load_settings().database_url)[1]
    now, _exercise = events_now()
    st.subheader("Dammägarens ankomsttider")
    st.caption(
        "Ur dammbrottsutredningen eller flodvågsberäkningen: en rad per damm och plats. Första raden: "
        f"{IMPORT_EXAMPLE_HEADER}. Typ är ort, damm eller kommungräns; timmar räknas från brottet "
        "(10 eller 10–12). Ta med tiden till toppen (topp_h) om utredningen har den: annars räknar Älvläget med "
        f"att toppen kommer {PEAK_LAG_H[0]:g}–{PEAK_LAG_H[1]:g} timmar efter fronten, och det står som ett antagande. "
        "Uppgifterna gäller sedan för alla i gruppen före uppskattningen."
    )
    upload = swedish_file_uploader("Fil med ankomsttider (CSV)", types=["csv"], key="handelser_upload")
    if upload is not None and st.button("Importera filen", key="handelser_import"):
        try:
            record = arrivals.import_owner_file(upload.getvalue(), filename=upload.name, author=author,
                                               now=datetime.now(UTC))
        except REFUSED as error:
            _flash("error", plain_message(error.message_sv))
        except ArrivalImportError as error:
            st.error(f"Filen {upload.name} importerades inte. Inget från den är sparat.", icon=":material/error:")
            for problem in error.problems:
                st.text(f"• {problem}")
            return
        else:
            rows = "1 rad" if record.rows == 1 else f"{record.rows} rader"
            _flash("success", f"{rows} för {', '.join(record.dams)} {'importerad' if record.rows == 1 else 'importerade'} "
                              f"(teckenkodning {record.encoding}).")
        st.rerun()
    imports = arrivals.list_imports()
    if imports:
        st.dataframe(pd.DataFrame({
            "Importerad": [clock_sv(i.imported_at, now) for i in imports],
            "Av": [f"{i.imported_by} ({i.imported_org})" for i in imports],
            "Fil": [i.filename for i in imports],
            "Dammar": ["; ".join(i.dams) for i in imports],
            "Rader": [i.rows for i in imports],
        }), hide_index=True, width="stretch", key="handelser_imports")
