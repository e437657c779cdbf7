"""SMHI warnings: parsing SMHI's warning.json, mapping to the rivers' kommuner, the thin getter."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pytest
import requests
import responses

from settings import load_settings
from sources.errors import BadResponse, SourceUnavailable
from sources.http import build_session
from sources.models import DataOrigin
from sources.smhi_warnings import (
    WARNING_COLUMNS,
    empty_warnings_frame,
    get_warnings,
    parse_warnings,
    warnings_in_force,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "smhi" / "warnings"
DEFAULT = FIXTURES / "ibww" / "api" / "version" / "1" / "warning.json"
EMPTY = FIXTURES / "variants" / "empty" / "ibww" / "api" / "version" / "1" / "warning.json"
BASE = "https://opendata-download-warnings.smhi.se/ibww/api/version/1"


def test_fixture_parses_to_high_water_warnings_mapped_to_kommuner():
    frame = parse_warnings(DEFAULT.read_bytes())
    assert tuple(frame.columns) == WARNING_COLUMNS
    expected = pd.DataFrame(
        {
            "warning_id": ["5101-8802", "5101-8801", "5102-8803"],
            "level": ["orange", "gul", "meddelande"],
            "level_sv": ["Orange varning", "Gul varning", "Meddelande"],
            "area_name_sv": ["Ångermanälven nedströms Sollefteå", "Vindelälven", "Dalälven mellan Näs bruk och Gysinge"],
            "lan_codes": [("22",), ("24",), ("20",)],
            "kommun_codes": [("2283", "2282"), ("2422", "2481", "2404"), ()],
            "systems": [("Ångermanälven",), ("Umeälven",), ()],
        }
    ).astype({"warning_id": "str", "level": "str", "level_sv": "str", "area_name_sv": "str"})
    pd.testing.assert_frame_equal(frame[list(expected.columns)], expected)
    first = frame.iloc[1]
    assert first["valid_from_utc"] == pd.Timestamp("2026-05-28T06:00:00Z")
    assert pd.isna(first["valid_to_utc"])
    assert first["event_sv"] == "Höga flöden"
    assert first["details_sv"].splitlines()[2] == "Var: Vindelälven från Sorsele till Vindeln."
    assert first["area_geojson"]["type"] == "FeatureCollection"


def test_wind_warning_is_not_a_high_water_warning():
    payload = json.loads(DEFAULT.read_text(encoding="utf-8"))
    assert "5103-8804" not in set(parse_warnings(payload)["warning_id"])


def test_empty_fixture_gives_an_empty_frame_with_the_same_dtypes():
    frame = parse_warnings(EMPTY.read_text(encoding="utf-8"))
    pd.testing.assert_frame_equal(frame, empty_warnings_frame())
    assert (frame.dtypes == parse_warnings(DEFAULT.read_bytes()).dtypes).all()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("{not json", "warning.json is not valid JSON"),
        ({"warnings": []}, "warning.json must be a list of warning events"),
        (
            [{"id": 1, "event": {"code": "HIGH_FLOW"}, "warningAreas": [{"id": 2, "warningLevel": {"code": "PURPLE"}}]}],
            "warning area 2: unknown level 'PURPLE'",
        ),
    ],
)
def test_malformed_payloads_are_typed_errors(payload, message):
    with pytest.raises(BadResponse, match=message):
        parse_warnings(payload, url=f"{BASE}/warning.json")


def test_in_force_keeps_open_ended_and_not_yet_ended():
    frame = parse_warnings(DEFAULT.read_bytes())
    late = warnings_in_force(frame, datetime(2026, 6, 10, tzinfo=timezone.utc))
    assert list(late["warning_id"]) == ["5101-8802", "5101-8801"]
    early = warnings_in_force(frame, datetime(2026, 6, 1, tzinfo=timezone.utc))
    assert len(early) == 3


def _live_settings(tmp_path):
    return load_settings({"ALVLAGET_MODE": "live", "ALVLAGET_DATA_DIR": str(tmp_path), "ALVLAGET_SMHI_WARNINGS_URL": BASE})


@responses.activate
def test_get_warnings_live_fetches_the_exact_url(tmp_path):
    responses.get(f"{BASE}/warning.json", body=DEFAULT.read_bytes(), content_type="application/json")
    settings = _live_settings(tmp_path)
    frame, meta = get_warnings(settings, session=build_session(settings, retries=0, cache=False))
    assert len(frame) == 3
    assert meta.url == f"{BASE}/warning.json"
    assert (meta.origin, meta.source, meta.note) == (DataOrigin.LIVE, "SMHI", "")
    assert [call.request.url for call in responses.calls] == [f"{BASE}/warning.json"]


@responses.activate
def test_get_warnings_unreachable_is_source_unavailable(tmp_path):
    responses.get(f"{BASE}/warning.json", body=requests.ConnectionError("refused"))
    settings = _live_settings(tmp_path)
    with pytest.raises(SourceUnavailable) as caught:
        get_warnings(settings, session=build_session(settings, retries=0, cache=False))
    assert caught.value.message_sv == "SMHI kunde inte nås."


@responses.activate
def test_exercise_mode_fetches_nothing_and_says_ovning(tmp_path):
    settings = load_settings({"ALVLAGET_MODE": "exercise", "ALVLAGET_DATA_DIR": str(tmp_path)})
    frame, meta = get_warnings(settings)
    assert frame.empty and len(responses.calls) == 0
    assert (meta.origin, meta.source) == (DataOrigin.EXERCISE, "ÖVNING")
    assert meta.note == "ÖVNING: inga riktiga varningar hämtas; övningsvarningar härleds ur övningsflödena."
