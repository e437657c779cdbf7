"""Faults at the HTTP layer: malformed answers fall back to the cache's last good copy, a damaged cache
file is set aside and rebuilt, and a cache that cannot be written never costs the caller its data."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import responses

from settings import load_settings
from sources.errors import NoDataError, SourceUnavailable
from sources.http import CACHE_FILE, build_session
from sources.models import DataOrigin
from sources.river_data import FALLBACK_BANNER, get_river_observations
from sources.smhi_hydroobs import get_archive, get_observations, get_station_listing
from tests.fake_smhi import Fault
from tests.sources.test_river_data import _age_cache as age_cache

BASE = "https://smhi.test/api/version/1.0"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "smhi" / "hydroobs"
SERIES = f"{BASE}/parameter/1/station/2238/period/latest-months/data.json"
SERIES_FIXTURE = "parameter/1/station/2238/period/latest-months/data.json"


def fixture_body(relative: str) -> bytes:
    return (FIXTURES / relative).read_bytes()


@pytest.fixture
def settings(tmp_path):
    return load_settings({"ALVLAGET_DATA_DIR": str(tmp_path / "data"), "ALVLAGET_SMHI_HYDROOBS_URL": BASE})


def _age_cache(session, hours: float = 3) -> datetime:
    """Make every cached copy ``hours`` old and expired; returns that fetch time [UTC]."""
    then = datetime.now(timezone.utc) - timedelta(hours=hours)
    age_cache(session, then)
    return then


@responses.activate
@pytest.mark.parametrize("bad_body", [b'{"value": [ {"date": 1,', b"<html>Bad gateway</html>", b'{"station": 3}'])
def test_malformed_answer_uses_the_last_good_copy_and_is_not_cached(settings, bad_body, caplog):
    session = build_session(settings, retries=0)
    responses.get(SERIES, body=fixture_body(SERIES_FIXTURE))
    good, _ = get_observations(session, BASE, "2238", 1, "latest-months")
    then = _age_cache(session)

    responses.replace(responses.GET, SERIES, body=bad_body)
    with caplog.at_level(logging.WARNING, logger="sources.http"):
        frame, meta = get_observations(session, BASE, "2238", 1, "latest-months")
    assert meta.origin is DataOrigin.CACHE
    assert meta.fetched_at == then
    assert frame.equals(good)
    assert any(SERIES in record.getMessage() for record in caplog.records)
    # the good copy is still there: asking again gives it again, not the broken body
    frame_again, meta_again = get_observations(session, BASE, "2238", 1, "latest-months")
    assert meta_again.origin is DataOrigin.CACHE and frame_again.equals(good)


@responses.activate
def test_empty_series_uses_the_last_good_copy_else_says_no_data(settings):
    session = build_session(settings, retries=0)
    empty = b'{"value": [], "parameter": {"key": "1"}}'
    responses.get(SERIES, body=empty)
    with pytest.raises(NoDataError) as caught:
        get_observations(session, BASE, "2238", 1, "latest-months")
    assert caught.value.message_sv == "SMHI har inga aktuella värden för station 2238."

    responses.replace(responses.GET, SERIES, body=fixture_body(SERIES_FIXTURE))
    get_observations(session, BASE, "2238", 1, "latest-months")
    _age_cache(session)
    responses.replace(responses.GET, SERIES, body=empty)
    frame, meta = get_observations(session, BASE, "2238", 1, "latest-months")
    assert meta.origin is DataOrigin.CACHE and len(frame) == 3


@responses.activate
def test_malformed_listing_and_archive_without_a_copy_are_unavailable(settings):
    session = build_session(settings, retries=0)
    responses.get(f"{BASE}/parameter/1.json", body=b"{}")
    archive = f"{BASE}/parameter/1/station/2238/period/corrected-archive/data.csv"
    responses.get(archive, body="Stationsnamn;StationsId\nX;2238\n".encode())
    with pytest.raises(SourceUnavailable) as listing:
        get_station_listing(session, BASE, 1)
    assert listing.value.url == f"{BASE}/parameter/1.json"
    with pytest.raises(SourceUnavailable) as csv:
        get_archive(session, BASE, "2238")
    assert csv.value.message_sv.startswith("SMHI svarade med data som inte gick att läsa för station 2238")


def _write_garbage(path: Path, size: int = 8192) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not an SQLite database\x00" * (size // 32))


@responses.activate
def test_corrupt_cache_file_is_set_aside_and_rebuilt(settings, caplog):
    cache_file = settings.cache_dir / CACHE_FILE
    _write_garbage(cache_file)
    responses.get(SERIES, body=fixture_body(SERIES_FIXTURE))
    with caplog.at_level(logging.WARNING, logger="sources.http"):
        session = build_session(settings, retries=0)
        frame, meta = get_observations(session, BASE, "2238", 1, "latest-months")
    assert meta.origin is DataOrigin.LIVE and len(frame) == 3
    set_aside = sorted(settings.cache_dir.glob(CACHE_FILE + ".corrupt-*"))
    assert len(set_aside) == 1
    assert set_aside[0].read_bytes().startswith(b"this is not an SQLite database")
    assert any("set aside" in record.getMessage() for record in caplog.records)
    with sqlite3.connect(cache_file) as db:  # the new file is a working cache holding the answer
        assert db.execute("select count(*) from responses").fetchone()[0] == 1


@responses.activate
def test_truncated_cache_found_while_running_is_set_aside(settings):
    responses.get(SERIES, body=fixture_body(SERIES_FIXTURE))
    session = build_session(settings, retries=0)
    get_observations(session, BASE, "2238", 1, "latest-months")
    session.cache.close()
    cache_file = settings.cache_dir / CACHE_FILE
    for suffix in ("-wal", "-shm"):
        cache_file.with_name(cache_file.name + suffix).unlink(missing_ok=True)
    # Truncate the file to its first page, then overwrite the header: what a crash mid-write can leave.
    data = cache_file.read_bytes()[:1024]
    cache_file.write_bytes(b"\x00" * 100 + data[100:])
    frame, meta = get_observations(session, BASE, "2238", 1, "latest-months")
    assert len(frame) == 3 and meta.origin is DataOrigin.LIVE
    assert len(list(settings.cache_dir.glob(CACHE_FILE + ".corrupt-*"))) == 1


def _big_series_body() -> bytes:
    """The recorded series padded (inside valid JSON) to ~200 kB, so storing it needs new pages."""
    payload = json.loads(fixture_body(SERIES_FIXTURE))
    payload["padding"] = "x" * 200_000
    return json.dumps(payload).encode()


@responses.activate
def test_full_cache_database_skips_writes_but_returns_the_answer(settings):
    session = build_session(settings, retries=0)
    responses.get(SERIES, body=_big_series_body())
    # A real SQLITE_FULL: cap the cache database at its current size (per connection, so on the
    # connection the cache writes through).
    with session.cache.responses.connection(commit=True) as con:
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        con.execute(f"PRAGMA max_page_count = {pages}")
    frame, meta = get_observations(session, BASE, "2238", 1, "latest-months")
    assert len(frame) == 3 and meta.origin is DataOrigin.LIVE
    assert len(session.cache.responses) == 0  # the copy was refused by SQLite, the answer was not lost


@responses.activate
def test_cache_on_a_full_filesystem_still_answers(settings, tiny_filesystem):
    folder = tiny_filesystem(size_kb=64)
    cache_settings = replace(settings, cache_dir=folder / "http-cache")
    responses.get(SERIES, body=_big_series_body())
    session = build_session(cache_settings, retries=0)
    frame, meta = get_observations(session, BASE, "2238", 1, "latest-months")
    assert len(frame) == 3 and meta.origin is DataOrigin.LIVE


@responses.activate
def test_read_only_cache_folder_still_answers(settings, read_only_folder):
    folder = read_only_folder()
    responses.get(SERIES, body=fixture_body(SERIES_FIXTURE))
    session = build_session(replace(settings, cache_dir=folder / "http-cache"), retries=0)
    frame, meta = get_observations(session, BASE, "2238", 1, "latest-months")
    assert len(frame) == 3 and meta.origin is DataOrigin.LIVE


@responses.activate
def test_read_only_cache_file_in_a_writable_folder_does_not_hang(settings):
    if os.geteuid() == 0:
        pytest.skip("root can write a read-only file; the read-only folder test covers root")
    responses.get(SERIES, body=fixture_body(SERIES_FIXTURE))
    build_session(settings, retries=0).cache.close()
    cache_file = settings.cache_dir / CACHE_FILE
    with sqlite3.connect(cache_file) as db:
        db.execute("PRAGMA journal_mode=DELETE")
    for suffix in ("-wal", "-shm"):
        cache_file.with_name(cache_file.name + suffix).unlink(missing_ok=True)
    cache_file.chmod(0o444)
    frame, meta = get_observations(build_session(settings, retries=0), BASE, "2238", 1, "latest-months")
    assert len(frame) == 3 and meta.origin is DataOrigin.LIVE


@pytest.fixture
def fake_live_settings(tmp_path, fake_smhi):
    return load_settings({"ALVLAGET_MODE": "live", "ALVLAGET_DATA_DIR": str(tmp_path / "river"),
                          "ALVLAGET_SMHI_HYDROOBS_URL": fake_smhi.hydroobs_url})


def test_malformed_smhi_everywhere_shows_the_cache_then_the_scenario(fake_live_settings, fake_smhi, tmp_path):
    session = build_session(fake_live_settings, retries=0)
    get_river_observations("Umeälven", fake_live_settings, session=session)
    then = _age_cache(session)
    fake_smhi.set_fault(Fault(malformed=True))
    cached = get_river_observations("Umeälven", fake_live_settings, session=session)
    assert cached.origin is DataOrigin.CACHE
    assert cached.oldest_fetched_at == then
    assert cached.banner.startswith("Sparade data från")

    fresh = replace(fake_live_settings, cache_dir=tmp_path / "empty-cache")
    fallback = get_river_observations("Umeälven", fresh, session=build_session(fresh, retries=0))
    assert fallback.origin is DataOrigin.EXERCISE
    assert fallback.banner == FALLBACK_BANNER
