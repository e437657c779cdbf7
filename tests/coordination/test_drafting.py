"""Drafts pre-filled from hand-built facts, exact texts; stale-figure warnings; facts round trip."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from messages.drafting import (
    check_figures_current,
    draft_text,
    format_flow_en,
    format_time_en,
    format_time_sv,
)
from messages.facts import (
    DraftFacts,
    FactsError,
    StationFact,
    WarningFact,
    facts_from_dict,
    facts_to_dict,
)
from tests.coordination.factories import T0, ume_facts

NB = "\u00a0"  # the no-break thousands separator of hydrology.formatting


def test_press_release_swedish_body_cites_every_figure_with_time_and_source():
    text = draft_text("pressmeddelande", ume_facts())
    assert text.headline_sv == "Höga flöden i Umeälven – gemensam information från berörda aktörer"
    assert text.body_sv == (
        "Vad har hänt: Det är höga flöden i Umeälven. Vattenfall AB, Länsstyrelsen Västerbotten och Umeå kommun "
        "informerar gemensamt om läget 26 november 2026 kl. 14.05.\n"
        "\n"
        "Var: Så mycket vatten rinner förbi orterna längs älven:\n"
        # Sorsele's id (2236) is no main-stem place of the station table: a public text leaves it out.
        f"- Stornorrfors: 1{NB}150 m³/s, flödet är oförändrat (mätt 26 november 2026 kl. 14.05, källa: SMHI).\n"
        "Det gäller dem som bor eller vistas nära älven i Vindeln och Umeå.\n"
        "\n"
        "Varningar:\n"
        "- Gul varning för höga flöden: Vindeln och Umeå, tills vidare (källa: SMHI).\n"
        "\n"
        "Kraftverkens ägare släpper så här mycket vatten:\n"
        "- Stornorrfors: Enligt Vattenfall AB 26 november 2026 kl. 14.05: ökad tappning till 1 100 m³/s.\n"
        "\n"
        "Vad det betyder: Vattnet kan nå strandkanter, bryggor, vägar och källare nära älven, och strömmen är "
        "stark och kall.\n"
        "\n"
        "Nästa uppdatering: senast 26 november 2026 kl. 18.05, tidigare om läget ändras.\n"
        "Frågor från media: presstjänsten hos Vattenfall AB, Länsstyrelsen Västerbotten och Umeå kommun."
    )
    assert text.instruction_sv.startswith("Vad du ska göra: Håll avstånd till strandkanter")


def test_press_release_english_uses_english_numbers_and_words():
    text = draft_text("pressmeddelande", ume_facts())
    assert text.headline_en == (
        "High flows in the Umeälven river – joint information from the organisations concerned"
    )
    assert (
        "- Stornorrfors: 1,150 m³/s, the flow is steady "
        "(measured 26 November 2026, 14:05 Swedish time, source: SMHI)." in text.body_en
    )
    assert "This concerns people who live or stay near the river in Vindeln and Umeå." in text.body_en


def test_public_information_and_situation_report_exact_headlines():
    facts = ume_facts()
    assert draft_text("allmanheten", facts).headline_sv == "Mycket vatten i Umeälven – så här påverkas du"
    report = draft_text("lagesbild", facts)
    assert report.headline_sv == "Lägesbild höga flöden Umeälven, 26 november 2026 kl. 14.05"
    assert report.body_sv.splitlines()[:2] == [
        "Till: Älvsamordningsgruppen Umeälven, regionala rådet för krisberedskap och skydd mot olyckor, "
        "Myndigheten för civilt försvar.",
        "Från: Vattenfall AB, Länsstyrelsen Västerbotten och Umeå kommun.",
    ]
    assert "Ring 112 om liv, hälsa eller egendom är i fara." in draft_text("allmanheten", facts).instruction_sv


def test_no_warnings_is_said_only_when_warnings_were_checked():
    checked = draft_text("lagesbild", ume_facts(warnings=()))
    assert (
        "Inga varningar för höga flöden gäller (kontrollerat 26 november 2026 kl. 14.05, källa: SMHI)."
        in checked.body_sv
    )
    unknown = draft_text("lagesbild", ume_facts(warnings=(), warnings_checked_at_utc=None))
    assert "Uppgifter om SMHI:s varningar saknas just nu." in unknown.body_sv
    assert "Inga varningar" not in unknown.body_sv
    assert "3. Dammar och tappning\nInga aktuella uppgifter från kraftverkens ägare." in draft_text(
        "lagesbild", ume_facts(dams=())
    ).body_sv


def test_template_syntax_in_facts_is_printed_not_evaluated():
    facts = ume_facts(actors=("{{ 7*7 }} <script>x</script>",))
    body = draft_text("pressmeddelande", facts).body_sv
    assert "Det är höga flöden i Umeälven. {{ 7*7 }} <script>x</script> informerar gemensamt" in body


def test_times_are_swedish_local_across_the_clock_change():
    # 29 March 2026: clocks go from 02:00 CET to 03:00 CEST.
    assert format_time_sv(datetime(2026, 3, 29, 0, 30, tzinfo=UTC)) == "29 mars 2026 kl. 01.30"
    assert format_time_sv(datetime(2026, 3, 29, 1, 30, tzinfo=UTC)) == "29 mars 2026 kl. 03.30"
    assert format_time_en(datetime(2026, 6, 8, 10, 0, tzinfo=UTC)) == "8 June 2026, 12:00 Swedish time"
    assert format_flow_en(4.56) == "4.6 m³/s"
    assert format_flow_en(3260.5) == "3,261 m³/s"


def test_unknown_kind_is_a_clear_error():
    with pytest.raises(ValueError, match="no template for message kind 'tweet'"):
        draft_text("tweet", ume_facts())


def test_naive_times_are_refused():
    with pytest.raises(FactsError):
        StationFact("Sorsele", 1.0, datetime(2026, 1, 1), "SMHI")


def test_facts_round_trip_through_dict():
    facts = ume_facts()
    assert facts_from_dict(facts_to_dict(facts)) == facts
    with pytest.raises(FactsError):
        facts_from_dict({"stations": []})


def _with_station(facts: DraftFacts, name: str, **changes) -> DraftFacts:
    stations = tuple(dataclasses.replace(s, **changes) if s.name == name else s for s in facts.stations)
    return dataclasses.replace(facts, stations=stations)


def test_figures_current_when_nothing_changed_beyond_ten_percent():
    drafted = ume_facts()
    now = _with_station(drafted, "Stornorrfors", discharge_m3s=1265.0, time_utc=T0 + timedelta(hours=2))
    assert check_figures_current(drafted, now) == []


def test_figure_warnings_in_swedish():
    drafted = ume_facts()
    later = T0 + timedelta(hours=3)
    now = _with_station(drafted, "Stornorrfors", discharge_m3s=1320.0, time_utc=later)
    now = _with_station(now, "Sorsele", status_sv="i nivå med ett 50-årsflöde")
    now = dataclasses.replace(
        now,
        warnings=(WarningFact("orange", "Höga flöden", "Vännäs", later, "SMHI", warning_id="w2"),),
    )
    messages = [(w.kind, w.message_sv) for w in check_figures_current(drafted, now)]
    assert messages == [
        ("status", "Sorsele: läget i texten är ”i nivå med ett 10-årsflöde” men är nu ”i nivå med ett 50-årsflöde”."),
        (
            "flow",
            f"Stornorrfors: texten säger 1{NB}150 m³/s (26 november 2026 kl. 14.05), "
            f"nu 1{NB}320 m³/s (26 november 2026 kl. 17.05). Flödet har ökat med 15 %.",
        ),
        ("warning_added", "Ny varning från SMHI: Orange varning – Höga flöden, Vännäs. Den finns inte med i texten."),
        (
            "warning_removed",
            "Varningen Gul varning – Höga flöden, Vindeln och Umeå gäller inte längre men står kvar i texten.",
        ),
    ]


def test_missing_station_and_falling_flow():
    drafted = ume_facts()
    now = dataclasses.replace(
        drafted, stations=(dataclasses.replace(drafted.stations[1], discharge_m3s=900.0),)
    )
    messages = [w.message_sv for w in check_figures_current(drafted, now)]
    assert messages == [
        "Sorsele: stationen saknas i de aktuella uppgifterna. Kontrollera siffran i texten.",
        f"Stornorrfors: texten säger 1{NB}150 m³/s (26 november 2026 kl. 14.05), "
        "nu 900 m³/s (26 november 2026 kl. 14.05). Flödet har minskat med 22 %.",
    ]


def test_default_approvers_are_the_organisations_dam_owners_lansstyrelse_and_kommuner():
    from messages.approvers import default_approvers
    from messages.repository import ActorSpec

    # Only organisations whose signed-in people approve: no network, not even the high-flow information
    # group the text goes out in the name of (its members approve, each as itself).
    assert default_approvers(ume_facts()) == [
        ActorSpec("Vindelns kommun", "kommun", "2404"),
        ActorSpec("Umeå kommun", "kommun", "2480"),
        ActorSpec("Länsstyrelsen Västerbotten", "lansstyrelse", None),
        ActorSpec("Vattenfall AB", "dam_owner", None),
        ActorSpec("Statkraft Sverige AB", "dam_owner", None),
        ActorSpec("Uniper", "dam_owner", None),
        ActorSpec("Skellefteå Kraft AB", "dam_owner", None),
        ActorSpec("Holmen Energi AB", "dam_owner", None),
    ]


def test_a_joint_text_names_the_networks_it_is_coordinated_through():
    from messages.approvers import coordinating_networks

    got = {n.name: n.reason_sv for n in coordinating_networks(ume_facts())}
    # Vindeln and Umeå lie in one län: its regional council (joint information to media and public)
    # and its network for crisis communication at a warning; no NordSam (one län only).
    assert got == {
        "Regionala rådet för krisberedskap och skydd mot olyckor (Västerbottens län)": "Berört län: Västerbottens län",
        "Västerbottens regionala nätverk för kriskommunikation": "Gul nivå eller högre",
        # Informed, not asked: the text goes out in its name and its members approve it.
        "Samordningsgruppen för information vid höga flöden":
            "Varning eller flöde på varningsnivå; texten ges ut i gruppens namn; medlemmarna godkänner var för sig",
        "Älvsamordningsgruppen Umeälven": "Samverkansgruppen för Umeälven",
    }


def test_cancellation_text_refers_to_the_release_time():
    from messages.drafting import draft_cancellation
    from messages.versions import MessageText

    text = draft_cancellation(MessageText(headline_sv="Höga flöden", headline_en="High flows"), T0, "Umeälven")
    assert text.headline_sv == "Upphävt: Höga flöden"
    assert text.body_sv == (
        "Meddelandet om Umeälven som gavs ut 26 november 2026 kl. 14.05 är upphävt och gäller inte längre."
    )
    assert text.headline_en == "Cancelled: High flows"


def test_the_vattenregleringsforetag_owning_a_failed_regulation_dam_approves_its_joint_texts():
    """Sädvajaure's dam is Skellefteälvens Vattenregleringsföretag's, not a kraftbolag's: as the failed dam's
    owner it approves the dam-failure press release and public information, with its owner reason."""
    from messages.approvers import approver_reasons, default_approvers
    from messages.facts import EventFact

    event = EventFact(kind_sv="Dammbrott", place_sv="Sädvajauredammen", river="Skellefteälven",
                      started_at_utc=datetime(2026, 5, 9, 19, 15, tzinfo=UTC), dam="Sädvajaure")
    facts = DraftFacts(river="Skellefteälven", compiled_at_utc=datetime(2026, 5, 9, 19, 45, tzinfo=UTC),
                       is_exercise=False, event=event)
    owner = "Skellefteälvens Vattenregleringsföretag"
    for kind in ("dammbrott_press", "dammbrott_info"):
        approvers = default_approvers(facts, kind=kind)
        assert owner in [a.name for a in approvers], (kind, approvers)
        assert "Sädvajaure" in approver_reasons(facts, kind)[owner]
    # A high-flow text on another river does not ask it: it owns no dam there.
    assert owner not in [a.name for a in default_approvers(ume_facts())]
