"""Pytest fixture ``owner_feed_server``: a running :class:`FakeOwnerFeedServer`, emptied for each test."""

from __future__ import annotations

import pytest

from tests.fake_owner_feed.server import FakeOwnerFeedServer


@pytest.fixture(scope="session")
def _owner_feed_session():
    server = FakeOwnerFeedServer().start()
    yield server
    server.stop()


@pytest.fixture
def owner_feed_server(_owner_feed_session):
    """The owner's web server (``.url(path)``, ``.publish(path, body)``), with nothing published."""
    _owner_feed_session.reset()
    yield _owner_feed_session
    _owner_feed_session.reset()
