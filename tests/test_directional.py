"""Directional (comparative-statics) tests: every policy lever and every scenario against a
control arm, on a seeded ensemble with common random numbers and a paired statistical test.

Each case names the lever (or scenario), the two values it compares, the outcome the
mechanism must move and the expected direction - all taken from the mechanism (docs/ODD.md,
the code of model/ and agents/) or the scenario files, never from a model run. Both arms use the
same seeds (the shocks are drawn up front from the seed, so they are common to both arms);
the test is one-sided at ``ALPHA``: a sign test when all non-zero paired differences share
one sign, else a Wilcoxon signed-rank test. With ``len(SEEDS) == 8`` the smallest possible
p-value is 2**-8 = 0.0039, so one tied pair still leaves a significant result possible.

Horizons are as short as the effect allows (``end_year``) to keep the file fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import mesa
import numpy as np
import pytest
from scipy import stats

from airace.model import AIRaceModel
from airace.model.parameters import BLOCS, REGISTRY
from airace.model.scenarios import scenario_names

SEEDS = tuple(range(7100, 7108))
ALPHA = 0.01
LEVER_GROUPS = ("us_policy", "eu_policy", "cn_policy", "public_funds", "regulation")
ADAPTIVE = {"policy_mode": "adaptive"}
# No random Taiwan disruption in either arm, for mechanisms of the normal chip market: under a
# disruption chips are rationed, so extra demand buys nothing (and the price index is the
# disruption's, not the lever's).
NO_TAIWAN = {"taiwan_disruption_prob_per_year": 0.0}


def ample_pool(bloc: str) -> dict[str, Any]:
    """A public compute pool large enough to pay the co-financing asked of it: otherwise the
    pool, not the co-financing share, limits the public money (the default EU pool of
    $2.5 bn/yr is exhausted at a share of a third), and the share only spreads it thinner."""
    return {f"public_budget_usd_bn.{bloc}": 200.0, f"fund_share_compute.{bloc}": 1.0,
            f"fund_share_chips.{bloc}": 0.0}


# --- running the arms (cached: control arms are shared between cases) ------------------------

_CACHE: dict[tuple[Any, ...], dict[str, float]] = {}


def _q4_values(scenario: str, params: dict[str, Any], seed: int) -> dict[str, float]:
    """Q4 value of every KPI for every simulated year (``kpi.BLOC@YEAR``), plus world totals
    (``compute_h100e.WORLD``, ``incidents.WORLD``, ``revenue_usd_bn.WORLD``) and, at the
    horizon, the installed compute and the capacity of each chip vendor
    (``h100e_by_vendor.NAME@end``, ``chip_capacity.NAME@end``, ``chip_capacity.WORLD@end``).
    Parameters at their registry default are dropped, so equal arms share one cache entry."""
    params = {k: v for k, v in params.items() if v != REGISTRY[k].default}
    key = (scenario, tuple(sorted(params.items())), seed)
    if key in _CACHE:
        return _CACHE[key]
    model = AIRaceModel(scenario=scenario, params=params, rng=seed)
    try:
        model.run_model()
        series = model.datacollector.model_vars
        out: dict[str, float] = {}
        for year in range(2025, int(model.p["end_year"]) + 1):
            idx = (year - 2025) * 4 + 3
            for name, values in series.items():
                out[f"{name}@{year}"] = float(values[idx])
            for kpi in ("compute_h100e", "incidents", "revenue_usd_bn"):
                out[f"{kpi}.WORLD@{year}"] = sum(out[f"{kpi}.{b}@{year}"] for b in BLOCS)
        by_vendor = model.lab_table.compute.sum(axis=(0, 1))
        for v in model.chips.vendors:
            out[f"h100e_by_vendor.{v.name}@end"] = float(by_vendor[v.idx])
            out[f"chip_capacity.{v.name}@end"] = v.capacity
        out["chip_capacity.WORLD@end"] = sum(v.capacity for v in model.chips.vendors)
        cn_v = next(v.idx for v in model.chips.vendors if v.home == "CN")
        non_cn = model.lab_table.home != BLOCS.index("CN")
        out["h100e_cn_vendor_non_cn_firms@end"] = float(
            model.lab_table.compute[non_cn][:, :, cn_v].sum())
    finally:
        getattr(mesa.Agent, "_ids", {}).pop(model, None)
        model.remove_all_agents()
    _CACHE[key] = out
    return out


def _outcome(scenario: str, params: dict[str, Any], outcome: str) -> np.ndarray:
    return np.array([_q4_values(scenario, params, s)[outcome] for s in SEEDS])


def assert_direction(control: np.ndarray, treated: np.ndarray, sign: int, what: str) -> None:
    """One-sided paired test that ``sign * (treated - control)`` is positive, at ALPHA."""
    d = sign * (treated - control)
    scale = max(float(np.max(np.abs(control))), float(np.max(np.abs(treated))), 1e-300)
    nonzero = d[np.abs(d) > 1e-9 * scale]
    detail = (f"{what}: control mean {control.mean():.6g}, treated mean {treated.mean():.6g}, "
              f"paired differences (expected sign {sign:+d}) {np.round(sign * d, 6).tolist()}")
    assert nonzero.size > 0, f"the lever has no effect at all - {detail}"
    if (nonzero > 0).all():
        p = stats.binomtest(nonzero.size, nonzero.size, 0.5, alternative="greater").pvalue
        test = "sign test"
    else:
        p = stats.wilcoxon(nonzero, alternative="greater").pvalue
        test = "Wilcoxon"
    assert d.mean() > 0 and p < ALPHA, f"{test} p = {p:.4g} (need < {ALPHA}) - {detail}"


# --- the cases ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Lever:
    """``lever`` moved from ``low`` to ``high`` (all else as in ``common``) must move
    ``outcome`` in direction ``sign``; ``why`` is the mechanism."""

    lever: str
    low: Any
    high: Any
    outcome: str
    sign: int
    end_year: int
    why: str
    common: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.lever}:{self.outcome}"


L = Lever
LEVER_CASES: tuple[Lever, ...] = (
    # --- US policy ---------------------------------------------------------------------
    L("export_control.US", 0.75, 0.95, "compute_share.CN@2027", -1, 2027,
      "a larger denied share of China's demand for US accelerators (only partly replaced by "
      "dearer, scarcer domestic chips) lowers China's compute share"),
    L("export_control.US", 0.75, 0.95, "compute_lag_years.CN@2027", +1, 2027,
      "fewer chips for Chinese labs means smaller largest runs, a longer compute lag"),
    L("export_leakage", 0.2, 0.6, "compute_share.CN@2027", +1, 2027,
      "more of the denied demand still arrives (smuggling, remote access)"),
    L("reshoring_share_2030", 0.15, 0.9, "chip_price_index@2029", +1, 2029,
      "output made outside Taiwan carries the reshoring cost premium on US-vendor chips",
      NO_TAIWAN),
    L("reshoring_workforce_draw", 0.0, 0.5, "dc_power_gw.US@2029", -1, 2029,
      "reshoring absorbs US skilled trades, so the US workforce build-out limit binds "
      "below the grid limit once most output is reshored (with a grid that does not bind "
      "first: at the default grid build-out it does, see tests/test_vendors.py)",
      {"reshoring_share_2030": 0.9, "grid_gw_per_year.US": 30.0}),
    L("us_restricts_cn_services", 0.5, 1.0, "revenue_share.CN@2027", -1, 2027,
      "Chinese services lose (more of) the US market"),
    L("us_outbound_restriction", 0.0, 1.0, "private_investment_usd_bn.CN@2027", -1, 2027,
      "US and allied capital is barred from Chinese AI firms"),
    L("partner_cofinance_usd_bn", 2.0, 30.0, "compute_share.ROW@2029", +1, 2029,
      "partner states co-finance US-stack data centres on their (ROW) soil"),
    L("cn_chips_barred_abroad", 0.0, 1.0, "h100e_cn_vendor_non_cn_firms@end", -1, 2027,
      "non-Chinese firms may not buy Chinese accelerators (they would, at 35 vs 27.5 k$, "
      "for a small share of their demand)"),
    L("ec_gap_threshold_months", 0.0, 12.0, "export_control.US@2027", +1, 2027,
      "adaptive USA tightens while China is fewer months behind than the threshold "
      "(threshold 0: never)", ADAPTIVE),
    L("ec_step", 0.0, 0.05, "export_control.US@2027", +1, 2027,
      "adaptive USA tightens by ec_step per quarter while China is close",
      {**ADAPTIVE, "ec_gap_threshold_months": 12.0}),
    # export rules
    L("us_rules_share_eu_vendor", 0.0, 1.0, "eu_vendor_sales_h100e.CN@2027", -1, 2027,
      "the foreign direct product rule denies Chinese labs the European vendor's chips"),
    # --- EU policy ---------------------------------------------------------------------
    # export rules
    L("eu_export_control", 0.0, 1.0, "eu_vendor_sales_h100e.CN@2027", -1, 2027,
      "EU controls deny Chinese labs the European vendor's chips"),
    L("eu_chip_home_priority", 0.0, 1.0, "eu_vendor_sales_h100e.EU@2027", +1, 2027,
      "EU labs' orders are filled first from the European vendor's reserved output"),
    L("sovereignty_preference.EU", 0.3, 1.5, "revenue_share.EU@2027", +1, 2027,
      "EU customers prefer EU providers more strongly"),
    L("sovereignty_preference.EU", 0.3, 1.5, "sovereignty_index.EU@2027", +1, 2027,
      "more EU demand served by EU firms raises the served part of the index"),
    L("eu_restricts_cn_services", 0.3, 1.0, "revenue_share.CN@2027", -1, 2027,
      "Chinese services lose (more of) the EU market"),
    L("eu_share_target_multiple", 1.0, 10.0, "public_investment_usd_bn.EU@2029", +1, 2029,
      "adaptive EU raises its fund while its compute share is below the target path",
      ADAPTIVE),
    L("eu_target_year", 2026, 2035, "public_investment_usd_bn.EU@2027", -1, 2027,
      "a later target year makes the target path flatter, so the EU is behind it less often",
      ADAPTIVE),
    L("eu_fund_step", 0.0, 0.3, "public_investment_usd_bn.EU@2027", +1, 2027,
      "adaptive EU raises its budget by eu_fund_step per quarter while behind its target",
      {**ADAPTIVE, "eu_share_target_multiple": 10.0}),
    L("eu_fund_max_multiple", 1.0, 8.0, "public_investment_usd_bn.EU@2029", +1, 2029,
      "the cap on the adaptive EU budget multiplier binds while the EU stays behind",
      {**ADAPTIVE, "eu_share_target_multiple": 10.0}),
    L("eu_fund_max_multiple", 1.0, 8.0, "compute_share.EU@2029", +1, 2029,
      "a larger EU compute budget co-finances more data centres in the EU",
      {**ADAPTIVE, "eu_share_target_multiple": 10.0}),
    L("eu_dereg_gap_months", 0.0, 60.0, "regulation.EU@2029", +1, 2029,
      "adaptive EU eases rules while it trails the leader by more than the threshold "
      "(threshold 60: never)", ADAPTIVE),
    # --- China's policy ---------------------------------------------------------------------
    L("cn_mineral_restriction", 0.0, 1.0, "compute_h100e.US@2027", -1, 2027,
      "mineral export limits raise the cost of non-Chinese chips, so the same capex buys "
      "fewer of them"),
    L("cn_blocks_us_services", 0.0, 1.0, "revenue_share.US@2027", -1, 2027,
      "US services lose the Chinese market"),
    # --- public funds ------------------------------------------------------------------------
    L("siting_subsidy_weight", 0.0, 10.0, "sovereignty_index.EU@2029", +1, 2029,
      "co-financing is offered to firms at home; weighting it more pulls EU firms' data "
      "centres to EU soil and US firms' to the US/partner states (both raise the index)"),
    L("public_budget_usd_bn.US", 10.0, 60.0, "compute_h100e.US@2029", +1, 2029,
      "more US public money for data-centre co-financing and US chip capacity"),
    L("public_budget_usd_bn.EU", 5.0, 30.0, "compute_share.EU@2029", +1, 2029,
      "a larger EU budget co-finances more EU data centres (and EU chips)"),
    L("public_budget_usd_bn.CN", 15.0, 60.0, "compute_share.CN@2029", +1, 2029,
      "a larger Chinese budget co-finances data centres and domestic chip capacity"),
    L("public_budget_usd_bn.ROW", 3.0, 30.0, "compute_share.ROW@2029", +1, 2029,
      "a larger rest-of-world budget co-finances data centres there"),
    L("fund_share_compute.US", 0.1, 0.3, "compute_h100e.US@2029", +1, 2029,
      "more of the budget (taken from talent) co-finances US data centres",
      NO_TAIWAN),
    L("fund_share_compute.EU", 0.5, 0.7, "compute_h100e.EU@2029", +1, 2029,
      "more of the budget (taken from talent) co-finances EU data centres",
      NO_TAIWAN),
    L("fund_share_compute.CN", 0.4, 0.5, "compute_h100e.CN@2029", +1, 2029,
      "more of the budget (taken from talent) co-finances Chinese data centres",
      NO_TAIWAN),
    L("fund_share_compute.ROW", 0.5, 0.8, "compute_h100e.ROW@2029", +1, 2029,
      "more of the budget (taken from talent) co-finances rest-of-world data centres",
      NO_TAIWAN),
    L("fund_share_chips.US", 0.7, 0.9, "h100e_by_vendor.us_vendor@end", +1, 2029,
      "US chip money (taken from talent) adds US-vendor capacity: more US chips installed",
      NO_TAIWAN),
    L("fund_share_chips.EU", 0.3, 0.5, "h100e_by_vendor.eu_vendor@end", +1, 2029,
      "EU chip money (taken from talent) adds European accelerator capacity: more European "
      "chips installed"),
    L("fund_share_chips.CN", 0.5, 0.6, "h100e_by_vendor.cn_vendor@end", +1, 2029,
      "Chinese chip money (taken from talent) adds domestic accelerator capacity: more "
      "Chinese chips installed"),
    L("fund_share_chips.ROW", 0.2, 0.5, "chip_capacity.WORLD@end", +1, 2029,
      "rest-of-world chip money (Taiwan, Japan, Korea: 'domestic chip capacity') adds "
      "accelerator capacity somewhere", NO_TAIWAN),
    L("cofinance_share.US", 0.2, 0.5, "compute_h100e.US@2029", +1, 2029,
      "public money covers a larger share of each US data centre's capex",
      ample_pool("US")),
    L("cofinance_share.EU", 0.33, 0.6, "compute_h100e.EU@2029", +1, 2029,
      "public money covers a larger share of each EU data centre's capex",
      ample_pool("EU")),
    L("cofinance_share.CN", 0.3, 0.6, "compute_h100e.CN@2029", +1, 2029,
      "public money covers a larger share of each Chinese data centre's capex",
      ample_pool("CN")),
    L("cofinance_share.ROW", 0.2, 0.5, "compute_h100e.ROW@2029", +1, 2029,
      "public and partner money covers a larger share of each ROW data centre's capex",
      ample_pool("ROW")),
    # --- regulation --------------------------------------------------------------------------
    L("regulation.US", 0.2, 0.8, "incidents.US@2029", -1, 2029,
      "stricter rules lower the incident hazard"),
    L("regulation.EU", 0.3, 0.9, "incidents.EU@2029", -1, 2029,
      "stricter rules lower the incident hazard"),
    L("regulation.EU", 0.3, 0.9, "private_investment_usd_bn.EU@2027", -1, 2027,
      "investors charge a risk premium on firms at home under strict rules"),
    L("regulation.CN", 0.3, 0.9, "incidents.CN@2029", -1, 2029,
      "stricter rules lower the incident hazard"),
    L("regulation.ROW", 0.3, 0.9, "incidents.ROW@2029", -1, 2029,
      "stricter rules lower the incident hazard"),
    L("compliance_fixed_cost_usd_bn", 0.0, 1.0, "compute_h100e.WORLD@2029", -1, 2029,
      "fixed compliance costs (or lost markets) drain the cash that funds capex"),
    L("compliance_variable_cost", 0.0, 0.3, "compute_h100e.WORLD@2029", -1, 2029,
      "variable compliance costs drain the cash that funds capex"),
    L("compliance_delay_months", 0.0, 18.0, "revenue_usd_bn.WORLD@2027", -1, 2027,
      "time-to-market delays in regulated markets lower spending on AI services"),
    L("regulation_risk_premium", 0.0, 4.0, "private_investment_usd_bn.EU@2027", -1, 2027,
      "return-seekers shun firms whose home regulates strictly (EU 0.7 vs US 0.2)"),
    L("regulation_incident_reduction", 0.0, 0.9, "incidents.WORLD@2029", -1, 2029,
      "regulation cuts the incident hazard by this share at stringency 1"),
    L("incident_rate_2025", 0.5, 5.0, "incidents.WORLD@2029", +1, 2029,
      "a higher base hazard"),
    L("incident_capability_elasticity", 0.0, 0.5, "incidents.WORLD@2029", +1, 2029,
      "the hazard grows with deployed capability above the 2025 frontier"),
    L("concern_decay", 0.0, 0.95, "regulation.US@2029", +1, 2029,
      "more persistent public concern keeps adaptive regulation above its base for longer",
      ADAPTIVE),
    L("regulation_step", 0.0, 0.05, "regulation.EU@2027", -1, 2027,
      "adaptive EU eases its rules by regulation_step per quarter while far behind "
      "(threshold 0: always)", {**ADAPTIVE, "eu_dereg_gap_months": 0.0}),
    L("incident_regulation_response", 0.0, 0.1, "regulation.US@2029", +1, 2029,
      "public concern from incidents pushes adaptive regulation up", ADAPTIVE),
    L("compliance_home_head_start.EU", 0.0, 1.0, "eu_revenue_share.EU@2027", +1, 2027,
      "EU labs offer EU customers current models while foreign labs comply late"),
    L("compliance_home_head_start.US", 0.0, 1.0, "revenue_share.US@2027", +1, 2027,
      "US labs offer US customers current models while foreign labs comply late"),
    L("compliance_home_head_start.CN", 0.0, 1.0, "revenue_usd_bn.CN@2027", +1, 2027,
      "Chinese labs, which serve China, no longer wait for approval: Chinese customers use "
      "current models and spend more"),
    L("compliance_home_head_start.ROW", 0.0, 1.0, "row_revenue_share.ROW@2027", +1, 2027,
      "ROW labs offer ROW customers current models while foreign labs comply late"),
    L("incident_trust_penalty", 0.0, 1.0, "revenue_share.US@2029", -1, 2029,
      "incidents fall on providers by share, so distrust costs the largest (US) providers "
      "most"),
)


@dataclass(frozen=True)
class ScenarioCase:
    """Scenario ``scenario`` against baseline (both with ``common``) moves ``outcome``."""

    scenario: str
    outcome: str
    sign: int
    end_year: int
    why: str
    common: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.scenario}:{self.outcome}"


S = ScenarioCase
SCENARIO_CASES: tuple[ScenarioCase, ...] = (
    S("stargate_full", "compute_h100e.US@2027", +1, 2027,
      "$100 bn at once and $500 bn over four years into OpenAI's US data centres"),
    S("eu_gigafactories", "compute_share.EU@2029", +1, 2029,
      "the InvestAI fund co-finances gigafactories in the EU, with more private capital "
      "and grid"),
    S("eu_simplification", "eu_revenue_share.US@2027", +1, 2027,
      "lighter rules: foreign (US) labs comply sooner and lose less EU share to EU labs (the "
      "sign of the effect on EU labs' revenue depends on the channels, docs/ODD.md 7.18)"),
    S("eu_ai_continent", "compute_share.EU@2029", +1, 2029,
      "both EU options: co-financed gigafactories with more capital and grid, and the "
      "simpler AI Act"),
    S("export_controls_tight", "compute_share.CN@2027", -1, 2027,
      "more denial and less leakage: fewer US chips reach China"),
    S("export_controls_tight", "compute_lag_years.CN@2027", +1, 2027,
      "smaller Chinese training runs relative to the leader's"),
    S("export_controls_relaxed", "compute_share.CN@2027", +1, 2027,
      "less denial: more US chips reach China"),
    S("export_controls_relaxed", "compute_lag_years.CN@2027", -1, 2027,
      "larger Chinese training runs relative to the leader's"),
    S("china_push", "compute_share.CN@2029", +1, 2029,
      "more public money for Chinese data centres and domestic chips, faster domestic "
      "capacity growth"),
    S("china_push", "frontier_capability.CN@2029", +1, 2029,
      "more compute, talent money and more frequent efficiency breakthroughs"),
    S("openai_for_countries", "compute_share.ROW@2029", +1, 2029,
      "partner states co-finance US-stack data centres on their soil, with more grid"),
    S("openai_for_countries", "us_stack_share.ROW@2029", +1, 2029,
      "the partner states' new compute runs on the US stack"),
    S("openai_for_countries", "cn_stack_share.ROW@2029", -1, 2029,
      "so the Chinese stack's share of compute in the partner states falls"),
    S("openai_for_countries", "row_revenue_share.US@2029", +1, 2029,
      "US providers win more of the partner states' AI spending (more capability, home "
      "presence)"),
    S("openai_for_countries", "row_revenue_share.CN@2029", -1, 2029,
      "and Chinese providers less"),
    S("us_reshoring", "chip_gross_margin.US@2029", -1, 2029,
      "reshored US-vendor output carries a cost premium; prices follow what buyers pay for "
      "the supply, so the premium cuts the vendor's margin", NO_TAIWAN),
    S("taiwan_disruption", "chip_price_index@2028", +1, 2029,
      "80 % of Taiwan-made output lost from 2028Q1: excess demand raises the mark-up"),
    S("taiwan_disruption", "chip_price_index@2029", +1, 2029,
      "output recovers only linearly over three years, prices stay high"),
    S("taiwan_disruption", "compute_h100e.WORLD@2029", -1, 2029,
      "fewer accelerators are delivered while Taiwan's output is disrupted"),
)


# --- coverage of the cases ----------------------------------------------------------------

def test_every_policy_lever_has_a_directional_case() -> None:
    levers = {p.name for p in REGISTRY.values() if p.group in LEVER_GROUPS}
    covered = {c.lever for c in LEVER_CASES}
    assert levers - covered == set(), "levers without a directional test"
    assert covered - levers == set(), "cases for parameters that are not levers (any more)"


def test_every_scenario_has_a_directional_case() -> None:
    others = set(scenario_names()) - {"baseline"}
    assert others, "no scenarios found"
    assert others == {c.scenario for c in SCENARIO_CASES}


@pytest.mark.parametrize("case", LEVER_CASES, ids=lambda c: c.id)
def test_lever_direction(case: Lever) -> None:
    p = REGISTRY[case.lever]
    for value in (case.low, case.high):
        assert p.validate(value) == value  # the compared values are admissible
    base = {**case.common, "end_year": case.end_year}
    control = _outcome("baseline", {**base, case.lever: case.low}, case.outcome)
    treated = _outcome("baseline", {**base, case.lever: case.high}, case.outcome)
    assert np.isfinite(control).all() and np.isfinite(treated).all()
    assert_direction(control, treated, case.sign,
                     f"{case.lever} {case.low} -> {case.high} on {case.outcome} ({case.why})")


@pytest.mark.parametrize("case", SCENARIO_CASES, ids=lambda c: c.id)
def test_scenario_direction(case: ScenarioCase) -> None:
    base = {**case.common, "end_year": case.end_year}
    control = _outcome("baseline", base, case.outcome)
    treated = _outcome(case.scenario, base, case.outcome)
    assert np.isfinite(control).all() and np.isfinite(treated).all()
    assert_direction(control, treated, case.sign,
                     f"{case.scenario} vs baseline on {case.outcome} ({case.why})")


def test_reshoring_cushions_a_taiwan_disruption() -> None:
    """Scenario: us_reshoring is 'dearer, less exposed to Taiwan'. Under the same forced
    disruption, the fall of world compute (disrupted minus undisrupted, paired by seed) is
    smaller with reshoring than without."""
    shock = {"end_year": 2029, "taiwan_disruption_year": 2028, "taiwan_supply_loss": 0.8,
             "taiwan_recovery_years": 3.0}
    calm = {"end_year": 2029}
    key = "compute_h100e.WORLD@2029"
    loss_base = _outcome("baseline", calm, key) - _outcome("baseline", shock, key)
    loss_resh = _outcome("us_reshoring", calm, key) - _outcome("us_reshoring", shock, key)
    assert (loss_base > 0).all(), "a Taiwan disruption must lower world compute"
    assert_direction(loss_base, loss_resh, -1, "loss of world compute in 2029 from a 2028 "
                     "Taiwan disruption, us_reshoring vs baseline")


def test_the_paired_test_can_fail() -> None:
    """The helper rejects no effect, the wrong direction and noise."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=len(SEEDS))
    with pytest.raises(AssertionError, match="no effect"):
        assert_direction(x, x.copy(), +1, "identical arms")
    with pytest.raises(AssertionError):
        assert_direction(x, x - 1.0, +1, "wrong direction")
    with pytest.raises(AssertionError):
        assert_direction(x, x + rng.normal(size=x.size), +1, "pure noise")
    assert_direction(x, x + 1.0, +1, "a clear effect")


def test_export_controls_widen_the_gap_when_ideas_not_capability_diffuse() -> None:
    """With diffusion of ideas only (``distillation_share`` = 0), tight export controls
    widen China's 2030 capability gap against relaxed ones (paired seeds), and by more than
    when capability itself diffuses (= 1), where diffusion makes up for lost compute."""
    gap = "capability_gap_months.CN@2030"
    effect = {}
    for share in (0.0, 1.0):
        params = {"distillation_share": share}
        relaxed = _outcome("export_controls_relaxed", params, gap)
        tight = _outcome("export_controls_tight", params, gap)
        effect[share] = tight - relaxed
        if share == 0.0:
            assert_direction(relaxed, tight, +1, "tight vs relaxed controls, ideas only")
    assert_direction(effect[1.0], effect[0.0], +1, "control effect: ideas only vs distillation")
    # material: with ideas only, tight controls cost China at least a month of capability
    # in 2030 on average (seeds 7100-7107: 2.6 months), against next to nothing at 1
    assert effect[0.0].mean() >= 1.0, effect[0.0]


def test_eu_money_buys_power_off_the_grid() -> None:
    """With the off-grid option, more EU public money raises the EU compute share at every
    step (1 -> 20 -> 50 $bn/yr), although the EU grid is full; without it the money above
    20 $bn/yr buys next to nothing."""
    share = "compute_share.EU@2030"
    arms = [_outcome("baseline", {"public_budget_usd_bn.EU": b}, share) for b in (1.0, 20.0, 50.0)]
    assert_direction(arms[0], arms[1], +1, "EU budget 1 -> 20, off-grid option on")
    assert_direction(arms[1], arms[2], +1, "EU budget 20 -> 50, off-grid option on")
    closed = {"offgrid_gw_per_year.EU": 0.0}
    no_option = [_outcome("baseline", {**closed, "public_budget_usd_bn.EU": b}, share)
                 for b in (20.0, 50.0)]
    assert_direction(no_option[1] - no_option[0], arms[2] - arms[1], +1,
                     "gain from 20 -> 50 with the option vs without")
