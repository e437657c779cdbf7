"""Data folders as a running server leaves them, for the fault tests (pages and browser).

:func:`warm_data_folder` fetches from a (fake) SMHI into a folder's HTTP cache and statistics, then
ages the cached answers by three hours, as if SMHI had failed since. :func:`prepare_database` gives
the app's tables in a rollback-journal SQLite file, which SQLite can read from read-only media.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coordination.db import create_schema, database_engine, make_engine
from hydrology.stats_cache import read_or_compute_statistics
from settings import load_settings
from sources.http import build_session
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
