"""A fresh start with no identity provider: listens on 127.0.0.1 only and says it is in local mode.

The server is started as ``streamlit run dashboard.py`` without an address on the command line, so
the committed ``.streamlit/config.toml`` decides; which address it listens on is read from the
kernel's socket table (``/proc/net/tcp``, ``/proc/net/tcp6``), without sending anything anywhere.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.browser.conftest import StreamlitServer, assert_no_exception_box, wait_for_app

LOCAL_MODE = "Lokalt läge utan inloggning – bara den här datorn"
LISTEN = "0A"  # TCP state LISTEN in /proc/net/tcp


def _listening_addresses(port: int) -> list[str]:
    """Hex local addresses of the sockets listening on ``port`` (IPv4 and IPv6)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if int(hex_port, 16) == port and fields[3] == LISTEN:
                found.append(address)
    return found


def test_fresh_start_without_identity_provider_listens_on_loopback_only(page, tmp_path):
    env = dict(os.environ, ALVLAGET_DATA_DIR=str(tmp_path / "data"))
    server = StreamlitServer(env, tmp_path / "streamlit.log", address=None)
    try:
        # 0100007F is 127.0.0.1 in the kernel's byte order; 0.0.0.0 or :: would mean every interface.
        assert _listening_addresses(server.port) == ["0100007F"]
        page.goto(server.url)
        wait_for_app(page, "Läget", timeout_ms=180_000)
        page.locator('[data-testid="stSidebar"]').get_by_text(LOCAL_MODE).wait_for()
        assert_no_exception_box(page)
    finally:
        server.stop()
