"""Pytest fixture ``fake_smhi``: a running :class:`FakeSmhiServer`, reset for each test.

Register in the top-level conftest with ``pytest_plugins = ["tests.fake_smhi.pytest_plugin"]``.
A test (or a module, with ``pytestmark``) marked ``own_fake_smhi`` gets a server of its own from
``fake_smhi`` (the same as ``fake_smhi_alone``), for tests that count requests.
"""

from __future__ import annotations

import pytest

from tests.fake_smhi.server import FakeSmhiServer

OWN_SERVER_MARKER = "own_fake_smhi"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{OWN_SERVER_MARKER}: the test's `fake_smhi` is a server of its own (see `fake_smhi_alone`)")


@pytest.fixture(scope="session")
def _fake_smhi_session():
    server = FakeSmhiServer().start()
    yield server
    server.stop()


@pytest.fixture
def fake_smhi(request: pytest.FixtureRequest):
    """The fake SMHI server (``.hydroobs_url``, ``.warnings_url``), with faults and overrides cleared.

    Shared by the tests of one process, unless the test is marked ``own_fake_smhi``.
    """
    if request.node.get_closest_marker(OWN_SERVER_MARKER):
        yield request.getfixturevalue("fake_smhi_alone")
        return
    shared = request.getfixturevalue("_fake_smhi_session")
    shared.reset()
    yield shared
    shared.reset()


@pytest.fixture
def fake_smhi_alone():
    """A fake SMHI server of this test's own, for tests that count requests.

    The shared server may still get requests from an earlier test: a page's background fetch
    (``pages/_shared/bounded.py``) outlives the AppTest that started it, for as long as a slow SMHI
    keeps it waiting. A server no other test knows counts only this test's requests.
    """
    with FakeSmhiServer() as server:
        yield server
