"""The AI-services market: demand by region grows with the frontier (saturating), customers
choose providers by a multinomial logit over capability, brand, home and sovereignty
preference, subject to access rules and compliance."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from airace.model.parameters import BLOCS

EU, US, CN = BLOCS.index("EU"), BLOCS.index("US"), BLOCS.index("CN")


def total_demand(p: Mapping[str, Any], frontier_gain_oom: float, shock_log: float) -> float:
    """Yearly global AI-services spending ($bn): logistic in the frontier's gain since 2025."""
    d0, dmax = p["ai_demand_2025_usd_bn"], p["ai_demand_max_usd_bn"]
    x = 10.0 ** (-p["demand_capability_elasticity"] * frontier_gain_oom)
    return dmax / (1.0 + (dmax / d0 - 1.0) * x) * float(np.exp(shock_log))


def base_access(p: Mapping[str, Any], home: np.ndarray) -> np.ndarray:
    """Market access [firm, region] before compliance: China closes its market to US services,
    the USA and the EU (partly) to Chinese services."""
    access = np.ones((home.size, len(BLOCS)))
    access[home == US, CN] = 1.0 - p["cn_blocks_us_services"]
    access[home == CN, US] = 1.0 - p["us_restricts_cn_services"]
    access[home == CN, EU] = 1.0 - p["eu_restricts_cn_services"]
    return access


def preference(p: Mapping[str, Any], home: np.ndarray, brand: np.ndarray) -> np.ndarray:
    """Utility offsets [firm, region]: brand, home preference and EU sovereignty demand."""
    home_pref = np.array([p[f"home_preference.{b}"] for b in BLOCS])
    same = home[:, None] == np.arange(len(BLOCS))[None, :]
    util = brand[:, None] + same * home_pref[None, :]
    util[:, EU] += (home == EU) * p["sovereignty_preference.EU"]
    return util


def regional_demand(p: Mapping[str, Any], total: float, region_share: np.ndarray,
                    regulation: np.ndarray) -> np.ndarray:
    """Yearly demand by region ($bn): time-to-market delays under strict rules mean customers
    there use models that lag the frontier, which lowers their spending."""
    delay_oom = regulation * p["compliance_delay_months"] * p["frontier_oom_per_year"] / 12.0
    return total * region_share * 10.0 ** (-p["demand_capability_elasticity"] * delay_oom)


def attractiveness(p: Mapping[str, Any], capability: np.ndarray, pref: np.ndarray,
                   access: np.ndarray) -> np.ndarray:
    """Logit weight [firm, region] of each firm before compliance (0 where blocked)."""
    util = p["choice_capability_weight"] * capability[:, None] + pref
    return np.exp(util - util.max(axis=0, keepdims=True)) * access


def shares_from_weights(weight: np.ndarray) -> np.ndarray:
    """Market shares [firm, region] from logit weights; a region nobody serves gets zeros."""
    total = weight.sum(axis=0)
    return weight / np.where(total > 0.0, total, 1.0)


def shares(p: Mapping[str, Any], capability: np.ndarray, pref: np.ndarray,
           access: np.ndarray) -> np.ndarray:
    """Market shares [firm, region] by multinomial logit; ``access`` in [0, 1] scales
    availability (0 = excluded: blocked or non-compliant)."""
    return shares_from_weights(attractiveness(p, capability, pref, access))
