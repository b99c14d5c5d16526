"""AI labs (compute owners) and their decision rules.

Each lab is a Mesa agent; its numeric state sits in one row of a :class:`LabTable`
(structure of arrays) so that the quarterly decisions of all labs are applied in a few
vectorised operations - a study runs the model millions of quarters. The decision rules
below are written for one lab and applied row-wise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import mesa
import numpy as np

from airace.agents.choice import logit_shares
from airace.agents.corporation import Corporation


@dataclass
class LabTable:
    """Numeric state of all labs; row i belongs to the lab with ``idx == i``."""

    home: np.ndarray            # int bloc index of the firm's home
    sites: np.ndarray           # bool [lab, location]: where it may build
    compute: np.ndarray         # H100e [lab, location, vendor]
    power_gw: np.ndarray        # GW drawn [lab, location]
    cash: np.ndarray            # $bn
    cash_flow: np.ndarray       # $bn/quarter from parent or partner businesses
    frontier_share0: np.ndarray  # share of compute in the largest run, 2025
    algo: np.ndarray            # log10 algorithmic efficiency (2025 US frontier = 0)
    brand: np.ndarray           # customers' utility offset
    capability: np.ndarray      # log10 effective training FLOP
    train_flop: np.ndarray      # FLOP of the largest training run this quarter
    revenue: np.ndarray         # $bn this quarter
    revenue_region: np.ndarray  # $bn this quarter by customer region [lab, region]
    compliant: np.ndarray       # bool [lab, region]
    denied: np.ndarray          # share of this quarter's desired chips denied by export controls
    capex_cum: np.ndarray       # $bn
    private_in_cum: np.ndarray  # $bn private equity received
    public_in_cum: np.ndarray   # $bn public money received (equity and co-financing)

    @classmethod
    def from_specs(cls, specs: list[dict[str, Any]], blocs: tuple[str, ...],
                   vendors: tuple[str, ...]) -> LabTable:
        """Build the table from the population file's lab entries (compute in M H100e)."""
        n, nb, nv = len(specs), len(blocs), len(vendors)
        compute = np.zeros((n, nb, nv))
        sites = np.zeros((n, nb), dtype=bool)
        for i, s in enumerate(specs):
            mix = np.array([s["vendor_mix"].get(v, 0.0) for v in vendors])
            mix = mix / mix.sum()
            for loc, m_h100e in s["compute"].items():
                compute[i, blocs.index(loc)] = m_h100e * 1e6 * mix
            for loc in s["sites"]:
                sites[i, blocs.index(loc)] = True

        def col(key: str) -> np.ndarray:
            return np.array([float(s[key]) for s in specs])

        zeros = np.zeros(n)
        return cls(
            home=np.array([blocs.index(s["home"]) for s in specs]), sites=sites,
            compute=compute, power_gw=np.zeros((n, nb)), cash=col("cash_usd_bn"),
            cash_flow=col("cash_flow_usd_bn_q"), frontier_share0=col("frontier_share"),
            algo=col("algo_offset_oom"), brand=col("brand"), capability=zeros.copy(),
            train_flop=zeros.copy(), revenue=zeros.copy(), revenue_region=np.zeros((n, nb)),
            compliant=np.ones((n, nb), dtype=bool), denied=zeros.copy(),
            capex_cum=zeros.copy(), private_in_cum=zeros.copy(), public_in_cum=zeros.copy(),
        )


class AILab(Corporation):
    """An AI lab / compute owner; its numbers live in row ``idx`` of the model's LabTable."""

    def __init__(self, model: mesa.Model, idx: int, spec: dict[str, Any]) -> None:
        super().__init__(model, spec["name"], spec.get("label", spec["name"]), spec["home"])
        self.idx = idx
        self.source = spec.get("source", "")

    @property
    def table(self) -> LabTable:
        """The shared state table of all labs."""
        return self.model.lab_table

    @property
    def cash(self) -> float:
        """Liquid funds in $bn."""
        return float(self.table.cash[self.idx])

    @property
    def compute_h100e(self) -> float:
        """Installed compute over all locations and vendors."""
        return float(self.table.compute[self.idx].sum())

    @property
    def capability(self) -> float:
        """Frontier capability in log10 effective training FLOP."""
        return float(self.table.capability[self.idx])


# --- Decision rules (one lab per row) -------------------------------------------------

def capex_budget(cash: np.ndarray, spend_rate: float) -> np.ndarray:
    """Capex a lab commits this quarter: a fixed share of its cash (never more than it has)."""
    return np.maximum(cash, 0.0) * spend_rate


def siting_shares(sites: np.ndarray, at_home: np.ndarray, energy_price: np.ndarray,
                  subsidy: np.ndarray, w_home: float, w_energy: float, w_subsidy: float
                  ) -> np.ndarray:
    """Where a lab builds: logit over permitted locations (``sites`` 1/0) on home preference,
    electricity price ($/MWh, per $100) and the share of capex a public fund there would
    cover for it."""
    utility = w_home * at_home + w_subsidy * subsidy - (w_energy / 100.0) * energy_price
    return logit_shares(utility, sites)


def vendor_shares(log_price: np.ndarray, home_match: np.ndarray, access: np.ndarray,
                  w_price: float, w_home: float) -> np.ndarray:
    """Which chips a lab wants: logit over the vendors it may buy from (``access`` 0..1) on
    log price and self-reliance."""
    utility = -w_price * log_price[None, :] + w_home * home_match
    return logit_shares(utility, access)


def research_multiplier(denied: np.ndarray, talent: np.ndarray, compute_rel: np.ndarray,
                        elasticity: float, shift: float, compute_elasticity: float
                        ) -> np.ndarray:
    """Speed of a lab's own algorithmic progress relative to the 2025 norm: a lab denied chips
    shifts R&D from scaling to efficiency; public talent money speeds research; experiments
    need compute, so a lab with a fraction ``compute_rel`` of the largest lab's compute
    progresses more slowly."""
    return (talent * (1.0 + shift * denied) ** elasticity
            * np.maximum(compute_rel, 1e-9) ** compute_elasticity)


def comply(weight: np.ndarray, demand: np.ndarray, regulation: np.ndarray,
           fixed_cost: float, variable_cost: float, opex_share: float) -> np.ndarray:
    """Which labs serve each market under its rules [lab, region].

    A lab complies when its margin there - its logit share of the region's ``demand`` after
    operating and variable compliance costs - covers the fixed compliance cost. The decisions
    form the free-entry equilibrium of that game: in each region the most attractive labs
    enter as long as the weakest entrant still covers its cost (shares fall with every entrant,
    so the entrants are the longest such prefix of labs ranked by ``weight``).
    """
    order = np.argsort(-weight, axis=0, kind="stable")
    ranked = np.take_along_axis(weight, order, axis=0)
    share = ranked / np.maximum(np.cumsum(ranked, axis=0), 1e-300)
    margin = share * demand[None, :] * (1.0 - opex_share - variable_cost * regulation[None, :])
    viable = (margin >= fixed_cost * regulation[None, :]) & (ranked > 0.0)
    entrants = np.cumprod(viable, axis=0).astype(bool)
    out = np.zeros_like(entrants)
    np.put_along_axis(out, order, entrants, axis=0)
    return out
