"""The Meddelanden page's data: the drafts on the app's database, the river's current figures for a
draft, and who acts (signed in, or the name typed in local mode)."""

from __future__ import annotations

import streamlit as st

from access.person import Person
from messages.facts import DraftFacts
from messages.repository import DraftRepository
from messages.situation_facts import draft_facts_for
from pages._shared.database import database_sessions
from pages._shared.event_data import dam_failure_fact
from pages._shared.flash import flash
from pages._shared.identity import current_person
from pages._shared.loaders import data_clock, load_situations, load_warnings
from pages._shared.owner_panel import owner_dam_facts
from settings import Settings

#: Session keys of the page: the name typed in local mode, the result of the last action.
MESSAGE_USER = "msg_user"
MESSAGE_FLASH = "msg_flash"


@st.cache_resource(show_spinner=False)
def draft_repository(database_url: str) -> DraftRepository:
    """The drafts, versions and approvals on the app's database (its shared sessions)."""
    return DraftRepository(database_sessions(database_url))


def current_facts(settings: Settings, river: str) -> DraftFacts:
    """The river's current figures for drafting, from the app's shared cached loaders."""
    situation = load_situations((river,))[0]
    warnings, _reason = load_warnings()
    now = data_clock(settings, situation.origin)
    return draft_facts_for(situation, warnings_checked=warnings is not None, now=now,
                           dams=owner_dam_facts(situation, now), event=dam_failure_fact(river),
                           is_exercise=settings.is_exercise, scenario=settings.scenario)


def message_user() -> Person:
    """Who acts: signed in, or in local mode the name typed in "Ditt namn"."""
    return current_person(MESSAGE_USER)


def message_editor() -> Person | None:
    """The acting person if they may write, release and follow up messages (redaktör); else a Swedish flash."""
    person = message_user()
    if person.has_role("redaktor"):
        return person
    flash(MESSAGE_FLASH, "error", "Du behöver rollen redaktör för att skriva, spara eller ge ut meddelanden.")
    return None
