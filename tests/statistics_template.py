"""Pytest plugin: a data folder holding the station statistics, built once per test run, for the page
and browser tests to start from (opt out: ``@pytest.mark.cold_data``).

Computing the statistics needs every station's corrected archive, a century of daily values each: in a
fresh folder that was most of a page test's time (Läget about 35 s instead of 5 s on a loaded two-core
machine), and it is what a server's first start does, not what the pages show. Each test still gets a
folder and a database of its own: the kept statistics are copied in from the template
(:func:`tests.data_folders.seed_statistics`) and checked by the app against the archive they came from,
as on any later start. Tests of the first start itself are marked ``cold_data``.

The template is built after collection, not in a test's setup, so its minute or two on a loaded machine
counts against no test's timeout; the first xdist worker builds it, the others wait for it.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

_TEMPLATE = pytest.StashKey[Path]()
_TESTS = Path(__file__).resolve().parent
#: Fixtures whose data folders are seeded (tests/browser/conftest.py's servers).
SEEDING_FIXTURES = ("start_app",)


def wants_statistics(item: pytest.Item) -> bool:
    """Whether ``item`` starts from kept statistics: a page test, or a test starting app servers, unless
    marked ``cold_data``."""
    if item.get_closest_marker("cold_data"):
        return False
    in_pages = Path(str(item.path)).resolve().parent == _TESTS / "pages"
    return in_pages or any(name in getattr(item, "fixturenames", ()) for name in SEEDING_FIXTURES)


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    if any(wants_statistics(item) for item in items):
        config.stash[_TEMPLATE] = _build_once(config)


@pytest.fixture(scope="session")
def statistics_template(request: pytest.FixtureRequest) -> Path:
    """The template data folder (:func:`tests.data_folders.build_statistics_template`) of this run."""
    if _TEMPLATE not in request.config.stash:  # e.g. a test that wants it although none was foreseen
        request.config.stash[_TEMPLATE] = _build_once(request.config)
    return request.config.stash[_TEMPLATE]


def _build_once(config: pytest.Config) -> Path:
    from tests.data_folders import build_statistics_template  # the app's modules: only when needed
    from tests.fake_smhi.server import FakeSmhiServer

    base = config._tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # this run's, not an earlier run's
    template = root / "statistics-template"
    with open(root / "statistics-template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (template / "complete").exists():
            build = root / f"statistics-template.{os.getpid()}"
            # Every fake SMHI serves the same archives (its generator is deterministic): a server of its own.
            with FakeSmhiServer() as fake:
                build_statistics_template(build, {"ALVLAGET_SMHI_HYDROOBS_URL": fake.hydroobs_url,
                                                  "ALVLAGET_SMHI_WARNINGS_URL": fake.warnings_url})
            (build / "complete").touch()
            build.rename(template)
    return template
