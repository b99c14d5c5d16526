"""simulate (outcomes only, KPIs computed in the reported quarters) gives exactly the outcomes of
a model that records every quarter, in every scenario and both policy modes; simulate_many and
the engine's batches of AI-race runs give exactly the per-run numbers."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from airace.experiments.batch import BatchJob, run_batch
from airace.experiments.models import AIRACE_MODEL
from airace.model import AIRaceModel, simulate, simulate_many, simulate_series, simulation
from airace.model.kpi_info import OUTCOME_YEARS, reporter_names
from airace.model.parameters import REGISTRY
from airace.model.scenarios import scenario_names


@pytest.mark.parametrize("mode", ["fixed", "adaptive"])
@pytest.mark.parametrize("scenario", scenario_names())
def test_outcomes_only_equals_recording_every_quarter(scenario: str, mode: str) -> None:
    params = {"policy_mode": mode, "end_year": 2030}
    fast = simulate(params, 5, scenario)
    full, series = simulate_series(params, 5, scenario)
    assert list(fast) == list(full) and fast == full
    q4_2030 = series.loc[series["quarter"] == "2030Q4"].iloc[0]
    assert all(fast[f"{n}@2030"] == q4_2030[n] for n in reporter_names())


def test_outcomes_only_model_records_no_series_and_reports_every_outcome_year() -> None:
    model = AIRaceModel("baseline", {"end_year": 2035}, rng=1, record_series=False)
    model.run_model()
    assert not any(model.datacollector.model_vars.values())
    assert sorted(model.snapshots) == list(OUTCOME_YEARS)
    assert len(model.outcomes()) == len(OUTCOME_YEARS) * len(reporter_names())


def test_adaptive_states_see_this_quarters_kpis_without_series() -> None:
    """Adaptive rules read last quarter's KPIs, so those are computed every quarter even when
    no series is recorded."""
    model = AIRaceModel("baseline", {"end_year": 2026, "policy_mode": "adaptive"}, rng=1,
                        record_series=False)
    model.step()
    model.step()
    assert model.kpi and model.steps == 2 and not model.snapshots


def _sobol_like_rows(n: int) -> list[dict[str, float]]:
    rng = np.random.default_rng(4)
    names = ("diffusion_rate", "export_control.US", "distillation_share")
    rows = []
    for _ in range(n):
        row: dict[str, float] = {"end_year": 2027}
        for name in names:
            low, high = REGISTRY[name].low, REGISTRY[name].high
            row[name] = float(rng.uniform(low, high))
        rows.append(row)
    return rows


@pytest.mark.parametrize("size", [1, 7])
def test_simulate_many_equals_simulate_for_heterogeneous_parameter_sets(size: int) -> None:
    rows, seeds = _sobol_like_rows(size), list(range(30, 30 + size))
    many = simulate_many(rows, seeds, "export_controls_tight")
    assert many == [simulate(p, s, "export_controls_tight") for p, s in
                    zip(rows, seeds, strict=True)]
    with_series = simulate_many(rows, seeds, "export_controls_tight", series=True)
    for (outcomes, frame), p, s in zip(with_series, rows, seeds, strict=True):
        ref_outcomes, ref_frame = simulate_series(p, s, "export_controls_tight")
        assert outcomes == ref_outcomes
        pd.testing.assert_frame_equal(frame, ref_frame, check_exact=True)


def test_simulate_many_one_dict_for_all_and_bad_lengths() -> None:
    assert simulate_many({"end_year": 2026}, [1, 2]) == [simulate({"end_year": 2026}, s)
                                                          for s in (1, 2)]
    with pytest.raises(ValueError, match="3 parameter sets for 2 seeds"):
        simulate_many([{}, {}, {}], [1, 2])


def test_engine_batches_ai_race_runs_and_loses_only_the_failing_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """run_batch hands consecutive runs of a scenario to simulate_many; a bad run in such a
    group fails alone and every other run equals its own simulate call."""
    calls: list[tuple[str, list[int]]] = []
    original = simulation.simulate_many

    def spy(params: Any, seeds: list[int], scenario: str, series: bool = False) -> Any:
        calls.append((scenario, list(seeds)))
        return original(params, seeds, scenario, series)

    monkeypatch.setattr(simulation, "simulate_many", spy)
    rows = _sobol_like_rows(5)
    rows[2] = {**rows[2], "diffusion_rate": -1.0}  # outside the registry's bounds
    runs = [(i, sc, 40 + i, rows[i]) for i, sc in
            enumerate(["baseline", "baseline", "baseline", "china_push", "china_push"])]
    result = run_batch(BatchJob(AIRACE_MODEL, ("compute_share.*",), None, runs))
    assert calls == [("baseline", [40, 41, 42]), ("china_push", [43, 44])]
    assert result.run_ids == [0, 1, 3, 4]
    assert [f["run_id"] for f in result.failures] == [2]
    assert "diffusion_rate" in result.failures[0]["error"]
    for rid, outcomes in zip(result.run_ids, result.outcomes, strict=True):
        _, scenario, seed, params = runs[rid]
        full = simulate(params, seed, scenario)
        assert outcomes == {k: v for k, v in full.items() if k.startswith("compute_share.")}
