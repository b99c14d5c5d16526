"""Export rules in the chip market: US rules reach a European vendor's output through the
foreign direct product rule (``us_rules_share_eu_vendor``), the EU's own control on its
vendor's sales (``eu_export_control``), home priority for the European vendor's output
(``eu_chip_home_priority``), the sales tally by buyer's home, and the sovereignty index's
response to EU chip money.

Expected values follow from the docstrings of ExportControls.filter_orders and
model/markets/allocation.py, worked by hand; the model-level checks compare runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import mesa
import numpy as np
import pytest

from airace.agents.export_controls import ExportControls
from airace.model import AIRaceModel, simulate
from airace.model.markets.allocation import home_reserve, serve_home_first
from airace.model.parameters import BLOCS, defaults

US, EU, CN, ROW = (BLOCS.index(b) for b in ("US", "EU", "CN", "ROW"))


def par(**changes: Any) -> dict[str, Any]:
    """Registry defaults with some parameters changed (dotted names via a dict)."""
    return {**defaults(), **changes}


def controls(level: float = 1.0, leakage: float = 0.0, reach: float = 1.0,
             eu: float = 0.0) -> ExportControls:
    return ExportControls(par(**{"export_control.US": level, "export_leakage": leakage,
                                 "us_rules_share_eu_vendor": reach, "eu_export_control": eu}))


@pytest.fixture
def world() -> Iterator[AIRaceModel]:
    """A baseline model at 2025Q1 (not stepped), released afterwards."""
    m = AIRaceModel(params={"end_year": 2026}, rng=1)
    yield m
    getattr(mesa.Agent, "_ids", {}).pop(m, None)
    m.remove_all_agents()


def _clear(m: AIRaceModel, ec: ExportControls, supply: float = 1e12,
           reserve: float | None = None) -> np.ndarray:
    """Deliveries [lab, location, vendor] for one H100e ordered by every lab, at every
    location, from every vendor, with ``supply`` per vendor."""
    c = m.chips
    if reserve is not None:
        c.set_buyers(par(eu_chip_home_priority=reserve), m.lab_table.home)
    c.supply = np.full(len(c.vendors), supply)
    orders = np.ones((len(m.labs), len(BLOCS), len(c.vendors)))
    unit_cost = np.full(len(c.vendors), 1e-5)
    delivered, _, _ = c.clear(orders, m.cn_lab, ec, unit_cost)
    return delivered


def _eu_vendor(m: AIRaceModel) -> int:
    return int(np.flatnonzero(m.chips.home == EU)[0])


# --- the foreign direct product rule ---------------------------------------------------------

def test_us_reach_is_all_of_a_us_vendor_and_the_fdpr_share_of_a_european_one() -> None:
    us_controlled = np.array([True, False, False])
    eu_made = np.array([0.0, 0.0, 1.0])
    np.testing.assert_allclose(controls(reach=0.4).us_reach(us_controlled, eu_made),
                               [1.0, 0.0, 0.4])


@pytest.mark.parametrize("reach", [0.0, 0.3, 1.0])
def test_fdpr_denies_chinese_labs_the_european_vendor_in_proportion_to_the_reach(
        reach: float) -> None:
    rng = np.random.default_rng(0)
    orders = rng.random((3, 4, 3))
    lab_is_cn = np.array([True, False, True])
    us_controlled = np.array([True, False, False])
    eu_made = np.array([0.0, 0.0, 1.0])
    unit_cost = np.array([2.0, 1.0, 0.5])          # vendor 1 is China's own
    ec = controls(level=0.8, leakage=0.25, reach=reach)
    allowed, denied = ec.filter_orders(orders, lab_is_cn, ec.us_reach(us_controlled, eu_made),
                                       1, unit_cost, eu_made)
    share = 0.8 * 0.75
    np.testing.assert_allclose(denied[lab_is_cn][:, :, 2], share * reach
                               * orders[lab_is_cn][:, :, 2])
    np.testing.assert_allclose(denied[lab_is_cn][:, :, 0], share * orders[lab_is_cn][:, :, 0])
    assert (denied[~lab_is_cn] == 0).all()
    # denied money turns to China's own vendor at its unit cost
    turned = (denied[:, :, 0] * 2.0 + denied[:, :, 2] * 0.5) / 1.0
    np.testing.assert_allclose(allowed[:, :, 1], orders[:, :, 1] + turned)


def test_market_applies_the_fdpr_to_the_european_vendors_sales_to_chinese_labs(
        world: AIRaceModel) -> None:
    eu_v = _eu_vendor(world)
    free = _clear(world, controls(reach=0.0))
    half = _clear(world, controls(reach=0.5))
    full = _clear(world, controls(reach=1.0))
    cn, other = world.cn_lab, ~world.cn_lab
    np.testing.assert_allclose(free[cn][:, :, eu_v], 1.0)
    np.testing.assert_allclose(half[cn][:, :, eu_v], 0.5)
    np.testing.assert_allclose(full[cn][:, :, eu_v], 0.0)
    np.testing.assert_allclose(full[other][:, :, eu_v], 1.0)   # others buy as before
    # without US controls the reach denies nothing
    np.testing.assert_allclose(_clear(world, controls(level=0.0))[cn][:, :, eu_v], 1.0)


def test_fdpr_stops_the_european_vendors_sales_to_china_in_a_run() -> None:
    """Full US controls without leakage: with the whole output under US rules, no European
    chip reaches a Chinese lab; without the rule, some do."""
    sold = {}
    for reach in (0.0, 1.0):
        m = AIRaceModel(params={"end_year": 2026, "export_control.US": 1.0,
                                "export_leakage": 0.0, "us_rules_share_eu_vendor": reach},
                        rng=3)
        for _ in range(4):
            m.step()
        sold[reach] = m.kpi["eu_vendor_sales_h100e.CN"]
    assert sold[0.0] > 0.0
    assert sold[1.0] == 0.0


# --- the EU's own export control -------------------------------------------------------------

def test_eu_control_filters_only_the_european_vendors_sales_to_chinese_labs(
        world: AIRaceModel) -> None:
    eu_v = _eu_vendor(world)
    cn = world.cn_lab
    out = _clear(world, controls(level=0.0, reach=1.0, eu=0.7, leakage=0.0))
    np.testing.assert_allclose(out[cn][:, :, eu_v], 0.3)
    np.testing.assert_allclose(out[~cn][:, :, eu_v], 1.0)
    us_v = world.chips.us_vendor.idx
    np.testing.assert_allclose(out[:, :, us_v], 1.0)      # the EU rule binds EU-made chips only
    leaky = _clear(world, controls(level=0.0, eu=1.0, leakage=0.25))
    np.testing.assert_allclose(leaky[cn][:, :, eu_v], 0.25)


def test_us_and_eu_rules_both_bind() -> None:
    """A sale must pass both: allowed share = (1 - US denial x reach) (1 - EU denial)."""
    ec = controls(level=0.5, leakage=0.0, reach=0.6, eu=0.5)
    share = ec.denial_by_vendor(np.array([1.0, 0.0, 0.6]), np.array([0.0, 0.0, 1.0]))
    np.testing.assert_allclose(share, [0.5, 0.0, 1.0 - (1.0 - 0.3) * (1.0 - 0.5)])


def test_eu_control_stops_the_european_vendors_sales_to_china_in_a_run() -> None:
    sold = {}
    for level in (0.0, 1.0):
        m = AIRaceModel(params={"end_year": 2026, "export_control.US": 0.0,
                                "export_leakage": 0.0, "eu_export_control": level}, rng=3)
        for _ in range(4):
            m.step()
        sold[level] = m.kpi["eu_vendor_sales_h100e.CN"]
    assert sold[0.0] > 0.0
    assert sold[1.0] == 0.0


# --- home priority ----------------------------------------------------------------------------

def test_home_reserve_is_the_eu_priority_for_european_vendors_only() -> None:
    home = np.array([US, CN, EU])
    np.testing.assert_allclose(home_reserve(par(eu_chip_home_priority=0.4), home),
                               [0.0, 0.0, 0.4])


def test_serve_home_first_fills_home_orders_from_the_reserve() -> None:
    orders = np.array([[[4.0]], [[6.0]], [[10.0]]])      # labs 0 and 1 at home
    home_match = np.array([[1.0], [1.0], [0.0]])
    first, rest, left = serve_home_first(orders, np.array([10.0]), home_match,
                                         np.array([0.5]))
    # 5 reserved for 10 wanted at home: half of each home order, pro rata
    np.testing.assert_allclose(first[:, 0, 0], [2.0, 3.0, 0.0])
    np.testing.assert_allclose(rest[:, 0, 0], [2.0, 3.0, 10.0])
    np.testing.assert_allclose(left, [5.0])
    # a reserve larger than home orders fills them fully and leaves the rest to all
    first, _, left = serve_home_first(orders, np.array([10.0]), home_match, np.array([1.0]))
    np.testing.assert_allclose(first[:, 0, 0], [4.0, 6.0, 0.0])
    np.testing.assert_allclose(left, [0.0])


def test_home_priority_raises_eu_labs_share_of_european_output(world: AIRaceModel) -> None:
    """An oversubscribed European vendor (supply of half a unit per lab) serves EU labs
    first under home priority; total deliveries and the demand it records stay the same."""
    eu_v = _eu_vendor(world)
    n = len(world.labs)
    eu_lab = world.lab_table.home == EU
    ec = controls(level=0.0)
    shares, totals = [], []
    for reserve in (0.0, 0.2, 1.0):
        out = _clear(world, ec, supply=0.5 * n * len(BLOCS), reserve=reserve)[:, :, eu_v]
        shares.append(out[eu_lab].sum() / out.sum())
        totals.append(out.sum())
        assert world.chips.vendors[eu_v].demand == pytest.approx(n * len(BLOCS))
    assert shares[0] == pytest.approx(eu_lab.mean())        # pro rata without priority
    assert shares[0] < shares[1] < shares[2]
    np.testing.assert_allclose(totals, totals[0])


# --- the sales tally and the sovereignty index ------------------------------------------------

def test_eu_vendor_sales_add_up_to_its_deliveries(world: AIRaceModel) -> None:
    eu_v = _eu_vendor(world)
    out = _clear(world, controls(level=0.0))
    sold = world.chips.routing.sold_cum[eu_v]
    home = world.lab_table.home
    np.testing.assert_allclose(sold, [out[home == b][:, :, eu_v].sum() for b in range(4)])


def test_more_eu_chip_money_raises_the_sovereignty_index() -> None:
    """Moving a fifth of the EU budget from compute co-financing to chips (talent money
    unchanged) raises the 2030 sovereignty index on average over seeds."""
    base = {"end_year": 2030}
    more = {**base, "fund_share_compute.EU": 0.3, "fund_share_chips.EU": 0.5}
    seeds = range(11, 14)
    low = np.mean([simulate(base, s)["sovereignty_index.EU@2030"] for s in seeds])
    high = np.mean([simulate(more, s)["sovereignty_index.EU@2030"] for s in seeds])
    assert high > low


def test_routing_follows_a_change_of_the_control_level(world: AIRaceModel) -> None:
    """The adaptive US rule moves the level between quarters; the denial follows at once."""
    ec = controls(level=1.0, leakage=0.0, reach=1.0)
    routing = world.chips.routing
    us_v, eu_v = world.chips.us_vendor.idx, _eu_vendor(world)
    assert routing.denial(ec)[[us_v, eu_v]].tolist() == [1.0, 1.0]
    ec.level = 0.5
    assert routing.denial(ec)[[us_v, eu_v]].tolist() == [0.5, 0.5]
    assert routing.denial(controls(level=0.0)).max() == 0.0


def test_a_full_home_reserve_never_leaves_negative_supply() -> None:
    """With the whole output reserved and home orders above it, what is left for others is 0,
    never minus a rounding error (which turned the pro-rata fill into NaN)."""
    from airace.model.markets.chips import ration

    rng = np.random.default_rng(8)
    for _ in range(300):
        orders = rng.uniform(0.0, 1e6, size=(5, 4, 3))
        supply = rng.uniform(1e4, 1e6, size=3)
        home = np.zeros((5, 3))
        home[:2, :] = 1.0
        first, rest, left = serve_home_first(orders, supply, home, np.ones(3))
        assert (left >= 0.0).all()
        delivered, _ = ration(rest, left)
        assert np.isfinite(delivered).all()
        assert (first.sum(axis=(0, 1)) + delivered.sum(axis=(0, 1)) <= supply * (1 + 1e-12)).all()
