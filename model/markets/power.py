"""Power and construction: power per H100e, grid and workforce limits on how fast each bloc
can add data-centre capacity, and the power constraint on new chips."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from airace.agents.lab import Labs, PurchasePlan
from airace.model.parameters import BLOCS

HOURS_PER_YEAR = 8766.0  # 365.25 days


def kw_per_h100e(p: Mapping[str, Any], year: float) -> float:
    """Power per newly installed H100e incl. facility overhead (performance per watt rises)."""
    return p["kw_per_h100e_2025"] / p["perf_per_watt_growth"] ** (year - 2025.0)


def buildout_limit_gw(p: Mapping[str, Any], year: float, us_reshoring_share: float
                      ) -> np.ndarray:
    """GW each bloc can connect this quarter: the lower of grid and workforce limits, both
    growing over time; reshoring draws US skilled trades away from data centres."""
    growth = (1.0 + p["buildout_growth"]) ** (year - 2025.0)
    out = np.empty(len(BLOCS))
    for i, b in enumerate(BLOCS):
        workforce = p[f"workforce_gw_per_year.{b}"]
        if b == "US":
            workforce *= 1.0 - p["reshoring_workforce_draw"] * us_reshoring_share
        out[i] = min(p[f"grid_gw_per_year.{b}"], workforce) * growth / 4.0
    return out


def power_fit(need_gw: np.ndarray, free_gw: np.ndarray) -> np.ndarray:
    """Fraction of the planned new load that fits into the free power of each location."""
    return np.where(need_gw > free_gw, np.maximum(free_gw, 0.0) / np.maximum(need_gw, 1e-300),
                    1.0)


class PowerGrid:
    """Data-centre power capacity by location (GW) and its connection each quarter."""

    def __init__(self, capacity_gw: np.ndarray) -> None:
        self.capacity = capacity_gw

    def connect(self, plan: PurchasePlan, labs: Labs, kw: float, unit_cost: np.ndarray,
                limit_gw: np.ndarray) -> None:
        """Connect new power for ``plan`` up to each location's build-out limit; scale the
        plan to the power that exists and let labs re-site what is stranded."""
        cost_per_unit = plan.vendor_mix @ unit_cost               # $bn per H100e [lab]
        gw_per_bn = kw / 1e6 / cost_per_unit                      # GW per $bn [lab]
        need = (plan.spend * gw_per_bn[:, None]).sum(axis=0)
        drawn = labs.table.power_gw.sum(axis=0)
        self.capacity += np.minimum(limit_gw, np.maximum(need - (self.capacity - drawn), 0.0))
        free = self.capacity - drawn
        fit = power_fit(need, free)
        if fit.min() >= 1.0:
            return
        placed = plan.spend * fit[None, :]
        spare = np.maximum(free - (placed * gw_per_bn[:, None]).sum(axis=0), 0.0)
        labs.resite(plan, placed, spare, gw_per_bn, power_fit)
