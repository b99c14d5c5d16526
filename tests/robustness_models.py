"""``module:function`` models with known answers for the robustness and discovery tests.

``table`` takes the scenario without a default (the contract for studies that list their
scenarios) and returns a small table of known values; ``planted`` is 1 inside the box
x1 > 0.7 and x2 < 0.3 and 0 outside, plus noise; ``planted_mixed`` has a categorical input.
"""

from __future__ import annotations

from typing import Any

import numpy as np

BOX = {"x1": (0.7, 1.0), "x2": (0.0, 0.3)}
NOISE_SD = 0.15
# Outcome y of policies A, B, C in futures k = 0..3 (rows); the tests compute regret and
# satisficing of this table by hand.
TABLE: dict[str, tuple[float, ...]] = {"A": (0.5, 0.2, 0.1, 0.7),
                                       "B": (0.3, 0.6, 0.2, 0.7),
                                       "C": (0.4, 0.4, 0.45, 0.1)}


def table(params: dict[str, Any], seed: int, scenario: str) -> dict[str, float]:
    """y = TABLE[scenario][k] (no default for the scenario: studies must list them)."""
    return {"y": TABLE[scenario][int(round(params["k"]))]}


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
