"""AI labs (compute owners) and their decision rules.

Each lab is a Mesa agent; its numeric state sits in one row of a :class:`LabTable`
(structure of arrays) so that the quarterly decisions of all labs are applied in a few
vectorised operations - a study runs the model millions of quarters. The decision rules
below are written for one lab and applied row-wise.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import mesa
import numpy as np

from airace.agents import research
from airace.agents.choice import logit_shares
from airace.agents.corporation import Corporation
from airace.agents.memo import memo_on_population


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
    capital: np.ndarray         # $bn installed capital at cost, net of depreciation
    profit_exp: np.ndarray      # $bn/quarter expected operating profit (smoothed)
    q: np.ndarray               # Tobin's q: expected return over the user cost of capital
    budget: np.ndarray          # $bn own money committed to capex this quarter
    response: np.ndarray        # q ** elasticity (q capped): funding and spending appetite

    @classmethod
    def from_specs(cls, specs: list[dict[str, Any]], blocs: tuple[str, ...],
                   vendors: tuple[str, ...]) -> LabTable:
        """Build the table from the population file's lab entries (compute in M H100e): a
        fresh copy of the table built once per process from these entries."""
        template = _table_template(specs, blocs, vendors)
        return cls(**{name: column.copy() for name, column in vars(template).items()})

    @classmethod
    def build(cls, specs: list[dict[str, Any]], blocs: tuple[str, ...],
              vendors: tuple[str, ...]) -> LabTable:
        """Build the table from the population file's lab entries (uncached)."""
        n, nb, nv = len(specs), len(blocs), len(vendors)
        compute = np.zeros((n, nb, nv))
        sites = np.zeros((n, nb), dtype=bool)
        for i, s in enumerate(specs):
            mix = np.array([s["vendor_mix"].get(v, 0.0) for v in vendors])
            mix = mix / np.add.reduce(mix, axis=None)
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
            capital=zeros.copy(), profit_exp=zeros.copy(),
            q=np.ones(n), budget=zeros.copy(), response=np.ones(n),
        )



@memo_on_population
def _table_template(specs: list[dict[str, Any]], blocs: tuple[str, ...],
                    vendors: tuple[str, ...]) -> LabTable:
    """The 2025 lab table of these population entries (shared; copied by ``from_specs``)."""
    return LabTable.build(specs, blocs, vendors)


class AILab(Corporation):
    """An AI lab / compute owner; its numbers live in row ``idx`` of its set's LabTable."""

    def __init__(self, model: mesa.Model, idx: int, spec: dict[str, Any], labs: Labs) -> None:
        super().__init__(model, spec["name"], spec.get("label", spec["name"]), spec["home"])
        self.idx = idx
        self.source = spec.get("source", "")
        self.labs = labs

    @property
    def table(self) -> LabTable:
        """The shared state table of all labs."""
        return self.labs.table

    @property
    def cash(self) -> float:
        """Liquid funds in $bn."""
        return float(self.table.cash[self.idx])

    @property
    def compute_h100e(self) -> float:
        """Installed compute over all locations and vendors."""
        return float(np.add.reduce(self.table.compute[self.idx], axis=None))

    @property
    def capability(self) -> float:
        """Frontier capability in log10 effective training FLOP."""
        return float(self.table.capability[self.idx])


@dataclass
class PurchasePlan:
    """The labs' capex plan of one quarter, before the power and chip markets clear it."""

    spend: np.ndarray          # $bn incl. co-financing [lab, location]
    planned_share: np.ndarray  # share of ``spend`` planned there (the rest is re-sited) [lab, loc]
    subsidy: np.ndarray        # share of capex public co-financing covers [lab, location]
    vendor_mix: np.ndarray     # share of chip money per vendor [lab, vendor]
    site: np.ndarray           # siting shares [lab, location]


@dataclass
class _PlanConstants:
    """Per-run constants of the capex plan and the siting shares of the last offer."""

    p: Mapping[str, Any]
    spend_rate: float
    home_utility: np.ndarray          # siting: home preference [lab, location]
    w_subsidy: float
    w_energy: float                   # per $/MWh
    w_price: float
    vendor_home_utility: np.ndarray   # chips: self-reliance [lab, vendor]
    offer: np.ndarray | None = None   # the (read-only) offer site_path was made for
    energy_path: np.ndarray | None = None  # ... and the price path
    site_path: np.ndarray | None = None    # siting shares [quarter, lab, location]


class Labs:
    """All AI labs of a world as one vectorised agent set (structure of arrays).

    The Mesa agents (:class:`AILab`, one per lab) are views of rows of :attr:`table`; the
    quarterly behaviour of every lab - earning, planning capex, siting, choosing chips,
    paying, installing, researching, serving markets - is applied here to all rows at once.
    """

    def __init__(self, model: mesa.Model, specs: list[dict[str, Any]], blocs: tuple[str, ...],
                 vendor_names: tuple[str, ...], vendor_home: np.ndarray) -> None:
        self.table = LabTable.from_specs(specs, blocs, vendor_names)
        self.agents = [AILab(model, i, s, self) for i, s in enumerate(specs)]
        t = self.table
        self.index = {lab.name: lab.idx for lab in self.agents}
        self.home_onehot = (t.home[:, None] == np.arange(len(blocs))[None, :]).astype(float)
        self.of_bloc = [np.flatnonzero(t.home == b) for b in range(len(blocs))]
        self.sites = t.sites.astype(float)
        self.home_match_vendor = (t.home[:, None] == vendor_home[None, :]).astype(float)
        self._all_planned = np.ones(t.sites.shape)   # planned shares of a plan not re-sited
        self._all_planned.setflags(write=False)

    def __len__(self) -> int:
        return len(self.agents)

    def start_capital(self, unit_cost: np.ndarray, expected_growth: float) -> None:
        """Value the 2025 compute at ``unit_cost`` [vendor] ($bn per H100e) and set the
        revenue growth firms expect at the start (log per year)."""
        t = self.table
        t.capital = np.add.reduce(t.compute, axis=1) @ unit_cost
        self.growth_exp = expected_growth  # of the AI market, log per year
        self.market_revenue_prev = 0.0
        self.payout_total = 0.0  # $bn returned to parents and shareholders so far

    def receive_cash_flow(self, growth: float) -> float:
        """Parents' and partners' cash flow of this quarter: their 2025 funding grown by
        ``growth``, times each lab's return response (less where its capital earns less than
        it costs, see :meth:`assess_returns`); returns the total received ($bn)."""
        t = self.table
        inflow = t.cash_flow * growth * t.response
        t.cash += inflow
        return float(np.add.reduce(inflow, axis=None))

    def assess_returns(self, p: Mapping[str, Any], profit: np.ndarray) -> None:
        """Update the expected growth of the AI market from its realised growth and each
        lab's expected operating profit from this quarter's ``profit`` ($bn) - adaptive
        expectations - then each lab's Tobin's q and its response q ** elasticity (q capped
        at ``return_response_cap``), which scales parents' funding, the capex pace and
        private inflows."""
        t, adjust = self.table, p["expectation_adjustment"]
        market = float(np.add.reduce(t.revenue))
        if self.market_revenue_prev > 0.0:
            self.growth_exp = expected_growth(self.growth_exp, market,
                                              self.market_revenue_prev, adjust)
            t.profit_exp += adjust * (profit - t.profit_exp)
        else:
            t.profit_exp = profit
        self.market_revenue_prev = market
        rate = profit_rate(t.profit_exp, t.capital, p["own_return_weight"])
        t.q = valuation_ratio(rate, self.growth_exp, p["return_horizon_years"],
                              user_cost_of_capital(p))
        response = np.minimum(t.q, p["return_response_cap"])    # return_response, in place
        response **= p["capex_return_elasticity"]
        t.response = response

    def pay_out(self, buffer_quarters: float) -> float:
        """Return cash beyond the liquidity buffer (``buffer_quarters`` of this quarter's
        capex budget plus expected operating losses) to parents and shareholders; returns the
        total paid out ($bn)."""
        t = self.table
        out = excess_cash(t.cash, t.budget, buffer_quarters, -t.profit_exp)
        t.cash -= out
        paid = float(np.add.reduce(out))
        self.payout_total += paid
        return paid

    def plan_purchases(self, p: Mapping[str, Any], q: int, log_price: np.ndarray,
                       energy_path: np.ndarray, offer: np.ndarray, access: np.ndarray,
                       afford: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> PurchasePlan:
        """Capex plan of quarter ``q``: a budget from cash, locations by the siting logit on
        the electricity prices ``energy_path[q]`` (``offer`` [lab, location] is the
        co-financing share on offer), vendors by the chip logit over the vendors ``access``
        allows; ``afford(own, offer)`` says how much of the offer the public pools can keep,
        and co-financing tops up the labs' own money."""
        t, c = self.table, self._plan_constants(p)
        t.budget = budget = capex_budget(t.cash, c.spend_rate, t.response)
        site = self._site_shares(c, offer, energy_path, q)
        vmix = vendor_logit(log_price, c.vendor_home_utility, access, c.w_price)
        own = budget[:, None] * site                               # $bn [lab, location]
        subsidy = afford(own, offer)
        spend = own / (1.0 - subsidy)
        return PurchasePlan(spend, self._all_planned, subsidy, vmix, site)

    def _site_shares(self, c: _PlanConstants, offer: np.ndarray, energy_path: np.ndarray,
                     q: int) -> np.ndarray:
        """:func:`siting_logit` of quarter ``q``: the shares of every quarter of a price path
        [quarter, location] are computed at once and kept while the (read-only) offer and
        path stay the same objects (writeable ones are used once, for quarter ``q`` only)."""
        if offer.flags.writeable or energy_path.flags.writeable:
            return siting_logit(self.sites, c.home_utility + c.w_subsidy * offer,
                                energy_path[q], c.w_energy)
        if offer is not c.offer or energy_path is not c.energy_path:
            c.offer, c.energy_path = offer, energy_path
            c.site_path = siting_logit(self.sites, c.home_utility + c.w_subsidy * offer,
                                       energy_path[:, None, :], c.w_energy)
        return c.site_path[q]

    def _plan_constants(self, p: Mapping[str, Any]) -> _PlanConstants:
        """The parts of :meth:`plan_purchases` that parameters ``p`` fix, computed once (the
        parameter-weighted utility terms of :func:`siting_logit` and :func:`vendor_logit`)."""
        c = getattr(self, "_plan_consts", None)
        if c is None or c.p is not p:
            c = self._plan_consts = _PlanConstants(
                p, p["capex_spend_rate"], p["siting_home_preference"] * self.home_onehot,
                p["siting_subsidy_weight"], p["siting_energy_weight"] / 100.0,
                p["vendor_price_weight"], p["vendor_home_preference"] * self.home_match_vendor)
        return c

    def resite(self, plan: PurchasePlan, placed: np.ndarray, stranded_by_site: np.ndarray,
               spare_gw: Sequence[float], gw_per_bn: np.ndarray,
               fit: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> np.ndarray | None:
        """Move own money stranded by missing power (``stranded_by_site`` [lab, location],
        $bn) to permitted locations with power to spare (re-sited money gets no
        co-financing); ``fit(need, free)`` is the power fit. Returns each lab's share of its
        stranded money that found no site, or None when no location has power to spare
        (nothing moves: the plan spends ``placed``, all as planned)."""
        if not any(s > 1e-12 for s in spare_gw):
            plan.spend = placed
            return None
        spare = np.array(spare_gw)
        stranded = np.add.reduce(stranded_by_site, axis=1)                    # $bn [lab]
        open_site = plan.site * (spare > 1e-12)
        norm = np.add.reduce(open_site, axis=1)
        extra = open_site * (stranded / np.where(norm > 0.0, norm, np.inf))[:, None]
        extra *= fit(np.add.reduce(extra * gw_per_bn[:, None], 0), spare)
        plan.spend = total = placed + extra
        has = total > 0.0
        plan.planned_share = np.divide(placed, total, out=np.ones_like(total), where=has)
        has = stranded > 0.0
        resited = np.divide(np.add.reduce(extra, axis=1), stranded, out=np.ones_like(stranded),
                            where=has)
        return np.minimum(np.maximum(1.0 - resited, 0.0), 1.0)

    def orders(self, plan: PurchasePlan, unit_cost: np.ndarray) -> np.ndarray:
        """Chips wanted [lab, location, vendor] in H100e for the plan at ``unit_cost``."""
        return plan.spend[:, :, None] * plan.vendor_mix[:, None, :] / unit_cost

    def pay(self, cost: np.ndarray, public: np.ndarray) -> None:
        """Pay capex ``cost`` [lab, location] ($bn): ``public`` [lab] came from co-financing,
        the rest from cash."""
        t = self.table
        by_lab = np.add.reduce(cost, axis=1)
        own = by_lab - public
        t.cash -= own
        t.public_in_cum += public
        t.capex_cum += by_lab
        t.capital += own   # co-financing is a grant: no return owed on it

    def pay_offgrid(self, cost: np.ndarray) -> None:
        """Pay for behind-the-meter generation commissioned this quarter ($bn [lab])."""
        self.table.cash -= cost
        self.table.capex_cum += cost
        self.table.capital += cost

    def install(self, delivered: np.ndarray, kw_per_h100e: float) -> None:
        """Install delivered chips [lab, location, vendor] and the power they draw."""
        t = self.table
        t.compute += delivered
        t.power_gw += np.add.reduce(delivered, axis=2) * kw_per_h100e / 1e6

    def depreciate(self, lifetime_years: float) -> None:
        """Retire chips (and their power draw) at a constant quarterly rate."""
        keep = 1.0 - 1.0 / (4.0 * lifetime_years)
        self.table.compute *= keep
        self.table.power_gw *= keep
        self.table.capital *= keep

    def receive_capital(self, flows: np.ndarray, public: np.ndarray | slice,
                        private: np.ndarray | slice) -> None:
        """Equity from investors [investor, lab] in $bn; ``public`` selects the rows of state
        funds, ``private`` those of all others (masks, indices or slices)."""
        t = self.table
        t.cash += np.add.reduce(flows, 0)
        t.public_in_cum += np.add.reduce(flows[public], 0)
        t.private_in_cum += np.add.reduce(flows[private], 0)

    def decide_compliance(self, weight: np.ndarray, demand_q: np.ndarray,
                          regulation: np.ndarray, p: Mapping[str, Any]) -> np.ndarray:
        """Where each lab complies and sells [lab, region] (the free-entry rule :func:`comply`);
        ``weight`` are customers' logit weights, ``demand_q`` this quarter's spending."""
        self.table.compliant = comply(weight, demand_q, regulation,
                                      p["compliance_fixed_cost_usd_bn"],
                                      p["compliance_variable_cost"], p["opex_share"])
        return self.table.compliant

    def earn(self, share: np.ndarray, demand_q: np.ndarray, regulation: np.ndarray,
             p: Mapping[str, Any]) -> tuple[float, float]:
        """Sell AI services at market ``share`` [lab, region] of ``demand_q`` and pay operating
        and compliance costs; returns revenue and costs ($bn)."""
        t = self.table
        fixed, variable = p["compliance_fixed_cost_usd_bn"], p["compliance_variable_cost"]
        t.revenue_region = region = share * demand_q
        t.revenue = revenue = np.add.reduce(region, 1)
        compliance = (variable * regulation) * region
        compliance += fixed * regulation
        compliance *= t.compliant
        costs = p["opex_share"] * revenue
        costs += np.add.reduce(compliance, 1)
        t.cash += revenue - costs
        return float(np.add.reduce(revenue)), float(np.add.reduce(costs))

    def regulatory_exposure(self, regulation: np.ndarray) -> np.ndarray:
        """The regulation each lab bears [lab]: that of the markets it serves, weighted by its
        last revenue there (its home's before its first sales)."""
        t = self.table
        return regulatory_exposure(t.revenue_region, t.revenue, regulation, t.home)

    def train(self, p: Mapping[str, Any], year: float, flop_per_h100e_q: float) -> np.ndarray:
        """This quarter's largest training runs and the capability they reach; returns each
        lab's installed compute (H100e)."""
        t = self.table
        own = np.add.reduce(t.compute, (1, 2))
        t.train_flop = flop = research.frontier_share(p, t.frontier_share0, year)
        flop *= own
        flop *= flop_per_h100e_q
        t.capability = research.capability(flop, t.algo)
        return own

    def do_research(self, p: Mapping[str, Any], own: np.ndarray, talent: np.ndarray,
                    diffused_frontier: float, jumps: np.ndarray,
                    diffused_algo: float | None = None) -> None:
        """Advance algorithmic efficiency: own research (at the speed ``talent`` of the home
        bloc's top researchers, slowed by too little compute, redirected by denied chips),
        breakthroughs and diffusion."""
        t = self.table
        speed = research_multiplier(t.denied, talent[t.home], own / np.maximum.reduce(own),
                                    p["efficiency_research_elasticity"],
                                    p["constraint_efficiency_shift"],
                                    p["research_compute_elasticity"])
        t.algo = research.advance_algorithms(p, t.algo, t.capability, diffused_frontier, speed,
                                             jumps, diffused_algo)


# --- Decision rules (one lab per row) -------------------------------------------------

def capex_budget(cash: np.ndarray, spend_rate: float,
                 response: np.ndarray | float = 1.0) -> np.ndarray:
    """Capex a lab commits this quarter: the share ``spend_rate`` of its cash when its capital
    earns just its cost, scaled by its ``response`` to Tobin's q (:func:`return_response`:
    slower when capital earns less), never more than the cash it has."""
    return np.maximum(cash, 0.0) * np.minimum(spend_rate * response, 1.0)


def user_cost_of_capital(p: Mapping[str, Any]) -> float:
    """What a dollar of AI capital must earn per year: the weighted average cost of equity
    and (after-tax) debt plus depreciation over the chips' service life."""
    wacc = ((1.0 - p["debt_share"]) * p["cost_of_equity"]
            + p["debt_share"] * p["cost_of_debt"])
    return wacc + 1.0 / p["chip_lifetime_years"]


def profit_rate(profit_q: np.ndarray, capital: np.ndarray, own_weight: float) -> np.ndarray:
    """Yearly operating profit per dollar of capital each lab expects: the weight
    ``own_weight`` on its own (smoothed) profit rate, the rest on the whole AI sector's (losses
    count as zero)."""
    profit = np.maximum(profit_q, 0.0)
    sector = 4.0 * float(np.add.reduce(profit)) / max(float(np.add.reduce(capital)), 1e-12)
    profit /= capital
    profit *= 4.0 * own_weight
    profit += (1.0 - own_weight) * sector
    return profit


def valuation_ratio(rate: np.ndarray, growth_exp: float, horizon: float,
                    user_cost: float) -> np.ndarray:
    """Tobin's q: the yearly profit per dollar of capital expected once AI revenue has grown
    ``horizon`` years at ``growth_exp`` (log per year), over the user cost of capital."""
    return rate * (math.exp(growth_exp * horizon) / user_cost)


def expected_growth(growth_exp: float, revenue: float, revenue_prev: float,
                    adjustment: float) -> float:
    """Adaptive expectations: expected revenue growth (log per year) moves the share
    ``adjustment`` towards this quarter's realised, annualised growth (kept within [-1, 2])."""
    if revenue > 0.0 and revenue_prev > 0.0:
        realised = min(max(4.0 * math.log(revenue / revenue_prev), -1.0), 2.0)
    else:  # a market that vanishes or appears: the bounds of the range
        realised = -1.0 if revenue < revenue_prev else (2.0 if revenue > revenue_prev else 0.0)
    return growth_exp + adjustment * (realised - growth_exp)


def return_response(q: np.ndarray | float, elasticity: float,
                    cap: float = np.inf) -> np.ndarray:
    """How funding and spending respond to Tobin's q (>= 0): q ** ``elasticity``, with q
    capped at ``cap`` (1 where returns above the cost of capital do not raise it)."""
    return np.minimum(q, cap) ** elasticity


def excess_cash(cash: np.ndarray, budget: np.ndarray, buffer_quarters: float,
                expected_loss: np.ndarray | float = 0.0) -> np.ndarray:
    """Cash beyond the liquidity buffer ($bn): ``buffer_quarters`` capex budgets plus one
    quarter's expected operating loss (if any)."""
    return np.maximum(cash - buffer_quarters * budget - np.maximum(expected_loss, 0.0), 0.0)


def siting_shares(sites: np.ndarray, at_home: np.ndarray, energy_price: np.ndarray,
                  subsidy: np.ndarray, w_home: float, w_energy: float, w_subsidy: float
                  ) -> np.ndarray:
    """Where a lab builds: logit over permitted locations (``sites`` 1/0) on home preference,
    electricity price ($/MWh, per $100) and the share of capex a public fund there would
    cover for it."""
    return siting_logit(sites, w_home * at_home + w_subsidy * subsidy, energy_price,
                        w_energy / 100.0)


def siting_logit(sites: np.ndarray, fixed_utility: np.ndarray, energy_price: np.ndarray,
                 w_energy_per_mwh: float) -> np.ndarray:
    """:func:`siting_shares` from its utility terms that stay put while only energy prices
    move (home preference and subsidy, weighted) [lab, location]."""
    return logit_shares(fixed_utility - w_energy_per_mwh * energy_price, sites)


def vendor_shares(log_price: np.ndarray, home_match: np.ndarray, access: np.ndarray,
                  w_price: float, w_home: float) -> np.ndarray:
    """Which chips a lab wants: logit over the vendors it may buy from (``access`` 0..1) on
    log price and self-reliance."""
    return vendor_logit(log_price, w_home * home_match, access, w_price)


def vendor_logit(log_price: np.ndarray, home_utility: np.ndarray, access: np.ndarray,
                 w_price: float) -> np.ndarray:
    """:func:`vendor_shares` with the self-reliance term already weighted [lab, vendor]."""
    return logit_shares(-w_price * log_price[None, :] + home_utility, access)


def research_multiplier(denied: np.ndarray, talent: np.ndarray, compute_rel: np.ndarray,
                        elasticity: float, shift: float, compute_elasticity: float
                        ) -> np.ndarray:
    """Speed of a lab's own algorithmic progress relative to the 2025 norm: a lab denied chips
    shifts R&D from scaling to efficiency; ``talent`` is the research speed of the lab's home
    bloc from its share of top researchers (agents/talent.py); experiments need compute, so
    a lab with a fraction ``compute_rel`` of the largest lab's compute progresses more
    slowly."""
    speed = shift * denied
    speed += 1.0
    speed **= elasticity
    speed *= talent                      # talent x (1 + shift denied) ** elasticity, in place
    speed *= np.maximum(compute_rel, 1e-9) ** compute_elasticity
    return speed


def comply(weight: np.ndarray, demand: np.ndarray, regulation: np.ndarray,
           fixed_cost: float, variable_cost: float, opex_share: float) -> np.ndarray:
    """Which labs serve each market under its rules [lab, region].

    A lab complies when its margin there - its logit share of the region's ``demand`` after
    operating and variable compliance costs - covers the fixed compliance cost. The decisions
    form the free-entry equilibrium of that game: in each region the most attractive labs
    enter as long as the weakest entrant still covers its cost (shares fall with every entrant,
    so the entrants are the longest such prefix of labs ranked by ``weight``).
    """
    order = np.argsort(np.negative(weight), axis=0, kind="stable")
    cols = _columns(weight.shape[1])
    ranked = weight[order, cols]
    share = np.add.accumulate(ranked, 0)
    np.maximum(share, 1e-300, out=share)
    np.divide(ranked, share, out=share)
    share *= demand * (1.0 - opex_share - variable_cost * regulation)   # the margin
    viable = share >= fixed_cost * regulation
    viable &= ranked > 0.0
    out = np.empty(viable.shape, dtype=bool)
    out[order, cols] = np.logical_and.accumulate(viable, 0)
    return out


_COLUMNS: dict[int, np.ndarray] = {}


def _columns(n: int) -> np.ndarray:
    """Column indices [1, n] for picking one element per column (made once, read-only)."""
    cols = _COLUMNS.get(n)
    if cols is None:
        cols = _COLUMNS[n] = np.arange(n)[None, :]
        cols.flags.writeable = False
    return cols


def regulatory_exposure(revenue_region: np.ndarray, revenue: np.ndarray,
                        regulation: np.ndarray, home: np.ndarray) -> np.ndarray:
    """Revenue-weighted regulation of the markets a firm serves [firm] (``revenue_region``
    [firm, region], ``revenue`` its row sums); a firm without revenue bears its home's."""
    return np.divide(revenue_region @ regulation, revenue, out=regulation[home],
                     where=revenue > 0.0)
