"""Sensitivity analysis through the user's path - study file, design, Ray runs, analyze -
on test functions with known indices (tests/sa_functions.py)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from airace.analysis.sensitivity import SensitivityError, analyze
from airace.experiments.run_count import count_runs
from airace.experiments.runner import RunOptions, run_study
from airace.experiments.study import load_study
from tests import sa_functions as sa

pytestmark = pytest.mark.usefixtures("ray_local")
PI = math.pi
QUICK: dict[str, Any] = {"langs": ("en",), "formats": ("png",)}
# Several analytic values are checked at once, so intervals at 99 % keep the chance of a
# false alarm small for any seed (about 1 % per check instead of 5 %).
CONF = 0.99


def _run(write_study: Any, tmp_path: Path, name: str, model: str, design: dict[str, Any],
         parameters: dict[str, Any]) -> Path:
    spec = model if ":" in model else f"tests.sa_functions:{model}"
    path = write_study({"name": name, "model": spec, "seed": 17,
                        "design": design, "parameters": parameters}, name)
    summary = run_study(load_study(path), tmp_path / f"{name}_out", RunOptions())
    assert summary.status == "complete" and summary.failed == 0
    return summary.out


def _rows(indices: pd.DataFrame, method: str, index: str, **where: Any) -> pd.DataFrame:
    part = indices[(indices["method"] == method) & (indices["index"] == index)]
    for key, value in where.items():
        part = part[part[key] == value]
    return part.set_index("factor")


def _summary(out: Path) -> dict[str, Any]:
    return json.loads((out / "analysis" / "sensitivity" / "summary.json").read_text())


def test_ishigami_indices_lie_within_their_bootstrap_intervals(
        tmp_path: Path, write_study: Any) -> None:
    out = _run(write_study, tmp_path, "ishigami", "ishigami",
               {"kind": "sobol", "samples": 1024, "second_order": True},
               {x: [-PI, PI] for x in ("x1", "x2", "x3")})
    res = analyze(out, conf_level=CONF, **QUICK)
    truth = sa.ishigami_indices()
    for index in ("S1", "ST"):
        rows = _rows(res.indices, "sobol", index)
        for factor, value in truth[index].items():
            row = rows.loc[factor]
            assert row["ci_low"] <= value <= row["ci_high"], (index, factor, row.to_dict())
    s2 = _rows(res.indices, "sobol", "S2")
    assert s2.loc["x1,x3", "ci_low"] <= truth["ST"]["x3"] <= s2.loc["x1,x3", "ci_high"]
    for pair in ("x1,x2", "x2,x3"):
        assert s2.loc[pair, "ci_low"] <= 0 <= s2.loc[pair, "ci_high"]
    csv = pd.read_csv(out / "analysis" / "sensitivity" / "indices.csv")
    assert {"method", "outcome", "year", "factor", "group", "index", "value", "ci_low",
            "ci_high"} <= set(csv.columns) and len(csv) == len(res.indices)
    assert (out / "analysis" / "sensitivity" / "indices.parquet").is_file()


def test_too_few_runs_say_so(tmp_path: Path, write_study: Any) -> None:
    out = _run(write_study, tmp_path, "tiny", "ishigami",
               {"kind": "sobol", "samples": 8, "second_order": False},
               {x: [-PI, PI] for x in ("x1", "x2", "x3")})
    res = analyze(out, **QUICK)
    assert any(w.startswith("Too few runs for stable Sobol indices") for w in res.warnings)
    assert res.warnings == _summary(out)["warnings"]
    conv = res.convergence
    assert sorted(conv["n"].unique()) == [4, 8]  # powers of two of the base samples


def test_morris_mu_star_ranks_the_factors_of_known_functions(
        tmp_path: Path, write_study: Any) -> None:
    out = _run(write_study, tmp_path, "linear", "linear",
               {"kind": "morris", "trajectories": 12, "levels": 4},
               {"a": [0, 2], "b": [0, 1], "c": [-1, 1], "d": [0, 1], "e": [0, 1]})
    mu = _rows(analyze(out, **QUICK).indices, "morris", "mu_star")
    ranges = {"a": 2, "b": 1, "c": 2, "d": 1, "e": 1}
    for factor, coef in sa.LINEAR_C.items():
        assert mu.loc[factor, "value"] == pytest.approx(abs(coef) * ranges[factor], abs=1e-9)
    assert list(mu["value"].sort_values(ascending=False).index) == ["a", "b", "c", "d", "e"]
    out = _run(write_study, tmp_path, "gfun", "g_function",
               {"kind": "morris", "trajectories": 20, "levels": 4},
               {f"g{i}": [0, 1] for i in range(1, 7)})
    res = analyze(out, **QUICK)
    mu = _rows(res.indices, "morris", "mu_star")["value"]
    assert list(mu.sort_values(ascending=False).index[:4]) == ["g1", "g2", "g3", "g4"]
    assert mu[["g5", "g6"]].max() < 0.05 * mu["g1"]
    assert [f["name"] for f in res.figures["en"]][:1] == ["morris"]


def test_grouped_sobol_indices_are_the_sums_over_their_members(
        tmp_path: Path, write_study: Any) -> None:
    groups = {"u1": "u", "u2": "u", "v1": "v", "v2": "v", "w1": "w"}
    params = {p: {"low": 0, "high": 1, "group": g} for p, g in groups.items()}
    path = write_study({"name": "grouped", "model": "tests.sa_functions:additive", "seed": 3,
                        "design": {"kind": "sobol", "samples": 512, "second_order": False},
                        "parameters": params}, "grouped")
    assert count_runs(load_study(path)) == 512 * (3 + 2)  # one column per group
    out = _run(write_study, tmp_path, "grouped", "additive",
               {"kind": "sobol", "samples": 512, "second_order": False}, params)
    res = analyze(out, conf_level=CONF, **QUICK)
    truth = sa.additive_indices(groups)
    for index in ("S1", "ST"):
        rows = _rows(res.indices, "sobol", index, group=True)
        assert sorted(rows.index) == ["u", "v", "w"]
        for group, value in truth.items():
            assert rows.loc[group, "ci_low"] <= value <= rows.loc[group, "ci_high"]
    pawn = res.indices[res.indices["method"] == "pawn"]
    assert set(pawn.loc[pawn["group"], "factor"]) == {"u", "v", "w"}
    assert set(pawn.loc[~pawn["group"], "factor"]) == set(groups)


def test_indices_over_time_follow_the_driver_of_each_year(
        tmp_path: Path, write_study: Any) -> None:
    out = _run(write_study, tmp_path, "yearly", "yearly",
               {"kind": "sobol", "samples": 256, "second_order": False},
               {x: [0, 1] for x in ("x1", "x2", "x3")})
    res = analyze(out, langs=("en", "de"), formats=("png", "svg"))
    st = res.indices[(res.indices["method"] == "sobol") & (res.indices["index"] == "ST")]
    assert sorted(st["year"].unique()) == [2025, 2030, 2035]
    top = st.loc[st.groupby("year")["value"].idxmax()].set_index("year")["factor"]
    assert top[2025] == "x1" and top[2035] == "x2"
    assert set(res.convergence["outcome"]) == {"y@2030"}  # convergence at the target year
    for lang in ("en", "de"):
        folder = out / "analysis" / "sensitivity" / "figures" / lang
        listed = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
        assert [f["name"] for f in listed] == ["sobol_bars", "indices_over_time", "convergence"]
        for entry in listed:
            assert entry["caption"] and (folder / entry["files"]["svg"]).is_file()
    assert "Jahr" in (out / "analysis" / "sensitivity" / "figures" / "de" /
                      "indices_over_time.svg").read_text(encoding="utf-8")


def test_noise_share_sees_through_common_random_numbers(
        tmp_path: Path, write_study: Any) -> None:
    out = _run(write_study, tmp_path, "noisy", "noisy",
               {"kind": "sobol", "samples": 64, "second_order": False, "replicates": 4},
               {"x1": [0, 1], "x2": [0, 1]})
    res = analyze(out, **QUICK)
    noise = pd.read_csv(out / "analysis" / "sensitivity" / "noise.csv").set_index("outcome")
    signal = (1 + 0.25) / 12  # variance of x1 + 0.5 x2
    # w: noise (sd 1) at each of 64 x 4 runs; y: one draw per seed, so only 4 draws
    assert noise.loc["w", "noise_share"] == pytest.approx(1 / (1 + signal), abs=0.05)
    assert noise.loc["y", "noise_share"] > 0.5
    assert noise.loc["y", "noise_share_mean"] < 0.02  # one offset per seed: it cancels
    assert noise.loc["w", "noise_share_mean"] == pytest.approx(0.25 / (0.25 + signal), abs=0.12)
    assert noise.loc["z", "noise_share"] == 0
    loud = [w for w in res.warnings if w.startswith("Seed noise blurs the indices")]
    assert len(loud) == 1 and "w: " in loud[0] and "y: " not in loud[0]
    assert _summary(out)["noise_share"]["replicates"] == 4


def test_samples_without_sobol_or_morris_get_moment_independent_indices(
        tmp_path: Path, write_study: Any) -> None:
    out = _run(write_study, tmp_path, "lhs", "ishigami",
               {"kind": "lhs", "samples": 300}, {x: [-PI, PI] for x in ("x1", "x2", "x3")})
    res = analyze(out, **QUICK)
    assert set(res.indices["method"]) == {"pawn", "delta"}
    delta = _rows(res.indices, "delta", "delta")
    assert sorted(delta.index) == ["x1", "x2", "x3"]
    assert ((delta["ci_low"] >= 0) & (delta["ci_low"] < delta["value"])
            & (delta["value"] < delta["ci_high"]) & (delta["ci_high"] < 1)).all()
    pawn = _rows(res.indices, "pawn", "pawn")["value"]
    assert pawn.between(0, 1).all() and pawn.idxmax() == "x2"  # x2 carries 44 % of V
    assert sorted(res.convergence["n"].unique())[-1] == 300
    assert [f["name"] for f in res.figures["en"]] == ["convergence"]
    none = _run(write_study, tmp_path, "fixed", "tests.toy_models:linear",
                {"kind": "monte_carlo", "replicates": 3}, {})
    with pytest.raises(SensitivityError, match="varies no parameters"):
        analyze(none, **QUICK)
    few = _run(write_study, tmp_path, "few", "ishigami", {"kind": "lhs", "samples": 12},
               {x: [-PI, PI] for x in ("x1", "x2", "x3")})
    with pytest.raises(SensitivityError, match="too few runs .* 12 complete sample points"):
        analyze(few, **QUICK)
    assert not (few / "analysis" / "sensitivity").exists()  # nothing written
