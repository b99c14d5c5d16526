"""Designs: table layout, sizes, samplers (SALib / scipy.stats.qmc), bounds, seeds and
common random numbers."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

from airace.experiments import seeds
from airace.experiments.designs import DESIGN_COLUMNS, build_design, salib_problem
from airace.experiments.run_count import count_runs
from airace.experiments.study import load_study

TWO = {"a": {"low": 0.0, "high": 1.0}, "b": {"low": -2.0, "high": 2.0}}


def _design(write_study: Any, toy_study: Any, **changes: Any) -> Any:
    study = load_study(write_study(toy_study(**changes)))
    return study, build_design(study)


def _check_layout(study: Any, table: pd.DataFrame) -> None:
    assert list(table.columns) == [*DESIGN_COLUMNS, *study.param_names]
    assert table["run_id"].tolist() == list(range(len(table)))
    assert len(table) == count_runs(study)
    for col in ("run_id", "sample_id", "replicate", "seed"):
        assert table[col].dtype == np.int64
    for name in study.param_names:
        assert table[name].dtype == np.float64
    assert (table["seed"] >= 0).all()


def _check_common_random_numbers(study: Any, table: pd.DataFrame) -> None:
    per_pair = table.groupby(["sample_id", "replicate"])
    assert (per_pair["scenario"].nunique() == len(study.scenarios)).all()
    assert (per_pair["seed"].nunique() == 1).all()
    for name in study.param_names:
        assert (per_pair[name].nunique() == 1).all()
    assert (table.groupby("replicate")["seed"].nunique() == 1).all()


@pytest.mark.parametrize("kind", [
    {"kind": "monte_carlo", "replicates": 5},
    {"kind": "lhs", "samples": 7, "replicates": 2},
    {"kind": "grid", "levels": 3, "replicates": 2},
    {"kind": "sobol", "samples": 8, "replicates": 2},
    {"kind": "morris", "trajectories": 4, "levels": 4, "replicates": 2},
])
def test_every_design_has_the_contract_layout_and_common_random_numbers(
        kind: dict, write_study: Any, toy_study: Any) -> None:
    study, design = _design(write_study, toy_study, model="tests.toy_models:shifted",
                            design=kind, parameters={"x": TWO["a"], "y": TWO["b"]})
    _check_layout(study, design.table)
    _check_common_random_numbers(study, design.table)
    assert design.table["x"].between(0, 1).all() and design.table["y"].between(-2, 2).all()
    assert design.info["kind"] == kind["kind"]
    assert design.info["problem"] == {"num_vars": 2, "names": ["x", "y"],
                                      "bounds": [[0.0, 1.0], [-2.0, 2.0]]}
    again = build_design(study)
    pd.testing.assert_frame_equal(design.table, again.table, check_exact=True)


def test_sizes(write_study: Any, toy_study: Any) -> None:
    p = {"x": TWO["a"], "y": TWO["b"]}
    sizes = {
        "monte_carlo": ({"kind": "monte_carlo", "replicates": 5}, 5 * 2),
        "lhs": ({"kind": "lhs", "samples": 7, "replicates": 2}, 7 * 2 * 2),
        "grid": ({"kind": "grid", "levels": 3, "replicates": 2}, 9 * 2 * 2),
        "sobol": ({"kind": "sobol", "samples": 8}, 8 * (2 * 2 + 2) * 2),
        "sobol1": ({"kind": "sobol", "samples": 8, "second_order": False}, 8 * 4 * 2),
        "morris": ({"kind": "morris", "trajectories": 4}, 4 * 3 * 2),
    }
    for kind, (d, n) in sizes.items():
        _, design = _design(write_study, toy_study, design=d, parameters=p)
        assert design.n_runs == n, kind


def test_monte_carlo_draws_depend_only_on_seed_and_replicate(write_study: Any,
                                                              toy_study: Any) -> None:
    p = {"x": {"dist": "triangular", "low": 0, "mode": 0.2, "high": 1}}
    _, small = _design(write_study, toy_study, design={"kind": "monte_carlo", "replicates": 4},
                       parameters=p)
    _, large = _design(write_study, toy_study, design={"kind": "monte_carlo", "replicates": 9},
                       parameters=p)
    pd.testing.assert_frame_equal(small.table, large.table.iloc[:len(small.table)],
                                  check_exact=True)
    assert (small.table["sample_id"] == small.table["replicate"]).all()
    u = seeds.param_rng(7, 3).random(1)
    assert small.table.loc[small.table["replicate"] == 3, "x"].iloc[0] == pytest.approx(
        1 - np.sqrt((1 - u[0]) * 0.8) if u[0] > 0.2 else np.sqrt(u[0] * 0.2), abs=1e-12)


def test_monte_carlo_distributions(write_study: Any, toy_study: Any) -> None:
    p = {"t": {"dist": "triangular", "low": 1, "mode": 2, "high": 6},
         "n": {"dist": "truncnormal", "mean": 0, "sd": 1, "low": -1, "high": 3},
         "g": {"dist": "loguniform", "low": 1, "high": 100},
         "d": {"values": [1, 2, 5]}}
    _, design = _design(write_study, toy_study, model="tests.toy_models:linear",
                        scenarios=["only"], design={"kind": "monte_carlo", "replicates": 4000},
                        parameters=p)
    t = design.table
    assert t["t"].mean() == pytest.approx(3.0, abs=0.06)
    assert t["n"].between(-1, 3).all() and t["n"].min() < -0.9
    assert np.log10(t["g"]).mean() == pytest.approx(1.0, abs=0.03)
    assert set(t["d"]) == {1.0, 2.0, 5.0}
    assert t["d"].value_counts(normalize=True).min() > 0.3


def test_lhs_is_stratified(write_study: Any, toy_study: Any) -> None:
    _, design = _design(write_study, toy_study, design={"kind": "lhs", "samples": 20},
                        parameters={"x": TWO["a"], "y": TWO["b"]})
    per_sample = design.table.drop_duplicates("sample_id")
    assert sorted(np.floor(per_sample["x"] * 20).astype(int)) == list(range(20))
    assert sorted(np.floor((per_sample["y"] + 2) / 4 * 20).astype(int)) == list(range(20))


def test_grid_is_the_full_factorial(write_study: Any, toy_study: Any) -> None:
    p = {"x": {"low": 0, "high": 1, "levels": 5}, "y": {"values": [10, 20]}}
    _, design = _design(write_study, toy_study, design={"kind": "grid"}, parameters=p)
    per_sample = design.table.drop_duplicates("sample_id")
    pairs = set(zip(per_sample["x"], per_sample["y"], strict=True))
    assert pairs == {(x, y) for x in np.linspace(0, 1, 5) for y in (10.0, 20.0)}


def test_sobol_and_morris_rows_are_salib_samples(write_study: Any, toy_study: Any) -> None:
    p = {"x": TWO["a"], "y": TWO["b"]}
    study, design = _design(write_study, toy_study, design={"kind": "sobol", "samples": 16},
                            parameters=p)
    expected = sobol_sample.sample(salib_problem(study), 16, calc_second_order=True,
                                   scramble=True, seed=seeds.design_seed(study.seed))
    got = design.table.drop_duplicates("sample_id").sort_values("sample_id")[["x", "y"]]
    np.testing.assert_array_equal(got.to_numpy(), expected)
    study, design = _design(write_study, toy_study, design={"kind": "morris", "trajectories": 5},
                            parameters=p)
    expected = morris_sample.sample(salib_problem(study), 5, num_levels=4,
                                    seed=seeds.design_seed(study.seed))
    got = design.table.drop_duplicates("sample_id").sort_values("sample_id")[["x", "y"]]
    np.testing.assert_array_equal(got.to_numpy(), expected)


def test_integer_parameters_take_whole_numbers(write_study: Any, airace_study: Any) -> None:
    study = load_study(write_study(airace_study(
        design={"kind": "lhs", "samples": 12},
        parameters={"eu_target_year": [2027, 2033]}, outcomes=None)))
    values = build_design(study).table["eu_target_year"]
    assert (values == values.round()).all() and values.between(2027, 2033).all()
    assert values.nunique() == 7


def test_seed_streams() -> None:
    assert seeds.run_seed(1, 0) == seeds.run_seed(1, 0)
    many = seeds.run_seeds(1, 2000)
    assert len(set(many.tolist())) == 2000 and (many >= 0).all()
    assert seeds.run_seed(1, 0) != seeds.run_seed(2, 0)
    firsts = {seeds.param_rng(5, 0).random(), seeds.design_rng(5).random(),
              np.random.default_rng(seeds.run_seed(5, 0)).random()}
    assert len(firsts) == 3


def test_airace_design_uses_registry_names(write_study: Any, airace_study: Any) -> None:
    study = load_study(write_study(airace_study()))
    design = build_design(study)
    _check_layout(study, design.table)
    assert list(design.table.columns)[-1] == "diffusion_rate"
