"""Texts for the public in klarspråk: every template renders; English texts are wholly English; texts for the
public carry no hydrologists' jargon (MQ, MHQ, HQ) and no percentages; figures only from main-stem places."""

from __future__ import annotations

import re

import pytest

from messages.drafting import TEMPLATE_DIR, draft_text
from messages.facts import StationFact, WarningFact
from messages.plain_language import (
    area_en,
    plain_comparison,
    plain_status_en,
    plain_status_sv,
    public_phrase,
    public_stations,
    return_period_note,
    trend_word_sv,
)
from tests.coordination.factories import T0, ume_facts

NB = "\u00a0"
KINDS = sorted({path.name.split(".")[0] for path in TEMPLATE_DIR.glob("*.j2") if not path.name.startswith("_")})
PUBLIC_KINDS = ("pressmeddelande", "allmanheten")
#: Swedish words that must never appear in an English text (place and organisation names may).
SWEDISH_WORDS = re.compile(
    r"\b(ÖVNING|källa|vid|och|uppmätt|mätt|gäller|tills vidare|varning|flöden|ökad|tappning|kl\.|"
    r"stigande|sjunkande|oförändrat|enligt|nivå|vanligt|vårflöde|gånger|årsflöde|genomsnitt)\b", re.IGNORECASE,
)
JARGON = re.compile(r"\b(MQ|MHQ|MLQ|HQ\d*)\b")


def exercise_facts():
    """Facts as an exercise gives them: a headwater gauge, two main-stem places, an ÖVNING warning."""
    return ume_facts(
        stations=(
            StationFact("Gautsträsk", 139.0, T0, "ÖVNING", "över medelhögvattenföringen (MHQ)",
                        "above the mean annual high flow (MHQ)", "stigande 5 952 % per dygn", "rising", "1630"),
            StationFact("Sorsele", 812.3, T0, "ÖVNING", "i nivå med ett 10-årsflöde", "at the level of a 10-year flow",
                        "stigande 12 % per dygn", "rising", "2238", mq_m3s=120.0, mhq_m3s=280.0),
            StationFact("Stornorrfors", 1450.0, T0, "ÖVNING", "över medelhögvattenföringen (MHQ)",
                        "above the mean annual high flow (MHQ)", "oförändrat", "steady", "1734", mq_m3s=430.0,
                        mhq_m3s=700.0),
        ),
        warnings=(WarningFact("yellow", "Höga flöden", "ÖVNING: Umeälven vid Stornorrfors", T0, "ÖVNING", "", None,
                              "w1"),),
    )  # fmt: skip


@pytest.mark.parametrize("facts", [ume_facts(), exercise_facts()], ids=["live", "exercise"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_template_renders_and_english_is_wholly_english(kind, facts):
    text = draft_text(kind, facts)
    for field in ("headline_sv", "body_sv", "instruction_sv", "headline_en", "body_en", "instruction_en"):
        assert getattr(text, field).strip(), f"{kind}.{field} is empty"
    english = "\n".join((text.headline_en, text.body_en, text.instruction_en))
    assert SWEDISH_WORDS.findall(english) == [], english


@pytest.mark.parametrize("facts", [ume_facts(), exercise_facts()], ids=["live", "exercise"])
@pytest.mark.parametrize("kind", PUBLIC_KINDS)
def test_texts_for_the_public_have_no_jargon_or_percentages(kind, facts):
    text = draft_text(kind, facts)
    for field in ("headline_sv", "body_sv", "instruction_sv", "headline_en", "body_en", "instruction_en"):
        value = getattr(text, field)
        assert JARGON.findall(value) == [], f"{kind}.{field}: {value}"
        assert "%" not in value, f"{kind}.{field}: {value}"


def test_press_release_in_the_authorities_order_with_plain_figures():
    text = draft_text("pressmeddelande", exercise_facts())
    body = text.body_sv
    order = ["Vad har hänt:", "Var:", "Varningar:", "Vad det betyder:", "Nästa uppdatering:", "Frågor från media:"]
    assert [body.index(head) for head in order] == sorted(body.index(head) for head in order)
    assert text.instruction_sv.startswith("Vad du ska göra:")
    assert (
        f"- Stornorrfors: 1{NB}450 m³/s, flödet är oförändrat – ungefär dubbelt så mycket vatten som ett vanligt "
        "vårflöde (mätt 26 november 2026 kl. 14.05, källa: ÖVNING).\n"
        "- Sorsele: 812 m³/s, flödet stiger – ett 10-årsflöde, ungefär tre gånger så mycket vatten som ett vanligt "
        "vårflöde (mätt 26 november 2026 kl. 14.05, källa: ÖVNING).\n"
        "Ett 10-årsflöde är så mycket vatten som det i genomsnitt blir en gång på 10 år – det kan ändå komma flera "
        "år i rad.\n"
    ) in body
    assert body.count("i genomsnitt") == 1  # the return period explained once
    assert "Gautsträsk" not in body  # a headwater gauge is no place people know
    assert "Nästa uppdatering: senast 26 november 2026 kl. 18.05, tidigare om läget ändras." in body
    english = text.body_en
    assert "- Yellow warning for high flows: EXERCISE: the Umeälven at Stornorrfors, until further notice " \
           "(source: EXERCISE)." in english
    assert "- Stornorrfors: 1,450 m³/s, the flow is steady – about twice as much water as in an ordinary spring " \
           "flood (measured" in english
    assert "A 10-year flow is as much water as occurs on average once in 10 years – it can still come several " \
           "years in a row." in english
    assert english.count("on average") == 1


@pytest.mark.parametrize(("flow", "sv", "en"), [
    (100.0, "mindre vatten än vanligt", "less water than usual"),
    (200.0, "ungefär lika mycket vatten som vanligt", "about as much water as usual"),
    (420.0, "mer vatten än vanligt, men mindre än ett vanligt vårflöde",
     "more water than usual, but less than in an ordinary spring flood"),
    (650.0, "ungefär lika mycket vatten som ett vanligt vårflöde", "about as much water as in an ordinary spring flood"),
    (850.0, "lite mer vatten än ett vanligt vårflöde", "a little more water than in an ordinary spring flood"),
    (1000.0, "ungefär en och en halv gång så mycket vatten som ett vanligt vårflöde",
     "about one and a half times as much water as in an ordinary spring flood"),
    (1450.0, "ungefär dubbelt så mycket vatten som ett vanligt vårflöde",
     "about twice as much water as in an ordinary spring flood"),
    (1750.0, "ungefär tre gånger så mycket vatten som ett vanligt vårflöde",
     "about three times as much water as in an ordinary spring flood"),
    (4900.0, "ungefär sju gånger så mycket vatten som ett vanligt vårflöde",
     "about seven times as much water as in an ordinary spring flood"),
])
def test_a_flow_compared_in_words_a_reader_can_picture(flow, sv, en):
    # MQ 210 m³/s, MHQ (an ordinary spring flood) 700 m³/s
    assert plain_comparison(flow, 210.0, 700.0) == sv
    assert plain_comparison(flow, 210.0, 700.0, english=True) == en


def test_comparisons_without_statistics():
    assert plain_comparison(500.0, 210.0, None) == "ungefär dubbelt så mycket vatten som vanligt"
    assert plain_comparison(500.0, None, 700.0) == "mindre vatten än ett vanligt vårflöde"
    assert plain_comparison(500.0, None, None) == ""
    # Without statistics a public text keeps the status in plain words.
    station = StationFact("Lycksele", 600.0, T0, "SMHI", "över medelhögvattenföringen (MHQ)",
                          "above the mean annual high flow (MHQ)")
    assert public_phrase(station) == "mer vatten än ett vanligt vårflöde"
    assert public_phrase(station, "en") == "more water than in an ordinary spring flood"


def test_several_return_periods_are_explained_in_one_sentence():
    stations = (
        StationFact("Sorsele", 812.0, T0, "SMHI", "i nivå med ett 10-årsflöde", "at the level of a 10-year flow",
                    station_id="2238"),
        StationFact("Stornorrfors", 2900.0, T0, "SMHI", "i nivå med ett 50-årsflöde", "at the level of a 50-year flow",
                    station_id="1734"),
    )
    assert return_period_note(stations) == (
        "Ett 10-årsflöde och ett 50-årsflöde är så mycket vatten som det i genomsnitt blir en gång på 10 "
        "respektive 50 år – det kan ändå komma flera år i rad.")
    assert return_period_note(stations, "en") == (
        "A 10-year flow and a 50-year flow are as much water as occurs on average once in 10 and 50 years "
        "respectively – it can still come several years in a row.")
    assert return_period_note(stations[:0]) == ""


def test_plain_words():
    assert plain_status_sv("i nivå med ett 50-årsflöde") == "så mycket vatten som det i genomsnitt blir en gång på 50 år"
    assert plain_status_sv("över medelhögvattenföringen (MHQ)") == "mer vatten än ett vanligt vårflöde"
    assert plain_status_en("below the mean flow (MQ)") == "less water than usual"
    assert plain_status_sv("jämförelse med statistik saknas") == ""
    assert trend_word_sv("stigande 5 952 % per dygn") == "stiger"
    assert area_en("Ångermanälven vid Nyland") == "the Ångermanälven at Nyland"
    assert area_en("ÖVNING: Umeälven (Skirknäs)") == "EXERCISE: the Umeälven near Skirknäs"
    assert area_en("Ångermanälven nedströms Sollefteå") == "the Ångermanälven downstream of Sollefteå"
    stations = exercise_facts().stations
    assert [s.name for s in public_stations(stations)] == ["Stornorrfors", "Sorsele"]
