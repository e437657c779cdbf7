"""Against SMHI's real APIs (network): every format the app reads, so a format change at SMHI is caught
by one command. Deselected by default; run with ``.venv/bin/python -m pytest -m live tests/sources/test_hydroobs_live.py``.

Stations: SORSELE 2 (2238, SMHI's own gauge on Vindelälven) and SOLLEFTEÅ KRV (2133, the dam owner's
gauge at Sollefteåforsen on Ångermanälven: listed without a data period; corrected archive, maybe no
recent values).
"""

from __future__ import annotations

import pytest

from geodata.stations import read_station_table
from settings import load_settings
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


@pytest.mark.parametrize("station_id", [SMHI_GAUGE, KRV_GAUGE])
def test_corrected_archive_csv_parses_into_decades_of_daily_values(session, station_id):
    archive, _ = get_archive(session, BASE, station_id)
    assert list(archive.columns) == ["date", "discharge_m3s", "quality"]
    years = {d.year for d in archive["date"]}
    assert len(years) >= 10, f"{station_id}: {len(years)} years"
    assert set(archive["quality"].dropna()) <= {"G", "Y", "O"}


def test_warnings_api_answers_in_the_format_the_app_reads(tmp_path):
    settings = load_settings({"ALVLAGET_DATA_DIR": str(tmp_path)})
    frame, meta = get_warnings(settings)
    assert meta.source.startswith("SMHI")
    assert {"level", "area_name_sv", "systems", "valid_from_utc"} <= set(frame.columns)
