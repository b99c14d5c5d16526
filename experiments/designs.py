"""Designs: the table of runs of a study (Monte Carlo, Latin hypercube, grid, Sobol, Morris).

Samplers come from scipy.stats.qmc and SALib. A design table has one row per run:
``run_id, scenario, sample_id, replicate, seed`` and one float column per varied parameter.
Rows are ordered by sample, replicate and scenario; ``run_id`` is the row number. For
Sobol and Morris designs ``sample_id`` is the row of SALib's sample matrix, so the
analysis can hand the outcomes (averaged over replicates) straight back to SALib.
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample
from scipy.stats import qmc

from airace.experiments import seeds
from airace.experiments.study_schema import DESIGN_KEYS, Study, StudyError
from airace.model.errors import InputError

DESIGN_COLUMNS: tuple[str, ...] = ("run_id", "scenario", "sample_id", "replicate", "seed")


@dataclass(frozen=True)
class Design:
    """The runs of a study and a description of how they were drawn (for the manifest)."""

    table: pd.DataFrame
    info: dict[str, Any]

    @property
    def n_runs(self) -> int:
        """Number of runs."""
        return len(self.table)


def salib_problem(study: Study) -> dict[str, Any]:
    """The SALib problem of the varied parameters (names, bounds and, for a design sampled
    by group, SALib's ``groups``)."""
    problem = {"num_vars": len(study.parameters), "names": study.param_names,
               "bounds": [list(p.bounds()) for p in study.parameters]}
    if study.design.grouped:
        problem["groups"] = [p.group for p in study.parameters]
    return problem


def sample_matrix(study: Study) -> np.ndarray:
    """Parameter values per sample (rows) and varied parameter (columns)."""
    d, params = study.design, study.parameters
    if d.kind == "monte_carlo":
        unit = np.array([seeds.param_rng(study.seed, r).random(len(params))
                         for r in range(d.replicates)]).reshape(d.replicates, len(params))
        return _from_unit(study, unit)
    if d.kind == "lhs":
        sampler = qmc.LatinHypercube(d=len(params), rng=seeds.design_rng(study.seed))
        return _from_unit(study, sampler.random(d.samples))
    if d.kind == "grid":
        axes = [p.grid_values(d.levels) for p in params]
        return np.array(list(itertools.product(*axes)), dtype=float).reshape(-1, len(params))
    if d.kind == "sobol":
        x = sobol_sample.sample(salib_problem(study), d.samples, calc_second_order=d.second_order,
                                scramble=True, seed=seeds.design_seed(study.seed))
    else:
        x = morris_sample.sample(salib_problem(study), d.trajectories, num_levels=d.levels,
                                 seed=seeds.design_seed(study.seed))
    return np.column_stack([p.finish(x[:, j]) for j, p in enumerate(params)]) if params else x


def _from_unit(study: Study, unit: np.ndarray) -> np.ndarray:
    cols = [p.from_unit(unit[:, j]) for j, p in enumerate(study.parameters)]
    return np.column_stack(cols) if cols else np.empty((len(unit), 0))


def build_design(study: Study) -> Design:
    """The design table of ``study``, its parameter sets checked against the model."""
    d, n_scen = study.design, len(study.scenarios)
    samples = sample_matrix(study)
    reps = d.replicates
    if d.kind == "monte_carlo":
        sample_id = np.repeat(np.arange(reps), n_scen)
        replicate = sample_id
    else:
        sample_id = np.repeat(np.arange(len(samples)), reps * n_scen)
        replicate = np.tile(np.repeat(np.arange(reps), n_scen), len(samples))
    scenario_idx = np.tile(np.arange(n_scen), len(sample_id) // n_scen)
    table = pd.DataFrame({
        "run_id": np.arange(len(sample_id), dtype=np.int64),
        "scenario": pd.Series(np.asarray(study.scenarios, dtype=object)[scenario_idx],
                              dtype="str"),
        "sample_id": sample_id.astype(np.int64),
        "replicate": replicate.astype(np.int64),
        "seed": seeds.run_seeds(study.seed, reps)[replicate],
    })
    for j, name in enumerate(study.param_names):
        table[name] = samples[sample_id, j].astype(np.float64)
    if study.model.is_airace:
        _check_parameter_sets(study, samples)
    return Design(table, _manifest_info(study, len(samples), len(table)))


def run_params(study: Study, values: dict[str, float]) -> dict[str, Any]:
    """The parameters handed to the model: fixed overrides plus one sample's values."""
    integer = {p.name for p in study.parameters if p.integer}
    varied = {k: int(v) if k in integer else float(v) for k, v in values.items()}
    return {**study.fixed, **varied}


def _check_parameter_sets(study: Study, samples: np.ndarray) -> None:
    from airace.model.parameters import resolve
    from airace.model.scenarios import load_scenario

    names = study.param_names
    for scenario in study.scenarios:
        overrides = load_scenario(scenario).overrides
        for i, row in enumerate(np.unique(samples, axis=0) if len(names) else samples[:1]):
            params = run_params(study, dict(zip(names, row, strict=True)))
            try:
                resolve(overrides, params, where=f"{study.path}: parameters")
            except InputError as exc:
                raise StudyError(f"{exc} (in scenario '{scenario}' for the design's parameter "
                                 f"set {i}: {params}); narrow the bounds under 'parameters'"
                                 ) from exc


def _manifest_info(study: Study, n_samples: int, n_runs: int) -> dict[str, Any]:
    d = study.design
    return {**{k: v for k, v in asdict(d).items() if k in DESIGN_KEYS[d.kind] and v is not None},
            "n_samples": n_samples, "n_runs": n_runs, "scenarios": list(study.scenarios),
            "problem": salib_problem(study),
            "parameters": [{k: v for k, v in asdict(p).items() if v not in (None, ())}
                           for p in study.parameters],
            "seed": study.seed, "seed_scheme": seeds.SCHEME}
