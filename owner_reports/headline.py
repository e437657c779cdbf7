"""The owners' part of a river's headline (issue 10, section 3).

A river's headline is the worst of its main-stem stations (SMHI's figures or the owners'), SMHI's
warnings in force and any owner report of spill above a threshold. This module gives the owners'
candidates, ready to be weighed with the others by the headline logic in :mod:`hydrology.situation`.
A current (not stale) report counts when

- its spill through the gates is at least ``min_spill_m3s``, or
- the plant has a main-stem gauge of its own (SMHI's "… KRV" station at the plant, within
  ``SAME_PLACE_KM``): the owner's figure is then that gauge's flow, which SMHI often no longer
  publishes, and its statistics judge it as they would SMHI's own value.

A plant far from any main-stem gauge reporting turbines only never decides: its flow against a distant
station's statistics would mislead (Sädva judged by Storavan's). Each candidate carries its status
against the nearest main-stem station (:mod:`owner_reports.map_status`) and the sentence that names it
("Stornorrfors enligt Vattenfall AB: 1 450 m³/s, varav 600 m³/s genom utskov, över MHQ").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from hydrology.status import FlowStatus
from owner_reports.display import discharge_phrase_sv
from owner_reports.map_status import OwnerMapPoint
from owner_reports.model import StaleLimits, is_stale

#: Spill below this is routine (fish passes, ice, minimum flows) and never decides a headline [m³/s].
DEFAULT_MIN_SPILL_M3S = 1.0

#: A main-stem gauge this close to the plant is the plant's own (SMHI's "… KRV" stations) [km].
SAME_PLACE_KM = 3.0


@dataclass(frozen=True)
class OwnerDecider:
    """One owner report that may decide ``river``'s headline: its status and the words naming it."""

    river: str
    status: FlowStatus
    text_sv: str
    plant: str


def owner_deciders(
    points: Sequence[OwnerMapPoint],
    now: datetime,
    limits: StaleLimits,
    warning_rivers: Iterable[str],
    *,
    min_spill_m3s: float = DEFAULT_MIN_SPILL_M3S,
) -> list[OwnerDecider]:
    """The owners' headline candidates, worst first (unknown statuses and stale reports left out)."""
    warned = set(warning_rivers)
    deciders = []
    for point in points:
        report = point.report
        spills = report.spillway_m3s is not None and report.spillway_m3s >= min_spill_m3s
        if not (spills or _at_its_own_gauge(point)) or point.status.rank < 0:
            continue
        if is_stale(report, now, limits, warning_in_force=report.river in warned):
            continue
        text = f"{report.plant} enligt {report.organisation}: {discharge_phrase_sv(report)}, {point.status.label_sv.lower()}"
        deciders.append(OwnerDecider(report.river, point.status, text, report.plant))
    return sorted(deciders, key=lambda d: -d.status.rank)


def _at_its_own_gauge(point: OwnerMapPoint) -> bool:
    """Whether the status came from a main-stem gauge at the plant itself (within ``SAME_PLACE_KM``)."""
    return point.main_stem and point.distance_km is not None and point.distance_km <= SAME_PLACE_KM
