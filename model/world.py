"""The AI-race world: a Mesa model of states, AI labs, chip vendors and investors, one step
per quarter from 2025Q1. See docs/ODD.md for the full description."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import mesa
import numpy as np

from airace.agents import research
from airace.agents.chip_vendor import ChipVendor
from airace.agents.investor import Investors
from airace.agents.lab import Labs
from airace.agents.state import State
from airace.model.collector import KPICollector
from airace.model.kpi_info import OUTCOME_YEARS, reporter_names
from airace.model.kpis import compute_kpis
from airace.model.markets import power, services
from airace.model.markets.chips import ChipMarket, price_trend
from airace.model.markets.cofinancing import CoFinancing
from airace.model.markets.power import PowerGrid, kw_per_h100e
from airace.model.parameters import BLOCS, REGISTRY, START_YEAR, quarters_until, resolve
from airace.model.population import load_population
from airace.model.scenarios import load_scenario
from airace.model.shocks import Shocks, poisson_from_uniform

CN = BLOCS.index("CN")


class AIRaceModel(mesa.Model):
    """The AI race between the USA, the EU, China and the rest of the world, 2025 onwards.

    ``scenario`` names a shipped scenario (model/data/scenarios) or is a path to a scenario
    file; ``params`` and keyword ``overrides`` (registry names, as ``mesa.batch_run`` passes
    them) are laid over the scenario. ``rng`` seeds every random draw.
    """

    def __init__(self, scenario: str = "baseline", params: Mapping[str, Any] | None = None,
                 rng: int | np.random.Generator | None = None, **overrides: Any) -> None:
        super().__init__(rng=rng)
        sc = load_scenario(scenario)
        self.scenario_name = sc.name
        self.p = p = resolve(sc.overrides, params or {}, overrides,
                             where=f"scenario '{sc.name}' with user parameters")
        self.n_steps = quarters_until(p["end_year"])
        self.year = float(START_YEAR)
        self.money_in = self.money_out = 0.0  # the ledger: money entering and leaving
        pop = load_population()
        regions = pop["regions"]
        self.demand_share = np.array([regions["demand_share"][b] for b in BLOCS])
        self.conventional_twh0 = np.array([regions["conventional_dc_twh_2025"][b] for b in BLOCS])
        self.conventional_growth = np.array([p[f"conventional_dc_growth.{b}"] for b in BLOCS])
        self.energy_base = np.array([p[f"energy_price_usd_mwh.{b}"] for b in BLOCS])

        # agents: states (levers), chip vendors, labs, investors
        self.states = {b: State(self, b, p) for b in BLOCS}
        self.export_controls = self.states["US"].controls
        self.chips = ChipMarket([ChipVendor(self, i, s) for i, s in enumerate(pop["vendors"])])
        self.labs = Labs(self, pop["labs"], BLOCS, tuple(v.name for v in self.chips.vendors),
                         self.chips.home)
        self.lab_table = t = self.labs.table
        self.cn_lab = t.home == CN
        self.vendor_access = self.export_controls.vendor_access(self.cn_lab, self.chips.is_cn)
        self.investors = Investors(self, pop["investors"], BLOCS, self.labs,
                                   self.export_controls)
        # markets and channels between them
        self.cofinancing = CoFinancing(list(self.states.values()), self.labs)
        self.access0 = services.base_access(p, t.home)
        self.preference = services.preference(p, t.home, t.brand)
        self.lags = services.EntryLags(p, t.home)          # late compliers' lags [lab, region]
        self.delay_loss = np.zeros(len(BLOCS))             # customers' capability loss (OOM)
        self.distrust = np.zeros(len(self.labs))           # decaying incidents per lab
        # public chip money of a bloc without a vendor of its own goes to the US-led supply chain
        self.chip_fund_home = {b: (b if (self.chips.home == BLOCS.index(b)).any() else "US")
                               for b in BLOCS}
        self.shocks = Shocks(p, self.rng)

        t.power_gw[:] = t.compute.sum(axis=2) * p["kw_per_h100e_2025"] / 1e6
        self.power = PowerGrid(t.power_gw.sum(axis=0) * (1.0 + p["initial_power_headroom"]),
                               self.n_steps, np.array([max(round(
                                   p[f"offgrid_lead_months.{b}"] / 3.0), 1) for b in BLOCS]))
        self.offgrid_premium = np.array([p[f"offgrid_premium_usd_per_w.{b}"] for b in BLOCS])
        self.money_in += float(t.cash.sum())
        self.eu_share_2025 = float(t.compute[:, BLOCS.index("EU")].sum() / t.compute.sum())
        # the chip price index is relative to the 2025 H100 price
        self.chip_price_ref = REGISTRY["us_chip_price_usd_k"].default
        self.chip_price_paid = 1.0
        self.incidents_cum = np.zeros(len(BLOCS))
        self.market_share = np.zeros((len(self.labs), len(BLOCS)))
        self.regulation_now = self.regulation()
        self.flop_q = research.flop_per_h100e_quarter(p)
        self.labs.train(p, self.year, self.flop_q)
        self.frontier0 = float(t.capability.max())
        self.frontier_history: list[float] = []
        self.algo_history: list[float] = []  # best algorithmic efficiency of every quarter
        self.spillover = np.zeros((self.n_steps, len(self.labs)))  # published breakthroughs
        self.kpi: dict[str, float] = {}
        self.datacollector = KPICollector(reporter_names())

    # --- the quarter --------------------------------------------------------------------
    def step(self) -> None:
        """One quarter of the AI race."""
        p, q = self.p, self.steps - 1
        self.year = START_YEAR + q / 4.0
        for state in self.states.values():          # levers, budgets, public funds
            state.act()
        self.money_in += self.investors.deploy(     # capital into labs
            p, self.year, self.labs, self.labs.regulatory_exposure(self.regulation()))
        self.money_in += self.labs.receive_cash_flow(
            (1.0 + p["cash_flow_growth"]) ** (self.year - START_YEAR))
        self._build_and_buy(q)                       # chips, power and build-out
        self.labs.depreciate(p["chip_lifetime_years"])
        self._research(q)                            # capability, diffusion, breakthroughs
        self._sell_services(q)                       # AI-services market
        self._incidents(q)
        self.kpi = compute_kpis(self)
        self.datacollector.collect(self)
        if self.steps >= self.n_steps:
            self.running = False

    def _build_and_buy(self, q: int) -> None:
        """Vendors quote, labs plan capex, power connects, the chip market clears under export
        controls, co-financing and labs pay, chips install."""
        p, year, labs = self.p, self.year, self.labs
        public_chip_money = dict.fromkeys(BLOCS, 0.0)
        for b, state in self.states.items():
            public_chip_money[self.chip_fund_home[b]] += state.chip_money
        price = self.chips.open(p, year, public_chip_money, self.shocks.taiwan_loss_at(q))
        kw = kw_per_h100e(p, year)
        unit_cost = (price + p["dc_capex_usd_per_w"] * kw) * 1e-6  # $bn per H100e
        energy = self.energy_base * np.exp(self.shocks.energy_log[q])
        plan = labs.plan_purchases(p, np.log(price), energy, self.cofinancing.offer(p),
                                   self.vendor_access, self.cofinancing.affordable)
        us_non_taiwan = self.chips.non_taiwan[self.chips.us_vendor.idx]
        self.money_out += self.power.connect(                      # off-grid builds leave too
            q, plan, labs, kw, unit_cost, power.grid_limit_gw(p, year),
            power.workforce_limit_gw(p, year, us_non_taiwan), power.offgrid_limit_gw(p, year),
            self.offgrid_premium)
        delivered, labs.table.denied, chip_revenue = self.chips.clear(
            labs.orders(plan, unit_cost), self.cn_lab, self.export_controls, unit_cost)
        cost = delivered @ unit_cost                                # $bn [lab, location]
        labs.pay(cost, self.cofinancing.pay(cost, plan.subsidy * plan.planned_share))
        self.money_out += float(cost.sum() - chip_revenue)         # construction leaves
        labs.install(delivered, kw)
        if self.chips.avg_price:
            self.chip_price_paid = (self.chips.avg_price / price_trend(p, year)
                                    / self.chip_price_ref)

    def _research(self, q: int) -> None:
        """Labs train on their compute and advance their algorithms; breakthroughs jump a
        lab ahead and spill over to all after the diffusion lag."""
        p = self.p
        own = self.labs.train(p, self.year, self.flop_q)
        talent = np.array([s.talent_multiplier(p) for s in self.states.values()])
        self.frontier_history.append(float(self.lab_table.capability.max()))
        self.algo_history.append(float(self.lab_table.algo.max()))
        target = research.diffused_frontier(p, self.frontier_history, q)
        ideas = research.diffused_frontier(p, self.algo_history, q,
                                           research.algo_progress_per_quarter(p))
        self.labs.do_research(p, own, talent, target, self._breakthroughs(q), ideas)

    def _breakthroughs(self, q: int) -> np.ndarray:
        """This quarter's capability jumps per lab (OOM): pre-drawn breakthroughs land on a
        lab of the bloc and are published to all others after the diffusion lag."""
        p = self.p
        jumps = self.spillover[q].copy()
        lag_q = q + max(int(round(p["diffusion_lag_months"] / 3.0)), 1)
        for b in np.flatnonzero(self.shocks.breakthrough[q]):
            members = self.labs.of_bloc[b]
            if members.size:
                pick = members[int(self.shocks.breakthrough_pick[q, b] * members.size)]
                jumps[pick] += p["breakthrough_size_oom"]
                if lag_q < len(self.spillover):
                    spill = p["breakthrough_size_oom"] * p["breakthrough_spillover"]
                    self.spillover[lag_q] += spill
                    self.spillover[lag_q, pick] -= spill
        return jumps

    def _sell_services(self, q: int) -> None:
        """Demand by region follows the frontier and falls where late compliers leave
        customers with older models; labs decide where to comply; customers choose providers
        (late compliers and distrusted ones lose share); labs earn and pay their costs."""
        p, t = self.p, self.lab_table
        self.regulation_now = regulation = self.regulation()
        total = services.total_demand(p, float(t.capability.max()) - self.frontier0,
                                      self.shocks.demand_log[q])
        pref = self.preference - p["incident_trust_penalty"] * self.distrust[:, None]
        self.lags.update(regulation)
        weight, self.delay_loss = services.late_entry(
            services.attractiveness(p, t.capability, pref, self.access0),
            self.lags.weight_factor, p["choice_capability_weight"])
        demand_q = services.regional_demand(p, total, self.demand_share, self.delay_loss) / 4.0
        compliant = self.labs.decide_compliance(weight, demand_q, regulation, p)
        self.market_share = services.shares_from_weights(weight * compliant)
        revenue, costs = self.labs.earn(self.market_share, demand_q, regulation, p)
        self.money_in += revenue
        self.money_out += costs

    def _incidents(self, q: int) -> None:
        """Incidents by customer region: each provider's hazard rises with the capability it
        deploys there and its share, and falls with the region's rules; each incident is
        attributed to a provider, whose customers distrust it for some quarters; states
        record incidents as public concern."""
        p = self.p
        hazard, by_provider = services.provider_hazard(
            self.lags, self.lab_table.capability, self.market_share, self.frontier0)
        u = self.shocks.incident_u[q]
        counts = poisson_from_uniform(u, hazard)
        self.incidents_cum += counts
        self.distrust *= p["concern_decay"]
        if counts.any():
            self.distrust += services.attribute_incidents(counts, u, hazard, by_provider)
        for state, count in zip(self.states.values(), counts.tolist(), strict=True):
            state.record_incidents(count, p["concern_decay"])

    def regulation(self) -> np.ndarray:
        """Each bloc's regulation level now (0..1)."""
        return np.array([s.regulation for s in self.states.values()])

    # --- money accounting ------------------------------------------------------------------
    def ledger_in(self, amount: float) -> None:
        """Record money entering the modelled economy (budgets, inflows, revenue)."""
        self.money_in += amount

    def ledger_out(self, amount: float) -> None:
        """Record money leaving it (operating costs, construction, public programmes)."""
        self.money_out += amount

    def money_stock(self) -> float:
        """All money held inside the model: firms' and vendors' cash, investors' pools,
        state treasuries and the partner pool."""
        return (float(self.lab_table.cash.sum()) + sum(v.cash for v in self.chips.vendors)
                + self.investors.pools()
                + sum(s.treasury + s.partner_pool for s in self.states.values()))

    # --- results ---------------------------------------------------------------------------
    def outcomes(self) -> dict[str, float]:
        """Q4 values of every KPI for 2025, 2027, 2030 and 2035 (those within the horizon),
        as a flat dict named ``kpi.BLOC@YEAR``."""
        out: dict[str, float] = {}
        series = self.datacollector.model_vars
        for year in OUTCOME_YEARS:
            idx = (year - START_YEAR) * 4 + 3
            if idx >= self.steps:
                continue
            for name, values in series.items():
                out[f"{name}@{year}"] = float(values[idx])
        return out
