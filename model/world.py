"""The AI-race world: a Mesa model of states, AI labs, chip vendors and investors, one step
per quarter from 2025Q1. See docs/ODD.md for the full description."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import mesa
import numpy as np

from airace.agents.chip_vendor import ChipVendor
from airace.agents.investor import Investor, allocation_weights
from airace.agents.lab import (
    AILab,
    LabTable,
    capex_budget,
    comply,
    research_multiplier,
    siting_shares,
    vendor_shares,
)
from airace.agents.state import State
from airace.model import capability as cap
from airace.model.collector import KPICollector
from airace.model.kpi_info import OUTCOME_YEARS, reporter_names
from airace.model.kpis import compute_kpis
from airace.model.markets import chips, power, services
from airace.model.parameters import BLOCS, REGISTRY, START_YEAR, quarters_until, resolve
from airace.model.population import load_population
from airace.model.scenarios import load_scenario
from airace.model.shocks import Shocks, poisson_from_uniform

US, EU, CN, ROW = (BLOCS.index(b) for b in ("US", "EU", "CN", "ROW"))


class AIRaceModel(mesa.Model):
    """The AI race between the USA, the EU, China and the rest of the world, 2025 onwards.

    ``scenario`` names a file in experiments/scenarios (or is a path to one); ``params`` and
    keyword ``overrides`` (registry names, as ``mesa.batch_run`` passes them) are laid over
    the scenario. ``rng`` seeds every random draw.
    """

    def __init__(self, scenario: str = "baseline", params: Mapping[str, Any] | None = None,
                 rng: int | np.random.Generator | None = None, **overrides: Any) -> None:
        super().__init__(rng=rng)
        sc = load_scenario(scenario)
        self.scenario_name = sc.name
        self.p = resolve(sc.overrides, params or {}, overrides,
                         where=f"scenario '{sc.name}' with user parameters")
        self.n_steps = quarters_until(self.p["end_year"])
        self.year = float(START_YEAR)
        pop = load_population()
        self.demand_share = np.array([pop["regions"]["demand_share"][b] for b in BLOCS])
        self.conventional_twh0 = np.array(
            [pop["regions"]["conventional_dc_twh_2025"][b] for b in BLOCS])

        self.vendor_list = [ChipVendor(self, i, s) for i, s in enumerate(pop["vendors"])]
        vendor_names = tuple(v.name for v in self.vendor_list)
        self.lab_table = LabTable.from_specs(pop["labs"], BLOCS, vendor_names)
        self.lab_list = [AILab(self, i, s) for i, s in enumerate(pop["labs"])]
        self.states = {b: State(self, b, self.p) for b in BLOCS}
        self.investor_list = [Investor(self, i, s, BLOCS) for i, s in enumerate(pop["investors"])]
        self._init_constants(pop)
        self.shocks = Shocks(self.p, self.rng)

        t = self.lab_table
        t.power_gw[:] = t.compute.sum(axis=2) * self.p["kw_per_h100e_2025"] / 1e6
        self.power_cap = t.power_gw.sum(axis=0) * (1.0 + self.p["initial_power_headroom"])
        self.eu_share_2025 = float(t.compute[:, EU].sum() / t.compute.sum())
        self.chip_price_ref = REGISTRY["us_chip_price_usd_k"].default  # H100, 2025 (MODEL.md)
        self.money_in = float(t.cash.sum())
        self.money_out = 0.0
        self.incidents_cum = np.zeros(len(BLOCS))
        self.public_equity_cum = np.zeros(len(BLOCS))
        self.partner_pool = 0.0
        self.chip_price_paid = 1.0
        self.market_share = np.zeros((len(self.lab_list), len(BLOCS)))
        self._update_capability(advance=False)
        self.frontier0 = float(t.capability.max())
        self.frontier_history: list[float] = []
        self.spillover = np.zeros((self.n_steps, len(self.lab_list)))  # published breakthroughs
        self.kpi: dict[str, float] = {}
        self.datacollector = KPICollector(reporter_names())

    # --- set-up -------------------------------------------------------------------------
    def _init_constants(self, pop: Mapping[str, Any]) -> None:
        p, t = self.p, self.lab_table
        n_lab = len(self.lab_list)
        self.flop_q = cap.flop_per_h100e_quarter(p)
        self.us_controlled = np.array([v.us_controlled for v in self.vendor_list])
        self.vendor_home = np.array([BLOCS.index(v.home) for v in self.vendor_list])
        self.fallback_vendor = int(np.flatnonzero(self.vendor_home == CN)[0])
        self.us_vendor = self.vendor_list[int(np.flatnonzero(self.us_controlled)[0])]
        self.home_match_vendor = (t.home[:, None] == self.vendor_home[None, :]).astype(float)
        # US guidance (May 2025): using Chinese accelerators anywhere risks US sanctions
        self.vendor_access = np.ones((n_lab, len(self.vendor_list)))
        self.vendor_access[np.ix_(t.home != CN, self.vendor_home == CN)] = (
            1.0 - p["cn_chips_barred_abroad"])
        # public chip money of a bloc without a vendor of its own goes to the US-led supply chain
        self.chip_fund_vendor = {b: (b if (self.vendor_home == BLOCS.index(b)).any() else "US")
                                 for b in BLOCS}
        self.cn_lab = t.home == CN
        self.lab_home_onehot = (t.home[:, None] == np.arange(len(BLOCS))[None, :]).astype(float)
        self.sites_f = t.sites.astype(float)
        self.access0 = services.base_access(p, t.home)
        self.preference = services.preference(p, t.home, t.brand)
        self.lab_index = {lab.name: lab.idx for lab in self.lab_list}
        self.labs_of_bloc = [np.flatnonzero(t.home == b) for b in range(len(BLOCS))]
        inv = self.investor_list
        eligible = np.array([[i.eligible_blocs[t.home[j]] for j in range(n_lab)] for i in inv],
                            dtype=float)
        restricted = np.array([i.outbound_restricted for i in inv])
        eligible[np.ix_(restricted, self.cn_lab)] *= 1.0 - p["us_outbound_restriction"]
        for i in inv:
            if i.target is not None:
                eligible[i.idx] = 0.0
                eligible[i.idx, self.lab_index[i.target]] = 1.0
        self.inv_eligible = eligible
        self.inv_strategic = np.array([i.mandate == "strategic" for i in inv])
        self.inv_home_match = np.array(
            [[float(BLOCS.index(i.home) == t.home[j]) for j in range(n_lab)] for i in inv])
        self.inv_public = np.array([i.public for i in inv])
        self.inv_home = np.array([BLOCS.index(i.home) for i in inv])
        self.inv_has_target = eligible.sum(axis=1) > 0
        self.us_in_row = np.zeros((n_lab, len(BLOCS)), dtype=bool)
        self.us_in_row[t.home == US, ROW] = True

        def vec(name: str) -> np.ndarray:
            return np.array([p[f"{name}.{b}"] for b in BLOCS], dtype=float)

        self.energy_base = vec("energy_price_usd_mwh")
        self.cofinance = vec("cofinance_share")
        self.conventional_growth = vec("conventional_dc_growth")

    # --- the quarter --------------------------------------------------------------------
    def step(self) -> None:
        """One quarter: shocks, states, vendors, investors, build-out and chip purchases,
        depreciation, capability, AI-services market, incidents, KPIs."""
        q = self.steps - 1
        self.year = START_YEAR + q / 4.0
        for state in self.states.values():
            state.act()
        self._investors_act()
        self._build_and_buy(q)
        self._depreciate()
        self._update_capability(advance=True, q=q)
        self._services_market(q)
        self._incidents(q)
        self.kpi = compute_kpis(self)
        self.datacollector.collect(self)
        if self.steps >= self.n_steps:
            self.running = False

    def _investors_act(self) -> None:
        p, t = self.p, self.lab_table
        inflow = np.array([i.inflow(p, self.year) for i in self.investor_list])
        self.money_in += float(inflow.sum())
        frontier = t.capability.max()
        reg_home = self._regulation()[t.home]
        weights = allocation_weights(
            self.inv_eligible, self.inv_strategic, self.inv_home_match,
            np.log1p(np.maximum(t.revenue, 0.0) * 4.0), t.capability - frontier, reg_home,
            p["investor_return_weight"], p["investor_home_bias"], p["regulation_risk_premium"],
            p["investor_capability_weight"])
        deploy = np.empty(len(self.investor_list))
        rate = p["investor_deploy_rate"]
        for i, has_target, new in zip(self.investor_list, self.inv_has_target.tolist(),
                                      inflow.tolist(), strict=True):
            i.pool += new
            amount = i.deploy_amount(rate) if has_target else 0.0
            i.pool -= amount
            i.deployed_cum += amount
            deploy[i.idx] = amount
        flows = weights * deploy[:, None]
        t.cash += flows.sum(axis=0)
        t.public_in_cum += flows[self.inv_public].sum(axis=0)
        t.private_in_cum += flows[~self.inv_public].sum(axis=0)
        np.add.at(self.public_equity_cum, self.inv_home[self.inv_public],
                  deploy[self.inv_public])

    def _build_and_buy(self, q: int) -> None:
        """Labs decide capex, siting and chips; power and chip markets clear; chips install."""
        p, t, year = self.p, self.lab_table, self.year
        growth = (1.0 + p["cash_flow_growth"]) ** (year - START_YEAR)
        inflow = t.cash_flow * growth
        t.cash += inflow
        self.money_in += float(inflow.sum())
        # vendors: capacity, prices, supply this quarter
        nt_share = np.array([chips.non_taiwan_share(v, p, year) for v in self.vendor_list])
        self.nt_share = nt_share
        chip_money = dict.fromkeys(BLOCS, 0.0)
        for b, state in self.states.items():
            chip_money[self.chip_fund_vendor[b]] += state.chip_money
        for v in self.vendor_list:
            v.invest(p[v.growth_param], chip_money[v.home], p["chip_fund_capacity_cost"])
            v.reprice(p["price_adjustment_speed"], p["chip_markup_min"], p["chip_markup_max"])
        price = chips.chip_prices(self.vendor_list, p, year, nt_share)
        tw_loss = self.shocks.taiwan_loss_at(q)
        capacity = np.array([v.capacity for v in self.vendor_list])
        supply = capacity * (1.0 - tw_loss * (1.0 - nt_share))
        kw = power.kw_per_h100e(p, year)
        unit_cost = (price + p["dc_capex_usd_per_w"] * kw) * 1e-6  # $bn per H100e
        energy = self.energy_base * np.exp(self.shocks.energy_log[q])
        # co-financing on offer: home pools for home firms, partner pool for US firms in ROW
        self.partner_pool += p["partner_cofinance_usd_bn"] / 4.0
        self.money_in += p["partner_cofinance_usd_bn"] / 4.0
        cof_share = self.cofinance
        treasury = np.array([s.treasury for s in self.states.values()])
        subsidy = self.lab_home_onehot * (cof_share * (treasury > 0))[None, :]
        subsidy[self.us_in_row] = cof_share[ROW] * (self.partner_pool > 0)
        # labs' plans: budget -> locations -> vendors -> units
        budget = capex_budget(t.cash, p["capex_spend_rate"])
        site = siting_shares(self.sites_f, self.lab_home_onehot, energy, subsidy,
                             p["siting_home_preference"], p["siting_energy_weight"],
                             p["siting_subsidy_weight"])
        vmix = vendor_shares(np.log(price), self.home_match_vendor, self.vendor_access,
                             p["vendor_price_weight"], p["vendor_home_preference"])
        own_spend = budget[:, None] * site                        # $bn [lab, loc]
        subsidy = self._affordable(own_spend, subsidy, treasury)
        gross = own_spend / (1.0 - subsidy)                       # incl. co-financing
        gross, planned_share = self._fit_power(gross, t, site, subsidy, kw, unit_cost, vmix,
                                               year)
        units = gross[:, :, None] * vmix[:, None, :] / unit_cost[None, None, :]
        desired = units.sum(axis=(1, 2))
        # export controls: denied demand for US chips turns to the domestic vendor
        denial = self.states["US"].export_control * (1.0 - p["export_leakage"])
        allowed, denied = chips.export_filter(units, self.cn_lab, self.us_controlled, denial)
        denied_money = denied @ unit_cost
        allowed[:, :, self.fallback_vendor] += denied_money / unit_cost[self.fallback_vendor]
        delivered, total_demand = chips.ration(allowed, supply)
        by_vendor = delivered.sum(axis=(0, 1))
        for v, d, s_ in zip(self.vendor_list, total_demand.tolist(), supply.tolist(),
                            strict=True):
            v.demand, v.supply = d, s_
        t.denied = denied.sum(axis=(1, 2)) / np.where(desired > 0.0, desired, 1.0)
        # payment: co-financing first, the rest from the lab's cash
        cost = delivered @ unit_cost                                # $bn [lab, loc]
        self._pay(cost, subsidy * planned_share, t)
        chip_revenue = by_vendor * price * 1e-6
        for v, r in zip(self.vendor_list, chip_revenue.tolist(), strict=True):
            v.cash += r
        self.money_out += float(cost.sum() - chip_revenue.sum())  # construction leaves
        t.compute += delivered
        t.power_gw += delivered.sum(axis=2) * kw / 1e6
        units_paid = float(by_vendor.sum())
        paid = float(by_vendor @ price) / units_paid if units_paid else 0.0
        if paid:
            self.chip_price_paid = paid / chips.price_trend(p, year) / self.chip_price_ref

    def _affordable(self, own: np.ndarray, subsidy: np.ndarray, treasury: np.ndarray
                    ) -> np.ndarray:
        """Co-financing shares, scaled down where a pool cannot pay all that is asked of it,
        so that public money never promises more than it holds."""
        ask = own * subsidy / (1.0 - subsidy)
        home_ask = (ask * self.lab_home_onehot).sum(axis=0)
        home_scale = np.minimum(1.0, treasury / np.maximum(home_ask, 1e-300))
        partner_ask = float((ask * self.us_in_row).sum())
        partner_scale = min(1.0, self.partner_pool / partner_ask) if partner_ask > 0 else 1.0
        return subsidy * (self.lab_home_onehot * home_scale + self.us_in_row * partner_scale)

    def _fit_power(self, gross: np.ndarray, t: LabTable, site: np.ndarray, subsidy: np.ndarray,
                   kw: float, unit_cost: np.ndarray, vmix: np.ndarray, year: float
                   ) -> tuple[np.ndarray, np.ndarray]:
        """Connect new power up to each bloc's build-out limit; scale plans to the power that
        exists and re-site what is stranded to permitted locations with power to spare.

        Returns the spending plan [lab, location] and the share of it that was planned there
        (the rest is re-sited own money, which gets no co-financing)."""
        cost_per_unit = vmix @ unit_cost                          # $bn per H100e [lab]
        gw_per_bn = kw / 1e6 / cost_per_unit                      # GW per $bn [lab]
        need = (gross * gw_per_bn[:, None]).sum(axis=0)
        free = self.power_cap - t.power_gw.sum(axis=0)
        limit = power.buildout_limit_gw(self.p, year, self.nt_share[self.us_vendor.idx])
        self.power_cap += np.minimum(limit, np.maximum(need - free, 0.0))
        free = self.power_cap - t.power_gw.sum(axis=0)
        fit = power.power_fit(need, free)
        if fit.min() >= 1.0:
            return gross, np.ones_like(gross)
        placed = gross * fit[None, :]
        stranded = ((gross - placed) * (1.0 - subsidy)).sum(axis=1)  # own money, $bn [lab]
        spare = np.maximum(free - (placed * gw_per_bn[:, None]).sum(axis=0), 0.0)
        open_site = site * (spare > 1e-12)
        norm = open_site.sum(axis=1)
        extra = open_site * (stranded / np.where(norm > 0.0, norm, np.inf))[:, None]
        extra_need = (extra * gw_per_bn[:, None]).sum(axis=0)
        extra *= power.power_fit(extra_need, spare)[None, :]
        total = placed + extra
        return total, np.where(total > 0.0, placed / np.where(total > 0.0, total, 1.0), 1.0)

    def _pay(self, cost: np.ndarray, subsidy: np.ndarray, t: LabTable) -> None:
        """Public co-financing pays its share of capex while its pool lasts (pro rata when it
        runs short); firms pay the rest from cash."""
        wanted = cost * subsidy
        home_part = wanted * self.lab_home_onehot
        home_wanted = home_part.sum(axis=0)
        frac = [s.draw_cofinance(w) / w if w > 0 else 0.0
                for s, w in zip(self.states.values(), home_wanted.tolist(), strict=True)]
        covered = home_part * np.array(frac)
        partner_part = wanted * self.us_in_row
        partner_wanted = float(partner_part.sum())
        if partner_wanted > 0:
            paid_p = min(partner_wanted, self.partner_pool)
            self.partner_pool -= paid_p
            self.states["ROW"].public_spent_cum += paid_p
            covered += partner_part * (paid_p / partner_wanted)
        by_lab = cost.sum(axis=1)
        public = covered.sum(axis=1)
        t.cash -= by_lab - public
        t.public_in_cum += public
        t.capex_cum += by_lab

    def _regulation(self) -> np.ndarray:
        return np.array([s.regulation for s in self.states.values()])

    def _depreciate(self) -> None:
        keep = 1.0 - 1.0 / (4.0 * self.p["chip_lifetime_years"])
        self.lab_table.compute *= keep
        self.lab_table.power_gw *= keep

    def _update_capability(self, advance: bool, q: int = 0) -> None:
        p, t = self.p, self.lab_table
        share = cap.frontier_share(p, t.frontier_share0, self.year)
        own = t.compute.sum(axis=(1, 2))
        t.train_flop = share * own * self.flop_q
        t.capability = cap.capability(t.train_flop, t.algo)
        if not advance:
            return
        talent_cum = np.array([s.talent_cum for s in self.states.values()])
        talent = 1.0 + p["talent_effect"] * np.log2(1.0 + talent_cum / p["talent_reference_usd_bn"])
        research = research_multiplier(t.denied, talent[t.home], own / own.max(),
                                       p["efficiency_research_elasticity"],
                                       p["constraint_efficiency_shift"],
                                       p["research_compute_elasticity"])
        jumps = self.spillover[q].copy()
        lag_q = q + max(int(round(p["diffusion_lag_months"] / 3.0)), 1)
        for b in np.flatnonzero(self.shocks.breakthrough[q]):
            members = self.labs_of_bloc[b]
            if members.size:
                pick = members[int(self.shocks.breakthrough_pick[q, b] * members.size)]
                jumps[pick] += p["breakthrough_size_oom"]
                if lag_q < len(self.spillover):
                    spill = p["breakthrough_size_oom"] * p["breakthrough_spillover"]
                    self.spillover[lag_q] += spill
                    self.spillover[lag_q, pick] -= spill
        self.frontier_history.append(float(t.capability.max()))
        target = cap.diffused_frontier(p, self.frontier_history, q)
        t.algo = cap.advance_algorithms(p, t.algo, t.capability, target, research, jumps)

    def _services_market(self, q: int) -> None:
        p, t = self.p, self.lab_table
        regulation = self._regulation()
        self.regulation_now = regulation
        total = services.total_demand(p, float(t.capability.max()) - self.frontier0,
                                      self.shocks.demand_log[q])
        demand_q = services.regional_demand(p, total, self.demand_share, regulation) / 4.0
        weight = services.attractiveness(p, t.capability, self.preference, self.access0)
        t.compliant = comply(weight, demand_q, regulation, p["compliance_fixed_cost_usd_bn"],
                             p["compliance_variable_cost"], p["opex_share"])
        share = services.shares_from_weights(weight * t.compliant)
        self.market_share = share
        t.revenue_region = share * demand_q[None, :]
        t.revenue = t.revenue_region.sum(axis=1)
        compliance = (t.compliant * (p["compliance_fixed_cost_usd_bn"] * regulation[None, :]
                                     + p["compliance_variable_cost"] * regulation[None, :]
                                     * t.revenue_region)).sum(axis=1)
        costs = p["opex_share"] * t.revenue + compliance
        t.cash += t.revenue - costs
        self.money_in += float(t.revenue.sum())
        self.money_out += float(costs.sum())

    def _incidents(self, q: int) -> None:
        p, t = self.p, self.lab_table
        deployed = t.capability @ self.market_share
        regulation = self.regulation_now
        hazard = (p["incident_rate_2025"] / 4.0
                  * 10.0 ** (p["incident_capability_elasticity"] * (deployed - self.frontier0))
                  * (1.0 - p["regulation_incident_reduction"] * regulation))
        counts = poisson_from_uniform(self.shocks.incident_u[q], hazard)
        self.incidents_cum += counts
        for state, count in zip(self.states.values(), counts.tolist(), strict=True):
            state.record_incidents(count, p["concern_decay"])

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
        return (float(self.lab_table.cash.sum()) + sum(v.cash for v in self.vendor_list)
                + sum(i.pool for i in self.investor_list)
                + sum(s.treasury for s in self.states.values()) + self.partner_pool)

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
