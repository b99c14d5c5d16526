"""What the sensitivity analysis reads from a result folder: the SALib problem and sample
layout of the design, the outcomes asked for, and per scenario the replicate means and
seed-noise variances at each sample point."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from airace.experiments.names import match_names
from airace.experiments.run_count import rows_per_sample
from airace.experiments.store import Results
from airace.model.errors import InputError

SALIB_KINDS: tuple[str, ...] = ("sobol", "morris")
MI_KINDS: tuple[str, ...] = ("sobol", "lhs", "monte_carlo", "grid")


class SensitivityError(InputError):
    """A result folder cannot be analysed for sensitivity (no varied parameters, no runs,
    unknown outcome or year)."""


@dataclass(frozen=True)
class Layout:
    """The design as SALib sees it: kind, problem, sample order and replicates."""

    kind: str
    names: tuple[str, ...]
    bounds: tuple[tuple[float, float], ...]
    groups: tuple[str, ...] | None  # SALib groups the design was sampled with
    param_groups: tuple[str, ...] | None  # each parameter's group label (any design)
    second_order: bool
    levels: int
    n_points: int
    replicates: int
    seed: int

    @property
    def factors(self) -> list[str]:
        """Factors of the Sobol/Morris indices: the groups, else the parameters."""
        return list(dict.fromkeys(self.groups)) if self.groups else list(self.names)

    @property
    def step(self) -> int:
        """Rows per base sample (Sobol) or trajectory (Morris); 1 for other designs."""
        return rows_per_sample(self.kind, len(self.factors), self.second_order)

    @property
    def n_blocks(self) -> int:
        """Whole base samples (Sobol) or trajectories (Morris) among the sample points."""
        return self.n_points // self.step

    def blocks(self, values: np.ndarray) -> np.ndarray:
        """Per-point ``values`` as one row per base sample or trajectory."""
        return values[: self.n_blocks * self.step].reshape(self.n_blocks, self.step)

    def problem(self, groups: tuple[str, ...] | None = None) -> dict[str, Any]:
        """The SALib problem, with ``groups`` when given."""
        problem: dict[str, Any] = {"num_vars": len(self.names), "names": list(self.names),
                                   "bounds": [list(b) for b in self.bounds]}
        if groups:
            problem["groups"] = list(groups)
        return problem


def layout(res: Results) -> Layout:
    """The design layout of a result folder from its manifest."""
    info: dict[str, Any] = res.manifest.get("design") or {}
    kind = str(info.get("kind", ""))
    problem = info.get("problem") or {}
    names = tuple(problem.get("names") or [])
    if not names:
        raise SensitivityError(f"{res.path}: the design varies no parameters, so there is "
                               "nothing to attribute the outcomes to; allowed: a study with "
                               "'parameters' (best a sobol or morris design)")
    labels = [p.get("group") for p in info.get("parameters") or []]
    groups = problem.get("groups")
    return Layout(kind, names, tuple(tuple(map(float, b)) for b in problem["bounds"]),
                  tuple(groups) if groups else None,
                  tuple(labels) if labels and all(labels) else None,
                  bool(info.get("second_order", False)), int(info.get("levels") or 4),
                  int(info.get("n_samples") or res.design["sample_id"].max() + 1),
                  int(info.get("replicates", 1)), int(res.manifest.get("seed") or 0))


def outcome_names(res: Results) -> list[str]:
    """Numeric outcome columns of the finished runs."""
    return [c for c in res.outcomes if pd.api.types.is_numeric_dtype(res.results[c])]


def select_outcomes(res: Results, patterns: tuple[str, ...] | list[str] | None) -> list[str]:
    """Outcomes matching exact names or glob patterns; a name without '@YEAR' matches that
    variable in every year. Raise SensitivityError for a pattern that matches nothing."""
    known = outcome_names(res)
    if not known:
        raise SensitivityError(f"{res.path}: no finished runs with outcomes to analyse; run "
                               "the study first ('airace run')")
    if not patterns:
        return known
    chosen: dict[str, None] = {}
    for pat in patterns:
        hits = match_names([pat], known) or match_names([f"{pat}@*"], known)
        if not hits:
            shown = ", ".join(known[:8]) + (", ..." if len(known) > 8 else "")
            raise SensitivityError(f"{res.path}: outcome {pat!r} matches no outcome of this "
                                   f"result folder; allowed: names or glob patterns of {shown}")
        chosen.update(dict.fromkeys(hits))
    return list(chosen)


def outcome_year(name: str) -> int | None:
    """The year of an outcome named ``kpi.BLOC@YEAR``, else None."""
    head, sep, tail = name.rpartition("@")
    return int(tail) if sep and head and tail.isdigit() else None


def choose_scenario(res: Results, scenario: str | None) -> str:
    """The scenario to analyse: ``scenario``, else the first of the design."""
    names = list(dict.fromkeys(res.design["scenario"].astype(str)))
    if scenario is None:
        return names[0]
    if scenario not in names:
        raise SensitivityError(f"{res.path}: scenario {scenario!r} is not in this result "
                               f"folder; allowed: {', '.join(names)}")
    return scenario


def target_outcomes(outcomes: list[str], target_year: int | None) -> tuple[int | None, list[str]]:
    """The target year (given, else 2030 when present, else the latest) and its outcomes;
    outcomes without a year always count as targets."""
    years = sorted({y for o in outcomes if (y := outcome_year(o)) is not None})
    if target_year is not None and target_year not in years:
        allowed = (", ".join(map(str, years)) if years else
                   "none (no outcome is named kpi.BLOC@YEAR); leave --target-year out")
        raise SensitivityError(f"--target-year {target_year}: no selected outcome is for that "
                               f"year; allowed: {allowed}")
    year = target_year if target_year is not None else (
        2030 if 2030 in years else years[-1] if years else None)
    return year, [o for o in outcomes if outcome_year(o) in (None, year)]


@dataclass
class ScenarioData:
    """One scenario's runs: parameter values, replicate means and finished runs per sample
    point, and the single runs (sample_id, replicate, outcomes)."""

    scenario: str
    x: np.ndarray
    means: pd.DataFrame
    counts: np.ndarray
    runs: pd.DataFrame


def scenario_data(res: Results, lay: Layout, scenario: str, outcomes: list[str]) -> ScenarioData:
    """Replicate means (NaN where no run finished) in SALib's sample order."""
    index = pd.RangeIndex(lay.n_points, name="sample_id")
    design = res.design[res.design["scenario"] == scenario].drop_duplicates("sample_id")
    x = design.set_index("sample_id")[list(lay.names)].reindex(index).to_numpy(float)
    runs = res.results[res.results["scenario"] == scenario]
    by_point = runs.groupby("sample_id")[outcomes]
    counts = runs.groupby("sample_id").size().reindex(index, fill_value=0).to_numpy()
    return ScenarioData(scenario, x, by_point.mean().reindex(index), counts,
                        runs[["sample_id", "replicate", *outcomes]])


def seed_noise(data: ScenarioData, outcome: str) -> dict[str, float]:
    """Seed noise of ``outcome`` from the points with two or more replicates.

    ``noise_share``: the variance between replicates at the same sample point (averaged over
    the points) as a share of the variance of a single run (that noise plus the variance the
    parameters cause). ``noise_share_mean``: the part of the noise that reaches the indices
    - each replicate's common offset removed (common random numbers make it the same at
    every point, so it cancels) and divided by the number of replicates - as a share of the
    variance of the replicate means.
    """
    nan = {"noise_share": float("nan"), "noise_share_mean": float("nan")}
    runs = data.runs[["sample_id", "replicate", outcome]].dropna()
    runs = runs[runs.groupby("sample_id")[outcome].transform("size") > 1]
    var_means = float(np.nanvar(data.means[outcome], ddof=1))
    points, reps = runs["sample_id"].nunique(), runs["replicate"].nunique()
    dof = len(runs) - points - reps + 1
    if points < 2 or dof < 1 or var_means <= 0:
        return nan
    dev = runs[outcome] - runs.groupby("sample_id")[outcome].transform("mean")
    within = float(dev.pow(2).groupby(runs["sample_id"]).sum().div(
        runs.groupby("sample_id").size() - 1).mean())
    eta = dev - dev.groupby(runs["replicate"]).transform("mean")
    varying = float(eta.pow(2).sum()) / dof / (len(runs) / points)
    signal = max(var_means - varying, 0.0)
    return {"noise_share": within / (within + signal) if within + signal > 0 else 0.0,
            "noise_share_mean": min(1.0, varying / var_means)}
