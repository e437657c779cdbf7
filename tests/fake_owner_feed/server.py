"""A dam owner's web server in a thread: serves set files at set paths, or fails on request.

``FakeOwnerFeedServer().start()`` listens on a free loopback port; ``publish(path, body, status=200)``
sets what a path answers; ``url(path)`` is its address. Every other path answers 404. Used by the feed
tests and the browser test, which give the app ``ALVLAGET_OWNER_FEEDS=Org=<url>``.

For huge files: ``publish(path, body, repeat=N)`` sends ``body`` N times over without holding the whole
file, and ``framing`` says how its end is marked (``"length"``: a ``Content-Length``; ``"close"``: none,
the server closes the connection; ``"chunked"``: HTTP/1.1 chunked transfer). ``bytes_sent[path]`` counts
the body bytes the server managed to send (a client that stops reading makes the server stop).
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal

Framing = Literal["length", "close", "chunked"]


class FakeOwnerFeedServer:
    """See the module docstring."""

    def __init__(self) -> None:
        self._files: dict[str, tuple[int, bytes, str, int, Framing]] = {}
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self.requests: list[str] = []
        self.bytes_sent: dict[str, int] = {}

    def start(self) -> FakeOwnerFeedServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                with server._lock:
                    server.requests.append(self.path)
                    status, body, content_type, repeat, framing = server._files.get(
                        self.path, (404, b"not found", "text/plain; charset=utf-8", 1, "length")
                    )
                    server.bytes_sent[self.path] = 0
                if framing == "chunked":
                    self.protocol_version = "HTTP/1.1"
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                if framing == "length":
                    self.send_header("Content-Length", str(len(body) * repeat))
                elif framing == "chunked":
                    self.send_header("Transfer-Encoding", "chunked")
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    for _ in range(repeat):
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(body), body) if framing == "chunked" else body)
                        with server._lock:
                            server.bytes_sent[self.path] += len(body)
                    if framing == "chunked":
                        self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading: so does the server
                self.close_connection = True

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

    def publish(self, path: str, body: bytes | str, *, status: int = 200, content_type: str = "text/csv",
                repeat: int = 1, framing: Framing = "length") -> None:
        """Make ``path`` answer ``status`` with ``body`` ``repeat`` times over (str is sent as UTF-8),
        its end marked as ``framing`` says (see the module docstring)."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self._lock:
            self._files[path] = (status, data, content_type, repeat, framing)

    def reset(self) -> None:
        with self._lock:
            self._files.clear()
            self.requests.clear()
            self.bytes_sent.clear()
