"""The dam failure in two lines for the meeting screen: where the front is, when it can reach the places ahead."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from events.arrivals import read_reach
from events.briefing import arrival_lines, arrival_strip_sv, clock_table_sv, front_now_sv
from geodata.arrival import estimate_arrivals

FAILED = datetime(2026, 5, 9, 16, 0, tzinfo=UTC)  # 18.00 in Stockholm


def _lines(hours: float):
    return arrival_lines(estimate_arrivals(read_reach("Hällby")), FAILED, FAILED + timedelta(hours=hours))


def test_before_the_front_has_come_anywhere():
    lines = _lines(0.1)
    assert front_now_sv(lines) == "Nått: Sollefteå kommun"  # the dam's own kommun, not the town below
    strip = arrival_strip_sv(lines, "övningstid, grov uppskattning")
    assert strip.startswith("Fronten kan nå (övningstid, grov uppskattning): Gulsele kl. 18.26–18.54 · ")
    # After the next place, only the towns ahead, in river order.
    assert [re.match(r"(.+?) (?:\d+ \w+ )?kl\. ", part)[1] for part in strip.split(": ", 1)[1].split(" · ")] == [
        "Gulsele", "Näsåker", "Sollefteå", "Nyland", "Kramfors"]


def test_half_way_and_past_the_last_place():
    lines = _lines(5.0)
    assert front_now_sv(lines) == "Nått: Långbjörn (damm) · kan vara vid Forsmo (damm)"
    assert arrival_strip_sv(lines).startswith("Fronten kan nå: Sollefteåforsen kl. 23.42–10 maj kl. 05.35 · Sollefteå kl. 23.44–")
    assert arrival_strip_sv(_lines(30.0)) == "Fronten kan ha nått alla platser till havet."


def test_the_table_puts_where_the_front_is_next_to_the_place():
    """At 1280 px the table's last columns lie beyond its right edge: the state of each place comes right
    after its name (it once was the seventh column, cut off on Läget)."""
    table = clock_table_sv(_lines(2.0))
    assert list(table.columns) == ["Plats", "Läge nu", "Fronten väntas", "Toppen väntas", "Toppflöde (m³/s)", "Typ",
                                   "Kommun", "Uppgiftens art"]
    assert table.iloc[0].tolist()[:3] == ["Sollefteå", "Nådd", "kl. 18.00"]
