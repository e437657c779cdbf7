"""Pytest fixture ``fake_smhi``: a running :class:`FakeSmhiServer`, reset for each test.

Register in the top-level conftest with ``pytest_plugins = ["tests.fake_smhi.pytest_plugin"]``.
"""

from __future__ import annotations

import pytest

from tests.fake_smhi.server import FakeSmhiServer


@pytest.fixture(scope="session")
def _fake_smhi_session():
    server = FakeSmhiServer().start()
    yield server
    server.stop()


@pytest.fixture
def fake_smhi(_fake_smhi_session):
    """The fake SMHI server (``.hydroobs_url``, ``.warnings_url``), with faults and overrides cleared."""
    _fake_smhi_session.reset()
    yield _fake_smhi_session
    _fake_smhi_session.reset()


@pytest.fixture
def fake_smhi_alone():
    """A fake SMHI server of this test's own, for tests that count requests.

    The shared server may still get requests from an earlier test: a page's background fetch
    (``pages/_shared/bounded.py``) outlives the AppTest that started it, for as long as a slow SMHI
    keeps it waiting. A server no other test knows counts only this test's requests.
    """
    with FakeSmhiServer() as server:
        yield server
