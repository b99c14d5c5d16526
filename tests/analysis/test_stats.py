"""Ensemble statistics and paired scenario differences with confidence intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from airace.analysis.stats import (
    StatsInputError,
    common_random_numbers,
    ensemble_summary,
    mean_ci,
    quantile_bands,
    scenario_differences,
    spearman_ranking,
)
from airace.model.errors import InputError


def _paired_frame(n: int = 200, effect: float = 0.5, seed: int = 1) -> pd.DataFrame:
    """Two scenarios sharing large per-run noise (common random numbers) plus a small effect."""
    rng = np.random.default_rng(seed)
    common = rng.normal(0, 10, n)
    rows = []
    for scen, shift in (("baseline", 0.0), ("policy", effect)):
        for i in range(n):
            rows.append({"run_id": len(rows), "scenario": scen, "sample_id": i // 2,
                         "replicate": i % 2, "seed": 1000 + i,
                         "y@2030": common[i] + shift + rng.normal(0, 0.1)})
    frame = pd.DataFrame(rows)
    return frame.sample(frac=1.0, random_state=3).reset_index(drop=True)


def test_ensemble_summary_matches_numpy() -> None:
    frame = _paired_frame()
    table = ensemble_summary(frame, ["y@2030"], ["baseline", "policy"])
    assert list(table["scenario"]) == ["baseline", "policy"]
    base = frame.loc[frame["scenario"] == "baseline", "y@2030"].to_numpy()
    row = table.iloc[0]
    assert row["n"] == 200
    assert row["mean"] == pytest.approx(base.mean())
    assert row["median"] == pytest.approx(np.median(base))
    assert row["q05"] == pytest.approx(np.quantile(base, 0.05))
    assert row["q95"] == pytest.approx(np.quantile(base, 0.95))
    assert (row["kpi"], row["bloc"], row["year"]) == ("y", None, 2030)


def test_ensemble_summary_names_missing_outcomes() -> None:
    with pytest.raises(StatsInputError, match="nope@2030"):
        ensemble_summary(_paired_frame(), ["nope@2030"])


def test_quantile_bands_by_group() -> None:
    long = pd.DataFrame({"g": ["a"] * 101 + ["b"] * 11,
                         "value": list(range(101)) + list(range(11))})
    bands = quantile_bands(long, ["g"]).set_index("g")
    assert bands.loc["a", "median"] == 50 and bands.loc["a", "q05"] == 5
    assert bands.loc["b", "q95"] == pytest.approx(9.5)


def test_paired_differences_use_common_random_numbers() -> None:
    frame = _paired_frame(effect=0.5)
    assert common_random_numbers(frame)
    paired = scenario_differences(frame, ["y@2030"], "baseline").iloc[0]
    unpaired = scenario_differences(frame, ["y@2030"], "baseline", paired=False).iloc[0]
    assert paired["paired"] and not unpaired["paired"]
    assert paired["n_pairs"] == 200
    assert paired["ci_low"] < 0.5 < paired["ci_high"]
    assert paired["ci_high"] - paired["ci_low"] < 0.1
    # Without pairing the shared noise (sd 10) swamps the effect of 0.5.
    assert unpaired["ci_high"] - unpaired["ci_low"] > 2.0
    assert paired["share_positive"] > 0.99
    assert paired["q05_diff"] < paired["mean_diff"] < paired["q95_diff"]


def test_pairs_with_a_failed_run_are_dropped() -> None:
    frame = _paired_frame(n=40)
    frame = frame[~((frame["scenario"] == "policy") & (frame["sample_id"] == 3))]
    row = scenario_differences(frame, ["y@2030"], "baseline").iloc[0]
    assert row["n_pairs"] == 38


def test_without_shared_seeds_the_difference_is_unpaired() -> None:
    frame = _paired_frame(n=40)
    frame.loc[frame["scenario"] == "policy", "seed"] += 1
    assert not common_random_numbers(frame)
    assert not scenario_differences(frame, ["y@2030"], "baseline")["paired"].any()


def test_unknown_baseline_is_an_input_error() -> None:
    with pytest.raises(InputError, match="baseline scenario 'nope' is not in the results"):
        scenario_differences(_paired_frame(n=10), ["y@2030"], "nope")


def test_mean_ci_methods_and_edge_cases() -> None:
    assert mean_ci([1.0])[2] == "none"
    assert mean_ci([2.0, 2.0, 2.0]) == (2.0, 2.0, "degenerate")
    x = np.random.default_rng(0).normal(3, 1, 1000)
    low, high, method = mean_ci(x)
    assert method == "t" and low < 3 < high
    small = x[:50]
    assert mean_ci(small, seed=4) == mean_ci(small, seed=4)
    assert mean_ci(small)[2] == "bootstrap"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=2, max_size=60))
def test_mean_ci_brackets_the_mean_within_the_data(values: list[float]) -> None:
    x = np.array(values)
    low, high, _ = mean_ci(x)
    tol = 1e-9 * (1 + np.abs(x).max())
    assert x.min() - tol <= low <= x.mean() + tol
    assert x.mean() - tol <= high <= x.max() + tol


def test_spearman_ranking_orders_by_absolute_correlation() -> None:
    rng = np.random.default_rng(2)
    frame = pd.DataFrame({"a": rng.random(200), "b": rng.random(200), "c": rng.random(200)})
    frame["y"] = -5 * frame["b"] + 3 * frame["a"] + 0.1 * rng.random(200)
    rho = spearman_ranking(frame, "y", ["a", "b", "c"])
    assert list(rho.index[:2]) == ["b", "a"]
    assert rho["b"] < -0.7 and rho["a"] > 0.3
