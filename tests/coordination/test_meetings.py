"""Meetings, the append-only log, the actor checklist ticks and frozen snapshots (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from access.person import local_person
from coordination.db import make_session_factory
from meetings.meetings import (
    MeetingClosedError,
    MeetingError,
    MeetingLog,
    MeetingNotFoundError,
    SituationSnapshot,
)
from sources.models import DataOrigin

#: 26 Nov 2026 13:05 UTC = 14:05 in Stockholm.
T0 = datetime(2026, 11, 26, 13, 5, tzinfo=UTC)

UME = {
    "river": "Umeälven",
    "worst_status": {"label_sv": "över MHQ", "rank": 2},
    "stations": [{"station_id": "2237", "name": "Stornorrfors", "discharge_m3s": 1150.0}],
}


def exercise_snapshot(**overrides) -> SituationSnapshot:
    values = dict(rivers=(UME,), origin=DataOrigin.EXERCISE, data_time=T0 - timedelta(minutes=10))
    values.update(overrides)
    return SituationSnapshot(**values)


@pytest.fixture
def log(engine) -> MeetingLog:
    return MeetingLog(make_session_factory(engine))


def start(log: MeetingLog, now: datetime = T0, **overrides):
    values = dict(
        title="Avstämning vårflod",
        rivers=["Umeälven"],
        is_exercise=True,
        snapshot=exercise_snapshot(),
        started_by="Anna Berg",
        scenario="varflod",
        now=now,
    )
    values.update(overrides)
    return log.start_meeting(**values)


def test_a_meeting_starts_with_a_frozen_snapshot(log):
    meeting = start(log)
    again = log.get_meeting(meeting.id)
    assert again.title == "Avstämning vårflod"
    assert again.rivers == ("Umeälven",)
    assert again.is_exercise and again.is_open
    assert again.started_at == T0
    assert again.scenario == "varflod"
    snap = again.first_snapshot
    assert snap.rivers == (UME,)
    assert snap.origin is DataOrigin.EXERCISE
    assert snap.data_time == T0 - timedelta(minutes=10)
    assert snap.taken_at == T0
    assert snap.river("Umeälven") == UME
    assert snap.river("Skellefteälven") is None


def test_snapshot_stays_as_taken_when_the_caller_changes_its_dict(log):
    river = {"river": "Umeälven", "stations": [{"discharge_m3s": 900.0}]}
    meeting = start(log, snapshot=exercise_snapshot(rivers=(river,)))
    river["stations"][0]["discharge_m3s"] = 2000.0
    assert log.get_meeting(meeting.id).first_snapshot.rivers[0]["stations"][0]["discharge_m3s"] == 900.0


def test_log_entries_keep_order_kind_responsible_and_follow_up_in_utc(log):
    meeting = start(log)
    local = timezone(timedelta(hours=1))
    follow_up = datetime(2026, 11, 26, 16, 0, tzinfo=local)
    log.add_entry(meeting.id, kind="beslut", text="Gemensamt pressmeddelande kl. 15.", author="Anna Berg",
                  now=T0 + timedelta(minutes=5))
    log.add_entry(meeting.id, kind="atgard", text="Kontrollera Vännäsby bro.", author="Anna Berg",
                  responsible="  Per   Ek ", follow_up_at=follow_up, actor="Vännäs kommun",
                  now=T0 + timedelta(minutes=7))
    entries = log.get_meeting(meeting.id).entries
    assert [(e.kind, e.kind_sv) for e in entries] == [("beslut", "Beslut"), ("atgard", "Åtgärd")]
    action = entries[1]
    assert action.responsible == "Per Ek"
    assert action.follow_up_at == datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
    assert action.follow_up_at.tzinfo == UTC
    assert action.actor == "Vännäs kommun"
    assert action.created_at == T0 + timedelta(minutes=7)


def test_hostile_text_is_stored_exactly(log):
    meeting = start(log)
    # A right-to-left mark is text; the overrides (U+202E) are refused (tests/access/test_control_characters.py).
    text = "<script>alert('x')</script> åäö ÅÄÖ \u200f ✓\nrad två"
    entry = log.add_entry(meeting.id, kind="information", text=text, author="Anna")
    assert log.get_meeting(meeting.id).entries[0].text == text == entry.text


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(kind="beslut", text="   ", author="Anna"), "Skriv vad som beslutades eller gjordes innan du sparar."),
        (dict(kind="beslut", text="Ok", author="  "), "Ange ditt namn."),
        # The page passes local mode's person with the typed name, which may be empty.
        (dict(kind="beslut", text="Ok", author=local_person(" ")), "Ange ditt namn."),
        (dict(kind="informerad", text="Ok", author="Anna"), "Okänd typ av loggpost: 'informerad'."),
        (dict(kind="atgard", text="Ok", author="Anna", follow_up_at=datetime(2026, 11, 26, 16, 0)),
         "Uppföljningstiden saknar tidszon."),
    ],
)
def test_bad_entries_are_refused_with_a_swedish_message(log, kwargs, message):
    meeting = start(log)
    with pytest.raises(MeetingError) as err:
        log.add_entry(meeting.id, **kwargs)
    assert err.value.message_sv == message
    assert log.get_meeting(meeting.id).entries == ()


@pytest.mark.parametrize("by", ["", "   ", local_person(" ")])
def test_a_meeting_ended_without_a_name_is_refused_and_stays_open(log, by):
    meeting = start(log)
    with pytest.raises(MeetingError) as err:
        log.end_meeting(meeting.id, by=by)
    assert err.value.message_sv == "Ange ditt namn."
    assert log.get_meeting(meeting.id).is_open


def test_an_ended_meeting_refuses_new_entries(log):
    meeting = start(log)
    ended = log.end_meeting(meeting.id, by="Anna", now=T0 + timedelta(hours=1))
    assert ended.ended_at == T0 + timedelta(hours=1)
    assert not ended.is_open
    with pytest.raises(MeetingClosedError) as err:
        log.add_entry(meeting.id, kind="beslut", text="För sent", author="Anna")
    assert err.value.message_sv == (
        f"Möte nr {meeting.id} är avslutat och loggen är stängd. Starta ett nytt möte för nya poster."
    )


def test_unknown_meeting(log):
    with pytest.raises(MeetingNotFoundError) as err:
        log.get_meeting(4711)
    assert err.value.message_sv == "Möte nr 4711 finns inte."


def test_checklist_ticks_are_log_entries_and_the_first_tick_counts(log):
    meeting = start(log)
    first = log.mark_informed(meeting.id, actor="MSB", author="Anna", now=T0 + timedelta(minutes=3))
    second = log.mark_informed(meeting.id, actor="MSB", author="Per", now=T0 + timedelta(minutes=9))
    log.mark_informed(meeting.id, actor="Umeå kommun", author="Per", note="Via TiB.", now=T0 + timedelta(minutes=4))
    assert second == first
    view = log.get_meeting(meeting.id)
    ticks = view.informed_actors()
    assert sorted(ticks) == ["MSB", "Umeå kommun"]
    assert ticks["MSB"].created_at == T0 + timedelta(minutes=3)
    assert ticks["Umeå kommun"].text == "Umeå kommun informerad. Via TiB."
    assert [e.kind for e in view.entries] == ["informerad", "informerad"]


def test_exercise_and_real_data_never_mix(log):
    with pytest.raises(MeetingError) as err:
        start(log, is_exercise=False)
    assert err.value.message_sv.startswith("Övningsdata och verkliga data får inte blandas")
    real = start(log, is_exercise=False, snapshot=exercise_snapshot(origin=DataOrigin.LIVE))
    with pytest.raises(MeetingError):
        log.take_snapshot(real.id, exercise_snapshot())


def test_listing_and_previous_meeting_stay_within_the_mode_and_river(log):
    old_ume = start(log, now=T0 - timedelta(days=1))
    start(log, now=T0 - timedelta(hours=12), rivers=["Skellefteälven"])
    start(log, now=T0 - timedelta(hours=6), is_exercise=False, snapshot=exercise_snapshot(origin=DataOrigin.CACHE))
    current = start(log, now=T0)
    assert [m.id for m in log.list_meetings(is_exercise=True, river="Umeälven")] == [current.id, old_ume.id]
    assert log.previous_meeting(current.id).id == old_ume.id
    assert log.previous_meeting(old_ume.id) is None
    assert log.open_meeting(is_exercise=True).id == current.id
    assert log.open_meeting(is_exercise=False).is_exercise is False


def test_recent_decisions_across_meetings_newest_first(log):
    first = start(log, now=T0 - timedelta(days=1))
    log.add_entry(first.id, kind="beslut", text="Beslut 1", author="A", now=T0 - timedelta(days=1))
    log.add_entry(first.id, kind="information", text="Info", author="A", now=T0 - timedelta(hours=20))
    second = start(log, now=T0)
    log.add_entry(second.id, kind="beslut", text="Beslut 2", author="A", now=T0 + timedelta(minutes=1))
    other = start(log, now=T0, rivers=["Skellefteälven"])
    log.add_entry(other.id, kind="beslut", text="Skellefteå", author="A", now=T0 + timedelta(minutes=2))
    pairs = log.recent_entries(is_exercise=True, rivers=["Umeälven"], limit=5)
    assert [e.text for _m, e in pairs] == ["Beslut 2", "Beslut 1"]
    assert log.recent_entries(is_exercise=False, rivers=["Umeälven"]) == []


def test_more_snapshots_during_a_meeting(log):
    meeting = start(log)
    later = exercise_snapshot(rivers=({"river": "Umeälven", "stations": []},))
    view = log.take_snapshot(meeting.id, later, now=T0 + timedelta(minutes=30))
    assert len(view.snapshots) == 2
    assert view.first_snapshot.rivers == (UME,)
    assert view.latest_snapshot.rivers == ({"river": "Umeälven", "stations": []},)
    assert view.latest_snapshot.taken_at == T0 + timedelta(minutes=30)


def test_snapshot_refuses_values_that_are_not_json(log):
    with pytest.raises(TypeError):
        start(log, snapshot=exercise_snapshot(rivers=({"river": "Umeälven", "x": object()},)))


def test_start_needs_title_and_river(log):
    with pytest.raises(MeetingError) as err:
        start(log, title=" ")
    assert err.value.message_sv == "Ge mötet en rubrik."
    with pytest.raises(MeetingError) as err:
        start(log, rivers=[])
    assert err.value.message_sv == "Välj minst en älv för mötet."


def test_an_exercise_keeps_the_scenario_clock_beside_the_wall_clock(log):
    scenario_start = datetime(2026, 5, 9, 16, 0, tzinfo=UTC)
    meeting = start(log, scenario_at=scenario_start)
    entry = log.add_entry(meeting.id, kind="beslut", text="Utrym Nyland.", author="Anna Berg",
                          scenario_at=scenario_start + timedelta(hours=3), now=T0 + timedelta(minutes=5))
    tick = log.mark_informed(meeting.id, actor="Kramfors kommun", author="Anna Berg",
                             scenario_at=datetime(2026, 5, 9, 21, 30, tzinfo=timezone(timedelta(hours=2))),
                             now=T0 + timedelta(minutes=6))
    untimed = log.add_entry(meeting.id, kind="information", text="Utan övningstid.", author="Anna Berg",
                            now=T0 + timedelta(minutes=7))
    assert entry.scenario_at == scenario_start + timedelta(hours=3) and entry.created_at == T0 + timedelta(minutes=5)
    view = log.get_meeting(meeting.id)
    assert view.scenario_started_at == scenario_start and view.started_at == T0
    assert [(e.text, e.scenario_at) for e in view.entries] == [
        ("Utrym Nyland.", scenario_start + timedelta(hours=3)),
        ("Kramfors kommun informerad.", datetime(2026, 5, 9, 19, 30, tzinfo=UTC)),
        ("Utan övningstid.", None),
    ]
    assert tick.scenario_at == datetime(2026, 5, 9, 19, 30, tzinfo=UTC) and untimed.scenario_at is None


def test_a_real_meeting_has_one_clock(log):
    meeting = start(log, is_exercise=False, snapshot=exercise_snapshot(origin=DataOrigin.LIVE), scenario=None,
                    scenario_at=T0)
    entry = log.add_entry(meeting.id, kind="beslut", text="Beslut.", author="Anna Berg", scenario_at=T0)
    assert entry.scenario_at is None
    assert log.get_meeting(meeting.id).scenario_started_at is None


def test_a_naive_scenario_time_is_refused_and_nothing_stored(log):
    meeting = start(log)
    with pytest.raises(MeetingError, match="Övningstiden saknar tidszon"):
        log.add_entry(meeting.id, kind="beslut", text="Beslut.", author="Anna Berg",
                      scenario_at=datetime(2026, 5, 9, 16, 0))
    assert log.get_meeting(meeting.id).entries == ()


def test_an_exercise_follows_an_action_up_on_the_scenario_clock(log):
    meeting = start(log, scenario_at=datetime(2026, 5, 9, 16, 0, tzinfo=UTC))
    # "Check the bridge when the front is due": 03.00 on 10 May in the scenario (Stockholm, UTC+2).
    due = datetime(2026, 5, 10, 3, 0, tzinfo=timezone(timedelta(hours=2)))
    action = log.add_entry(meeting.id, kind="atgard", text="Kontrollera Vännäsbron.", author="Anna Berg",
                           responsible="Per Ek", scenario_at=datetime(2026, 5, 9, 19, 0, tzinfo=UTC),
                           follow_up_scenario_at=due, now=T0)
    plain = log.add_entry(meeting.id, kind="information", text="Utan uppföljning.", author="Anna Berg", now=T0)
    assert action.follow_up_scenario_at == datetime(2026, 5, 10, 1, 0, tzinfo=UTC) and action.follow_up_at is None
    entries = log.get_meeting(meeting.id).entries
    assert [(e.text, e.follow_up_scenario_at, e.follow_up_at) for e in entries] == [
        ("Kontrollera Vännäsbron.", datetime(2026, 5, 10, 1, 0, tzinfo=UTC), None),
        ("Utan uppföljning.", None, None),
    ]
    assert entries[0].follow_up_scenario_at.tzinfo == UTC and plain.follow_up_scenario_at is None


def test_a_scenario_follow_up_is_not_kept_in_a_real_meeting_and_a_naive_one_is_refused(log):
    real = start(log, is_exercise=False, snapshot=exercise_snapshot(origin=DataOrigin.LIVE), scenario=None)
    entry = log.add_entry(real.id, kind="atgard", text="Åtgärd.", author="Anna Berg", follow_up_scenario_at=T0)
    assert entry.follow_up_scenario_at is None
    assert log.get_meeting(real.id).entries[0].follow_up_scenario_at is None
    exercise = start(log, title="Övning")
    with pytest.raises(MeetingError, match=r"Uppföljningstiden \(övningstid\) saknar tidszon"):
        log.add_entry(exercise.id, kind="atgard", text="Åtgärd.", author="Anna Berg",
                      follow_up_scenario_at=datetime(2026, 5, 10, 3, 0))
    assert log.get_meeting(exercise.id).entries == ()


def test_open_actions_come_in_the_order_to_follow_them_up(log):
    """An exercise's actions: those on the scenario's clock first, in time order, then those on the wall clock,
    then those without a follow-up in the log's order; decisions and information are no actions."""
    meeting = start(log)
    later = datetime(2026, 5, 10, 3, 0, tzinfo=UTC)
    for text, kwargs in [("Utan uppföljning.", {}), ("Väggklockan.", {"follow_up_at": T0 + timedelta(hours=1)}),
                         ("Senare i scenariot.", {"follow_up_scenario_at": later}),
                         ("Tidigare i scenariot.", {"follow_up_scenario_at": later - timedelta(hours=2)}),
                         ("Också utan.", {})]:
        log.add_entry(meeting.id, kind="atgard", text=text, author="Anna Berg", now=T0, **kwargs)
    log.add_entry(meeting.id, kind="beslut", text="Ett beslut.", author="Anna Berg", now=T0, follow_up_scenario_at=later)
    view = log.get_meeting(meeting.id)
    assert [e.text for e in view.open_actions()] == [
        "Tidigare i scenariot.", "Senare i scenariot.", "Väggklockan.", "Utan uppföljning.", "Också utan."]
    # What to follow up (the minutes' "Att följa upp") has the decision too, in the same order of clocks.
    assert [e.text for e in view.to_follow_up()] == [
        "Tidigare i scenariot.", "Senare i scenariot.", "Ett beslut.", "Väggklockan."]
