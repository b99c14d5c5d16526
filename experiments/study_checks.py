"""Validation of each block of a study file (design, scenarios, parameters, fixed, outcomes,
series, effect modifiers) for any model; the AI-race model's extra checks come from
``airace_checks``."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from airace.experiments import airace_checks
from airace.experiments.distributions import DESIGN_DISTS, DIST_KEYS, ParamSpec
from airace.experiments.models import AIRACE_MODEL, ModelInfo
from airace.experiments.names import match_names
from airace.experiments.study_fields import FieldChecker
from airace.experiments.study_schema import (
    DESIGN_KEYS,
    MODIFIER_KEYS,
    DesignSpec,
    EffectModifier,
    Study,
)

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_GROUP = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,39}$")


def check_design(raw: dict, check: FieldChecker) -> DesignSpec:
    """The ``design`` block: a known kind with its size keys."""
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


def check_grouping(design: DesignSpec, params: list[ParamSpec],
                   check: FieldChecker) -> DesignSpec:
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


def check_scenarios(raw: dict, info: ModelInfo, check: FieldChecker) -> list[str]:
    """The ``scenarios`` list: the model's scenario files, or labels of a model that takes
    a ``scenario`` argument."""
    default = ["baseline"] if info.is_airace else ["default"]
    listed = raw.get("scenarios")
    if listed is None and info.requires_scenario:
        check.fail("scenarios", f"is missing, but model {info.spec!r} requires a 'scenario' "
                   "argument", "a list of the scenario names to pass, e.g. scenarios: [low, "
                   "high]")
    names = check.str_list(default if listed is None else listed, "scenarios",
                           "a list of scenario names")
    if info.is_airace:
        airace_checks.check_scenarios(names, check)
        return names
    for i, name in enumerate(names):
        if not NAME.match(name):
            check.fail(f"scenarios[{i}]", f"= {name!r} is not a valid label",
                       "letters, digits, '_', '-' and '.'")
    if len(names) > 1 and not info.accepts_scenario:
        check.fail("scenarios", f"lists {len(names)} scenarios but model {info.spec!r} takes no "
                   "'scenario' argument, so they would all be the same runs",
                   "one scenario, or a model f(params, seed, scenario)")
    return names


def check_parameters(raw: dict, info: ModelInfo, design: DesignSpec,
                     check: FieldChecker) -> list[ParamSpec]:
    """The ``parameters`` block: one distribution (or bounds) per varied parameter."""
    block = raw.get("parameters") or {}
    check.mapping(block, "parameters", "a mapping of parameter name to distribution or bounds")
    if not block and design.kind != "monte_carlo":
        check.fail("parameters", f"is empty, but a {design.kind} design varies parameters",
                   "at least one parameter with bounds, e.g. diffusion_rate: [0.02, 0.12]")
    specs = []
    for name, value in block.items():
        key = f"parameters.{name}"
        param = airace_checks.registry_param(name, key, check) if info.is_airace else None
        spec = _param_spec(str(name), value, design, check)
        if isinstance(value, dict) and "group" in value:
            spec = replace(spec, group=_group_name(value["group"], f"{key}.group", check))
        if param is not None:
            spec = airace_checks.within_registry(spec, param, key, check)
        specs.append(spec)
    return specs


def _group_name(value: Any, key: str, check: FieldChecker) -> str:
    if not isinstance(value, str) or not _GROUP.match(value):
        check.fail(key, f"= {value!r} is not a group name",
                   "letters, digits, spaces, '_', '-' and '.', e.g. us_policy or 'EU policy'")
    return value


def _param_spec(name: str, value: Any, design: DesignSpec, check: FieldChecker) -> ParamSpec:
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


def check_fixed(raw: dict, info: ModelInfo, parameters: list[ParamSpec],
                check: FieldChecker) -> dict[str, Any]:
    """The ``fixed`` block: overrides of parameters the study does not vary."""
    fixed = raw.get("fixed") or {}
    check.mapping(fixed, "fixed", "a mapping of parameter name to value")
    both = [p.name for p in parameters if p.name in fixed]
    if both:
        check.fail(f"fixed.{both[0]}", "is also listed under 'parameters'",
                   "each parameter either fixed or varied")
    if info.is_airace:
        return airace_checks.check_fixed(fixed, check)
    for name, value in fixed.items():
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            check.fail(f"fixed.{name}", f"= {value!r} is not a number or text",
                       "numbers or strings")
    return dict(fixed)


def check_outcomes(raw: dict, info: ModelInfo, check: FieldChecker) -> list[str]:
    """The ``outcomes`` to keep: names or glob patterns (empty = everything)."""
    if raw.get("outcomes") is None:
        return []
    patterns = check.str_list(raw["outcomes"], "outcomes",
                              "outcome names such as 'compute_share.EU@2030' or patterns "
                              "such as 'compute_share.*@2030'")
    if not info.is_airace:
        return patterns
    return airace_checks.match_outcomes(patterns, check)


def check_series(raw: dict, info: ModelInfo, check: FieldChecker) -> tuple[str, ...] | None:
    """The quarterly ``series`` to store: None for none, () for every reporter."""
    value = raw.get("series", False)
    if value is False or value is None:
        return None
    if not info.is_airace:
        check.fail("series", f"asks for quarterly series, but model {info.spec!r} returns only "
                   "outcomes", f"false (series need the AI-race model '{AIRACE_MODEL}')")
    if value is True:
        return ()
    patterns = check.str_list(value, "series", "true, false or a list of reporter names")
    return airace_checks.match_reporters(patterns, check)


def check_effect_modifiers(raw: dict, study: Study, check: FieldChecker
                           ) -> tuple[EffectModifier, ...]:
    """The ``effect_modifiers``: each names an outcome the study keeps, a parameter it varies
    and optionally the scenarios to show (at least two scenarios are needed)."""
    value = raw.get("effect_modifiers")
    if value is None:
        return ()
    what = ("a list of {outcome: NAME, parameter: VARIED_PARAMETER, scenarios: [NAMES]} "
            "(scenarios optional)")
    if not isinstance(value, list) or not value:
        check.fail("effect_modifiers", f"= {value!r} is not a non-empty list", what)
    if len(study.scenarios) < 2:
        check.fail("effect_modifiers", "needs a study with at least two scenarios",
                   "list two or more scenarios under 'scenarios'")
    varied = study.param_names
    out = []
    for i, item in enumerate(value):
        key = f"effect_modifiers[{i}]"
        item = check.mapping(item, key, what)
        check.keys(item, MODIFIER_KEYS, key)
        for field_ in ("outcome", "parameter"):
            if not isinstance(item.get(field_), str) or not item[field_]:
                check.fail(f"{key}.{field_}", "is missing or not a name", what)
        outcome, parameter = item["outcome"], item["parameter"]
        if parameter not in varied:
            check.fail(f"{key}.parameter", f"= {parameter!r} is not a parameter the study varies",
                       ", ".join(varied) or "(the study varies none: add 'parameters')")
        if study.model.is_airace:
            airace_checks.match_outcomes([outcome], check)
        if study.outcomes and not match_names(list(study.outcomes), [outcome]):
            check.fail(f"{key}.outcome", f"= {outcome!r} is not among the study's outcomes",
                       ", ".join(study.outcomes))
        scenarios = tuple(check.str_list(item["scenarios"], f"{key}.scenarios",
                                         "scenario names of this study")
                          if "scenarios" in item else ())
        unknown = [s for s in scenarios if s not in study.scenarios]
        if unknown:
            check.fail(f"{key}.scenarios", f"names {unknown[0]!r}, which the study does not run",
                       ", ".join(study.scenarios))
        out.append(EffectModifier(outcome, parameter, scenarios))
    return tuple(out)
