"""Stochastic shocks: a Taiwan supply disruption, efficiency breakthroughs, energy-price and
demand shocks, and the uniform draws behind incidents.

All random numbers of a run are drawn once, up front, from the model's generator. The draws
therefore do not depend on policy: the same seed gives the same shocks in every scenario
(common random numbers), so scenario differences are not sampling noise.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
from scipy.signal import lfilter

from airace.model.parameters import BLOCS, REGISTRY, quarters_until


def quarterly_prob(per_year: float | np.ndarray) -> float | np.ndarray:
    """Probability per quarter of an event with the given yearly probability."""
    return 1.0 - (1.0 - np.asarray(per_year)) ** 0.25


MAX_STEPS = quarters_until(REGISTRY["end_year"].high)  # longest horizon the registry allows


class Shocks:
    """Pre-drawn shock paths; always drawn for the longest horizon so that a seed gives the
    same shocks whatever the run's ``end_year``."""

    def __init__(self, p: Mapping[str, Any], rng: np.random.Generator) -> None:
        nb, n_steps = len(BLOCS), MAX_STEPS
        self.energy_log = _ar1(rng.standard_normal((n_steps, nb)), p["energy_shock_sigma"],
                               p["energy_shock_persistence"])
        self.demand_log = _ar1(rng.standard_normal((n_steps, 1)), p["demand_shock_sigma"],
                               p["demand_shock_persistence"])[:, 0]
        self.incident_u = rng.random((n_steps, nb))
        bt_prob = quarterly_prob(np.array([p[f"breakthrough_prob_per_year.{b}"] for b in BLOCS]))
        self.breakthrough = rng.random((n_steps, nb)) < bt_prob
        self.breakthrough_pick = rng.random((n_steps, nb))
        tw_u = rng.random(n_steps)
        self.taiwan_start = _taiwan_start(p, tw_u)
        self.taiwan_recovery_q = max(p["taiwan_recovery_years"] * 4.0, 1.0)
        self.taiwan_loss = p["taiwan_supply_loss"]

    def taiwan_loss_at(self, q: int) -> float:
        """Share of Taiwan-made output lost in quarter ``q`` (linear recovery)."""
        if self.taiwan_start is None or q < self.taiwan_start:
            return 0.0
        remaining = 1.0 - (q - self.taiwan_start) / self.taiwan_recovery_q
        return self.taiwan_loss * max(remaining, 0.0)


def _ar1(eps: np.ndarray, sigma: float, rho: float) -> np.ndarray:
    """AR(1) paths along axis 0: x[t] = rho x[t-1] + sigma eps[t], x[-1] = 0 (as a linear
    filter, the same numbers as the loop, without one Python step per quarter)."""
    return lfilter([sigma], [1.0, -rho], eps, axis=0)


def _taiwan_start(p: Mapping[str, Any], u: np.ndarray) -> int | None:
    forced = p["taiwan_disruption_year"]
    if forced:
        q = (forced - 2025) * 4
        return q if 0 <= q < len(u) else None
    hits = np.flatnonzero(u < quarterly_prob(p["taiwan_disruption_prob_per_year"]))
    return int(hits[0]) if hits.size else None


def poisson_from_uniform(u: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """Poisson counts by inverting the CDF at pre-drawn uniforms (keeps random numbers common
    across scenarios although the rate differs)."""
    out = []
    for ui, li in zip(u.tolist(), lam.tolist(), strict=True):
        pmf = math.exp(-li)
        cdf, k = pmf, 0
        while ui > cdf and k < 1000:
            k += 1
            pmf *= li / k
            cdf += pmf
        out.append(k)
    return np.array(out, dtype=np.int64)
