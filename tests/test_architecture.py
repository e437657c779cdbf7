"""The domain packages stay Streamlit-free, so they are tested (and reused) without a browser."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.app_testing import PROJECT_ROOT

DOMAIN_PACKAGES = (
    "sources", "geodata", "hydrology", "coordination", "messages", "meetings", "directory", "events", "owner_reports",
    "access", "storage", "sharing", "language", "serving",
)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", DOMAIN_PACKAGES)
def test_domain_package_never_imports_streamlit(package):
    files = sorted((PROJECT_ROOT / package).rglob("*.py"))
    assert files, f"{package}/ has no Python files"
    offenders = [
        str(path.relative_to(PROJECT_ROOT))
        for path in files
        if any(name == "streamlit" or name.startswith("streamlit.") for name in imported_modules(path))
    ]
    assert offenders == []


def test_domain_packages_never_read_shared_folder_at_run_time():
    """The app works from its own repository alone: no code path may point at ../shared/."""
    offenders = [
        str(path.relative_to(PROJECT_ROOT))
        for package in (*DOMAIN_PACKAGES, "pages")
        for path in (PROJECT_ROOT / package).rglob("*.py")
        if "shared/reference" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
