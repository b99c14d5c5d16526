"""One-call entry points used by the experiment engine: parameters and seed in, outcomes out,
nothing left alive afterwards."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import mesa
import pandas as pd

from airace.model.world import START_YEAR, AIRaceModel


def _run(params: Mapping[str, Any] | None, seed: int, scenario: str,
         record_series: bool = True) -> AIRaceModel:
    model = AIRaceModel(scenario=scenario, params=params, rng=seed, record_series=record_series)
    model.run_model()
    return model


def forget_model(model: mesa.Model) -> None:
    """Drop Mesa 3.3's class-level reference to ``model`` (``Agent._ids``; gone in Mesa 3.4.2
    and later): without this, thousands of runs in one process leak memory."""
    getattr(mesa.Agent, "_ids", {}).pop(model, None)


def _release(model: AIRaceModel) -> None:
    forget_model(model)
    model.remove_all_agents()


def simulate(params: Mapping[str, Any] | None, seed: int, scenario: str = "baseline"
             ) -> dict[str, float]:
    """Run one model to its horizon and return its outcomes (``kpi.BLOC@YEAR``)."""
    model = _run(params, seed, scenario, record_series=False)
    try:
        return model.outcomes()
    finally:
        _release(model)


def simulate_series(params: Mapping[str, Any] | None, seed: int, scenario: str = "baseline"
                    ) -> tuple[dict[str, float], pd.DataFrame]:
    """Like :func:`simulate`, plus the quarterly KPI series (one row per quarter)."""
    model = _run(params, seed, scenario)
    try:
        frame = pd.DataFrame(model.datacollector.model_vars)
        steps = range(len(frame))
        frame.insert(0, "quarter", [f"{START_YEAR + s // 4}Q{s % 4 + 1}" for s in steps])
        frame.insert(0, "year", [START_YEAR + s / 4.0 for s in steps])
        frame.insert(0, "step", list(steps))
        return model.outcomes(), frame
    finally:
        _release(model)


def simulate_many(params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None,
                  seeds: Sequence[int], scenario: str = "baseline", series: bool = False
                  ) -> list[dict[str, float]] | list[tuple[dict[str, float], pd.DataFrame]]:
    """Run one world per seed of one scenario: ``params`` is one dict for all or one per seed.

    Returns what ``[simulate(p, s, scenario) ...]`` (or ``simulate_series`` with ``series``)
    returns, in the order of ``seeds``; each world draws only from its own seed, so a world's
    numbers do not depend on the others in the call. This is the engine's entry point for a
    batch of AI-race runs.
    """
    seeds = [int(s) for s in seeds]
    if params is None or isinstance(params, Mapping):
        per_world = [params] * len(seeds)
    else:
        per_world = list(params)
        if len(per_world) != len(seeds):
            raise ValueError(f"simulate_many: {len(per_world)} parameter sets for "
                             f"{len(seeds)} seeds; give one dict, or one per seed")
    run = simulate_series if series else simulate
    return [run(p, s, scenario) for p, s in zip(per_world, seeds, strict=True)]
