"""Page tests start from a data folder holding the station statistics (see tests/statistics_template.py;
opt out with ``@pytest.mark.cold_data``)."""

from __future__ import annotations

import pytest

from tests.data_folders import seed_statistics


@pytest.fixture(autouse=True)
def warm_statistics(request, isolated_app_environment, tmp_path) -> None:
    """Seed this test's data folder (``tmp_path/data``, see ``tests/conftest.py``) with kept statistics,
    unless the test is marked ``cold_data``."""
    if request.node.get_closest_marker("cold_data"):
        return
    seed_statistics(request.getfixturevalue("statistics_template"), tmp_path / "data")
