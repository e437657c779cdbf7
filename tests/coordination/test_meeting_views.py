"""What the Möte page shows, computed without Streamlit: the situation to freeze, the log as a table and
the kommuner a dam failure reaches."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from directory.actors import read_kommun_kods_reached
from hydrology.situation import situation_to_dict
from meetings.meetings import LogEntryView, MeetingView, snapshot_of
from meetings.minutes import EXERCISE_LOG_TABLE_COLUMNS, LOG_TABLE_COLUMNS, log_table
from sources.models import DataOrigin
from tests.coordination.factories import T0
from tests.coordination.test_situation_facts import _situation as _situation_with_stations


def _situation(origin: DataOrigin = DataOrigin.LIVE):
    # The river's figures do not matter here, only that they are carried whole: no station rows.
    situation = _situation_with_stations(origin)
    return dataclasses.replace(situation, stations=situation.stations.iloc[0:0], warnings=situation.warnings.iloc[0:0])


def test_the_snapshot_holds_every_river_and_the_time_of_the_stalest_data():
    ume = _situation(DataOrigin.EXERCISE)
    skellefte = dataclasses.replace(ume, river="Skellefteälven", stalest_utc=T0 - timedelta(hours=2))
    angerman = dataclasses.replace(ume, river="Ångermanälven", stalest_utc=None)
    snapshot = snapshot_of([ume, skellefte, angerman], DataOrigin.EXERCISE, note="Övningsdata")
    assert [r["river"] for r in snapshot.rivers] == ["Umeälven", "Skellefteälven", "Ångermanälven"]
    assert snapshot.rivers[0] == situation_to_dict(ume)
    assert snapshot.data_time == T0 - timedelta(hours=2)
    assert snapshot.origin is DataOrigin.EXERCISE
    assert snapshot.note == "Övningsdata"
    assert snapshot.taken_at is None  # the log sets it when it stores the snapshot


def test_a_snapshot_without_timed_data_has_no_data_time():
    snapshot = snapshot_of([dataclasses.replace(_situation(), stalest_utc=None)], DataOrigin.LIVE)
    assert snapshot.data_time is None
    assert snapshot.note == ""


def _entry(i: int, minutes: int, **values) -> LogEntryView:
    base = dict(id=i, meeting_id=1, created_at=T0 + timedelta(minutes=minutes), kind="beslut", text="",
                responsible="", follow_up_at=None, author="Anna Berg", actor="")
    return LogEntryView(**{**base, **values})


def _meeting(*entries: LogEntryView, is_exercise: bool = False) -> MeetingView:
    return MeetingView(id=1, title="Avstämning", rivers=("Umeälven",), is_exercise=is_exercise,
                       scenario="varflod" if is_exercise else None,
                       started_at=T0, started_by="Anna Berg", ended_at=None, entries=entries)


def test_the_log_table_has_one_row_per_entry_in_swedish_time_and_user_text_as_typed():
    meeting = _meeting(
        _entry(1, 0, text="Utrym **Nyland**."),
        _entry(2, 10, kind="atgard", text="Ring <Kramfors>.", responsible="Per Ek",
               follow_up_at=T0 + timedelta(days=1), author="Per Ek"),
        _entry(3, 12, kind="informerad", text="Informerad.", actor="SOS Alarm"),
    )
    expected = pd.DataFrame(
        {
            "Tid": ["14.05", "14.15", "14.17"],  # T0 is 13.05 UTC = 14.05 in Stockholm
            "Typ": ["Beslut", "Åtgärd", "Informerad"],
            "Text": ["Utrym **Nyland**.", "Ring <Kramfors>.", "Informerad."],
            "Ansvarig": ["", "Per Ek", ""],
            "Uppföljning": ["", "27 nov 14.05", ""],
            "Klar": ["", "", ""],
            "Aktör": ["", "", "SOS Alarm"],
            "Av": ["Anna Berg", "Per Ek", "Anna Berg"],
        }
    )
    pd.testing.assert_frame_equal(log_table(meeting, now=T0 + timedelta(minutes=30)), expected)


def test_an_exercise_log_table_shows_real_time_and_the_scenario_clock_side_by_side():
    scenario_start = datetime(2026, 5, 9, 19, 0, tzinfo=UTC)  # 21.00 in Stockholm (summer time)
    meeting = _meeting(
        _entry(1, 0, text="Utrym Nyland.", scenario_at=scenario_start),
        _entry(2, 10, kind="atgard", text="Ring Kramfors.", follow_up_at=T0 + timedelta(hours=1),
               scenario_at=scenario_start + timedelta(hours=1, minutes=50)),
        _entry(3, 12, kind="information", text="Skrivet innan övningstiden sparades."),
        is_exercise=True,
    )
    table = log_table(meeting, now=T0 + timedelta(minutes=30), scenario_now=scenario_start + timedelta(hours=2))
    assert list(table.columns) == EXERCISE_LOG_TABLE_COLUMNS
    assert table["ÖVNING"].tolist() == ["ÖVNING"] * 3  # every row marked, in the CSV download too
    assert table[["Verklig tid", "Övningstid", "Uppföljning"]].values.tolist() == [
        ["14.05", "21.00", ""],
        ["14.15", "22.50", "15.05 (verklig tid)"],  # the follow-up cell says its clock in an exercise
        ["14.17", "–", ""],
    ]
    # Without the scenario clock now, every scenario time carries its date (it is not the real day).
    assert log_table(meeting, now=T0)["Övningstid"].tolist() == ["9 maj 21.00", "9 maj 22.50", "–"]
    # A real meeting has one clock and no Övningstid, whatever the scenario clock says.
    real = _meeting(_entry(1, 0, text="Utrym Nyland.", scenario_at=scenario_start))
    assert list(log_table(real, now=T0, scenario_now=scenario_start).columns) == LOG_TABLE_COLUMNS


@pytest.mark.parametrize("is_exercise", [False, True])
def test_an_empty_log_is_an_empty_table_with_the_columns(is_exercise):
    table = log_table(_meeting(is_exercise=is_exercise), now=T0)
    assert table.empty
    assert list(table.columns) == (EXERCISE_LOG_TABLE_COLUMNS if is_exercise else LOG_TABLE_COLUMNS)


def test_a_failure_of_hallby_reaches_the_kommuner_below_it_to_the_sea():
    # Sollefteå, Kramfors, Härnösand (SCB codes), from the dam's own kommun downstream.
    assert read_kommun_kods_reached("Hällby") == ["2283", "2282", "2280"]
    assert read_kommun_kods_reached("Ingen sådan damm") == []
