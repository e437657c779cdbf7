"""Several app servers on one database agree: the exercise (scenario, clock) and SMHI's cached answers
live in the database, and with PostgreSQL nothing another server needs is left in the data folder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from pandas.testing import assert_frame_equal

from hydrology.statistics import compute_statistics
from hydrology.stats_cache import read_or_compute_statistics
from settings import choose_scenario, load_settings
from sharing.live_updates import version
from sharing.statistics_store import read_stored_statistics, write_stored_statistics
from sharing.store import forget_memo
from sources.exercise.adapter import default_scenario_start, exercise_archive_versions, scenario_now
from sources.exercise.clock import read_clock, skip_clock, start_clock
from sources.http import build_session
from sources.models import DataOrigin
from sources.river_data import cache_banner, get_river_observations, get_station_archives
from tests.fake_smhi import Fault

#: This module counts requests: ``fake_smhi`` is a server of its own (see ``fake_smhi_alone``).
pytestmark = pytest.mark.own_fake_smhi


T0 = datetime(2026, 5, 8, 12, 0, tzinfo=UTC)


def server_settings(tmp_path, name: str, database_url: str, **env: str):
    """One app server's settings: its own data folder, the group's shared database."""
    return load_settings({"ALVLAGET_DATA_DIR": str(tmp_path / name), "ALVLAGET_DATABASE_URL": database_url, **env})


def test_the_exercise_chosen_on_one_server_runs_on_the_other(tmp_path, database_url):
    one = server_settings(tmp_path, "one", database_url, ALVLAGET_MODE="exercise")
    chosen = choose_scenario(one, "dammbrott-angermanalven")
    start_clock(chosen, default_scenario_start(chosen), T0, speed=60)
    skip_clock(chosen, timedelta(hours=2), T0, default_start=default_scenario_start(chosen))
    forget_memo()  # the other server has read nothing yet

    other = server_settings(tmp_path, "other", database_url, ALVLAGET_MODE="exercise")
    assert other.scenario == "dammbrott-angermanalven"
    clock = read_clock(other, default_start=T0, real_now=T0)
    assert clock.speed == 60
    assert scenario_now(other, T0 + timedelta(minutes=1)) == default_scenario_start(other) + timedelta(hours=3)
    assert version("exercise", database_url) == 3  # choice, start, skip: open Möte pages rerun


def test_two_servers_share_one_http_cache_and_its_stale_copy(tmp_path, database_url, fake_smhi):
    env = {"ALVLAGET_MODE": "live", "ALVLAGET_SMHI_HYDROOBS_URL": fake_smhi.hydroobs_url,
           "ALVLAGET_HTTP_CACHE": "database"}
    one = server_settings(tmp_path, "one", database_url, **env)
    other = server_settings(tmp_path, "other", database_url, **env)
    session_one = build_session(one, retries=0)
    first = get_river_observations("Umeälven", one, session=session_one)
    cached = {urlsplit(url).path for url in session_one.cache.urls()}
    assert any("/station/" in path for path in cached)  # the first server's answers are in the database
    asked_before = len(fake_smhi.requests)

    again = get_river_observations("Umeälven", other, session=build_session(other, retries=0))
    # The rule, whatever the size of the station table: the other server asks SMHI for nothing the
    # first one cached (it may ask again for what SMHI refused or has not got: 404s are never cached).
    asked_again = set(fake_smhi.requests[asked_before:])
    assert asked_again.isdisjoint(cached), sorted(asked_again & cached)
    assert again.origin is DataOrigin.LIVE
    assert list(again.stations["station_id"]) == list(first.stations["station_id"])
    assert_frame_equal(again.latest, first.latest)

    # Three hours later SMHI is down: the other server shows what the first one fetched, with its age.
    fetched = datetime(2026, 5, 19, 9, 5, tzinfo=UTC)
    cache = session_one.cache
    for key in list(cache.responses.keys()):
        cached = cache.responses[key]
        cached.created_at, cached.expires = fetched, fetched + timedelta(minutes=1)
        cache.responses[key] = cached
    fake_smhi.set_fault(Fault(status=503))
    stale = get_river_observations("Umeälven", other, session=build_session(other, retries=0),
                                   now=fetched + timedelta(hours=3))
    assert stale.origin is DataOrigin.CACHE
    assert stale.oldest_fetched_at == fetched
    assert stale.banner == cache_banner(fetched, fetched + timedelta(hours=3))  # the wording is Flöden's


def test_with_postgresql_nothing_is_written_to_the_data_folder(tmp_path, postgres_url, fake_smhi):
    settings = server_settings(tmp_path, "data", postgres_url, ALVLAGET_MODE="live",
                               ALVLAGET_SMHI_HYDROOBS_URL=fake_smhi.hydroobs_url)
    assert settings.http_cache == "database"  # chosen by the database, nobody set ALVLAGET_HTTP_CACHE
    get_river_observations("Skellefteälven", settings, session=build_session(settings, retries=0))
    build_session(settings, retries=0, cache_file="owner-feeds.sqlite").get(fake_smhi.hydroobs_url + "/parameter/1.json")
    chosen = choose_scenario(settings, "umealven-50")
    start_clock(chosen, default_scenario_start(chosen), T0)
    scenario_now(chosen)
    archives, _errors = get_station_archives(("2238",), chosen)
    versions = exercise_archive_versions(chosen, archives)
    write_stored_statistics(chosen.database_url, versions, compute_statistics(archives))
    assert not (tmp_path / "data").exists()
    assert set(read_stored_statistics(postgres_url, versions)) == {"2238"}  # any server's next start reads them


def test_with_postgresql_the_data_folder_holds_only_statistics_each_server_can_compute(tmp_path, postgres_url,
                                                                                       fake_smhi):
    """Live statistics are cached by archive content in the data folder: a second server without them
    computes its own from the shared HTTP cache's archives, so nothing there is needed by another server."""
    settings = server_settings(tmp_path, "data", postgres_url, ALVLAGET_MODE="live",
                               ALVLAGET_SMHI_HYDROOBS_URL=fake_smhi.hydroobs_url)
    session = build_session(settings, retries=0)
    observations = get_river_observations("Skellefteälven", settings, session=session)
    archives, _errors = get_station_archives(tuple(observations.stations["station_id"]), settings, session=session)
    first = read_or_compute_statistics(archives, settings.data_dir)
    written = {path.relative_to(tmp_path / "data").parts[0] for path in (tmp_path / "data").rglob("*")}
    assert written == {"statistics"}

    other = server_settings(tmp_path, "other", postgres_url, ALVLAGET_MODE="live",
                            ALVLAGET_SMHI_HYDROOBS_URL=fake_smhi.hydroobs_url)
    asked_before = len(fake_smhi.requests)
    again, _errors = get_station_archives(tuple(archives), other, session=build_session(other, retries=0))
    assert fake_smhi.requests[asked_before:] == []  # the archives come from the shared cache
    assert read_or_compute_statistics(again, other.data_dir) == first
