"""The numbers the explorer shows equal ``simulate`` for the same parameters and seeds: every
run of the ensemble, the means and paired differences of the table, and a run stepped by hand
to its horizon."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from airace.experiments.seeds import run_seed
from airace.explorer.ensemble import HEADLINE, run_ensemble, stop_ray
from airace.explorer.setting import REFERENCE, SETTING, Checked
from airace.explorer.stepper import Stepper
from airace.explorer.summary import bands, difference_table
from airace.model import simulate
from airace.model.parameters import BLOCS

CHANGES = {"public_budget_usd_bn.EU": "40", "regulation.EU": "0.5",
           "algo_halving_months": "9"}


def _expected(checked: Checked) -> dict[str, list[dict[str, float]]]:
    """simulate() for both arms and every replicate, straight from the model."""
    base = {"end_year": checked.setting.end_year, "policy_mode": "fixed",
            "algo_halving_months": 9.0}
    own = {**base, "public_budget_usd_bn.EU": 40.0, "regulation.EU": 0.5}
    seeds = [int(np.random.SeedSequence([checked.seed, r]).generate_state(1, np.uint64)[0]
                 >> np.uint64(1)) for r in range(checked.replicates)]
    return {REFERENCE: [simulate(base, s, "baseline") for s in seeds],
            SETTING: [simulate(own, s, "baseline") for s in seeds]}


def test_every_run_equals_simulate(small: Callable[..., Checked]) -> None:
    checked = small(CHANGES)
    seen = []
    ens = run_ensemble(checked, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (6, 6) and len(seen) == 6
    expected = _expected(checked)
    for arm in (REFERENCE, SETTING):
        rows = ens.results[ens.results["scenario"] == arm].sort_values("replicate")
        assert list(rows["seed"]) == [run_seed(checked.seed, r) for r in range(3)]
        for (_, row), want in zip(rows.iterrows(), expected[arm], strict=True):
            assert {k: row[k] for k in want} == want
    assert not ens.failures


def test_the_table_holds_the_means_and_paired_differences(small: Callable[..., Checked]
                                                         ) -> None:
    checked = small(CHANGES)
    table = difference_table(run_ensemble(checked), 2027).set_index("outcome")
    expected = _expected(checked)
    for outcome, row in table.iterrows():
        ref = np.array([o[outcome] for o in expected[REFERENCE]])
        own = np.array([o[outcome] for o in expected[SETTING]])
        assert row["reference_mean"] == pytest.approx(ref.mean(), rel=1e-12, abs=1e-12)
        assert row["setting_mean"] == pytest.approx(own.mean(), rel=1e-12, abs=1e-12)
        assert row["mean_diff"] == pytest.approx((own - ref).mean(), rel=1e-9, abs=1e-12)
        assert row["paired"] and row["n_pairs"] == 3
        if np.ptp(own - ref) > 0:
            assert row["ci_low"] <= row["mean_diff"] <= row["ci_high"]
    assert set(table.index) == {f"{k}.{b}@2027" for k in HEADLINE for b in BLOCS}
    assert table.loc["compute_share.EU@2027", "mean_diff"] > 0


def test_fan_bands_come_from_the_quarterly_series(small: Callable[..., Checked]) -> None:
    checked = small(CHANGES)
    ens = run_ensemble(checked)
    table = bands(ens, "EU")
    last = table[(table["variable"] == "compute_share.EU") & (table["year"] == 2027.75)]
    final = {arm: np.median([o["compute_share.EU@2027"] for o in runs])
             for arm, runs in _expected(checked).items()}
    for arm in (REFERENCE, SETTING):
        assert last.loc[last["scenario"] == arm, "median"].item() == pytest.approx(final[arm])


def test_a_stepped_run_ends_where_simulate_ends(small: Callable[..., Checked]) -> None:
    checked = small(CHANGES)
    stepper = Stepper(checked, SETTING, replicate=1)
    assert stepper.done == 0 and stepper.quarter() == "" and stepper.total == 12
    stepper.step()
    assert stepper.quarter() == "2025Q1"
    labs = stepper.labs()
    assert set(labs.columns) == {"key", "name", "home", "cash", "compute_h100e", "capability"}
    assert {"pool", "deployed_cum"} <= set(stepper.investors().columns)
    assert stepper.states().set_index("bloc").loc["EU", "regulation"] == 0.5
    while stepper.running:
        stepper.step()
    assert stepper.quarter() == "2027Q4"
    assert stepper.model.outcomes() == _expected(checked)[SETTING][1]
    stepper.reset()
    assert stepper.done == 0
    stepper.release()


def test_ray_gives_the_same_numbers(small: Callable[..., Checked], ray_local: None) -> None:
    checked = small(CHANGES, replicates=2)
    here = run_ensemble(checked)
    try:
        there = run_ensemble(checked, engine="ray")
    finally:
        stop_ray()   # forgets the explorer's handle; the shared test Ray keeps running
    cols = [c for c in here.results.columns if "@" in c]
    assert there.engine == "ray" and len(there.results) == 4
    a = here.results.sort_values("run_id")[cols].to_numpy()
    b = there.results.sort_values("run_id")[cols].to_numpy()
    assert np.array_equal(a, b) and all(math.isfinite(x) for x in a.ravel())
    assert len(there.series) == len(here.series)
