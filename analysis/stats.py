"""Ensemble statistics by scenario and paired scenario differences with confidence intervals."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats as sps

from airace.model.errors import InputError
from airace.model.kpi_info import split_name

QUANTILES: dict[str, float] = {"q05": 0.05, "q25": 0.25, "median": 0.5, "q75": 0.75,
                               "q95": 0.95}
PAIR_KEYS: tuple[str, ...] = ("sample_id", "replicate")
BOOTSTRAP_MAX_N = 500
N_RESAMPLES = 1999


class StatsInputError(InputError):
    """A statistic was asked for something the results do not hold."""


def ensemble_summary(results: pd.DataFrame, outcomes: Sequence[str],
                     scenarios: Sequence[str] | None = None) -> pd.DataFrame:
    """Mean, SD and quantiles of each outcome by scenario (one row per scenario and outcome)."""
    missing = [o for o in outcomes if o not in results.columns]
    if missing:
        raise StatsInputError(f"outcome(s) not in the results: {', '.join(missing)}")
    long = results[["scenario", *outcomes]].melt(id_vars="scenario", var_name="outcome")
    long = long.dropna(subset=["value"])
    grouped = long.groupby(["scenario", "outcome"], sort=False)["value"]
    table = grouped.agg(n="count", mean="mean", sd="std")
    for name, q in QUANTILES.items():
        table[name] = grouped.quantile(q)
    table = table.reset_index()
    parts = table["outcome"].map(split_name)
    table.insert(2, "kpi", parts.map(lambda p: p[0]))
    table.insert(3, "bloc", parts.map(lambda p: p[1]))
    table.insert(4, "year", parts.map(lambda p: p[2]).astype("Int64"))
    order = list(scenarios) if scenarios else list(dict.fromkeys(results["scenario"]))
    table["_s"] = table["scenario"].map({s: i for i, s in enumerate(order)})
    table["_o"] = table["outcome"].map({o: i for i, o in enumerate(outcomes)})
    return table.sort_values(["_o", "_s"]).drop(columns=["_s", "_o"]).reset_index(drop=True)


def quantile_bands(long: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Median and 50 %/90 % bands of ``value`` grouped by ``by`` (e.g. scenario, variable, year)."""
    grouped = long.groupby(list(by), sort=True)["value"]
    table = grouped.agg(n="count", mean="mean")
    for name, q in QUANTILES.items():
        table[name] = grouped.quantile(q)
    return table.reset_index()


def common_random_numbers(design: pd.DataFrame) -> bool:
    """True when every (sample_id, replicate) has one seed across all scenarios."""
    if not all(k in design.columns for k in (*PAIR_KEYS, "seed")):
        return False
    if design["scenario"].nunique() < 2:
        return True
    seeds = design.groupby(list(PAIR_KEYS))["seed"].nunique()
    return bool((seeds == 1).all())


def paired_differences(results: pd.DataFrame, outcomes: Sequence[str],
                       baseline: str) -> pd.DataFrame:
    """Per pair: scenario, sample_id, replicate and one column per outcome holding the
    scenario's value minus the baseline's value of the same (sample_id, replicate)."""
    keys = list(PAIR_KEYS)
    base = results.loc[results["scenario"] == baseline, [*keys, *outcomes]].set_index(keys)
    if not base.index.is_unique:
        raise StatsInputError(f"scenario {baseline!r} has several runs per (sample_id, "
                              "replicate); cannot pair")
    other = results.loc[results["scenario"] != baseline, ["scenario", *keys, *outcomes]]
    other = other.set_index(keys)
    diffs = other[list(outcomes)] - base.reindex(other.index)[list(outcomes)]
    diffs.insert(0, "scenario", other["scenario"])
    return diffs.reset_index()


def _t_interval(x: np.ndarray, confidence: float) -> tuple[float, float]:
    m, se = float(np.mean(x)), float(sps.sem(x))
    h = se * float(sps.t.ppf(0.5 + confidence / 2, len(x) - 1))
    return m - h, m + h


def mean_ci(x: Sequence[float] | np.ndarray, confidence: float = 0.95,
            seed: int = 0) -> tuple[float, float, str]:
    """CI of the mean of ``x``: bootstrap BCa up to 500 values, t-interval above.

    Returns (low, high, method) with method 'bootstrap', 't' or 'degenerate' (no spread).
    """
    x = np.asarray(x, dtype=float)
    x = x[np.isfinite(x)]
    if len(x) < 2:
        return float("nan"), float("nan"), "none"
    if np.ptp(x) == 0:
        return float(x[0]), float(x[0]), "degenerate"
    if len(x) > BOOTSTRAP_MAX_N:
        return (*_t_interval(x, confidence), "t")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = sps.bootstrap((x,), np.mean, confidence_level=confidence,
                            n_resamples=N_RESAMPLES, method="BCa",
                            rng=np.random.default_rng(seed), vectorized=True)
    low, high = float(res.confidence_interval.low), float(res.confidence_interval.high)
    if not (np.isfinite(low) and np.isfinite(high)):
        return (*_t_interval(x, confidence), "t")
    return low, high, "bootstrap"


def diff_of_means_ci(x: np.ndarray, y: np.ndarray, confidence: float = 0.95,
                     seed: int = 0) -> tuple[float, float, str]:
    """CI of mean(x) - mean(y) for independent samples (bootstrap, Welch above 500 values)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    x, y = x[np.isfinite(x)], y[np.isfinite(y)]
    if len(x) < 2 or len(y) < 2:
        return float("nan"), float("nan"), "none"
    if np.ptp(x) == 0 and np.ptp(y) == 0:
        d = float(x[0] - y[0])
        return d, d, "degenerate"
    if max(len(x), len(y)) > BOOTSTRAP_MAX_N:
        res = sps.ttest_ind(x, y, equal_var=False).confidence_interval(confidence)
        return float(res.low), float(res.high), "t"
    res = sps.bootstrap((x, y), lambda a, b, axis=-1: a.mean(axis) - b.mean(axis),
                        confidence_level=confidence, n_resamples=N_RESAMPLES, method="percentile",
                        rng=np.random.default_rng(seed), vectorized=True)
    return float(res.confidence_interval.low), float(res.confidence_interval.high), "bootstrap"


def ci_callable(confidence: float = 0.95, seed: int = 0):
    """A function vector -> (low, high) giving mean_ci, for seaborn's ``errorbar=``."""
    def interval(x: pd.Series) -> tuple[float, float]:
        """(low, high) of the CI of the mean of ``x``."""
        low, high, _ = mean_ci(np.asarray(x), confidence, seed)
        return low, high
    return interval


def scenario_differences(results: pd.DataFrame, outcomes: Sequence[str], baseline: str,
                         confidence: float = 0.95, paired: bool | None = None,
                         seed: int = 0) -> pd.DataFrame:
    """Scenario minus baseline for each outcome with CIs, paired when the runs share seeds.

    ``paired=None`` pairs on (sample_id, replicate) when the results carry both and every
    pair has one seed in all scenarios (common random numbers); otherwise the difference of
    the means of independent samples is used.
    """
    if baseline not in set(results["scenario"]):
        raise StatsInputError(f"baseline scenario {baseline!r} is not in the results; "
                              f"scenarios: {', '.join(dict.fromkeys(results['scenario']))}")
    if paired is None:
        paired = common_random_numbers(results)
    rows = []
    others = [s for s in dict.fromkeys(results["scenario"]) if s != baseline]
    pairs = paired_differences(results, outcomes, baseline) if paired else None
    for outcome in outcomes:
        base = results.loc[results["scenario"] == baseline, outcome].to_numpy(float)
        for scen in others:
            if paired:
                d = pairs.loc[pairs["scenario"] == scen, outcome].to_numpy(float)
                d = d[np.isfinite(d)]
                low, high, method = mean_ci(d, confidence, seed)
                mean, median, n = (float(np.mean(d)) if len(d) else np.nan,
                                   float(np.median(d)) if len(d) else np.nan, len(d))
                share_pos = float(np.mean(d > 0)) if len(d) else np.nan
                q05, q95 = (np.quantile(d, [0.05, 0.95]) if len(d) else (np.nan, np.nan))
            else:
                x = results.loc[results["scenario"] == scen, outcome].to_numpy(float)
                low, high, method = diff_of_means_ci(x, base, confidence, seed)
                mean = float(np.nanmean(x) - np.nanmean(base))
                median = float(np.nanmedian(x) - np.nanmedian(base))
                n, share_pos, q05, q95 = min(len(x), len(base)), np.nan, np.nan, np.nan
            rows.append({"scenario": scen, "baseline": baseline, "outcome": outcome,
                         "n_pairs": n, "paired": bool(paired), "mean_diff": mean,
                         "ci_low": low, "ci_high": high, "confidence": confidence,
                         "ci_method": method, "median_diff": median,
                         "share_positive": share_pos, "q05_diff": float(q05),
                         "q95_diff": float(q95)})
    return pd.DataFrame(rows, columns=["scenario", "baseline", "outcome", "n_pairs", "paired",
                                       "mean_diff", "ci_low", "ci_high", "confidence",
                                       "ci_method", "median_diff", "share_positive",
                                       "q05_diff", "q95_diff"])


def spearman_ranking(results: pd.DataFrame, outcome: str,
                     parameters: Sequence[str]) -> pd.Series:
    """|Spearman rho| of each parameter with ``outcome`` over all runs, largest first."""
    rho = {}
    y = results[outcome]
    for p in parameters:
        x = results[p]
        ok = x.notna() & y.notna()
        if ok.sum() < 3 or x[ok].nunique() < 2 or y[ok].nunique() < 2:
            continue
        rho[p] = float(sps.spearmanr(x[ok], y[ok]).statistic)
    s = pd.Series(rho, dtype=float)
    return s.reindex(s.abs().sort_values(ascending=False).index)


def effect_by_parameter(results: pd.DataFrame, outcome: str, parameter: str, baseline: str,
                        scenarios: Sequence[str] = (), bins: int = 5,
                        confidence: float = 0.95) -> pd.DataFrame:
    """How each scenario's paired effect on ``outcome`` (scenario minus ``baseline``) depends
    on the sampled ``parameter``: the futures are split into ``bins`` quantile bins of the
    parameter, and each bin gets the mean effect with its confidence interval.

    Columns: scenario, outcome, parameter, bin, low, high, center (the bin's mean parameter
    value), n_pairs, mean_diff, ci_low, ci_high, ci_method."""
    diffs = paired_differences(results, [outcome], baseline)
    values = results.loc[results["scenario"] == baseline, [*PAIR_KEYS, parameter]]
    diffs = diffs.merge(values, on=list(PAIR_KEYS), how="inner")
    if scenarios:
        diffs = diffs[diffs["scenario"].isin(scenarios)]
    x = values[parameter].to_numpy(float)
    edges = np.unique(np.quantile(x, np.linspace(0.0, 1.0, bins + 1))) if len(x) else []
    rows = []
    for scenario, part in diffs.groupby("scenario", sort=False):
        which = np.clip(np.searchsorted(edges, part[parameter], side="right") - 1, 0,
                        max(len(edges) - 2, 0))
        for b in range(max(len(edges) - 1, 0)):
            inside = part[which == b]
            d = inside[outcome].to_numpy(float)
            low, high, method = mean_ci(d, confidence, seed=b)
            rows.append({"scenario": scenario, "outcome": outcome, "parameter": parameter,
                         "bin": b, "low": float(edges[b]), "high": float(edges[b + 1]),
                         "center": float(inside[parameter].mean()) if len(inside) else np.nan,
                         "n_pairs": len(d), "mean_diff": float(d.mean()) if len(d) else np.nan,
                         "ci_low": low, "ci_high": high, "ci_method": method})
    return pd.DataFrame(rows, columns=["scenario", "outcome", "parameter", "bin", "low", "high",
                                       "center", "n_pairs", "mean_diff", "ci_low", "ci_high",
                                       "ci_method"])
