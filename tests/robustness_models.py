"""``module:function`` models with known answers for the robustness and discovery tests.

``policies`` takes the scenario without a default (the contract for studies that list their
scenarios); ``planted`` is 1 inside the box x1 > 0.7 and x2 < 0.3 and 0 outside, plus noise;
``planted_mixed`` has a categorical and a whole-number input.
"""

from __future__ import annotations

from typing import Any

import numpy as np

BOX = {"x1": (0.7, 1.0), "x2": (0.0, 0.3)}
NOISE_SD = 0.15
# Policy a is best for small x, b for large x; c is never best (always 0.2 below the best).
POLICY_SLOPES = {"a": (1.0, 0.0), "b": (0.0, 1.0)}


def policies(params: dict[str, Any], seed: int, scenario: str) -> dict[str, float]:
    """y = 1 - x (a), x (b) or max(1 - x, x) - 0.2 (c): regret is known in closed form."""
    x = float(params["x"])
    y = {"a": 1.0 - x, "b": x, "c": max(1.0 - x, x) - 0.2}[scenario]
    return {"y": y}


def planted(params: dict[str, Any], seed: int, scenario: str = "only") -> dict[str, float]:
    """1 inside x1 > 0.7 and x2 < 0.3, else 0, plus normal noise (sd 0.15) from the seed."""
    inside = params["x1"] > BOX["x1"][0] and params["x2"] < BOX["x2"][1]
    noise = float(np.random.default_rng(seed).normal(0.0, NOISE_SD))
    return {"y": float(inside) + noise}


def planted_mixed(params: dict[str, Any], seed: int) -> dict[str, float]:
    """1 when the category c is 2 and x > 0.5, else 0, plus small noise."""
    inside = round(params["c"]) == 2 and params["x"] > 0.5
    noise = float(np.random.default_rng(seed).normal(0.0, 0.05))
    return {"y": float(inside) + noise}
