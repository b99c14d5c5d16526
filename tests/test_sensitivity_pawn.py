"""PAWN at every sample size: SALib's PAWN fails for some numbers of slides (6, 9, ...)
because its slide edges overshoot 1, so airace must only ask it for slide counts it accepts."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from SALib.analyze import pawn

from airace.analysis.sensitivity import analyze
from airace.analysis.sensitivity.methods import Settings, pawn_rows, pawn_slides
from airace.experiments.runner import RunOptions, run_study
from airace.experiments.study import load_study

PROBLEM = {"num_vars": 2, "names": ["a", "b"], "bounds": [[0.0, 1.0]] * 2}


def _sample(n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(n)
    x = rng.random((n, 2))
    return x, x[:, 0] + 0.1 * rng.random(n)


@pytest.mark.parametrize("n", [60, 69, 90, 99])
def test_pawn_rows_at_sizes_whose_natural_slide_count_salib_rejects(n: int) -> None:
    x, y = _sample(n)
    rows = {r["factor"]: r["value"] for r in pawn_rows(PROBLEM, x, y, Settings())}
    assert 0 < rows["b"] < rows["a"] <= 1  # y follows a; b is unrelated


@pytest.mark.parametrize("most", [10, 30])
def test_every_slide_count_chosen_is_one_salib_accepts(most: int) -> None:
    s = Settings(pawn_slides=most)
    chosen = {n: pawn_slides(n, s) for n in range(20, 20 * most)}
    assert all(2 <= k <= min(most, max(2, n // 10)) for n, k in chosen.items())
    x, y = _sample(20 * most)
    for k in sorted(set(chosen.values())):
        si = pawn.analyze(dict(PROBLEM), x, y, S=k, seed=0)
        assert np.isfinite(si["median"]).all(), k


@pytest.mark.usefixtures("ray_local")
def test_lhs_study_gets_pawn_at_every_convergence_size(
        tmp_path: Path, write_study: Any) -> None:
    # 120 samples: convergence at 30, 60 and 120 points; at 60, 6 slides made SALib fail
    path = write_study({"name": "lhs120", "model": "tests.sa_functions:ishigami", "seed": 5,
                        "design": {"kind": "lhs", "samples": 120},
                        "parameters": {x: [-math.pi, math.pi] for x in ("x1", "x2", "x3")}},
                       "lhs120")
    summary = run_study(load_study(path), tmp_path / "out", RunOptions())
    assert summary.status == "complete" and summary.failed == 0
    res = analyze(summary.out, langs=("en",), formats=("png",), delta=False)
    assert not [w for w in res.warnings if "pawn" in w.lower()], res.warnings
    conv = res.convergence[res.convergence["method"] == "pawn"]
    assert sorted(conv["n"].unique()) == [30, 60, 120]
    assert conv.groupby("n")["factor"].nunique().eq(3).all()
