"""The data folder's health: can the app write its database and files, and if not, why (in Swedish).

A read-only or full data folder must not crash a page. The app then runs in a read-only mode: pages
that only read keep working, and every write is refused with the reason. This module decides which
of the two faults it is, from a probe of the folder (:func:`check_data_folder`) or from the error a
write met (:func:`classify_storage_error`); it never imports Streamlit.

A third fault is passing, not a mode: a write that waited longer than SQLite's busy timeout for
another writer's lock ("database is locked"), or met PostgreSQL's lock timeout, a serialization
failure or a deadlock, is ``"busy"``. Nothing of it was written (the transaction is rolled back),
the user is asked to try again in a moment, and the app never goes into read-only mode for it.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy.engine import make_url

Problem = Literal["read_only", "full", "unavailable", "busy"]

#: SQLite's and the OS's words for each problem, lower case, first match wins.
_WORDS: tuple[tuple[Problem, tuple[str, ...]], ...] = (
    ("full", ("database or disk is full", "no space left", "disk quota")),
    ("read_only", ("readonly database", "read-only", "read only", "permission denied")),
    ("unavailable", ("unable to open database file", "disk i/o error")),
    ("busy", ("database is locked", "database table is locked", "lock timeout", "could not serialize access",
              "deadlock detected")),
)
#: PostgreSQL's SQLSTATEs of a write that lost to another writer: lock_not_available (lock_timeout),
#: serialization_failure, deadlock_detected.
_BUSY_SQLSTATES = frozenset({"55P03", "40001", "40P01"})
#: SQLite's result codes of a lock held by another connection.
_BUSY_SQLITE_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
_ERRNO: dict[int, Problem] = {
    errno.ENOSPC: "full", errno.EDQUOT: "full",
    errno.EROFS: "read_only", errno.EACCES: "read_only", errno.EPERM: "read_only",
}
MESSAGES_SV: dict[Problem, str] = {
    "read_only": "Datamappen är skrivskyddad",
    "full": "Disken för datamappen är full",
    "unavailable": "Databasen i datamappen kan inte öppnas",
    "busy": "Databasen är upptagen just nu",
}
#: The whole message of a write refused because the database was busy (nothing of it was kept).
BUSY_MESSAGE_SV = "Databasen är upptagen just nu – försök igen om en stund. Inget sparades."
PROBE_BYTES = 4096


class StorageError(Exception):
    """A write to the data folder or database was refused by the storage itself.

    ``problem`` is ``"read_only"``, ``"full"``, ``"unavailable"`` or ``"busy"``; ``message_sv`` a whole
    Swedish sentence saying what could not be saved and why (for ``"busy"``: :data:`BUSY_MESSAGE_SV`).
    """

    def __init__(self, problem: Problem, detail: str, what_sv: str = "Ändringen") -> None:
        super().__init__(f"{problem}: {detail}")
        self.problem = problem
        self.detail = detail
        if problem == "busy":
            self.message_sv = BUSY_MESSAGE_SV
        else:
            self.message_sv = (f"{what_sv} kunde inte sparas: {MESSAGES_SV[problem].lower()}. "
                               "Inget har sparats. Appen visar läget men kan inte spara något förrän "
                               "datamappen går att skriva i igen.")

    @property
    def is_busy(self) -> bool:
        """True when the write only lost to another writer: try again, the folder is fine."""
        return self.problem == "busy"


@dataclass(frozen=True)
class StorageStatus:
    """``writable`` False means read-only mode; ``problem`` and ``reason_sv`` say why."""

    writable: bool
    problem: Problem | None = None
    reason_sv: str = ""


def _problem_of(exc: BaseException) -> Problem | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in _ERRNO:
            return _ERRNO[current.errno]
        if getattr(current, "sqlstate", None) in _BUSY_SQLSTATES or getattr(current, "pgcode", None) in _BUSY_SQLSTATES:
            return "busy"
        if isinstance(current, sqlite3.Error) and (getattr(current, "sqlite_errorcode", None) or 0) & 0xFF in _BUSY_SQLITE_CODES:
            return "busy"
        if isinstance(current, (sqlite3.Error, OSError)) or type(current).__module__.startswith(
                ("sqlalchemy", "psycopg")):
            text = str(current).lower()
            for problem, words in _WORDS:
                if any(word in text for word in words):
                    return problem
        current = getattr(current, "orig", None) or current.__cause__ or current.__context__
    return None


def classify_storage_error(exc: BaseException, what_sv: str = "Ändringen") -> StorageError | None:
    """The :class:`StorageError` that ``exc`` (an OSError, sqlite3 or SQLAlchemy error) stands for,
    or None when it is some other fault."""
    if isinstance(exc, StorageError):
        return exc
    problem = _problem_of(exc)
    return None if problem is None else StorageError(problem, str(exc), what_sv)


def banner_sv(problem: Problem) -> str:
    """The read-only mode banner (never for ``"busy"``, which is no mode)."""
    return (f"Skrivskyddat läge: {MESSAGES_SV[problem].lower()}. Läget, flödena och kartan visas som vanligt, "
            "men nya utkast, godkännanden och loggposter kan inte sparas.")


def _probe_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    probe = folder / f".write-probe-{os.getpid()}"
    try:
        with open(probe, "wb") as out:
            out.write(b"\0" * PROBE_BYTES)
            out.flush()
            os.fsync(out.fileno())
    finally:
        try:
            probe.unlink()
        except OSError:
            pass


def _probe_sqlite(path: Path) -> None:
    """Raise when the database at ``path`` refuses a write lock; a lock held by another writer
    ("database is locked") is not a refusal: the database is busy, not read-only."""
    if not path.exists():
        return
    connection = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=2)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.rollback()
    except sqlite3.OperationalError as exc:
        if getattr(exc, "sqlite_errorcode", None) != sqlite3.SQLITE_BUSY:
            raise
        # Another connection holds the write lock: someone is saving, so the database can be written.
    finally:
        connection.close()


def check_data_folder(data_dir: Path, database_url: str) -> StorageStatus:
    """Probe whether the app can write (a small file in ``data_dir``; the SQLite database, if any).

    Cheap (one 4 KiB write and a rolled-back transaction), so it can run on every page load. A
    database on a server (PostgreSQL) is not probed here; its write errors are classified when met.
    """
    try:
        _probe_folder(Path(data_dir))
        url = make_url(database_url)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            _probe_folder(Path(url.database).expanduser().parent)
            _probe_sqlite(Path(url.database).expanduser())
    except (OSError, sqlite3.Error) as exc:
        problem = _problem_of(exc) or "unavailable"
        if problem == "busy":  # another writer holds the lock: busy, never read-only mode
            return StorageStatus(True)
        return StorageStatus(False, problem, banner_sv(problem))
    return StorageStatus(True)


__all__ = ["BUSY_MESSAGE_SV", "StorageError", "StorageStatus", "banner_sv", "check_data_folder", "classify_storage_error"]
