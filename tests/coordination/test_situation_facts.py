"""Draft facts from a hand-built river situation (helper B's RiverSituation)."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from coordination.facts import KommunFact, StationFact, WarningFact
from coordination.situation_facts import facts_from_situation
from hydrology.situation import RiverSituation
from hydrology.status import status_by_key
from sources.models import DataOrigin
from tests.coordination.factories import T0


def _situation(origin: DataOrigin = DataOrigin.LIVE) -> RiverSituation:
    stations = pd.DataFrame(
        {
            "station_id": ["2238", "2237", "9999"],
            "name": ["Sorsele", "Granåker", "Trasig"],
            "discharge_m3s": [812.3, 1150.0, float("nan")],
            "time_utc": pd.to_datetime([T0, T0 - timedelta(minutes=15), None], utc=True),
            "status_key": ["normal", "over_mhq", "unknown"],
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
        StationFact("Sorsele", 812.3, T0, "SMHI", "normalt (mellan MQ och MHQ)", "", "stigande", "rising", "2238"),
        StationFact(
            "Granåker", 1150.0, T0 - timedelta(minutes=15), "SMHI",
            "över medelhögvattenföringen (MHQ)", "", "", "", "2237",
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
