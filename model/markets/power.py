"""Power and construction: power per H100e, grid and workforce limits on how fast each bloc
can add data-centre capacity, and the power constraint on new chips."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from airace.agents.lab import Labs, PurchasePlan
from airace.model.parameters import BLOCS

HOURS_PER_YEAR = 8766.0  # 365.25 days
US = BLOCS.index("US")
MIN_SCALE_GW = 1e-9  # an off-grid scale below this (GW per quarter) means no off-grid option


def kw_per_h100e(p: Mapping[str, Any], year: float) -> float:
    """Power per newly installed H100e incl. facility overhead (performance per watt rises)."""
    return p["kw_per_h100e_2025"] / p["perf_per_watt_growth"] ** (year - 2025.0)


def buildout_limit_gw(p: Mapping[str, Any], year: float, us_reshoring_share: float
                      ) -> np.ndarray:
    """GW each bloc can connect to the grid this quarter: the lower of grid and workforce
    limits, both growing over time; reshoring draws US skilled trades away from data
    centres."""
    return np.minimum(grid_limit_gw(p, year), workforce_limit_gw(p, year, us_reshoring_share))


def grid_limit_gw(p: Mapping[str, Any], year: float) -> np.ndarray:
    """GW of grid capacity each bloc can connect to data centres this quarter."""
    growth = (1.0 + p["buildout_growth"]) ** (year - 2025.0)
    return np.array([p[f"grid_gw_per_year.{b}"] for b in BLOCS]) * growth / 4.0


def workforce_limit_gw(p: Mapping[str, Any], year: float, us_reshoring_share: float
                       ) -> np.ndarray:
    """GW of data-centre capacity the skilled workforce of each bloc can build this quarter,
    on the grid or off it; reshoring draws US skilled trades away."""
    growth = (1.0 + p["buildout_growth"]) ** (year - 2025.0)
    out = np.array([p[f"workforce_gw_per_year.{b}"] for b in BLOCS])
    out[US] *= 1.0 - p["reshoring_workforce_draw"] * us_reshoring_share
    return out * growth / 4.0


def offgrid_limit_gw(p: Mapping[str, Any], year: float) -> np.ndarray:
    """GW of behind-the-meter generation each bloc can commission this quarter (turbine
    deliveries, permits), growing like the other build-out limits."""
    growth = (1.0 + p["buildout_growth"]) ** (year - 2025.0)
    return np.array([p[f"offgrid_gw_per_year.{b}"] for b in BLOCS]) * growth / 4.0


class BuildoutPath:
    """The per-run constants of the build-out, computed once for quarters ``q`` < ``n_q``
    (year ``start_year + q / 4``): power per new H100e and the grid, workforce (before
    reshoring's draw) and off-grid limits [q, location], the numbers of the functions above."""

    def __init__(self, p: Mapping[str, Any], start_year: float, n_q: int) -> None:
        years = [start_year + q / 4.0 for q in range(n_q)]
        self.kw = tuple(kw_per_h100e(p, y) for y in years)
        self.growth = tuple((1.0 + p["buildout_growth"]) ** (y - 2025.0) for y in years)
        self.grid = np.array([grid_limit_gw(p, y) for y in years])
        self.workforce = np.array([workforce_limit_gw(p, y, 0.0) for y in years])
        self.offgrid = np.array([offgrid_limit_gw(p, y) for y in years])
        self.us_workforce = p["workforce_gw_per_year.US"]
        self.draw = p["reshoring_workforce_draw"]

    def workforce_at(self, q: int, us_reshoring_share: float) -> np.ndarray:
        """:func:`workforce_limit_gw` of quarter ``q`` (only the US entry depends on the
        reshoring share; the same arithmetic, without reading the parameters again)."""
        out = self.workforce[q].copy()
        out[US] = (self.us_workforce * (1.0 - self.draw * us_reshoring_share)
                   * self.growth[q] / 4.0)
        return out


# the parameters a BuildoutPath reads (the key of its per-process cache)
BUILDOUT_PARAMS: tuple[str, ...] = (
    "kw_per_h100e_2025", "perf_per_watt_growth", "buildout_growth", "reshoring_workforce_draw",
    *(f"{name}.{b}" for name in ("grid_gw_per_year", "workforce_gw_per_year",
                                 "offgrid_gw_per_year") for b in BLOCS))


def buildout_path(p: Mapping[str, Any], start_year: float, n_q: int) -> BuildoutPath:
    """The :class:`BuildoutPath` of ``p``, shared (read-only) by all runs of a process whose
    build-out parameters are the same."""
    return _cached_buildout_path(tuple(p[k] for k in BUILDOUT_PARAMS), start_year, n_q)


@lru_cache(maxsize=32)
def _cached_buildout_path(values: tuple[Any, ...], start_year: float, n_q: int
                          ) -> BuildoutPath:
    path = BuildoutPath(dict(zip(BUILDOUT_PARAMS, values, strict=True)), start_year, n_q)
    for table in (path.grid, path.workforce, path.offgrid):
        table.setflags(write=False)
    return path


def power_fit(need_gw: np.ndarray, free_gw: np.ndarray) -> np.ndarray:
    """Fraction of the planned new load that fits into the free power of each location."""
    return np.where(need_gw > free_gw, np.maximum(free_gw, 0.0) / np.maximum(need_gw, 1e-300),
                    1.0)


class PowerGrid:
    """Data-centre power capacity by location (GW): grid connections each quarter and
    behind-the-meter (off-grid) generation that builders commission where the grid is full,
    at a cost premium and with a lead time."""

    def __init__(self, capacity_gw: np.ndarray, horizon_q: int,
                 lead_q: int | np.ndarray) -> None:
        self.capacity = capacity_gw
        self.lead_q = np.broadcast_to(np.asarray(lead_q, dtype=int), capacity_gw.shape).copy()
        self.offgrid_due = np.zeros((horizon_q + int(self.lead_q.max()) + 1, capacity_gw.size))
        self.offgrid_gw = np.zeros(capacity_gw.size)   # off-grid capacity in operation

    def connect(self, q: int, plan: PurchasePlan, labs: Labs, kw: float, unit_cost: np.ndarray,
                grid_gw: np.ndarray, workforce_gw: np.ndarray, offgrid_gw: np.ndarray,
                premium_usd_per_w: np.ndarray, fill: np.ndarray | None = None
                ) -> float:
        """Bring this quarter's off-grid capacity on line, connect new grid power for the
        chips ``plan`` can expect to receive (``fill`` [vendor]: the share of orders each
        vendor can fill; all if None) up to each location's grid and workforce limits,
        scale the plan to the power that
        exists and let labs re-site what is stranded; where power is still short, labs
        commission off-grid generation with their stranded money (within the off-grid and
        remaining workforce limits), ready ``lead_q`` quarters later (per location). Returns
        what the off-grid orders cost ($bn, paid by the labs)."""
        arriving = self.offgrid_due[q]
        self.capacity += arriving
        self.offgrid_gw += arriving
        gw_per_bn = kw / 1e6 / (plan.vendor_mix @ unit_cost)      # GW per $bn [lab]
        if fill is not None:                                       # chips that will come
            gw_per_bn *= plan.vendor_mix @ fill
        gw_per_bn_col = gw_per_bn[:, None]
        need = np.add.reduce(plan.spend * gw_per_bn_col, 0).tolist()
        drawn = np.add.reduce(labs.table.power_gw, 0).tolist()
        # per location in Python floats: grid connected, free power, the plan's power fit
        grid = [min(g, w, max(n - (c - d), 0.0)) for g, w, n, c, d in zip(
            grid_gw.tolist(), workforce_gw.tolist(), need, self.capacity.tolist(), drawn,
            strict=True)]
        self.capacity += np.array(grid)
        free = [c - d for c, d in zip(self.capacity.tolist(), drawn, strict=True)]
        fit = [max(f, 0.0) / max(n, 1e-300) if n > f else 1.0
               for n, f in zip(need, free, strict=True)]
        if min(fit) >= 1.0:
            return 0.0
        placed = plan.spend * np.array(fit)
        stranded = (plan.spend - placed) * (1.0 - plan.subsidy)   # own money, $bn [lab, loc]
        spare = [max(f - g, 0.0) for f, g in zip(
            free, np.add.reduce(placed * gw_per_bn_col, 0).tolist(), strict=True)]
        left = labs.resite(plan, placed, stranded, spare, gw_per_bn, power_fit)
        if left is not None:
            stranded *= left[:, None]                              # not re-sited, $bn
        return self._commission(
            q, stranded, [n - f for n, f in zip(need, free, strict=True)], labs,
            [w - g for w, g in zip(workforce_gw.tolist(), grid, strict=True)],
            premium_usd_per_w, offgrid_gw)

    def _commission(self, q: int, stranded: np.ndarray, shortfall: Sequence[float],
                    labs: Labs, limit_gw: Sequence[float], premium_usd_per_w: np.ndarray,
                    scale_gw: np.ndarray) -> float:
        """Order off-grid GW where the grid left plans short. Generation gets dearer the more is
        ordered in a quarter (turbines and permits are scarce): the premium per watt starts at
        ``premium_usd_per_w`` (c) and rises e-fold with every ``scale_gw`` (s) ordered, so x GW
        cost c s (exp(x / s) - 1) and money M buys s ln(1 + M / (c s)). The labs concerned
        spend their stranded money on it, up to the ``shortfall`` and the remaining workforce
        ``limit_gw``; they pay pro rata. Per location in Python floats (few locations)."""
        scale = scale_gw.tolist()
        active = [loc for loc, (short, limit, s) in enumerate(zip(
            shortfall, limit_gw, scale, strict=True))
            if short > 1e-12 and limit > 0.0 and s > MIN_SCALE_GW]
        if not active:
            return 0.0
        money = np.add.reduce(stranded, 0).tolist()                       # $bn [location]
        premium = premium_usd_per_w.tolist()
        cs = [max(premium[loc], 1e-12) * scale[loc] for loc in active]      # c s
        buys = np.log1p(np.array([money[loc] / x for loc, x in zip(active, cs, strict=True)]))
        order = [min(shortfall[loc], limit_gw[loc], scale[loc] * b)         # GW
                 for loc, b in zip(active, buys.tolist(), strict=True)]
        rise = np.expm1(np.array([x / scale[loc] for loc, x in zip(active, order, strict=True)]))
        cost = [0.0] * len(money)                                          # $bn [location]
        for loc, x, e in zip(active, cs, rise.tolist(), strict=True):
            cost[loc] = x * e
        labs.pay_offgrid(stranded @ np.array([c / m if m > 0.0 else c
                                              for c, m in zip(cost, money, strict=True)]))
        due, lead = self.offgrid_due, self.lead_q.tolist()
        for loc, x in zip(active, order, strict=True):
            due[q + lead[loc], loc] += x
        return sum(cost)
