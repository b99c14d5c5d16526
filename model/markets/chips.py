"""The accelerator market: vendors quote prices and supply, export controls (US rules with
their foreign-direct-product reach, the EU's own) filter Chinese labs' orders, home labs are
served first from reserved output where a programme says so, and rationing clears what
remains against supply."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from airace.agents.chip_vendor import ChipVendor
from airace.agents.export_controls import ExportControls
from airace.model.markets.allocation import OrderRouting
from airace.model.parameters import BLOCS


def price_trend(p: Mapping[str, Any], year: float) -> float:
    """Quality-adjusted price factor relative to 2025 (price-performance doubling)."""
    return 2.0 ** (-(year - 2025.0) / p["chip_price_perf_doubling_years"])


def ration(demand: np.ndarray, supply: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Proportional rationing: every buyer of vendor v gets the same fill rate min(1, S/D)."""
    total = demand.sum(axis=(0, 1))
    fill = np.divide(supply, total, out=np.ones_like(supply), where=total > supply)
    fill = np.minimum(fill, 1.0)
    return demand * fill[None, None, :], total


class ChipMarket:
    """The vendors of one world and the clearing of labs' chip orders."""

    routing: OrderRouting  # export rules and home priority for the buyers, see set_buyers

    def __init__(self, vendors: Sequence[ChipVendor]) -> None:
        self.vendors = list(vendors)
        self.us_controlled = np.array([v.us_controlled for v in self.vendors])
        self.home = np.array([BLOCS.index(v.home) for v in self.vendors])
        self.is_cn = self.home == BLOCS.index("CN")
        self.fallback = int(np.flatnonzero(self.is_cn)[0])  # where denied demand turns
        # [vendor, stack]: 1 where a vendor's chips belong to the US-controlled / Chinese stack
        self.stack = np.stack([self.us_controlled, self.is_cn], axis=1).astype(float)
        self.us_vendor = self.vendors[int(np.flatnonzero(self.us_controlled)[0])]
        self.non_taiwan = np.array([v.non_taiwan_share0 for v in self.vendors])
        self.price = np.zeros(len(self.vendors))
        self.supply = np.zeros(len(self.vendors))
        self.avg_price = 0.0  # $k per H100e paid on average in the last clearing

    def open(self, p: Mapping[str, Any], year: float, public_money: Mapping[str, float],
             taiwan_loss: float) -> np.ndarray:
        """Vendors invest (growth under demand pressure plus ``public_money`` by home bloc, $bn)
        and reprice; returns this quarter's prices ($k per H100e) and sets the supply, of which
        the Taiwan-made part loses ``taiwan_loss``."""
        self.non_taiwan = np.array([v.non_taiwan_share(p, year) for v in self.vendors])
        for v in self.vendors:
            v.invest(p[v.growth_param], public_money[v.home], p["chip_fund_capacity_cost"])
            v.reprice(p["price_adjustment_speed"], p["chip_markup_min"], p["chip_markup_max"])
        trend = price_trend(p, year)
        self.price = np.array([v.price(p, trend, nt) for v, nt in
                               zip(self.vendors, self.non_taiwan.tolist(), strict=True)])
        capacity = np.array([v.capacity for v in self.vendors])
        self.supply = capacity * (1.0 - taiwan_loss * (1.0 - self.non_taiwan))
        return self.price

    def set_buyers(self, p: Mapping[str, Any], lab_home: np.ndarray) -> None:
        """Set up the order routing (export rules, home priority, sales tally) for labs of
        ``lab_home`` (indices into BLOCS); called once before the first clearing."""
        self.routing = OrderRouting(p, self.home, self.us_controlled, lab_home)

    def clear(self, orders: np.ndarray, lab_is_cn: np.ndarray, controls: ExportControls,
              unit_cost: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
        """Deliveries [lab, location, vendor] for ``orders`` after export controls, home
        priority and rationing, each lab's share of desired chips denied, and the vendors'
        revenue ($bn)."""
        desired = orders.sum(axis=(1, 2))
        routing = self.routing
        allowed, denied = routing.filter(orders, lab_is_cn, controls, self.fallback, unit_cost)
        if routing.prioritised:
            first, rest, left = routing.serve_home(allowed, self.supply)
            delivered, _ = ration(rest, left)
            delivered += first
            total_demand = allowed.sum(axis=(0, 1))
        else:
            delivered, total_demand = ration(allowed, self.supply)
        routing.tally(delivered)
        by_vendor = delivered.sum(axis=(0, 1))
        revenue = by_vendor * self.price * 1e-6
        for v, d, s, r in zip(self.vendors, total_demand.tolist(), self.supply.tolist(),
                              revenue.tolist(), strict=True):
            v.demand, v.supply = d, s
            v.cash += r
        denied_share = denied.sum(axis=(1, 2)) / np.where(desired > 0.0, desired, 1.0)
        units = float(by_vendor.sum())
        self.avg_price = float(by_vendor @ self.price) / units if units else 0.0
        return delivered, denied_share, float(revenue.sum())
