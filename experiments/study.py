"""Study files: schema, loading and full validation before anything runs or is written.

A study file (``experiments/studies/NAME.yaml``) names the model, the scenarios to compare,
a design, the uncertain parameters, fixed overrides, the outcomes to keep, a seed and
whether to store quarterly series. Every error names the file, the key and what is allowed.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
import yaml
from scipy import stats

from airace.experiments.models import AIRACE_MODEL, LEGACY_ALIASES, ModelInfo, inspect_model
from airace.experiments.names import match_names
from airace.model.errors import InputError

STUDY_DIR = Path(__file__).resolve().parent / "studies"
TOP_KEYS = ("name", "title", "description", "model", "scenarios", "seed", "design",
            "parameters", "fixed", "outcomes", "series")
DESIGN_KEYS: dict[str, tuple[str, ...]] = {
    "monte_carlo": ("kind", "replicates"),
    "lhs": ("kind", "samples", "replicates"),
    "grid": ("kind", "levels", "replicates"),
    "sobol": ("kind", "samples", "second_order", "replicates", "grouped"),
    "morris": ("kind", "trajectories", "levels", "replicates", "grouped"),
}
DIST_KEYS: dict[str, tuple[str, ...]] = {
    "uniform": ("low", "high"),
    "loguniform": ("low", "high"),
    "triangular": ("low", "mode", "high"),
    "truncnormal": ("mean", "sd", "low", "high"),
    "discrete": ("values",),
}
DESIGN_DISTS: dict[str, tuple[str, ...]] = {
    "monte_carlo": tuple(DIST_KEYS),
    "lhs": tuple(DIST_KEYS),
    "grid": ("uniform", "discrete"),
    "sobol": ("uniform",),
    "morris": ("uniform",),
}
MAX_RUNS = 10_000_000
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_GROUP = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,39}$")


class StudyError(InputError):
    """A study file is missing or malformed."""


@dataclass(frozen=True)
class ParamSpec:
    """One varied parameter: its distribution (or bounds) and whether it takes whole numbers."""

    name: str
    dist: str
    low: float | None = None
    high: float | None = None
    mode: float | None = None
    mean: float | None = None
    sd: float | None = None
    values: tuple[float, ...] = ()
    levels: int | None = None
    integer: bool = False
    group: str | None = None  # SALib group (e.g. "us_policy"); all parameters or none

    def bounds(self) -> tuple[float, float]:
        """Smallest and largest value the parameter can take."""
        if self.dist == "discrete":
            return min(self.values), max(self.values)
        return float(self.low), float(self.high)

    def _frozen(self) -> Any:
        lo, hi = self.low, self.high
        if self.dist == "uniform" and self.integer:
            return stats.randint(int(lo), int(hi) + 1)
        if self.dist == "uniform":
            return stats.uniform(loc=lo, scale=hi - lo)
        if self.dist == "loguniform":
            return stats.loguniform(lo, hi)
        if self.dist == "triangular":
            return stats.triang((self.mode - lo) / (hi - lo), loc=lo, scale=hi - lo)
        if self.dist == "truncnormal":
            return stats.truncnorm((lo - self.mean) / self.sd, (hi - self.mean) / self.sd,
                                   loc=self.mean, scale=self.sd)
        return stats.randint(0, len(self.values))

    def from_unit(self, u: np.ndarray) -> np.ndarray:
        """Map uniform numbers in [0, 1) to values of this parameter (inverse CDF)."""
        x = self._frozen().ppf(np.asarray(u, dtype=float))
        if self.dist == "discrete":
            idx = np.clip(x, 0, len(self.values) - 1).astype(int)
            return np.asarray(self.values, dtype=float)[idx]
        return self.finish(x)

    def finish(self, x: np.ndarray) -> np.ndarray:
        """Round whole-number parameters and keep values inside the bounds."""
        lo, hi = self.bounds()
        x = np.asarray(x, dtype=float)
        return np.clip(np.rint(x) if self.integer else x, lo, hi)

    def grid_values(self, default_levels: int) -> np.ndarray:
        """The levels of this parameter in a full-factorial grid."""
        if self.dist == "discrete":
            return np.asarray(self.values, dtype=float)
        x = self.finish(np.linspace(self.low, self.high, self.levels or default_levels))
        return np.unique(x) if self.integer else x


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
class Study:
    """A validated study file."""

    path: Path
    name: str
    title: str
    description: str
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

    @property
    def sha256(self) -> str:
        """Hash of the study's content (formatting and comments do not count)."""
        canonical = json.dumps(self.raw, sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(canonical.encode()).hexdigest()

    @property
    def file_sha256(self) -> str:
        """Hash of the study file's bytes as run."""
        return hashlib.sha256(self.text.encode()).hexdigest()

    @property
    def param_names(self) -> list[str]:
        """Names of the varied parameters in file order."""
        return [p.name for p in self.parameters]


class _Checker:
    """Collects the file name so that every error names file and key."""

    def __init__(self, path: Path) -> None:
        self.where = str(path)

    def fail(self, key: str, problem: str, allowed: str | None = None) -> NoReturn:
        """Raise StudyError naming the file, the key, the problem and what is allowed."""
        msg = f"{self.where}: key '{key}' {problem}"
        raise StudyError(f"{msg}; allowed: {allowed}" if allowed else msg)

    def keys(self, data: dict, allowed: tuple[str, ...], key: str) -> None:
        """Reject keys of ``data`` that are not in ``allowed``, suggesting the closest."""
        unknown = [k for k in data if k not in allowed]
        if unknown:
            import difflib

            bad = str(unknown[0])
            close = difflib.get_close_matches(bad, allowed, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            self.fail(f"{key}.{bad}" if key else bad, f"is not a known key{hint}",
                      ", ".join(allowed))

    def integer(self, value: Any, key: str, low: int = 1) -> int:
        """A whole number >= ``low`` (booleans are not numbers here)."""
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            self.fail(key, f"= {value!r} is not a whole number >= {low}", f"integers >= {low}")
        return value

    def number(self, value: Any, key: str) -> float:
        """A finite real number as float."""
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or not math.isfinite(value):
            self.fail(key, f"= {value!r} is not a finite number", "a number such as 0.5")
        return float(value)

    def mapping(self, value: Any, key: str, what: str) -> dict:
        """A mapping, or an error describing ``what`` is expected."""
        if not isinstance(value, dict):
            self.fail(key, f"must be a mapping, got {type(value).__name__}", what)
        return value

    def str_list(self, value: Any, key: str, what: str) -> list[str]:
        """A non-empty list of distinct non-empty strings (a single string is a list of one)."""
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value \
                or not all(isinstance(v, str) and v for v in value):
            self.fail(key, f"= {value!r} is not a non-empty list of names", what)
        dupes = sorted({v for v in value if value.count(v) > 1})
        if dupes:
            self.fail(key, f"lists {dupes[0]!r} more than once", "each name once")
        return value


def locate_study(name_or_path: str | Path) -> Path:
    """A study file path, or the shipped study of that name in experiments/studies/."""
    path = Path(name_or_path)
    if path.exists() or path.suffix in {".yaml", ".yml"}:
        return path
    shipped = STUDY_DIR / f"{name_or_path}.yaml"
    if shipped.exists():
        return shipped
    raise StudyError(f"{name_or_path}: no such study file; allowed: a path to a YAML file or a "
                     f"shipped study ({', '.join(study_names()) or 'none'})")


def study_names(directory: Path = STUDY_DIR) -> list[str]:
    """Names of the shipped study files, sorted."""
    return sorted(p.stem for p in directory.glob("*.yaml"))


def load_study(path: str | Path) -> Study:
    """Read and fully validate a study file; raise StudyError naming file and key."""
    path = Path(path)
    check = _Checker(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise StudyError(f"{path}: file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise StudyError(f"{path}: cannot read the file ({exc})") from exc
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise StudyError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise StudyError(f"{path}: expected a mapping with keys {', '.join(TOP_KEYS)}; "
                         f"got {type(raw).__name__}")
    check.keys(raw, TOP_KEYS, "")
    return _build(path, text, raw, check)


def _build(path: Path, text: str, raw: dict, check: _Checker) -> Study:
    name = raw.get("name", path.stem)
    if not isinstance(name, str) or not _NAME.match(name):
        check.fail("name", f"= {name!r} is not a valid study name",
                   "letters, digits, '_', '-' and '.', starting with a letter or digit")
    for key in ("title", "description"):
        if key in raw and not isinstance(raw[key], str):
            check.fail(key, f"must be text, got {type(raw[key]).__name__}", "a string")
    if "seed" not in raw:
        check.fail("seed", "is missing", "a whole number >= 0, e.g. seed: 20251122")
    seed = check.integer(raw["seed"], "seed", low=0)
    spec = raw.get("model", AIRACE_MODEL)
    if not isinstance(spec, str):
        check.fail("model", f"= {spec!r} is not text",
                   f"'{AIRACE_MODEL}' or 'package.module:function'")
    legacy = spec in LEGACY_ALIASES
    if legacy:
        spec = LEGACY_ALIASES[spec]
    info = inspect_model(spec, where=f"{path}: key 'model'",
                         search=(path.resolve().parent, Path.cwd()))
    design = _design(raw, check)
    scenarios = _scenarios(raw, info, check)
    parameters = _parameters(raw, info, design, check)
    design = _grouping(design, parameters, check)
    fixed = _fixed(raw, info, parameters, check)
    outcomes = _outcomes(raw, info, check)
    series = _series(raw, info, check)
    study = Study(path, name, raw.get("title") or name, (raw.get("description") or "").strip(),
                  info, tuple(scenarios), seed, design, tuple(parameters), fixed,
                  tuple(outcomes), series, raw, text)
    n_runs = count_runs(study)
    if n_runs > MAX_RUNS:
        check.fail("design", f"asks for {n_runs:,} runs", f"at most {MAX_RUNS:,} runs per study")
    if info.is_airace:
        _check_airace_horizon(study, check)
        study = _with_warnings(study)
    if legacy:
        note = (f"{path}: key 'model' = {raw['model']!r} is the old name of the AI-race model; "
                f"it runs as '{AIRACE_MODEL}' (write that to silence this note)")
        study = Study(**{**study.__dict__, "warnings": (*study.warnings, note)})
    return study


def _design(raw: dict, check: _Checker) -> DesignSpec:
    if "design" not in raw:
        check.fail("design", "is missing", "a mapping such as {kind: monte_carlo, replicates: 20}")
    d = check.mapping(raw["design"], "design", "keys kind, replicates, samples, ...")
    kind = d.get("kind")
    if not isinstance(kind, str) or kind not in DESIGN_KEYS:
        check.fail("design.kind", f"= {kind!r} is not a known design", ", ".join(DESIGN_KEYS))
    check.keys(d, DESIGN_KEYS[kind], "design")
    replicates = check.integer(d.get("replicates", 1), "design.replicates")
    samples = trajectories = levels = None
    if kind in ("lhs", "sobol"):
        if "samples" not in d:
            check.fail("design.samples", f"is missing for a {kind} design",
                       "a whole number >= 1" + (" that is a power of 2" if kind == "sobol" else ""))
        samples = check.integer(d["samples"], "design.samples")
        if kind == "sobol" and samples & (samples - 1):
            check.fail("design.samples", f"= {samples} is not a power of 2 (Sobol' sequences "
                       "need one)", "2, 4, 8, ..., e.g. 256")
    if kind == "morris":
        trajectories = check.integer(d.get("trajectories", 10), "design.trajectories", low=2)
    if kind in ("grid", "morris"):
        levels = check.integer(d.get("levels", 4 if kind == "morris" else 3), "design.levels",
                               low=2)
        if kind == "morris" and levels % 2:
            check.fail("design.levels", f"= {levels} is odd (Morris samples are biased then)",
                       "an even number such as 4 or 6")
    second = d.get("second_order", True)
    if not isinstance(second, bool):
        check.fail("design.second_order", f"= {second!r} is not true or false", "true, false")
    grouped = d.get("grouped")
    if grouped is not None and not isinstance(grouped, bool):
        check.fail("design.grouped", f"= {grouped!r} is not true or false", "true, false")
    return DesignSpec(kind, replicates, samples, trajectories, levels, second, grouped)


def _grouping(design: DesignSpec, params: list[ParamSpec], check: _Checker) -> DesignSpec:
    """Check the parameters' groups (all or none) and decide whether Sobol/Morris sample
    by group (``design.grouped``, default: when groups are declared)."""
    named = [p for p in params if p.group is not None]
    if named and len(named) < len(params):
        lone = next(p.name for p in params if p.group is None)
        check.fail(f"parameters.{lone}.group", "is missing, but other parameters have a group",
                   "a group for every varied parameter, or for none")
    groups = list(dict.fromkeys(p.group for p in named))
    grouped = (bool(named) if design.grouped is None else design.grouped) \
        and design.kind in ("sobol", "morris")
    if grouped and not named:
        check.fail("design.grouped", "is true, but no parameter has a group",
                   "'group: NAME' under every parameter, or grouped: false")
    if grouped and len(groups) < 2:
        check.fail("design.grouped", f"is true, but all parameters are in group {groups[0]!r}",
                   "at least two groups, or grouped: false")
    return replace(design, grouped=grouped)


def _scenarios(raw: dict, info: ModelInfo, check: _Checker) -> list[str]:
    default = ["baseline"] if info.is_airace else ["default"]
    listed = raw.get("scenarios")
    names = check.str_list(default if listed is None else listed, "scenarios",
                           "a list of scenario names")
    if info.is_airace:
        from airace.model.scenarios import load_scenario, scenario_names

        known = scenario_names()
        for i, name in enumerate(names):
            if name not in known:
                check.fail(f"scenarios[{i}]", f"= {name!r} is not a known scenario",
                           ", ".join(known) or "(no scenario files found)")
            load_scenario(name)
        return names
    for i, name in enumerate(names):
        if not _NAME.match(name):
            check.fail(f"scenarios[{i}]", f"= {name!r} is not a valid label",
                       "letters, digits, '_', '-' and '.'")
    if len(names) > 1 and not info.accepts_scenario:
        check.fail("scenarios", f"lists {len(names)} scenarios but model {info.spec!r} takes no "
                   "'scenario' argument, so they would all be the same runs",
                   "one scenario, or a model f(params, seed, scenario)")
    return names


def _registry() -> dict[str, Any]:
    from airace.model.parameters import REGISTRY

    return REGISTRY


def _parameters(raw: dict, info: ModelInfo, design: DesignSpec,
                check: _Checker) -> list[ParamSpec]:
    block = raw.get("parameters") or {}
    check.mapping(block, "parameters", "a mapping of parameter name to distribution or bounds")
    if not block and design.kind != "monte_carlo":
        check.fail("parameters", f"is empty, but a {design.kind} design varies parameters",
                   "at least one parameter with bounds, e.g. diffusion_rate: [0.02, 0.12]")
    registry = _registry() if info.is_airace else None
    specs = []
    for name, value in block.items():
        key = f"parameters.{name}"
        param = None
        if registry is not None:
            param = registry.get(name)
            if param is None:
                import difflib

                close = difflib.get_close_matches(str(name), registry, n=3)
                hint = f" (did you mean {', '.join(close)}?)" if close else ""
                check.fail(key, f"is not a parameter of the AI-race model{hint}",
                           "names listed by 'airace params'")
            if param.kind == "choice":
                check.fail(key, "is a choice parameter and cannot be varied",
                           "set it under 'fixed' or in a scenario")
        spec = _param_spec(str(name), value, design, check)
        if isinstance(value, dict) and "group" in value:
            spec = replace(spec, group=_group_name(value["group"], f"{key}.group", check))
        if param is not None:
            spec = _within_registry(spec, param, key, check)
        specs.append(spec)
    return specs


def _group_name(value: Any, key: str, check: _Checker) -> str:
    if not isinstance(value, str) or not _GROUP.match(value):
        check.fail(key, f"= {value!r} is not a group name",
                   "letters, digits, spaces, '_', '-' and '.', e.g. us_policy or 'EU policy'")
    return value


def _param_spec(name: str, value: Any, design: DesignSpec, check: _Checker) -> ParamSpec:
    key = f"parameters.{name}"
    if isinstance(value, list) and len(value) == 2:
        value = {"low": value[0], "high": value[1]}
    if not isinstance(value, dict):
        check.fail(key, f"= {value!r} is not a distribution",
                   "[low, high], {low: .., high: ..}, {dist: triangular, low: .., mode: .., "
                   "high: ..} or {values: [..]}; constants belong under 'fixed'")
    dist = value.get("dist", "discrete" if "values" in value else "uniform")
    allowed_dists = DESIGN_DISTS[design.kind]
    if not isinstance(dist, str) or dist not in DIST_KEYS:
        check.fail(f"{key}.dist", f"= {dist!r} is not a known distribution", ", ".join(DIST_KEYS))
    if dist not in allowed_dists:
        check.fail(f"{key}.dist", f"= {dist!r} cannot be used in a {design.kind} design",
                   ", ".join(allowed_dists))
    extra = ("levels",) if design.kind == "grid" and dist == "uniform" else ()
    check.keys(value, ("dist", *DIST_KEYS[dist], *extra, "group"), key)
    missing = [k for k in DIST_KEYS[dist] if k not in value]
    if missing:
        check.fail(f"{key}.{missing[0]}", f"is missing for dist {dist}",
                   f"keys {', '.join(DIST_KEYS[dist])}")
    if dist == "discrete":
        vals = value["values"]
        if not isinstance(vals, list) or not vals:
            check.fail(f"{key}.values", f"= {vals!r} is not a non-empty list", "numbers")
        nums = tuple(check.number(v, f"{key}.values") for v in vals)
        if len(set(nums)) != len(nums):
            check.fail(f"{key}.values", "repeats a value", "distinct numbers")
        return ParamSpec(name, dist, values=nums)
    num = {k: check.number(value[k], f"{key}.{k}") for k in DIST_KEYS[dist]}
    if num["low"] >= num["high"]:
        check.fail(f"{key}.low", f"= {num['low']:g} is not below high = {num['high']:g}",
                   "low < high")
    if dist == "loguniform" and num["low"] <= 0:
        check.fail(f"{key}.low", f"= {num['low']:g} must be positive for dist loguniform",
                   "low > 0")
    if dist == "triangular" and not num["low"] <= num["mode"] <= num["high"]:
        check.fail(f"{key}.mode", f"= {num['mode']:g} lies outside [low, high] = "
                   f"[{num['low']:g}, {num['high']:g}]", "low <= mode <= high")
    if dist == "truncnormal" and num["sd"] <= 0:
        check.fail(f"{key}.sd", f"= {num['sd']:g} is not positive", "sd > 0")
    levels = value.get("levels")
    if levels is not None:
        levels = check.integer(levels, f"{key}.levels", low=2)
    return ParamSpec(name, dist, num["low"], num["high"], num.get("mode"), num.get("mean"),
                     num.get("sd"), levels=levels)


def _within_registry(spec: ParamSpec, param: Any, key: str, check: _Checker) -> ParamSpec:
    lo, hi = spec.bounds()
    if lo < param.low or hi > param.high:
        check.fail(key, f"ranges over [{lo:g}, {hi:g}], outside the parameter's bounds",
                   param.allowed())
    integer = param.kind == "int"
    if integer and spec.dist == "discrete" and any(v != int(v) for v in spec.values):
        check.fail(f"{key}.values", "holds a fraction but the parameter takes whole numbers",
                   param.allowed())
    return ParamSpec(**{**spec.__dict__, "integer": integer})


def _fixed(raw: dict, info: ModelInfo, parameters: list[ParamSpec],
           check: _Checker) -> dict[str, Any]:
    fixed = raw.get("fixed") or {}
    check.mapping(fixed, "fixed", "a mapping of parameter name to value")
    both = [p.name for p in parameters if p.name in fixed]
    if both:
        check.fail(f"fixed.{both[0]}", "is also listed under 'parameters'",
                   "each parameter either fixed or varied")
    if info.is_airace:
        from airace.model.parameters import validate_overrides

        return validate_overrides(fixed, where=f"{check.where}: fixed")
    for name, value in fixed.items():
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            check.fail(f"fixed.{name}", f"= {value!r} is not a number or text",
                       "numbers or strings")
    return dict(fixed)


def airace_outcome_names() -> list[str]:
    """Every outcome name the AI-race model can report (``kpi.BLOC@YEAR``)."""
    from airace.model.kpi_info import OUTCOME_YEARS, reporter_names

    return [f"{r}@{y}" for r in reporter_names() for y in OUTCOME_YEARS]


def _outcomes(raw: dict, info: ModelInfo, check: _Checker) -> list[str]:
    if raw.get("outcomes") is None:
        return []
    patterns = check.str_list(raw["outcomes"], "outcomes",
                              "outcome names such as 'compute_share.EU@2030' or patterns "
                              "such as 'compute_share.*@2030'")
    if not info.is_airace:
        return patterns
    from airace.model.kpi_info import OUTCOME_YEARS

    known = airace_outcome_names()
    for i, pat in enumerate(patterns):
        if not match_names([pat], known):
            check.fail(f"outcomes[{i}]", f"= {pat!r} matches no outcome of the AI-race model",
                       "names 'kpi.BLOC@YEAR' (e.g. 'compute_share.EU@2030') with YEAR in "
                       f"{', '.join(map(str, OUTCOME_YEARS))}, or glob patterns such as "
                       "'compute_share.*@2030'")
    return match_names(patterns, known)


def _series(raw: dict, info: ModelInfo, check: _Checker) -> tuple[str, ...] | None:
    value = raw.get("series", False)
    if value is False or value is None:
        return None
    if not info.is_airace:
        check.fail("series", f"asks for quarterly series, but model {info.spec!r} returns only "
                   "outcomes", f"false (series need the AI-race model '{AIRACE_MODEL}')")
    if value is True:
        return ()
    patterns = check.str_list(value, "series", "true, false or a list of reporter names")
    from airace.model.kpi_info import reporter_names

    known = reporter_names()
    for i, pat in enumerate(patterns):
        if not match_names([pat], known):
            check.fail(f"series[{i}]", f"= {pat!r} matches no quarterly reporter",
                       "reporter names such as 'compute_share.EU' or patterns 'compute_share.*'")
    return tuple(match_names(patterns, known))


def count_runs(study: Study) -> int:
    """Number of runs the study's design asks for."""
    d, k = study.design, len(study.parameters)
    if d.grouped:  # SALib samples whole groups: one column of the design per group
        k = len({p.group for p in study.parameters})
    if d.kind == "monte_carlo":
        samples = 1
    elif d.kind == "lhs":
        samples = d.samples
    elif d.kind == "grid":
        samples = math.prod(len(p.grid_values(d.levels)) for p in study.parameters)
    elif d.kind == "sobol":
        samples = d.samples * ((2 * k + 2) if d.second_order else (k + 2))
    else:
        samples = d.trajectories * (k + 1)
    return samples * d.replicates * len(study.scenarios)


def _end_year(study: Study, scenario: str) -> int:
    from airace.model.parameters import REGISTRY
    from airace.model.scenarios import load_scenario

    varied = {p.name: p for p in study.parameters}
    if "end_year" in varied:
        return int(varied["end_year"].bounds()[0])
    if "end_year" in study.fixed:
        return int(study.fixed["end_year"])
    return int(load_scenario(scenario).overrides.get("end_year", REGISTRY["end_year"].default))


def _check_airace_horizon(study: Study, check: _Checker) -> None:
    from airace.model.kpi_info import split_name

    for scenario in study.scenarios:
        end = _end_year(study, scenario)
        late = [o for o in study.outcomes if (split_name(o)[2] or 0) > end]
        if late:
            check.fail("outcomes", f"asks for {late[0]!r}, after the horizon {end} of "
                       f"scenario '{scenario}'", f"outcome years up to {end} (or raise end_year)")


def _with_warnings(study: Study) -> Study:
    from airace.model.scenarios import load_scenario

    notes = []
    for scenario in study.scenarios:
        clash = sorted(set(load_scenario(scenario).overrides) & set(study.param_names))
        if clash:
            notes.append(f"scenario '{scenario}' sets {', '.join(clash)}, which the study "
                         "varies; the study's values win, so the scenario loses that lever")
    return Study(**{**study.__dict__, "warnings": tuple(notes)})
