"""How many runs a design asks for: the one place that knows how many rows of SALib's sample
matrix make a Sobol base sample or a Morris trajectory (the sensitivity analysis cuts the
stored runs into those blocks with the same function)."""

from __future__ import annotations

import math

from airace.experiments.study_schema import Study


def rows_per_sample(kind: str, n_factors: int, second_order: bool) -> int:
    """Sample points per base sample (Sobol: 2k + 2, or k + 2 without second-order
    indices) or per trajectory (Morris: k + 1) for ``n_factors`` = k factors (parameters,
    or groups when sampled by group); 1 for every other design."""
    if kind == "sobol":
        return 2 * n_factors + 2 if second_order else n_factors + 2
    return n_factors + 1 if kind == "morris" else 1


def count_runs(study: Study) -> int:
    """Number of runs the study's design asks for."""
    d, params = study.design, study.parameters
    # SALib samples whole groups: one column of the design per group
    k = len({p.group for p in params}) if d.grouped else len(params)
    if d.kind == "monte_carlo":
        base = 1
    elif d.kind == "grid":
        base = math.prod(len(p.grid_values(d.levels)) for p in params)
    elif d.kind == "morris":
        base = d.trajectories
    else:  # lhs, sobol
        base = d.samples
    points = base * rows_per_sample(d.kind, k, d.second_order)
    return points * d.replicates * len(study.scenarios)
