"""Test-wide fixtures: an isolated data folder for every test and a clean Streamlit cache."""

from __future__ import annotations

import pytest

pytest_plugins = ["tests.fake_smhi.pytest_plugin", "tests.storage_faults", "tests.fake_owner_feed.pytest_plugin",
                  "tests.statistics_template"]


@pytest.fixture(autouse=True)
def isolated_app_environment(tmp_path, monkeypatch):
    """Point the app's database and cache at a fresh folder and keep SMHI's real hosts out of tests.

    A test that wants SMHI data starts the fake SMHI server and sets the URL variables itself.
    """
    monkeypatch.setenv("ALVLAGET_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ALVLAGET_DATABASE_URL", raising=False)
    monkeypatch.delenv("ALVLAGET_CACHE_DIR", raising=False)
    monkeypatch.setenv("ALVLAGET_MODE", "exercise")
    # Port 9 on loopback refuses at once: a test that forgets the fake server fails fast, offline.
    monkeypatch.setenv("ALVLAGET_SMHI_HYDROOBS_URL", "http://127.0.0.1:9/hydroobs/api/version/1.0")
    monkeypatch.setenv("ALVLAGET_SMHI_WARNINGS_URL", "http://127.0.0.1:9/warnings/ibww/api/version/1")
    yield
    from coordination.db import dispose_engines

    dispose_engines()  # each test has its own database: close its connections, as a stopped server would
    try:
        import streamlit as st

        st.cache_data.clear()
        st.cache_resource.clear()
    except Exception:  # noqa: BLE001 - Streamlit not importable in a pure-domain test run is fine
        pass
