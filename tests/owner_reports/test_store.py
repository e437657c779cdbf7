"""The owner report store on SQLite and a real PostgreSQL: append-only, newest counts, modes apart."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from access.person import local_person
from owner_reports.model import Channel, OwnerReportError, PlannedDischarge, ReportDraft, Reporter
from owner_reports.plants import plant_by_name
from owner_reports.store import FeedStatus

NOW = datetime(2026, 5, 12, 14, 0, tzinfo=UTC)
ANNA = local_person("Anna Berg", "Vattenfall AB")


def _draft(plant: str = "Stornorrfors", hours_ago: float = 1, total: float = 1450, **kwargs) -> ReportDraft:
    return ReportDraft(plant=plant, reported_at=NOW - timedelta(hours=hours_ago), total_m3s=total, **kwargs)


def test_every_report_is_kept_and_the_newest_report_time_counts(store):
    store.write_report(_draft(hours_ago=1, total=1450), reporter=ANNA, is_exercise=False, clock=NOW)
    # Stored later but describing an earlier moment: history, not the current figure.
    store.write_report(_draft(hours_ago=3, total=1200), reporter=ANNA, is_exercise=False, clock=NOW)
    latest = store.read_latest(is_exercise=False)
    assert list(latest) == ["Stornorrfors"]
    assert latest["Stornorrfors"].total_m3s == 1450
    assert [r.total_m3s for r in store.read_history(is_exercise=False, plant="Stornorrfors")] == [1450, 1200]


def test_a_report_keeps_all_its_figures_the_plan_and_who_reported_it(store):
    draft = _draft(
        turbine_m3s=850, spillway_m3s=600, upstream_level_m=75.25, comment="Luckor öppna <b>",
        planned=(PlannedDischarge(NOW + timedelta(hours=12), 1700), PlannedDischarge(NOW + timedelta(hours=6), 1600)),
    )
    result = store.write_report(draft, reporter=ANNA, is_exercise=False, clock=NOW, now=NOW)
    report = store.read_latest(is_exercise=False)["Stornorrfors"]
    assert report == result.stored[0]
    assert (report.plant, report.river, report.reported_at) == ("Stornorrfors", "Umeälven", NOW - timedelta(hours=1))
    assert (report.total_m3s, report.turbine_m3s, report.spillway_m3s, report.upstream_level_m) == (1450, 850, 600, 75.25)
    assert report.planned == (
        PlannedDischarge(NOW + timedelta(hours=6), 1600), PlannedDischarge(NOW + timedelta(hours=12), 1700),
    )
    assert (report.comment, report.reporter_name, report.organisation, report.entered_by) == (
        "Luckor öppna <b>", "Anna Berg", "Vattenfall AB", "Anna Berg",
    )
    assert (report.channel, report.is_exercise, report.received_at) == (Channel.FORM, False, NOW)


def test_the_owners_regulation_limits_are_kept_with_the_report(store):
    store.write_report(_draft(hours_ago=2, upstream_level_m=74.2, damningsgrans_m=75.0, sankningsgrans_m=71.5),
                       reporter=ANNA, is_exercise=False, clock=NOW)
    report = store.read_latest(is_exercise=False)["Stornorrfors"]
    assert (report.upstream_level_m, report.damningsgrans_m, report.sankningsgrans_m) == (74.2, 75.0, 71.5)
    assert report.limits_source == "ägarens rapport"
    # The same figures without limits are another report; one without limits says none are known.
    store.write_report(_draft(hours_ago=1, upstream_level_m=74.2), reporter=ANNA, is_exercise=False, clock=NOW)
    newest, older = store.read_history(is_exercise=False, plant="Stornorrfors")
    assert (newest.damningsgrans_m, newest.sankningsgrans_m, newest.limits_source) == (None, None, "")
    assert (older.damningsgrans_m, older.sankningsgrans_m) == (75.0, 71.5)


def test_without_the_owners_limits_a_sourced_curated_value_is_used_and_named(store, monkeypatch):
    # regulation_limits.csv is empty (no public source); a filled row would come with its source.
    sourced = replace(plant_by_name("Stornorrfors"), damningsgrans_m=75.0, sankningsgrans_m=71.5,
                      limits_source="vattendom (exempel i test)")
    monkeypatch.setattr("owner_reports.store.plant_by_name", lambda name: sourced)
    store.write_report(_draft(hours_ago=2, upstream_level_m=74.2), reporter=ANNA, is_exercise=False, clock=NOW)
    report = store.read_latest(is_exercise=False)["Stornorrfors"]
    assert (report.damningsgrans_m, report.sankningsgrans_m, report.limits_source) == (
        75.0, 71.5, "vattendom (exempel i test)")
    # The owner's own limits win over the curated ones.
    store.write_report(_draft(hours_ago=1, upstream_level_m=74.2, damningsgrans_m=75.2), reporter=ANNA,
                       is_exercise=False, clock=NOW)
    report = store.read_latest(is_exercise=False)["Stornorrfors"]
    assert (report.damningsgrans_m, report.sankningsgrans_m, report.limits_source) == (75.2, None, "ägarens rapport")


def test_exercise_and_real_reports_never_mix(store):
    store.write_report(_draft(total=999), reporter=ANNA, is_exercise=True, clock=NOW)
    assert store.read_latest(is_exercise=False) == {}
    assert store.read_history(is_exercise=False) == []
    assert store.read_latest(is_exercise=True)["Stornorrfors"].is_exercise is True
    store.write_report(_draft(total=1450), reporter=ANNA, is_exercise=False, clock=NOW)
    assert store.read_latest(is_exercise=False)["Stornorrfors"].total_m3s == 1450
    assert store.read_latest(is_exercise=True)["Stornorrfors"].total_m3s == 999


def test_the_same_report_twice_is_stored_once(store):
    first = store.write_report(_draft(), reporter=ANNA, is_exercise=False, clock=NOW)
    again = store.write_reports(
        [_draft()], reporter=ANNA, channel=Channel.FILE, source="rapport.csv", is_exercise=False, clock=NOW
    )
    assert (len(first.stored), first.already_stored) == (1, 0)
    assert (again.stored, again.already_stored) == ((), 1)
    assert store.read_change_marker(is_exercise=False) == (first.stored[0].id, 1)


def test_a_batch_with_one_bad_report_stores_nothing(store):
    with pytest.raises(OwnerReportError) as caught:
        store.write_reports(
            [_draft("Harrsele"), _draft("Finns inte")], reporter=ANNA, channel=Channel.FILE, source="f.csv",
            is_exercise=False, clock=NOW,
        )
    assert caught.value.message_sv == "Kraftverket ”Finns inte” finns inte i Älvlägets lista över kraftverk."
    assert store.read_history(is_exercise=False) == []


def test_a_file_names_its_own_reporter_and_the_importer_is_kept_as_entered_by(store):
    stated = _draft(stated_reporter=Reporter("Per Ek", "Statkraft Sverige AB"), plant="Harrsele")
    result = store.write_reports(
        [stated], reporter=ANNA, channel=Channel.FILE, source="statkraft.csv", is_exercise=False, clock=NOW
    )
    report = result.stored[0]
    assert (report.reporter_name, report.organisation, report.entered_by, report.source) == (
        "Per Ek", "Statkraft Sverige AB", "Anna Berg", "statkraft.csv",
    )


def test_reporter_name_and_organisation_are_required(store):
    with pytest.raises(OwnerReportError, match="Ange ditt namn."):
        store.write_report(_draft(), reporter=local_person(" ", "Vattenfall AB"), is_exercise=False, clock=NOW)
    with pytest.raises(OwnerReportError, match=r"Ange organisation \(t.ex. Vattenfall AB\)."):
        store.write_report(_draft(), reporter=local_person("Anna", ""), is_exercise=False, clock=NOW)


def test_latest_per_river_and_history_since(store):
    for plant, hours in (("Stornorrfors", 2), ("Kvistforsen", 1), ("Hällby", 30)):
        store.write_report(_draft(plant, hours_ago=hours), reporter=ANNA, is_exercise=False, clock=NOW)
    assert list(store.read_latest(is_exercise=False, rivers=["Umeälven", "Skellefteälven"])) == [
        "Kvistforsen", "Stornorrfors",
    ]
    since = store.read_history(is_exercise=False, since=NOW - timedelta(hours=24))
    assert [r.plant for r in since] == ["Kvistforsen", "Stornorrfors"]


def test_feed_status_is_replaced_per_feed_and_mode(store):
    status = FeedStatus("Vattenfall AB", "http://127.0.0.1:9/r.csv", NOW, False, "kunde inte nås", None, "", 0)
    store.write_feed_status(status, is_exercise=False)
    newer = FeedStatus("Vattenfall AB", "http://127.0.0.1:9/r.csv", NOW + timedelta(minutes=5), True, "Hämtad",
                       NOW + timedelta(minutes=5), "live", 2)
    store.write_feed_status(newer, is_exercise=False)
    assert store.read_feed_statuses(is_exercise=False) == {newer.url: newer}
    assert store.read_feed_statuses(is_exercise=True) == {}
