"""Page tests start from a data folder that already holds the station statistics (opt out: ``cold_data``).

Computing the statistics needs every station's corrected archive, a century of daily values each: in a
fresh folder that was most of a page test's time (Läget about 35 s instead of 5 s on a loaded two-core
machine), and it is what a server's first start does, not what the pages show. Each test still gets a
folder and a database of its own: the kept statistics are copied in from a template built once per
test run (by the first xdist worker, the others wait for it) and checked by the app against the archive
they came from, as on any later start. Tests of the first start itself are marked
``@pytest.mark.cold_data``.

The template is built after collection, not in a test's setup, so its minute or two on a loaded machine
counts against no test's timeout.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from tests.data_folders import build_statistics_template, seed_statistics
from tests.fake_smhi.server import FakeSmhiServer

_TEMPLATE = pytest.StashKey[Path]()


def pytest_collection_modifyitems(session, config, items) -> None:
    if any(_needs_template(item) for item in items):
        config.stash[_TEMPLATE] = _statistics_template(config)


def _needs_template(item) -> bool:
    return Path(str(item.path)).parent == Path(__file__).parent and not item.get_closest_marker("cold_data")


def _statistics_template(config) -> Path:
    """A data folder holding only kept statistics (:func:`tests.data_folders.build_statistics_template`)
    under this run's temporary folder, built by the first xdist worker that gets here."""
    base = config._tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # this run's, not an earlier run's
    template = root / "statistics-template"
    with open(root / "statistics-template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (template / "complete").exists():
            build = root / f"statistics-template.{os.getpid()}"
            # Any fake SMHI serves the same archives (its generator is deterministic): a server of its own.
            with FakeSmhiServer() as fake:
                build_statistics_template(build, {"ALVLAGET_SMHI_HYDROOBS_URL": fake.hydroobs_url,
                                                  "ALVLAGET_SMHI_WARNINGS_URL": fake.warnings_url})
            (build / "complete").touch()
            build.rename(template)
    return template


@pytest.fixture(autouse=True)
def warm_statistics(request, isolated_app_environment, tmp_path) -> None:
    """Seed this test's data folder (``tmp_path/data``, see ``tests/conftest.py``) with kept statistics,
    unless the test is marked ``cold_data``."""
    if request.node.get_closest_marker("cold_data"):
        return
    seed_statistics(request.config.stash[_TEMPLATE], tmp_path / "data")
