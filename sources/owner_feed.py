"""Client for the report files dam owners publish (``ALVLAGET_OWNER_FEEDS``), with SMHI's discipline.

Same HTTP helper as SMHI's client (:mod:`sources.http`): timeouts, bounded retries on 429/502/503/504
for GET only, an on-disk cache (``<cache dir>/owner-feeds.sqlite``) that keeps the last good copy, and
provenance (URL, fetch time, live or cache) so the page can say how old a feed's content is.

Only the bytes come from here; :mod:`owner_reports.parsing` reads them (documented format).
"""

from __future__ import annotations

from dataclasses import dataclass

import requests

from settings import Settings
from sources.errors import NoDataError, ResponseTooLarge, SourceError, SourceUnavailable
from sources.http import DEFAULT_RETRIES, Fetched, build_session, get_url

FEED_CACHE_FILE = "owner-feeds.sqlite"
#: The largest feed file downloaded [B]; the owner-report poller passes the import limit
#: (:data:`owner_reports.parsing.MAX_FILE_BYTES`, the same 2 MB).
MAX_FEED_BYTES = 2_000_000


@dataclass(frozen=True)
class OwnerFeed:
    """One configured feed: the organisation publishing it and the URL of its report file."""

    organisation: str
    url: str


class OwnerFeedError(SourceError):
    """An owner's feed could not be fetched; ``message_sv`` names the organisation and the URL."""

    _default_sv = "Ägarens rapportfil kunde inte hämtas"


def owner_feeds(settings: Settings) -> tuple[OwnerFeed, ...]:
    """The feeds configured in ``ALVLAGET_OWNER_FEEDS``, in order."""
    return tuple(OwnerFeed(organisation, url) for organisation, url in settings.owner_feeds)


def build_feed_session(settings: Settings, *, retries: int = DEFAULT_RETRIES) -> requests.Session:
    """The HTTP session for owner feeds: cache of its own, retries, timeouts as for SMHI."""
    session = build_session(settings, retries=retries, cache_file=FEED_CACHE_FILE)
    session.headers["Accept"] = "text/csv, application/json;q=0.9, */*;q=0.5"
    return session


def get_owner_feed(feed: OwnerFeed, session: requests.Session, *, max_bytes: int = MAX_FEED_BYTES) -> Fetched:
    """Fetch ``feed``'s file; the body with its URL, fetch time [UTC] and origin (live or cache).

    A cached copy (origin ``CACHE``) means the server failed and the last good copy was served.
    The file is read in chunks and refused as soon as it is longer than ``max_bytes`` [B] (at once
    when the server's ``Content-Length`` says so): a huge file is never downloaded whole.

    Raises
    ------
    OwnerFeedError
        The server cannot be reached, answers 404, 429, 5xx or anything but 200 (no cached copy), or
        the file is longer than ``max_bytes`` (``__cause__`` is the :class:`ResponseTooLarge`).
    """
    where = f"Rapportfilen från {feed.organisation} ({feed.url})"
    try:
        return get_url(session, feed.url, max_bytes=max_bytes)
    except ResponseTooLarge as exc:
        size = ("" if exc.declared_bytes is None
                else f" (servern anger {_megabytes_sv(exc.declared_bytes)} MB)")
        raise OwnerFeedError(str(exc), url=feed.url, message_sv=(
            f"{where} är för stor{size}: högst {_megabytes_sv(max_bytes)} MB tas emot, "
            "så hämtningen avbröts.")) from exc
    except SourceUnavailable as exc:
        raise OwnerFeedError(str(exc), url=feed.url, message_sv=f"{where} kunde inte nås: servern svarar inte.") from exc
    except NoDataError as exc:
        raise OwnerFeedError(str(exc), url=feed.url, message_sv=f"{where} finns inte (HTTP 404).") from exc
    except SourceError as exc:
        raise OwnerFeedError(str(exc), url=feed.url, message_sv=f"{where} kunde inte hämtas ({exc}).") from exc


def _megabytes_sv(size_bytes: int) -> str:
    """``2_000_000`` → ``"2"``, ``52_428_800`` → ``"52,4"`` [MB, 10⁶ bytes, Swedish decimal comma]."""
    return f"{size_bytes / 1e6:.1f}".removesuffix(".0").replace(".", ",")
