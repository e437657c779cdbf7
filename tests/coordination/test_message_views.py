"""What the Meddelanden page shows and starts, computed without Streamlit: a draft's label, its version
table, the default approvers written with a new draft, the text of a follow-up and the facts of a draft."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from hydrology.situation import RiverSituation
from messages.approvers import default_approvers, ensure_default_approvers
from messages.drafting import draft_cancellation, draft_follow_up, draft_text
from messages.facts import EventFact, facts_to_dict
from messages.repository import draft_label_sv, version_table
from messages.situation_facts import draft_facts_for, facts_from_situation
from messages.versions import MessageText
from sources.models import DataOrigin
from tests.coordination.factories import T0, UME_ACTORS, released_press_release, ume_facts
from tests.coordination.test_situation_facts import _situation


def test_a_draft_is_named_by_number_kind_type_status_version_and_exercise(sqlite_repo):
    released = released_press_release(sqlite_repo, is_exercise=True)
    assert draft_label_sv(released) == "Nr 1 · Gemensamt pressmeddelande · Utgivet · version 1 · ÖVNING"
    update = sqlite_repo.create_follow_up(released.id, "Update", released.current.text, released.current.facts,
                                          "Anna Berg")
    assert draft_label_sv(update) == "Nr 2 · Gemensamt pressmeddelande (uppdatering) · Utkast · version 1 · ÖVNING"


def test_the_version_table_lists_every_version_in_swedish_time_with_its_hash(sqlite_repo):
    draft = released_press_release(sqlite_repo)
    expected = pd.DataFrame(
        {
            "Version": [1],
            "Sparad (svensk tid)": ["26 november 2026 kl. 14.05"],
            "Av": ["Anna Berg"],
            "Godkännanden": [3],
            "SHA-256": [draft.current.content_hash],
        }
    )
    pd.testing.assert_frame_equal(version_table(draft), expected)


def test_the_default_approvers_are_written_once_and_named_in_the_facts(sqlite_repo):
    facts = ume_facts(actors=())
    named, approvers = ensure_default_approvers(sqlite_repo, facts, "pressmeddelande")
    expected = [spec.name for spec in default_approvers(facts, kind="pressmeddelande")]
    assert [a.name for a in approvers] == expected
    assert named.actors == tuple(expected)
    assert named == ume_facts(actors=tuple(expected))
    again, _ = ensure_default_approvers(sqlite_repo, facts, "pressmeddelande")
    assert again.actors == named.actors
    assert sorted(a.name for a in sqlite_repo.list_actors()) == sorted(expected)


def test_a_cancellation_keeps_the_released_facts_and_an_update_is_drafted_from_the_new_figures(sqlite_repo):
    sqlite_repo.ensure_actors(UME_ACTORS)
    released = released_press_release(sqlite_repo)
    text, facts = draft_follow_up(released, "Cancel", None)
    assert text == draft_cancellation(released.current.text, released.released_at, "Umeälven")
    assert facts == released.current.facts

    newer = ume_facts(compiled_at_utc=T0 + timedelta(hours=3), actors=())
    text, facts = draft_follow_up(released, "Update", newer)
    same_actors = ume_facts(compiled_at_utc=T0 + timedelta(hours=3),
                            actors=tuple(a.name for a in released.required_actors))
    assert isinstance(text, MessageText)
    assert text == draft_text("pressmeddelande", same_actors)
    assert facts == facts_to_dict(same_actors)


def _live_situation() -> RiverSituation:
    return _situation(DataOrigin.LIVE)


def test_the_facts_of_a_draft_carry_the_dams_and_the_event_and_are_ovning_in_an_exercise():
    situation = _live_situation()
    dams = ume_facts().dams
    event = EventFact(kind_sv="Dammbrott", place_sv="Hällbydammen", river="Umeälven", started_at_utc=T0,
                      dam="Hällby")
    facts = draft_facts_for(situation, warnings_checked=True, now=T0, dams=dams, event=event, is_exercise=False,
                            scenario="varflod")
    plain = facts_from_situation(situation, warnings_checked_at_utc=T0, now=T0)
    assert facts.stations == plain.stations and facts.warnings == plain.warnings
    assert facts.dams == dams and facts.event == event
    assert facts.warnings_checked_at_utc == T0
    assert not facts.is_exercise and facts.scenario is None  # live figures name no scenario

    unchecked = draft_facts_for(situation, warnings_checked=False, now=T0, dams=(), event=None, is_exercise=True,
                                scenario="varflod")
    assert unchecked.warnings_checked_at_utc is None
    assert unchecked.is_exercise and unchecked.warnings_source == "ÖVNING"
    assert unchecked.scenario == "varflod"  # the exports name the scenario as the figures' source
