"""Regulation binds every provider in a market (docs/ODD.md, 7.17-7.20): the investors' risk
premium follows the markets a firm serves, late compliers lose share in the market they
enter late, an incident costs the responsible provider demand, and the sign of a strict
home regime's effect on home firms comes out of these channels."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from airace.agents.investor import allocation_weights
from airace.agents.lab import regulatory_exposure
from airace.model import AIRaceModel, simulate
from airace.model.markets import services
from airace.model.parameters import BLOCS, defaults

US, EU, CN, ROW = (BLOCS.index(b) for b in ("US", "EU", "CN", "ROW"))
REG = np.array([0.2, 0.7, 0.6, 0.3])


def par(**changes: Any) -> dict[str, Any]:
    p = defaults()
    p.update(changes)
    return p


def make_model(models: list[AIRaceModel], seed: int = 11, **params: Any) -> AIRaceModel:
    params.setdefault("end_year", 2027)
    m = AIRaceModel(params=params, rng=seed)
    models.append(m)
    return m


# --- the risk premium follows the markets a firm serves ---------------------------------------

def test_a_us_lab_serving_the_eu_bears_the_eu_premium_in_proportion_to_its_eu_share() -> None:
    home = np.array([US, US, US, EU])
    revenue = np.array([[10.0, 0.0, 0.0, 0.0],     # US lab selling at home only
                        [6.0, 4.0, 0.0, 0.0],      # US lab with 40 % of its revenue in the EU
                        [0.0, 0.0, 0.0, 0.0],      # US lab before its first sales
                        [1.0, 9.0, 0.0, 0.0]])     # EU lab
    exposure = regulatory_exposure(revenue, revenue.sum(axis=1), REG, home)
    assert exposure[0] == pytest.approx(REG[US])
    assert exposure[1] - REG[US] == pytest.approx(0.4 * (REG[EU] - REG[US]))
    assert exposure[2] == REG[US]
    assert exposure[3] == pytest.approx(0.1 * REG[US] + 0.9 * REG[EU])
    # a return-seeker's odds between the two otherwise equal US labs: the EU rules on 40 % of
    # the second's revenue cost it premium x 0.4 x (0.7 - 0.2) utils; a strategic fund ignores it
    n = len(home)
    w = allocation_weights(np.ones((2, n)), np.array([False, True]), np.zeros((2, n)),
                           np.full(n, 1.0), np.zeros(n), exposure, 1.0, 0.0, 2.0, 1.0)
    assert w[0, 0] / w[0, 1] == pytest.approx(math.exp(2.0 * 0.4 * 0.5))
    assert w[1, 0] == pytest.approx(w[1, 1])


def test_in_the_model_a_us_lab_in_the_eu_market_bears_eu_rules(models: list[AIRaceModel]
                                                              ) -> None:
    """After its first quarter of sales OpenAI bears the regulation of its markets weighted by
    its revenue there (not its home's alone); the stricter the EU, the more."""
    exposure = {}
    for reg in (0.0, 0.7):
        m = make_model(models, **{"regulation.EU": reg})
        m.step()
        exposure[reg] = m.labs.regulatory_exposure(m.regulation())
        t = m.lab_table
        i = m.labs.index["openai"]
        eu_share = t.revenue_region[i, EU] / t.revenue[i]
        assert 0.0 < eu_share < 1.0
        mixed = (t.revenue_region[i] / t.revenue[i]) @ m.regulation()
        assert exposure[reg][i] == pytest.approx(mixed)
    i = models[0].labs.index["openai"]
    assert exposure[0.7][i] > exposure[0.0][i]


# --- late compliance costs share in that market ----------------------------------------------

def test_late_compliance_costs_share_in_that_market() -> None:
    """A US and an EU lab, equally attractive: under the EU's rules the US lab offers the EU
    older models and loses EU share to the EU lab, which built for its home rules; the US
    market is untouched. Without a home head start both are late, shares stay equal, and
    the EU's customers lose the common lag."""
    p = par(compliance_delay_months=6.0, frontier_oom_per_year=1.1,
            choice_capability_weight=2.5, **{"compliance_home_head_start.EU": 1.0})
    home = np.array([US, EU])
    weight = np.ones((2, 4))
    lags = services.EntryLags(p, home)
    free, loss_free = services.late_entry(weight, lags.weight_factor, 2.5)
    lags.update(REG)
    late, loss = services.late_entry(weight, lags.weight_factor, 2.5)
    s_free, s_late = services.shares_from_weights(free), services.shares_from_weights(late)
    assert s_late[0, EU] < s_free[0, EU] == 0.5 < s_late[1, EU]
    lag_us = 0.7 * 6.0 * 1.1 / 12.0
    assert s_late[0, EU] / s_late[1, EU] == pytest.approx(math.exp(-2.5 * lag_us))
    # in the US the roles turn: the EU lab complies late with the US's (lighter) rules
    lag_eu_in_us = 0.2 * 6.0 * 1.1 / 12.0
    assert s_late[0, US] / s_late[1, US] == pytest.approx(math.exp(2.5 * lag_eu_in_us))
    assert 0.0 < loss[EU] < lag_us and loss_free[EU] == 0.0
    equal = par(**{**p, "compliance_home_head_start.EU": 0.0})
    lags = services.EntryLags(equal, home)
    lags.update(REG)
    both, loss_both = services.late_entry(weight, lags.weight_factor, 2.5)
    assert services.shares_from_weights(both)[:, EU] == pytest.approx([0.5, 0.5])
    assert loss_both[EU] == pytest.approx(lag_us)


def test_in_the_model_late_compliers_lose_eu_share_to_eu_labs(models: list[AIRaceModel]
                                                             ) -> None:
    """Same seed, the EU's rules on or off: US labs' share of the EU market falls and EU
    labs' rises in the first quarter (before capital and capacity move)."""
    share = {}
    for reg in (0.0, 0.7):
        m = make_model(models, **{"regulation.EU": reg, "compliance_fixed_cost_usd_bn": 0.0})
        m.step()
        home = m.lab_table.home
        share[reg] = {b: float(m.market_share[home == BLOCS.index(b), EU].sum())
                      for b in ("US", "EU")}
    assert share[0.7]["US"] < share[0.0]["US"]
    assert share[0.7]["EU"] > share[0.0]["EU"]


# --- an incident costs the responsible provider demand ----------------------------------------

def test_incidents_are_attributed_in_proportion_to_hazard() -> None:
    by_provider = np.array([[0.1, 0.0], [0.3, 0.0]])
    hazard = by_provider.sum(axis=0)
    lam = 0.4
    p0 = math.exp(-lam)                    # P(N = 0): one incident for u in [p0, p0 + p1)
    p1 = p0 * lam
    counts = np.array([1, 0])
    first = services.attribute_incidents(counts, np.array([p0 + 0.2 * p1, 0.5]), hazard,
                                         by_provider)
    second = services.attribute_incidents(counts, np.array([p0 + 0.3 * p1, 0.5]), hazard,
                                          by_provider)
    assert first.tolist() == [1.0, 0.0] and second.tolist() == [0.0, 1.0]
    # over many draws each provider carries its hazard share of the incidents
    from airace.model.shocks import poisson_from_uniform
    rng = np.random.default_rng(3)
    tally = np.zeros(2)
    for u in rng.random((4000, 2)):
        n = poisson_from_uniform(u, hazard)
        tally += services.attribute_incidents(n, u, hazard, by_provider)
    assert tally[1] / tally.sum() == pytest.approx(0.75, abs=0.03)


def test_an_incident_costs_the_responsible_lab_demand_for_some_quarters(
        models: list[AIRaceModel]) -> None:
    """Two runs of one seed, one with certain incidents in the US market in 2026Q1: the lab
    they are attributed to loses revenue in the next quarter against the quiet run, and the
    loss fades as the distrust decays."""
    q = 4
    quiet, hit = make_model(models), make_model(models)
    quiet.shocks.incident_u[:] = 0.0           # no incidents anywhere in the quiet run
    hit.shocks.incident_u[:] = 0.0
    hit.shocks.incident_u[q, US] = 0.999
    for m in (quiet, hit):
        for _ in range(q + 1):
            m.step()
    culprit = int(np.argmax(hit.distrust))
    assert hit.distrust[culprit] > 0 and (quiet.distrust == 0).all()
    gaps = []
    for _ in range(6):
        for m in (quiet, hit):
            m.step()
        gaps.append(1.0 - hit.lab_table.revenue[culprit] / quiet.lab_table.revenue[culprit])
    assert gaps[0] > 0.01, f"revenue loss of {quiet.labs.agents[culprit].name}: {gaps}"
    assert gaps[-1] < gaps[0]


def test_no_trust_penalty_no_demand_effect(models: list[AIRaceModel]) -> None:
    quiet, hit = (make_model(models, incident_trust_penalty=0.0) for _ in range(2))
    quiet.shocks.incident_u[:] = 0.0
    hit.shocks.incident_u[:] = 0.0
    hit.shocks.incident_u[1, US] = 0.999
    for _ in range(4):
        quiet.step()
        hit.step()
    np.testing.assert_allclose(hit.lab_table.revenue, quiet.lab_table.revenue)


# --- the sign of the AI Act's effect on EU labs comes out of the channels ----------------------

COSTLY = {"compliance_fixed_cost_usd_bn": 0.5, "compliance_variable_cost": 0.1,
          "compliance_home_head_start.EU": 0.0, "incident_trust_penalty": 0.0}
HEAD_START = {"compliance_fixed_cost_usd_bn": 0.0, "compliance_variable_cost": 0.0,
              "compliance_home_head_start.EU": 1.0, "incident_trust_penalty": 0.3}


def act_effect_on_eu_labs(params: dict[str, Any], seeds: range = range(11, 14)) -> float:
    """Mean change of EU labs' AI-services revenue in 2027 from switching the AI Act on
    (regulation.EU 0 -> 0.7), in $bn/yr."""
    diffs = []
    for seed in seeds:
        on = simulate({"end_year": 2027, **params, "regulation.EU": 0.7}, seed)
        off = simulate({"end_year": 2027, **params, "regulation.EU": 0.0}, seed)
        diffs.append(on["revenue_usd_bn.EU@2027"] - off["revenue_usd_bn.EU@2027"])
    return float(np.mean(diffs))


@pytest.mark.parametrize(("params", "sign"), [(COSTLY, -1), (HEAD_START, +1)],
                         ids=["compliance-cost-dominates", "head-start-and-trust-dominate"])
def test_the_ai_acts_effect_on_eu_labs_can_take_either_sign(params: dict[str, Any],
                                                            sign: int) -> None:
    """Costly compliance that binds EU labs as late as everybody else makes the Act cost EU
    labs revenue; a home head start (foreign labs comply late) and customers' distrust of
    providers with incidents make it pay."""
    effect = act_effect_on_eu_labs(params)
    assert np.sign(effect) == sign, f"effect {effect:+.3g} $bn/yr with {params}"
