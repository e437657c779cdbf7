"""What a river's card says when its main stem has no current figure from SMHI (issue 10).

On the regulated main stems SMHI's gauges are mostly the power stations' own ("… KRV"): SMHI keeps their
corrected archive but publishes no current values. Then only the dam owners know the flow where people
live. A card that only says "Okänd" leaves a crisis officer with nothing to do; this module says, from the
data alone and never guessing a status:

* which main-stem gauges have no current value and why (SMHI publishes none, or they could not be read);
* which main-stem power stations have no current owner report, grouped by owner (from
  ``geodata/curated/dams.csv``), the plants nearest the sea first — whom to call;
* which owner reports are there but stale;
* what SMHI's own gauges upstream show (the early signs), so the rest of the river is not forgotten.

Pure: no Streamlit, no network, no database (the caller passes the newest reports).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from language.sv import format_age, join_words
from owner_reports.model import OwnerReport, StaleLimits, is_stale
from owner_reports.plants import Plant, plants_on

UNKNOWN_OWNER = "Ägare ej känd"
GAP_TITLE_SV = "Huvudfåran saknar aktuella värden"


@dataclass(frozen=True)
class MainStemGap:
    """A river whose main-stem gauges give no current value.

    Attributes
    ----------
    river : the river system, e.g. "Skellefteälven".
    unpublished : main-stem gauges where SMHI publishes no current values (the owners' gauges), source to sea.
    unreadable : main-stem gauges without a value for another reason (SMHI could not be reached …).
    missing : (owner, plants) for the main-stem plants without a current report: owners with the plant
        nearest the sea first, each owner's plants from the sea upwards; an unknown owner last.
    stale : ``"Kvistforsen (30 timmar gammal)"`` per main-stem plant whose newest report is stale.
    reported : main-stem plants with a current report, source to sea.
    upstream_sv : the early signs at the other gauges (``"Sädva: ▲ Över MHQ"``), or empty.
    upstream_quiet : the other gauges with a current value (shown when nothing rises there).
    """

    river: str
    unpublished: tuple[str, ...]
    unreadable: tuple[str, ...]
    missing: tuple[tuple[str, tuple[str, ...]], ...]
    stale: tuple[str, ...]
    reported: tuple[str, ...]
    upstream_sv: tuple[str, ...]
    upstream_quiet: tuple[str, ...]

    def lines_sv(self) -> tuple[str, ...]:
        """The card's sentences, in order: SMHI, the owners, upstream. Plain text (no Markdown)."""
        lines = []
        if self.unpublished:
            lines.append(f"SMHI publicerar inga aktuella värden för huvudfårans mätstationer "
                         f"({join_words(self.unpublished)}): där är det dammägarna som vet flödet.")
        if self.unreadable:
            lines.append(f"Inga aktuella värden från SMHI för {join_words(self.unreadable)} just nu.")
        if not self.unpublished and not self.unreadable:
            lines.append("SMHI har ingen mätstation på huvudfåran.")
        if self.missing:
            owners = [f"{owner} ({', '.join(plants)})" if owner != UNKNOWN_OWNER
                      else f"{', '.join(plants)} (ägare ej känd)" for owner, plants in self.missing]
            lines.append("Aktuella ägarrapporter saknas från huvudfårans kraftverk. Be ägarna rapportera på sidan "
                         f"Ägarrapporter: {'; '.join(owners)}.")
        if self.stale:
            lines.append(f"Inaktuella ägarrapporter: {join_words(self.stale)}.")
        if self.reported:
            lines.append(f"Aktuella ägarrapporter finns för {join_words(self.reported)} (se Ägarrapporter nedan).")
        if self.upstream_sv:
            lines.append(f"Tidiga tecken uppströms: {'; '.join(self.upstream_sv)}.")
        elif self.upstream_quiet:
            lines.append(f"Uppströms ({join_words(self.upstream_quiet)}): inget över MHQ och inget stigande.")
        return tuple(lines)


def _main_stem_plants(river: str) -> tuple[Plant, ...]:
    return tuple(p for p in plants_on(river) if p.stem == p.river)


def find_main_stem_gap(
    river: str,
    stations: pd.DataFrame,
    early_signs_sv: Sequence[str],
    reports: Mapping[str, OwnerReport],
    now: datetime,
    limits: StaleLimits,
    *,
    warning_in_force: bool,
) -> MainStemGap | None:
    """The gap on ``river``'s main stem, or None when a main-stem gauge has a current value.

    Parameters
    ----------
    stations : the river's station rows (:data:`hydrology.situation.SITUATION_STATION_COLUMNS`: ``name``,
        ``decides``, ``discharge_m3s``, ``no_recent_values``), source to sea.
    early_signs_sv : the river's early signs (:func:`hydrology.situation.early_signs`).
    reports : plant → newest owner report (any river; others are ignored).
    now : [UTC]; limits, warning_in_force : when a report counts as stale (:func:`owner_reports.model.is_stale`).
    """
    deciding = stations[stations["decides"].astype(bool)]
    if deciding["discharge_m3s"].notna().any():
        return None
    quiet_flags = deciding["no_recent_values"].astype(bool)
    others = stations[~stations["decides"].astype(bool) & stations["discharge_m3s"].notna()]
    missing: dict[str, list[str]] = {}
    stale: list[str] = []
    reported: list[str] = []
    plants = _main_stem_plants(river)
    for plant in reversed(plants):  # nearest the sea first
        report = reports.get(plant.name)
        if report is not None and report.river == river:
            if not is_stale(report, now, limits, warning_in_force=warning_in_force):
                reported.append(plant.name)
                continue
            stale.append(f"{plant.name} ({format_age(report.age(now))} gammal)")
        missing.setdefault(plant.owner_main or UNKNOWN_OWNER, []).append(plant.name)
    unknown = missing.pop(UNKNOWN_OWNER, None)
    grouped = [(owner, tuple(names)) for owner, names in missing.items()]
    if unknown:
        grouped.append((UNKNOWN_OWNER, tuple(unknown)))
    return MainStemGap(
        river=river,
        unpublished=tuple(deciding.loc[quiet_flags, "name"]),
        unreadable=tuple(deciding.loc[~quiet_flags, "name"]),
        missing=tuple(grouped),
        stale=tuple(stale),
        reported=tuple(reversed(reported)),
        upstream_sv=tuple(early_signs_sv),
        upstream_quiet=tuple(others["name"]),
    )
