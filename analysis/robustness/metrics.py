"""Robustness metrics of each policy over the futures: the outcome's mean, median and 10th/90th
percentiles, regret (maximum and 90th percentile), the satisficing share, a ranking, and
cluster-bootstrap confidence intervals (replicates of one sample resampled together)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from airace.analysis.robustness.futures import future_clusters, meets, regret

COLUMNS: tuple[str, ...] = ("scenario", "outcome", "mean", "median", "p10", "p90",
                            "max_regret", "p90_regret", "satisficing")
CRITERIA: dict[str, str] = {"satisficing": "satisficing share (higher first), then 90th "
                                           "percentile regret (lower first)",
                            "p90_regret": "90th percentile regret (lower first), then "
                                          "maximum regret (lower first)"}


@dataclass(frozen=True)
class Metrics:
    """The policy table (``COLUMNS``, one row per policy) and the ranking behind it."""

    table: pd.DataFrame
    ranking: list[str]
    criterion: str
    best_share: pd.Series  # share of futures in which each policy is (one of) the best


def policy_table(values: pd.DataFrame, outcome: str, direction: str,
                 threshold: float | None) -> pd.DataFrame:
    """One row per policy (column of ``values``): ``COLUMNS``; satisficing is empty (NaN)
    without a threshold."""
    reg = regret(values, direction)
    table = pd.DataFrame({
        "scenario": list(values.columns), "outcome": outcome,
        "mean": values.mean().to_numpy(), "median": values.median().to_numpy(),
        "p10": values.quantile(0.1).to_numpy(), "p90": values.quantile(0.9).to_numpy(),
        "max_regret": reg.max().to_numpy(), "p90_regret": reg.quantile(0.9).to_numpy(),
        "satisficing": (meets(values, direction, threshold).mean().to_numpy()
                        if threshold is not None else np.nan),
    })
    return table[list(COLUMNS)]


def rank(table: pd.DataFrame, by_satisficing: bool) -> tuple[list[str], str]:
    """Policies from most to least robust and the criterion used: the satisficing share when
    there is a threshold, else the 90th percentile regret."""
    criterion = "satisficing" if by_satisficing else "p90_regret"
    keys = (["satisficing", "p90_regret", "max_regret"] if by_satisficing
            else ["p90_regret", "max_regret"])
    ascending = [k != "satisficing" for k in keys]
    ordered = table.sort_values(keys, ascending=ascending, kind="stable")
    return list(ordered["scenario"]), criterion


def compute(values: pd.DataFrame, outcome: str, direction: str,
            threshold: float | None) -> Metrics:
    """The policy table, its ranking and the share of futures each policy wins."""
    table = policy_table(values, outcome, direction, threshold)
    ranking, criterion = rank(table, threshold is not None)
    best = (regret(values, direction) <= 0).mean()
    return Metrics(table, ranking, criterion, best)


def bootstrap(values: pd.DataFrame, direction: str, threshold: float | None, best: str,
              resamples: int = 1000, conf: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Percentile intervals by policy (rows) for the mean, the 90th percentile regret, the
    satisficing share and the paired mean difference to the policy ``best``; futures are
    resampled by sample (all replicates of a sample together)."""
    clusters = future_clusters(values)
    ids, members = np.unique(clusters, return_inverse=True)
    rows_of = [np.flatnonzero(members == i) for i in range(len(ids))]
    rng = np.random.default_rng(seed)
    vals = values.to_numpy()
    reg = regret(values, direction).to_numpy()
    ok = meets(values, direction, threshold).to_numpy() if threshold is not None else None
    diff = vals - vals[:, [list(values.columns).index(best)]]
    stats: dict[str, list[np.ndarray]] = {"mean": [], "p90_regret": [], "satisficing": [],
                                          "diff_to_best": []}
    for _ in range(resamples):
        rows = np.concatenate([rows_of[i] for i in rng.integers(0, len(ids), len(ids))])
        stats["mean"].append(vals[rows].mean(axis=0))
        stats["p90_regret"].append(np.quantile(reg[rows], 0.9, axis=0))
        stats["diff_to_best"].append(diff[rows].mean(axis=0))
        if ok is not None:
            stats["satisficing"].append(ok[rows].mean(axis=0))
    tail = (1 - conf) / 2
    out = pd.DataFrame(index=pd.Index(values.columns, name="scenario"))
    for name, draws in stats.items():
        if not draws:
            out[f"{name}_low"] = out[f"{name}_high"] = np.nan
            continue
        arr = np.vstack(draws)
        out[f"{name}_low"] = np.quantile(arr, tail, axis=0)
        out[f"{name}_high"] = np.quantile(arr, 1 - tail, axis=0)
    return out


def share_better(values: pd.DataFrame, direction: str, best: str) -> pd.Series:
    """Share of futures in which each policy does strictly better than the policy ``best``."""
    diff = values.sub(values[best], axis=0)
    return (diff > 0).mean() if direction == "maximize" else (diff < 0).mean()
