"""Checks that only the AI-race model's studies get: known scenarios, varied parameters within
the registry's bounds, fixed overrides, outcome and reporter names, outcomes within each
scenario's horizon, and a note when a scenario sets a parameter the study varies."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from airace.experiments.distributions import ParamSpec
from airace.experiments.names import match_names
from airace.experiments.study_fields import FieldChecker, did_you_mean
from airace.experiments.study_schema import Study


def check_scenarios(names: list[str], check: FieldChecker) -> None:
    """Every name is a scenario file of the model, and each of them loads."""
    from airace.model.scenarios import load_scenario, scenario_names

    known = scenario_names()
    for i, name in enumerate(names):
        if name not in known:
            check.fail(f"scenarios[{i}]", f"= {name!r} is not a known scenario",
                       ", ".join(known) or "(no scenario files found)")
        load_scenario(name)


def registry_param(name: str, key: str, check: FieldChecker) -> Any:
    """The registry's entry of a varied parameter; it must exist and be numeric."""
    from airace.model.parameters import REGISTRY

    param = REGISTRY.get(name)
    if param is None:
        check.fail(key, f"is not a parameter of the AI-race model"
                        f"{did_you_mean(str(name), REGISTRY, 3)}",
                   "names listed by 'airace params'")
    if param.kind == "choice":
        check.fail(key, "is a choice parameter and cannot be varied",
                   "set it under 'fixed' or in a scenario")
    return param


def within_registry(spec: ParamSpec, param: Any, key: str, check: FieldChecker) -> ParamSpec:
    """``spec`` inside the registry's bounds, marked whole-numbered for integer parameters."""
    lo, hi = spec.bounds()
    if lo < param.low or hi > param.high:
        check.fail(key, f"ranges over [{lo:g}, {hi:g}], outside the parameter's bounds",
                   param.allowed())
    integer = param.kind == "int"
    if integer and spec.dist == "discrete" and any(v != int(v) for v in spec.values):
        check.fail(f"{key}.values", "holds a fraction but the parameter takes whole numbers",
                   param.allowed())
    return replace(spec, integer=integer)


def check_fixed(fixed: dict[str, Any], check: FieldChecker) -> dict[str, Any]:
    """The fixed overrides, validated against the parameter registry."""
    from airace.model.parameters import validate_overrides

    return validate_overrides(fixed, where=f"{check.where}: fixed")


def outcome_names() -> list[str]:
    """Every outcome name the AI-race model can report (``kpi.BLOC@YEAR``)."""
    from airace.model.kpi_info import OUTCOME_YEARS, reporter_names

    return [f"{r}@{y}" for r in reporter_names() for y in OUTCOME_YEARS]


def match_outcomes(patterns: list[str], check: FieldChecker) -> list[str]:
    """The outcome names the patterns select; each pattern must match one."""
    from airace.model.kpi_info import OUTCOME_YEARS

    known = outcome_names()
    for i, pat in enumerate(patterns):
        if not match_names([pat], known):
            check.fail(f"outcomes[{i}]", f"= {pat!r} matches no outcome of the AI-race model",
                       "names 'kpi.BLOC@YEAR' (e.g. 'compute_share.EU@2030') with YEAR in "
                       f"{', '.join(map(str, OUTCOME_YEARS))}, or glob patterns such as "
                       "'compute_share.*@2030'")
    return match_names(patterns, known)


def match_reporters(patterns: list[str], check: FieldChecker) -> tuple[str, ...]:
    """The quarterly reporters the series patterns select; each pattern must match one."""
    from airace.model.kpi_info import reporter_names

    known = reporter_names()
    for i, pat in enumerate(patterns):
        if not match_names([pat], known):
            check.fail(f"series[{i}]", f"= {pat!r} matches no quarterly reporter",
                       "reporter names such as 'compute_share.EU' or patterns 'compute_share.*'")
    return tuple(match_names(patterns, known))


def _end_year(study: Study, scenario: str) -> int:
    from airace.model.parameters import REGISTRY
    from airace.model.scenarios import load_scenario

    varied = {p.name: p for p in study.parameters}
    if "end_year" in varied:
        return int(varied["end_year"].bounds()[0])
    if "end_year" in study.fixed:
        return int(study.fixed["end_year"])
    return int(load_scenario(scenario).overrides.get("end_year", REGISTRY["end_year"].default))


def check_horizon(study: Study, check: FieldChecker) -> None:
    """No outcome lies after the horizon (end_year) of any of the study's scenarios."""
    from airace.model.kpi_info import split_name

    for scenario in study.scenarios:
        end = _end_year(study, scenario)
        late = [o for o in study.outcomes if (split_name(o)[2] or 0) > end]
        if late:
            check.fail("outcomes", f"asks for {late[0]!r}, after the horizon {end} of "
                       f"scenario '{scenario}'", f"outcome years up to {end} (or raise end_year)")


def scenario_clashes(study: Study) -> tuple[str, ...]:
    """Notes on scenarios that set a parameter the study varies (the study's values win)."""
    from airace.model.scenarios import load_scenario

    notes = []
    for scenario in study.scenarios:
        clash = sorted(set(load_scenario(scenario).overrides) & set(study.param_names))
        if clash:
            notes.append(f"scenario '{scenario}' sets {', '.join(clash)}, which the study "
                         "varies; the study's values win, so the scenario loses that lever")
    return tuple(notes)
