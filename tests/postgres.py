"""A throwaway PostgreSQL server for tests, started with ``initdb``/``pg_ctl`` on loopback.

Use the fixtures from a ``conftest.py``::

    from tests.postgres import postgres_server, postgres_url  # noqa: F401  (pytest fixtures)

``postgres_server`` (session scope) starts one server in a temporary folder on a free port on
127.0.0.1, with its unix socket inside that folder, and stops it at the end of the session.
``postgres_url`` (function scope) creates a fresh, empty database on it and yields its
SQLAlchemy URL (``postgresql+psycopg://postgres@127.0.0.1:PORT/test_N``).

Where the binaries are missing the tests are skipped with the reason — except when the
environment says ``CI=true``: there a missing PostgreSQL is a failure, so the real-database
tests can never silently stop running.

PostgreSQL refuses to run as root; when the tests run as root, ``initdb`` and ``pg_ctl`` run
as the ``postgres`` system user (``runuser``/``su``) and the temporary folder is given to it.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

#: The system user that runs the server when the tests run as root.
POSTGRES_OS_USER = "postgres"
#: The database superuser created by ``initdb``; loopback connections are trusted.
SUPERUSER = "postgres"
START_TIMEOUT_S = 60


class PostgresUnavailable(RuntimeError):
    """PostgreSQL cannot be started here (binaries or a non-root user missing)."""


def find_postgres_bin_dir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``: PATH first, then Debian's versioned dirs."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    for candidate in candidates:
        folder = Path(candidate)
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user(argv: list[str]) -> list[str]:
    """Wrap a command so it runs as the non-root ``postgres`` user when we are root."""
    if os.geteuid() != 0:
        return argv
    try:
        pwd.getpwnam(POSTGRES_OS_USER)
    except KeyError as exc:
        raise PostgresUnavailable(
            f"running as root and there is no '{POSTGRES_OS_USER}' user to run PostgreSQL"
        ) from exc
    if shutil.which("runuser"):
        return ["runuser", "-u", POSTGRES_OS_USER, "--", *argv]
    return ["su", POSTGRES_OS_USER, "-s", "/bin/sh", "-c", subprocess.list2cmdline(argv)]


@dataclass
class PostgresServer:
    """A running throwaway server. Build it with :func:`start_postgres`."""

    bin_dir: Path
    root: Path
    port: int

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "socket"

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL for ``database`` on this server (psycopg 3 driver)."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create an empty database and return its SQLAlchemy URL."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(
            _as_server_user(
                [str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"]
            ),
            check=False,
            capture_output=True,
            timeout=START_TIMEOUT_S,
        )


def start_postgres() -> PostgresServer:
    """Initialise and start a server in a new temporary folder.

    Raises
    ------
    PostgresUnavailable
        When the binaries are not installed or no non-root user can run them.
    subprocess.CalledProcessError
        When ``initdb`` or ``pg_ctl`` fail (their output is in the exception).
    """
    bin_dir = find_postgres_bin_dir()
    if bin_dir is None:
        raise PostgresUnavailable(
            "PostgreSQL binaries (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin"
        )
    root = Path(tempfile.mkdtemp(prefix="alvlaget-pg-"))
    (root / "socket").mkdir()
    if os.geteuid() == 0:
        entry = pwd.getpwnam(POSTGRES_OS_USER)
        for path in (root, root / "socket"):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    server = PostgresServer(bin_dir=bin_dir, root=root, port=_free_loopback_port())
    subprocess.run(
        _as_server_user(
            [
                str(bin_dir / "initdb"),
                "-D", str(server.data_dir),
                "-U", SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
        timeout=START_TIMEOUT_S,
    )
    options = (
        f"-c listen_addresses=127.0.0.1 -p {server.port} -k {server.socket_dir} "
        "-c fsync=off -c max_connections=100"
    )
    subprocess.run(
        _as_server_user(
            [
                str(bin_dir / "pg_ctl"),
                "-D", str(server.data_dir),
                "-o", options,
                "-l", str(root / "server.log"),
                "-w", "-t", str(START_TIMEOUT_S),
                "start",
            ]
        ),
        check=True,
        capture_output=True,
        timeout=START_TIMEOUT_S + 10,
    )
    return server


def _postgres_required() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL server for the whole test session (skip or fail if missing)."""
    try:
        server = start_postgres()
    except PostgresUnavailable as exc:
        if _postgres_required():
            pytest.fail(f"CI=true but PostgreSQL cannot run: {exc}")
        pytest.skip(f"PostgreSQL not available: {exc}")
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)


_database_numbers = itertools.count(1)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """SQLAlchemy URL of a fresh, empty database on the session's server."""
    return postgres_server.create_database(f"test_{os.getpid()}_{next(_database_numbers)}")
