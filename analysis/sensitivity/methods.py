"""SALib's estimators as tidy rows: Sobol, Morris, delta and PAWN indices with intervals.

Every estimate comes from SALib (``SALib.analyze``); this module only calls it, keeps its
warnings local and turns its result dictionaries into rows of the indices table.
"""

from __future__ import annotations

import contextlib
import math
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from SALib.analyze import delta, morris, pawn, sobol

Row = dict[str, Any]
FAILURES = (ValueError, RuntimeError, ZeroDivisionError, IndexError, np.linalg.LinAlgError)
DELTA_RESAMPLES = 30  # delta's kernel-density bootstrap is slow; 30 resamples give its CI


@dataclass(frozen=True)
class Settings:
    """Confidence level, bootstrap resamples, PAWN slides and the bootstrap seed."""

    conf_level: float = 0.95
    num_resamples: int = 100
    pawn_slides: int = 10
    seed: int = 0


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Keep SALib's and numpy's warnings (SALib's delta resets the filters and the format)
    from reaching the user, and restore the global warning settings afterwards."""
    formatter = warnings.formatwarning
    try:
        with warnings.catch_warnings(record=True), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            yield
    finally:
        warnings.formatwarning = formatter


def factor_names(problem: dict[str, Any]) -> list[str]:
    """The factors SALib reports on: the groups in order of appearance, else the names."""
    groups = problem.get("groups")
    return list(dict.fromkeys(groups)) if groups else list(problem["names"])


def _finite_or_nan(x: Any) -> float:
    value = float(x)
    return value if np.isfinite(value) else float("nan")


def index_row(method: str, factor: str, index: str, value: float, half: float | None = None,
              group: bool = False, bounded: bool = False) -> Row:
    """One index row; ``half`` is SALib's half-width of the interval (``*_conf``)."""
    value, h = _finite_or_nan(value), float("nan") if half is None else _finite_or_nan(half)
    low, high = value - h, value + h
    if bounded:
        low = max(low, 0.0)
    return {"method": method, "factor": factor, "group": group, "index": index,
            "value": value, "ci_low": low, "ci_high": high}


def sobol_rows(problem: dict[str, Any], y: np.ndarray, second_order: bool,
               s: Settings) -> list[Row]:
    """S1 and ST (and S2) with bootstrap intervals from ``SALib.analyze.sobol``."""
    factors, grouped = factor_names(problem), "groups" in problem
    with quiet():  # SALib may add keys to the problem it is given: hand it a copy
        si = sobol.analyze(dict(problem), y, calc_second_order=second_order,
                           num_resamples=s.num_resamples, conf_level=s.conf_level, seed=s.seed)
    rows = [index_row("sobol", u, idx, si[idx][i], si[f"{idx}_conf"][i], grouped)
            for i, u in enumerate(factors) for idx in ("S1", "ST")]
    if second_order:
        rows += [index_row("sobol", f"{a},{factors[j]}", "S2", si["S2"][i, j],
                           si["S2_conf"][i, j], grouped)
                 for i, a in enumerate(factors) for j in range(i + 1, len(factors))]
    return rows


def morris_rows(problem: dict[str, Any], x: np.ndarray, y: np.ndarray, levels: int,
                s: Settings) -> list[Row]:
    """mu* (with its bootstrap interval), sigma and mu from ``SALib.analyze.morris``."""
    grouped = "groups" in problem
    with quiet():
        si = morris.analyze(dict(problem), x, y, num_resamples=s.num_resamples,
                            conf_level=s.conf_level, num_levels=levels, seed=s.seed)
    rows = []
    for i, u in enumerate(factor_names(problem)):
        rows.append(index_row("morris", u, "mu_star", si["mu_star"][i], si["mu_star_conf"][i],
                              grouped, bounded=True))
        rows.append(index_row("morris", u, "sigma", si["sigma"][i], None, grouped))
        rows.append(index_row("morris", u, "mu", si["mu"][i], None, grouped))
    return rows


def delta_rows(problem: dict[str, Any], x: np.ndarray, y: np.ndarray, s: Settings) -> list[Row]:
    """Borgonovo's delta (SALib's bootstrap 'raw' variant) with its interval, per parameter."""
    plain = {k: v for k, v in problem.items() if k != "groups"}
    with quiet():
        si = delta.analyze(dict(plain), x, y, num_resamples=min(s.num_resamples, DELTA_RESAMPLES),
                           conf_level=s.conf_level, seed=s.seed or None, method="delta")
    return [index_row("delta", u, "delta", si["delta_raw"][i], si["delta_raw_conf"][i],
                      bounded=True)
            for i, u in enumerate(plain["names"])]


def salib_can_slice(slides: int) -> bool:
    """Whether SALib's PAWN accepts ``slides``: it takes the slide edges as the quantiles
    ``np.arange(0, 1 + 1/S, 1/S)``, which overshoot 1 for some S (6, 9, 21, 24, ...) and then
    fail with "Quantiles must be in the range [0, 1]" (SALib 1.6.0 and its develop branch,
    src/SALib/analyze/pawn.py; no upstream issue filed yet)."""
    step = 1 / slides
    edges = np.arange(0, 1 + step, step)
    return len(edges) == slides + 1 and edges[-1] <= 1


def pawn_slides(n: int, s: Settings) -> int:
    """PAWN slides for ``n`` points: at most ``s.pawn_slides``, with at least 10 points each
    where ``n`` allows, and a number of slides that SALib can slice with."""
    most = max(2, min(s.pawn_slides, n // 10))
    return next(k for k in range(most, 1, -1) if salib_can_slice(k))


def pawn_floor(n: int, s: Settings) -> float:
    """PAWN value of an unrelated factor: the median Kolmogorov-Smirnov distance (0.83 in
    units of the asymptotic scale) between a slide of n/S points and all n points."""
    m = n / pawn_slides(n, s)
    return 0.83 / math.sqrt(m * n / (m + n))


def pawn_rows(problem: dict[str, Any], x: np.ndarray, y: np.ndarray, s: Settings) -> list[Row]:
    """PAWN (median KS statistic over the slides; SALib gives no interval), per parameter
    and, when the problem has groups, per group (SALib averages over the group)."""
    slides = pawn_slides(len(y), s)
    rows: list[Row] = []
    variants = [{k: v for k, v in problem.items() if k != "groups"}]
    if problem.get("groups"):
        variants.append(problem)
    for variant in variants:
        grouped = "groups" in variant
        with quiet():
            si = pawn.analyze(dict(variant), x, y, S=slides, seed=s.seed)
        rows += [index_row("pawn", u, "pawn", si["median"][i], None, grouped)
                 for i, u in enumerate(factor_names(variant))]
    return rows
