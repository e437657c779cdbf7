"""Against SMHI's real APIs (network): every format the app reads, so a format change at SMHI is caught
by one command. Deselected by default; run with ``.venv/bin/python -m pytest -m live tests/sources/test_hydroobs_live.py``.

Stations: SORSELE 2 (2238, SMHI's own gauge on Vindelälven) and SOLLEFTEÅ KRV (2133, the dam owner's
gauge at Sollefteåforsen on Ångermanälven: listed without a data period; corrected archive, maybe no
recent values).

What the app reads, and the test of each: the three station listings (daily discharge, 15-minute discharge,
water level); the ``latest-hour`` station set; per station ``latest-months`` daily discharge (``latest-day``
where that is missing), ``latest-day`` 15-minute discharge and ``latest-months`` water level; the
``corrected-archive`` CSV; the warnings API. The URLs are the app's own defaults (settings.py).
tests/sources/test_live_marker.py checks that these tests are collected and deselected by default.
"""

from __future__ import annotations

import pytest

from geodata.stations import read_station_table
from settings import SMHI_HYDROOBS_URL, SMHI_WARNINGS_URL, load_settings
from sources.errors import NoDataError
from sources.http import build_session
from sources.smhi_hydroobs import (
    DAILY_DISCHARGE,
    DISCHARGE_15MIN,
    WATER_LEVEL,
    get_archive,
    get_latest_all,
    get_observations,
    get_station_listing,
)
from sources.smhi_warnings import get_warnings
from sources.stations import CATCHMENT_NAMES, parse_river_stations

pytestmark = pytest.mark.live

BASE = "https://opendata-download-hydroobs.smhi.se/api/version/1.0"
SMHI_GAUGE, KRV_GAUGE = "2238", "2133"


def test_the_urls_are_the_apps_defaults():
    defaults = load_settings({})
    assert defaults.smhi_hydroobs_url == SMHI_HYDROOBS_URL == BASE
    assert defaults.smhi_warnings_url == SMHI_WARNINGS_URL == "https://opendata-download-warnings.smhi.se/ibww/api/version/1"


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    settings = load_settings({"ALVLAGET_DATA_DIR": str(tmp_path_factory.mktemp("live"))})
    return build_session(settings, retries=1, cache=False)


@pytest.fixture(scope="module")
def daily_listing(session):
    listing, meta = get_station_listing(session, BASE, DAILY_DISCHARGE)
    assert meta.source == "SMHI"
    return listing


def test_listings_name_our_stations_with_positions_and_catchments(session, daily_listing):
    listed = daily_listing.set_index("station_id")
    assert {SMHI_GAUGE, KRV_GAUGE} <= set(listed.index)
    assert listed.loc[KRV_GAUGE, "name"] == "SOLLEFTEÅ KRV"
    assert listed[["latitude", "longitude"]].notna().all().all()
    # catchmentName is what keeps other rivers' stations (KÅTASELET: Byskeälven) off our rivers.
    assert listed.loc[SMHI_GAUGE, "catchment_name"] == "UMEÄLVEN"
    assert set(CATCHMENT_NAMES) <= set(listed["catchment_name"].dropna())
    for parameter in (DISCHARGE_15MIN, WATER_LEVEL):
        other, _ = get_station_listing(session, BASE, parameter)
        assert not other.empty
    # Every curated real station is still listed, and none lands on another river.
    stations = parse_river_stations({DAILY_DISCHARGE: daily_listing}, read_station_table(), exercise=False)
    assert stations["in_listing"].all(), list(stations.loc[~stations["in_listing"], "name"])
    curated = read_station_table().set_index("station_id")
    placed = stations[stations["curated"]].set_index("station_id")
    assert (placed["river"] == curated.loc[placed.index, "river"]).all()
    assert "1480" not in set(stations["station_id"])  # KÅTASELET


def test_latest_hour_station_set_has_smhi_gauges(session):
    latest, meta = get_latest_all(session, BASE, DISCHARGE_15MIN)
    assert meta.source == "SMHI" and not latest.empty
    assert SMHI_GAUGE in set(latest["station_id"])
    assert latest["time_utc"].dt.tz is not None and (latest["discharge_m3s"] >= 0).all()


@pytest.mark.parametrize("station_id", [SMHI_GAUGE, KRV_GAUGE])
def test_latest_months_is_a_daily_series_or_a_404(session, station_id):
    try:
        frame, _ = get_observations(session, BASE, station_id, DAILY_DISCHARGE, "latest-months")
    except NoDataError as exc:
        assert station_id == KRV_GAUGE and exc.not_found  # the owner's gauge: no recent values from SMHI
        return
    assert list(frame.columns) == ["time_utc", "discharge_m3s", "quality"]
    assert len(frame) > 30 and frame["time_utc"].is_monotonic_increasing


def test_latest_day_of_daily_and_15_minute_discharge_at_an_smhi_gauge(session):
    daily, _ = get_observations(session, BASE, SMHI_GAUGE, DAILY_DISCHARGE, "latest-day")
    assert list(daily.columns) == ["time_utc", "discharge_m3s", "quality"] and len(daily) >= 1
    quarter, meta = get_observations(session, BASE, SMHI_GAUGE, DISCHARGE_15MIN, "latest-day")
    assert meta.source == "SMHI"
    assert list(quarter.columns) == ["time_utc", "discharge_m3s", "quality"]
    assert len(quarter) > 4 and quarter["time_utc"].is_monotonic_increasing
    assert quarter["time_utc"].dt.tz is not None


def test_water_level_latest_months_of_a_listed_station(session):
    listing, _ = get_station_listing(session, BASE, WATER_LEVEL)
    ours = set(read_station_table()["station_id"].astype(str))
    active = listing[listing["active"]]
    candidates = [sid for sid in active["station_id"] if sid in ours] or list(active["station_id"])
    frame, _ = get_observations(session, BASE, candidates[0], WATER_LEVEL, "latest-months")
    assert list(frame.columns) == ["time_utc", "level_cm", "quality"]
    assert len(frame) > 0


@pytest.mark.parametrize("station_id", [SMHI_GAUGE, KRV_GAUGE])
def test_corrected_archive_csv_parses_into_decades_of_daily_values(session, station_id):
    archive, _ = get_archive(session, BASE, station_id)
    assert list(archive.columns) == ["date", "discharge_m3s", "quality"]
    years = {d.year for d in archive["date"]}
    assert len(years) >= 10, f"{station_id}: {len(years)} years"
    assert set(archive["quality"].dropna()) <= {"G", "Y", "O"}


def test_warnings_api_answers_in_the_format_the_app_reads(tmp_path):
    settings = load_settings({"ALVLAGET_DATA_DIR": str(tmp_path)})
    assert settings.smhi_warnings_url == SMHI_WARNINGS_URL  # the real API, not a test server
    frame, meta = get_warnings(settings)
    assert meta.source.startswith("SMHI")
    assert {"level", "area_name_sv", "systems", "valid_from_utc"} <= set(frame.columns)
