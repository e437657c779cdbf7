"""The live tests (SMHI's real APIs) are collected but never run by default: ``-m live`` runs them by hand.

Checked by collecting them in a child pytest (collection only, no network), the way ``make test`` and CI
call pytest (the ``addopts`` of pyproject.toml apply).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.app_testing import PROJECT_ROOT

LIVE_TESTS = "tests/sources/test_hydroobs_live.py"


def _collect(*args: str) -> str:
    # The outer run's own options (e.g. PYTEST_ADDOPTS="-n 3 -v" for a loaded run) would change the child's
    # report; the child sees only pyproject.toml's addopts, as `make test` does.
    env = {key: value for key, value in os.environ.items() if key != "PYTEST_ADDOPTS"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", *args, LIVE_TESTS],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=False, env=env,
    )
    return done.stdout + done.stderr


def test_live_tests_are_deselected_by_default_and_collected_with_the_marker():
    by_default = _collect()
    with_marker = _collect("-m", "live")
    collected = re.search(r"(\d+) tests? collected", with_marker)
    assert collected, with_marker
    count = int(collected.group(1))
    assert count >= 10  # listings, station set, series, archives, warnings (see the module's docstring)
    assert f"no tests collected ({count} deselected)" in by_default, by_default
    listed = [line for line in with_marker.splitlines() if line.startswith(f"{LIVE_TESTS}::")]
    assert any("corrected_archive" in line and "2133" in line for line in listed), listed  # a KRV station
    assert any("corrected_archive" in line and "2238" in line for line in listed), listed  # an SMHI station
    assert any("latest_months" in line and "2133" in line for line in listed), listed
    assert any("warnings_api" in line for line in listed), listed
