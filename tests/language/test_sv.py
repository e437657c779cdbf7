"""The app's Swedish: numbers, plurals, dates and times, chart ticks."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta

import pytest

from language.sv import (
    THOUSANDS_SEP,
    day_ticks,
    format_age,
    format_clock,
    format_date,
    format_date_time,
    format_flow_m3s,
    format_local_time,
    format_number,
    format_when,
    format_when_on_clocks,
    join_words,
    label_both_clocks,
    label_clock,
    month_ticks,
    plural,
)
from tests.app_testing import PROJECT_ROOT

NB = THOUSANDS_SEP


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [(1450, 0, f"1{NB}450"), (1234567.8, 0, f"1{NB}234{NB}568"), (4.56, 1, "4,6"), (0.5, 0, "1"),
     (-2.5, 0, "-3"), (-0.4, 0, "0"), (999, 0, "999")],
)  # fmt: skip
def test_numbers(value, decimals, text):
    assert format_number(value, decimals) == text


def test_missing_numbers_are_refused_or_worded():
    with pytest.raises(ValueError):
        format_number(float("nan"))
    assert format_flow_m3s(None, missing="värde saknas") == "värde saknas"
    assert format_flow_m3s(float("nan"), missing="–") == "–"
    assert format_flow_m3s(2860.2) == f"2{NB}860 m³/s"


@pytest.mark.parametrize(
    ("count", "singular", "plural_form", "text"),
    [(1, "version", "versioner", "1 version"), (2, "version", "versioner", "2 versioner"),
     (0, "version", "versioner", "0 versioner"), (1, "möte", "möten", "1 möte"), (3, "möte", "möten", "3 möten"),
     (1450, "loggpost", "loggposter", f"1{NB}450 loggposter")],
)  # fmt: skip
def test_plurals(count, singular, plural_form, text):
    assert plural(count, singular, plural_form) == text


def test_join_words():
    assert join_words(["Umeå", "Vännäs", "Vindeln"]) == "Umeå, Vännäs och Vindeln"
    assert join_words(["Umeå"]) == "Umeå"
    assert join_words([]) == ""


def test_times_use_a_full_stop_and_swedish_months():
    moment = datetime(2026, 5, 19, 4, 4, tzinfo=UTC)  # 06.04 in Stockholm (CEST, UTC+2)
    assert format_clock(moment) == "06.04"
    assert format_date(moment) == "19 maj"
    assert format_date(moment, year=True) == "19 maj 2026"
    assert format_date_time(moment) == "19 maj 2026 kl. 06.04"
    assert format_local_time(moment, moment + timedelta(hours=3)) == "06.04"
    assert format_local_time(moment) == "19 maj 06.04"
    assert format_when(moment, moment + timedelta(hours=1)) == "kl. 06.04"
    assert format_when(moment, moment + timedelta(days=2)) == "den 19 maj kl. 06.04"


def test_the_day_the_clocks_change():
    # Sweden moved from CET to CEST at 01:00 UTC on 29 March 2026.
    assert format_clock(datetime(2026, 3, 29, 0, 30, tzinfo=UTC)) == "01.30"
    assert format_clock(datetime(2026, 3, 29, 1, 30, tzinfo=UTC)) == "03.30"


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="naive"):
        format_clock(datetime(2026, 5, 19, 4, 4))


@pytest.mark.parametrize(
    ("age", "text"),
    [(timedelta(seconds=30), "under 1 minut"), (timedelta(minutes=1), "1 minut"), (timedelta(minutes=4), "4 minuter"),
     (timedelta(hours=1), "1 timme"), (timedelta(hours=3), "3 timmar"), (timedelta(days=2), "2 dygn")],
)  # fmt: skip
def test_ages(age, text):
    assert format_age(age) == text


def test_clock_labels():
    assert label_clock("kl. 14.05", scenario=True) == "kl. 14.05 (övningstid)"
    assert label_clock("kl. 14.05", scenario=False) == "kl. 14.05 (verklig tid)"


def test_both_clocks_in_running_text():
    real = datetime(2026, 11, 26, 13, 5, tzinfo=UTC)  # 14.05 in Stockholm
    scenario = datetime(2026, 5, 9, 19, 50, tzinfo=UTC)  # 21.50 in Stockholm (summer time)
    later = real + timedelta(minutes=5)
    assert format_when_on_clocks(real, scenario, now=later, scenario_now=scenario, exercise=False) == "kl. 14.05"
    assert format_when_on_clocks(real, scenario, now=later, scenario_now=scenario + timedelta(minutes=5),
                                 exercise=True) == "kl. 14.05 (verklig tid; övningstid kl. 21.50)"
    assert format_when_on_clocks(real, scenario, now=later + timedelta(days=1), scenario_now=None,
                                 exercise=True) == "den 26 november kl. 14.05 (verklig tid; övningstid den 9 maj kl. 21.50)"
    assert format_when_on_clocks(real, None, now=later, scenario_now=scenario, exercise=True) == (
        "kl. 14.05 (verklig tid)")
    assert label_both_clocks("26 nov 14.05", "9 maj 21.50") == "26 nov 14.05 (verklig tid; övningstid 9 maj 21.50)"


def test_day_ticks_are_swedish_and_at_midnight():
    values, texts = day_ticks(datetime(2026, 4, 28, 10, 0), datetime(2026, 5, 4, 12, 0))
    assert texts == ["29 apr", "30 apr", "1 maj", "2 maj", "3 maj", "4 maj"]
    assert all(v.hour == 0 and v.minute == 0 for v in values)
    _values, texts = day_ticks(datetime(2026, 4, 1), datetime(2026, 5, 30), max_ticks=6)
    assert len(texts) <= 6 and texts[0] == "1 apr"


def test_month_ticks_name_the_year_in_january():
    _values, texts = month_ticks(datetime(2025, 11, 15), datetime(2026, 3, 2))
    assert texts == ["dec", "jan 2026", "feb", "mar"]


def test_uploader_limit_matches_the_server_setting():
    from pages._shared.uploader import MAX_UPLOAD_MB

    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB
