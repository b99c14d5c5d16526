"""Chip vendors: production capacity that grows with demand and public money, prices that
respond to excess demand, allocation under export controls (cleared in model/markets)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import mesa

from airace.agents.corporation import Corporation

EXCESS_CLIP = (-0.5, 1.0)  # excess demand counted in repricing: a half glut to a doubling


class ChipVendor(Corporation):
    """An accelerator vendor (Nvidia/AMD on TSMC, Huawei Ascend on SMIC, European start-ups)."""

    def __init__(self, model: mesa.Model, idx: int, spec: dict[str, Any]) -> None:
        super().__init__(model, spec["name"], spec.get("label", spec["name"]), spec["home"])
        self.idx = idx
        self.capacity = float(spec["capacity_m_h100e_q"]) * 1e6  # H100e per quarter
        self.price_param: str = spec["price_param"]
        self.growth_param: str = spec["growth_param"]
        self.non_taiwan_share0 = float(spec["non_taiwan_share_2025"])
        self.us_controlled = bool(spec["us_controlled"])
        self.markup = 1.0
        self.cash = 0.0             # $bn of chip sales received
        self.demand = self.capacity  # H100e asked for last quarter
        self.supply = self.capacity  # H100e offered last quarter

    def non_taiwan_share(self, p: Mapping[str, Any], year: float) -> float:
        """Share of output made outside Taiwan; a US-controlled vendor's ramps to the
        scenario's 2030 reshoring level (``reshoring_share_2030``), the others keep theirs."""
        if not self.us_controlled:
            return self.non_taiwan_share0
        ramp = min(max((year - 2025.0) / 5.0, 0.0), 1.0)
        return self.non_taiwan_share0 + (p["reshoring_share_2030"] - self.non_taiwan_share0) * ramp

    def price(self, p: Mapping[str, Any], trend: float, non_taiwan: float) -> float:
        """Price per H100e in $k: base price x price-performance ``trend`` x mark-up, raised by
        China's mineral restrictions (for non-Chinese vendors) and by the cost of reshored
        output."""
        price = p[self.price_param] * trend * self.markup
        if self.home != "CN":
            price *= 1.0 + p["mineral_chip_cost_impact"] * p["cn_mineral_restriction"]
        if self.us_controlled:
            price *= 1.0 + p["reshoring_cost_premium"] * max(non_taiwan - self.non_taiwan_share0,
                                                             0.0)
        return price

    def invest(self, growth_per_year: float, public_money: float, capacity_cost: float) -> None:
        """Grow capacity: at full speed while demand meets supply, not at all once demand falls
        to half of it, plus what public chip money ($bn) buys at ``capacity_cost`` $bn per
        M H100e/quarter."""
        ratio = self.demand / self.supply if self.supply > 0 else 1.0
        pressure = min(max(2.0 * ratio - 1.0, 0.0), 1.0)
        self.capacity *= 1.0 + growth_per_year / 4.0 * pressure
        self.capacity += public_money / capacity_cost * 1e6

    def reprice(self, speed: float, lowest: float, highest: float) -> None:
        """Raise the mark-up under excess demand and lower it under excess supply, within
        [lowest, highest]."""
        excess = (self.demand - self.supply) / self.supply if self.supply > 0 else 0.0
        excess = min(max(excess, EXCESS_CLIP[0]), EXCESS_CLIP[1])
        self.markup = min(max(self.markup * (1.0 + speed * excess), lowest), highest)
