"""The owner report settings: feeds and stale limits from the environment."""

from __future__ import annotations

import pytest

from settings import SettingsError, load_settings


def test_defaults_have_no_feeds_and_6_or_24_hours():
    settings = load_settings({})
    assert (settings.owner_feeds, settings.owner_stale_warning_hours, settings.owner_stale_hours) == ((), 6.0, 24.0)


def test_feeds_and_limits_are_read():
    settings = load_settings({
        "ALVLAGET_OWNER_FEEDS": " Vattenfall AB = https://example.se/r.csv?x=1 ; Uniper=http://u.example/u.json;",
        "ALVLAGET_OWNER_STALE_HOURS": "12",
        "ALVLAGET_OWNER_STALE_WARNING_HOURS": "1,5",
    })
    assert settings.owner_feeds == (
        ("Vattenfall AB", "https://example.se/r.csv?x=1"), ("Uniper", "http://u.example/u.json"),
    )
    assert (settings.owner_stale_hours, settings.owner_stale_warning_hours) == (12.0, 1.5)


@pytest.mark.parametrize("value", ["Vattenfall AB", "=https://x.se/r.csv", "Vattenfall=ftp://x.se/r.csv"])
def test_bad_feed_setting_is_explained(value):
    with pytest.raises(SettingsError) as caught:
        load_settings({"ALVLAGET_OWNER_FEEDS": value})
    assert caught.value.variable == "ALVLAGET_OWNER_FEEDS"
    assert caught.value.hint_sv.startswith("Skriv Organisation=URL, flera åtskilda av semikolon")


@pytest.mark.parametrize("value", ["0", "-3", "sex"])
def test_bad_stale_limit_is_explained(value):
    with pytest.raises(SettingsError) as caught:
        load_settings({"ALVLAGET_OWNER_STALE_HOURS": value})
    assert caught.value.hint_sv == "Ange antal timmar, t.ex. 6 eller 24."
