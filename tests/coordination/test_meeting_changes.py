"""'Sedan förra mötet': status, flows, warnings and released texts between two snapshots."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

from meetings.meeting_changes import (
    Change,
    ReleasedText,
    compare_snapshots,
    summarise_river,
)
from meetings.meetings import SituationSnapshot
from sources.models import DataOrigin

T0 = datetime(2026, 11, 26, 13, 5, tzinfo=UTC)
OVER_MHQ = {"key": "over_mhq", "label_sv": "Över MHQ", "symbol": "▲", "colour": "#1F5FA8", "rank": 2}
HQ10 = {"key": "hq10", "label_sv": "≥ 10-årsflöde", "symbol": "⚠", "colour": "#F2C200", "rank": 4}


def river(flows: dict[str, float], status=OVER_MHQ, warnings=()) -> dict:
    return {
        "river": "Umeälven",
        "worst_status": status,
        "stations": [
            {"station_id": sid, "name": name, "discharge_m3s": flow, "time_utc": "2026-11-26T12:00:00+00:00",
             "status": status, "trend": "stigande", "percent_per_day": 4.2}
            for (sid, name), flow in zip([("2237", "Stornorrfors"), ("1234", "Vännäsby")], flows.values(),
                                         strict=False)
        ],
        "warnings": list(warnings),
    }


def snap(*rivers, origin=DataOrigin.EXERCISE) -> SituationSnapshot:
    return SituationSnapshot(rivers=tuple(rivers), origin=origin)


def test_summary_reads_the_snapshot():
    line = summarise_river(river({"a": 1150.0, "b": 800.0}))
    assert (line.river, line.status_label, line.status_symbol, line.status_rank) == ("Umeälven", "Över MHQ", "▲", 2)
    assert [(s.name, s.discharge_m3s, s.trend_symbol) for s in line.stations] == [
        ("Stornorrfors", 1150.0, "↗"), ("Vännäsby", 800.0, "↗")]
    assert line.stations[0].time_utc == datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def test_status_flow_and_warning_changes_in_words():
    before = river({"a": 1000.0, "b": 800.0}, warnings=[{"level_sv": "Gul varning", "area_name_sv": "Vännäs kommun"}])
    after = river({"a": 1320.0, "b": 820.0}, status=HQ10,
                  warnings=[{"level_sv": "Orange varning", "area_name_sv": "Vännäs kommun"}])
    released = [
        ReleasedText(T0, "Umeälven", "Gemensamt pressmeddelande", "Höga flöden", True),
        ReleasedText(T0, "Umeälven", "Gemensamt pressmeddelande", "Verklig", False),
    ]
    changes = compare_snapshots(snap(before), snap(after), rivers=["Umeälven"], released_since=released)
    assert changes == {
        "Umeälven": [
            Change("Umeälven", "status", "Försämrat: ▲ Över MHQ → ⚠ ≥ 10-årsflöde"),
            Change("Umeälven", "flow", "↑ Stornorrfors: 1\u00a0000 m³/s → 1\u00a0320 m³/s (+32 %)"),
            Change("Umeälven", "warning_new", "Ny varning: Orange varning – Vännäs kommun"),
            Change("Umeälven", "warning_gone", "Varning upphört: Gul varning – Vännäs kommun"),
            Change("Umeälven", "text", "Utgivet: Gemensamt pressmeddelande – Höga flöden"),
        ]
    }


def test_small_moves_are_not_changes_and_falling_flows_say_so():
    before = river({"a": 1000.0, "b": 800.0})
    after = river({"a": 1040.0, "b": 700.0})
    assert compare_snapshots(snap(before), snap(after), rivers=["Umeälven"]) == {
        "Umeälven": [Change("Umeälven", "flow", "↓ Vännäsby: 800 m³/s → 700 m³/s (−13 %)")]
    }
    same = copy.deepcopy(before)
    assert compare_snapshots(snap(before), snap(same), rivers=["Umeälven"]) == {"Umeälven": []}


def test_a_river_new_since_last_meeting_is_said_not_hidden():
    other = {"river": "Skellefteälven", "stations": []}
    result = compare_snapshots(snap(other), snap(river({"a": 1.0})), rivers=["Umeälven"])
    assert result == {"Umeälven": [Change("Umeälven", "status", "Älven ingick inte i förra mötets lägesbild.")]}


def test_the_previous_meeting_is_the_last_one_that_ended_never_the_open_one():
    from datetime import timedelta

    from meetings.meeting_changes import previous_meeting_of
    from meetings.meetings import MeetingView

    def meeting(number: int, rivers: tuple[str, ...], ended: bool, snapshots: int = 1) -> MeetingView:
        start = T0 + timedelta(hours=number)
        return MeetingView(id=number, title=f"Möte {number}", rivers=rivers, is_exercise=True, scenario=None,
                           started_at=start, started_by="Anna Berg",
                           ended_at=start + timedelta(minutes=30) if ended else None,
                           snapshots=tuple(snap(river({"a": 100.0 * (i + 1)})) for i in range(snapshots)))

    newest_first = [meeting(4, ("Umeälven",), ended=False), meeting(3, ("Skellefteälven",), ended=True),
                    meeting(2, ("Umeälven",), ended=True, snapshots=2), meeting(1, ("Umeälven",), ended=True)]
    previous = previous_meeting_of(newest_first, ["Umeälven"])
    assert previous.id == 2
    assert previous.latest_snapshot is previous.snapshots[-1]  # the situation as that meeting left it
    assert previous_meeting_of(newest_first, ["Skellefteälven"]).id == 3
    assert previous_meeting_of(newest_first[:1], ["Umeälven"]) is None
