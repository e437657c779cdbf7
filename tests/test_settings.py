"""Configuration is read in one place, with defaults, and bad values are refused with a typed error."""

from __future__ import annotations

from pathlib import Path

import pytest

from messages.repository import DEFAULT_CAP_SENDER
from settings import (
    FIX_BY_OPERATOR_SV,
    SETTING_MEANING_SV,
    SMHI_HYDROOBS_URL,
    SMHI_WARNINGS_URL,
    SettingsError,
    choose_scenario,
    load_settings,
)


def test_defaults_point_at_smhi_and_a_local_data_folder(tmp_path):
    settings = load_settings({"ALVLAGET_DATA_DIR": str(tmp_path)})
    assert settings.mode == "live"
    assert settings.smhi_hydroobs_url == "https://opendata-download-hydroobs.smhi.se/api/version/1.0"
    assert settings.smhi_hydroobs_url == SMHI_HYDROOBS_URL
    assert settings.smhi_warnings_url == SMHI_WARNINGS_URL
    assert settings.database_url == f"sqlite:///{tmp_path / 'alvlaget.sqlite'}"
    assert settings.cache_dir == tmp_path / "http-cache"
    assert settings.scenario == "varflod"
    assert settings.cap_sender == "urn:alvlaget:samordningsgrupp"
    assert settings.cap_sender == DEFAULT_CAP_SENDER  # the page and the domain default agree


def test_every_variable_overrides_its_default(tmp_path):
    settings = load_settings(
        {
            "ALVLAGET_MODE": "Exercise",
            "ALVLAGET_SMHI_HYDROOBS_URL": "http://127.0.0.1:8765/hydroobs/api/version/1.0/",
            "ALVLAGET_SMHI_WARNINGS_URL": "http://127.0.0.1:8765/warnings/ibww/api/version/1",
            "ALVLAGET_DATA_DIR": str(tmp_path),
            "ALVLAGET_DATABASE_URL": "postgresql+psycopg://u:p@db/alvlaget",
            "ALVLAGET_CACHE_DIR": "/var/cache/alvlaget",
            "ALVLAGET_SCENARIO": "umealven-50",
            "ALVLAGET_CAP_SENDER": " urn:oid:2.49.0.0.752.1 ",
        }
    )
    assert settings.is_exercise
    assert settings.smhi_hydroobs_url == "http://127.0.0.1:8765/hydroobs/api/version/1.0"  # no trailing slash
    assert settings.database_url == "postgresql+psycopg://u:p@db/alvlaget"
    assert settings.cache_dir == Path("/var/cache/alvlaget")
    assert settings.scenario == "umealven-50"
    assert settings.cap_sender == "urn:oid:2.49.0.0.752.1"


def test_unknown_mode_is_refused():
    with pytest.raises(SettingsError, match="ALVLAGET_MODE must be 'live' or 'exercise', not 'demo'") as caught:
        load_settings({"ALVLAGET_MODE": "demo"})
    assert (caught.value.variable, caught.value.hint_sv) == ("ALVLAGET_MODE", "Tillåtna värden: live eller exercise.")


@pytest.mark.parametrize("sender", ["urn:alvlaget:grupp ume", "a,b", "x<y", "x&y"])
def test_a_cap_sender_cap_cannot_carry_is_refused(sender):
    with pytest.raises(SettingsError) as caught:
        load_settings({"ALVLAGET_CAP_SENDER": sender})
    assert str(caught.value) == (
        f"ALVLAGET_CAP_SENDER must not contain spaces, commas, '<' or '&', not {sender!r}"
    )
    assert caught.value.variable == "ALVLAGET_CAP_SENDER"
    assert caught.value.hint_sv == (
        "CAP-avsändaren får inte innehålla mellanslag, kommatecken, < eller &, t.ex. urn:alvlaget:samordningsgrupp."
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [("ALVLAGET_MODE", "demo"), ("ALVLAGET_CAP_SENDER", "a b"), ("ALVLAGET_HTTP_CACHE", "ram"),
     ("ALVLAGET_OWNER_FEEDS", "Vattenfall"), ("ALVLAGET_OWNER_STALE_HOURS", "-1"),
     ("ALVLAGET_OWNER_STALE_WARNING_HOURS", "sex"), ("ALVLAGET_PAGE_WAIT_S", "0"), ("ALVLAGET_LIVE_INTERVAL_S", "0"),
     ("ALVLAGET_DB_LOCK_WAIT_S", "aldrig")],
)  # fmt: skip
def test_a_refused_setting_is_said_on_screen_in_words_and_named_only_for_the_log(tmp_path, variable, value):
    with pytest.raises(SettingsError) as caught:
        load_settings({"ALVLAGET_DATA_DIR": str(tmp_path), variable: value})
    error = caught.value
    assert error.variable == variable and variable in str(error)  # the log's message names the variable
    assert error.message_sv == (f"Appen kan inte starta: inställningen för {SETTING_MEANING_SV[variable]} är fel. "
                                f"{error.hint_sv} {FIX_BY_OPERATOR_SV}")
    assert "ALVLAGET" not in error.message_sv
    assert FIX_BY_OPERATOR_SV.startswith("Den som sköter Älvläget på servern behöver rätta inställningen")


def test_a_chosen_scenario_is_shared_and_wins_over_the_variable(tmp_path):
    env = {"ALVLAGET_DATA_DIR": str(tmp_path), "ALVLAGET_SCENARIO": "varflod", "ALVLAGET_MODE": "exercise"}
    chosen = choose_scenario(load_settings(env), "dammbrott-angermanalven")
    assert chosen.scenario == "dammbrott-angermanalven"
    assert load_settings(env).scenario == "dammbrott-angermanalven"  # another session, or after a restart


def test_group_name_is_one_configurable_name():
    assert load_settings({}).group_name == "Samordningsgruppen för information vid höga flöden"
    custom = load_settings({"ALVLAGET_GROUP_NAME": "  Samordningsgruppen   Umeälven "})
    assert custom.group_name == "Samordningsgruppen Umeälven"


def test_the_database_lock_wait_is_10_s_unless_set():
    assert load_settings({}).db_lock_wait_s == 10.0
    assert load_settings({"ALVLAGET_DB_LOCK_WAIT_S": "2,5"}).db_lock_wait_s == 2.5
