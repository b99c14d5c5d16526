"""The Ray runner on the shared local Ray instance: identical results for any concurrency and
batch size, exact known answers, failing runs, interruption and resume, the real model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from airace.experiments.batch import BatchJob, BatchResult, run_batch
from airace.experiments.runner import BatchSizer, RunOptions, run_study
from airace.experiments.store import RESULTS, load_results
from airace.experiments.study import load_study
from airace.model import simulate, simulate_series

pytestmark = pytest.mark.usefixtures("ray_local")


def _outcomes(out: Path) -> pd.DataFrame:
    return load_results(out).results.sort_values("run_id", ignore_index=True)


def test_results_are_identical_for_any_concurrency_and_batch_size(
        tmp_path: Path, write_study: Any, toy_study: Any) -> None:
    study = load_study(write_study(toy_study(
        model="tests.toy_models:shifted", scenarios=["low", "mid", "high"],
        design={"kind": "lhs", "samples": 16, "replicates": 3})))
    settings = {"one_at_a_time": RunOptions(batch_size=1, max_in_flight=1),
                "two_workers_batch_7": RunOptions(workers=2, batch_size=7),
                "auto": RunOptions()}
    frames = {}
    for name, options in settings.items():
        summary = run_study(study, tmp_path / name, options)
        assert summary.status == "complete" and summary.finished == 144 and not summary.failed
        frames[name] = _outcomes(tmp_path / name)
    for name in ("two_workers_batch_7", "auto"):
        pd.testing.assert_frame_equal(frames["one_at_a_time"], frames[name], check_exact=True)


def test_known_answers_are_exact(tmp_path: Path, write_study: Any, toy_study: Any) -> None:
    study = load_study(write_study(toy_study(
        model="tests.toy_models:linear", scenarios=["only"],
        design={"kind": "grid", "levels": 4, "replicates": 2},
        parameters={"a": {"low": 0, "high": 3}, "b": {"values": [0.5, 1.25, -4]}})))
    run_study(study, tmp_path / "out", RunOptions(batch_size=5))
    r = _outcomes(tmp_path / "out")
    assert len(r) == 4 * 3 * 2
    assert (r["y"] == 1.0 + 2.0 * r["a"] - 3.0 * r["b"]).all()
    expected_u = [np.random.default_rng(s).random() for s in r["seed"]]
    assert r["u"].tolist() == expected_u


def test_scenarios_share_seeds_and_samples(tmp_path: Path, write_study: Any,
                                           toy_study: Any) -> None:
    study = load_study(write_study(toy_study(model="tests.toy_models:shifted",
                                             scenarios=["low", "high"])))
    run_study(study, tmp_path / "out")
    r = _outcomes(tmp_path / "out")
    low = r[r["scenario"] == "low"].set_index(["sample_id", "replicate"])
    high = r[r["scenario"] == "high"].set_index(["sample_id", "replicate"])
    assert (high["y"] - low["y"]).round(12).eq(10.0).all()
    assert (high["noise"] == low["noise"]).all()


def test_failing_runs_are_recorded_and_the_rest_finish(tmp_path: Path, write_study: Any,
                                                       toy_study: Any) -> None:
    study = load_study(write_study(toy_study(
        model="tests.toy_models:flaky", scenarios=["only"],
        design={"kind": "monte_carlo", "replicates": 60},
        parameters={"x": {"low": 0, "high": 1}})))
    summary = run_study(study, tmp_path / "out", RunOptions(batch_size=4))
    loaded = load_results(tmp_path / "out")
    design = loaded.design
    bad = design[design["x"] > 0.7]
    assert 0 < len(bad) < 60
    assert summary.status == "failed" and summary.failed == len(bad)
    assert summary.finished == 60 - len(bad)
    assert sorted(loaded.results["run_id"]) == sorted(design.loc[design["x"] <= 0.7, "run_id"])
    assert (loaded.results["y"] == 2.0 * loaded.results["x"]).all()
    f = loaded.failures
    assert list(f.columns) == ["run_id", "scenario", "replicate", "seed", "error", "traceback",
                               "params"]
    assert sorted(f["run_id"]) == sorted(bad["run_id"])
    assert f["error"].str.startswith("ValueError: x = ").all()
    assert f["traceback"].str.contains("too large for this toy model").all()
    params = f["params"].map(json.loads)
    assert all(p["x"] > 0.7 for p in params)
    assert loaded.manifest["status"] == "failed"
    assert loaded.manifest["runs"] == {"total": 60, "finished": 60 - len(bad),
                                       "failed": len(bad), "pending": 0}


def test_contract_breaking_model_fails_every_run(tmp_path: Path, write_study: Any,
                                                 toy_study: Any) -> None:
    study = load_study(write_study(toy_study(model="tests.toy_models:not_a_dict",
                                             scenarios=["only"],
                                             design={"kind": "monte_carlo", "replicates": 3},
                                             parameters={})))
    summary = run_study(study, tmp_path / "out")
    assert summary.failed == 3 and summary.finished == 0
    assert load_results(tmp_path / "out").failures["error"].str.contains(
        "returned list, expected a dict").all()


def test_interrupt_keeps_finished_batches_and_resume_completes(
        tmp_path: Path, write_study: Any, toy_study: Any) -> None:
    study = load_study(write_study(toy_study(
        model="tests.toy_models:linear", scenarios=["only"],
        design={"kind": "lhs", "samples": 200},
        parameters={"a": {"low": 0, "high": 1}, "b": {"low": 0, "high": 1}})))
    reference = run_study(study, tmp_path / "ref", RunOptions(batch_size=10))
    assert reference.finished == 200

    def stop(done: int, total: int) -> None:
        if done >= 60:
            raise KeyboardInterrupt

    out = tmp_path / "out"
    first = run_study(study, out, RunOptions(batch_size=10, max_in_flight=2, on_batch=stop))
    assert first.status == "interrupted" and 60 <= first.finished < 200
    kept = load_results(out)
    assert len(kept.results) == first.finished
    assert kept.manifest["status"] == "interrupted"
    assert not list((out / RESULTS).glob(".tmp-*"))
    second = run_study(study, out, RunOptions(batch_size=3))
    assert second.status == "complete" and second.finished_before == first.finished
    final = _outcomes(out)
    assert final["run_id"].is_unique
    pd.testing.assert_frame_equal(final, _outcomes(tmp_path / "ref"), check_exact=True)
    assert len(load_results(out).manifest["sessions"]) == 2


def test_interrupt_between_store_and_counter_keeps_manifest_true(
        tmp_path: Path, write_study: Any, toy_study: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C can land after a batch reached the store but before the loop counted it; the
    manifest must still count every run whose row is in the results."""
    from airace.experiments.store import ResultStore

    study = load_study(write_study(toy_study(
        model="tests.toy_models:linear", scenarios=["only"],
        design={"kind": "lhs", "samples": 40},
        parameters={"a": {"low": 0, "high": 1}, "b": {"low": 0, "high": 1}})))
    original = ResultStore.add

    def add_then_interrupt(self: ResultStore, result: BatchResult) -> None:
        original(self, result)
        raise KeyboardInterrupt

    monkeypatch.setattr(ResultStore, "add", add_then_interrupt)
    out = tmp_path / "out"
    summary = run_study(study, out, RunOptions(batch_size=10, max_in_flight=1))
    kept = load_results(out)
    assert summary.status == "interrupted" and len(kept.results) == 10
    assert summary.finished == kept.manifest["runs"]["finished"] == 10


def test_ai_race_model_end_to_end_with_series(tmp_path: Path, write_study: Any,
                                              airace_study: Any) -> None:
    study = load_study(write_study(airace_study(
        scenarios=["baseline", "eu_gigafactories"], series=["compute_share.*"])))
    summary = run_study(study, tmp_path / "out")
    assert summary.status == "complete", summary.failures[:1]
    loaded = load_results(tmp_path / "out")
    r = loaded.results
    assert len(r) == 4 and set(study.outcomes) <= set(r.columns)
    row = r.iloc[1]
    direct = simulate({"diffusion_rate": row["diffusion_rate"]}, int(row["seed"]), row["scenario"])
    assert all(row[o] == direct[o] for o in study.outcomes)
    s = loaded.series
    assert list(s.columns[:4]) == ["run_id", "step", "year", "quarter"]
    assert set(s.columns[4:]) == {"compute_share.US", "compute_share.EU", "compute_share.CN",
                                  "compute_share.ROW"}
    _, frame = simulate_series({"diffusion_rate": row["diffusion_rate"]}, int(row["seed"]),
                               row["scenario"])
    mine = s[s["run_id"] == row["run_id"]].reset_index(drop=True)
    assert len(mine) == len(frame)
    assert (mine["compute_share.EU"] == frame["compute_share.EU"]).all()


def test_run_batch_records_failures_without_ray() -> None:
    job = BatchJob("tests.toy_models:flaky", (), None,
                   [(0, "only", 1, {"x": 0.5}), (1, "only", 2, {"x": 0.9}),
                    (2, "only", 3, {"x": 0.1})])
    result = run_batch(job)
    assert result.run_ids == [0, 2] and result.outcomes[0]["y"] == 1.0
    assert [f["run_id"] for f in result.failures] == [1]
    assert json.loads(result.failures[0]["params"]) == {"x": 0.9}
    assert result.n_runs == 3 and result.seconds > 0


def test_run_batch_leaves_no_mesa_models_behind() -> None:
    import mesa

    run_batch(BatchJob("tests.toy_models:money", (), None,
                       [(i, "only", i, {"n": 10, "steps": 5}) for i in range(5)]))
    assert len(getattr(mesa.Agent, "_ids", {})) == 0


def test_missing_requested_outcome_fails_the_run() -> None:
    result = run_batch(BatchJob("tests.toy_models:linear", ("y", "zzz"), None,
                                [(0, "only", 1, {})]))
    assert "returned no outcome 'zzz'" in result.failures[0]["error"]


def test_outcome_named_like_a_design_column_fails_the_run() -> None:
    result = run_batch(BatchJob("tests.toy_models:linear", (), None, [(0, "only", 1, {})],
                                reserved=("run_id", "seed", "u")))
    assert "outcome named 'u', which is a column of the design" in result.failures[0]["error"]


def test_batch_sizer() -> None:
    assert BatchSizer(7, 2).next(100) == 7 and BatchSizer(7, 2).next(3) == 3
    sizer = BatchSizer(None, 2)
    assert sizer.next(1000) == 1
    sizer.observe(BatchResult(run_ids=[1, 2], outcomes=[{}, {}], seconds=0.02))
    assert sizer.next(10_000) == 50
    assert sizer.next(40) == 10  # the tail keeps both slots busy
    assert sizer.next(1) == 1
