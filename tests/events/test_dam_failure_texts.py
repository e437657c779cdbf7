"""Dam-failure texts (VMA request, press release sv/en, public information) from the event and arrival table."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from events.arrivals import read_reach
from events.briefing import event_fact
from events.repository import Event
from geodata.arrival import estimate_arrivals
from messages.drafting import draft_text
from messages.facts import DraftFacts, facts_from_dict, facts_to_dict

FAILED = datetime(2026, 5, 9, 19, 15, tzinfo=UTC)  # 21.15 in Sweden
EVENT = Event(id=1, kind="dammbrott", river="Ångermanälven", dam="Hällby", place_sv="Hällbydammen", description="",
              started_at=FAILED, ended_at=None, is_exercise=True, scenario=None, declared_by="Anna",
              declared_org="Lst", declared_at=FAILED, version=1)


@pytest.fixture(scope="module")
def facts() -> DraftFacts:
    return DraftFacts(river="Ångermanälven", compiled_at_utc=FAILED, actors=("Uniper", "Sollefteå kommun"),
                      is_exercise=True, event=event_fact(EVENT, estimate_arrivals(read_reach("Hällby"))))


def test_vma_request_says_what_where_what_to_do_and_where_to_find_information(facts):
    text = draft_text("vma", facts)
    assert text.headline_sv == "ÖVNING – Begäran om VMA till SOS Alarm: dammbrott vid Hällbydammen"
    # The räddningsledare of the kommun the dam lies in asks (Hällbydammen: Sollefteå's räddningstjänst).
    assert text.body_sv.startswith("Räddningsledaren vid Räddningstjänsten Höga Kusten-Ådalen begär att SOS Alarm "
                                   "sänder följande viktiga meddelande till allmänheten (VMA).\n\nViktigt meddelande till allmänheten i Sollefteå, Kramfors "
                                   "och Härnösand kommuner.")
    assert "Vad har hänt: Hällbydammen i Ångermanälven har brustit (9 maj 2026 kl. 21.15)." in text.body_sv
    nyland = next(line for line in text.body_sv.splitlines() if line.startswith("- Nyland"))
    assert nyland.startswith("- Nyland (ort, Kramfors): vattnet väntas 10 maj kl. 04.56–12.51")
    assert nyland.endswith("– grov uppskattning.")
    assert "gå till högre mark" in text.instruction_sv and "Krisinformation.se" in text.instruction_sv
    assert text.headline_en.startswith("EXERCISE – Request to SOS Alarm for an Important Public Announcement")
    assert text.body_en.startswith("The incident commander of Räddningstjänsten Höga Kusten-Ådalen asks SOS Alarm")


def test_press_release_in_swedish_and_wholly_english(facts):
    text = draft_text("dammbrott_press", facts)
    assert text.headline_sv == "ÖVNING – Dammbrott vid Hällbydammen – flodvåg i Ångermanälven"
    assert "Uniper och Sollefteå kommun informerar gemensamt" in text.body_sv
    assert text.headline_en == "EXERCISE – Dam failure at Hällbydammen – flood wave on the Ångermanälven river"
    english = text.headline_en + text.body_en + text.instruction_en
    for swedish in ("väntas", "grov uppskattning", "kl.", "ort,", "kommungräns", "brustit"):
        assert swedish not in english, swedish
    assert "- Nyland (Kramfors municipality): water expected 10 May, 04:56–12:51" in text.body_en


def test_public_information_and_facts_survive_storage(facts):
    text = draft_text("dammbrott_info", facts)
    assert text.headline_sv == "ÖVNING – Flodvåg i Ångermanälven efter dammbrott – gå till högre mark"
    assert facts_from_dict(facts_to_dict(facts)) == facts


def test_facts_stored_before_the_peak_basis_was_kept_still_load(facts):
    """Drafts saved earlier have no source, peak_assumed or kommuner in their event: they load with defaults."""
    stored = facts_to_dict(facts)
    for arrival in stored["event"]["arrivals"]:
        del arrival["source"], arrival["peak_assumed"]
    del stored["event"]["kommuner"]
    event = facts_from_dict(stored).event
    assert event.kommuner == () and {(a.source, a.peak_assumed) for a in event.arrivals} == {("", False)}


def test_the_event_names_the_kommuner_from_the_dam_to_the_sea_with_their_codes(facts):
    assert [(k.name, k.code) for k in facts.event.kommuner] == [
        ("Sollefteå", "2283"), ("Kramfors", "2282"), ("Härnösand", "2280")]
    assert all(a.peak_assumed and a.source.startswith("Avstånd längs älven") for a in facts.event.arrivals)
