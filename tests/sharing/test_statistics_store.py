"""Statistics stored in the shared database under the name of their archive: a later start (of this
server or another) reads them instead of generating the exercise's archives again."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update

from hydrology.statistics import compute_statistics
from settings import load_settings
from sharing.statistics_store import read_stored_statistics, write_stored_statistics
from sharing.store import shared_engine
from sharing.tables import StoredStatistics
from sources.exercise.adapter import exercise_archive_versions
from sources.river_data import get_station_archives

STATIONS = ("2238", "1736")  # Sorsele (Vindelälven), Lasele (Ångermanälven)
T0 = datetime(2026, 5, 8, 12, 0, tzinfo=UTC)


def _exercise(scenario: str = "varflod"):
    return load_settings({"ALVLAGET_MODE": "exercise", "ALVLAGET_SCENARIO": scenario})


def test_statistics_read_back_are_those_computed_from_the_archive(database_url):
    settings = _exercise()
    archives, errors = get_station_archives(STATIONS, settings)
    assert errors == {}
    computed = compute_statistics(archives)
    versions = exercise_archive_versions(settings, STATIONS)
    assert read_stored_statistics(database_url, versions) == {}

    write_stored_statistics(database_url, versions, computed, now=T0)
    assert read_stored_statistics(database_url, versions) == computed
    # Stored again (another server computed them too): still one row each, the same statistics.
    write_stored_statistics(database_url, versions, computed, now=T0)
    assert read_stored_statistics(database_url, versions) == computed


def test_another_archive_or_another_computation_is_a_miss(database_url):
    settings = _exercise()
    archives, _errors = get_station_archives(STATIONS, settings)
    versions = exercise_archive_versions(settings, STATIONS)
    write_stored_statistics(database_url, versions, compute_statistics(archives), now=T0)

    other_scenario = exercise_archive_versions(_exercise("umealven-50"), STATIONS)
    assert other_scenario != versions  # another seed gives other archives, so other names
    assert read_stored_statistics(database_url, other_scenario) == {}
    # Statistics computed by an older version of the computation are not used.
    with shared_engine(database_url).begin() as connection:
        connection.execute(update(StoredStatistics).where(StoredStatistics.station_id == "2238")
                           .values(statistics_version=0))
    assert set(read_stored_statistics(database_url, versions)) == {"1736"}


def test_the_archive_name_is_known_without_making_the_archive_and_is_stable():
    settings = _exercise()
    versions = exercise_archive_versions(settings, (*STATIONS, "no-such-station"))
    assert set(versions) == set(STATIONS)
    assert versions == exercise_archive_versions(_exercise(), STATIONS)
    assert versions["2238"].startswith("exercise-1:2238:2026:")


def test_an_unreachable_database_costs_only_the_shortcut():
    closed = "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2"
    assert read_stored_statistics(closed, {"2238": "v"}) == {}
    write_stored_statistics(closed, {"2238": "v"}, {}, now=T0)  # logged and skipped, no exception
