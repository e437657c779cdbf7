"""A main stem without current SMHI values: what the card says, from the dam data and the owner reports."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pandas as pd

from owner_reports.coverage import UNKNOWN_OWNER, find_main_stem_gap
from owner_reports.model import Channel, OwnerReport, StaleLimits
from owner_reports.plants import plants_on

NOW = datetime(2026, 5, 12, 14, 30, tzinfo=UTC)
LIMITS = StaleLimits()


def _stations(rows: list[tuple[str, bool, float, bool]]) -> pd.DataFrame:
    """(name, decides, discharge, no_recent_values), source to sea."""
    return pd.DataFrame(rows, columns=["name", "decides", "discharge_m3s", "no_recent_values"])


SKELLEFTEA_LIVE = _stations([
    ("Sädva", False, 21.0, False), ("Riebnes", False, 35.0, False), ("Storavan", True, math.nan, True),
    ("Strömfors", False, 8.0, False), ("Finnfors", True, math.nan, True), ("Kvistforsen", True, math.nan, True),
])


def _report(plant: str, river: str, hours: float, organisation: str) -> OwnerReport:
    return OwnerReport(
        id=1, plant=plant, river=river, reported_at=NOW - timedelta(hours=hours), total_m3s=300.0, turbine_m3s=None,
        spillway_m3s=None, upstream_level_m=None, planned=(), comment="", reporter_name="Eva Lind",
        organisation=organisation, entered_by="Eva Lind", channel=Channel.FORM, source="", is_exercise=False,
        received_at=NOW,
    )


def test_without_values_or_reports_the_card_names_smhis_gap_every_owner_and_the_quiet_upstream():
    gap = find_main_stem_gap("Skellefteälven", SKELLEFTEA_LIVE, (), {}, NOW, LIMITS, warning_in_force=False)
    assert gap is not None
    assert gap.unpublished == ("Storavan", "Finnfors", "Kvistforsen") and gap.unreadable == ()
    owners = dict(gap.missing)
    main_stem = [p for p in plants_on("Skellefteälven") if p.stem == p.river]
    # Every main-stem plant is named once, under its owner from the dam data.
    assert sorted(n for names in owners.values() for n in names) == sorted(p.name for p in main_stem)
    for plant in main_stem:
        assert plant.name in owners[plant.owner_main]
    assert {"Skellefteå Kraft", "Statkraft", "Vattenfall"} <= set(owners)
    # The owner nearest the sea comes first, each owner's plants from the sea upwards.
    nearest_sea = main_stem[-1]
    assert gap.missing[0] == (nearest_sea.owner_main, gap.missing[0][1]) and gap.missing[0][1][0] == nearest_sea.name
    lines = gap.lines_sv()
    assert lines[0] == ("SMHI publicerar inga aktuella värden för huvudfårans mätstationer (Storavan, Finnfors och "
                        "Kvistforsen): där är det dammägarna som vet flödet.")
    assert lines[1].startswith("Aktuella ägarrapporter saknas från huvudfårans kraftverk. Be ägarna rapportera på "
                               "sidan Ägarrapporter: ")
    assert "Statkraft (Kvistforsen)" in lines[1]
    assert lines[-1] == "Uppströms (Sädva, Riebnes och Strömfors): inget över MHQ och inget stigande."


def test_current_and_stale_reports_are_told_apart_and_early_signs_are_shown():
    reports = {
        "Kvistforsen": _report("Kvistforsen", "Skellefteälven", 2, "Statkraft"),
        "Finnfors": _report("Finnfors", "Skellefteälven", 30, "Skellefteå Kraft"),
        "Stornorrfors": _report("Stornorrfors", "Umeälven", 1, "Vattenfall AB"),  # another river: ignored
    }
    signs = ("Sädva: ▲ Över MHQ, stigande 3,0 m³/s per timme",)
    gap = find_main_stem_gap("Skellefteälven", SKELLEFTEA_LIVE, signs, reports, NOW, LIMITS, warning_in_force=False)
    assert gap is not None
    assert gap.reported == ("Kvistforsen",)
    assert gap.stale == ("Finnfors (30 timmar gammal)",)
    owners = dict(gap.missing)
    assert "Statkraft" not in owners  # its only main-stem plant reported
    assert "Finnfors" in owners["Skellefteå Kraft"]  # a stale report is no current figure
    lines = gap.lines_sv()
    assert "Inaktuella ägarrapporter: Finnfors (30 timmar gammal)." in lines
    assert "Aktuella ägarrapporter finns för Kvistforsen (se Ägarrapporter nedan)." in lines
    assert lines[-1] == "Tidiga tecken uppströms: Sädva: ▲ Över MHQ, stigande 3,0 m³/s per timme."
    # During a warning the shorter limit applies: 2 hours is still current, 7 would not be.
    reports["Kvistforsen"] = _report("Kvistforsen", "Skellefteälven", 7, "Statkraft")
    warned = find_main_stem_gap("Skellefteälven", SKELLEFTEA_LIVE, signs, reports, NOW, LIMITS, warning_in_force=True)
    assert warned is not None and warned.reported == () and "Kvistforsen (7 timmar gammal)" in warned.stale


def test_a_main_stem_value_means_no_gap_and_unknown_owners_are_said_so():
    with_value = SKELLEFTEA_LIVE.assign(
        discharge_m3s=[21.0, 35.0, math.nan, 8.0, math.nan, 310.0], no_recent_values=[False] * 5 + [False])
    assert find_main_stem_gap("Skellefteälven", with_value, (), {}, NOW, LIMITS, warning_in_force=False) is None
    unreachable = _stations([("Sollefteå", True, math.nan, False)])
    gap = find_main_stem_gap("Ångermanälven", unreachable, (), {}, NOW, LIMITS, warning_in_force=False)
    assert gap is not None and gap.unpublished == () and gap.unreadable == ("Sollefteå",)
    assert gap.lines_sv()[0] == "Inga aktuella värden från SMHI för Sollefteå just nu."


def test_a_main_stem_plant_without_a_known_owner_is_named_last_as_such(monkeypatch):
    """Every main-stem plant has a sourced owner today (c2db053); a plant whose owner is blanked stands for a
    new plant added before its owner is known."""
    stem = [p for p in plants_on("Ångermanälven") if p.stem == p.river]
    blanked = {stem[0].name, stem[-1].name}
    monkeypatch.setattr(
        "owner_reports.coverage.plants_on",
        lambda river: tuple(replace(p, owner_main="") if p.name in blanked else p for p in plants_on(river)),
    )
    unreachable = _stations([("Sollefteå", True, math.nan, False)])
    gap = find_main_stem_gap("Ångermanälven", unreachable, (), {}, NOW, LIMITS, warning_in_force=False)
    assert gap is not None
    unknown = (stem[-1].name, stem[0].name)  # nearest the sea first
    assert gap.missing[-1] == (UNKNOWN_OWNER, unknown)
    assert all(UNKNOWN_OWNER not in owner for owner, _ in gap.missing[:-1])
    assert f"{', '.join(unknown)} (ägare ej känd)" in gap.lines_sv()[1]
