"""Data flows sources → hydrology → pages, with geodata beside: no package imports against that flow."""

from __future__ import annotations

import pytest

from tests.app_testing import PROJECT_ROOT
from tests.test_architecture import imported_modules

#: The packages that keep what the group writes down (the database and what is built on it).
_STORED = ("coordination", "messages", "meetings", "directory", "events", "owner_reports")

#: What each domain package must never import (its own top-level package name).
FORBIDDEN = {
    "geodata": ("sources", "hydrology", *_STORED, "pages", "dashboard"),
    "sources": ("hydrology", *_STORED, "pages", "dashboard"),
    "hydrology": (*_STORED, "pages", "dashboard"),
    "events": ("pages", "dashboard"),
    "owner_reports": ("pages", "dashboard"),
    "access": ("pages", "dashboard"),
    "messages": ("pages", "dashboard"),
    "meetings": ("pages", "dashboard"),
    "directory": ("pages", "dashboard"),
    "coordination": ("pages", "dashboard"),
}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_along_the_data_flow(package):
    offenders = sorted(
        f"{path.relative_to(PROJECT_ROOT)} imports {name}"
        for path in (PROJECT_ROOT / package).rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[0] in FORBIDDEN[package]
    )
    assert offenders == []
