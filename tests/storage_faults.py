"""Pytest fixtures for real storage faults: a tiny full filesystem and a read-only folder.

As root (CI containers) both are real mounts: a ``tmpfs`` of a few kilobytes fills up with ENOSPC,
and a ``tmpfs`` remounted read-only refuses every write with EROFS, exactly as a full or read-only
data disk would. Without root a read-only folder is made with permissions (``chmod 555``), and a
full filesystem cannot be made; its tests are skipped with the reason, and the SQLite-level
equivalent (``PRAGMA max_page_count``, a real ``SQLITE_FULL``) is tested instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

MountFolder = Callable[..., Path]


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _mount_tmpfs(target: Path, size_kb: int) -> bool:
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "tmpfs", str(target)],
                          capture_output=True, check=False)
    return done.returncode == 0


def _unmount(target: Path) -> None:
    subprocess.run(["umount", "-l", str(target)], capture_output=True, check=False)


@pytest.fixture
def tiny_filesystem(tmp_path) -> Iterator[MountFolder]:
    """``tiny_filesystem(size_kb=64)`` → a folder on a fresh tmpfs of that size (root only)."""
    mounted: list[Path] = []

    def make(size_kb: int = 64) -> Path:
        if not _is_root():
            pytest.skip("a full filesystem needs root to mount a tiny tmpfs; SQLITE_FULL is tested instead")
        target = tmp_path / f"tiny-{len(mounted)}"
        if not _mount_tmpfs(target, size_kb):
            pytest.skip("mounting a tmpfs is not allowed here")
        mounted.append(target)
        return target

    yield make
    for target in mounted:
        _unmount(target)


def fill_filesystem(folder: Path) -> None:
    """Write filler until the filesystem holding ``folder`` reports ENOSPC."""
    with open(folder / "filler.bin", "wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 4096)
        except OSError:
            pass


@pytest.fixture
def read_only_folder(tmp_path) -> Iterator[MountFolder]:
    """``read_only_folder(prepare=None)`` → a folder that refuses writes, after ``prepare(folder)`` filled it.

    As root: a tmpfs remounted read-only (EROFS). Otherwise: ``chmod`` 555 on every folder, 444 on files.
    """
    mounted: list[Path] = []
    chmodded: list[Path] = []

    def make(prepare: Callable[[Path], None] | None = None, size_kb: int = 16384) -> Path:
        target = tmp_path / f"read-only-{len(mounted) + len(chmodded)}"
        if _is_root() and _mount_tmpfs(target, size_kb):
            mounted.append(target)
            if prepare:
                prepare(target)
            done = subprocess.run(["mount", "-o", "remount,ro", str(target)], capture_output=True, check=False)
            if done.returncode != 0:
                pytest.skip(f"remounting read-only failed: {done.stderr.decode(errors='replace')}")
            return target
        if _is_root():
            pytest.skip("root ignores permissions and mounting is not allowed here")
        target.mkdir(parents=True)
        if prepare:
            prepare(target)
        for path in sorted(target.rglob("*"), reverse=True):
            path.chmod(0o555 if path.is_dir() else 0o444)
        target.chmod(0o555)
        chmodded.append(target)
        return target

    yield make
    for target in mounted:
        _unmount(target)
    for target in chmodded:
        for path in [target, *target.rglob("*")]:
            path.chmod(0o755)
        shutil.rmtree(target, ignore_errors=True)
