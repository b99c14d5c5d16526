"""Test functions with known sensitivity indices, as ``module:function`` models.

Each follows the model contract of docs/ARCHITECTURE.md: ``f(params, seed) -> dict``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

ISHIGAMI_A, ISHIGAMI_B = 7.0, 0.1
G_A: tuple[float, ...] = (0.0, 1.0, 4.5, 9.0, 99.0, 99.0)
LINEAR_C: dict[str, float] = {"a": 4.0, "b": 2.0, "c": 1.0, "d": 0.5, "e": 0.0}
GROUPS_C: dict[str, float] = {"u1": 3.0, "u2": 1.0, "v1": 2.0, "v2": 2.0, "w1": 1.0}
NOISE_SD = 1.0


def ishigami(params: dict[str, Any], seed: int) -> dict[str, float]:
    """Ishigami function (a = 7, b = 0.1) of x1, x2, x3 in [-pi, pi]."""
    x1, x2, x3 = (float(params[k]) for k in ("x1", "x2", "x3"))
    y = math.sin(x1) + ISHIGAMI_A * math.sin(x2) ** 2 + ISHIGAMI_B * x3**4 * math.sin(x1)
    return {"y": y}


def ishigami_indices() -> dict[str, dict[str, float]]:
    """Analytic S1 and ST of the Ishigami function."""
    a, b, pi = ISHIGAMI_A, ISHIGAMI_B, math.pi
    v1 = 0.5 * (1 + b * pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * pi**8 * (1 / 18 - 1 / 50)
    var = v1 + v2 + v13
    return {"S1": {"x1": v1 / var, "x2": v2 / var, "x3": 0.0},
            "ST": {"x1": (v1 + v13) / var, "x2": v2 / var, "x3": v13 / var}}


def g_function(params: dict[str, Any], seed: int) -> dict[str, float]:
    """Sobol' G-function of g1..g6 in [0, 1]: the smaller a_i, the more important g_i."""
    y = 1.0
    for i, a in enumerate(G_A, start=1):
        y *= (abs(4 * float(params[f"g{i}"]) - 2) + a) / (1 + a)
    return {"y": y}


def g_first_order() -> dict[str, float]:
    """Analytic first-order indices of the G-function."""
    v = [1 / (3 * (1 + a) ** 2) for a in G_A]
    total = math.prod(1 + vi for vi in v) - 1
    return {f"g{i}": vi / total for i, vi in enumerate(v, start=1)}


def linear(params: dict[str, Any], seed: int) -> dict[str, float]:
    """y = 4a + 2b + c + 0.5d + 0e: Morris mu* equals |coefficient| x range exactly."""
    return {"y": sum(c * float(params[k]) for k, c in LINEAR_C.items())}


def additive(params: dict[str, Any], seed: int) -> dict[str, float]:
    """y = 3u1 + u2 + 2v1 + 2v2 + w1: a group's S1 and ST are the sums of its members'."""
    return {"y": sum(c * float(params[k]) for k, c in GROUPS_C.items())}


def additive_indices(groups: dict[str, str]) -> dict[str, float]:
    """Analytic S1 (= ST) per group of ``additive`` with inputs uniform on [0, 1]."""
    total = sum(c**2 for c in GROUPS_C.values())
    out: dict[str, float] = {}
    for name, c in GROUPS_C.items():
        out[groups[name]] = out.get(groups[name], 0.0) + c**2 / total
    return out


def noisy(params: dict[str, Any], seed: int) -> dict[str, float]:
    """z = x1 + 0.5 x2 without noise; y adds noise drawn from the seed alone (the same at
    every sample point, so common random numbers cancel it in the replicate means); w adds
    noise drawn from the seed and the point (it does not cancel)."""
    x1, x2 = float(params["x1"]), float(params["x2"])
    z = x1 + 0.5 * x2
    common = float(np.random.default_rng(seed).normal(0.0, NOISE_SD))
    point = np.random.default_rng([seed, int(x1 * 2**30), int(x2 * 2**30)])
    return {"y": z + common, "w": z + float(point.normal(0.0, NOISE_SD)), "z": z}


def yearly(params: dict[str, Any], seed: int) -> dict[str, float]:
    """Outcomes ``y@YEAR`` whose driver moves from x1 (2025) to x2 (2035)."""
    x1, x2, x3 = (float(params[k]) for k in ("x1", "x2", "x3"))
    return {"y@2025": x1 + 0.1 * x3, "y@2030": x1 + x2 + 0.1 * x3, "y@2035": x2 + 0.1 * x3}
