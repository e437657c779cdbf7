"""Owner reports as draft facts: one :class:`messages.facts.DamFact` per plant's newest report.

A drafted text then says, per plant from source to sea, "Stornorrfors: Enligt Vattenfall AB 12 maj 2026
kl. 14.00: 1 450 m³/s, varav 600 m³/s genom utskov." — the owner, the report time and the figures, never
more than the report says. Stale reports are left out: a draft must not cite yesterday's flow as today's.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from language.sv import format_age
from messages.drafting import format_flow_en
from messages.facts import DamFact
from owner_reports.display import EXERCISE_MARK, discharge_phrase, discharge_phrase_sv
from owner_reports.model import OwnerReport, StaleLimits, is_stale
from owner_reports.plants import plants_on


def dam_facts_from_reports(
    reports: Mapping[str, OwnerReport],
    river: str,
    now: datetime,
    limits: StaleLimits,
    *,
    warning_in_force: bool,
) -> tuple[tuple[DamFact, ...], tuple[str, ...]]:
    """The draft facts of ``river``'s plants with a current report, source to sea; and the stale ones left out.

    Returns
    -------
    facts : one DamFact per plant (``owner`` = the reporting organisation, ``source`` = the same, or
        ``"ÖVNING"`` for an exercise report).
    left_out_sv : ``"Hällby (30 timmar gammal)"`` for each stale report not cited.
    """
    facts: list[DamFact] = []
    left_out: list[str] = []
    for plant in plants_on(river):
        report = reports.get(plant.name)
        if report is None:
            continue
        if is_stale(report, now, limits, warning_in_force=warning_in_force):
            left_out.append(f"{report.plant} ({format_age(report.age(now))} gammal)")
            continue
        facts.append(
            DamFact(
                name=report.plant,
                owner=report.organisation,
                note_sv=discharge_phrase_sv(report),
                time_utc=report.reported_at,
                source=EXERCISE_MARK if report.is_exercise else report.organisation,
                note_en=discharge_phrase(
                    report, format_flow_en, "of which {} through the spillway gates", "nothing through the spillway gates"
                ),
            )
        )
    return tuple(facts), tuple(left_out)
