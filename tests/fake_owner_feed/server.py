"""A dam owner's web server in a thread: serves set files at set paths, or fails on request.

``FakeOwnerFeedServer().start()`` listens on a free loopback port; ``publish(path, body, status=200)``
sets what a path answers; ``url(path)`` is its address. Every other path answers 404. Used by the feed
tests and the browser test, which give the app ``ALVLAGET_OWNER_FEEDS=Org=<url>``.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeOwnerFeedServer:
    """See the module docstring."""

    def __init__(self) -> None:
        self._files: dict[str, tuple[int, bytes, str]] = {}
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self.requests: list[str] = []

    def start(self) -> FakeOwnerFeedServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                with server._lock:
                    server.requests.append(self.path)
                    status, body, content_type = server._files.get(
                        self.path, (404, b"not found", "text/plain; charset=utf-8")
                    )
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    @property
    def port(self) -> int:
        assert self._httpd is not None
        return self._httpd.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def publish(self, path: str, body: bytes | str, *, status: int = 200, content_type: str = "text/csv") -> None:
        """Make ``path`` answer ``status`` with ``body`` (str is sent as UTF-8)."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self._lock:
            self._files[path] = (status, data, content_type)

    def reset(self) -> None:
        with self._lock:
            self._files.clear()
            self.requests.clear()
