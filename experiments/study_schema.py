"""What a validated study is: its top-level keys, the designs and their keys, and the
``Study`` and ``DesignSpec`` records that loading a study file produces."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from airace.experiments.distributions import ParamSpec
from airace.experiments.models import ModelInfo
from airace.model.errors import InputError
from airace.model.texts import text_in

if TYPE_CHECKING:
    from airace.experiments.robustness_spec import RobustnessSpec

TOP_KEYS = ("name", "title", "description", "model", "scenarios", "seed", "design",
            "parameters", "fixed", "outcomes", "series", "sensitivity", "effect_modifiers",
            "robustness")
MODIFIER_KEYS = ("outcome", "parameter", "scenarios")
# Keys a study may change and still resume its runs: the analysis-only 'robustness' block and
# the display texts
RESUMABLE_KEYS = ("robustness", "title", "description")
DESIGN_KEYS: dict[str, tuple[str, ...]] = {
    "monte_carlo": ("kind", "replicates"),
    "lhs": ("kind", "samples", "replicates"),
    "grid": ("kind", "levels", "replicates"),
    "sobol": ("kind", "samples", "second_order", "replicates", "grouped"),
    "morris": ("kind", "trajectories", "levels", "replicates", "grouped"),
}


class StudyError(InputError):
    """A study file is missing or malformed."""


def runs_sha256(raw: Mapping[str, Any]) -> str:
    """Hash of what a study file's content runs: formatting, comments, the display texts and
    the 'robustness' block (which 'airace study' reads from the file as it is now) do not
    count."""
    runs = {k: v for k, v in raw.items() if k not in RESUMABLE_KEYS}
    canonical = json.dumps(runs, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class DesignSpec:
    """The design: its kind and size."""

    kind: str
    replicates: int = 1
    samples: int | None = None
    trajectories: int | None = None
    levels: int | None = None
    second_order: bool = True
    grouped: bool | None = None  # Sobol/Morris sampled by the parameters' groups


@dataclass(frozen=True)
class EffectModifier:
    """A question for the report: how does each scenario's effect on ``outcome`` (against
    the baseline) depend on the sampled ``parameter``? ``scenarios`` () = all others."""

    outcome: str
    parameter: str
    scenarios: tuple[str, ...] = ()


@dataclass(frozen=True)
class Study:
    """A validated study file."""

    path: Path
    name: str
    titles: Mapping[str, str]  # by language, English required
    descriptions: Mapping[str, str]  # by language; {} when the file has none
    model: ModelInfo
    scenarios: tuple[str, ...]
    seed: int
    design: DesignSpec
    parameters: tuple[ParamSpec, ...]
    fixed: dict[str, Any]
    outcomes: tuple[str, ...]  # exact names or glob patterns; empty = everything
    series: tuple[str, ...] | None  # None = no series; () = every reporter
    raw: dict[str, Any]
    text: str
    warnings: tuple[str, ...] = field(default=())
    sensitivity: bool = True  # 'airace study' computes sensitivity indices (when it can)
    effect_modifiers: tuple[EffectModifier, ...] = ()
    robustness: RobustnessSpec | None = None  # the optional 'robustness' block

    @property
    def title(self) -> str:
        """The English title (the study's name when the file has none)."""
        return self.titles["en"]

    @property
    def description(self) -> str:
        """The English description, empty when the file has none."""
        return self.descriptions.get("en", "")

    def title_in(self, lang: str) -> str:
        """The title in ``lang``, else the English one."""
        return text_in(self.titles, lang)[0]

    def description_in(self, lang: str) -> str:
        """The description in ``lang``, else the English one (empty when there is none)."""
        return text_in(self.descriptions, lang)[0]

    @property
    def sha256(self) -> str:
        """Hash of what the study runs, so a changed target or text resumes the same runs."""
        return runs_sha256(self.raw)

    @property
    def file_sha256(self) -> str:
        """Hash of the study file's bytes as run."""
        return hashlib.sha256(self.text.encode()).hexdigest()

    @property
    def param_names(self) -> list[str]:
        """Names of the varied parameters in file order."""
        return [p.name for p in self.parameters]
