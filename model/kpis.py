"""The KPIs of one quarter, computed once per step from the model's state (see kpi_info for
names, units and labels)."""

from __future__ import annotations

import mesa
import numpy as np

from airace.agents import research as cap
from airace.model.markets.power import HOURS_PER_YEAR
from airace.model.parameters import BLOCS

EU = BLOCS.index("EU")


_PER_BLOC = ("compute_h100e", "compute_share", "dc_power_gw", "energy_twh",
             "frontier_capability", "capability_gap_months", "compute_lag_years",
             "revenue_usd_bn", "revenue_share", "public_investment_usd_bn",
             "private_investment_usd_bn", "capex_usd_bn", "regulation", "incidents",
             "us_stack_share", "cn_stack_share", "row_revenue_share", "lab_cash_usd_bn",
             "tobin_q", "eu_revenue_share")
ROW = BLOCS.index("ROW")
_NAMES = [f"{k}.{b}" for k in _PER_BLOC for b in BLOCS]
_EU_SALES = [f"eu_vendor_sales_h100e.{b}" for b in BLOCS]
_TALENT_NAMES = [f"{k}.{b}" for k in ("researcher_share", "public_rd_share") for b in BLOCS]


def compute_kpis(m: mesa.Model) -> dict[str, float]:
    """Every reporter value of the current quarter as plain floats."""
    p, t = m.p, m.lab_table
    by_loc_vendor = t.compute.sum(axis=0)
    by_loc = by_loc_vendor.sum(axis=1)
    total = by_loc.sum()
    gw = t.power_gw.sum(axis=0)
    conventional = m.conventional_twh0 * (1.0 + m.conventional_growth) ** (m.year - 2025.0)
    twh = gw * (p["load_factor"] * HOURS_PER_YEAR / 1000.0) + conventional
    onehot, members = m.labs.home_onehot, [idx.tolist() for idx in m.labs.of_bloc]
    capab = bloc_max(t.capability, members, -np.inf)
    run = bloc_max(t.train_flop, members, 0.0)
    gap = cap.gap_months(p, capab, m.frontier_history)
    lag = cap.compute_lag_years(p, run.max() / np.maximum(run, 1.0))
    revenue = t.revenue @ onehot
    rev_total = revenue.sum()
    states = m.states.values()
    public = np.array([s.public_spent_cum for s in states]) + m.investors.public_equity_cum
    us_stack, cn_stack = stack_shares(by_loc_vendor, by_loc, m.chips.stack)
    by_home = onehot.T @ t.revenue_region[:, [EU, ROW]]     # [home bloc, customer region]
    eu_revenue, row_revenue = by_home[:, 0], by_home[:, 1]
    eu_total, row_total = by_home.sum(axis=0).tolist()
    capital = t.capital @ onehot
    values = np.concatenate([
        by_loc, by_loc / total if total > 0 else by_loc * 0.0, gw, twh, capab, gap, lag,
        revenue * 4.0, revenue / rev_total if rev_total > 0 else revenue * 0.0, public,
        t.private_in_cum @ onehot, t.capex_cum @ onehot, m.regulation_now, m.incidents_cum,
        us_stack, cn_stack, row_revenue / row_total if row_total > 0 else row_revenue * 0.0,
        t.cash @ onehot,
        np.divide((t.q * t.capital) @ onehot, capital, out=np.zeros_like(capital),
                  where=capital > 0.0),
        eu_revenue / eu_total if eu_total > 0 else eu_revenue * 0.0,
    ])
    k = dict(zip(_NAMES, values.tolist(), strict=True))
    k.update(zip(_TALENT_NAMES, m.talent.share.tolist() + m.talent.public_share.tolist(),
                 strict=True))
    k["energy_twh.WORLD"] = float(twh.sum())
    k["export_control.US"] = m.states["US"].export_control
    k["sovereignty_index.EU"] = sovereignty_index(m)
    k.update(zip(_EU_SALES, m.chips.routing.eu_sales().tolist(), strict=True))
    k["chip_price_index"] = m.chip_price_paid
    k["largest_run_flop"] = float(t.train_flop.max())
    chips = m.chips
    margin = chips.table.gross_margin()
    us, cn = chips.us_vendor.idx, chips.fallback
    k["chip_gross_margin.US"], k["chip_gross_margin.CN"] = float(margin[us]), float(margin[cn])
    out = chips.table.sold
    k["chip_output_h100e.US"], k["chip_output_h100e.CN"] = float(out[us]), float(out[cn])
    return k


def bloc_max(values: np.ndarray, members: list[list[int]], floor: float) -> np.ndarray:
    """Each bloc's largest value [bloc] over its labs (``members``: the lab rows of each
    bloc), and ``floor`` where it is larger or the bloc has no lab."""
    v = values.tolist()
    return np.array([max([floor, *(v[i] for i in rows)]) for rows in members])


def stack_shares(by_loc_vendor: np.ndarray, by_loc: np.ndarray, stack: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """The stack competition by location: the share of the compute installed there
    [location, vendor] on US-controlled accelerators and on Chinese ones (0 where none);
    ``by_loc`` is that compute summed [location], ``stack`` [vendor, 2] marks the vendors
    of each stack."""
    shares = by_loc_vendor @ stack / np.where(by_loc > 0, by_loc, 1.0)[:, None]
    return shares[:, 0], shares[:, 1]


def sovereignty_index(m: mesa.Model) -> float:
    """European AI sovereignty in [0, 1]: the mean of (a) the share of EU AI demand served by
    EU firms from compute on EU soil and (b) the share of compute on EU soil not built on
    US-controllable hardware."""
    t = m.lab_table
    eu_firms = m.labs.of_bloc[EU]
    own = t.compute[eu_firms].sum(axis=2)           # EU firms' compute [firm, location]
    firm_total = own.sum(axis=1)
    on_eu_soil = np.divide(own[:, EU], firm_total, out=np.zeros_like(firm_total),
                           where=firm_total > 0)
    served = float((m.market_share[eu_firms, EU] * on_eu_soil).sum())
    eu_soil = t.compute[:, EU, :].sum(axis=0)
    soil_total = eu_soil.sum()
    us_hw = m.chips.us_controlled
    independent = float(eu_soil[~us_hw].sum() / soil_total) if soil_total > 0 else 0.0
    return 0.5 * served + 0.5 * independent
