"""Data folders as a running server leaves them, for the fault tests (pages and browser).

:func:`warm_data_folder` fetches from a (fake) SMHI into a folder's HTTP cache and statistics, then
ages the cached answers by three hours, as if SMHI had failed since. :func:`prepare_database` gives
the app's tables in a rollback-journal SQLite file, which SQLite can read from read-only media.

:func:`build_statistics_template` and :func:`seed_statistics` give a test's fresh data folder the
station statistics an earlier start would have kept (page tests; see ``tests/pages/conftest.py``).
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coordination.db import create_schema, database_engine, make_engine
from geodata.stations import read_station_table
from hydrology.stats_cache import read_or_compute_statistics, statistics_cache_dir
from settings import load_settings
from sharing.statistics_store import write_stored_statistics
from sources.exercise.adapter import exercise_archive_versions
from sources.exercise.scenarios import SCENARIOS
from sources.http import build_session
from sources.models import DataOrigin
from sources.river_data import get_river_observations, get_station_archives
from sources.smhi_warnings import get_warnings
from tests.sources.test_river_data import _age_cache

#: How old the warmed copies are made [h].
WARM_AGE = timedelta(hours=3)


def prepare_database(folder: Path) -> None:
    """The app's tables in ``folder/alvlaget.sqlite``, journal mode DELETE (no ``-wal``/``-shm``).

    Leaving WAL needs the only connection to the file, so this process's engine for it (which
    :func:`settings.load_settings` opens to read the active scenario, and keeps pooled) is closed first;
    otherwise the switch fails with "database is locked".
    """
    url = f"sqlite:///{folder / 'alvlaget.sqlite'}"
    database_engine(url, create_tables=False).dispose()
    engine = make_engine(url)
    create_schema(engine)
    engine.dispose()
    db = sqlite3.connect(folder / "alvlaget.sqlite")
    db.execute("PRAGMA journal_mode=DELETE")
    db.close()


def warm_data_folder(folder: Path, env: Mapping[str, str], river: str | None = None) -> None:
    """Fill ``folder`` with what a server that ran before SMHI failed leaves behind: the HTTP cache
    (observations of ``river``, None for all three; their archives; the warnings), aged by
    :data:`WARM_AGE`, and the statistics kept on disk. ``env`` names the (fake) SMHI's URLs."""
    settings = load_settings({**env, "ALVLAGET_DATA_DIR": str(folder)})
    session = build_session(settings, retries=0)
    observations = get_river_observations(river, settings, session=session)
    archives, _errors = get_station_archives(tuple(observations.stations["station_id"]), settings, session=session)
    read_or_compute_statistics(archives, folder)  # kept on disk, as a running server keeps them
    get_warnings(settings, session=session)
    _age_cache(session, datetime.now(UTC) - WARM_AGE)
    session.cache.close()


def build_statistics_template(folder: Path, env: Mapping[str, str]) -> None:
    """Make ``folder`` a data folder holding only kept station statistics: in its database (table
    ``stored_statistics``) those of every exercise scenario's archives, under the archives' names; in
    ``statistics/`` those of every archive the (fake) SMHI at ``env``'s URLs serves, and of the
    exercise's, under the archives' content hashes. Nothing else: no scenario chosen, no clock, no HTTP
    cache. Both stores are checked against the archive they came from, so a test whose archives differ
    computes its own. Takes about a minute on a loaded two-core machine."""
    scratch = folder.parent / (folder.name + "-scratch")
    folder.mkdir(parents=True)
    prepare_database(folder)
    url = f"sqlite:///{folder / 'alvlaget.sqlite'}"
    station_ids = tuple(str(sid) for sid in read_station_table()["station_id"])
    for scenario in SCENARIOS:
        settings = load_settings({"ALVLAGET_MODE": "exercise", "ALVLAGET_SCENARIO": scenario,
                                  "ALVLAGET_DATA_DIR": str(scratch / scenario)})
        versions = exercise_archive_versions(settings, station_ids)
        archives, _errors = get_station_archives(tuple(versions), settings, origin=DataOrigin.EXERCISE)
        write_stored_statistics(url, versions, read_or_compute_statistics(archives, folder))
    settings = load_settings({**env, "ALVLAGET_MODE": "live", "ALVLAGET_DATA_DIR": str(scratch / "live")})
    session = build_session(settings, retries=0)
    archives, _errors = get_station_archives(station_ids, settings, session=session)
    session.cache.close()
    read_or_compute_statistics(archives, folder)
    for data_dir in (scratch / name for name in (*SCENARIOS, "live")):
        database_engine(f"sqlite:///{data_dir / 'alvlaget.sqlite'}", create_tables=False).dispose()
    shutil.rmtree(scratch, ignore_errors=True)
    database_engine(url, create_tables=False).dispose()
    db = sqlite3.connect(folder / "alvlaget.sqlite")
    db.execute("PRAGMA journal_mode=DELETE")  # one file to copy
    db.close()


def seed_statistics(template: Path, data_dir: Path) -> None:
    """Give ``data_dir`` (created if need be) the kept statistics of :func:`build_statistics_template`'s
    ``template``, as a server that computed them on an earlier start leaves them: in its database (see
    :func:`seed_statistics_database`); its ``statistics/`` files where ``data_dir`` has none of that name."""
    data_dir.mkdir(parents=True, exist_ok=True)
    seed_statistics_database(template, data_dir / "alvlaget.sqlite")
    kept = statistics_cache_dir(data_dir)
    kept.mkdir(exist_ok=True)
    for path in statistics_cache_dir(template).iterdir():
        if not (kept / path.name).exists():
            shutil.copyfile(path, kept / path.name)


def seed_statistics_database(template: Path, database: Path) -> None:
    """Give the SQLite file ``database`` the kept statistics of ``template``: a copy of the template's
    database when there is none yet, else its ``stored_statistics`` rows added (rows already there kept).
    For a test whose database lies outside its data folder (``ALVLAGET_DATABASE_URL``)."""
    if not database.exists():
        shutil.copyfile(template / "alvlaget.sqlite", database)
        return
    db = sqlite3.connect(database, timeout=30)
    try:
        db.execute("ATTACH DATABASE ? AS template", (str(template / "alvlaget.sqlite"),))
        columns = ", ".join(row[1] for row in db.execute("PRAGMA template.table_info(stored_statistics)"))
        with db:
            db.execute(f"INSERT OR IGNORE INTO main.stored_statistics ({columns}) "
                       f"SELECT {columns} FROM template.stored_statistics")
    finally:
        db.close()
