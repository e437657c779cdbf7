"""A freshly started server warmed as ``make run`` does has its heavy data prepared before any viewer:
the app ran once inside it (Streamlit's script health check), so the statistics of every station are
in its database and the scenario clock exists, with no browser ever connected."""

from __future__ import annotations

import os
import time

from sqlalchemy import func, select

from serving.warm_up import warm_up
from settings import load_settings
from sharing.store import shared_engine
from sharing.tables import SharedValue, StoredStatistics
from tests.browser.conftest import StreamlitServer

#: Longest wait for the statistics on a loaded machine [s] (about 7 s of CPU on two idle cores).
STATISTICS_WITHIN_S = 300


def _count(database_url: str, table) -> int:
    with shared_engine(database_url).connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def test_a_warmed_server_has_prepared_its_data_before_the_first_viewer(tmp_path):
    data_dir = tmp_path / "data"
    env = dict(os.environ, ALVLAGET_MODE="exercise", ALVLAGET_DATA_DIR=str(data_dir))
    env.pop("ALVLAGET_DATABASE_URL", None)
    database_url = load_settings({"ALVLAGET_DATA_DIR": str(data_dir)}).database_url
    server = StreamlitServer(env, tmp_path / "server.log")
    try:
        ok, _seconds = warm_up(server.url)
        assert ok, (tmp_path / "server.log").read_text()
        assert _count(database_url, SharedValue) >= 1  # the scenario clock the start page read
        # The statistics the start page asked for are computed by the server in the background (a page
        # waits for them at most ALVLAGET_PAGE_WAIT_S), then stored for this and every later start.
        deadline = time.monotonic() + STATISTICS_WITHIN_S
        while _count(database_url, StoredStatistics) == 0 and time.monotonic() < deadline:
            time.sleep(1.0)
        assert _count(database_url, StoredStatistics) > 0
    finally:
        server.stop()
