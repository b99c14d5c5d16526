"""Unit tests of each mechanism: chip market, power and build-out, AI services and the labs'
decision rules, capability and diffusion, shocks, investors, states, KPIs.

Expected values come from the equations documented in docs/ODD.md and the docstrings of the
functions under test (worked by hand here), or from docs/calibration.md - never from a model
run.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import mesa
import numpy as np
import pytest
from scipy import stats

from airace.agents import research as cap
from airace.agents.export_controls import ExportControls
from airace.agents.investor import allocation_weights, jv_schedule
from airace.agents.lab import (
    capex_budget,
    comply,
    research_multiplier,
    siting_shares,
    vendor_shares,
)
from airace.model import AIRaceModel
from airace.model.kpis import compute_kpis, sovereignty_index
from airace.model.markets import chips, power, services
from airace.model.parameters import BLOCS, defaults
from airace.model.scenarios import scenario_names
from airace.model.shocks import Shocks, _ar1, poisson_from_uniform, quarterly_prob
from airace.model.simulation import forget_model

US, EU, CN, ROW = (BLOCS.index(b) for b in ("US", "EU", "CN", "ROW"))
SECONDS_PER_QUARTER = 365.25 * 86400.0 / 4.0


def par(**changes: Any) -> dict[str, Any]:
    """Registry defaults with some parameters changed (dotted names via a dict)."""
    return {**defaults(), **changes}


def release(model: mesa.Model) -> None:
    forget_model(model)
    model.remove_all_agents()


def make_model(seed: int = 1, scenario: str = "baseline", **params: Any) -> AIRaceModel:
    params.setdefault("end_year", 2026)
    return AIRaceModel(scenario=scenario, params=params, rng=seed)


@pytest.fixture
def world() -> Iterator[AIRaceModel]:
    """A fresh baseline model at 2025Q1 (not stepped), released afterwards."""
    m = make_model()
    yield m
    release(m)


# ============================================================================================
# Chip market (model/markets/chips.py, agents/chip_vendor.py)
# ============================================================================================

def test_price_trend_halves_every_doubling_period() -> None:
    p = par(chip_price_perf_doubling_years=2.1)
    assert chips.price_trend(p, 2025.0) == 1.0
    assert chips.price_trend(p, 2027.1) == pytest.approx(0.5)
    assert chips.price_trend(p, 2029.2) == pytest.approx(0.25)


def test_non_taiwan_share_ramps_linearly_to_2030_for_the_us_vendor_only(
        world: AIRaceModel) -> None:
    p = par(reshoring_share_2030=0.5)
    us_v = next(v for v in world.chips.vendors if v.us_controlled)
    s0 = us_v.non_taiwan_share0
    assert us_v.non_taiwan_share(p, 2025.0) == pytest.approx(s0)
    assert us_v.non_taiwan_share(p, 2027.5) == pytest.approx(s0 + (0.5 - s0) * 0.5)
    assert us_v.non_taiwan_share(p, 2030.0) == pytest.approx(0.5)
    assert us_v.non_taiwan_share(p, 2034.0) == pytest.approx(0.5)
    for v in world.chips.vendors:
        if not v.us_controlled:
            assert v.non_taiwan_share(p, 2030.0) == v.non_taiwan_share0


def test_chip_prices_trend_margin_minerals_and_reshoring(world: AIRaceModel) -> None:
    """Normal price = base price x trend x mineral surcharge x reshoring premium (docs/ODD.md
    7.4); the quoted price is the normal price times the vendor's scarcity factor (7.5)."""
    m = world.chips
    year = 2027.0
    p = par(cn_mineral_restriction=0.5, mineral_chip_cost_impact=0.06,
            reshoring_cost_premium=0.2)
    m.non_taiwan = m.non_taiwan0 + np.array([0.3, 0.0, 0.0])
    price = m.normal_price(p, year)
    trend = 2.0 ** (-2.0 / p["chip_price_perf_doubling_years"])
    for v in m.vendors:
        expected = p[v.price_param] * trend
        if v.home != "CN":
            expected *= 1.0 + 0.06 * 0.5
        if v.us_controlled:
            expected *= 1.0 + 0.2 * 0.3
        assert price[v.idx] == pytest.approx(expected, rel=1e-12), v.name
    # China's mineral restriction: dearer chips everywhere but in China
    free = m.normal_price({**p, "cn_mineral_restriction": 0.0}, year)
    for v in m.vendors:
        if v.home == "CN":
            assert price[v.idx] == pytest.approx(free[v.idx])
        else:
            assert price[v.idx] == pytest.approx(free[v.idx] * 1.03)


def _controls(level: float, leakage: float = 0.0) -> ExportControls:
    return ExportControls(par(**{"export_control.US": level, "export_leakage": leakage}))


def test_export_filter_denies_only_controlled_buyers_of_us_chips() -> None:
    rng = np.random.default_rng(0)
    demand = rng.random((3, 4, 3))
    controlled = np.array([True, False, True])
    us_ctrl = np.array([True, False, False])
    unit_cost = np.array([2.0, 1.0, 0.5])   # $bn per unit; vendor 2 is China's own
    allowed, denied = _controls(0.6).filter_orders(demand, controlled, us_ctrl, 2, unit_cost)
    np.testing.assert_allclose(denied[controlled][:, :, 0], 0.6 * demand[controlled][:, :, 0])
    assert (denied[~controlled] == 0).all() and (denied[:, :, 1:] == 0).all()
    # the denied money buys China's own chips at their unit cost; nothing else changes
    np.testing.assert_allclose(allowed[:, :, :2] + denied[:, :, :2], demand[:, :, :2])
    np.testing.assert_allclose(allowed[:, :, 2], demand[:, :, 2] + denied[:, :, 0] * 2.0 / 0.5)
    none_allowed, _ = _controls(1.0).filter_orders(demand, controlled, us_ctrl, 2, unit_cost)
    assert (none_allowed[controlled][:, :, 0] == 0).all()
    _, no_denial = _controls(0.0).filter_orders(demand, controlled, us_ctrl, 2, unit_cost)
    assert (no_denial == 0).all()
    # leakage: a share of the controlled chips reaches China all the same
    _, leaky = _controls(1.0, leakage=0.25).filter_orders(demand, controlled, us_ctrl, 2,
                                                          unit_cost)
    np.testing.assert_allclose(leaky[controlled][:, :, 0], 0.75 * demand[controlled][:, :, 0])


def _cn_us_chip_purchases(models: list[AIRaceModel], control: float, leakage: float
                          ) -> tuple[float, float]:
    """US-vendor chips Chinese labs receive in the first quarter, and the fallback vendor's."""
    m = make_model(**{"export_control.US": control, "export_leakage": leakage})
    models.append(m)
    keep = 1.0 - 1.0 / (4.0 * m.p["chip_lifetime_years"])
    us_i = m.chips.us_vendor.idx
    before = m.lab_table.compute[m.cn_lab].sum(axis=(0, 1)).copy()
    m.step()
    bought = m.lab_table.compute[m.cn_lab].sum(axis=(0, 1)) - before * keep
    return float(bought[us_i]), float(bought[m.chips.fallback])


def test_export_control_with_leakage_in_the_model(models: list[AIRaceModel]) -> None:
    """Denied share = control x (1 - leakage); denied demand turns to the domestic vendor."""
    full, _ = _cn_us_chip_purchases(models, 1.0, 0.0)
    some, _ = _cn_us_chip_purchases(models, 1.0, 0.5)
    same, _ = _cn_us_chip_purchases(models, 0.5, 0.0)
    open_, _ = _cn_us_chip_purchases(models, 0.0, 0.0)
    assert abs(full) < 1e-6 * open_          # nothing gets through without leakage
    assert 0.0 < some < open_
    assert same == pytest.approx(some, rel=1e-12)  # only control x (1 - leakage) matters
    m = models[0]
    assert (m.lab_table.denied[m.cn_lab] > 0).all()
    # Chinese labs buy at least as many domestic chips when more US chips are denied
    _, dom_full = _cn_us_chip_purchases(models, 1.0, 0.0)
    _, dom_open = _cn_us_chip_purchases(models, 0.0, 0.0)
    assert dom_full >= dom_open * (1 - 1e-9)


def test_rationing_is_proportional_and_respects_supply() -> None:
    demand = np.zeros((2, 2, 2))
    demand[0, 0] = [6.0, 1.0]
    demand[1, 1] = [2.0, 1.0]
    supply = np.array([4.0, 10.0])             # vendor 0 short (demand 8), vendor 1 ample
    delivered, total = chips.ration(demand, supply)
    np.testing.assert_allclose(total, [8.0, 2.0])
    np.testing.assert_allclose(delivered[:, :, 0], demand[:, :, 0] * 0.5)
    np.testing.assert_allclose(delivered[:, :, 1], demand[:, :, 1])
    assert delivered.sum(axis=(0, 1))[0] == pytest.approx(4.0)
    nothing, _ = chips.ration(np.zeros((1, 1, 2)), supply)
    assert np.isfinite(nothing).all() and (nothing == 0).all()


# ============================================================================================
# Power and build-out (model/markets/power.py, AIRaceModel._fit_power)
# ============================================================================================

def test_power_per_chip_improves_with_performance_per_watt() -> None:
    p = par(kw_per_h100e_2025=1.5, perf_per_watt_growth=1.34)
    assert power.kw_per_h100e(p, 2025.0) == pytest.approx(1.5)
    assert power.kw_per_h100e(p, 2027.0) == pytest.approx(1.5 / 1.34 ** 2)


def test_buildout_limit_is_the_lower_of_grid_and_workforce() -> None:
    p = par()
    lim = power.buildout_limit_gw(p, 2025.0, 0.0)
    for i, b in enumerate(BLOCS):
        expected = min(p[f"grid_gw_per_year.{b}"], p[f"workforce_gw_per_year.{b}"]) / 4.0
        assert lim[i] == pytest.approx(expected), b
    # reshoring draws US trades: with a large draw the workforce limit binds in the USA
    q = par(reshoring_workforce_draw=0.5, **{"grid_gw_per_year.US": 9.5,
                                           "workforce_gw_per_year.US": 12.5})
    assert power.buildout_limit_gw(q, 2025.0, 1.0)[US] == pytest.approx(12.5 * 0.5 / 4.0)
    assert power.buildout_limit_gw(q, 2025.0, 0.0)[US] == pytest.approx(9.5 / 4.0)
    grow = par(buildout_growth=0.2)
    np.testing.assert_allclose(power.buildout_limit_gw(grow, 2027.0, 0.0), lim * 1.44)


def test_power_fit() -> None:
    fit = power.power_fit(np.array([1.0, 4.0, 2.0, 1.0]), np.array([2.0, 1.0, 0.0, -1.0]))
    np.testing.assert_allclose(fit, [1.0, 0.25, 0.0, 0.0])
    assert power.power_fit(np.array([0.0]), np.array([0.0]))[0] == 1.0


def test_power_limits_hold_in_the_model(models: list[AIRaceModel]) -> None:
    """Installed power never exceeds connected capacity; grid connections grow capacity by at
    most the build-out limit per quarter (off-grid generation comes on top when it is due), and
    grid plus newly ordered off-grid GW stay within the workforce limit - here with a nearly
    closed EU grid."""
    m = make_model(end_year=2027, **{"grid_gw_per_year.EU": 0.1})
    models.append(m)
    lead = m.power.lead_q
    cols = np.arange(lead.size)
    while m.running:
        q = m.steps
        cap_before = m.power.capacity.copy()
        due_before = m.power.offgrid_due[q + lead, cols].copy()
        arriving = m.power.offgrid_due[q].copy()
        m.step()
        us_nt = m.chips.non_taiwan[m.chips.us_vendor.idx]
        grid = m.power.capacity - cap_before - arriving
        assert (grid <= power.buildout_limit_gw(m.p, m.year, us_nt) + 1e-12).all()
        ordered = m.power.offgrid_due[q + lead, cols] - due_before
        assert (ordered >= 0).all()
        assert (grid + ordered <= power.workforce_limit_gw(m.p, m.year, us_nt) + 1e-12).all()
        assert (m.lab_table.power_gw.sum(axis=0) <= m.power.capacity * (1 + 1e-9)).all()


class _PayingLabs:
    """Stand-in for the labs' set: records what they pay for off-grid generation."""

    def __init__(self) -> None:
        self.paid = np.zeros(2)

    def pay_offgrid(self, cost: np.ndarray) -> None:
        self.paid += cost


def test_offgrid_generation_costs_more_the_more_is_ordered() -> None:
    """Money M buys s ln(1 + M / (c s)) GW at a premium c that rises e-fold per s GW; the
    order is capped by the shortfall and the workforce left; labs pay pro rata to their
    stranded money; the GW come on line after the lead time."""
    grid = power.PowerGrid(np.zeros(2), horizon_q=10, lead_q=2)
    labs = _PayingLabs()
    stranded = np.array([[3.0, 1.0], [1.0, 0.0]])      # $bn [lab, location]
    c, s = np.array([1.5, 2.0]), np.array([0.05, 0.05])
    cost = grid._commission(3, stranded, np.array([10.0, 10.0]), labs,
                            np.array([10.0, 10.0]), c, s)
    bought = s * np.log1p(np.array([4.0, 1.0]) / (c * s))
    np.testing.assert_allclose(grid.offgrid_due[5], bought)
    assert cost == pytest.approx(5.0)                   # all the money is spent
    np.testing.assert_allclose(labs.paid, [3.0 + 1.0, 1.0])
    # the shortfall (and likewise the workforce) caps the order; the cost follows the curve
    grid = power.PowerGrid(np.zeros(2), horizon_q=10, lead_q=2)
    cost = grid._commission(0, stranded, np.array([0.01, 0.0]), _PayingLabs(),
                            np.array([10.0, 10.0]), c, s)
    np.testing.assert_allclose(grid.offgrid_due[2], [0.01, 0.0])
    assert cost == pytest.approx(1.5 * 0.05 * math.expm1(0.01 / 0.05))
    # scale 0 switches the option off
    grid = power.PowerGrid(np.zeros(2), horizon_q=10, lead_q=2)
    assert grid._commission(0, stranded, np.ones(2), _PayingLabs(), np.ones(2), c,
                            np.zeros(2)) == 0.0
    assert not grid.offgrid_due.any()


def test_offgrid_power_arrives_after_its_lead_time(models: list[AIRaceModel]) -> None:
    """With the EU grid closed, EU off-grid capacity ordered in quarter q is on line in
    q + lead, adding to connected capacity then."""
    m = make_model(end_year=2027, **{"grid_gw_per_year.EU": 0.1,
                                     "public_budget_usd_bn.EU": 50.0})
    models.append(m)
    m.run_model()
    lead = int(m.power.lead_q[EU])
    assert lead == 4                      # 12 months in the EU
    ordered = m.power.offgrid_due[: m.steps, EU].sum()
    assert ordered > 0.0
    assert m.power.offgrid_gw[EU] == pytest.approx(m.power.offgrid_due[: m.steps, EU].sum())
    assert m.power.offgrid_due[:lead, EU].sum() == 0.0


def test_stranded_capex_is_sited_abroad_where_allowed(models: list[AIRaceModel]) -> None:
    """Mistral may build in the EU, US and ROW, Aleph Alpha only in the EU: when the EU grid
    is nearly closed, Mistral places more compute abroad (in amount and as a share of its
    compute); Aleph Alpha cannot. Late entry into the EU market is switched off, and the
    comparison ends in 2026Q4: both favour EU labs at home through revenue, which grows with
    the EU capability an open grid allows and - since capex follows returns - pays for more
    capex everywhere, abroad too; from 2027 that overtakes the re-siting (abroad: 7,668 vs
    7,612 H100e in 2026Q4, 14,145 vs 14,254 in 2027Q4, seed 1)."""
    out = {}
    for grid in (0.1, 20.0):
        m = make_model(end_year=2026, compliance_delay_months=0.0,
                       **{"grid_gw_per_year.EU": grid, "workforce_gw_per_year.EU": 20.0})
        models.append(m)
        m.run_model()
        t = m.lab_table
        comp = t.compute.sum(axis=2)
        out[grid] = {name: comp[m.labs.index[name]] for name in ("mistral", "aleph_alpha")}
    abroad = {g: v["mistral"][[US, ROW]].sum() for g, v in out.items()}
    assert abroad[0.1] > abroad[20.0]
    share = {g: abroad[g] / v["mistral"].sum() for g, v in out.items()}
    assert share[0.1] > share[20.0]
    for g in out:
        assert out[g]["aleph_alpha"][[US, CN, ROW]].sum() == 0.0


# ============================================================================================
# AI services and the labs' decision rules (model/markets/services.py, agents/lab.py)
# ============================================================================================

def test_total_demand_is_logistic_in_frontier_gain() -> None:
    p = par(ai_demand_2025_usd_bn=80.0, ai_demand_max_usd_bn=4000.0)
    assert services.total_demand(p, 0.0, 0.0) == pytest.approx(80.0)
    gains = np.linspace(0.0, 20.0, 41)
    d = np.array([services.total_demand(p, g, 0.0) for g in gains])
    assert (np.diff(d) > 0).all() and (d <= 4000.0).all()
    assert services.total_demand(p, 200.0, 0.0) == pytest.approx(4000.0)
    assert services.total_demand(p, 1.0, 0.1) == pytest.approx(
        services.total_demand(p, 1.0, 0.0) * math.exp(0.1))


def test_access_rules() -> None:
    p = par(cn_blocks_us_services=1.0, us_restricts_cn_services=0.5,
          eu_restricts_cn_services=0.3)
    home = np.array([US, EU, CN, ROW])
    a = services.base_access(p, home)
    expected = np.ones((4, 4))
    expected[0, CN] = 0.0
    expected[2, US] = 0.5
    expected[2, EU] = 0.7
    np.testing.assert_allclose(a, expected)


def test_preference_brand_home_and_sovereignty() -> None:
    p = par(**{"home_preference.US": 0.5, "home_preference.EU": 0.3, "home_preference.CN": 1.0,
             "home_preference.ROW": 0.0, "sovereignty_preference.EU": 0.4})
    home = np.array([US, EU, CN])
    brand = np.array([0.6, -0.2, 0.1])
    u = services.preference(p, home, brand)
    assert u[0].tolist() == pytest.approx([1.1, 0.6, 0.6, 0.6])
    assert u[1].tolist() == pytest.approx([-0.2, -0.2 + 0.3 + 0.4, -0.2, -0.2])
    assert u[2].tolist() == pytest.approx([0.1, 0.1, 1.1, 0.1])


def test_regional_demand_falls_with_regulation_delay() -> None:
    p = par(compliance_delay_months=6.0, frontier_oom_per_year=1.1,
          demand_capability_elasticity=0.18)
    share = np.array([0.45, 0.2, 0.15, 0.2])
    free = services.regional_demand(p, 100.0, share, np.zeros(4))
    np.testing.assert_allclose(free, 100.0 * share)
    # two foreign (ROW) firms, equally late in the US, EU and China: customers lose the
    # common lag, stringency x 6 months x 1.1 OOM/yr
    lags = services.EntryLags(p, np.array([ROW, ROW]))
    lags.update(np.array([0.0, 1.0, 0.5, 0.0]))
    _, loss = services.late_entry(np.array([[1.0, 0.5, 0.2, 1.0], [0.3, 1.0, 1.0, 0.1]]),
                                  lags.weight_factor, p["choice_capability_weight"])
    np.testing.assert_allclose(loss, [0.0, 0.55, 0.275, 0.0])
    strict = services.regional_demand(p, 100.0, share, loss)
    assert strict[EU] == pytest.approx(20.0 * 10.0 ** (-0.18 * 0.55))
    assert strict[US] == free[US]
    assert strict[EU] < strict[CN] / share[CN] * share[EU] < free[EU]   # stricter, less


def test_logit_shares_over_capability_preference_and_access() -> None:
    p = par(choice_capability_weight=2.5)
    capab = np.array([27.0, 26.0, 27.0])
    pref = np.zeros((3, 4))
    access = np.ones((3, 4))
    access[2, CN] = 0.0
    s = services.shares(p, capab, pref, access)
    np.testing.assert_allclose(s.sum(axis=0), 1.0)
    assert s[2, CN] == 0.0
    assert s[0, US] / s[1, US] == pytest.approx(math.exp(2.5))   # logit odds
    assert s[0, US] == pytest.approx(s[2, US])
    none = services.shares(p, capab, pref, np.zeros((3, 4)))
    assert (none == 0).all()


def test_compliance_rule() -> None:
    # margin of the k-th most attractive entrant: share e_k / (e_1 + .. + e_k) x demand
    # x (1 - opex 0.6 - 0.05 x reg); it must cover fixed cost x reg
    weight = np.array([[1.0, 4.0], [1.0, 2.0], [1.0, 1.0], [1.0, 0.0]])
    demand = np.array([10.0, 10.0])
    reg = np.array([0.0, 0.8])
    ok = comply(weight, demand, reg, fixed_cost=1.0, variable_cost=0.05, opex_share=0.6)
    # region 0 has no rules: every available lab serves it
    assert ok[:, 0].all()
    # region 1: margins 10 x 0.36 x (1, 1/3, 1/7) = 3.6, 1.2, 0.51 against 0.8; the blocked
    # lab (weight 0) never counts as serving
    assert ok[:, 1].tolist() == [True, True, False, False]


def test_compliance_is_a_free_entry_equilibrium_not_a_stampede() -> None:
    # four equal labs; with all four in, each would earn 10/4 x 0.36 = 0.9 < 1.0, so a rule
    # that assumes everybody stays would make all of them leave an empty, profitable market.
    # The equilibrium keeps as many as can cover the cost: three (10/3 x 0.36 = 1.2 >= 1.0).
    weight = np.ones((4, 1))
    ok = comply(weight, np.array([10.0]), np.array([0.8]), fixed_cost=1.25,
                variable_cost=0.05, opex_share=0.6)
    assert ok.sum() == 3
    # nobody enters when even a monopolist cannot cover the cost (10 x 0.36 = 3.6 < 4)
    none = comply(weight, np.array([10.0]), np.array([0.8]), fixed_cost=5.0,
                  variable_cost=0.05, opex_share=0.6)
    assert not none.any()


def test_non_compliant_and_blocked_firms_get_no_market_share(models: list[AIRaceModel]
                                                            ) -> None:
    m = make_model(**{"regulation.EU": 1.0, "compliance_fixed_cost_usd_bn": 0.3,
                      "cn_blocks_us_services": 1.0})
    models.append(m)
    m.step()
    t = m.lab_table
    assert not t.compliant[:, EU].all(), "a $0.3 bn/quarter fixed cost must drive some firm out"
    assert (m.market_share[~t.compliant] == 0).all()
    assert (m.market_share[t.home == US, CN] == 0).all()
    served = m.market_share.sum(axis=0)
    assert ((np.abs(served - 1.0) < 1e-9) | (served == 0.0)).all()


@pytest.mark.parametrize("fixed_cost", [0.1, 0.5, 1.0])
def test_a_market_that_pays_for_compliance_is_not_left_empty(models: list[AIRaceModel],
                                                             fixed_cost: float) -> None:
    """A firm complies when its margin covers the fixed cost. If a region's whole demand,
    served by one firm, covers the fixed cost there, the rule must not leave the region
    without any supplier (each firm judging its share as if all others stayed)."""
    m = make_model(**{"regulation.EU": 1.0, "compliance_fixed_cost_usd_bn": fixed_cost})
    models.append(m)
    m.step()
    p, reg = m.p, m.regulation_now
    demand_q = m.lab_table.revenue_region.sum(axis=0)
    potential_q = services.regional_demand(
        p, services.total_demand(p, float(m.lab_table.capability.max()) - m.frontier0,
                                 m.shocks.demand_log[0]), m.demand_share, m.delay_loss) / 4.0
    monopoly_margin = potential_q * (1 - p["opex_share"] - p["compliance_variable_cost"] * reg)
    viable = monopoly_margin >= fixed_cost * reg
    served = m.market_share.sum(axis=0)
    assert (served[viable] > 0.999).all(), (
        f"fixed cost {fixed_cost}: regions {np.array(BLOCS)[viable].tolist()} can pay "
        f"for compliance (monopoly margin $bn/q {np.round(monopoly_margin, 3).tolist()} vs "
        f"fixed cost x regulation {np.round(fixed_cost * reg, 3).tolist()}), but the shares "
        f"served are {np.round(served, 3).tolist()} and revenue {np.round(demand_q, 3).tolist()}")


def test_capex_budget() -> None:
    np.testing.assert_allclose(capex_budget(np.array([10.0, -5.0, 0.0]), 0.5), [5.0, 0.0, 0.0])


def test_siting_shares() -> None:
    sites = np.array([[1, 1, 0, 1]], dtype=float)
    home = np.array([[1.0, 0, 0, 0]])
    energy = np.array([60.0, 110.0, 55.0, 70.0])
    no_sub = np.zeros((1, 4))
    s = siting_shares(sites, home, energy, no_sub, 3.0, 1.5, 3.0)
    assert s.sum() == pytest.approx(1.0) and s[0, CN] == 0.0
    assert s[0, US] > s[0, ROW] > s[0, EU]            # home first, then cheaper power
    sub = no_sub.copy()
    sub[0, EU] = 0.33
    assert siting_shares(sites, home, energy, sub, 3.0, 1.5, 3.0)[0, EU] > s[0, EU]
    dear = energy.copy()
    dear[ROW] = 200.0
    assert siting_shares(sites, home, dear, no_sub, 3.0, 1.5, 3.0)[0, ROW] < s[0, ROW]


def test_vendor_shares() -> None:
    logp = np.log(np.array([27.5, 35.0, 60.0]))
    home = np.array([[0, 1.0, 0], [1.0, 0, 0]])
    free = np.ones((2, 3))
    s = vendor_shares(logp, home, free, 3.0, 0.5)
    np.testing.assert_allclose(s.sum(axis=1), 1.0)
    assert s[1, 0] > s[1, 1] > s[1, 2]                # price decides when home = cheapest
    assert s[0, 1] > vendor_shares(logp, np.zeros((1, 3)), free[:1], 3.0, 0.5)[0, 1]
    barred = free.copy()
    barred[1, 1] = 0.0                                # e.g. a US firm barred from Ascend
    b = vendor_shares(logp, home, barred, 3.0, 0.5)
    assert b[1, 1] == 0.0 and b[1].sum() == pytest.approx(1.0)
    np.testing.assert_allclose(b[0], s[0])


def test_non_chinese_firms_are_barred_from_chinese_chips(models: list[AIRaceModel]) -> None:
    m = make_model(cn_chips_barred_abroad=1.0)
    models.append(m)
    cn_v = m.chips.fallback
    before = m.lab_table.compute[~m.cn_lab][:, :, cn_v].sum()
    m.step()
    assert m.lab_table.compute[~m.cn_lab][:, :, cn_v].sum() <= before
    assert (m.vendor_access[~m.cn_lab, cn_v] == 0).all()
    assert (m.vendor_access[m.cn_lab] == 1).all()


def test_research_multiplier() -> None:
    one = research_multiplier(np.array([0.0]), np.array([1.0]), np.array([1.0]), 0.5, 0.3, 0.15)
    assert one[0] == pytest.approx(1.0)
    r = research_multiplier(np.array([0.0, 1.0, 0.0, 0.0]), np.array([1.0, 1.0, 1.2, 1.0]),
                            np.array([1.0, 1.0, 1.0, 0.1]), 0.5, 0.3, 0.15)
    assert r.tolist() == pytest.approx([1.0, 1.3 ** 0.5, 1.2, 0.1 ** 0.15])


# ============================================================================================
# Capability and diffusion (agents/research.py)
# ============================================================================================

def test_training_flop_per_h100e_quarter() -> None:
    p = par(h100e_flops=989e12, training_mfu=0.4)
    assert cap.flop_per_h100e_quarter(p) == pytest.approx(989e12 * 0.4 * SECONDS_PER_QUARTER)


def test_algorithmic_efficiency_halves_compute_every_halving_period() -> None:
    p = par(algo_halving_months=8.0)
    quarters = 8.0 / 3.0
    assert cap.algo_progress_per_quarter(p) * quarters == pytest.approx(math.log10(2.0))


def test_frontier_share_grows_to_its_ceiling() -> None:
    p = par(frontier_share_growth=2.2, frontier_share_max_multiple=4.5)
    s0 = np.array([0.1, 0.3])
    np.testing.assert_allclose(cap.frontier_share(p, s0, 2025.0), s0)
    np.testing.assert_allclose(cap.frontier_share(p, s0, 2026.0), [0.22, 0.66])
    np.testing.assert_allclose(cap.frontier_share(p, s0, 2031.0), [0.45, 1.0])


def test_capability_is_log_effective_compute() -> None:
    c = cap.capability(np.array([1e26, 0.0]), np.array([0.5, -0.2]))
    np.testing.assert_allclose(c, [26.5, -0.2])


def test_advance_algorithms_research_diffusion_and_jumps() -> None:
    p = par(algo_halving_months=8.0, diffusion_rate=0.15)
    g = cap.algo_progress_per_quarter(p)
    algo = np.array([0.0, 0.5, 0.2])
    capab = np.array([28.0, 27.0, 27.5])
    out = cap.advance_algorithms(p, algo, capab, 27.8, np.array([1.0, 2.0, 1.0]),
                                 np.array([0.0, 0.0, 0.3]))
    np.testing.assert_allclose(out, [g, 0.5 + 2 * g + 0.15 * 0.8, 0.2 + g + 0.15 * 0.3 + 0.3])


def test_distillation_share_splits_diffusion_into_capability_and_ideas() -> None:
    algo = np.array([0.0, 0.5, -0.2])
    capab = np.array([27.0, 26.0, 25.5])
    zero, none = np.zeros(3), np.zeros(3)
    frontier, best_algo = 27.2, 0.6
    step = cap.algo_progress_per_quarter(par())
    for share in (0.0, 0.3, 1.0):
        p = par(distillation_share=share, diffusion_rate=0.2)
        got = cap.advance_algorithms(p, algo, capab, frontier, zero, none, best_algo)
        cap_gap = np.maximum(frontier - capab, 0.0)
        idea_gap = np.maximum(best_algo - algo, 0.0)
        expected = algo + 0.2 * (share * cap_gap + (1 - share) * idea_gap) + step * 0.0
        np.testing.assert_allclose(got, expected, rtol=1e-12)
    # at 1 (all distillation) the best algorithms are not needed and nothing changes
    p1 = par(distillation_share=1.0, diffusion_rate=0.2)
    np.testing.assert_array_equal(cap.advance_algorithms(p1, algo, capab, frontier, zero, none),
                                  algo + 0.2 * np.maximum(frontier - capab, 0.0))
    with pytest.raises(ValueError, match="diffused_algo"):
        cap.advance_algorithms(par(distillation_share=0.5), algo, capab, frontier, zero, none)



def test_diffused_frontier_is_the_lagged_frontier() -> None:
    p = par(diffusion_lag_months=6.0, frontier_oom_per_year=1.1)
    hist = [27.0, 27.3, 27.6, 27.9, 28.2, 28.5]
    assert cap.diffused_frontier(p, hist, 5) == 27.9
    assert cap.diffused_frontier(p, hist, 2) == 27.0
    assert cap.diffused_frontier(p, hist, 0) == pytest.approx(27.0 - 2 * 1.1 / 4)


def test_gap_in_months_of_frontier_progress() -> None:
    p = par(frontier_oom_per_year=1.1)
    hist = [25.0 + 0.25 * k for k in range(9)]     # now: quarter 8, frontier 27.0
    gaps = cap.gap_months(p, np.array([27.0, 28.0, 26.0, 26.125, 25.0, 24.5]), hist)
    np.testing.assert_allclose(gaps, [0.0, 0.0, 12.0, 10.5, 24.0, 24.0 + 0.5 / 1.1 * 12.0])
    # the frontier never recedes: a dip in the history does not shorten anyone's gap
    dipped = [*hist[:-1], 26.0]
    assert cap.gap_months(p, np.array([26.5]), dipped)[0] == pytest.approx(
        cap.gap_months(p, np.array([26.5]), hist[:-1])[0] + 3.0)


def test_compute_lag_in_years() -> None:
    p = par(training_compute_growth_ref=4.5)
    np.testing.assert_allclose(cap.compute_lag_years(p, np.array([1.0, 4.5, 4.5 ** 2])),
                               [0.0, 1.0, 2.0])


def test_diffusion_keeps_followers_close(models: list[AIRaceModel]) -> None:
    """Without diffusion China falls further behind than with it (same seeds)."""
    for seed in (1, 2, 3):
        gaps = {}
        for rate in (0.0, 0.15):
            m = make_model(seed, end_year=2027, diffusion_rate=rate)
            models.append(m)
            m.run_model()
            gaps[rate] = m.kpi["capability_gap_months.CN"]
        assert gaps[0.0] > gaps[0.15], gaps


def test_breakthrough_lifts_the_picked_lab_and_spills_over_later(models: list[AIRaceModel]
                                                                 ) -> None:
    probs = {f"breakthrough_prob_per_year.{b}": 0.0 for b in BLOCS}
    calm = make_model(7, **probs)
    hit = make_model(7, **{**probs, "breakthrough_prob_per_year.CN": 1.0,
                           "breakthrough_size_oom": 0.2, "breakthrough_spillover": 0.8,
                           "diffusion_lag_months": 6.0})
    models += [calm, hit]
    calm.step()
    hit.step()
    diff = hit.lab_table.algo - calm.lab_table.algo
    members = np.flatnonzero(hit.lab_table.home == CN)
    pick = members[int(hit.shocks.breakthrough_pick[0, CN] * members.size)]
    assert diff[pick] == pytest.approx(0.2)
    assert np.abs(np.delete(diff, pick)).max() < 1e-12
    spill = hit.spillover[2]                       # published two quarters later
    assert spill[pick] == pytest.approx(0.0)
    np.testing.assert_allclose(np.delete(spill, pick), 0.2 * 0.8)


# ============================================================================================
# Shocks (model/shocks.py)
# ============================================================================================

def test_quarterly_probability_compounds_to_the_yearly_one() -> None:
    for p in (0.0, 0.02, 0.3, 1.0):
        q = quarterly_prob(p)
        assert 1.0 - (1.0 - q) ** 4 == pytest.approx(p)


def test_ar1_shocks() -> None:
    eps = np.random.default_rng(0).standard_normal((40, 2))
    assert (_ar1(eps, 0.0, 0.8) == 0).all()
    np.testing.assert_allclose(_ar1(eps, 0.1, 0.0), 0.1 * eps)
    x = _ar1(eps, 0.1, 0.8)
    np.testing.assert_allclose(x[1:], 0.8 * x[:-1] + 0.1 * eps[1:])


def test_taiwan_disruption_path() -> None:
    rng = np.random.default_rng(0)
    p = par(taiwan_disruption_year=2028, taiwan_supply_loss=0.8, taiwan_recovery_years=3.0)
    s = Shocks(p, rng)
    assert s.taiwan_start == 12
    assert s.taiwan_loss_at(11) == 0.0
    assert s.taiwan_loss_at(12) == pytest.approx(0.8)
    assert s.taiwan_loss_at(18) == pytest.approx(0.4)
    assert s.taiwan_loss_at(24) == 0.0 and s.taiwan_loss_at(40) == 0.0
    late = Shocks(par(taiwan_disruption_year=2040), np.random.default_rng(0))
    assert late.taiwan_start == 60 and late.taiwan_loss_at(43) == 0.0
    never = Shocks(par(taiwan_disruption_prob_per_year=0.0), np.random.default_rng(0))
    assert never.taiwan_start is None and never.taiwan_loss_at(10) == 0.0


def test_random_taiwan_disruption_frequency_and_monotone_coupling() -> None:
    """Over many seeds the random start matches the yearly probability, and a higher
    probability never starts the disruption later on the same seed (common numbers)."""
    horizon, n = 40, 400
    hits = 0
    for seed in range(n):
        lo = Shocks(par(taiwan_disruption_prob_per_year=0.1), np.random.default_rng(seed))
        hi = Shocks(par(taiwan_disruption_prob_per_year=0.3), np.random.default_rng(seed))
        if lo.taiwan_start is not None:
            assert hi.taiwan_start is not None and hi.taiwan_start <= lo.taiwan_start
            hits += lo.taiwan_start < horizon
    expected = 1.0 - 0.9 ** (horizon / 4)          # at least one event in ten years
    assert abs(hits / n - expected) < 4 * math.sqrt(expected * (1 - expected) / n)


def test_shocks_do_not_depend_on_the_horizon(models: list[AIRaceModel]) -> None:
    """A seed gives the same shocks whatever the run's end_year (common random numbers
    across horizons)."""
    short, long_ = make_model(4, end_year=2026), make_model(4, end_year=2035)
    models += [short, long_]
    for attr in ("energy_log", "demand_log", "incident_u", "breakthrough", "breakthrough_pick"):
        np.testing.assert_array_equal(getattr(short.shocks, attr), getattr(long_.shocks, attr))
    assert short.shocks.taiwan_start == long_.shocks.taiwan_start


SHOCK_PARAMS = (("energy_log", ("energy_shock_sigma", "energy_shock_persistence")),
                ("demand_log", ("demand_shock_sigma", "demand_shock_persistence")),
                ("incident_u", ()), ("breakthrough_pick", ()))


def test_shocks_are_common_random_numbers_across_scenarios(models: list[AIRaceModel]) -> None:
    """The same seed gives the same shock paths in every scenario; a scenario that raises a
    breakthrough probability only adds breakthroughs."""
    base = make_model(11, end_year=2030)
    models.append(base)
    for name in scenario_names():
        m = make_model(11, scenario=name, end_year=2030)
        models.append(m)
        same = [a for a, keys in SHOCK_PARAMS if all(m.p[k] == base.p[k] for k in keys)]
        for attr in same:
            np.testing.assert_array_equal(getattr(m.shocks, attr), getattr(base.shocks, attr),
                                          err_msg=f"{name}: {attr}")
        more = np.array([m.p[f"breakthrough_prob_per_year.{b}"]
                         >= base.p[f"breakthrough_prob_per_year.{b}"] for b in BLOCS])
        assert (m.shocks.breakthrough[:, more] >= base.shocks.breakthrough[:, more]).all()
        if not m.p["taiwan_disruption_year"]:
            assert m.shocks.taiwan_start == base.shocks.taiwan_start
    other = make_model(12, end_year=2030)
    models.append(other)
    assert not np.array_equal(other.shocks.incident_u, base.shocks.incident_u)


def test_same_seed_same_run_different_seed_different_run() -> None:
    from airace.model import simulate

    a = simulate({"end_year": 2026}, 5)
    b = simulate({"end_year": 2026}, 5)
    c = simulate({"end_year": 2026}, 6)
    assert a == b
    assert a != c


def test_poisson_inversion_matches_the_poisson_quantile_function() -> None:
    rng = np.random.default_rng(0)
    u = rng.random(2000)
    for lam in (0.05, 0.7, 3.0, 12.0):
        counts = poisson_from_uniform(u, np.full(u.size, lam))
        np.testing.assert_array_equal(counts, stats.poisson.ppf(u, lam).astype(int))
        assert abs(counts.mean() - lam) < 4 * math.sqrt(lam / u.size)
    assert (poisson_from_uniform(u[:10], np.zeros(10)) == 0).all()
    lam = np.linspace(0.1, 5.0, 50)                 # monotone in the rate for a fixed draw
    for ui in u[:20]:
        k = poisson_from_uniform(np.full(lam.size, ui), lam)
        assert (np.diff(k) >= 0).all()


# ============================================================================================
# Investors (agents/investor.py)
# ============================================================================================

def test_jv_schedule() -> None:
    quarters = [2025.0 + q / 4 for q in range(40)]
    flows = [jv_schedule(100.0, 500.0, 4.0, y) for y in quarters]
    assert flows[:4] == [25.0] * 4
    assert flows[4:16] == pytest.approx([400.0 / 12] * 12)
    assert flows[16:] == [0.0] * 24
    assert sum(flows) == pytest.approx(500.0)
    assert jv_schedule(100.0, 50.0, 4.0, 2026.0) == 0.0      # nothing beyond the initial


def _investor(m: AIRaceModel, name: str) -> Any:
    return next(i for i in m.investors.agents if i.name == name)


def test_investor_inflows_and_deployment(world: AIRaceModel) -> None:
    p = par(private_inflow_growth=0.15)
    vc = _investor(world, "us_vc")
    assert vc.inflow(p, 2025.0) == pytest.approx(p["private_inflow_usd_bn.US"] / 4)
    assert vc.inflow(p, 2027.0) == pytest.approx(p["private_inflow_usd_bn.US"] / 4 * 1.15 ** 2)
    fund = _investor(world, "cn_ai_fund")
    assert fund.public and not vc.public
    assert fund.inflow(p, 2030.0) == pytest.approx(p["state_fund_usd_bn.CN"] / 4)
    jv = _investor(world, "stargate")
    assert jv.inflow(p, 2025.5) == pytest.approx(p["stargate_initial_usd_bn"] / 4)
    vc.pool = jv.pool = 10.0
    assert vc.deploy_amount(0.6) == pytest.approx(6.0)
    assert jv.deploy_amount(0.6) == 10.0


def test_allocation_weights() -> None:
    eligible = np.array([[1.0, 1.0, 0.0], [1.0, 1.0, 1.0], [0.0, 0.0, 0.0]])
    strategic = np.array([False, True, False])
    home = np.array([[1.0, 0, 0], [0, 0, 1.0], [1.0, 0, 0]])
    w = allocation_weights(eligible, strategic, home, np.array([2.0, 1.0, 0.0]),
                           np.array([0.0, -0.5, -1.0]), np.array([0.2, 0.7, 0.6]),
                           1.0, 1.5, 1.0, 1.0)
    np.testing.assert_allclose(w[:2].sum(axis=1), 1.0)
    assert w[0, 2] == 0.0 and (w[2] == 0).all()
    # return-seeker: revenue, capability, home bias, regulation premium
    assert w[0, 0] / w[0, 1] == pytest.approx(math.exp((2 - 1) + 0.5 + 1.5 - (0.2 - 0.7)))
    # strategic fund: capability and home only
    assert w[1, 2] / w[1, 0] == pytest.approx(math.exp(-1.0 + 1.5))
    more_premium = allocation_weights(eligible, strategic, home, np.array([2.0, 1.0, 0.0]),
                                      np.array([0.0, -0.5, -1.0]), np.array([0.2, 0.7, 0.6]),
                                      1.0, 1.5, 3.0, 1.0)
    assert more_premium[0, 1] < w[0, 1]
    np.testing.assert_allclose(more_premium[1], w[1])
    capable = allocation_weights(eligible, strategic, home, np.array([2.0, 1.0, 0.0]),
                                 np.array([0.0, -0.5, -1.0]), np.array([0.2, 0.7, 0.6]),
                                 1.0, 1.5, 1.0, 3.0)
    assert capable[1, 2] / capable[1, 0] == pytest.approx(math.exp(-3.0 + 1.5))


def test_legal_limits_and_mandates_in_the_model(models: list[AIRaceModel]) -> None:
    m = make_model(us_outbound_restriction=1.0)
    half = make_model(us_outbound_restriction=0.5)
    models += [m, half]
    cn = m.cn_lab
    vc = _investor(m, "us_vc").idx
    assert (m.investors.eligible[vc, cn] == 0).all() and (m.investors.eligible[vc, ~cn] == 1).all()
    assert (half.investors.eligible[vc, cn] == 0.5).all()
    sg = _investor(m, "stargate").idx
    target = np.zeros(len(m.labs.agents))
    target[m.labs.index["openai"]] = 1.0
    np.testing.assert_array_equal(m.investors.eligible[sg], target)
    eu_fund = _investor(m, "eu_investai").idx
    assert (m.investors.eligible[eu_fund, m.lab_table.home != EU] == 0).all()
    # the JV's money reaches only its target firm
    cash0 = m.lab_table.cash.copy()
    m.investors.deploy(m.p, m.year, m.labs, m.regulation()[m.lab_table.home])
    gained = m.lab_table.cash - cash0
    jv_flow = m.p["stargate_initial_usd_bn"] / 4
    assert gained[m.labs.index["openai"]] >= jv_flow * (1 - 1e-12)


def test_capital_flows_from_investors_to_firms(models: list[AIRaceModel]) -> None:
    """What investors deploy arrives in firms' cash, booked as private or public equity."""
    m = make_model()
    models.append(m)
    for _ in range(2):                             # a second round: pools and revenues exist
        cash0 = m.lab_table.cash.copy()
        priv0, pub0 = m.lab_table.private_in_cum.copy(), m.lab_table.public_in_cum.copy()
        deployed0 = {i.name: i.deployed_cum for i in m.investors.agents}
        m.investors.deploy(m.p, m.year, m.labs, m.regulation()[m.lab_table.home])
        deployed = {i.name: i.deployed_cum - deployed0[i.name] for i in m.investors.agents}
        public = sum(deployed[i.name] for i in m.investors.agents if i.public)
        total = sum(deployed.values())
        assert total > 0
        assert (m.lab_table.cash - cash0).sum() == pytest.approx(total)
        assert (m.lab_table.private_in_cum - priv0).sum() == pytest.approx(total - public)
        assert (m.lab_table.public_in_cum - pub0).sum() == pytest.approx(public)
        m.step()


def test_incidents_grow_with_the_hazard_on_the_same_draws(models: list[AIRaceModel]) -> None:
    """Incident counts use pre-drawn uniforms: a higher hazard (rate) never gives fewer
    incidents on the same seed, stricter rules never more; the rate scales the mean."""
    counts = {}
    for key, params in {"low": {"incident_rate_2025": 0.5}, "high": {"incident_rate_2025": 5.0},
                        "strict": {"incident_rate_2025": 5.0, **{f"regulation.{b}": 1.0
                                                               for b in BLOCS}}}.items():
        m = make_model(9, end_year=2027, **params)
        models.append(m)
        m.run_model()
        counts[key] = m.incidents_cum.copy()
    assert (counts["high"] >= counts["low"]).all() and counts["high"].sum() > counts["low"].sum()
    assert (counts["strict"] <= counts["high"]).all()


# ============================================================================================
# States (agents/state.py)
# ============================================================================================

def _state(m: AIRaceModel, bloc: str) -> Any:
    return m.states[bloc]


def test_state_disburses_its_budget(world: AIRaceModel) -> None:
    s = _state(world, "EU")
    p = world.p
    budget = p["public_budget_usd_bn.EU"] / 4
    money_in, money_out = world.money_in, world.money_out
    s.act()
    assert s.treasury == pytest.approx(budget * p["fund_share_compute.EU"])
    assert s.chip_money == pytest.approx(budget * p["fund_share_chips.EU"])
    talent = budget * (1 - p["fund_share_compute.EU"] - p["fund_share_chips.EU"])
    assert s.talent_cum == pytest.approx(talent)
    assert s.public_spent_cum == pytest.approx(s.chip_money + talent)
    assert world.money_in - money_in == pytest.approx(budget)
    assert world.money_out - money_out == pytest.approx(s.chip_money + talent)
    assert s.draw_cofinance(1e9) == pytest.approx(budget * p["fund_share_compute.EU"])
    assert s.treasury == 0.0 and s.draw_cofinance(1.0) == 0.0


def _kpi(**values: float) -> dict[str, float]:
    base = {"capability_gap_months.CN": 20.0, "capability_gap_months.EU": 5.0,
            "compute_share.EU": 1.0}
    return {**base, **values}


def test_us_tightens_export_controls_while_china_is_close(models: list[AIRaceModel]) -> None:
    m = make_model(policy_mode="adaptive", ec_gap_threshold_months=6.0, ec_step=0.05,
                   **{"export_control.US": 0.75})
    models.append(m)
    us = _state(m, "US")
    us.adapt(m.p, _kpi(**{"capability_gap_months.CN": 7.0}))
    assert us.export_control == 0.75
    us.adapt(m.p, _kpi(**{"capability_gap_months.CN": 5.0}))
    assert us.export_control == pytest.approx(0.80)
    for _ in range(10):
        us.adapt(m.p, _kpi(**{"capability_gap_months.CN": 5.0}))
    assert us.export_control == 1.0


def test_eu_raises_its_fund_while_behind_its_share_target(models: list[AIRaceModel]) -> None:
    m = make_model(policy_mode="adaptive", eu_share_target_multiple=3.0, eu_target_year=2030,
                   eu_fund_step=0.1, eu_fund_max_multiple=1.5)
    models.append(m)
    eu = _state(m, "EU")
    m.year = 2027.5                                # half-way: target = share0 x 3 ** 0.5
    target = m.eu_share_2025 * 3.0 ** 0.5
    eu.adapt(m.p, _kpi(**{"compute_share.EU": target * 1.01}))
    assert eu.budget_multiplier == 1.0
    eu.adapt(m.p, _kpi(**{"compute_share.EU": target * 0.99}))
    assert eu.budget_multiplier == pytest.approx(1.1)
    for _ in range(10):
        eu.adapt(m.p, _kpi(**{"compute_share.EU": 0.0}))
    assert eu.budget_multiplier == 1.5
    budget = m.p["public_budget_usd_bn.EU"] / 4 * 1.5
    t0 = eu.treasury
    eu.act()                                       # the multiplier scales the budget
    assert eu.treasury - t0 == pytest.approx(budget * m.p["fund_share_compute.EU"])


def test_eu_eases_rules_while_far_behind_and_concern_pushes_rules_up(
        models: list[AIRaceModel]) -> None:
    m = make_model(policy_mode="adaptive", eu_dereg_gap_months=18.0, regulation_step=0.02,
                   incident_regulation_response=0.03, concern_decay=0.5,
                   **{"regulation.EU": 0.7})
    models.append(m)
    eu = _state(m, "EU")
    eu.adapt(m.p, _kpi(**{"capability_gap_months.EU": 12.0}))
    assert eu.regulation == pytest.approx(0.7)
    eu.adapt(m.p, _kpi(**{"capability_gap_months.EU": 24.0}))
    assert eu.regulation == pytest.approx(0.68)
    eu.record_incidents(4, 0.5)
    eu.record_incidents(2, 0.5)
    assert eu.concern == pytest.approx(4.0)
    eu.adapt(m.p, _kpi(**{"capability_gap_months.EU": 12.0}))
    assert eu.regulation == pytest.approx(0.68 + 0.03 * 4.0)
    eu.record_incidents(1000, 0.5)
    eu.adapt(m.p, _kpi())
    assert eu.regulation == 1.0


def test_fixed_policy_mode_never_adapts(models: list[AIRaceModel]) -> None:
    m = make_model(policy_mode="fixed")
    models.append(m)
    m.kpi = _kpi(**{"capability_gap_months.CN": 0.0, "capability_gap_months.EU": 99.0,
                    "compute_share.EU": 0.0})
    for s in m.states.values():
        s.record_incidents(50, 0.9)
        s.act()
    assert m.states["US"].export_control == m.p["export_control.US"]
    assert m.states["EU"].budget_multiplier == 1.0
    for b, s in m.states.items():
        assert s.regulation == m.p[f"regulation.{b}"]


def test_adaptive_model_runs_from_the_first_quarter(models: list[AIRaceModel]) -> None:
    m = make_model(policy_mode="adaptive", end_year=2026)
    models.append(m)
    m.run_model()
    assert m.steps == 8


# ============================================================================================
# KPIs (model/kpis.py)
# ============================================================================================

def test_kpis_agree_with_the_model_state(models: list[AIRaceModel]) -> None:
    m = make_model(end_year=2026)
    models.append(m)
    for _ in range(3):
        m.step()
    k, t, p = compute_kpis(m), m.lab_table, m.p
    by_loc = t.compute.sum(axis=(0, 2))
    for i, b in enumerate(BLOCS):
        assert k[f"compute_h100e.{b}"] == pytest.approx(by_loc[i])
        assert k[f"compute_share.{b}"] == pytest.approx(by_loc[i] / by_loc.sum())
        gw = t.power_gw[:, i].sum()
        conv = m.conventional_twh0[i] * (1 + p[f"conventional_dc_growth.{b}"]) ** (m.year - 2025)
        assert k[f"energy_twh.{b}"] == pytest.approx(gw * p["load_factor"] * 8766 / 1000 + conv)
        assert k[f"dc_power_gw.{b}"] == pytest.approx(gw)
        assert k[f"regulation.{b}"] == m.states[b].regulation
    assert sum(k[f"compute_share.{b}"] for b in BLOCS) == pytest.approx(1.0)
    assert sum(k[f"revenue_share.{b}"] for b in BLOCS) == pytest.approx(1.0)
    assert k["energy_twh.WORLD"] == pytest.approx(sum(k[f"energy_twh.{b}"] for b in BLOCS))
    leader = max(BLOCS, key=lambda b: k[f"frontier_capability.{b}"])
    assert k[f"capability_gap_months.{leader}"] == 0.0
    assert min(k[f"capability_gap_months.{b}"] for b in BLOCS) >= 0.0
    assert min(k[f"compute_lag_years.{b}"] for b in BLOCS) == 0.0
    assert k["largest_run_flop"] == pytest.approx(t.train_flop.max())
    assert k["export_control.US"] == m.states["US"].export_control
    assert k["revenue_usd_bn.US"] == pytest.approx(4 * t.revenue[t.home == US].sum())


def _sovereign_setup(m: AIRaceModel, eu_soil_frac: float, eu_vendor_frac: float,
                     eu_market_share: float) -> None:
    """EU firms hold compute, a fraction on EU soil, and serve a share of EU demand; the
    compute on EU soil is a fraction European-made."""
    t = m.lab_table
    eu_firms = np.flatnonzero(t.home == EU)
    eu_v = next(v.idx for v in m.chips.vendors if v.home == "EU")
    us_v = m.chips.us_vendor.idx
    t.compute[:] = 0.0
    for j in eu_firms:
        t.compute[j, EU, eu_v] = 100.0 * eu_soil_frac * eu_vendor_frac
        t.compute[j, EU, us_v] = 100.0 * eu_soil_frac * (1 - eu_vendor_frac)
        t.compute[j, US, us_v] = 100.0 * (1 - eu_soil_frac)
    m.market_share = np.zeros((len(m.labs.agents), len(BLOCS)))
    m.market_share[eu_firms, EU] = eu_market_share / eu_firms.size
    m.market_share[t.home == US, EU] = (1 - eu_market_share) / (t.home == US).sum()


@pytest.mark.parametrize(("soil", "vendor", "share", "expected"), [
    (1.0, 1.0, 1.0, 1.0),        # EU firms serve all EU demand from EU soil on EU chips
    (1.0, 0.0, 0.0, 0.0),        # US chips only, US firms serve the EU
    (0.5, 1.0, 1.0, 0.75),       # half of EU firms' compute abroad
    (1.0, 0.5, 0.4, 0.45),       # 0.5 x 0.4 served + 0.5 x 0.5 independent
])
def test_sovereignty_index(world: AIRaceModel, soil: float, vendor: float, share: float,
                           expected: float) -> None:
    _sovereign_setup(world, soil, vendor, share)
    assert sovereignty_index(world) == pytest.approx(expected)


def test_a_vanishing_offgrid_scale_is_no_option() -> None:
    """A scale of the size of a rounding error buys nothing (and gives no overflow)."""
    grid = power.PowerGrid(np.zeros(2), horizon_q=4, lead_q=1)
    cost = grid._commission(0, np.ones((2, 2)), np.ones(2), _PayingLabs(),
                            np.ones(2), np.ones(2), np.array([2.2e-309, 1e-12]))
    assert cost == 0.0 and not grid.offgrid_due.any()


def test_local_presence_is_each_firms_share_of_a_regions_compute() -> None:
    comp = np.array([[3.0, 0.0, 1.0, 0.0], [1.0, 2.0, 0.0, 0.0]])   # [firm, region]
    presence = services.local_presence(comp)
    assert presence[:, 0] == pytest.approx([0.75, 0.25])
    assert presence[:, 1] == pytest.approx([0.0, 1.0])
    assert (presence[:, 3] == 0.0).all()              # no compute there: no presence


def test_building_in_a_region_wins_customers_there() -> None:
    """OpenAI for Countries: partner co-financing puts US firms' data centres in ROW; with the
    presence channel US providers win ROW spending, without it (weight 0) they barely do."""
    gain = {}
    for weight in (0.0, 1.5):
        params = {"end_year": 2030, "local_presence_weight": weight}
        base = AIRaceModel("baseline", params, rng=3, record_series=False)
        ofc = AIRaceModel("openai_for_countries", params, rng=3, record_series=False)
        for m in (base, ofc):
            m.run_model()
        gain[weight] = (ofc.outcomes()["row_revenue_share.US@2030"]
                        - base.outcomes()["row_revenue_share.US@2030"])
    assert gain[1.5] > 0.003 and gain[1.5] > 3 * abs(gain[0.0])
