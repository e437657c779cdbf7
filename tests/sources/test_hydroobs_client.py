"""The thin getters over HTTP, with ``responses``: exact URLs, errors mapped to the typed family,
bounded retries, the on-disk cache and its stale fallback when SMHI is down."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import requests
import responses

from settings import load_settings
from sources.errors import BadResponse, NoDataError, SourceError, SourceUnavailable
from sources.http import MAX_RETRY_AFTER_S, USER_AGENT, build_retry, build_session
from sources.models import DataOrigin
from sources.smhi_hydroobs import get_archive, get_latest_all, get_observations, get_station_listing

BASE = "https://smhi.test/api/version/1.0"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "smhi" / "hydroobs"


def fixture_body(relative: str) -> bytes:
    return (FIXTURES / relative).read_bytes()


@pytest.fixture
def settings(tmp_path):
    return load_settings({"ALVLAGET_DATA_DIR": str(tmp_path / "data"), "ALVLAGET_SMHI_HYDROOBS_URL": BASE})


@responses.activate
def test_getters_request_smhis_exact_paths_with_our_user_agent(settings):
    session = build_session(settings, retries=0, cache=False)
    responses.get(f"{BASE}/parameter/1.json", body=fixture_body("parameter/1.json"))
    responses.get(f"{BASE}/parameter/1/station/2238/period/latest-months/data.json",
                  body=fixture_body("parameter/1/station/2238/period/latest-months/data.json"))
    responses.get(f"{BASE}/parameter/1/station/1111/period/corrected-archive/data.csv",
                  body=fixture_body("parameter/1/station/1111/period/corrected-archive/data.csv"))
    responses.get(f"{BASE}/parameter/2/station-set/all/period/latest-hour/data.json",
                  body=fixture_body("parameter/2/station-set/all/period/latest-hour/data.json"))

    listing, listing_meta = get_station_listing(session, BASE, 1)
    series, meta = get_observations(session, BASE, "2238", 1, "latest-months")
    archive, archive_meta = get_archive(session, BASE, "1111")
    latest, latest_meta = get_latest_all(session, BASE, 2)

    assert len(listing) == 6 and len(series) == 3 and len(archive) == 9 and len(latest) == 2
    assert meta.url == f"{BASE}/parameter/1/station/2238/period/latest-months/data.json"
    assert meta.origin is DataOrigin.LIVE
    assert meta.source == "SMHI"
    assert meta.units == {"discharge_m3s": "m³/s"}
    assert meta.station_id == "2238" and meta.station_name == "SORSELE 2"
    assert archive_meta.url.endswith("/parameter/1/station/1111/period/corrected-archive/data.csv")
    assert latest_meta.url == f"{BASE}/parameter/2/station-set/all/period/latest-hour/data.json"
    assert responses.calls[0].request.headers["User-Agent"] == USER_AGENT == "Alvlaget/0.1 (+river coordination)"


@responses.activate
@pytest.mark.parametrize(
    ("status", "error", "message_sv"),
    [
        (404, NoDataError, "SMHI har inga data för station 2238."),
        (503, SourceUnavailable, "SMHI svarar inte just nu (HTTP 503) för station 2238."),
        (429, SourceUnavailable, "SMHI svarar inte just nu (HTTP 429) för station 2238."),
        (400, BadResponse, "SMHI svarade med data som inte gick att läsa för station 2238."),
    ],
)
def test_http_errors_map_to_the_typed_family_naming_station_and_url(settings, status, error, message_sv):
    session = build_session(settings, retries=0, cache=False)
    url = f"{BASE}/parameter/1/station/2238/period/latest-months/data.json"
    responses.get(url, status=status)
    with pytest.raises(error) as caught:
        get_observations(session, BASE, "2238", 1, "latest-months")
    assert caught.value.message_sv == message_sv
    assert "station 2238" in str(caught.value) and url in str(caught.value)
    assert caught.value.retryable is (error is SourceUnavailable)
    assert len(responses.calls) == 1  # zero retries in tests


@responses.activate
def test_malformed_json_and_empty_series(settings):
    session = build_session(settings, retries=0, cache=False)
    responses.get(f"{BASE}/parameter/1/station/2238/period/latest-months/data.json", body="{not json")
    responses.get(f"{BASE}/parameter/1/station/1378/period/latest-months/data.json",
                  body=fixture_body("parameter/1/station/1378/period/latest-months/data.json"))
    # Malformed counts as unreachable (so callers fall back), the parser's reason kept as the cause.
    with pytest.raises(SourceUnavailable, match="malformed JSON") as malformed:
        get_observations(session, BASE, "2238", 1, "latest-months")
    assert isinstance(malformed.value.__cause__, BadResponse)
    assert malformed.value.message_sv == (
        "SMHI svarade med data som inte gick att läsa för station 2238, och ingen sparad kopia finns.")
    with pytest.raises(NoDataError) as caught:
        get_observations(session, BASE, "1378", 1, "latest-months")
    assert caught.value.message_sv == "SMHI har inga aktuella värden för station 1378."


def test_unreachable_server_is_source_unavailable(settings):
    session = build_session(settings, retries=0, cache=False)
    with pytest.raises(SourceUnavailable) as caught:
        get_observations(session, "http://127.0.0.1:9/api", "2238", 1, "latest-months")
    assert isinstance(caught.value, SourceError)
    assert caught.value.message_sv == "SMHI kunde inte nås för station 2238."


@responses.activate
def test_retries_only_on_listed_statuses_and_are_bounded(settings):
    session = build_session(settings, retries=2, cache=False)
    url = f"{BASE}/parameter/1/station/2238/period/latest-months/data.json"
    responses.get(url, status=503)
    with pytest.raises(SourceUnavailable):
        get_observations(session, BASE, "2238", 1, "latest-months")
    assert len(responses.calls) == 3  # first try + 2 retries

    responses.reset()
    responses.get(url, status=404)
    with pytest.raises(NoDataError):
        get_observations(session, BASE, "2238", 1, "latest-months")
    assert len(responses.calls) == 1


def test_retry_policy_honours_retry_after_but_caps_it():
    policy = build_retry(2)
    assert policy.allowed_methods == frozenset({"GET"})
    assert set(policy.status_forcelist) == {429, 502, 503, 504}
    assert policy.respect_retry_after_header is True

    class FakeResponse:
        def __init__(self, value: str) -> None:
            self.headers = {"Retry-After": value}

    assert policy.get_retry_after(FakeResponse("2")) == 2
    assert policy.get_retry_after(FakeResponse("3600")) == MAX_RETRY_AFTER_S


@responses.activate
def test_second_call_within_minutes_is_served_from_the_cache(settings):
    session = build_session(settings, retries=0)
    url = f"{BASE}/parameter/1/station/2238/period/latest-months/data.json"
    responses.get(url, body=fixture_body("parameter/1/station/2238/period/latest-months/data.json"))
    first, first_meta = get_observations(session, BASE, "2238", 1, "latest-months")
    second, second_meta = get_observations(session, BASE, "2238", 1, "latest-months")
    assert len(responses.calls) == 1
    assert second_meta.origin is DataOrigin.LIVE
    assert abs(second_meta.fetched_at - first_meta.fetched_at) < timedelta(seconds=1)


@responses.activate
def test_smhi_down_with_stale_cache_gives_cache_origin_with_original_fetch_time(settings):
    session = build_session(settings, retries=0)
    url = f"{BASE}/parameter/1/station/2238/period/latest-months/data.json"
    responses.get(url, body=fixture_body("parameter/1/station/2238/period/latest-months/data.json"))
    _, live_meta = get_observations(session, BASE, "2238", 1, "latest-months")

    # Age the cached copy by three hours: it is now stale and must be re-fetched.
    three_hours_ago = datetime.now(timezone.utc) - timedelta(hours=3)
    cache = session.cache
    key = next(iter(cache.responses.keys()))
    cached = cache.responses[key]
    cached.created_at = three_hours_ago
    cached.expires = three_hours_ago + timedelta(minutes=15)
    cache.responses[key] = cached

    responses.replace(responses.GET, url, body=requests.ConnectionError("SMHI down"))
    frame, meta = get_observations(session, BASE, "2238", 1, "latest-months")
    assert meta.origin is DataOrigin.CACHE
    assert meta.fetched_at == three_hours_ago
    assert meta.note == "SMHI svarar inte – sparade data"
    assert len(frame) == 3
    assert live_meta.origin is DataOrigin.LIVE

    responses.replace(responses.GET, url, status=503)
    _, meta_503 = get_observations(session, BASE, "2238", 1, "latest-months")
    assert meta_503.origin is DataOrigin.CACHE


@responses.activate
def test_smhi_down_without_cache_raises(settings):
    session = build_session(settings, retries=0)
    url = f"{BASE}/parameter/1.json"
    responses.get(url, body=requests.ConnectionError("SMHI down"))
    with pytest.raises(SourceUnavailable):
        get_station_listing(session, BASE, 1)
    assert json.loads(fixture_body("parameter/1.json"))["key"] == "1"
