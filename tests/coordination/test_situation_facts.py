"""Draft facts from a hand-built river situation (helper B's RiverSituation)."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from hydrology.situation import RiverSituation
from hydrology.status import status_by_key
from messages.drafting import draft_text
from messages.facts import KommunFact, StationFact, WarningFact
from messages.situation_facts import facts_from_situation
from sources.models import DataOrigin
from tests.coordination.factories import T0


def _situation(
    origin: DataOrigin = DataOrigin.LIVE, status_keys: tuple[str, str] = ("normal", "over_mhq")
) -> RiverSituation:
    stations = pd.DataFrame(
        {
            "station_id": ["2238", "2237", "9999"],
            "name": ["Sorsele", "Granåker", "Trasig"],
            "discharge_m3s": [812.3, 1150.0, float("nan")],
            "time_utc": pd.to_datetime([T0, T0 - timedelta(minutes=15), None], utc=True),
            "status_key": [*status_keys, "unknown"],
            "trend": ["stigande", "okänd trend", "okänd trend"],
        }
    )
    warnings = pd.DataFrame(
        {
            "warning_id": ["w1", "m1"],
            "level": ["orange", "meddelande"],
            "event_sv": ["Höga flöden", "Höga flöden"],
            "area_name_sv": ["Vindelälven", "Umeälven"],
            "valid_from_utc": pd.to_datetime([T0, T0], utc=True),
            "valid_to_utc": pd.to_datetime([None, None], utc=True),
            "kommun_codes": [("2404", "2480"), ("2460",)],
        }
    )
    return RiverSituation(
        river="Umeälven",
        stations=stations,
        worst_status=status_by_key("over_mhq"),
        worst_station="Granåker",
        above_thresholds=("Granåker",),
        rising=("Sorsele",),
        falling=(),
        warnings=warnings,
        kommuner=("Vindeln", "Umeå"),
        freshest_utc=T0,
        stalest_utc=T0,
        origin=origin,
        sentence_sv="",
    )


def test_stations_warnings_and_kommuner_from_the_situation():
    facts = facts_from_situation(_situation(), warnings_checked_at_utc=T0, actors=("Umeå kommun",), now=T0)
    assert facts.stations == (
        StationFact(
            "Sorsele", 812.3, T0, "SMHI", "normalt (mellan MQ och MHQ)", "normal (between MQ and MHQ)",
            "stigande", "rising", "2238",
        ),
        StationFact(
            "Granåker", 1150.0, T0 - timedelta(minutes=15), "SMHI",
            "över medelhögvattenföringen (MHQ)", "above the mean annual high flow (MHQ)", "", "", "2237",
        ),
    )
    # The information message ("meddelande") is not a warning level and is left out.
    assert facts.warnings == (
        WarningFact("orange", "Höga flöden", "Vindelälven", T0, "SMHI", "High flows", None, "w1"),
    )
    assert facts.kommuner == (KommunFact("Vindeln", "2404"), KommunFact("Umeå", "2480"))
    assert facts.warnings_checked_at_utc == T0
    assert facts.actors == ("Umeå kommun",)
    assert not facts.is_exercise


def test_exercise_situation_is_marked_and_sourced_ovning():
    facts = facts_from_situation(_situation(DataOrigin.EXERCISE), warnings_checked_at_utc=None, now=T0)
    assert facts.is_exercise
    assert {s.source for s in facts.stations} == {"ÖVNING"}
    assert facts.warnings_source == "ÖVNING"
    assert facts.warnings_checked_at_utc is None


def test_english_drafts_carry_the_status_in_words():
    facts = facts_from_situation(
        _situation(status_keys=("hq10", "unknown")), warnings_checked_at_utc=T0, actors=("Umeå kommun",), now=T0
    )
    assert [(s.status_sv, s.status_en) for s in facts.stations] == [
        ("i nivå med ett 10-årsflöde", "at the level of a 10-year flow"),
        ("", ""),  # no statistics: no status claimed in either language
    ]
    press = draft_text("pressmeddelande", facts)
    # The press release names the main-stem places nearest the sea first, the status in plain words.
    assert press.body_en.splitlines()[2:6] == [
        "Where: This much water is flowing past the places along the river:",
        "- Granåker: 1,150 m³/s (measured 26 November 2026, 13:50 Swedish time, source: SMHI).",
        "- Sorsele: 812 m³/s, the flow is rising – a 10-year flow "
        "(measured 26 November 2026, 14:05 Swedish time, source: SMHI).",
        "A 10-year flow is as much water as occurs on average once in 10 years – it can still come several years "
        "in a row.",
    ]
    assert (
        "- Sorsele: 812 m³/s, flödet stiger – ett 10-årsflöde (mätt 26 november 2026 kl. 14.05, källa: SMHI).\n"
        "Ett 10-årsflöde är så mycket vatten som det i genomsnitt blir en gång på 10 år – det kan ändå komma flera år "
        "i rad." in press.body_sv
    )
    report = draft_text("lagesbild", facts_from_situation(_situation(), warnings_checked_at_utc=T0, now=T0))
    assert (
        "1. Hydrological situation (from source to sea)\n"
        "- Sorsele: 812 m³/s, rising, normal (between MQ and MHQ) "
        "(measured 26 November 2026, 14:05 Swedish time, source: SMHI).\n"
        "- Granåker: 1,150 m³/s, above the mean annual high flow (MHQ) "
        "(measured 26 November 2026, 13:50 Swedish time, source: SMHI).\n"
    ) in report.body_en


def test_the_statistics_go_with_the_facts_for_plain_comparisons():
    situation = _situation(status_keys=("hq10", "over_mhq"))
    stations = situation.stations.assign(mq_m3s=[120.0, 300.0, float("nan")], mhq_m3s=[280.0, 600.0, float("nan")])
    facts = facts_from_situation(RiverSituation(**{**situation.__dict__, "stations": stations}),
                                 warnings_checked_at_utc=T0, actors=(), now=T0)
    assert [(s.name, s.mq_m3s, s.mhq_m3s) for s in facts.stations] == [("Sorsele", 120.0, 280.0),
                                                                        ("Granåker", 300.0, 600.0)]
    body = draft_text("pressmeddelande", facts).body_sv
    assert "- Sorsele: 812 m³/s, flödet stiger – ett 10-årsflöde, ungefär tre gånger så mycket vatten som ett " \
           "vanligt vårflöde (mätt" in body
    assert "- Granåker: 1\u00a0150 m³/s – ungefär dubbelt så mycket vatten som ett vanligt vårflöde (mätt" in body


def test_a_short_archive_is_named_uncertain_in_the_draft_facts():
    situation = _situation()
    stations = situation.stations.assign(stats_caveat_sv=["osäker statistik (3 år)", "", ""], stats_years=[3, 80, 0])
    short = RiverSituation(**{**situation.__dict__, "stations": stations})
    facts = facts_from_situation(short, warnings_checked_at_utc=T0, actors=(), now=T0)
    sorsele = next(s for s in facts.stations if s.name == "Sorsele")
    assert sorsele.status_sv == "normalt (mellan MQ och MHQ) (osäker statistik (3 år))"
    assert sorsele.status_en == "normal (between MQ and MHQ) (uncertain statistics, 3 years)"
    assert next(s for s in facts.stations if s.name == "Granåker").status_sv == "över medelhögvattenföringen (MHQ)"
