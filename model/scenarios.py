"""Policy scenarios: named, sourced sets of parameter overrides, validated against the registry.

The shipped scenario files are the model's own data (``model/data/scenarios/``, installed with
the package, so every Ray node has them); a scenario may also be given as a path to a file.
A scenario's ``title`` and ``description`` are the one source of its display text: either a
plain string (English) or a mapping by language, ``{en: ..., de: ...}``, where ``en`` is
required.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from airace.model.parameters import ParameterError, validate_overrides
from airace.model.texts import LANGS, text_in, texts_by_lang

SCENARIO_DIR = Path(__file__).resolve().parent / "data" / "scenarios"
_ALLOWED_KEYS = {"name", "title", "description", "sources", "overrides"}


class ScenarioError(ParameterError):
    """A scenario file is missing or malformed."""


@dataclass(frozen=True)
class Scenario:
    """A named policy scenario with its title and description by language, its sources and
    its parameter overrides."""

    name: str
    titles: Mapping[str, str]
    descriptions: Mapping[str, str]
    sources: tuple[str, ...]
    overrides: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    @property
    def title(self) -> str:
        """The English title."""
        return self.titles["en"]

    @property
    def description(self) -> str:
        """The English description."""
        return self.descriptions["en"]

    def title_in(self, lang: str) -> str:
        """The title in ``lang``, or the English one when the file has none in ``lang``."""
        return text_in(self.titles, lang)[0]

    def description_in(self, lang: str) -> str:
        """The description in ``lang``, or the English one when the file has none in
        ``lang`` (``lang in scenario.descriptions`` tells which)."""
        return text_in(self.descriptions, lang)[0]


def scenario_names(directory: Path = SCENARIO_DIR) -> list[str]:
    """Names of the scenario files in ``directory``, sorted, baseline first."""
    names = sorted(p.stem for p in directory.glob("*.yaml"))
    return sorted(names, key=lambda n: (n != "baseline", n))


def load_scenario_file(path: Path) -> Scenario:
    """Load and validate one scenario file; every error names the file and key."""
    where = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ScenarioError(f"{where}: file not found") from exc
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{where}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ScenarioError(f"{where}: expected a mapping with keys {sorted(_ALLOWED_KEYS)}")
    unknown = set(data) - _ALLOWED_KEYS
    if unknown:
        raise ScenarioError(f"{where}: unknown key(s) {sorted(unknown)}; "
                            f"allowed: {sorted(_ALLOWED_KEYS)}")
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        raise ScenarioError(f"{where}: key 'name' must be a non-empty string")
    if data["name"] != path.stem:
        raise ScenarioError(f"{where}: key 'name' is {data['name']!r} but must equal the file "
                            f"name {path.stem!r}")
    if data.get("description") is None:
        raise ScenarioError(f"{where}: key 'description' is missing; give a string (English) "
                            f"or a mapping with the languages {', '.join(LANGS)}")
    descriptions = texts_by_lang(data["description"], "description", where, ScenarioError)
    titles = (texts_by_lang(data["title"], "title", where, ScenarioError)
              if data.get("title") is not None else {"en": data["name"]})
    sources = data.get("sources") or []
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise ScenarioError(f"{where}: key 'sources' must be a list of strings")
    overrides = data.get("overrides") or {}
    if not isinstance(overrides, dict):
        raise ScenarioError(f"{where}: key 'overrides' must be a mapping of parameter: value")
    valid = validate_overrides(overrides, where=f"{where} overrides")
    return Scenario(data["name"], titles, descriptions, tuple(sources), valid, path)


@lru_cache(maxsize=64)
def _load_cached(path: Path, mtime: float) -> Scenario:
    return load_scenario_file(path)


def load_scenario(name: str, directory: Path = SCENARIO_DIR) -> Scenario:
    """Load a scenario by name (or path to a YAML file)."""
    candidate = Path(name)
    if candidate.suffix in {".yaml", ".yml"}:
        path = candidate
    else:
        path = directory / f"{name}.yaml"
        if not path.exists():
            raise ScenarioError(f"unknown scenario '{name}'; allowed: "
                                f"{', '.join(scenario_names(directory))}")
    if not path.exists():
        raise ScenarioError(f"{path}: file not found")
    return _load_cached(path.resolve(), path.stat().st_mtime)


def all_scenarios(directory: Path = SCENARIO_DIR) -> list[Scenario]:
    """Every scenario in ``directory``, validated."""
    return [load_scenario(n, directory) for n in scenario_names(directory)]
