"""The accelerator market: vendors build capacity by site, quote prices and supply (less what
disrupted sites and the HBM ceiling withhold), export controls (US rules with their
foreign-direct-product reach, the EU's own) filter Chinese labs' orders, home labs are served
first from reserved output where a programme says so, and rationing - long-term contracts
first, then pro rata - clears what remains."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from airace.agents.chip_vendor import SITES, TW, Vendors, vendor_total
from airace.agents.export_controls import ExportControls
from airace.model.markets.allocation import OrderRouting
from airace.model.parameters import BLOCS


def price_trend(p: Mapping[str, Any], year: float) -> float:
    """Quality-adjusted price factor relative to 2025 (price-performance doubling)."""
    return 2.0 ** (-(year - 2025.0) / p["chip_price_perf_doubling_years"])


def hbm_ceiling(p: Mapping[str, Any], year: float) -> float:
    """H100e per quarter the HBM open to a controlled Chinese vendor can equip in ``year``:
    the 2025 stockpile-and-CXMT level grown by domestic HBM (``cn_hbm_growth``/yr)."""
    return p["cn_hbm_m_h100e_q"] * 1e6 * (1.0 + p["cn_hbm_growth"]) ** max(year - 2025.0, 0.0)


def lead_quarters(p: Mapping[str, Any]) -> int:
    """Quarters from a capacity order to output (at least one)."""
    return max(int(round(p["chip_capacity_lead_months"] / 3.0)), 1)


def ration(demand: np.ndarray, supply: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Proportional rationing: every buyer of vendor v gets the same fill rate min(1, S/D)."""
    delivered, total = _pro_rata(demand, supply)
    return (delivered.copy() if delivered is demand else delivered), total


def _pro_rata(demand: np.ndarray, supply: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`ration`, returning ``demand`` itself when no vendor is short."""
    total = np.add.reduce(demand, axis=(0, 1))
    fill = [s / d if d > s else 1.0  # (Python floats: faster than numpy on a few vendors)
            for d, s in zip(total.tolist(), supply.tolist(), strict=True)]
    if fill.count(1.0) == len(fill):   # nobody short (demand x 1.0 would be demand itself)
        return demand, total
    return demand * np.array(fill), total


def ration_by_priority(demand: np.ndarray, supply: np.ndarray, contract_share: float,
                       last: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Contracts first, then pro rata: each buyer is owed ``contract_share`` of its ``last``
    deliveries (nothing before the first clearing), served first and pro rata among
    contracts if supply is short of them; what supply is left goes pro rata to the rest of
    demand. Returns the deliveries (``demand`` itself when no vendor is short) and the total
    demand by vendor."""
    total = np.add.reduce(demand, axis=(0, 1))
    if all((total <= supply).tolist()):               # no shortage: everyone is served
        return demand, total
    contract = contract_share * last if last is not None else np.zeros_like(demand)
    return contracts_first(demand, supply, contract), total


def contracts_first(demand: np.ndarray, supply: np.ndarray, contract: np.ndarray
                    ) -> np.ndarray:
    """:func:`ration_by_priority` once supply is short of ``demand``: contracts pro rata
    first, the rest of supply pro rata to the rest of demand."""
    owed = np.minimum(contract, demand)
    first, owed_total = _pro_rata(owed, supply)
    if first is owed:                    # contracts fit: what is left is >= 0 already
        left = supply - owed_total
    else:
        left = np.maximum(supply - np.add.reduce(first, axis=(0, 1)), 0.0)
    second, _ = _pro_rata(demand - first, left)
    return first + second


class ChipMarket:
    """The vendors of one world and the clearing of labs' chip orders."""

    routing: OrderRouting  # export rules and home priority for the buyers, see set_buyers

    def __init__(self, vendors: Vendors) -> None:
        self.table = vendors
        self.vendors = list(vendors.agents)
        self.us_controlled = np.array([v.us_controlled for v in self.vendors])
        self.home = np.array([BLOCS.index(v.home) for v in self.vendors])
        self.is_cn = self.home == BLOCS.index("CN")
        self.fallback = int(np.flatnonzero(self.is_cn)[0])  # where denied demand turns
        # [vendor, stack]: 1 where a vendor's chips belong to the US-controlled / Chinese stack
        self.stack = np.stack([self.us_controlled, self.is_cn], axis=1).astype(float)
        self.us_vendor = self.vendors[int(np.flatnonzero(self.us_controlled)[0])]
        self.base_price = np.zeros(len(self.vendors))   # set from the parameters by preorder
        self.growth = np.zeros(len(self.vendors))
        self.lead = 1
        self.non_taiwan0 = np.array([v.non_taiwan_share0 for v in self.vendors])
        self.non_taiwan = self.non_taiwan0.copy()
        self.price = np.zeros(len(self.vendors))
        self._p: Mapping[str, Any] | None = None  # the parameters read by _read
        self._homes = [v.home for v in self.vendors]
        self._us_rows = self.table.us_rows
        self.cost = np.zeros(len(self.vendors))    # k$ unit production cost
        self.supply = np.zeros(len(self.vendors))
        self.delivered_last: np.ndarray | None = None  # [lab, location, vendor] last quarter
        self.avg_price = 0.0  # $k per H100e paid on average in the last clearing
        self.capex = 0.0      # $bn the vendors spent on capacity this quarter

    def preorder(self, p: Mapping[str, Any]) -> None:
        """Read the run's vendor parameters once and place the capacity on order at the start
        (2024 orders at each vendor's ramp)."""
        self._read(p)
        self.table.preorder(self.growth, self.lead)

    def _read(self, p: Mapping[str, Any]) -> None:
        """Read the parameters the quarterly steps use (once per run: ``p`` is fixed)."""
        self._p = p
        self.growth = np.array([p[v.growth_param] for v in self.vendors])
        self.base_price = np.array([p[v.price_param] for v in self.vendors])
        self.lead = lead_quarters(p)
        self._mineral, self._reshoring_premium = self._price_factors(p)
        self._speed = p["price_adjustment_speed"]
        self._floor = p["chip_markup_min"]
        self._capex = p["chip_fund_capacity_cost"] * 1e-6
        self._reshoring = p["reshoring_share_2030"]

    def open(self, p: Mapping[str, Any], year: float, q: int,
             public_money: Mapping[str, float], site_loss: np.ndarray, dc_k: float
             ) -> np.ndarray:
        """Capacity due comes on line; vendors reprice towards the price that clears and
        order capacity from their cash (plus ``public_money`` by home bloc, $bn); returns
        this quarter's prices (k$ per H100e) and sets the supply, less what the sites lost
        this quarter (``site_loss`` [site]) and the HBM ceiling withhold. ``dc_k`` is the
        data-centre cost per H100e (k$)."""
        if p is not self._p:
            self._read(p)
        t = self.table
        t.deliver_capacity(q)
        trend = price_trend(p, year)
        self.non_taiwan = 1.0 - t.site_capacity[:, TW] / np.maximum(t.capacity, 1e-9)
        normal = self._normal_price(trend, self._mineral, self._reshoring_premium)
        self.cost = normal * t.cost_share
        lost = site_loss if any(site_loss.tolist()) else None  # (faster than .any())
        self.supply = t.available(lost, hbm_ceiling(p, year))
        t.reprice(self.supply, normal, dc_k, self._speed, self._floor)
        self.price = normal * t.scarcity
        lead = self.lead
        ramp = min(max((year + lead / 4.0 - 2025.0) / 5.0, 0.0), 1.0)
        target = self.non_taiwan0.tolist()  # only US-controlled vendors reshore
        for u in self._us_rows:
            target[u] += (self._reshoring - target[u]) * ramp
        money = [public_money[h] for h in self._homes]
        public = money if any(money) else None
        self.capex = t.invest(q, self.growth, lead, self._capex * trend, target, lost,
                              hbm_ceiling(p, year + lead / 4.0), public, normal, dc_k)
        return self.price

    def set_buyers(self, p: Mapping[str, Any], lab_home: np.ndarray) -> None:
        """Set up the order routing (export rules, home priority, sales tally) for labs of
        ``lab_home`` (indices into BLOCS); called once before the first clearing."""
        self.routing = OrderRouting(p, self.home, self.us_controlled, lab_home)

    def normal_price(self, p: Mapping[str, Any], year: float) -> np.ndarray:
        """Price per H100e (k$) at the vendors' normal margins: base price x price-performance
        trend, raised by China's mineral restrictions (non-Chinese vendors) and by the cost of
        output reshored since 2025 (the US-controlled vendor, by its non-Taiwan share now)."""
        return self._normal_price(price_trend(p, year), *self._price_factors(p))

    def _price_factors(self, p: Mapping[str, Any]) -> tuple[np.ndarray, list[float]]:
        """The mineral surcharge [vendor] and the reshoring cost premium of each US-controlled
        vendor (in the order of ``_us_rows``)."""
        mineral = np.where(self.is_cn, 1.0,
                           1.0 + p["mineral_chip_cost_impact"] * p["cn_mineral_restriction"])
        return mineral, [p["reshoring_cost_premium"]] * len(self._us_rows)

    def _normal_price(self, trend: float, mineral: np.ndarray, premium: list[float]
                      ) -> np.ndarray:
        """:meth:`normal_price` from the price ``trend``, the ``mineral`` surcharge and the
        reshoring ``premium`` of the US-controlled vendors."""
        normal = self.base_price * trend * mineral
        for u, prem in zip(self._us_rows, premium, strict=True):  # (Python floats: faster)
            reshored = float(self.non_taiwan[u]) - float(self.non_taiwan0[u])
            normal[u] = float(normal[u]) * (1.0 + prem * max(reshored, 0.0))
        return normal

    def clear(self, orders: np.ndarray, lab_is_cn: np.ndarray, controls: ExportControls,
              unit_cost: np.ndarray, contract_share: float = 0.0
              ) -> tuple[np.ndarray, np.ndarray, float]:
        """Deliveries [lab, location, vendor] for ``orders`` after export controls, home
        priority and rationing (contracts of ``contract_share`` x last quarter's deliveries
        first), each lab's share of desired chips denied, and the vendors' revenue ($bn)."""
        desired = np.add.reduce(orders, axis=(1, 2))
        routing = self.routing
        allowed, denied = routing.filter(orders, lab_is_cn, controls, self.fallback, unit_cost)
        last = self.delivered_last
        if routing.prioritised:
            first, rest, left = routing.serve_home(allowed, self.supply)
            delivered, _ = ration_by_priority(rest, left, contract_share, last)
            delivered += first
            total_demand = np.add.reduce(allowed, axis=(0, 1))
        else:
            delivered, total_demand = ration_by_priority(allowed, self.supply, contract_share,
                                                         last)
        by_vendor = (total_demand if delivered is allowed
                     else np.add.reduce(delivered, axis=(0, 1)))
        routing.tally(delivered)
        self.delivered_last = delivered
        revenue = self.table.sell(by_vendor, total_demand, self.supply, self.price, self.cost,
                                  unit_cost)
        denied_share = np.add.reduce(denied, axis=(1, 2)) / np.where(desired > 0.0, desired, 1.0)
        units = vendor_total(by_vendor.tolist())
        self.avg_price = float(by_vendor @ self.price) / units if units else 0.0
        return delivered, denied_share, vendor_total(revenue.tolist())

    def expected_fill(self) -> np.ndarray:
        """Share of its orders each vendor can expect to fill this quarter: this quarter's
        supply against last quarter's demand (1 without a shortage)."""
        return np.minimum(self.supply / np.maximum(self.table.demand, 1e-9), 1.0)


__all__ = ["SITES", "ChipMarket", "contracts_first", "hbm_ceiling", "lead_quarters",
           "price_trend", "ration", "ration_by_priority"]
