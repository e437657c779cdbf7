"""Helpers for AppTest runs of the real entry file (``dashboard.py``)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ENTRY_FILE = str(PROJECT_ROOT / "dashboard.py")


def run_page(page: str = "pages/lage.py", timeout: float = 60) -> AppTest:
    """Run the app through ``dashboard.py`` and switch to ``page`` (a path like ``"pages/karta.py"``).

    The environment (ALVLAGET_* variables) must be set before calling.
    """
    at = AppTest.from_file(ENTRY_FILE, default_timeout=timeout)
    at.run()
    if page != "pages/lage.py":
        at.switch_page(page)
        at.run()
    return at
