"""Small ``module:function`` models with known answers, used by the engine's tests.

Each follows the contract of docs/ARCHITECTURE.md: ``f(params, seed[, scenario]) -> dict``.
"""

from __future__ import annotations

import time
from typing import Any

import mesa
import numpy as np

SCENARIO_SHIFT = {"low": 0.0, "mid": 5.0, "high": 10.0}


def linear(params: dict[str, Any], seed: int) -> dict[str, float]:
    """y = 1 + 2a - 3b exactly, plus u: the first draw of default_rng(seed)."""
    a, b = params.get("a", 0.0), params.get("b", 0.0)
    return {"y": 1.0 + 2.0 * a - 3.0 * b, "u": float(np.random.default_rng(seed).random())}


def shifted(params: dict[str, Any], seed: int, scenario: str = "low") -> dict[str, float]:
    """y = x + shift(scenario): low 0, mid 5, high 10; noise from the seed (same in all)."""
    noise = float(np.random.default_rng(seed).normal())
    return {"y": params.get("x", 0.0) + SCENARIO_SHIFT[scenario], "noise": noise}


def flaky(params: dict[str, Any], seed: int) -> dict[str, float]:
    """Like ``linear`` for x <= 0.7; raises ValueError for x > 0.7."""
    if params["x"] > 0.7:
        raise ValueError(f"x = {params['x']:.3f} is too large for this toy model")
    return {"y": 2.0 * params["x"], "u": float(np.random.default_rng(seed).random())}


def sleepy(params: dict[str, Any], seed: int) -> dict[str, float]:
    """Sleeps ``delay`` seconds (default 0.02), then returns u: the first draw of the seed."""
    time.sleep(params.get("delay", 0.02))
    return {"u": float(np.random.default_rng(seed).random())}


def not_a_dict(params: dict[str, Any], seed: int) -> list[float]:
    """Breaks the contract: returns a list."""
    return [1.0]


def no_seed(params: dict[str, Any]) -> dict[str, float]:
    """Breaks the contract: takes no seed."""
    return {"y": 1.0}


class MoneyModel(mesa.Model):
    """Boltzmann wealth toy model (Mesa's own example, shortened) with a DataCollector."""

    def __init__(self, n: int = 26, steps: int = 44, rng: int | None = None) -> None:
        super().__init__(rng=rng)
        self.steps_to_run = steps
        MoneyAgent.create_agents(self, n)
        self.datacollector = mesa.DataCollector(model_reporters={"gini": gini})

    def step(self) -> None:
        """One tick: every agent gives a coin away; stop after ``steps_to_run`` ticks."""
        self.agents.shuffle_do("step")
        self.datacollector.collect(self)
        self.running = self.steps < self.steps_to_run


class MoneyAgent(mesa.Agent):
    """Holds wealth and gives one unit to a random other agent each step."""

    def __init__(self, model: MoneyModel) -> None:
        super().__init__(model)
        self.wealth = 1

    def step(self) -> None:
        """Give one unit of wealth to a random agent."""
        if self.wealth > 0:
            other = self.random.choice(self.model.agents)
            other.wealth += 1
            self.wealth -= 1


def gini(model: MoneyModel) -> float:
    """Gini coefficient of wealth."""
    x = np.sort([a.wealth for a in model.agents])
    n = len(x)
    return float(1 + 1 / n - 2 * np.sum((n - np.arange(n)) * x) / (n * x.sum()))


def money(params: dict[str, Any], seed: int) -> dict[str, float]:
    """Run MoneyModel to its end; return the final Gini; nothing left alive (Mesa 3.3 leak)."""
    model = MoneyModel(int(params.get("n", 26)), int(params.get("steps", 44)), rng=seed)
    try:
        while model.running:
            model.step()
        return {"gini": gini(model), "steps": float(model.steps)}
    finally:
        getattr(mesa.Agent, "_ids", {}).pop(model, None)


def interacting(params: dict[str, Any], seed: int, scenario: str = "low") -> dict[str, float]:
    """y = x * shift(scenario) / 10 + seed noise (the same in every scenario): the effect of
    'high' against 'low' is x, that of 'mid' x / 2 - an effect modified by x."""
    noise = float(np.random.default_rng(seed).normal())
    return {"y": params.get("x", 0.0) * SCENARIO_SHIFT[scenario] / 10.0 + noise}
