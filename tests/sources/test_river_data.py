"""River observations against the fake SMHI server: concurrency, per-station failures, cache and
exercise fallbacks, station discovery."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest

from geodata.stations import read_station_table
from settings import load_settings
from sources.http import build_session
from sources.models import DataOrigin
from sources.river_data import (
    FALLBACK_BANNER,
    cache_banner,
    format_age_sv,
    get_river_observations,
    get_station_archive,
)
from sources.smhi_hydroobs import get_observations
from sources.stations import parse_river_stations
from tests.fake_smhi import Fault

#: This module counts requests: ``fake_smhi`` is a server of its own (see ``fake_smhi_alone``).
pytestmark = pytest.mark.own_fake_smhi


#: Storjuktan, Storuman, Harrsele, Stornorrfors: owner Extern, no data period in SMHI's listing.
UME_ARCHIVE_ONLY = {"20047", "20010", "1733", "1734"}
UME_LIVE_IDS = ["1673", "2608", "20047", "20010", "1733", "1630", "2275", "2414", "2238", "2237", "1734"]


@pytest.fixture
def live_settings(tmp_path, fake_smhi):
    return load_settings({"ALVLAGET_MODE": "live", "ALVLAGET_DATA_DIR": str(tmp_path / "data"),
                          "ALVLAGET_SMHI_HYDROOBS_URL": fake_smhi.hydroobs_url})


def test_live_river_has_its_real_stations_in_order_with_latest_values(live_settings, fake_smhi):
    fake_smhi.set_latest_discharge("2238", 850.0)
    progress = []
    obs = get_river_observations("Umeälven", live_settings, session=build_session(live_settings, retries=0),
                                 on_progress=lambda done, total: progress.append((done, total)))
    assert list(obs.stations["station_id"]) == UME_LIVE_IDS  # exercise-only OVN stations never live
    assert obs.origin is DataOrigin.LIVE and obs.banner == ""
    # The power-station gauges: listed, archive only, 404 for every recent period.
    assert set(obs.errors) == UME_ARCHIVE_ONLY
    assert {e.message_sv for e in obs.errors.values()} == {"SMHI publicerar inga aktuella värden här – se ägarens rapport"}
    smhi_gauges = [sid for sid in UME_LIVE_IDS if sid not in UME_ARCHIVE_ONLY]
    total = len(UME_LIVE_IDS) + len(smhi_gauges)  # a daily series each, 15-minute series where SMHI has them
    assert progress[0] == (0, total) and progress[-1] == (total, total) and len(progress) == total + 1
    latest = obs.latest.set_index("station_id")
    assert latest.at["2238", "discharge_m3s"] == 850.0
    assert latest.at["2238", "parameter"] == 2
    assert set(obs.daily) == set(obs.discharge_15min) == set(smhi_gauges)
    assert obs.metas["2238"].source == "SMHI"


def test_one_broken_station_does_not_break_the_others(live_settings, fake_smhi):
    fake_smhi.set_fault(Fault(status=503), "2238")
    fake_smhi.set_fault(Fault(malformed=True), "1630")
    obs = get_river_observations("Umeälven", live_settings, session=build_session(live_settings, retries=0))
    assert set(obs.errors) == {"2238", "1630"} | UME_ARCHIVE_ONLY
    assert obs.errors["2238"].message_sv == "SMHI svarar inte just nu (HTTP 503) för station 2238."
    assert obs.errors["1630"].message_sv == (
        "SMHI svarade med data som inte gick att läsa för station 1630, och ingen sparad kopia finns.")
    assert {"1673", "2414", "2237"} <= set(obs.daily)
    assert obs.origin is DataOrigin.LIVE


def test_removed_station_stays_in_place_marked_and_empty_series_is_reported(live_settings, fake_smhi):
    fake_smhi.set_fault(Fault(removed=True), "2414")
    fake_smhi.set_fault(Fault(empty=True), "1673")
    obs = get_river_observations("Umeälven", live_settings, session=build_session(live_settings, retries=0))
    laisvall = obs.stations.set_index("station_id").loc["2414"]
    assert list(obs.stations["station_id"]) == UME_LIVE_IDS  # still in its place, source to sea
    assert not laisvall["in_listing"] and laisvall["listing_note_sv"] == "finns inte längre i SMHI:s stationslista"
    assert "2414" not in obs.errors and "2414" not in obs.daily  # its (speculative) series are not used
    assert obs.errors["1673"].message_sv == "SMHI har inga aktuella värden för station 1673."
    assert "1673" not in set(obs.latest["station_id"])


def test_concurrent_refresh_is_faster_than_one_at_a_time(live_settings, fake_smhi):
    fake_smhi.set_fault(Fault(delay_ms=80))
    session = build_session(live_settings, retries=0, cache=False)
    start = time.perf_counter()
    get_river_observations(None, live_settings, session=session, max_workers=8)
    concurrent = time.perf_counter() - start
    start = time.perf_counter()
    get_river_observations(None, live_settings, session=session, max_workers=1)
    sequential = time.perf_counter() - start
    assert sequential / concurrent > 3


def _age_cache(session, created_at: datetime) -> None:
    cache = session.cache
    for key in list(cache.responses.keys()):
        cached = cache.responses[key]
        cached.created_at = created_at
        cached.expires = created_at + timedelta(minutes=1)
        cache.responses[key] = cached


def test_smhi_down_with_cache_shows_cache_origin_and_its_age(live_settings, fake_smhi):
    session = build_session(live_settings, retries=0)
    get_river_observations("Umeälven", live_settings, session=session)
    fetched = datetime(2026, 5, 19, 9, 5, tzinfo=timezone.utc)
    _age_cache(session, fetched)
    fake_smhi.set_fault(Fault(status=503))
    now = datetime(2026, 5, 19, 12, 5, tzinfo=timezone.utc)
    obs = get_river_observations("Umeälven", live_settings, session=session, now=now)
    assert obs.origin is DataOrigin.CACHE
    assert obs.oldest_fetched_at == fetched
    assert obs.banner == "Sparade data från kl. 11.05 (3 timmar gamla) – SMHI svarar inte"
    assert set(obs.errors) == UME_ARCHIVE_ONLY  # nothing recent to cache for them in the first place
    assert all(meta.origin is DataOrigin.CACHE for meta in obs.metas.values())


def test_smhi_down_without_cache_falls_back_to_exercise_with_the_reason(live_settings, fake_smhi):
    fake_smhi.set_fault(Fault(status=503))
    obs = get_river_observations("Umeälven", live_settings, session=build_session(live_settings, retries=0))
    assert obs.origin is DataOrigin.EXERCISE
    assert obs.banner == FALLBACK_BANNER == "SMHI svarar inte och det finns inga sparade data – visar ÖVNINGSDATA"
    assert "SMHI unreachable" in obs.note
    assert all(meta.source == "ÖVNING" for meta in obs.metas.values())
    assert "OVN13" in set(obs.stations["station_id"])  # the scenario's own stations
    archive, meta = get_station_archive("2238", live_settings, origin=obs.origin)
    assert meta.origin is DataOrigin.EXERCISE and len(archive) > 36000


def test_exercise_mode_is_marked_everywhere(tmp_path):
    settings = load_settings({"ALVLAGET_MODE": "exercise", "ALVLAGET_DATA_DIR": str(tmp_path / "data")})
    obs = get_river_observations(None, settings)
    assert obs.origin is DataOrigin.EXERCISE
    assert obs.banner == "ÖVNING — Vårflod i alla tre älvarna. Övningsdata, inte verkliga flöden."
    assert len(obs.stations) == len(read_station_table()) and obs.errors == {}
    assert {meta.source for meta in obs.metas.values()} == {"ÖVNING"}


def test_retry_after_is_honoured_against_a_real_socket(live_settings, fake_smhi):
    fake_smhi.set_fault(Fault(status=429, retry_after=1, times=1), "2238")
    session = build_session(live_settings, retries=1, cache=False)
    start = time.perf_counter()
    frame, meta = get_observations(session, fake_smhi.hydroobs_url, "2238", 1, "latest-months")
    assert time.perf_counter() - start >= 1.0
    assert not frame.empty and meta.origin is DataOrigin.LIVE
    assert fake_smhi.request_count("/station/2238/") == 2


def test_age_texts():
    assert format_age_sv(60) == "1 minut gammal"
    assert format_age_sv(25 * 60) == "25 minuter gammal"
    assert format_age_sv(3600) == "1 timme gammal"
    assert format_age_sv(50 * 3600) == "2 dygn gammal"
    now = datetime(2026, 5, 19, 12, 5, tzinfo=timezone.utc)
    assert cache_banner(datetime(2026, 5, 17, 12, 5, tzinfo=timezone.utc), now) == (
        "Sparade data från den 17 maj kl. 14.05 (2 dygn gamla) – SMHI svarar inte")


def _listing(rows: list[dict]) -> pd.DataFrame:
    base = {"owner": "SMHI", "measuring_stations": "CORE", "active": True, "from_utc": pd.NaT, "to_utc": pd.NaT,
            "region": pd.NA, "catchment_name": None, "catchment_number": pd.NA, "catchment_size_km2": np.nan}
    return pd.DataFrame([{**base, **row} for row in rows])


def test_discovery_appends_new_stations_flags_position_matches_and_excludes_other_rivers():
    listing = _listing([
        {"station_id": "2237", "name": "GRANÅKER", "latitude": 64.2396, "longitude": 19.6664, "catchment_name": "UMEÄLVEN"},
        {"station_id": "2238", "name": "SORSELE 2", "latitude": 65.5418, "longitude": 17.5106, "active": False},
        {"station_id": "9999", "name": "NYA BRON", "latitude": 64.5, "longitude": 18.9, "catchment_name": "UMEÄLVEN"},
        {"station_id": "8888", "name": "SKOGSÅN", "latitude": 65.0, "longitude": 20.3},
        {"station_id": "7777", "name": "LJUSNAN X", "latitude": 61.5, "longitude": 15.5},
        # Byskeälven's stations lie inside Skellefteälven's coarse outline: SMHI's word keeps them out.
        {"station_id": "1480", "name": "KÅTASELET", "latitude": 65.344, "longitude": 19.8834, "catchment_name": "BYSKEÄLVEN"},
        {"station_id": "2284", "name": "BYSKE", "latitude": 64.9559, "longitude": 21.184, "region": 18},
        # A curated station whose SMHI catchment names another river is not placed either.
        {"station_id": "1609", "name": "STRÖMFORS", "latitude": 65.1292, "longitude": 18.9528, "catchment_name": "BYSKEÄLVEN"},
        {"station_id": "OVN13", "name": "VÄNNÄSBY", "latitude": 63.914, "longitude": 19.75, "catchment_name": "UMEÄLVEN"},
    ])  # fmt: skip
    stations = parse_river_stations({1: listing}, read_station_table(), exercise=False).set_index("station_id")
    assert {"2237", "9999", "8888"} <= set(stations.index)
    assert not {"7777", "1480", "2284", "1609", "OVN13"} & set(stations.index)
    assert stations.at["9999", "name"] == "Nya Bron" and bool(stations.at["9999", "new"])
    assert np.isnan(stations.at["9999", "order"])
    assert stations.at["9999", "note"] == "Ny station i SMHI:s lista, ordning längs älven okänd"
    assert stations.at["8888", "river"] == "Skellefteälven" and stations.at["8888", "matched_by"] == "position"
    assert bool(stations.at["8888", "position_only"])
    assert stations.at["8888", "listing_note_sv"] == "placerad efter läge (SMHI anger inget avrinningsområde) – kontrollera"
    assert stations.at["2237", "matched_by"] == "catchment" and stations.at["2237", "name"] == "Granåker"
    assert not bool(stations.at["2237", "position_only"]) and stations.at["2237", "listing_note_sv"] == ""
    # Sorsele is listed but closed: it stays in its place, marked.
    assert not bool(stations.at["2238", "in_listing"])
    assert stations.at["2238", "listing_note_sv"] == "finns inte längre i SMHI:s stationslista"
    only_ume = parse_river_stations({1: listing}, read_station_table(), exercise=True, river="Umeälven")
    assert "OVN13" in set(only_ume["station_id"]) and set(only_ume["river"]) == {"Umeälven"}
