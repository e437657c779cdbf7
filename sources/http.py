"""The one place that builds HTTP sessions and turns HTTP outcomes into data + provenance.

Why a cache here and not only in the pages: SMHI's open-data service is shared by everyone, and when it
is down the coordination group still needs the last real figures. The on-disk cache (requests-cache,
SQLite) keeps every successful response; ``stale_if_error`` makes the cache hand back the last good
copy when SMHI cannot be reached or answers 5xx, and :func:`get_url` then marks the result
``DataOrigin.CACHE`` with the time it was originally fetched, so the page can say how old it is.

Retries: only GET, only on 429/502/503/504, bounded, honouring ``Retry-After`` (capped, so a hostile
header cannot stall a page). Tests pass ``retries=0``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import requests
from requests.adapters import HTTPAdapter
from requests_cache import CachedSession, SQLiteCache
from urllib3.util.retry import Retry

from settings import Settings
from sources.errors import BadResponse, NoDataError, SourceUnavailable
from sources.models import DataOrigin

USER_AGENT = "Alvlaget/0.1 (+river coordination)"
#: (connect, read) timeout [s] for every request.
DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 30.0)
DEFAULT_RETRIES = 2
#: Longest wait we accept from a ``Retry-After`` header [s].
MAX_RETRY_AFTER_S = 30.0
RETRY_STATUSES = frozenset({429, 502, 503, 504})
#: Response header set by the exercise adapter; the only way downstream code learns it is ÖVNING.
ORIGIN_HEADER = "X-Alvlaget-Origin"

#: How long a cached response counts as fresh, by SMHI period. Latest values change every 15 minutes,
#: listings and archives at most daily. First match wins.
URL_EXPIRY: dict[re.Pattern[str], timedelta] = {
    re.compile(r"/period/latest-hour/"): timedelta(minutes=2),
    re.compile(r"/period/latest-day/"): timedelta(minutes=5),
    re.compile(r"/period/latest-months/"): timedelta(minutes=15),
    re.compile(r"/period/corrected-archive/"): timedelta(hours=24),
    re.compile(r"/parameter/[^/]+\.json$"): timedelta(hours=6),
    re.compile(r"/station/[^/]+\.json$"): timedelta(hours=6),
}
DEFAULT_EXPIRY = timedelta(minutes=5)


class BoundedRetry(Retry):
    """urllib3 ``Retry`` whose ``Retry-After`` wait is capped at :data:`MAX_RETRY_AFTER_S`."""

    def get_retry_after(self, response):  # type: ignore[no-untyped-def]
        seconds = super().get_retry_after(response)
        if seconds is None:
            return None
        return min(seconds, MAX_RETRY_AFTER_S)


def build_retry(retries: int) -> BoundedRetry:
    """Retry policy: GET only, 429/502/503/504 only, ``retries`` times, exponential backoff."""
    return BoundedRetry(
        total=retries,
        connect=retries,
        read=0,
        status=retries,
        allowed_methods=frozenset({"GET"}),
        status_forcelist=RETRY_STATUSES,
        backoff_factor=0.5,
        respect_retry_after_header=True,
        # Hand back the last 429/5xx response instead of raising, so get_url maps it to our errors
        # and the cache can still answer with its stale copy.
        raise_on_status=False,
    )


def _mount_retries(session: requests.Session, retries: int) -> None:
    adapter = HTTPAdapter(max_retries=build_retry(retries), pool_maxsize=16)
    session.mount("http://", adapter)
    session.mount("https://", adapter)


def build_session(settings: Settings, *, retries: int = DEFAULT_RETRIES, cache: bool = True) -> requests.Session:
    """The app's HTTP session for SMHI: on-disk cache under ``settings.cache_dir``, retries, User-Agent.

    Parameters
    ----------
    settings : the app settings (``cache_dir`` is created if missing).
    retries : bounded retries on 429/502/503/504; tests pass 0.
    cache : ``False`` gives a plain session (benchmarks measuring uncached refreshes).
    """
    if cache:
        settings.cache_dir.mkdir(parents=True, exist_ok=True)
        backend = SQLiteCache(settings.cache_dir / "smhi.sqlite", wal=True, busy_timeout=10_000)
        session: requests.Session = CachedSession(
            backend=backend,
            expire_after=DEFAULT_EXPIRY,
            urls_expire_after=dict(URL_EXPIRY),
            allowable_codes=(200,),
            allowable_methods=("GET",),
            stale_if_error=True,
            cache_control=False,
        )
    else:
        session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    session.headers["Accept"] = "application/json, text/csv;q=0.9, */*;q=0.5"
    _mount_retries(session, retries)
    return session


@dataclass(frozen=True)
class Fetched:
    """One successful response and where it came from.

    Attributes
    ----------
    url : the URL requested.
    content : the body, bytes.
    fetched_at : when the body was fetched from the server [UTC]; for cached copies the original time.
    origin : LIVE (just fetched or fresh cache), CACHE (stale copy because the server failed) or EXERCISE.
    """

    url: str
    content: bytes
    fetched_at: datetime
    origin: DataOrigin

    @property
    def text(self) -> str:
        # utf-8-sig: SMHI's CSV files start with a byte-order mark.
        return self.content.decode("utf-8-sig")


def _fetched_at(response: requests.Response) -> datetime:
    created = getattr(response, "created_at", None)
    if isinstance(created, datetime):
        return created if created.tzinfo else created.replace(tzinfo=timezone.utc)
    return datetime.now(timezone.utc)


def classify_response(response: requests.Response) -> DataOrigin:
    """LIVE, CACHE (a stale copy served because the server failed) or EXERCISE, from the response."""
    if response.headers.get(ORIGIN_HEADER, "").lower() == "exercise":
        return DataOrigin.EXERCISE
    if getattr(response, "from_cache", False) and getattr(response, "is_expired", False):
        return DataOrigin.CACHE
    return DataOrigin.LIVE


def get_url(
    session: requests.Session,
    url: str,
    *,
    station_id: str | None = None,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
) -> Fetched:
    """GET ``url`` and return the body with its provenance, or raise one of the source errors.

    Raises
    ------
    SourceUnavailable
        Network failure, timeout, 429 or 5xx, and no cached copy to fall back on.
    NoDataError
        404: SMHI has no such station/parameter/period.
    BadResponse
        Any other non-200 answer.
    """
    try:
        response = session.get(url, timeout=timeout)
    except (requests.ConnectionError, requests.Timeout, requests.exceptions.RetryError) as exc:
        raise SourceUnavailable(
            f"cannot reach the server ({type(exc).__name__})",
            url=url,
            station_id=station_id,
            message_sv="SMHI kunde inte nås" + (f" för station {station_id}." if station_id else "."),
        ) from exc
    status = response.status_code
    if status == 200:
        return Fetched(url=url, content=response.content, fetched_at=_fetched_at(response),
                       origin=classify_response(response))
    if status == 404:
        raise NoDataError("not found (404)", url=url, station_id=station_id)
    if status == 429 or status >= 500:
        raise SourceUnavailable(
            f"server answered {status}",
            url=url,
            station_id=station_id,
            message_sv=f"SMHI svarar inte just nu (HTTP {status})"
            + (f" för station {station_id}." if station_id else "."),
        )
    raise BadResponse(f"unexpected HTTP status {status}", url=url, station_id=station_id)
