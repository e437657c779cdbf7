"""The browser tests' server helper tolerates a slow or broken answer while the app starts: any request
error means "not yet" until its deadline (a loaded CI machine once failed a run on one slow answer).
A real loopback HTTP server plays the starting app; no browser is needed."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser.conftest import wait_until_healthy


class _StartingApp(BaseHTTPRequestHandler):
    """Answers the health check as a starting app might: too slowly, an error, a cut connection, then ok."""

    answers: list[str] = []

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        return None

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        kind = self.answers.pop(0) if self.answers else "ok"
        if kind == "slow":
            time.sleep(1.5)
        if kind == "cut":
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        body = b"ok" if kind in ("ok", "slow") else b"not ready"
        self.send_response(200 if kind in ("ok", "slow") else 503)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def app() -> Iterator[tuple[str, subprocess.Popen]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _StartingApp)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    yield f"http://127.0.0.1:{server.server_address[1]}/_stcore/health", process
    process.kill()
    process.wait()
    server.shutdown()
    server.server_close()


def test_a_slow_an_error_and_a_cut_answer_only_mean_not_yet(app):
    url, process = app
    _StartingApp.answers = ["slow", "error", "cut", "ok"]
    wait_until_healthy(url, process, timeout_s=60, request_timeout_s=0.5)
    assert _StartingApp.answers == []  # all four were asked, the last one said ok


def test_never_healthy_ends_at_the_deadline_with_the_last_error(app):
    url, process = app
    _StartingApp.answers = ["error"] * 1000
    with pytest.raises(RuntimeError, match=r"did not become healthy within 1 s \(last: HTTP 503: not ready\)"):
        wait_until_healthy(url, process, timeout_s=1, request_timeout_s=0.5)


def test_an_app_that_exited_is_reported_at_once(app):
    url, process = app
    process.kill()
    process.wait()
    with pytest.raises(RuntimeError, match="streamlit exited with code"):
        wait_until_healthy(url, process, timeout_s=60)
