"""pyproject.toml ships the whole package: every folder with an ``__init__.py`` is listed under
its ``airace.`` name, and the data files the code reads at run time are declared."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP = {"tests", "benchmarks", "build", "dist", "docs", "out"}

with (ROOT / "pyproject.toml").open("rb") as fh:
    SETUPTOOLS = tomllib.load(fh)["tool"]["setuptools"]
PACKAGE_DIR: dict[str, str] = SETUPTOOLS["package-dir"]
PACKAGES: list[str] = SETUPTOOLS["packages"]
PACKAGE_DATA: dict[str, list[str]] = SETUPTOOLS["package-data"]

# Files the package reads at run time, as globs relative to the repository.
DATA = ["model/data/scenarios/*.yaml", "model/data/population_2025.yaml",
        "model/data/parameters_de.yaml", "experiments/studies/*.yaml"]


def _source_packages() -> list[Path]:
    """Folders of the repository with an __init__.py (outside tests, benchmarks, venvs)."""
    found = []
    for init in ROOT.rglob("__init__.py"):
        rel = init.parent.relative_to(ROOT)
        top = rel.parts[0] if rel.parts else ""
        if top in SKIP or top.startswith("."):
            continue
        found.append(rel)
    return sorted(found)


def _installed_name(rel: Path) -> str:
    """The dotted name under which ``rel`` installs, from [tool.setuptools.package-dir]."""
    for name, folder in sorted(PACKAGE_DIR.items(), key=lambda kv: -len(kv[1])):
        folder_parts = Path(folder).parts
        if rel.parts[: len(folder_parts)] == folder_parts:
            return ".".join([name, *rel.parts[len(folder_parts):]])
    raise AssertionError(f"{rel}: no entry in [tool.setuptools.package-dir] maps this folder")


def _package_of(path: Path) -> tuple[str, Path]:
    """The installed package holding the data file ``path`` and the file relative to it."""
    for name, folder in sorted(PACKAGE_DIR.items(), key=lambda kv: -len(kv[1])):
        if path.is_relative_to(folder):
            return name, path.relative_to(folder)
    raise AssertionError(f"{path}: not inside any folder of [tool.setuptools.package-dir]")


def _matches(path: Path, pattern: str) -> bool:
    """Setuptools' package-data glob: one path segment per pattern segment."""
    parts, globs = path.parts, pattern.split("/")
    return len(parts) == len(globs) and all(map(fnmatch.fnmatchcase, parts, globs))


def test_every_source_package_is_listed_under_its_airace_name() -> None:
    folders = _source_packages()
    assert Path("airace") in folders and Path("model") in folders
    names = [_installed_name(rel) for rel in folders]
    assert all(n == "airace" or n.startswith("airace.") for n in names), names
    missing = sorted(set(names) - set(PACKAGES))
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {missing}"


def test_listed_packages_exist() -> None:
    names = {_installed_name(rel) for rel in _source_packages()}
    assert not set(PACKAGES) - names, "packages listed without a folder with __init__.py"


@pytest.mark.parametrize("pattern", DATA)
def test_data_files_are_declared_as_package_data(pattern: str) -> None:
    files = sorted(ROOT.glob(pattern))
    assert files, f"no file matches {pattern}"
    for path in files:
        package, inner = _package_of(path.relative_to(ROOT))
        globs = PACKAGE_DATA.get(package, [])
        assert any(_matches(inner, g) for g in globs), (
            f"{path.relative_to(ROOT)}: not declared in [tool.setuptools.package-data] "
            f"'{package}' = {globs}")
