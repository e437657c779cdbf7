"""Declaring, changing and ending events; history; the change counter; scenario events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from access.person import local_person
from events.live_updates import EVENTS_TOPIC, read_change_count
from events.repository import EventError, EventStore
from events.scenario import SCENARIO_AUTHOR, ensure_scenario_events, scenario_events_due
from sources.exercise.scenarios import get_scenario_spec

ANNA = local_person("Anna Berg", "Länsstyrelsen Västernorrland")
OLLE = local_person("Olle Sund", "Sollefteå kommun")
T0 = datetime(2026, 5, 9, 19, 15, tzinfo=UTC)


def _declare(store: EventStore, **overrides):
    values = dict(kind="dammbrott", river="Ångermanälven", dam="Hällby", place_sv="Hällbydammen",
                  started_at=T0, author=ANNA, now=T0 + timedelta(minutes=5), description="Läckage i dammkroppen.")
    values.update(overrides)
    return store.declare(**values)


def test_declare_change_end_keeps_every_change_with_who(store):
    event = _declare(store)
    assert event.title_sv == "Dammbrott – Hällbydammen"
    assert (event.declared_by, event.declared_org, event.version) == ("Anna Berg", "Länsstyrelsen Västernorrland", 1)
    changed = store.change(event.id, author=OLLE, now=T0 + timedelta(hours=1), expected_version=1,
                           description="Dammen har brustit.")
    ended = store.end(event.id, ended_at=T0 + timedelta(days=2), author=ANNA, now=T0 + timedelta(days=2))
    assert (changed.version, ended.version) == (2, 3)
    history = store.history(event.id)
    assert [(h.action_sv, h.changed_by, h.changed_org) for h in history] == [
        ("Deklarerad", "Anna Berg", "Länsstyrelsen Västernorrland"),
        ("Ändrad", "Olle Sund", "Sollefteå kommun"),
        ("Avslutad", "Anna Berg", "Länsstyrelsen Västernorrland"),
    ]
    assert [h.state["description"] for h in history] == ["Läckage i dammkroppen.", "Dammen har brustit.",
                                                         "Dammen har brustit."]
    assert history[-1].state["ended_at"] == (T0 + timedelta(days=2)).isoformat()
    assert store.get(event.id).ended_at == T0 + timedelta(days=2)


def test_several_active_events_and_activity_window(store):
    first = _declare(store)
    second = _declare(store, kind="hoga_floden", dam=None, place_sv="Ångermanälven nedströms Sollefteå",
                      started_at=T0 + timedelta(hours=2))
    store.end(first.id, ended_at=T0 + timedelta(hours=10), author=ANNA, now=T0 + timedelta(hours=10))
    assert [e.id for e in store.list_events(is_exercise=False, active_at=T0 + timedelta(hours=3))] == [second.id, first.id]
    assert [e.id for e in store.list_events(is_exercise=False, active_at=T0 + timedelta(hours=11))] == [second.id]
    assert store.list_events(is_exercise=False, active_at=T0 - timedelta(minutes=1)) == []


def test_exercise_events_are_never_listed_in_live_mode(store):
    _declare(store, is_exercise=True)
    assert store.list_events(is_exercise=False) == []
    assert len(store.list_events(is_exercise=True)) == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": "tsunami"}, "Okänd typ av händelse: ”tsunami”. Välj en av: Dammbrott, Risk för dammbrott, "
                              "Höga flöden, Ökad tappning, Isdämning, Annat."),
        ({"river": "Dalälven"}, "Okänd älv: ”Dalälven”. Välj en av: Ångermanälven, Umeälven, Skellefteälven."),
        ({"dam": None}, "Välj vilken damm det gäller (dammbrott gäller en damm)."),
        ({"dam": "Hoover"}, "Okänd damm: ”Hoover”. Välj en damm ur listan."),
        ({"dam": "Stornorrfors"}, "Dammen Stornorrfors ligger i Umeälven, inte i Ångermanälven."),
        ({"place_sv": "  "}, "Skriv vilken damm eller sträcka händelsen gäller."),
        ({"author": local_person(" ", "Kommunen")}, "Skriv ditt namn och din organisation, så att alla ser vem som har "
                                              "gjort ändringen."),
        ({"started_at": datetime(2026, 5, 9, 19, 15)}, "Starttiden saknar tidszon."),
    ],
)
def test_bad_input_is_refused_in_swedish_and_nothing_stored(store, overrides, message):
    with pytest.raises(EventError) as caught:
        _declare(store, **overrides)
    assert caught.value.message_sv == message
    assert store.list_events(is_exercise=False) == []


def test_a_stale_edit_is_refused(store):
    event = _declare(store)
    store.change(event.id, author=OLLE, now=T0, expected_version=1, description="Ny text")
    with pytest.raises(EventError, match="Någon annan har ändrat händelsen ”Dammbrott – Hällbydammen”"):
        store.change(event.id, author=ANNA, now=T0, expected_version=1, description="Min text")
    store.end(event.id, ended_at=T0, author=ANNA, now=T0)
    with pytest.raises(EventError, match="redan avslutad"):
        store.end(event.id, ended_at=T0, author=ANNA, now=T0)


def test_every_write_raises_the_change_counter(store):
    factory = store.session_factory
    assert read_change_count(factory, EVENTS_TOPIC) == 0
    event = _declare(store)
    store.change(event.id, author=OLLE, now=T0, place_sv="Hällby damm")
    assert read_change_count(factory, EVENTS_TOPIC) == 2


def test_dam_failure_scenario_declares_its_event_at_the_failure_time_once(store):
    spec = get_scenario_spec("dammbrott-angermanalven")
    failed_at = spec.start_utc + timedelta(hours=36)
    real_now = datetime(2026, 11, 29, 23, 0, tzinfo=UTC)
    assert ensure_scenario_events(store, spec, failed_at - timedelta(minutes=1), real_now) == []
    first = ensure_scenario_events(store, spec, failed_at + timedelta(hours=2), real_now)
    again = ensure_scenario_events(store, spec, failed_at + timedelta(hours=3), real_now)
    assert [e.id for e in first] == [e.id for e in again]
    event = first[0]
    assert (event.title_sv, event.dam, event.started_at, event.is_exercise) == (
        "Dammbrott – Hällbydammen", "Hällby", failed_at, True)
    assert event.declared_by == SCENARIO_AUTHOR.name
    assert store.list_events(is_exercise=False) == []
    assert store.list_events(is_exercise=True, active_at=failed_at - timedelta(hours=1)) == []


def test_a_polling_page_learns_in_memory_when_the_scenario_owes_its_event(store):
    spec = get_scenario_spec("dammbrott-angermanalven")
    failed_at = spec.start_utc + timedelta(hours=36)
    real_now = datetime(2026, 11, 29, 23, 0, tzinfo=UTC)
    assert not scenario_events_due(spec, failed_at - timedelta(minutes=1), [])
    assert scenario_events_due(spec, failed_at, [])
    declared = ensure_scenario_events(store, spec, failed_at, real_now)
    assert not scenario_events_due(spec, failed_at + timedelta(hours=5), [e.scenario for e in declared])
    assert not scenario_events_due(get_scenario_spec("varflod"), failed_at, [])
