"""What an active event means for each place, in words and clock times (pure; shown by every page).

:func:`arrival_lines` turns the arrival table (:func:`events.arrivals.read_arrival_table`) and the
failure time into per-place lines: when the front and the peak are expected as clock times with
their range, and what has already been reached at ``now``. :func:`clock_table_sv` is the same as a
table with Swedish headings. Times UTC in, Europe/Stockholm out ("kl. 06.15").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from events.arrivals import read_reach
from events.repository import Event
from events.timetext import clock_range_sv, clock_sv
from geodata.arrival import PEAK_ASSUMED_SV, PLACE_TYPE_SV, arrival_clock_times
from messages.facts import ArrivalFact, EventFact, KommunFact

EXERCISE_MARK = "ÖVNING"
STATE_SV = {"nådd": "Nådd", "kan vara nådd": "Kan vara nådd", "väntas": "Väntas"}


@dataclass(frozen=True)
class ArrivalLine:
    """One place below a failing dam, ready to show."""

    place: str
    place_type_sv: str
    kommun: str
    front_sv: str  # "kl. 21.15–23.40"
    peak_sv: str
    peak_m3s: float | None
    state: str  # nådd / kan vara nådd / väntas
    label: str  # "grov uppskattning" / "dammägarens uppgift"
    source: str
    peak_assumed: bool = False  # the peak time is the assumed lag after the front, not the owner's figure

    @property
    def name_sv(self) -> str:
        """``"Sollefteå (ort)"``, ``"Kramfors (kommungräns)"``."""
        return f"{self.place} ({self.place_type_sv})"


def event_headline_sv(event: Event, now: datetime) -> str:
    """``"DAMMBROTT – Hällbydammen, kl. 21.15"`` (start time; the date when not today)."""
    return f"{event.kind_sv.upper()} – {event.place_sv}, {clock_sv(event.started_at, now)}"


def arrival_lines(table: pd.DataFrame, failed_at: datetime, now: datetime) -> list[ArrivalLine]:
    """Per place, in river order: expected front and peak as clock ranges and the state at ``now`` [UTC]."""
    timed = arrival_clock_times(table, failed_at, now)
    lines = []
    for row in timed.itertuples(index=False):
        lines.append(ArrivalLine(
            place=row.place, place_type_sv=PLACE_TYPE_SV.get(row.place_type, row.place_type), kommun=row.kommun,
            front_sv=clock_range_sv(row.front_from_utc, row.front_to_utc, now),
            peak_sv=clock_range_sv(row.peak_from_utc, row.peak_to_utc, now),
            peak_m3s=None if pd.isna(row.peak_m3s) else float(row.peak_m3s),
            state=row.state, label=row.label, source=row.source, peak_assumed=bool(row.peak_assumed),
        ))
    return lines


def reached_summary_sv(lines: list[ArrivalLine]) -> str:
    """``"Nått: Gulsele (damm), Edensforsen (damm). Kan vara nått: Lasele (damm). Nästa: Näsåker (ort) kl. 23.05–01.50."``"""
    reached = [line.name_sv for line in lines if line.state == "nådd"]
    maybe = [line.name_sv for line in lines if line.state == "kan vara nådd"]
    ahead = [line for line in lines if line.state == "väntas"]
    parts = []
    if reached:
        parts.append("Nått: " + ", ".join(reached) + ".")
    if maybe:
        parts.append("Kan vara nått: " + ", ".join(maybe) + ".")
    if ahead:
        parts.append(f"Nästa: {ahead[0].name_sv} {ahead[0].front_sv}.")
    else:
        parts.append("Fronten kan ha nått alla platser till havet.")
    return " ".join(parts)


def front_now_sv(lines: list[ArrivalLine]) -> str:
    """Where the front is, in one short phrase for the meeting screen: the furthest place reached and
    the furthest it may have reached, ``"Nått: Degerforsen (damm) · kan vara vid Lasele (damm)"``; a kommun
    border reads as the kommun ("Nått: Sollefteå kommun": the dam's own kommun at the start)."""
    reached = [line for line in lines if line.state == "nådd"]
    maybe = [line for line in lines if line.state == "kan vara nådd"]
    if not reached and not maybe:
        return "Fronten har inte nått någon plats ännu"
    parts = [f"Nått: {_where(reached[-1])}"] if reached else []
    if maybe:
        parts.append(f"kan vara vid {_where(maybe[-1])}")
    return " · ".join(parts)


def _where(line: ArrivalLine) -> str:
    """``"Gulsele (damm)"``; a kommun border as the kommun (``"Sollefteå kommun"``), not as the town."""
    return f"{line.place} kommun" if line.place_type_sv == PLACE_TYPE_SV["kommun"] else line.name_sv


def arrival_strip_sv(lines: list[ArrivalLine], note: str = "") -> str:
    """The places ahead of the front in one line: the next place of any kind, then every town ahead.

    ``"Fronten kan nå: Nämforsen kl. 21.29–01.04 · Näsåker kl. 21.30–01.07 · Sollefteå kl. 23.45–05.39"``;
    past the last place ``"Fronten kan ha nått alla platser till havet."``. The times are the front's
    earliest–latest arrival, as in :func:`clock_table_sv`; ``note`` (which clock, whose figures) goes in
    brackets after "Fronten kan nå".
    """
    ahead = [line for line in lines if line.state == "väntas"]
    if not ahead:
        return "Fronten kan ha nått alla platser till havet."
    shown = [ahead[0], *(line for line in ahead[1:] if line.place_type_sv == PLACE_TYPE_SV["ort"])]
    return f"Fronten kan nå{f' ({note})' if note else ''}: " + " · ".join(f"{line.place} {line.front_sv}" for line in shown)


def clock_table_sv(lines: list[ArrivalLine]) -> pd.DataFrame:
    """The arrival lines as a table with Swedish headings (flows in m³/s)."""
    return pd.DataFrame({
        "Plats": [line.place for line in lines],
        "Läge nu": [STATE_SV[line.state] for line in lines],
        "Fronten väntas": [line.front_sv for line in lines],
        "Toppen väntas": [line.peak_sv + (f" ({PEAK_ASSUMED_SV})" if line.peak_assumed else "") for line in lines],
        "Toppflöde (m³/s)": ["–" if line.peak_m3s is None else f"{line.peak_m3s:,.0f}".replace(",", "\u202f")
                             for line in lines],
        "Typ": [line.place_type_sv for line in lines],
        "Kommun": [line.kommun for line in lines],
        "Uppgiftens art": [line.label for line in lines],
    })


def event_fact(event: Event, table: pd.DataFrame) -> EventFact:
    """The event and its arrival table as draft facts (what the dam-failure templates and exports may cite):
    per place the times, what they rest on, and the kommuner from the dam to the sea with their SCB codes."""
    timed = arrival_clock_times(table, event.started_at, event.started_at)
    arrivals = tuple(
        ArrivalFact(
            place=row.place, place_type_sv=PLACE_TYPE_SV.get(row.place_type, row.place_type), kommun=row.kommun,
            front_from_utc=row.front_from_utc, front_to_utc=row.front_to_utc, peak_from_utc=row.peak_from_utc,
            peak_to_utc=row.peak_to_utc, label=row.label, peak_m3s=None if pd.isna(row.peak_m3s) else float(row.peak_m3s),
            source=row.source, peak_assumed=bool(row.peak_assumed),
        )
        for row in timed.itertuples(index=False)
    )
    kommuner = () if not event.dam else tuple(
        KommunFact(str(row.kommun), str(row.kommun_kod)) for row in read_reach(event.dam).kommuner.itertuples(index=False)
    )
    return EventFact(kind_sv=event.kind_sv, place_sv=event.place_sv, river=event.river, started_at_utc=event.started_at,
                     dam=event.dam, arrivals=arrivals, kommuner=kommuner,
                     rescue_taken_over_by=event.rescue_taken_over_by)
