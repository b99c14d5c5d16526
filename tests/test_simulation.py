"""simulate (outcomes only, KPIs computed in the reported quarters) gives exactly the outcomes of
a model that records every quarter, in every scenario and both policy modes."""

from __future__ import annotations

import pytest

from airace.model import AIRaceModel, simulate, simulate_series
from airace.model.kpi_info import OUTCOME_YEARS, reporter_names
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
