"""Validation: the six stylised facts (docs/ODD.md, Patterns) on a baseline ensemble of 20 seeds.

Each fact is checked on the ensemble mean and on its spread: unless said otherwise, the mean
and the 10th and 90th percentiles over seeds must lie in the band, so a fact met only on
average by runs scattered far outside it fails. Bands are the facts' own; where a fact says
"~", the band chosen is stated (and why) in the test's docstring.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from airace.model import simulate_series
from airace.model.parameters import BLOCS
from airace.model.population import load_population

SEEDS = tuple(range(500, 520))
END_YEAR = 2030


@pytest.fixture(scope="module")
def ensemble() -> list[pd.DataFrame]:
    """Quarterly KPI series of the baseline, one frame per seed (rows 2025Q1 ... 2030Q4)."""
    return [simulate_series({"end_year": END_YEAR}, seed, "baseline")[1] for seed in SEEDS]


def _at(ensemble: list[pd.DataFrame], column: str, quarter: str) -> np.ndarray:
    return np.array([float(f.loc[f["quarter"] == quarter, column].iloc[0]) for f in ensemble])


def _world(frame: pd.DataFrame, kpi: str) -> pd.Series:
    return sum(frame[f"{kpi}.{b}"] for b in BLOCS)


def assert_band(values: np.ndarray, low: float, high: float, what: str) -> None:
    """Mean and 10th/90th percentiles of ``values`` within [low, high]."""
    mean = float(np.mean(values))
    q10, q90 = (float(q) for q in np.quantile(values, [0.1, 0.9]))
    msg = (f"{what}: mean {mean:.4g}, 10-90 % [{q10:.4g}, {q90:.4g}], min {values.min():.4g}, "
           f"max {values.max():.4g}; band [{low:g}, {high:g}]")
    assert low <= mean <= high and low <= q10 and q90 <= high, msg


def initial_compute_h100e() -> float:
    pop = load_population()
    return sum(sum(lab["compute"].values()) for lab in pop["labs"]) * 1e6


# --- 1. compute shares 2025 -------------------------------------------------------------------

@pytest.mark.parametrize("quarter", ["2025Q1", "2025Q2", "2025Q3", "2025Q4"])
def test_fact1_compute_shares_2025(ensemble: list[pd.DataFrame], quarter: str) -> None:
    """USA 75 +/- 5 pp, China 15 +/- 5 pp, EU <= 5 % in every quarter of 2025 (Epoch's figure
    is for May 2025; the model's shares are by location, as Epoch measures them)."""
    assert_band(_at(ensemble, "compute_share.US", quarter), 0.70, 0.80, f"US share {quarter}")
    assert_band(_at(ensemble, "compute_share.CN", quarter), 0.10, 0.20, f"CN share {quarter}")
    assert_band(_at(ensemble, "compute_share.EU", quarter), 0.0, 0.05, f"EU share {quarter}")


# --- 2. growth of the compute stock and of the largest training run ---------------------------

def test_initial_compute_stock_is_five_million_h100e() -> None:
    """The population file's 2025Q1 stock: ~4 M H100e of Nvidia compute plus TPUs, Trainium
    and Ascend, ~5 M H100e (the figure the growth rates below start from)."""
    assert initial_compute_h100e() == pytest.approx(5.0e6, rel=0.05)


def test_fact2_world_compute_grows_2_to_3x_a_year_through_2027(
        ensemble: list[pd.DataFrame]) -> None:
    """From the 2025Q1 initial stock (5 M H100e) to the end of 2027Q4 (three years) the world
    stock grows 2-3x a year (Epoch: installed Nvidia compute 2.3x/yr, AI-supercomputer
    performance 2.5x/yr)."""
    c0 = initial_compute_h100e()
    end_2027 = np.array([float(_world(f, "compute_h100e").iloc[11]) for f in ensemble])
    assert (ensemble[0]["quarter"].iloc[11]) == "2027Q4"
    growth = (end_2027 / c0) ** (1.0 / 3.0)
    assert_band(growth, 2.0, 3.0, "world compute growth 2025Q1-2027Q4, x/year")


def test_fact2_world_compute_growth_slows_after_2027(ensemble: list[pd.DataFrame]) -> None:
    """'Slowing when power or capital binds': the yearly growth factor over 2028-2030 is below
    that of 2025-2027 in every run."""
    c0 = initial_compute_h100e()
    early, late = [], []
    for f in ensemble:
        world = _world(f, "compute_h100e")
        early.append((world.iloc[11] / c0) ** (1.0 / 3.0))
        late.append((world.iloc[23] / world.iloc[11]) ** (1.0 / 3.0))
    early_a, late_a = np.array(early), np.array(late)
    assert (late_a < early_a).all(), f"growth 2025-27 {early_a.round(2)}, 2028-30 {late_a.round(2)}"


def test_fact2_largest_training_run_grows_4_to_5x_a_year(ensemble: list[pd.DataFrame]) -> None:
    """The largest training run grows ~4-5x a year (Epoch) over 2025-2027, measured from
    2025Q1 to 2027Q4 (2.75 years). Band chosen: [3.5, 5.5] - Epoch's 4-5x widened by half a
    unit on each side, because Epoch fits notable models released over a decade (its
    estimates range from ~4x for all notable models to ~5x for the frontier, with confidence
    intervals of about +/-0.5) while the model measures the largest run of one quarter."""
    growth = np.array([(f["largest_run_flop"].iloc[11] / f["largest_run_flop"].iloc[0])
                       ** (1.0 / 2.75) for f in ensemble])
    assert_band(growth, 3.5, 5.5, "largest training run growth 2025Q1-2027Q4, x/year")


# --- 3. China's capability lag and compute lag ---------------------------------------------

@pytest.mark.parametrize("year", [2025, 2027, 2030])
def test_fact3_china_capability_gap_4_to_14_months(ensemble: list[pd.DataFrame],
                                                    year: int) -> None:
    """Chinese frontier models trail by ~7 months, range 4-14 (Epoch)."""
    gap = _at(ensemble, "capability_gap_months.CN", f"{year}Q4")
    assert_band(gap, 4.0, 14.0, f"China's capability gap {year}Q4, months")


@pytest.mark.parametrize("year", [2025, 2027, 2030])
def test_fact3_china_compute_lag_about_two_years(ensemble: list[pd.DataFrame], year: int) -> None:
    """China's compute scaling trails by ~2 years (Epoch). Band chosen: [1.5, 2.5] years, i.e.
    +/-25 %: closer to 2 than to 1 or 3 years, which a '~2 years' statement distinguishes."""
    lag = _at(ensemble, "compute_lag_years.CN", f"{year}Q4")
    assert_band(lag, 1.5, 2.5, f"China's compute lag {year}Q4, years")


def test_fact3_capability_lag_is_far_shorter_than_compute_lag(
        ensemble: list[pd.DataFrame]) -> None:
    """The point of fact 3: diffusion keeps China months behind although its compute is
    years behind - in every run and year the capability gap (in years) is shorter than the
    compute lag."""
    for year in (2025, 2027, 2030):
        gap_years = _at(ensemble, "capability_gap_months.CN", f"{year}Q4") / 12.0
        lag = _at(ensemble, "compute_lag_years.CN", f"{year}Q4")
        assert (gap_years < lag).all(), f"{year}: gap {gap_years}, lag {lag}"


# --- 4. data-centre electricity -----------------------------------------------------------

def test_fact4_world_data_centre_electricity_2030(ensemble: list[pd.DataFrame]) -> None:
    """800-1,050 TWh in 2030 (IEA base case ~945 TWh); the model's 2030Q4 annualised value."""
    twh = _at(ensemble, "energy_twh.WORLD", "2030Q4")
    assert_band(twh, 800.0, 1050.0, "world data-centre electricity 2030, TWh")


def test_fact4_electricity_growth_ranked_china_us_europe(ensemble: list[pd.DataFrame]) -> None:
    """Growth of data-centre electricity 2025 -> 2030 ranked China > US > Europe (IEA:
    x2.7, x2.3, x1.7 from 2024). Measured from the first quarter (whose conventional load is
    the IEA 2024 figure) to 2030Q4; the ranking must hold for the ensemble means and in at
    least 90 % of the runs."""
    growth = {b: _at(ensemble, f"energy_twh.{b}", "2030Q4") / _at(ensemble, f"energy_twh.{b}",
                                                                  "2025Q1")
              for b in ("CN", "US", "EU")}
    means = {b: float(g.mean()) for b, g in growth.items()}
    assert means["CN"] > means["US"] > means["EU"], means
    ranked = (growth["CN"] > growth["US"]) & (growth["US"] > growth["EU"])
    assert ranked.mean() >= 0.9, f"ranking holds in {ranked.mean():.0%} of runs; {means}"


# --- 5. US:China private investment ------------------------------------------------------------

def test_fact5_us_china_private_investment_ratio(ensemble: list[pd.DataFrame]) -> None:
    """US:China private AI investment ~10x (AI Index 2024: $109.1 bn vs $9.3 bn). The model's
    first year (cumulative private equity to 2025Q4, Stargate included); band [6.7, 15] -
    i.e. 10x within a factor 1.5."""
    ratio = (_at(ensemble, "private_investment_usd_bn.US", "2025Q4")
             / _at(ensemble, "private_investment_usd_bn.CN", "2025Q4"))
    assert_band(ratio, 6.7, 15.0, "US:CN private investment 2025")


# --- 6. public funds vs private capex ------------------------------------------------------------

@pytest.mark.parametrize("year", [2025, 2027, 2030])
def test_fact6_public_funds_an_order_of_magnitude_below_private_capex(
        ensemble: list[pd.DataFrame], year: int) -> None:
    """World cumulative public AI money (budgets disbursed, co-financing, state-fund equity)
    against private capex (capex minus at most all public money). 'An order of magnitude'
    read as log10(private / public) rounding to 1, i.e. a ratio in [10**0.5, 10**1.5]."""
    q = f"{year}Q4"
    public = sum(_at(ensemble, f"public_investment_usd_bn.{b}", q) for b in BLOCS)
    capex = sum(_at(ensemble, f"capex_usd_bn.{b}", q) for b in BLOCS)
    assert (public > 0).all()
    assert_band((capex - public) / public, 10 ** 0.5, 10 ** 1.5,
                f"private capex / public funds, cumulative to {q}")


# --- response patterns (pattern-oriented modelling, Grimm et al. 2005) ----------------------
# Beyond the initial state: how the model responds, at several levels (firm, market, bloc),
# each response with its source and band. One row per pattern; each measures an array over
# seeds, checked with assert_band.

PATTERN_SEEDS = tuple(range(600, 606))


@dataclass(frozen=True)
class Pattern:
    """A sourced response pattern: what is measured, the band it must lie in, and why."""

    name: str
    source: str
    low: float
    high: float
    measure: Callable[[], np.ndarray]


@functools.cache
def pattern_runs(scenario: str = "baseline", overrides: tuple[tuple[str, object], ...] = (),
                 end_year: int = END_YEAR) -> tuple[pd.DataFrame, ...]:
    """Quarterly KPI series for PATTERN_SEEDS under ``scenario`` and parameter ``overrides``."""
    params = {"end_year": end_year, **dict(overrides)}
    return tuple(simulate_series(params, seed, scenario)[1] for seed in PATTERN_SEEDS)


def pattern_at(runs: tuple[pd.DataFrame, ...], column: str, quarter: str) -> np.ndarray:
    """``column`` at ``quarter`` in each run."""
    return _at(list(runs), column, quarter)


def _year_sum(runs: tuple[pd.DataFrame, ...], column: str, year: int) -> np.ndarray:
    return np.array([float(f.loc[f["year"].between(year, year + 0.75), column].sum())
                     for f in runs])


def _year_mean(runs: tuple[pd.DataFrame, ...], column: str, year: int) -> np.ndarray:
    return np.array([float(f.loc[f["year"].between(year, year + 0.75), column].mean())
                     for f in runs])


def _blockade_ratio(column: str, quarter: str) -> np.ndarray:
    calm = pattern_at(pattern_runs(), column, quarter)
    hit = pattern_at(pattern_runs("taiwan_disruption"), column, quarter)
    return hit / calm


def _world_additions(runs: tuple[pd.DataFrame, ...], year: int) -> np.ndarray:
    return _year_sum(runs, "chip_output_h100e.US", year) + _year_sum(
        runs, "chip_output_h100e.CN", year)


def _world_capex_revenue_2025() -> np.ndarray:
    """World AI capex of 2025 over AI-services revenue of 2025 (mean of its quarters'
    annual rates), per run."""
    out = []
    for f in pattern_runs():
        capex = float(_world(f, "capex_usd_bn").iloc[3])
        revenue = float(_world(f, "revenue_usd_bn").iloc[0:4].mean())
        out.append(capex / revenue)
    return np.array(out)


def _us_cash_over_capex_2030() -> np.ndarray:
    """US labs' cash at the end of 2030 over their capex during 2030 (years of capex)."""
    return np.array([float(f["lab_cash_usd_bn.US"].iloc[23])
                     / float(f["capex_usd_bn.US"].iloc[23] - f["capex_usd_bn.US"].iloc[19])
                     for f in pattern_runs()])


PATTERNS: list[Pattern] = [
    # chips
    Pattern("US vendor gross margin 2025 (mean of quarters)",
            "Nvidia 10-K FY2024 72.7 %, FY2025 75.0 %; 10-Q Q1 FY2026 60.5 % with the H20 "
            "charge; AMD lower: band [0.60, 0.76]", 0.60, 0.76,
            lambda: _year_mean(pattern_runs(), "chip_gross_margin.US", 2025)),
    Pattern("Huawei Ascend output 2025 under controls, M H100e",
            "BIS (Kessler, 12 Jun 2025): at most ~200k Ascend chips; CSIS/SemiAnalysis: dies "
            "for up to ~1 M; at ~0.6 H100e each: [0.12, 0.6]", 0.12e6, 0.6e6,
            lambda: _year_sum(pattern_runs(), "chip_output_h100e.CN", 2025)),
    Pattern("Taiwan blockade 2028: accelerator price index 2028Q4 relative to no blockade",
            "reasoned: 80 % of Taiwan-made output lost leaves ~30 % of supply; with buyers' "
            "money fixed in the short run the clearing price would rise ~3x, prices close part "
            "of the gap each quarter (H100 street prices ~2x list in the 2023 shortage): "
            "band [1.5, 6]", 1.5, 6.0,
            lambda: _blockade_ratio("chip_price_index", "2028Q4")),
    Pattern("Taiwan blockade 2028: world accelerator deliveries in 2028 relative to none",
            "reasoned: ~90 % of US-vendor output and part of Huawei's dies made in Taiwan, "
            "80 % lost, recovering over three years; no new capacity there: band [0.2, 0.7]",
            0.2, 0.7,
            lambda: _world_additions(pattern_runs("taiwan_disruption"), 2028)
            / _world_additions(pattern_runs(), 2028)),
    # talent
    Pattern("public share of US AI R&D, 2030",
            "NITRD, Supplement to the President's FY 2025 Budget (Nov 2024): federal AI R&D "
            "$3.1 bn (FY 2024 request) and $3.3 bn (FY 2025); Stanford HAI, AI Index Report "
            "2025: US private AI investment $109.1 bn in 2024 - a public share of ~3 %; band "
            "[1 %, 5 %] allows for defence AI R&D and firms' in-house R&D",
            0.01, 0.05,
            lambda: pattern_at(pattern_runs(), "public_rd_share.US", "2030Q4")),
    Pattern("public share of AI R&D, China relative to the US, 2030",
            "CSET, Acharya & Arnold, 'Chinese Public AI R&D Spending: Provisional Findings' "
            "(Dec 2019): Chinese public AI R&D of a few billion dollars, the same order as the "
            "US federal budget, against $9.3 bn of Chinese private AI investment in 2024 (AI "
            "Index 2025) - a public share several times the US's; band [2, 20]",
            2.0, 20.0,
            lambda: (pattern_at(pattern_runs(), "public_rd_share.CN", "2030Q4")
                     / pattern_at(pattern_runs(), "public_rd_share.US", "2030Q4"))),
    Pattern("US share of the world's top AI researchers, 2030",
            "MacroPolo, 'The Global AI Talent Tracker 2.0' (2023): 59 % of top-tier AI "
            "researchers worked in the US in 2019, 42 % in 2022; band [35 %, 59 %]: no higher "
            "than in 2019, and no more than 7 pp below 2022 by 2030 without a policy change",
            0.35, 0.59,
            lambda: pattern_at(pattern_runs(), "researcher_share.US", "2030Q4")),
    Pattern("the US stays the leading destination of top AI researchers, 2030",
            "MacroPolo, 'The Global AI Talent Tracker 2.0' (2023): the US 'remains far and "
            "away the leading destination' (42 % against China's 28 % in 2022); the US share "
            "minus the largest other bloc's must be positive",
            0.0, 1.0,
            lambda: (pattern_at(pattern_runs(), "researcher_share.US", "2030Q4")
                     - np.max([pattern_at(pattern_runs(), f"researcher_share.{b}", "2030Q4")
                               for b in ("EU", "CN", "ROW")], axis=0))),
    # capital
    Pattern("AI capex / AI revenue, world 2025",
            "Sequoia (Cahn 2024), 'AI's $600B question': ~$300 bn/yr of AI data-centre capex "
            "(Nvidia run-rate x2) against ~$100 bn of AI revenue (ratio ~3); 2025 AI capex "
            "~$400 bn (hyperscaler guidance) against ~$60-100 bn of AI-services revenue "
            "(ratio 4-7). Band [2.5, 8]", 2.5, 8.0, _world_capex_revenue_2025),
    Pattern("US labs' cash in years of capex, 2030",
            "10-K filings 2024: cash and marketable securities were 1.2-2 years of capex at "
            "Alphabet, Meta, Microsoft and Amazon, for the whole parent and all purposes; AI "
            "units hold less. Band (0.05, 2]: some liquidity, no idle pile",
            0.05, 2.0, _us_cash_over_capex_2030),
    # regulation
    Pattern("EU providers' share of EU AI-services spending 2025Q4",
            "SE Ranking, 'Mistral AI traffic research' (2026): Mistral sends 0.21-0.24 % of "
            "AI-referred website visits in the EU, behind ChatGPT, Perplexity, Copilot and "
            "Gemini; Mistral's ~$400 M annual recurring revenue (early 2026), 60 % of it from "
            "Europe, is ~1.5 % of the ~$16 bn EU market of 2025. Band [0, 0.10]: below a tenth "
            "even with EU clouds' AI services (SAP, OVHcloud, Deutsche Telekom) counted",
            0.0, 0.10,
            lambda: pattern_at(pattern_runs(), "eu_revenue_share.EU", "2025Q4")),
    Pattern("US providers' share of EU AI-services spending 2025Q4",
            "SE Ranking (2026), as above: the four leading sources of AI-referred traffic in "
            "the EU are US services. Band [0.8, 1.0]",
            0.8, 1.0,
            lambda: pattern_at(pattern_runs(), "eu_revenue_share.US", "2025Q4")),
]


@pytest.mark.parametrize("pattern", PATTERNS, ids=[p.name for p in PATTERNS])
def test_response_pattern(pattern: Pattern) -> None:
    """Each response pattern lies in its sourced band (mean and 10th/90th percentiles)."""
    assert_band(np.asarray(pattern.measure(), dtype=float), pattern.low, pattern.high,
                f"{pattern.name} ({pattern.source})")


def test_band_check_can_fail() -> None:
    with pytest.raises(AssertionError):
        assert_band(np.array([1.0, 1.0, 1.0, 5.0, 5.0]), 0.0, 2.0, "spread outside")
    with pytest.raises(AssertionError):
        assert_band(np.full(5, 3.0), 0.0, 2.0, "mean outside")
    assert_band(np.linspace(0.5, 1.5, 20), 0.0, 2.0, "inside")
