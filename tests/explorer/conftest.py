"""Helpers of the explorer tests: a small setting, and the model's scenario lookup widened to a
folder of saved scenarios (``airace study`` finds scenarios only in the model's folder)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import airace.model.scenarios as scenarios
from airace.explorer.setting import Checked, Setting, check


@pytest.fixture
def small() -> Callable[..., Checked]:
    """A checked setting to 2027 with few replicates (fast), plus the given changes."""

    def make(drafts: dict[str, str] | None = None, replicates: int = 3, **changes: object
             ) -> Checked:
        checked = check(Setting(drafts=drafts or {}, end_year=2027, replicates=replicates,
                                **changes))
        assert checked.ok, checked.errors
        return checked

    return make


@pytest.fixture
def scenarios_also_in(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """Make the model (and so the study loader) find scenario files in an extra folder."""
    names, load = scenarios.scenario_names, scenarios.load_scenario

    def widen(folder: Path) -> None:
        def scenario_names(directory: Path = scenarios.SCENARIO_DIR) -> list[str]:
            return names(directory) + sorted(p.stem for p in folder.glob("*.yaml"))

        def load_scenario(name: str, directory: Path = scenarios.SCENARIO_DIR
                          ) -> scenarios.Scenario:
            extra = folder / f"{name}.yaml"
            return load(str(extra) if extra.exists() else name, directory)

        monkeypatch.setattr(scenarios, "scenario_names", scenario_names)
        monkeypatch.setattr(scenarios, "load_scenario", load_scenario)

    yield widen
