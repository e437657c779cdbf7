"""Validation of one report and when a report is stale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from owner_reports.model import (
    Channel,
    OwnerReport,
    OwnerReportError,
    PlannedDischarge,
    ReportDraft,
    StaleLimits,
    is_stale,
    validate_draft,
)

NOW = datetime(2026, 5, 12, 14, 0, tzinfo=UTC)


def _report(age: timedelta) -> OwnerReport:
    return OwnerReport(
        id=1, plant="Stornorrfors", river="Umeälven", reported_at=NOW - age, total_m3s=1450, turbine_m3s=None,
        spillway_m3s=None, upstream_level_m=None, planned=(), comment="", reporter_name="Anna",
        organisation="Vattenfall AB", entered_by="Anna", channel=Channel.FORM, source="", is_exercise=False,
        received_at=NOW,
    )


@pytest.mark.parametrize(
    ("age_h", "warning", "stale"),
    [(5.9, True, False), (6.1, True, True), (23.9, False, False), (24.1, False, True), (6.1, False, False)],
)
def test_stale_after_6_hours_during_a_warning_and_24_hours_otherwise(age_h, warning, stale):
    assert is_stale(_report(timedelta(hours=age_h)), NOW, StaleLimits(), warning_in_force=warning) is stale


def test_stale_limits_are_configurable():
    limits = StaleLimits(during_warning=timedelta(hours=1), otherwise=timedelta(hours=2))
    assert is_stale(_report(timedelta(hours=1.5)), NOW, limits, warning_in_force=True)
    assert not is_stale(_report(timedelta(hours=1.5)), NOW, limits, warning_in_force=False)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"total_m3s": None}, "Ange total tappning."),
        ({"total_m3s": -1}, "Total tappning kan inte vara negativ."),
        ({"total_m3s": 50_000}, "Total tappning 50\u00a0000 m³/s är orimligt stor (högst 20\u00a0000 m³/s)."),
        ({"spillway_m3s": 2000}, "Tappningen genom utskov är större än den totala tappningen."),
        ({"upstream_level_m": 4000}, "Vattenytan uppströms ska anges i meter över havet (m ö.h.)."),
        ({"damningsgrans_m": float("inf")}, "Dämningsgränsen ska anges i meter över havet (m ö.h.)."),
        ({"sankningsgrans_m": -50}, "Sänkningsgränsen ska anges i meter över havet (m ö.h.)."),
        ({"damningsgrans_m": 70.0, "sankningsgrans_m": 75.5},
         "Sänkningsgränsen (75,50 m ö.h.) ligger över dämningsgränsen (70,00 m ö.h.)."),
        ({"reported_at": NOW + timedelta(hours=1)}, "Rapporttiden ligger i framtiden. Ange när värdena gällde."),
        ({"reported_at": datetime(2026, 5, 12, 12, 0)}, "Rapporttiden saknar tidszon."),
        ({"planned": (PlannedDischarge(NOW - timedelta(hours=2), 10),)}, "Planerad tappning ska ligga efter rapporttiden."),
        ({"planned": (PlannedDischarge(NOW + timedelta(days=15), 10),)}, "Planerad tappning får sträcka sig högst 14 dygn framåt."),
        ({"comment": "x" * 2001},
         "Kommentar: texten är för lång, 2\u00a0001 tecken av högst 2\u00a0000. Inget har sparats. Korta den och försök igen."),
    ],
)
def test_invalid_reports_are_refused_in_swedish(changes, message):
    draft = ReportDraft(plant="Stornorrfors", reported_at=NOW - timedelta(hours=1), total_m3s=1450)
    values = {**draft.__dict__, **changes}
    with pytest.raises(OwnerReportError) as caught:
        validate_draft(ReportDraft(**values), NOW)
    assert caught.value.message_sv == message
