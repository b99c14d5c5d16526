"""The data of a scenario discovery: one row per future of one scenario with its uncertain
inputs (float, whole-number or categorical factors) and whether the outcome (or a policy's
regret) lies in the case of interest, above or below a value."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from airace.analysis.robustness import outputs
from airace.analysis.robustness.futures import (
    FUTURE,
    REGRET_PREFIX,
    RobustnessError,
    check_outcome,
    paired_values,
    regret,
)
from airace.experiments.store import Results

MIN_FUTURES = 10
KINDS: tuple[str, ...] = ("float", "int", "categorical")


@dataclass(frozen=True)
class Case:
    """Futures (rows of ``x``) of ``scenario`` and which of them are of interest (``y``)."""

    outcome: str
    scenario: str
    above: float | None
    below: float | None
    x: pd.DataFrame
    y: np.ndarray  # 1 = of interest, 0 = not
    values: np.ndarray
    kinds: dict[str, str]
    dropped: int

    @property
    def n_cases(self) -> int:
        """Futures of interest."""
        return int(self.y.sum())


def choose_scenario(rs: Results, scenario: str | None) -> str:
    """``scenario`` if the folder holds it, else (None) the study's first scenario."""
    if scenario is None:
        return rs.scenarios[0]
    if scenario not in rs.scenarios:
        raise RobustnessError(f"{rs.path}: --scenario {scenario!r} is not in this result "
                              f"folder; allowed: {', '.join(rs.scenarios)}")
    return scenario


def factor_kinds(rs: Results, names: list[str]) -> dict[str, str]:
    """'categorical' for parameters drawn from a list of values, 'int' for whole-number
    parameters, else 'float' (from the design recorded in the manifest)."""
    design = rs.manifest.get("design") if isinstance(rs.manifest.get("design"), dict) else {}
    specs = {p.get("name"): p for p in design.get("parameters") or [] if isinstance(p, dict)}
    kinds = {}
    for name in names:
        spec = specs.get(name, {})
        kinds[name] = ("categorical" if spec.get("dist") == "discrete"
                       else "int" if spec.get("integer") else "float")
    return kinds


def _typed(x: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
    out = pd.DataFrame(index=x.index)
    for name, kind in kinds.items():
        col = x[name]
        if kind == "categorical":
            out[name] = pd.Categorical(col.to_numpy(dtype=float))
        elif kind == "int":
            # whole numbers, but as floats: EMA Workbench 2.5's pasting writes fractional
            # limits into integer columns, which pandas 3 refuses; limit_rows rounds inwards
            out[name] = col.round().astype("float64")
        else:
            out[name] = col.astype("float64")
    return out


def _regret_values(rs: Results, outcome: str, scenario: str) -> pd.Series:
    base = outcome.removeprefix(REGRET_PREFIX)
    check_outcome(rs, base, "--outcome regret:")
    summary = outputs.read_json(rs.path / outputs.ROB_DIR / "summary.json") or {}
    entry = (summary.get("outcomes") or {}).get(base)
    if not isinstance(entry, dict) or entry.get("direction") not in ("maximize", "minimize"):
        raise RobustnessError(f"{rs.path}: --outcome {outcome!r} needs the regret's direction "
                              f"from the robustness analysis of {base!r}, which has not been "
                              f"run; allowed: run 'airace robustness {rs.path} --outcome {base} "
                              "--maximize' (or --minimize) first")
    paired = paired_values(rs, base)
    return regret(paired.values, entry["direction"])[scenario]


def _outcome_values(rs: Results, outcome: str, scenario: str) -> pd.Series:
    check_outcome(rs, outcome)
    rows = rs.results[rs.results["scenario"] == scenario]
    return rows.set_index(list(FUTURE))[outcome].dropna()


def build_case(rs: Results, outcome: str, above: float | None, below: float | None,
               scenario: str | None) -> Case:
    """The futures of ``scenario`` with their inputs and whether ``outcome`` lies above
    ``above`` (or below ``below``); RobustnessError when nothing could be discovered."""
    if (above is None) == (below is None):
        raise RobustnessError("give exactly one of --above V and --below V; allowed: --above "
                              "V (futures where the outcome exceeds V) or --below V")
    scen = choose_scenario(rs, scenario)
    values = (_regret_values(rs, outcome, scen) if outcome.startswith(REGRET_PREFIX)
              else _outcome_values(rs, outcome, scen))
    design = rs.design[rs.design["scenario"] == scen].set_index(list(FUTURE))
    varied = [p for p in rs.parameters if design[p].nunique(dropna=True) > 1]
    if not varied:
        raise RobustnessError(f"{rs.path}: scenario discovery needs uncertain inputs, but "
                              f"scenario '{scen}' varies no parameter; allowed: a study with "
                              "a 'parameters' block")
    x = design.loc[values.index, varied]
    if len(values) < MIN_FUTURES:
        raise RobustnessError(f"{rs.path}: only {len(values)} futures of scenario '{scen}' "
                              f"have a value of {outcome!r}; allowed: at least {MIN_FUTURES}")
    v = values.to_numpy(dtype=float)
    y = (v > above if above is not None else v < below).astype(int)
    _check_split(rs, outcome, above, below, v, y)
    kinds = factor_kinds(rs, varied)
    n_all = int((rs.design["scenario"] == scen).sum())
    return Case(outcome, scen, above, below, _typed(x, kinds).reset_index(drop=True), y, v,
                kinds, n_all - len(values))


def _check_split(rs: Results, outcome: str, above: float | None, below: float | None,
                 v: np.ndarray, y: np.ndarray) -> None:
    side, bound = ("--above", above) if above is not None else ("--below", below)
    if 0 < y.sum() < len(y):
        return
    which = "no" if y.sum() == 0 else "every"
    raise RobustnessError(f"{Path(rs.path)}: {side} {bound:g}: {which} future has {outcome} "
                          f"{side[2:]} {bound:g} (values from {v.min():.4g} to {v.max():.4g}), "
                          "so there is nothing to discover; allowed: a value inside that range")
