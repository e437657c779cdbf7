"""One fetch per SMHI resource across app servers: the lease in the shared database (SQLite and a real
PostgreSQL), and two server processes on one PostgreSQL asking for the same expired resource at once
sending one request to (the fake) SMHI."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from coordination.db import create_schema
from sharing.fetch_lease import LEASE_S, release_lease, take_lease
from sharing.store import shared_engine
from sources.smhi_hydroobs import DAILY_DISCHARGE, observations_url
from tests.fake_smhi import Fault
from tests.fake_smhi.server import HYDROOBS_PREFIX
from tests.server_processes import run_at_once

#: This module counts requests: ``fake_smhi`` is a server of its own (see ``fake_smhi_alone``).
pytestmark = pytest.mark.own_fake_smhi


URL = "https://opendata-download-hydroobs.smhi.se/api/version/1.0/parameter/1/station/2238/period/latest-hour/data.json"
T0 = datetime(2026, 5, 12, 12, 0, tzinfo=UTC)
STATION = "2238"  # Sorsele, Vindelälven
PERIOD = "latest-months"


def test_one_server_holds_a_resource_until_it_releases_or_the_lease_expires(database_url):
    engine = shared_engine(database_url)
    create_schema(engine)
    assert take_lease(engine, URL, "server-a", now=T0)
    assert not take_lease(engine, URL, "server-b", now=T0 + timedelta(seconds=1))
    assert take_lease(engine, URL, "server-a", now=T0 + timedelta(seconds=2))  # its own: renewed
    assert take_lease(engine, URL + "?other", "server-b", now=T0)  # another resource is free
    release_lease(engine, URL, "server-b")  # not its lease: nothing happens
    assert not take_lease(engine, URL, "server-b", now=T0 + timedelta(seconds=3))
    release_lease(engine, URL, "server-a")
    assert take_lease(engine, URL, "server-b", now=T0 + timedelta(seconds=4))
    # A holder that died mid-fetch holds nobody up beyond its lease.
    assert not take_lease(engine, URL, "server-c", now=T0 + timedelta(seconds=5))
    assert take_lease(engine, URL, "server-c", now=T0 + timedelta(seconds=5 + LEASE_S))


#: One app server's fetch, run as its own process: it says "ready" and fetches on "go" (stdin).
SERVER = """
import sys
from settings import load_settings
from sources.http import build_session
from sources.smhi_hydroobs import get_observations
settings = load_settings()
session = build_session(settings, retries=0)
print("ready", flush=True)
sys.stdin.readline()
frame, meta = get_observations(session, settings.smhi_hydroobs_url, sys.argv[1], int(sys.argv[2]), sys.argv[3])
print(len(frame), meta.origin.name, flush=True)
"""


def test_two_servers_on_one_postgresql_ask_smhi_once_for_the_same_resource(postgres_url, fake_smhi, tmp_path):
    create_schema(shared_engine(postgres_url))  # as the first server's start would
    url_path = HYDROOBS_PREFIX + observations_url("", STATION, DAILY_DISCHARGE, PERIOD)
    fake_smhi.set_fault(Fault(delay_ms=1500), station=STATION)  # slow: the second asks while the first waits
    envs = [{"ALVLAGET_MODE": "live", "ALVLAGET_SMHI_HYDROOBS_URL": fake_smhi.hydroobs_url,
             "ALVLAGET_DATA_DIR": str(tmp_path / f"server-{number}"), "ALVLAGET_DATABASE_URL": postgres_url,
             "PATH": "/usr/bin:/bin"} for number in range(2)]
    for out in run_at_once(SERVER, [STATION, str(DAILY_DISCHARGE), PERIOD], envs):
        rows, origin = out.split()
        assert int(rows) > 0 and origin == "LIVE", out
    assert fake_smhi.request_count(url_path) == 1
