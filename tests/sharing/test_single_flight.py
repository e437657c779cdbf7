"""Single flight: however many sessions of one server ask for the same SMHI resource at once, one
request goes out (no stampede when the cache expires), on the default cache of each database."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from threading import Barrier
from urllib.parse import urlsplit

import pytest
from requests_cache import CachedSession

from settings import load_settings
from sources.errors import SourceUnavailable
from sources.http import build_session
from sources.river_data import get_river_observations
from sources.smhi_hydroobs import DAILY_DISCHARGE, get_observations, observations_url
from tests.fake_smhi import Fault
from tests.fake_smhi.server import HYDROOBS_PREFIX

#: This module counts requests: ``fake_smhi`` is a server of its own (see ``fake_smhi_alone``).
pytestmark = pytest.mark.own_fake_smhi


SESSIONS = 24
STATION = "2238"  # Sorsele, Vindelälven: listed by SMHI with daily values
PERIOD = "latest-months"


@pytest.fixture
def settings(tmp_path, database_url, fake_smhi):
    """One app server: live mode against the fake SMHI, its default HTTP cache for the database."""
    return load_settings({"ALVLAGET_MODE": "live", "ALVLAGET_SMHI_HYDROOBS_URL": fake_smhi.hydroobs_url,
                          "ALVLAGET_DATA_DIR": str(tmp_path / "data"), "ALVLAGET_DATABASE_URL": database_url})


def _at_once(count: int, work):
    """Run ``work(session)`` in ``count`` threads released together, each with its own session (as
    each Streamlit session builds its own); returns the results, or the exceptions raised."""
    start = Barrier(count)

    def one(settings_session):
        start.wait()
        try:
            return work(settings_session)
        except Exception as exc:  # collected and asserted by the caller
            return exc

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))


def _expire_everything(session: CachedSession) -> None:
    """Make every cached answer stale, as when the meeting screens' data passes its expiry."""
    past = datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=1)
    for key in list(session.cache.responses.keys()):
        cached = session.cache.responses[key]
        cached.expires = past
        session.cache.responses[key] = cached


def test_many_sessions_asking_at_once_cost_one_request(settings, fake_smhi):
    url_path = HYDROOBS_PREFIX + observations_url("", STATION, DAILY_DISCHARGE, PERIOD)
    fake_smhi.set_fault(Fault(delay_ms=400), station=STATION)  # slow enough for every thread to ask meanwhile

    def fetch(_number):
        return get_observations(build_session(settings, retries=0), settings.smhi_hydroobs_url,
                                STATION, DAILY_DISCHARGE, PERIOD)

    answers = _at_once(SESSIONS, fetch)
    assert fake_smhi.request_count(url_path) == 1
    assert not [a for a in answers if isinstance(a, Exception)]
    frames = [frame for frame, _meta in answers]
    assert all(frame.equals(frames[0]) for frame in frames) and not frames[0].empty

    # The cached copy expires while everyone watches: again one request for all of them.
    _expire_everything(build_session(settings, retries=0))
    again = _at_once(SESSIONS, fetch)
    assert fake_smhi.request_count(url_path) == 2
    assert not [a for a in again if isinstance(a, Exception)]


def test_a_failing_request_is_one_request_and_every_session_gets_its_error(settings, fake_smhi):
    url_path = HYDROOBS_PREFIX + observations_url("", STATION, DAILY_DISCHARGE, PERIOD)
    fake_smhi.set_fault(Fault(status=503, delay_ms=400), station=STATION)

    answers = _at_once(SESSIONS, lambda _n: get_observations(
        build_session(settings, retries=0), settings.smhi_hydroobs_url, STATION, DAILY_DISCHARGE, PERIOD))
    assert fake_smhi.request_count(url_path) == 1
    assert all(isinstance(a, SourceUnavailable) for a in answers), answers
    assert {a.message_sv for a in answers} == {f"SMHI svarar inte just nu (HTTP 503) för station {STATION}."}


def test_sessions_loading_a_whole_river_at_once_ask_for_each_resource_once(settings, fake_smhi):
    fake_smhi.set_fault(Fault(delay_ms=150))  # every answer slow, so the sessions overlap throughout

    answers = _at_once(6, lambda _n: get_river_observations("Umeälven", settings,
                                                             session=build_session(settings, retries=0)))
    assert not [a for a in answers if isinstance(a, Exception)]
    asked = Counter(path for path in fake_smhi.requests if path.startswith(HYDROOBS_PREFIX))
    cached = {urlsplit(url).path for url in build_session(settings, retries=0).cache.urls()}
    assert any("/station/" in path for path in cached)
    # Every answer the cache keeps was asked for once. What SMHI refused or has not got (404, an empty
    # series) is never cached, so a session coming after that one request may ask again.
    asked_twice = {path for path, count in asked.items() if count > 1}
    assert asked_twice.isdisjoint(cached), sorted(asked_twice & cached)
    assert all(list(a.stations["station_id"]) == list(answers[0].stations["station_id"]) for a in answers)
