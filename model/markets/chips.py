"""The accelerator market: prices per H100e, the US export-control filter with leakage, and
rationing when demand exceeds supply."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from airace.agents.chip_vendor import ChipVendor


def price_trend(p: Mapping[str, Any], year: float) -> float:
    """Quality-adjusted price factor relative to 2025 (price-performance doubling)."""
    return 2.0 ** (-(year - 2025.0) / p["chip_price_perf_doubling_years"])


def non_taiwan_share(vendor: ChipVendor, p: Mapping[str, Any], year: float) -> float:
    """Share of a vendor's output made outside Taiwan; the US vendor's ramps to the
    scenario's 2030 reshoring level, the others keep theirs."""
    if not vendor.us_controlled:
        return vendor.non_taiwan_share0
    ramp = min(max((year - 2025.0) / 5.0, 0.0), 1.0)
    return vendor.non_taiwan_share0 + (p["reshoring_share_2030"] - vendor.non_taiwan_share0) * ramp


def chip_prices(vendors: Sequence[ChipVendor], p: Mapping[str, Any], year: float,
                nt_share: np.ndarray) -> np.ndarray:
    """Price per H100e in $k by vendor: base price x trend x mark-up, raised by China's
    mineral restrictions (for non-Chinese vendors) and by the cost of reshored output."""
    trend = price_trend(p, year)
    mineral = 1.0 + p["mineral_chip_cost_impact"] * p["cn_mineral_restriction"]
    out = np.empty(len(vendors))
    for v in vendors:
        price = p[v.price_param] * trend * v.markup
        if v.home != "CN":
            price *= mineral
        if v.us_controlled:
            price *= 1.0 + p["reshoring_cost_premium"] * max(nt_share[v.idx] - v.non_taiwan_share0,
                                                             0.0)
        out[v.idx] = price
    return out


def export_filter(demand: np.ndarray, controlled_for: np.ndarray, us_controlled: np.ndarray,
                  denial: float) -> tuple[np.ndarray, np.ndarray]:
    """Split chip demand [lab, location, vendor] into what may be delivered and what is denied.

    ``controlled_for`` marks labs targeted by US controls; ``denial`` is the effective share
    denied (control level x (1 - leakage)).
    """
    mask = controlled_for[:, None, None] & us_controlled[None, None, :]
    denied = np.where(mask, demand * denial, 0.0)
    return demand - denied, denied


def ration(demand: np.ndarray, supply: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Proportional rationing: every buyer of vendor v gets the same fill rate min(1, S/D)."""
    total = demand.sum(axis=(0, 1))
    fill = np.divide(supply, total, out=np.ones_like(supply), where=total > supply)
    fill = np.minimum(fill, 1.0)
    return demand * fill[None, None, :], total
