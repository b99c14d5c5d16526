"""environment.yml mirrors pyproject.toml: the same dependencies (runtime and dev) with the
same version specifiers, and a Python version the project allows. Fails when they drift."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
ENVIRONMENT = ROOT / "environment.yml"
CONDA_ONLY = {"python", "pip"}


def pyproject_requirements(data: dict[str, Any]) -> dict[str, SpecifierSet]:
    """Runtime and optional dependencies of pyproject.toml by canonical name."""
    project = data["project"]
    reqs = list(project.get("dependencies", []))
    for group in project.get("optional-dependencies", {}).values():
        reqs += group
    out: dict[str, SpecifierSet] = {}
    for text in reqs:
        req = Requirement(text)
        name = canonicalize_name(req.name)
        assert name not in out, f"{req.name} listed twice in pyproject.toml"
        out[name] = req.specifier
    return out


def _conda_spec(text: str) -> tuple[str, SpecifierSet]:
    """A conda match spec 'name', 'name=1.2' (1.2.*) or 'name>=1,<2' as a PEP 440 set."""
    for i, ch in enumerate(text):
        if ch in "=<>!~ ":
            name, spec = text[:i], text[i:].strip()
            break
    else:
        name, spec = text, ""
    if spec.startswith("=") and not spec.startswith("=="):
        spec = f"=={spec[1:]}.*" if not spec.endswith("*") else f"=={spec[1:]}"
    return canonicalize_name(name), SpecifierSet(spec)


def environment_requirements(data: dict[str, Any]) -> tuple[dict[str, SpecifierSet],
                                                            SpecifierSet | None]:
    """Packages of environment.yml (conda and pip sections) and its Python spec."""
    out: dict[str, SpecifierSet] = {}
    python: SpecifierSet | None = None
    for dep in data.get("dependencies", []):
        items: list[tuple[str, SpecifierSet]] = []
        if isinstance(dep, dict):
            for text in dep.get("pip", []):
                if text.strip().startswith("-"):      # '-e .' and pip options
                    continue
                req = Requirement(text)
                items.append((canonicalize_name(req.name), req.specifier))
        else:
            name, spec = _conda_spec(str(dep))
            if name == "python":
                python = spec
                continue
            if name in CONDA_ONLY:
                continue
            items.append((name, spec))
        for name, spec in items:
            assert name not in out, f"{name} listed twice in environment.yml"
            out[name] = spec
    return out, python


def drift(pyproject_text: str, environment_text: str) -> list[str]:
    """Every difference between the two files, as readable lines (empty when in step)."""
    py = tomllib.loads(pyproject_text)
    want = pyproject_requirements(py)
    have, python = environment_requirements(yaml.safe_load(environment_text))
    problems = [f"{n}: in pyproject.toml ({want[n] or 'any'}) but not in environment.yml"
                for n in sorted(set(want) - set(have))]
    problems += [f"{n}: in environment.yml ({have[n] or 'any'}) but not in pyproject.toml"
                 for n in sorted(set(have) - set(want))]
    problems += [f"{n}: pyproject.toml '{want[n]}' vs environment.yml '{have[n]}'"
                 for n in sorted(set(want) & set(have)) if want[n] != have[n]]
    requires = SpecifierSet(py["project"].get("requires-python", ""))
    if python is None:
        problems.append("environment.yml pins no python version")
    else:
        pinned = next((Version(s.version.rstrip(".*")) for s in python), None)
        if pinned is None or pinned not in requires:
            problems.append(f"environment.yml python '{python}' outside requires-python "
                            f"'{requires}'")
    return problems


def test_environment_yml_mirrors_pyproject() -> None:
    problems = drift(PYPROJECT.read_text(encoding="utf-8"),
                     ENVIRONMENT.read_text(encoding="utf-8"))
    assert problems == [], "\n".join(problems)


def test_environment_installs_the_project_itself() -> None:
    data = yaml.safe_load(ENVIRONMENT.read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in data["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert any(p.replace(" ", "") in ("-e.", "-e./", ".") for p in pip)


# --- the check can fail ---------------------------------------------------------------------

PY = """
[project]
name = "x"
requires-python = ">=3.11"
dependencies = ["mesa>=3.3,<4", "numpy>=1.26", "SALib>=1.5"]
[project.optional-dependencies]
dev = ["pytest>=8"]
"""
ENV = """
dependencies:
  - python=3.11
  - pip
  - pip:
      - mesa>=3.3,<4
      - numpy>=1.26
      - salib>=1.5
      - pytest>=8
      - -e .
"""


def test_drift_detector_accepts_files_in_step() -> None:
    assert drift(PY, ENV) == []
    # the order of specifiers and the spelling of names do not matter
    assert drift(PY, ENV.replace("mesa>=3.3,<4", "Mesa<4,>=3.3")) == []


@pytest.mark.parametrize(("env", "fragment"), [
    (ENV.replace("numpy>=1.26", "numpy>=1.25"), "numpy"),
    (ENV.replace("      - pytest>=8\n", ""), "pytest: in pyproject.toml"),
    (ENV.replace("      - -e .\n", "      - ray>=2\n      - -e .\n"), "ray: in environment.yml"),
    (ENV.replace("mesa>=3.3,<4", "mesa>=3.3"), "mesa"),
    (ENV.replace("python=3.11", "python=3.10"), "python"),
    (ENV.replace("  - python=3.11\n", ""), "no python"),
])
def test_drift_detector_reports_drift(env: str, fragment: str) -> None:
    problems = drift(PY, env)
    assert any(fragment in p for p in problems), problems
