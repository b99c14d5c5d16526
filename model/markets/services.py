"""The AI-services market: demand by region grows with the frontier (saturating), customers
choose providers by a multinomial logit over capability, brand, home and sovereignty
preference and trust, subject to access rules and compliance; firms that comply with a
market's rules late offer it older models; incidents are attributed to providers."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Mapping
from itertools import accumulate
from typing import Any

import numpy as np

from airace.model.parameters import BLOCS

EU, US, CN = BLOCS.index("EU"), BLOCS.index("US"), BLOCS.index("CN")
TINY = float(np.finfo(float).tiny)


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


def entry_lag(p: Mapping[str, Any], home: np.ndarray) -> np.ndarray:
    """Capability lag (OOM) [firm, region] of the models a firm offers in a market per unit of
    the market's stringency: the time-to-market delay of a late complier, of which home firms
    avoid their head start."""
    head = np.array([p[f"compliance_home_head_start.{b}"] for b in BLOCS])
    same = home[:, None] == np.arange(len(BLOCS))[None, :]
    months = p["compliance_delay_months"] * (1.0 - same * head[None, :])
    return months * p["frontier_oom_per_year"] / 12.0


class EntryLags:
    """The lags [firm, region] of late compliers at the regulation in force and the factors
    they put on customers' logit weights and on incident hazards (recomputed only when the
    regulation changes)."""

    def __init__(self, p: Mapping[str, Any], home: np.ndarray) -> None:
        self.per_unit = entry_lag(p, home)
        self.w_capability = p["choice_capability_weight"]
        self.hazard_elasticity = p["incident_capability_elasticity"]
        self.base_hazard = p["incident_rate_2025"] / 4.0
        self.incident_reduction = p["regulation_incident_reduction"]
        self._key = b""
        self.update(np.zeros(len(BLOCS)))

    def update(self, regulation: np.ndarray) -> None:
        """Set the lags for ``regulation`` [region]."""
        key = regulation.tobytes()
        if key != self._key:
            self._key = key
            self.lag = self.per_unit * regulation[None, :]
            self.weight_factor = np.exp(-self.w_capability * self.lag)
            self.hazard_factor = 10.0 ** (-self.hazard_elasticity * self.lag)
            # quarterly hazard per unit of deployed share at the 2025 frontier [region]
            self.hazard_scale = self.base_hazard * (1.0 - self.incident_reduction * regulation)


def late_entry(weight: np.ndarray, weight_factor: np.ndarray, w_capability: float
               ) -> tuple[np.ndarray, np.ndarray]:
    """Logit weights [firm, region] once each firm offers models that lag its own by ``lag``
    OOM (``weight_factor`` = exp(-w_capability lag)), and the capability (OOM) each region's
    customers lose by it: the fall of the logit inclusive value in capability units (the
    common lag when every firm is equally late; 0 where nobody serves)."""
    late = weight * weight_factor
    loss = np.log(np.maximum(np.add.reduce(weight, 0), TINY)
                  / np.maximum(np.add.reduce(late, 0), TINY))
    loss /= w_capability
    return late, loss


def regional_demand(p: Mapping[str, Any], total: float, region_share: np.ndarray,
                    loss_oom: np.ndarray) -> np.ndarray:
    """Demand by region ($bn, over the period of the global ``total``): where late compliance
    leaves customers with models that lag the frontier by ``loss_oom`` (:func:`late_entry`),
    they spend less."""
    return total * region_share * 10.0 ** (-p["demand_capability_elasticity"] * loss_oom)


def attractiveness(p: Mapping[str, Any], capability: np.ndarray, pref: np.ndarray,
                   access: np.ndarray) -> np.ndarray:
    """Logit weight [firm, region] of each firm before compliance (0 where blocked)."""
    util = p["choice_capability_weight"] * capability[:, None] + pref
    util -= np.maximum.reduce(util, 0, keepdims=True)
    np.exp(util, out=util)
    util *= access
    return util


def local_presence(compute_by_location: np.ndarray) -> np.ndarray:
    """Each firm's share of the compute installed in each region [firm, region]: its local
    presence there (data residency, latency, in-country partnerships); none where a region
    has no compute."""
    return shares_from_weights(compute_by_location)


def shares_from_weights(weight: np.ndarray) -> np.ndarray:
    """Market shares [firm, region] from logit weights; a region nobody serves gets zeros."""
    total = np.add.reduce(weight, 0)
    if all(x > 0.0 for x in total.tolist()):  # every region served (most quarters)
        return weight / total
    return weight / np.where(total > 0.0, total, 1.0)


def shares(p: Mapping[str, Any], capability: np.ndarray, pref: np.ndarray,
           access: np.ndarray) -> np.ndarray:
    """Market shares [firm, region] by multinomial logit; ``access`` in [0, 1] scales
    availability (0 = excluded: blocked or non-compliant)."""
    return shares_from_weights(attractiveness(p, capability, pref, access))


def provider_hazard(lags: EntryLags, capability: np.ndarray, share: np.ndarray,
                    frontier0: float) -> tuple[np.ndarray, np.ndarray]:
    """Quarterly incident hazard by region [region] and each provider's relative hazard
    within each region [firm, region]: a market's hazard at the capability a provider deploys
    there (its own, lowered by its lag), times its share, cut by the market's rules
    (``lags`` holds the lag and rule factors at the regulation in force)."""
    level = capability - frontier0
    level *= lags.hazard_elasticity * math.log(10.0)
    np.exp(level, out=level)
    by_provider = share * lags.hazard_factor
    by_provider *= level[:, None]
    return lags.hazard_scale * np.add.reduce(by_provider, 0), by_provider


def attribute_incidents(counts: np.ndarray, u: np.ndarray, hazard: np.ndarray,
                        by_provider: np.ndarray) -> np.ndarray:
    """Incidents per provider [firm]: each region's ``counts`` (drawn by inverting the Poisson
    CDF of its ``hazard`` at ``u``) go to one provider drawn in proportion to its hazard there
    (``by_provider`` [firm, region]). The draw uses where ``u`` lies within its count's CDF
    step, a uniform independent of the count, so no random numbers are added."""
    out = np.zeros(by_provider.shape[0])
    last = by_provider.shape[0] - 1
    columns = by_provider.T.tolist()
    for n, lam, ur, column in zip(counts.tolist(), hazard.tolist(), u.tolist(), columns,
                                  strict=True):
        if not n:
            continue
        pmf, below = math.exp(-lam), 0.0            # P(N = k) and P(N < k), from k = 0
        for k in range(1, n + 1):
            below += pmf
            pmf *= lam / k
        # where the rate is so large that the pmf underflows, u itself is a fair draw
        v = (ur - below) / pmf if pmf > 0.0 else ur
        target = min(max(v, 0.0), 1.0 - 1e-12) * sum(column)
        # the first provider whose running hazard sum exceeds the target (else the last)
        out[min(bisect_right(list(accumulate(column)), target), last)] += n
    return out
