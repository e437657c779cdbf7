"""Owner reports in words: the sentence on screen and the draft facts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from messages.drafting import draft_text
from messages.facts import DamFact, DraftFacts
from owner_reports.display import (
    NO_LIMITS_SV,
    limits_phrase_sv,
    owner_sentence_sv,
    plants_from_reports,
    report_line_sv,
)
from owner_reports.facts import dam_facts_from_reports
from owner_reports.model import Channel, OwnerReport, StaleLimits

NOW = datetime(2026, 5, 12, 14, 30, tzinfo=UTC)  # 16.30 in Stockholm
NB = "\u00a0"


def _report(plant="Stornorrfors", *, hours=1.5, spillway=600.0, exercise=False, river="Umeälven", level=None,
            upper=None, lower=None):  # fmt: skip
    return OwnerReport(
        id=1, plant=plant, river=river, reported_at=NOW - timedelta(hours=hours), total_m3s=1450,
        turbine_m3s=850, spillway_m3s=spillway, upstream_level_m=level, planned=(), comment="",
        reporter_name="Anna Berg", organisation="Vattenfall AB", entered_by="Anna Berg", channel=Channel.FORM,
        source="", is_exercise=exercise, received_at=NOW, damningsgrans_m=upper, sankningsgrans_m=lower,
    )


def test_the_owner_sentence_names_owner_time_total_and_spillway():
    assert owner_sentence_sv(_report(), NOW) == f"Enligt Vattenfall AB kl. 15.00: 1{NB}450 m³/s, varav 600 m³/s genom utskov"
    assert owner_sentence_sv(_report(hours=30), NOW) == (
        f"Enligt Vattenfall AB den 11 maj kl. 10.30: 1{NB}450 m³/s, varav 600 m³/s genom utskov"
    )
    assert owner_sentence_sv(_report(spillway=0.0, exercise=True), NOW) == (
        f"ÖVNING: Enligt Vattenfall AB kl. 15.00: 1{NB}450 m³/s, inget genom utskov"
    )


def test_a_line_says_age_stale_and_level():
    assert report_line_sv(_report(hours=30, level=75.5), NOW, stale=True) == (
        f"Stornorrfors: Enligt Vattenfall AB den 11 maj kl. 10.30: 1{NB}450 m³/s, varav 600 m³/s genom utskov "
        "(30 timmar gammal, INAKTUELL) · vattenyta 75,50 m ö.h., "
        "ägaren har inte angett dämnings- och sänkningsgräns"
    )
    assert report_line_sv(_report(level=75.5, upper=76.0, lower=70.25), NOW, stale=False).endswith(
        "· vattenyta 75,50 m ö.h., 0,50 m under dämningsgräns (76,00), 5,25 m över sänkningsgräns (70,25)"
    )


def test_the_level_against_the_limits_says_plainly_what_is_missing_or_outside():
    assert limits_phrase_sv(_report()) == ""  # no level: nothing to compare
    assert limits_phrase_sv(_report(level=75.5)) == NO_LIMITS_SV
    assert limits_phrase_sv(_report(level=76.2, upper=76.0, lower=70.0)) == (
        "0,20 m ÖVER dämningsgräns (76,00), 6,20 m över sänkningsgräns (70,00)"
    )
    assert limits_phrase_sv(_report(level=69.0, upper=76.0, lower=70.0)) == (
        "7,00 m under dämningsgräns (76,00), 1,00 m UNDER sänkningsgräns (70,00)"
    )
    assert limits_phrase_sv(_report(level=75.0, upper=76.0)) == (
        "1,00 m under dämningsgräns (76,00), ägaren har inte angett sänkningsgräns"
    )
    assert limits_phrase_sv(_report(level=75.0, lower=70.0)) == (
        "5,00 m över sänkningsgräns (70,00), ägaren har inte angett dämningsgräns"
    )


def test_limits_not_stated_by_the_owner_name_their_source():
    # regulation_limits.csv: a value is only filled in with its source, and the screen names it.
    curated = replace(_report(level=75.0, upper=76.0, lower=70.0), limits_source="vattendom M 1234-05, Umeå tingsrätt")
    assert limits_phrase_sv(curated) == (
        "1,00 m under dämningsgräns (76,00), 5,00 m över sänkningsgräns (70,00) "
        "(gränser enligt vattendom M 1234-05, Umeå tingsrätt)"
    )
    owners = replace(curated, limits_source="ägarens rapport")  # the report's own: its line names the owner
    assert limits_phrase_sv(owners) == "1,00 m under dämningsgräns (76,00), 5,00 m över sänkningsgräns (70,00)"


def test_draft_facts_cite_current_reports_source_to_sea_and_leave_stale_ones_out():
    reports = {
        "Stornorrfors": _report(),
        "Harrsele": _report("Harrsele", hours=8),
        "Kvistforsen": _report("Kvistforsen", river="Skellefteälven"),
    }
    facts, left_out = dam_facts_from_reports(reports, "Umeälven", NOW, StaleLimits(), warning_in_force=True)
    assert facts == (
        DamFact(
            name="Stornorrfors", owner="Vattenfall AB", note_sv=f"1{NB}450 m³/s, varav 600 m³/s genom utskov",
            time_utc=NOW - timedelta(hours=1.5), source="Vattenfall AB",
            note_en="1,450 m³/s, of which 600 m³/s through the spillway gates",
        ),
    )
    assert left_out == ("Harrsele (8 timmar gammal)",)
    facts, _ = dam_facts_from_reports(reports, "Umeälven", NOW, StaleLimits(), warning_in_force=False)
    assert [f.name for f in facts] == ["Harrsele", "Stornorrfors"]  # source to sea


def test_a_drafted_situation_report_quotes_the_owner():
    facts, _ = dam_facts_from_reports({"Stornorrfors": _report()}, "Umeälven", NOW, StaleLimits(), warning_in_force=False)
    text = draft_text("lagesbild", DraftFacts(river="Umeälven", compiled_at_utc=NOW, dams=facts))
    assert (
        "3. Dammar och tappning\n"
        f"- Stornorrfors: Enligt Vattenfall AB 12 maj 2026 kl. 15.00: 1{NB}450 m³/s, varav 600 m³/s genom utskov.\n"
    ) in text.body_sv


def test_the_newest_reports_of_one_river_become_the_alvschemas_plants_with_the_owners_figure():
    reports = {"Stornorrfors": _report(), "Kvistforsen": _report("Kvistforsen", river="Skellefteälven")}
    assert plants_from_reports(reports, "Umeälven").to_dict("records") == [
        {"name": "Stornorrfors", "discharge_m3s": 1450, "status_key": "unknown"}]
    empty = plants_from_reports(reports, "Ångermanälven")
    assert (list(empty.columns), len(empty)) == (["name", "discharge_m3s", "status_key"], 0)
