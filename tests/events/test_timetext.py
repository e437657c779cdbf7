"""Swedish clock times for arrival times (Europe/Stockholm, kl. 06.15)."""

from __future__ import annotations

from datetime import UTC, datetime

from events.timetext import clock_range_sv, clock_sv

NOW = datetime(2026, 5, 9, 18, 0, tzinfo=UTC)  # 20.00 in Sweden (summer time)


def test_clock_today_and_another_day():
    assert clock_sv(datetime(2026, 5, 9, 19, 15, tzinfo=UTC), NOW) == "kl. 21.15"
    assert clock_sv(datetime(2026, 5, 10, 4, 15, tzinfo=UTC), NOW) == "10 maj kl. 06.15"


def test_ranges():
    start = datetime(2026, 5, 9, 19, 15, tzinfo=UTC)
    assert clock_range_sv(start, datetime(2026, 5, 9, 21, 40, tzinfo=UTC), NOW) == "kl. 21.15–23.40"
    assert clock_range_sv(start, datetime(2026, 5, 9, 23, 20, tzinfo=UTC), NOW) == "kl. 21.15–10 maj kl. 01.20"
    assert clock_range_sv(start, start, NOW) == "kl. 21.15"


def test_winter_time_on_the_day_the_clocks_go_back():
    # 25 October 2026: 03.00 summer time becomes 02.00 winter time.
    assert clock_sv(datetime(2026, 10, 25, 0, 30, tzinfo=UTC)) == "25 okt kl. 02.30"
    assert clock_sv(datetime(2026, 10, 25, 1, 30, tzinfo=UTC)) == "25 okt kl. 02.30"
