"""Parsers on fixtures in SMHI's exact formats (see sources/smhi_hydroobs.py for where they come from)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pandas.testing as pdt
import pytest

from sources.errors import BadResponse
from sources.smhi_hydroobs import (
    QUALITY_CODES,
    parse_archive_csv,
    parse_observations,
    parse_station_listing,
    parse_station_set_latest,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "smhi" / "hydroobs"


def read_json(relative: str) -> dict:
    return json.loads((FIXTURES / relative).read_text(encoding="utf-8"))


def utc(*timestamps: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(timestamps), utc=True)).astype("datetime64[ns, UTC]")


def test_station_listing_columns_types_and_catchment_fields():
    frame = parse_station_listing(read_json("parameter/1.json"))
    assert list(frame["station_id"]) == ["2238", "2237", "1378", "1111", "1890", "10435"]
    sorsele = frame.iloc[0]
    assert sorsele["name"] == "SORSELE 2"
    assert sorsele["catchment_name"] == "UMEÄLVEN"
    assert sorsele["catchment_number"] == 28000
    assert sorsele["catchment_size_km2"] == 6054.0
    assert sorsele["from_utc"] == pd.Timestamp(296914500000, unit="ms", tz="UTC")
    assert list(frame["active"]) == [True, True, True, False, True, False]
    # a listing without catchment fields (older format) and null from/to still parse
    alfta = frame.set_index("station_id").loc["1890"]
    assert pd.isna(alfta["catchment_name"])
    assert pd.isna(alfta["from_utc"]) and pd.isna(alfta["to_utc"])
    assert str(frame["from_utc"].dtype) == "datetime64[ns, UTC]"
    assert str(frame["region"].dtype) == "Int64"


def test_observations_over_the_spring_clock_change_keep_utc_and_missing_value():
    frame = parse_observations(read_json("parameter/2/station/2238/period/latest-day/data.json"))
    assert list(frame.columns) == ["time_utc", "discharge_m3s", "quality"]
    assert len(frame) == 16
    # Sweden moved its clocks at 01:00 UTC on 30 March 2025; UTC times stay 15 minutes apart.
    steps = frame["time_utc"].diff().dropna().unique()
    assert list(steps) == [pd.Timedelta(minutes=15)]
    assert frame["time_utc"].iloc[0] == pd.Timestamp("2025-03-29 23:00", tz="UTC")
    assert frame["time_utc"].iloc[-1] == pd.Timestamp("2025-03-30 02:45", tz="UTC")
    assert pd.isna(frame["discharge_m3s"].iloc[5])
    assert frame["discharge_m3s"].iloc[4] == 31.0
    assert list(frame["quality"].iloc[:3]) == ["G", "Y", "O"]


def test_daily_observations_with_numbers_as_strings():
    frame = parse_observations(read_json("parameter/1/station/2238/period/latest-months/data.json"))
    expected = pd.DataFrame(
        {
            "time_utc": utc("2025-05-01 22:00", "2025-05-02 22:00", "2025-05-03 22:00"),
            "discharge_m3s": [212.0, 230.5, 251.25],
            "quality": pd.Series(["O", "O", "O"], dtype="object"),
        }
    )
    pdt.assert_frame_equal(frame, expected)


def test_water_level_parameter_names_the_column_level_cm():
    payload = read_json("parameter/1/station/2238/period/latest-months/data.json")
    payload["parameter"] = {"key": "3", "name": "Vattenstånd", "unit": "cm"}
    frame = parse_observations(payload)
    assert list(frame.columns) == ["time_utc", "level_cm", "quality"]


def test_empty_series_gives_empty_frame_with_the_columns():
    frame = parse_observations(read_json("parameter/1/station/1378/period/latest-months/data.json"))
    assert frame.empty
    assert list(frame.columns) == ["time_utc", "discharge_m3s", "quality"]
    assert str(frame["time_utc"].dtype) == "datetime64[ns, UTC]"


def test_observations_without_value_list_is_a_bad_response():
    with pytest.raises(BadResponse, match="'value'"):
        parse_observations({"parameter": {"key": "1"}})


def test_station_set_latest_takes_last_real_value_and_skips_empty_stations():
    frame = parse_station_set_latest(read_json("parameter/2/station-set/all/period/latest-hour/data.json"))
    expected = pd.DataFrame(
        {
            "station_id": pd.Series(["2238", "2237"], dtype="object"),
            "name": ["SORSELE 2", "GRANÅKER"],
            "latitude": [65.5418, 64.2396],
            "longitude": [17.5106, 19.6664],
            "time_utc": utc("2023-12-28 19:15", "2023-12-28 19:00"),
            "discharge_m3s": [29.54, 70.23],
            "quality": pd.Series(["O", "O"], dtype="object"),
        }
    )
    pdt.assert_frame_equal(frame, expected)


def test_archive_csv_skips_header_block_and_notes_keeps_missing_and_quality():
    text = (FIXTURES / "parameter/1/station/1111/period/corrected-archive/data.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    frame = parse_archive_csv(text)
    assert list(frame.columns) == ["date", "discharge_m3s", "quality"]
    assert frame["date"].iloc[0] == date(1923, 1, 1)
    assert frame["date"].iloc[-1] == date(1923, 1, 9)
    assert len(frame) == 9
    assert pd.isna(frame["discharge_m3s"].iloc[2])
    assert list(frame["quality"].iloc[3:5]) == ["Y", "O"]
    assert frame["discharge_m3s"].iloc[-1] == 55.0


def test_archive_without_table_header_is_a_bad_response():
    with pytest.raises(BadResponse, match="Datum"):
        parse_archive_csv("Stationsnamn;StationsId\nX;1\n")


def test_every_quality_code_has_swedish_and_english_explanation():
    assert QUALITY_CODES["G"][0] == "Kontrollerade och godkända värden"
    assert QUALITY_CODES["Y"][1] == "Coarsely controlled, suspect or aggregated values"
    assert QUALITY_CODES["O"][0] == "Okontrollerade värden"
