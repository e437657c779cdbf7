"""A requests-cache backend in the app's database, so every app server shares one HTTP cache.

With one server the SQLite file under the data folder is enough; with two servers behind a proxy each
would fetch and keep its own copy of SMHI's answers, and one restarted while SMHI is down would have
nothing to show. :class:`DatabaseCache` keeps the entries in the ``http_cache`` table of the database
at ``settings.database_url`` (SQLite or PostgreSQL, through SQLAlchemy), so what one server fetched
the other serves — fresh within its expiry, stale when SMHI fails (``stale_if_error``).

The database may fail like any store: a read that fails counts as a miss and a write that fails is
skipped, both logged, so SMHI's answer still reaches the page (the same promise the file cache keeps).

Entries are serialised as JSON (requests-cache's ``json`` serializer, bodies base64) rather than
pickled: a row in a shared database should never be able to run code in the app.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from requests_cache import BaseCache
from requests_cache.backends.base import BaseStorage
from requests_cache.serializers import json_serializer
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import SQLAlchemyError

from sharing.store import upsert
from sharing.tables import HttpCacheEntry

#: requests-cache's two collections; each is one ``bucket`` of the table.
_log = logging.getLogger(__name__)
RESPONSES = "responses"
REDIRECTS = "redirects"


class DatabaseDict(BaseStorage):
    """One requests-cache collection (``bucket``) as rows of the ``http_cache`` table.

    Parameters
    ----------
    engine : an engine whose schema :func:`coordination.db.create_schema` created.
    bucket : :data:`RESPONSES` (serialised responses) or :data:`REDIRECTS` (plain cache keys).
    """

    def __init__(self, engine: Engine, bucket: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.engine = engine
        self.bucket = bucket

    def _where(self, *keys: str) -> list:
        condition = [HttpCacheEntry.bucket == self.bucket]
        if keys:
            condition.append(HttpCacheEntry.key.in_(keys))
        return condition

    def __getitem__(self, key: str) -> Any:
        try:
            with self.engine.connect() as connection:
                value = connection.execute(select(HttpCacheEntry.value).where(*self._where(key))).scalar()
        except SQLAlchemyError as exc:
            _log.warning("shared HTTP cache not readable, treated as a miss: %s", exc)
            value = None
        if value is None:
            raise KeyError(key)
        return self.deserialize(key, value)

    def __setitem__(self, key: str, item: Any) -> None:
        expires = getattr(item, "expires", None)
        if isinstance(expires, datetime) and expires.tzinfo is None:
            expires = expires.replace(tzinfo=UTC)  # requests-cache keeps naive UTC
        try:
            with self.engine.begin() as connection:
                upsert(connection, HttpCacheEntry.__table__, {"bucket": self.bucket, "key": key},
                       {"value": self.serialize(item), "expires_at": expires})
        except SQLAlchemyError as exc:
            _log.warning("shared HTTP cache write skipped: %s", exc)

    def __delitem__(self, key: str) -> None:
        with self.engine.begin() as connection:
            if connection.execute(delete(HttpCacheEntry).where(*self._where(key))).rowcount == 0:
                raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        with self.engine.connect() as connection:
            keys = connection.execute(select(HttpCacheEntry.key).where(*self._where())).scalars().all()
        return iter(keys)

    def __len__(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).where(*self._where())).scalar() or 0)

    def __contains__(self, key: object) -> bool:
        with self.engine.connect() as connection:
            found = connection.execute(select(HttpCacheEntry.key).where(*self._where(str(key)))).first()
        return found is not None

    def bulk_delete(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        if keys:
            with self.engine.begin() as connection:
                connection.execute(delete(HttpCacheEntry).where(*self._where(*keys)))

    def clear(self) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(HttpCacheEntry).where(*self._where()))


class DatabaseCache(BaseCache):
    """requests-cache backend storing responses and redirects in the shared database.

    Use it as ``CachedSession(backend=DatabaseCache(engine), …)``.
    """

    def __init__(self, engine: Engine, **kwargs: Any) -> None:
        super().__init__(cache_name=str(engine.url.render_as_string(hide_password=True)), **kwargs)
        self.responses = DatabaseDict(engine, RESPONSES, serializer=json_serializer)
        self.redirects = DatabaseDict(engine, REDIRECTS, serializer=None)
