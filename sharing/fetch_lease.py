"""One fetch per outside resource across app servers: a short lease in the shared database.

Within one server, :func:`sources.http.get_url` already sends one request per SMHI resource however many
sessions ask at once. Two servers on one database would still both ask when a shared cache entry
expires. Before asking, a server takes the resource's lease (:func:`take_lease`, one atomic upsert that
succeeds only when nobody holds an unexpired lease); the other servers wait for the answer to appear in
the shared HTTP cache instead of asking themselves, and take the lease when it is released or expires
(:data:`LEASE_S`, so a server that dies mid-fetch holds nobody up for long).

Only an optimisation: a database that cannot be used counts as "lease taken" (logged), so a fetch is
never prevented, only sometimes duplicated.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from sharing.tables import FetchLease

_log = logging.getLogger(__name__)
#: How long a lease holds at most [s]: above a request's timeouts with its bounded retries.
LEASE_S = 60.0


def lease_holder() -> str:
    """This thread of this process on this machine, as a lease's holder."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def _resource_key(resource: str) -> str:
    return hashlib.sha256(resource.encode("utf-8")).hexdigest()


def take_lease(engine: Engine, resource: str, holder: str, *, seconds: float = LEASE_S,
               now: datetime | None = None) -> bool:
    """Take the lease of ``resource`` (e.g. a URL) for ``holder`` until ``seconds`` after ``now`` [UTC];
    True when taken (free, expired, or already ``holder``'s), False while another holds it.

    One atomic statement (insert, or update only an expired or own lease), safe when several servers
    try at once; on SQLite and PostgreSQL. A database error counts as taken (and is logged).
    """
    now = now or datetime.now(UTC)
    table = FetchLease.__table__
    values = {"resource": _resource_key(resource), "holder": holder, "until": now + timedelta(seconds=seconds)}
    try:
        with engine.begin() as connection:
            insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
            statement = insert(table).values(values).on_conflict_do_update(
                index_elements=["resource"], set_={"holder": values["holder"], "until": values["until"]},
                where=(table.c.until < now) | (table.c.holder == holder),
            ).returning(table.c.holder)  # a row only when inserted or updated (rowcount is -1 on psycopg)
            return connection.execute(statement).first() is not None
    except SQLAlchemyError as exc:
        _log.warning("fetch lease of %s not taken (%s); fetching without it", resource, type(exc).__name__)
        return True


def release_lease(engine: Engine, resource: str, holder: str) -> None:
    """End ``holder``'s lease of ``resource`` (nothing when it holds none); errors are logged, the lease
    then simply expires."""
    table = FetchLease.__table__
    try:
        with engine.begin() as connection:
            connection.execute(delete(table).where(table.c.resource == _resource_key(resource),
                                                   table.c.holder == holder))
    except SQLAlchemyError as exc:
        _log.warning("fetch lease of %s not released (%s); it expires by itself", resource, type(exc).__name__)
