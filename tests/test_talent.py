"""Talent: top AI researchers as a stock that moves between blocs (agents/talent.py,
docs/ODD.md 7.15).

Public talent money draws researchers in proportion to what it adds to a bloc's total AI R&D,
researchers move between blocs with a lag, and research speed follows a bloc's share of them.
Expected values come from the equations in agents/talent.py worked by hand, or compare two
arms of the model on the same seeds.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from airace.agents.talent import TalentPool, attraction, flows, quarterly_mobility, target_shares
from airace.model import simulate, simulate_series
from airace.model.parameters import BLOCS, defaults
from airace.model.population import load_population
from airace.model.world import status_quo_talent_money

US, EU, CN, ROW = (BLOCS.index(b) for b in ("US", "EU", "CN", "ROW"))
SEEDS = tuple(range(11, 15))
CN_ALL_TO_TALENT = {"fund_share_compute.CN": 0.0, "fund_share_chips.CN": 0.0}


def _mean(key: str, params: dict[str, Any], scenario: str = "baseline",
          end_year: int = 2035) -> float:
    return float(np.mean([simulate({"end_year": end_year, **params}, s, scenario)[key]
                          for s in SEEDS]))


def _pool(private: tuple[float, ...] = (110.0, 8.0, 15.0, 12.0)) -> TalentPool:
    return TalentPool(np.array([0.42, 0.12, 0.28, 0.18]), np.array(private),
                      np.array([2.0, 1.0, 1.5, 0.9]), np.ones(4))


# --- the equations ------------------------------------------------------------------------

def test_status_quo_keeps_the_2025_shares_and_research_speed() -> None:
    """At the status-quo money and 2025 compute the attraction is 1 everywhere: shares and
    research speed stay put."""
    p, pool = defaults(), _pool()
    cum = np.zeros(4)
    for _ in range(8):
        cum = cum + np.array([2.0, 1.0, 1.5, 0.9]) / 4.0
        speed = pool.step(p, cum, np.ones(4))
    np.testing.assert_allclose(pool.share, pool.share0)
    np.testing.assert_allclose(speed, 1.0)


def test_partial_adjustment_is_the_net_of_gross_flows() -> None:
    """One quarter closes the share ``quarterly_mobility`` of the gap to the target, which is
    what the gross flows between blocs add up to; the world stock is conserved."""
    p, pool = defaults(), _pool()
    share = pool.share.copy()
    cum = np.array([2.0, 1.0, 15.0, 0.9]) / 4.0   # China pays $15 bn/yr for talent
    speed = pool.step(p, cum, np.ones(4))
    money = pool.private_rd + cum * 4.0
    target = target_shares(share, attraction(p, money, np.array([112.0, 9.0, 16.5, 12.9]),
                                             np.ones(4), np.ones(4)))
    mu = quarterly_mobility(p)
    assert mu == pytest.approx(1.0 - (1.0 - p["talent_mobility"]) ** 0.25)
    f = flows(share, target, mu)
    np.testing.assert_allclose(pool.share, share - f.sum(axis=1) + f.sum(axis=0))
    np.testing.assert_allclose(pool.share, share + mu * (target - share))
    assert pool.share.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(speed, (pool.share / share) ** p["talent_research_elasticity"])


def test_researchers_flow_toward_the_bloc_that_pays() -> None:
    """China's extra talent money draws researchers from every other bloc, quarter by quarter,
    and speeds Chinese research only through that share."""
    p, pool = defaults(), _pool()
    cum, history = np.zeros(4), []
    for _ in range(12):
        cum = cum + np.array([2.0, 1.0, 15.0, 0.9]) / 4.0
        speed = pool.step(p, cum, np.ones(4))
        history.append(pool.share.copy())
    cn = [h[CN] for h in history]
    assert all(b > a for a, b in zip(cn, cn[1:], strict=False))
    assert (history[-1][[US, EU, ROW]] < pool.share0[[US, EU, ROW]]).all()
    assert speed[CN] > 1.0 and (speed[[US, EU, ROW]] < 1.0).all()
    no_research_effect = pool.step({**p, "talent_research_elasticity": 0.0}, cum, np.ones(4))
    np.testing.assert_allclose(no_research_effect, 1.0)


def test_labs_compute_attracts_researchers() -> None:
    p, pool = defaults(), _pool()
    compute = np.array([1.0, 1.0, 4.0, 1.0])
    pool.step(p, np.array([2.0, 1.0, 1.5, 0.9]) / 4.0, compute)
    assert pool.share[CN] > pool.share0[CN]


def test_public_money_counts_in_proportion_to_total_rd() -> None:
    """The same extra public money draws more researchers where private R&D is small (a large
    public share) than where it is large: the pull is ((private + public) / reference)^eta."""
    p = defaults()
    gains = []
    for private_cn in (5.0, 50.0):
        pool = _pool((110.0, 8.0, private_cn, 12.0))
        pool.step(p, np.array([2.0, 1.0, 15.0, 0.9]) / 4.0, np.ones(4))
        gains.append(pool.share[CN] - pool.share0[CN])
        money = private_cn + 15.0
        assert pool.public_share[CN] == pytest.approx(15.0 / money)
    assert gains[0] > gains[1] > 0.0


def test_a_bloc_without_researchers_is_rejected() -> None:
    with pytest.raises(ValueError, match="researcher share"):
        TalentPool(np.array([0.5, 0.0, 0.3, 0.2]), np.ones(4), np.ones(4), np.ones(4))


# --- the data -------------------------------------------------------------------------------

def test_initial_researcher_shares_are_macropolos() -> None:
    """MacroPolo's Global AI Talent Tracker 2.0: US 42 %, China 28 % of top-tier researchers
    (by workplace, NeurIPS 2022); the four blocs cover the world."""
    shares = load_population()["regions"]["top_researcher_share"]
    assert set(shares) == set(BLOCS)
    assert shares["US"] == pytest.approx(0.42) and shares["CN"] == pytest.approx(0.28)
    assert sum(shares.values()) == pytest.approx(1.0)


def test_status_quo_talent_money_is_the_default_budget_split() -> None:
    d = defaults()
    for i, b in enumerate(BLOCS):
        talent = d[f"public_budget_usd_bn.{b}"] * (
            1.0 - d[f"fund_share_compute.{b}"] - d[f"fund_share_chips.{b}"])
        assert status_quo_talent_money()[i] == pytest.approx(talent)


def test_public_rd_share_is_reported() -> None:
    """The KPI is this quarter's public talent money over private plus public AI R&D."""
    d = defaults()
    out = simulate({"end_year": 2026}, 1)
    for i, b in enumerate(BLOCS):
        g = status_quo_talent_money()[i]
        assert out[f"public_rd_share.{b}@2025"] == pytest.approx(
            g / (g + d[f"private_ai_rd_usd_bn.{b}"]))


# --- the model's answers (issue 10, item 4) --------------------------------------------------

def test_chinas_talent_budget_narrows_but_does_not_erase_its_gap() -> None:
    """China moving its whole $15 bn/yr from chips and compute to talent still helps (a
    narrower 2035 gap), but no longer erases the gap or lifts China past the US frontier:
    $15 bn/yr doubles China's AI R&D at most, it does not multiply its research."""
    base = _mean("capability_gap_months.CN@2035", {})
    talent = _mean("capability_gap_months.CN@2035", CN_ALL_TO_TALENT)
    assert talent < base
    assert talent > 0.25 * base
    for seed in SEEDS:
        out = simulate({"end_year": 2035, **CN_ALL_TO_TALENT}, seed)
        assert out["frontier_capability.CN@2035"] < out["frontier_capability.US@2035"], seed


def test_the_talent_effect_scales_with_the_public_share() -> None:
    """The same shift of China's budget to talent narrows the gap more when Chinese private
    AI R&D is small (public money a large share of the total) than when it is large."""
    effects = []
    for private in (5.0, 60.0):
        base = {"private_ai_rd_usd_bn.CN": private}
        effects.append(_mean("capability_gap_months.CN@2035", base)
                       - _mean("capability_gap_months.CN@2035", {**base, **CN_ALL_TO_TALENT}))
    assert effects[0] > effects[1]


def test_us_talent_money_barely_moves_us_researchers() -> None:
    """+$2 bn/yr of public talent money (compute and chip money unchanged) adds ~2 % to US AI
    R&D but ~20 % to the EU's: the EU's researcher share rises by more, relative to its own,
    than the US's."""
    d, gains = defaults(), {}
    for b in ("US", "EU"):
        budget = d[f"public_budget_usd_bn.{b}"]
        extra = {f"public_budget_usd_bn.{b}": budget + 2.0}
        for part in ("compute", "chips"):
            extra[f"fund_share_{part}.{b}"] = d[f"fund_share_{part}.{b}"] * budget / (budget + 2.0)
        key = f"researcher_share.{b}"
        gains[b] = _series_at(key, extra, "2030Q4") / _series_at(key, {}, "2030Q4") - 1.0
    assert 0.0 < gains["US"] < gains["EU"]


def _series_at(column: str, params: dict[str, Any], quarter: str) -> float:
    vals = []
    for s in SEEDS[:2]:
        frame = simulate_series({"end_year": 2030, **params}, s, "baseline")[1]
        vals.append(float(frame.loc[frame["quarter"] == quarter, column].iloc[0]))
    return float(np.mean(vals))
