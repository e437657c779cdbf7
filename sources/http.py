"""The one place that builds HTTP sessions and turns HTTP outcomes into data + provenance.

Why a cache here and not only in the pages: SMHI's open-data service is shared by everyone, and when it
is down the coordination group still needs the last real figures. The cache (requests-cache) keeps
every successful response — in a SQLite file under ``settings.cache_dir`` by default, in the app's
database (:class:`sharing.http_cache.DatabaseCache`) when ``settings.http_cache == "database"``, which
is the default for a PostgreSQL database so that several app servers share one cache; ``stale_if_error`` makes the cache hand back the last good
copy when SMHI cannot be reached or answers 5xx, and :func:`get_url` then marks the result
``DataOrigin.CACHE`` with the time it was originally fetched, so the page can say how old it is.

Retries: only GET, only on 429/502/503/504, bounded, honouring ``Retry-After`` (capped, so a hostile
header cannot stall a page). Tests pass ``retries=0``.

Malformed answers (broken JSON/CSV, an empty series) count as an unreachable SMHI: the cache never
stores a body its parser refuses (:func:`get_parsed` checks it before the cache writes it), and the
getter then answers from the cache's last good copy, marked CACHE, or raises ``SourceUnavailable``
so the callers fall back to the exercise scenario; each such answer is logged with its URL.

Single flight: however many sessions (threads) of one server ask for the same URL through the same
cache at once, one request goes out and every caller gets its answer (:func:`get_url`); when a
cached copy expires under a hundred meeting screens, SMHI sees one request, not a hundred.

The cache itself can fail: a corrupt or truncated file is set aside (renamed ``….corrupt-<UTC time>``,
never deleted) and a new one is started; a read-only or full data folder makes the cache skip its
writes (logged) and, if it cannot even be opened, run in memory. That handling sits where the cache
is opened and written (:func:`open_cache_backend`, :func:`_guard_cache_writes`), so it applies to
whichever backend is configured.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

import requests
from requests.adapters import HTTPAdapter
from requests_cache import BaseCache, CachedSession, SQLiteCache
from sqlalchemy.exc import SQLAlchemyError
from urllib3.util.retry import Retry

from settings import Settings
from sharing.fetch_lease import lease_holder, release_lease, take_lease
from sharing.http_cache import DatabaseCache
from sharing.store import shared_engine
from sources.errors import BadResponse, NoDataError, ResponseTooLarge, SourceUnavailable
from sources.models import DataOrigin

_log = logging.getLogger(__name__)
T = TypeVar("T")

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


CACHE_FILE = "smhi.sqlite"
#: SQLite's words for a file that is not (or no longer) a readable database.
_CORRUPT_MARKERS = ("file is not a database", "malformed", "corrupt", "not a database")
#: SQLite's and the OS's words for a folder we may not or cannot write to.
_STORAGE_MARKERS = ("readonly", "read-only", "disk is full", "unable to open", "disk i/o", "no space")
_cache_lock = threading.Lock()
#: Per thread: the parser of the answer being fetched, consulted before the cache stores a body.
_validation = threading.local()


def is_corrupt_cache_error(exc: BaseException) -> bool:
    """True when ``exc`` says the cache file is damaged (not merely read-only or full)."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and any(m in text for m in _CORRUPT_MARKERS) and not any(
        m in text for m in _STORAGE_MARKERS)


def set_aside_cache_file(path: Path, reason: str) -> Path | None:
    """Rename a damaged cache file (and its ``-wal``/``-shm`` companions) to ``….corrupt-<UTC time>``.

    Never deletes: the file may be evidence of a disk fault. Returns the new name, or None if the
    file could not be renamed (then the cache runs in memory).
    """
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    try:
        path.rename(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        _log.error("HTTP cache %s is damaged (%s) and could not be set aside: %s", path, reason, exc)
        return None
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        try:
            companion.rename(target.with_name(target.name + suffix))
        except OSError:
            pass
    _log.warning("HTTP cache %s was damaged (%s); set aside as %s and started afresh", path, reason, target.name)
    return target


def _probe(backend: BaseCache) -> None:
    """Touch the backend so a damaged or unwritable store fails here, where we can handle it.

    The write probe matters: requests-cache's SQLite backend retries ``BEGIN IMMEDIATE`` forever on
    a read-only database, which would hang every page.
    """
    for table in (backend.responses, backend.redirects):
        for _key in table.keys():
            break
    path = getattr(backend, "db_path", None)
    if path is not None:
        probe = sqlite3.connect(path, timeout=10)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.rollback()
        finally:
            probe.close()


def open_cache_backend(cache_dir: Path, cache_file: str = CACHE_FILE) -> BaseCache:
    """The on-disk response cache in ``cache_dir``, checked on opening.

    A damaged file is set aside and a new one created; a folder that cannot be written (read-only,
    full) gives an in-memory cache for this session, with a log note. Writes are guarded either way
    (:func:`_guard_cache_writes`).
    """
    path = cache_dir / cache_file
    backend: BaseCache
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        backend = SQLiteCache(path, wal=True, busy_timeout=10_000)
        _probe(backend)
    except sqlite3.DatabaseError as exc:
        if not is_corrupt_cache_error(exc):
            _log.warning("HTTP cache %s cannot be opened (%s); using a memory cache", path, exc)
            backend = BaseCache()
        else:
            with _cache_lock:
                set_aside_cache_file(path, str(exc))
            try:
                backend = SQLiteCache(path, wal=True, busy_timeout=10_000)
                _probe(backend)
            except sqlite3.DatabaseError as again:
                _log.warning("HTTP cache %s cannot be rebuilt (%s); using a memory cache", path, again)
                backend = BaseCache()
    except OSError as exc:
        _log.warning("HTTP cache folder %s cannot be used (%s); using a memory cache", cache_dir, exc)
        backend = BaseCache()
    _guard_cache_writes(backend)
    return backend


def _guard_cache_writes(backend: BaseCache) -> None:
    """Make ``backend.save_response`` skip bodies the current parser refuses, and survive a full or
    read-only store (the response is still returned to the caller; only the copy is lost)."""
    original = backend.save_response

    def save_response(response, cache_key=None, expires=None):  # type: ignore[no-untyped-def]
        check = getattr(_validation, "check", None)
        if check is not None and getattr(response, "status_code", None) == 200:
            try:
                check(response.content)
            except Exception as exc:  # outside input: any parser failure means "do not keep"
                _log.warning("not caching a malformed answer from %s: %s", response.url, exc)
                return
        try:
            original(response, cache_key, expires)
        except (sqlite3.DatabaseError, OSError) as exc:
            _log.warning("HTTP cache write skipped for %s: %s", getattr(response, "url", "?"), exc)

    backend.save_response = save_response  # type: ignore[method-assign]


def _replace_failed_cache(session: requests.Session, exc: sqlite3.DatabaseError) -> None:
    """Give a session whose cache failed mid-run a working one: a damaged file is set aside and
    rebuilt; a store that cannot be used (read-only, full) is replaced by a memory cache."""
    cache = getattr(session, "cache", None)
    path = getattr(cache, "db_path", None)
    corrupt = is_corrupt_cache_error(exc)
    with _cache_lock:
        if cache is not None and getattr(session, "_failed_cache", None) is not cache:
            session._failed_cache = cache  # type: ignore[attr-defined]
            try:
                cache.close()
            except Exception:  # closing a broken store may fail in any way
                pass
            if corrupt and path is not None:
                set_aside_cache_file(Path(path), str(exc))
            elif not corrupt:
                _log.warning("HTTP cache %s failed (%s); using a memory cache", path, exc)
    if corrupt and path is not None:
        session.cache = open_cache_backend(Path(path).parent)  # type: ignore[attr-defined]
    else:
        memory = BaseCache()
        _guard_cache_writes(memory)
        session.cache = memory  # type: ignore[attr-defined]


def _cache_backend(settings: Settings, cache_file: str) -> BaseCache:
    """The shared database cache, or the file cache opened and checked by :func:`open_cache_backend`."""
    if settings.http_cache != "database":
        return open_cache_backend(settings.cache_dir, cache_file)
    backend: BaseCache
    try:
        backend = DatabaseCache(shared_engine(settings.database_url))
    except SQLAlchemyError as exc:
        _log.warning("the database for the shared HTTP cache cannot be used (%s); using a memory cache", exc)
        backend = BaseCache()
    _guard_cache_writes(backend)
    return backend


def build_session(
    settings: Settings, *, retries: int = DEFAULT_RETRIES, cache: bool = True, cache_file: str = CACHE_FILE
) -> requests.Session:
    """The app's HTTP session for SMHI: the cache (see the module docstring), retries, User-Agent.

    Parameters
    ----------
    settings : the app settings (``cache_dir`` is created if missing and the cache is a file).
    retries : bounded retries on 429/502/503/504; tests pass 0.
    cache : ``False`` gives a plain session (benchmarks measuring uncached refreshes).
    cache_file : the cache file's name in ``cache_dir``; other sources keep their responses apart from
        SMHI's (the dam owners' feeds use ``owner-feeds.sqlite``).
    """
    if cache:
        session: requests.Session = CachedSession(
            backend=_cache_backend(settings, cache_file),
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


def build_cache_only_session(settings: Settings) -> requests.Session:
    """A session that never touches the network: answers come from the on-disk cache only (stale
    copies marked CACHE by :func:`get_url`), and anything not cached is a ``SourceUnavailable`` (504).

    For showing what we have while SMHI answers slowly.
    """
    session = build_session(settings, retries=0)
    if isinstance(session, CachedSession):
        session.settings.only_if_cached = True
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


#: Longest a caller waits for another thread's request of the same URL before sending its own [s]:
#: above the connect + read timeout with bounded retries, so only a stuck request is overtaken.
FLIGHT_WAIT_S = 120.0


class _Flight:
    """One request in flight: the callers of the same URL wait on ``done`` and share its outcome."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.result: Fetched | None = None
        self.error: BaseException | None = None


_flights: dict[tuple[str, str, str], _Flight] = {}
_flights_lock = threading.Lock()


def _flight_key(session: requests.Session, url: str) -> tuple[str, str, str] | None:
    """What makes two requests the same resource: the URL and the cache they go through (its file or
    database), or None when the session has no cache or only reads it (nothing to merge)."""
    if not isinstance(session, CachedSession) or session.settings.only_if_cached:
        return None
    cache = session.cache
    # Not ``db_path``: requests-cache raises NotImplementedError for it on backends without a file.
    place = cache.cache_name if isinstance(cache, (SQLiteCache, DatabaseCache)) else id(cache)
    return url, type(cache).__name__, str(place)


def _single_flight(key: tuple[str, str, str], fetch: Callable[[], Fetched]) -> Fetched:
    """``fetch()`` once for every thread asking for ``key`` at the same time; the first caller
    fetches, the others wait (at most :data:`FLIGHT_WAIT_S`) and get the same result or error."""
    with _flights_lock:
        flight = _flights.get(key)
        leading = flight is None
        if flight is None:
            flight = _flights[key] = _Flight()
    if not leading:
        if flight.done.wait(FLIGHT_WAIT_S):
            if flight.error is not None:
                raise flight.error
            assert flight.result is not None
            return flight.result
        _log.warning("a request of %s has taken over %.0f s; asking again", key[0], FLIGHT_WAIT_S)
        return fetch()
    try:
        flight.result = fetch()
        return flight.result
    except BaseException as exc:  # shared with the waiting callers, then raised here as well
        flight.error = exc
        raise
    finally:
        with _flights_lock:
            if _flights.get(key) is flight:
                del _flights[key]
        flight.done.set()


#: How much of a body with a size limit is read at a time [B]: at most this much is read past the limit.
BODY_CHUNK_BYTES = 64 * 1024


def _body_limit_hook(url: str, max_bytes: int, refused: list[ResponseTooLarge]) -> Callable[..., Any]:
    """A ``response`` hook that reads the body in chunks of :data:`BODY_CHUNK_BYTES` and refuses it
    (:class:`ResponseTooLarge`, also put in ``refused``) on a ``Content-Length`` over ``max_bytes`` [B]
    before reading anything, or as soon as what was read passes ``max_bytes``; the connection is closed.

    requests calls response hooks before it reads the body, so a refused body is neither downloaded
    whole nor held in memory, and the cache never stores it.
    """

    def refuse(response: requests.Response, read: int, declared: int | None) -> ResponseTooLarge:
        response.close()
        error = ResponseTooLarge(
            f"body over {max_bytes} bytes ({'Content-Length ' + str(declared) if declared is not None else 'read ' + str(read)})",
            url=url, limit_bytes=max_bytes, read_bytes=read, declared_bytes=declared)
        refused.append(error)
        return error

    def hook(response: requests.Response, *args: Any, **kwargs: Any) -> requests.Response:
        declared = response.headers.get("Content-Length", "").strip()
        if declared.isdigit() and int(declared) > max_bytes:
            raise refuse(response, 0, int(declared))
        if getattr(response, "_content", None) is not False:  # read already (a cached copy)
            if len(response.content) > max_bytes:
                raise refuse(response, len(response.content), None)
            return response
        chunks: list[bytes] = []
        read = 0
        for chunk in response.iter_content(BODY_CHUNK_BYTES):
            read += len(chunk)
            if read > max_bytes:
                chunks.clear()  # not kept alive by the exception's traceback
                raise refuse(response, read, None)
            chunks.append(chunk)
        response._content = b"".join(chunks)  # what requests' own ``content`` would have read
        return response

    return hook


def get_url(
    session: requests.Session,
    url: str,
    *,
    station_id: str | None = None,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    max_bytes: int | None = None,
) -> Fetched:
    """GET ``url`` and return the body with its provenance, or raise one of the source errors.

    Single flight: while one thread of this process fetches ``url`` through a cache, every other
    thread asking for it through the same cache waits for that answer (or error) instead of sending
    its own request (:func:`_single_flight`). Sessions without a cache, and cache-only sessions, are
    not merged.

    Raises
    ------
    SourceUnavailable
        Network failure, timeout, 429 or 5xx, and no cached copy to fall back on.
    NoDataError
        404: SMHI has no such station/parameter/period.
    BadResponse
        Any other non-200 answer.
    ResponseTooLarge
        ``max_bytes`` [B] given and the body is longer: refused on its ``Content-Length`` or as soon as
        the body read passes it (at most :data:`BODY_CHUNK_BYTES` more is read), never stored, even
        when the cache holds an older copy.
    """
    key = _flight_key(session, url)
    if key is None:
        return _get_url_now(session, url, station_id=station_id, timeout=timeout, max_bytes=max_bytes)
    return _single_flight(key, lambda: _one_server_asks(
        session, url, lambda: _get_url_now(session, url, station_id=station_id, timeout=timeout, max_bytes=max_bytes)))


#: How often a server waiting for another server's fetch looks for the answer in the shared cache [s].
LEASE_POLL_S = 0.2


def _one_server_asks(session: requests.Session, url: str, fetch: Callable[[], Fetched]) -> Fetched:
    """``fetch()``, unless another app server on the same shared cache (:class:`DatabaseCache`) is
    fetching ``url`` now: then its answer, read from the cache when it has come (the lease in the
    database, :mod:`sharing.fetch_lease`). A fresh cached copy is returned as it is. Other caches: ``fetch()``.
    """
    cache = session.cache if isinstance(session, CachedSession) else None
    if not isinstance(cache, DatabaseCache):
        return fetch()
    engine = cache.responses.engine
    holder = lease_holder()
    give_up = time.monotonic() + FLIGHT_WAIT_S
    while True:
        fresh = _cached_copy(session, url, fresh_only=True)
        if fresh is not None:
            return fresh
        if take_lease(engine, url, holder) or time.monotonic() > give_up:
            try:
                return fetch()
            finally:
                release_lease(engine, url, holder)
        time.sleep(LEASE_POLL_S)


def _get_url_now(
    session: requests.Session, url: str, *, station_id: str | None, timeout: tuple[float, float],
    max_bytes: int | None = None,
) -> Fetched:
    """:func:`get_url` without the single-flight guard: one ``session.get`` and its outcome."""
    refused: list[ResponseTooLarge] = []
    extra: dict[str, Any] = {} if max_bytes is None else {"hooks": {"response": [_body_limit_hook(url, max_bytes, refused)]}}
    try:
        try:
            response = session.get(url, timeout=timeout, **extra)
        except sqlite3.DatabaseError as exc:
            _replace_failed_cache(session, exc)
            response = session.get(url, timeout=timeout, **extra)
    except (requests.ConnectionError, requests.Timeout, requests.exceptions.RetryError) as exc:
        raise SourceUnavailable(
            f"cannot reach the server ({type(exc).__name__})",
            url=url,
            station_id=station_id,
            message_sv="SMHI kunde inte nås" + (f" för station {station_id}." if station_id else "."),
        ) from exc
    if refused:  # the cache answered with its older copy: the refusal says more
        raise refused[0]
    status = response.status_code
    if status == 200:
        return Fetched(url=url, content=response.content, fetched_at=_fetched_at(response),
                       origin=classify_response(response))
    if status == 404:
        raise NoDataError("not found (404)", url=url, station_id=station_id, not_found=True)
    if status == 429 or status >= 500:
        raise SourceUnavailable(
            f"server answered {status}",
            url=url,
            station_id=station_id,
            message_sv=f"SMHI svarar inte just nu (HTTP {status})"
            + (f" för station {station_id}." if station_id else "."),
        )
    raise BadResponse(f"unexpected HTTP status {status}", url=url, station_id=station_id)


def _cached_copy(session: requests.Session, url: str, *, fresh_only: bool = False) -> Fetched | None:
    """The cache's copy of ``url``, however old (``fresh_only``: only one within its expiry, as current
    data), or None (no cache, nothing kept, cache unreadable)."""
    if not isinstance(session, CachedSession):
        return None
    try:
        response = session.get(url, only_if_cached=True, timeout=DEFAULT_TIMEOUT)
    except (requests.RequestException, sqlite3.DatabaseError, OSError):
        return None
    if response.status_code != 200 or not getattr(response, "from_cache", False):
        return None
    if fresh_only and getattr(response, "is_expired", True):
        return None
    return Fetched(url=url, content=response.content, fetched_at=_fetched_at(response),
                   origin=DataOrigin.LIVE if fresh_only else DataOrigin.CACHE)


def get_parsed(
    session: requests.Session,
    url: str,
    parse: Callable[[bytes], T],
    *,
    station_id: str | None = None,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
) -> tuple[T, Fetched]:
    """GET ``url`` and ``parse`` its body; a body ``parse`` refuses counts as SMHI being unreachable.

    ``parse`` takes the raw body and raises a :class:`SourceError` (``BadResponse`` for a malformed
    body, ``NoDataError`` for an empty series); any other exception from it is taken as a malformed
    body too. Such a body is never cached; it is logged with its URL and the cache's last good copy
    is used instead (origin CACHE, its original fetch time).

    Raises
    ------
    SourceUnavailable
        As :func:`get_url`, and for a malformed body with no good copy in the cache.
    NoDataError
        404, or an empty series with no earlier copy in the cache.
    """
    checked: dict[str, Any] = {}

    def check(content: bytes) -> None:
        checked["result"] = (content, parse(content))

    _validation.check = check
    try:
        fetched = get_url(session, url, station_id=station_id, timeout=timeout)
    finally:
        _validation.check = None
    if "result" in checked and checked["result"][0] is fetched.content:
        return checked["result"][1], fetched
    try:
        return parse(fetched.content), fetched
    except Exception as exc:  # outside input: every parser failure is a bad answer
        refused = exc
    _log.warning("SMHI answered %s with data we cannot use (%s); trying the cache's last good copy", url, refused)
    stale = _cached_copy(session, url)
    if stale is not None and stale.content != fetched.content:
        try:
            return parse(stale.content), stale
        except Exception as exc:  # same as above
            _log.warning("the cached copy of %s is not usable either (%s)", url, exc)
    if isinstance(refused, NoDataError):
        refused.url = refused.url or url
        refused.station_id = refused.station_id or station_id
        raise refused
    where = f" för station {station_id}" if station_id else ""
    raise SourceUnavailable(
        f"malformed answer ({refused})", url=url, station_id=station_id,
        message_sv=f"SMHI svarade med data som inte gick att läsa{where}, och ingen sparad kopia finns.",
    ) from refused
