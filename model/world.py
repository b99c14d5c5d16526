"""The AI-race world: a Mesa model of states, AI labs, chip vendors and investors, one step
per quarter from 2025Q1. See docs/ODD.md for the full description."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, cached_property
from typing import Any

import mesa
import numpy as np

from airace.agents import research
from airace.agents.chip_vendor import SITES, TW, Vendors
from airace.agents.investor import Investors
from airace.agents.lab import Labs
from airace.agents.state import State
from airace.agents.talent import TalentPool
from airace.model.collector import KPICollector
from airace.model.kpi_info import OUTCOME_YEARS, reporter_names
from airace.model.kpis import compute_kpis
from airace.model.markets import services
from airace.model.markets.chips import ChipMarket, price_trend
from airace.model.markets.cofinancing import CoFinancing
from airace.model.markets.power import PowerGrid, buildout_path
from airace.model.parameters import BLOCS, REGISTRY, START_YEAR, quarters_until, resolve
from airace.model.population import load_population
from airace.model.scenarios import load_scenario
from airace.model.shocks import Shocks, poisson_from_uniform

CN = BLOCS.index("CN")
KPI_NAMES: tuple[str, ...] = tuple(reporter_names())  # the reporters, in their fixed order


class AIRaceModel(mesa.Model):
    """The AI race between the USA, the EU, China and the rest of the world, 2025 onwards.

    ``scenario`` names a shipped scenario (model/data/scenarios) or is a path to a scenario
    file; ``params`` and keyword ``overrides`` (registry names, as ``mesa.batch_run`` passes
    them) are laid over the scenario. ``rng`` seeds every random draw. With
    ``record_series=False`` the DataCollector stays empty and the KPIs are computed only in the
    quarters that :meth:`outcomes` reports (and every quarter when adaptive states read them):
    the same outcomes for a sixth of the KPI work, which is what the experiment engine needs.
    """

    def __init__(self, scenario: str = "baseline", params: Mapping[str, Any] | None = None,
                 rng: int | np.random.Generator | None = None, *, record_series: bool = True,
                 **overrides: Any) -> None:
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
        self.chips = ChipMarket(Vendors(self, pop["vendors"], self.n_steps))
        self.chips.preorder(p)
        self.labs = Labs(self, pop["labs"], BLOCS, tuple(v.name for v in self.chips.vendors),
                         self.chips.home)
        self.lab_table = t = self.labs.table
        self.cn_lab = t.home == CN
        self.chips.set_buyers(p, t.home)
        self.vendor_access = self.export_controls.vendor_access(self.cn_lab, self.chips.is_cn)
        self.investors = Investors(self, pop["investors"], BLOCS, self.labs,
                                   self.export_controls)
        # markets and channels between them
        self.cofinancing = CoFinancing(list(self.states.values()), self.labs, p)
        self.access0 = services.base_access(p, t.home)
        self.preference = services.preference(p, t.home, t.brand)
        self.lags = services.EntryLags(p, t.home)          # late compliers' lags [lab, region]
        self.delay_loss = np.zeros(len(BLOCS))             # customers' capability loss (OOM)
        self.distrust = np.zeros(len(self.labs))           # decaying incidents per lab
        # local presence in 2025, which the preferences calibrated to 2025 shares already hold
        self.presence0 = services.local_presence(t.compute.sum(axis=2))
        # public chip money of a bloc without a vendor of its own goes to the US-led supply chain
        vendor_homes = set(self.chips.home.tolist())
        self.chip_fund_home = {b: (b if i in vendor_homes else "US") for i, b in enumerate(BLOCS)}
        self.chip_fund_states = [(self.chip_fund_home[b], s) for b, s in self.states.items()]
        self.site_loss = np.zeros(len(SITES))  # share of output lost by site (Taiwan only)
        self.shocks = Shocks(p, self.rng)
        self.breakthrough_blocs: dict[int, list[int]] = {}  # quarter -> blocs with one
        quarters, blocs = np.nonzero(self.shocks.breakthrough)
        for q, b in zip(quarters.tolist(), blocs.tolist(), strict=True):
            self.breakthrough_blocs.setdefault(q, []).append(b)

        t.power_gw[:] = t.compute.sum(axis=2) * p["kw_per_h100e_2025"] / 1e6
        self.labs.start_capital(
            (np.array([p[v.price_param] for v in self.chips.vendors])
             + p["dc_capex_usd_per_w"] * p["kw_per_h100e_2025"]) * 1e-6,
            p["expected_revenue_growth_2025"])
        self.power = PowerGrid(t.power_gw.sum(axis=0) * (1.0 + p["initial_power_headroom"]),
                               self.n_steps, np.array([max(round(
                                   p[f"offgrid_lead_months.{b}"] / 3.0), 1) for b in BLOCS]))
        self.offgrid_premium = np.array([p[f"offgrid_premium_usd_per_w.{b}"] for b in BLOCS])
        # per-run constants of the quarters: power per H100e, build-out limits, energy prices
        self.buildout = buildout_path(p, START_YEAR, len(self.shocks.energy_log))
        self.dc_k = [p["dc_capex_usd_per_w"] * kw for kw in self.buildout.kw]
        self.energy_path = self.energy_base * np.exp(self.shocks.energy_log)
        self.energy_path.setflags(write=False)   # labs keep siting shares for the whole path
        self.money_in += float(t.cash.sum())
        self.eu_share_2025 = float(t.compute[:, BLOCS.index("EU")].sum() / t.compute.sum())
        # the chip price index is relative to the 2025 H100 price
        self.chip_price_ref = REGISTRY["us_chip_price_usd_k"].default
        self.chip_price_paid = 1.0
        self.incidents_cum = np.zeros(len(BLOCS))
        self.market_share = np.zeros((len(self.labs), len(BLOCS)))
        self.regulation_now = self.regulation()
        self.talent = TalentPool(   # top AI researchers by bloc, drawn by R&D money and compute
            np.array([regions["top_researcher_share"][b] for b in BLOCS], dtype=float),
            np.array([p[f"private_ai_rd_usd_bn.{b}"] for b in BLOCS]), status_quo_talent_money(),
            t.compute.sum(axis=(1, 2)) @ self.labs.home_onehot)
        self.flop_q = research.flop_per_h100e_quarter(p)
        self.labs.train(p, self.year, self.flop_q)
        self.frontier0 = float(t.capability.max())
        self.frontier_history: list[float] = []
        self.algo_history: list[float] = []  # best algorithmic efficiency of every quarter
        self.spillover = np.zeros((self.n_steps, len(self.labs)))  # published breakthroughs
        self.kpi: dict[str, float] = {}
        self.kpi_names = KPI_NAMES
        self.record_series = record_series
        self.kpis_every_quarter = record_series or p["policy_mode"] == "adaptive"
        self.outcome_quarters = {(y - START_YEAR) * 4 + 3: y for y in OUTCOME_YEARS}
        self.snapshots: dict[int, dict[str, float]] = {}  # outcome year -> that Q4's KPIs

    @cached_property
    def datacollector(self) -> KPICollector:
        """The quarterly KPI series (Mesa's ``datacollector``), built on first use: it stays
        empty without ``record_series``, so runs that do not record never build it."""
        return KPICollector(self.kpi_names)

    # --- the quarter --------------------------------------------------------------------
    def step(self) -> None:
        """One quarter of the AI race."""
        p, q = self.p, self.steps - 1
        self.year = START_YEAR + q / 4.0
        for state in self.states.values():          # levers, budgets, public funds
            state.act()
        regulation = self.regulation()              # the levers stay put for the quarter
        self.money_in += self.investors.deploy(     # capital into labs
            p, self.year, self.labs, self.labs.regulatory_exposure(regulation))
        self.money_in += self.labs.receive_cash_flow(
            (1.0 + p["cash_flow_growth"]) ** (self.year - START_YEAR))
        self._build_and_buy(q)                       # chips, power and build-out
        self.labs.depreciate(p["chip_lifetime_years"])
        self._research(q)                            # capability, diffusion, breakthroughs
        self._sell_services(q, regulation)           # AI-services market
        self._incidents(q)
        year = self.outcome_quarters.get(q)
        if self.kpis_every_quarter or year is not None:
            self.kpi = compute_kpis(self)
        if year is not None:
            self.snapshots[year] = self.kpi
        if self.record_series:
            self.datacollector.collect(self)
        if self.steps >= self.n_steps:
            self.running = False

    def _build_and_buy(self, q: int) -> None:
        """Vendors quote, labs plan capex, power connects, the chip market clears under export
        controls, co-financing and labs pay, chips install."""
        p, year, labs = self.p, self.year, self.labs
        public_chip_money = dict.fromkeys(BLOCS, 0.0)
        for fund_home, state in self.chip_fund_states:
            public_chip_money[fund_home] += state.chip_money
        path = self.buildout
        kw, dc_k = path.kw[q], self.dc_k[q]
        site_loss = self.site_loss
        site_loss[TW] = self.shocks.taiwan_loss_at(q)
        price = self.chips.open(p, year, q, public_chip_money, site_loss, dc_k)
        self.money_out += self.chips.capex                          # vendors' capacity orders
        unit_cost = (price + dc_k) * 1e-6                           # $bn per H100e
        plan = labs.plan_purchases(p, q, np.log(price), self.energy_path,
                                   self.cofinancing.offer(), self.vendor_access,
                                   self.cofinancing.affordable)
        us_non_taiwan = self.chips.non_taiwan[self.chips.us_vendor.idx]
        self.money_out += self.power.connect(                      # off-grid builds leave too
            q, plan, labs, kw, unit_cost, path.grid[q], path.workforce_at(q, us_non_taiwan),
            path.offgrid[q], self.offgrid_premium, self.chips.expected_fill())
        delivered, labs.table.denied, chip_revenue = self.chips.clear(
            labs.orders(plan, unit_cost), self.cn_lab, self.export_controls, unit_cost,
            p["chip_contract_share"])
        cost = delivered @ unit_cost                                # $bn [lab, location]
        labs.pay(cost, self.cofinancing.pay(cost, plan.subsidy * plan.planned_share))
        add = np.add.reduce
        self.money_out += float(add(cost, axis=None)) - chip_revenue  # construction leaves
        self.money_out += float(add(self.chips.table.cogs))           # chips' making cost
        self.money_out += self.chips.table.pay_out(p["vendor_cash_reserve_quarters"])
        labs.install(delivered, kw)
        self.money_out += labs.pay_out(p["liquidity_buffer_quarters"])  # buybacks, dividends
        if self.chips.avg_price:
            self.chip_price_paid = (self.chips.avg_price / price_trend(p, year)
                                    / self.chip_price_ref)

    def _research(self, q: int) -> None:
        """Labs train on their compute and advance their algorithms; breakthroughs jump a
        lab ahead and spill over to all after the diffusion lag."""
        p, t = self.p, self.lab_table
        own = self.labs.train(p, self.year, self.flop_q)
        talent = self.talent.step(p, np.array([s.talent_cum for s in self.states.values()]),
                                  own @ self.labs.home_onehot)
        self.frontier_history.append(max(t.capability.tolist()))
        self.algo_history.append(max(t.algo.tolist()))
        target = research.diffused_frontier(p, self.frontier_history, q)
        ideas = research.diffused_frontier(p, self.algo_history, q,
                                           research.algo_progress_per_quarter(p))
        self.labs.do_research(p, own, talent, target, self._breakthroughs(q), ideas)

    def _breakthroughs(self, q: int) -> np.ndarray:
        """This quarter's capability jumps per lab (OOM): pre-drawn breakthroughs land on a
        lab of the bloc and are published to all others after the diffusion lag."""
        jumps = self.spillover[q].copy()
        blocs = self.breakthrough_blocs.get(q)
        if not blocs:
            return jumps
        p = self.p
        lag_q = q + max(int(round(p["diffusion_lag_months"] / 3.0)), 1)
        for b in blocs:
            members = self.labs.of_bloc[b]
            if members.size:
                pick = members[int(self.shocks.breakthrough_pick[q, b] * members.size)]
                jumps[pick] += p["breakthrough_size_oom"]
                if lag_q < len(self.spillover):
                    spill = p["breakthrough_size_oom"] * p["breakthrough_spillover"]
                    self.spillover[lag_q] += spill
                    self.spillover[lag_q, pick] -= spill
        return jumps

    def _sell_services(self, q: int, regulation: np.ndarray) -> None:
        """Demand by region follows the frontier and falls where late compliers leave
        customers with older models; labs decide where to comply; customers choose providers
        (late compliers and distrusted ones lose share); labs earn and pay their costs.
        ``regulation`` is the quarter's level by bloc."""
        p, t = self.p, self.lab_table
        self.regulation_now = regulation
        total = services.total_demand(p, max(t.capability.tolist()) - self.frontier0,
                                      self.shocks.demand_log[q])
        presence = services.local_presence(np.add.reduce(t.compute, 2))
        presence -= self.presence0
        presence *= p["local_presence_weight"]
        pref = self.preference - p["incident_trust_penalty"] * self.distrust[:, None]
        pref += presence
        self.lags.update(regulation)
        weight, self.delay_loss = services.late_entry(
            services.attractiveness(p, t.capability, pref, self.access0),
            self.lags.weight_factor, p["choice_capability_weight"])
        # a quarter's demand (the quarter of the total: scaling by 4 is exact)
        demand_q = services.regional_demand(p, total / 4.0, self.demand_share, self.delay_loss)
        compliant = self.labs.decide_compliance(weight, demand_q, regulation, p)
        weight *= compliant
        self.market_share = services.shares_from_weights(weight)
        cash0 = t.cash.copy()
        revenue, costs = self.labs.earn(self.market_share, demand_q, regulation, p)
        self.labs.assess_returns(p, t.cash - cash0)
        self.money_in += revenue
        self.money_out += costs

    def _incidents(self, q: int) -> None:
        """Incidents by customer region: each provider's hazard rises with the capability it
        deploys there and its share, and falls with the region's rules; each incident is
        attributed to a provider, whose customers distrust it for some quarters; states
        record incidents as public concern."""
        decay = self.p["concern_decay"]
        hazard, by_provider = services.provider_hazard(
            self.lags, self.lab_table.capability, self.market_share, self.frontier0)
        u = self.shocks.incident_u[q]
        counts = poisson_from_uniform(u, hazard)
        self.distrust *= decay
        counts_list = counts.tolist()
        if any(counts_list):
            self.incidents_cum += counts
            self.distrust += services.attribute_incidents(counts, u, hazard, by_provider)
        for state, count in zip(self.states.values(), counts_list, strict=True):
            state.record_incidents(count, decay)

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
        for year, kpi in self.snapshots.items():
            out.update(zip(outcome_names(year), map(float, map(kpi.__getitem__, KPI_NAMES)),
                           strict=True))
        return out


@cache
def outcome_names(year: int) -> tuple[str, ...]:
    """The outcome name ``kpi.BLOC@YEAR`` of every reporter for ``year``, in reporter order
    (spelled once per process)."""
    return tuple(f"{name}@{year}" for name in KPI_NAMES)


@cache
def status_quo_talent_money() -> np.ndarray:
    """Public talent money by bloc ($bn/yr) at the registry defaults: the status quo that the
    2025 researcher shares reflect (computed once per process; read-only)."""
    d = {name: par.default for name, par in REGISTRY.items()}
    out = np.array([d[f"public_budget_usd_bn.{b}"] * (1.0 - d[f"fund_share_compute.{b}"]
                                                     - d[f"fund_share_chips.{b}"])
                    for b in BLOCS])
    out.setflags(write=False)
    return out
