"""Chip vendors: capacity by production site built from their own cash flow with a lead time
(and within the HBM ceiling where one binds), prices as a margin over unit cost with a
scarcity premium, surplus cash paid out. All vendors are one vectorised agent set
(:class:`Vendors`); each :class:`ChipVendor` is a view of one row. Clearing: model/markets."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Any

import mesa
import numpy as np

from airace.agents.corporation import Corporation
from airace.agents.memo import memo_on_population

SITES: tuple[str, ...] = ("TW", "KR", "US", "CN", "OTHER")  # where output is made
TW = SITES.index("TW")


def site_shares(spec: Mapping[str, Any], key: str) -> np.ndarray:
    """Shares over :data:`SITES` of a population entry's ``key`` (normalised to 1; the
    population loader has checked the site names)."""
    raw = spec[key]
    out = np.array([float(raw.get(s, 0.0)) for s in SITES])
    return out / np.add.reduce(out, axis=None)


def vendor_total(values: Iterable[float]) -> float:
    """Total of per-vendor Python floats, added left to right: for fewer than 8 values the
    order (so the bits) of numpy's ``add.reduce``, without the cost of a numpy call."""
    return reduce(operator.add, values)


@dataclass(frozen=True)
class _VendorConstants:
    """The population entries' vendor arrays [vendor] and [vendor, site] (read-only, shared)."""

    site_capacity: np.ndarray   # H100e per quarter in 2025
    build_sites: np.ndarray
    build_off_tw: np.ndarray    # build sites outside Taiwan, normalised (0 where none)
    hbm_sites: np.ndarray
    margin: np.ndarray
    hbm_bound: np.ndarray
    hbm_free: np.ndarray
    us_controlled: np.ndarray
    us_rows: tuple[int, ...]


@memo_on_population
def _vendor_constants(specs: Sequence[dict[str, Any]]) -> _VendorConstants:
    """The vendor arrays of these population entries, built once per process."""
    site_capacity = np.array([site_shares(s, "sites") for s in specs]) * \
        np.array([float(s["capacity_m_h100e_q"]) * 1e6 for s in specs])[:, None]
    build_sites = np.array([site_shares(s, "build_sites") for s in specs])
    off_tw = build_sites.copy()
    off_tw[:, TW] = 0.0
    norm = off_tw.sum(axis=1, keepdims=True)
    margin = np.array([float(s["gross_margin"]) for s in specs])
    hbm_bound = np.array([bool(s.get("hbm_ceiling", False)) for s in specs])
    us_controlled = np.array([bool(s["us_controlled"]) for s in specs])
    out = _VendorConstants(
        site_capacity=site_capacity, build_sites=build_sites,
        build_off_tw=np.divide(off_tw, norm, out=np.zeros_like(off_tw), where=norm > 0),
        hbm_sites=np.array([site_shares(s, "hbm_sites") for s in specs]),
        margin=margin, hbm_bound=hbm_bound, hbm_free=np.where(hbm_bound, 0.0, np.inf),
        us_controlled=us_controlled, us_rows=tuple(np.flatnonzero(us_controlled).tolist()))
    for a in vars(out).values():
        if isinstance(a, np.ndarray):
            a.setflags(write=False)
    return out


class ChipVendor(Corporation):
    """An accelerator vendor (Nvidia/AMD on TSMC, Huawei Ascend on SMIC, European start-ups),
    a view of row ``idx`` of its :class:`Vendors` table."""

    def __init__(self, model: mesa.Model, idx: int, spec: dict[str, Any],
                 table: Vendors) -> None:
        super().__init__(model, spec["name"], spec.get("label", spec["name"]), spec["home"])
        self.idx = idx
        self.table = table
        self.price_param: str = spec["price_param"]
        self.growth_param: str = spec["growth_param"]
        self.us_controlled = bool(spec["us_controlled"])
        self.non_taiwan_share0 = float(1.0 - table.site_capacity[idx, TW] / table.capacity[idx])

    @property
    def capacity(self) -> float:
        """Output capacity in H100e per quarter, all sites, disruption or not."""
        return float(self.table.capacity[self.idx])

    @property
    def cash(self) -> float:
        """Cash held ($bn)."""
        return float(self.table.cash[self.idx])

    @property
    def supply(self) -> float:
        """H100e offered in the last quarter."""
        return float(self.table.supply[self.idx])

    @property
    def demand(self) -> float:
        """H100e asked for in the last quarter (after export controls)."""
        return float(self.table.demand[self.idx])

    @property
    def markup(self) -> float:
        """Price relative to the normal (margin-over-cost) price."""
        return float(self.table.scarcity[self.idx])

    def non_taiwan_share(self, p: Mapping[str, Any], year: float) -> float:
        """Target share of output made outside Taiwan; a US-controlled vendor's ramps to the
        scenario's 2030 reshoring level (``reshoring_share_2030``), the others keep theirs."""
        if not self.us_controlled:
            return self.non_taiwan_share0
        ramp = min(max((year - 2025.0) / 5.0, 0.0), 1.0)
        return self.non_taiwan_share0 + (p["reshoring_share_2030"] - self.non_taiwan_share0) * ramp


class Vendors:
    """All chip vendors as arrays [vendor] and [vendor, site]: capacity in place and under
    construction, cash, the scarcity factor of prices and last quarter's market."""

    def __init__(self, model: mesa.Model, specs: Sequence[dict[str, Any]], horizon_q: int
                 ) -> None:
        n = len(specs)
        c = _vendor_constants(specs)
        self.site_capacity = c.site_capacity.copy()
        self.capacity = np.add.reduce(self.site_capacity, axis=1)
        self.build_sites, self.build_off_tw = c.build_sites, c.build_off_tw
        self.tw_onehot: list[float] = np.eye(len(SITES))[TW].tolist()
        # the build-site rows _build_split reworks, as Python floats (cheaper than numpy here)
        self._us_split_rows = {u: (c.build_sites[u].tolist(), c.build_off_tw[u].tolist())
                               for u in c.us_rows}
        self.hbm_sites, self.margin = c.hbm_sites, c.margin
        self.cost_share = 1.0 - self.margin  # unit cost / normal price
        self._floor: tuple[float, list[float]] | None = None  # (floor, price floor [vendor])
        self._ramp: tuple[np.ndarray, int, list[tuple[float, float]]] | None = None
        self.hbm_bound, self.hbm_free = c.hbm_bound, c.hbm_free  # no ceiling: infinite HBM
        self._hbm_bound: list[bool] = c.hbm_bound.tolist()  # the same, as Python bools
        self.us_controlled = c.us_controlled
        self.us_rows: list[int] = list(c.us_rows)
        self.pipeline = np.zeros((horizon_q + 64, n, len(SITES)))  # capacity due per quarter
        self.on_order = np.zeros((n, len(SITES)))     # capacity ordered, not yet on line
        self.hbm_due = np.zeros((horizon_q + 64, n))  # HBM supply (H100e/q) public money buys
        self.hbm_on_order = np.zeros(n)
        self.hbm_extra = np.zeros(n)       # HBM supply on line from public money, H100e/q
        self.cash = np.zeros(n)            # $bn
        self.scarcity = np.ones(n)         # price / normal price
        self.supply = self.capacity.copy()   # H100e offered last quarter
        self.demand = self.capacity.copy()   # H100e asked for last quarter
        self.dollars = np.zeros(n)         # $bn buyers aimed at each vendor last quarter
        self.revenue = np.zeros(n)         # $bn received last quarter
        self.sold = np.zeros(n)            # H100e delivered last quarter
        self._margin: np.ndarray | None = self.margin.copy()  # last quarter's gross margin
        self._sale: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # units, cost, price
        self.cogs = np.zeros(n)            # $bn cost of the chips sold last quarter
        self.capex_cum = np.zeros(n)       # $bn spent on capacity
        self.payout_cum = np.zeros(n)      # $bn paid out to owners
        self.agents = [ChipVendor(model, i, s, self) for i, s in enumerate(specs)]

    def preorder(self, growth: np.ndarray, lead_q: int) -> None:
        """Capacity ordered before 2025 (already paid for): it arrives in the first ``lead_q``
        quarters, growing capacity at the ramp ``growth`` (1/yr) at the build sites."""
        step = 1.0 + growth / 4.0
        for k in range(lead_q):
            added = self.capacity * (step ** (k + 1) - step ** k)
            self.pipeline[k] += added[:, None] * self.build_sites
            self.on_order += added[:, None] * self.build_sites

    def deliver_capacity(self, q: int) -> None:
        """Capacity ordered ``lead`` quarters ago comes on line."""
        due, hbm = self.pipeline[q], self.hbm_due[q]
        self.site_capacity += due
        self.on_order -= due
        self.capacity = np.add.reduce(self.site_capacity, axis=1)
        self.hbm_extra += hbm
        self.hbm_on_order -= hbm

    def available(self, site_loss: np.ndarray | None, hbm_ceiling: float) -> np.ndarray:
        """H100e each vendor can make this quarter: the capacity at sites not lost (``None``:
        none lost), bounded by the HBM its suppliers can ship (``hbm_ceiling`` plus what public
        money added for vendors with a ceiling, else as much as its capacity) from the sites not
        lost."""
        limit = hbm_ceiling + self.hbm_extra + self.hbm_free
        if site_loss is None or not site_loss.any():
            return np.minimum(self.capacity, limit)
        up = 1.0 - site_loss
        hbm = np.minimum(self.capacity, limit) * (self.hbm_sites @ up)
        return np.minimum(self.site_capacity @ up, hbm)

    def invest(self, q: int, growth: np.ndarray, lead_q: int, unit_capex: float,
               target_non_tw: Sequence[float] | np.ndarray, site_loss: np.ndarray | None,
               hbm_ceiling_then: np.ndarray | float,
               public_money: Sequence[float] | np.ndarray | None,
               normal_price: np.ndarray, dc_k: float) -> float:
        """Order capacity due in ``lead_q`` quarters and pay for it from cash; returns what
        the vendors spent ($bn).

        The vendor aims to meet last quarter's demand at the normal price ``normal_price`` k$
        (buyers also pay ``dc_k`` k$ of data centre per unit), grown over the lead time at its
        ramp ``growth`` (1/yr, compounded quarterly), within the HBM ceiling it expects then,
        less what is in place and on order. It orders at most ``growth``/4 of its undisrupted
        and ordered
        capacity a quarter (packaging lines and fabs ramp only so fast) and no more than its
        cash buys at ``unit_capex`` $bn per H100e/quarter. Public money (already spent by
        states; ``None``: none) adds capacity at the same cost - for a vendor bound by HBM it
        adds HBM supply instead (China's Big Fund III targets HBM). New capacity goes to the
        vendor's build sites that are not disrupted (``site_loss``, ``None``: none); a
        US-controlled vendor builds outside Taiwan as much as its ``target_non_tw`` share
        needs."""
        if site_loss is not None and not site_loss.any():
            site_loss = None
        hbm_limit = hbm_ceiling_then + self.hbm_extra + self.hbm_on_order + self.hbm_free
        capacity = self.capacity.tolist()
        avail = (capacity if site_loss is None
                 else (self.site_capacity @ (1.0 - site_loss)).tolist())
        public = [0.0] * len(capacity) if public_money is None else public_money
        in_place, spent, added, hbm_bought = [], [], [], []
        # per vendor in Python floats: on a few vendors much faster than numpy's calls
        for money, price, limit, cap, ordered, up, cash, (step, lead_growth), funds, bound in zip(
                self.dollars.tolist(), normal_price.tolist(), hbm_limit.tolist(),
                capacity, np.add.reduce(self.on_order, axis=1).tolist(),
                avail, self.cash.tolist(), self._lead_growth(growth, lead_q), public,
                self._hbm_bound, strict=True):
            now = cap + ordered
            want = min(money * 1e6 * lead_growth / (price + dc_k), limit)
            order = min(max(want - now, 0.0), step * (up + ordered), max(cash, 0.0) / unit_capex)
            bought = funds / unit_capex
            to_hbm = bought if bound else 0.0
            in_place.append(now)
            spent.append(order * unit_capex)
            added.append(order + bought - to_hbm)
            hbm_bought.append(to_hbm)
        paid = np.array(spent)
        self.cash -= paid
        self.capex_cum += paid
        if any(hbm_bought):
            hbm = np.array(hbm_bought)
            hbm_due = self.hbm_due[q + lead_q]
            hbm_due += hbm
            self.hbm_on_order += hbm
        if any(added):
            new = (np.array(added)[:, None]
                   * self._build_split(added, in_place, target_non_tw, site_loss))
            due = self.pipeline[q + lead_q]
            due += new
            self.on_order += new
        return vendor_total(spent)

    def _lead_growth(self, growth: np.ndarray, lead_q: int) -> list[tuple[float, float]]:
        """Each vendor's quarterly ramp ``growth``/4 and its growth over ``lead_q`` quarters
        (computed once per run: the same ``growth`` array comes back every quarter)."""
        cached = self._ramp
        if cached is None or cached[0] is not growth or cached[1] != lead_q:
            step = growth * 0.25
            pairs = list(zip(step.tolist(), ((1.0 + step) ** lead_q).tolist(), strict=True))
            cached = self._ramp = (growth, lead_q, pairs)
        return cached[2]

    def _build_split(self, added: Sequence[float], in_place: Sequence[float],
                     target_non_tw: Sequence[float] | np.ndarray, site_loss: np.ndarray | None
                     ) -> np.ndarray:
        """Shares over sites of new capacity [vendor, site]: the build sites, with a
        US-controlled vendor's Taiwan share set so its non-Taiwan share reaches the target;
        disrupted sites get nothing."""
        split = self.build_sites.copy()
        for u in self.us_rows:
            add, now = added[u], in_place[u]
            tw_now = float(self.site_capacity[u, TW]) + float(self.on_order[u, TW])
            need = float(target_non_tw[u]) * (now + add) - now + tw_now
            off_tw = min(max(need / max(add, 1e-12), 0.0), 1.0)
            on_tw = 1.0 - off_tw
            row, off_row = self._us_split_rows[u]
            split[u] = [b + (o * off_tw + h * on_tw - b)
                        for b, o, h in zip(row, off_row, self.tw_onehot, strict=True)]
        if site_loss is not None:
            split = split * (site_loss < 1e-9)
            norm = split.sum(axis=1, keepdims=True)
            split = np.divide(split, norm, out=np.zeros_like(split), where=norm > 0.0)
        return split

    def price_floor(self, floor: float) -> list[float]:
        """Lowest scarcity factor of each vendor: ``floor``, and never below unit cost."""
        cached = self._floor
        if cached is None or cached[0] != floor:
            cached = self._floor = (floor, np.maximum(floor, self.cost_share).tolist())
        return cached[1]

    def reprice(self, supply: np.ndarray, normal_price: np.ndarray, dc_k: float,
                speed: float, floor: float) -> None:
        """Move each price's scarcity factor a share ``speed`` (in logs) towards the price at
        which last quarter's buyers' money would just buy this quarter's ``supply`` (their
        money per unit less the data-centre cost ``dc_k`` k$, over the normal price
        ``normal_price`` k$), but never below ``floor`` (the vendor keeps most of its margin
        in a glut) nor below its unit cost."""
        scarcity = self.scarcity
        gap = [max((money * 1e6 / max(units, 1e-9) - dc_k) / price, lowest) / now
               if money > 0.0 else 1.0                # no buyers: the price stays
               for money, units, price, lowest, now in zip(
                   self.dollars.tolist(), supply.tolist(), normal_price.tolist(),
                   self.price_floor(floor), scarcity.tolist(), strict=True)]
        self.scarcity = scarcity * np.power(gap, speed)

    def sell(self, units: np.ndarray, demand: np.ndarray, supply: np.ndarray,
             price: np.ndarray, cost: np.ndarray, all_in: np.ndarray) -> np.ndarray:
        """Book a quarter's sales of ``units`` at ``price`` k$ made at ``cost`` k$: cash in,
        the cost of the chips sold out; remember the ``demand`` (H100e) and the money behind it
        (at the buyers' ``all_in`` $bn per H100e, chips and data centre). Returns revenue."""
        self.sold = units
        self.revenue = units * price * 1e-6
        self.cogs = units * cost * 1e-6
        self.cash += self.revenue - self.cogs
        self._sale, self._margin = (units, cost, price), None  # margin: when asked for
        self.demand, self.supply = demand, supply
        self.dollars = demand * all_in
        return self.revenue

    def pay_out(self, reserve_quarters: float) -> float:
        """Pay cash beyond ``reserve_quarters`` of revenue to owners; returns the payout."""
        surplus = np.maximum(self.cash - reserve_quarters * self.revenue, 0.0)
        self.cash -= surplus
        self.payout_cum += surplus
        return vendor_total(surplus.tolist())

    def gross_margin(self) -> np.ndarray:
        """Last quarter's gross margin of each vendor (its normal margin before any sale)."""
        if self._margin is None and self._sale is not None:
            units, cost, price = self._sale
            self._margin = np.where(units > 0.0, 1.0 - cost / price, self.margin)
        return self._margin
