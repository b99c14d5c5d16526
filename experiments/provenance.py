"""Provenance for the manifest: package and library versions, Python, platform, git commit."""

from __future__ import annotations

import platform
import subprocess
import sys
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

LIBRARIES: tuple[str, ...] = ("airace", "mesa", "ray", "numpy", "pandas", "pyarrow", "scipy",
                              "SALib", "pyyaml", "click", "tqdm")
ROOT = Path(__file__).resolve().parents[1]


def _version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True,
                             timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip()


@lru_cache(maxsize=1)
def environment() -> dict[str, Any]:
    """Versions, platform and the git commit of the source tree (with a dirty flag)."""
    commit = _git("rev-parse", "HEAD")
    dirty = _git("status", "--porcelain", "--untracked-files=no") if commit else None
    return {
        "package_version": _version("airace"),
        "git": {"commit": commit, "dirty": bool(dirty) if dirty is not None else None},
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "libraries": {name: _version(name) for name in LIBRARIES},
    }
