"""Fixtures for the sources tests: the fake SMHI server (also registered project-wide by the lead)."""

from tests.fake_smhi.pytest_plugin import _fake_smhi_session, fake_smhi  # noqa: F401
