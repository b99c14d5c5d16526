"""Sensitivity indices of every outcome of one scenario: Sobol or Morris on the blocks
(base samples, trajectories) of a SALib design, PAWN and delta on any random sample; for
the target outcomes also at growing sample sizes (the convergence table)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from airace.analysis.sensitivity import methods
from airace.analysis.sensitivity.data import (
    MI_KINDS,
    SALIB_KINDS,
    Layout,
    ScenarioData,
    SensitivityError,
    outcome_year,
    seed_noise,
)

COLUMNS: tuple[str, ...] = ("method", "scenario", "outcome", "variable", "year", "factor",
                            "group", "index", "value", "ci_low", "ci_high", "conf_level", "n",
                            "runs", "noise_share", "noise_share_mean")
MIN_SOBOL_BASE = 4
MIN_MORRIS_TRAJ = 3
MIN_MI_POINTS = 30


def check_size(path: Path, lay: Layout, data: ScenarioData) -> None:
    """Raise SensitivityError when the design is too small for any index."""
    done = data.counts > 0
    if lay.kind in SALIB_KINDS:
        have = int(lay.blocks(done).all(axis=1).sum())
        need, what = ((MIN_SOBOL_BASE, "base samples (design.samples)") if lay.kind == "sobol"
                      else (MIN_MORRIS_TRAJ, "trajectories (design.trajectories)"))
    else:
        have, need, what = int(done.sum()), MIN_MI_POINTS, "sample points (samples or replicates)"
    if have < need:
        raise SensitivityError(f"{path}: too few runs for sensitivity indices in scenario "
                               f"'{data.scenario}': {have} complete {what}; allowed: at least "
                               f"{need} (a {lay.kind} design)")


class IndexCollector:
    """Collects the index and convergence rows of every outcome of one scenario."""

    def __init__(self, lay: Layout, data: ScenarioData, settings: methods.Settings,
                 targets: set[str], delta: bool) -> None:
        self.lay, self.data, self.settings, self.targets = lay, data, settings, targets
        self.delta = delta
        self.index_rows: list[dict[str, Any]] = []
        self.convergence_rows: list[dict[str, Any]] = []
        self.skipped: list[str] = []
        self.failed: list[str] = []
        self.moment_free_problem = lay.problem(lay.param_groups or lay.groups)

    def outcome(self, outcome: str) -> None:
        """Indices (and, at the target year, convergence) of one outcome."""
        y = self.data.means[outcome].to_numpy(float)
        finite = y[np.isfinite(y)]
        if finite.size < 2 or np.ptp(finite) == 0:
            self.skipped.append(outcome)
            return
        extra = {"scenario": self.data.scenario, "outcome": outcome,
                 "variable": outcome.rpartition("@")[0] or outcome,
                 "year": outcome_year(outcome), "conf_level": self.settings.conf_level,
                 **seed_noise(self.data, outcome)}
        target = outcome in self.targets
        if self.lay.kind in SALIB_KINDS:
            self._block_indices(outcome, y, extra, target)
        if self.lay.kind in MI_KINDS:
            self._moment_free_indices(outcome, y, extra, target)

    def _estimate(self, outcome: str, method: str, fn: Callable[[], list[dict[str, Any]]],
                  info: dict[str, Any], sinks: list[list[dict[str, Any]]]) -> None:
        """Call one estimator and add its rows (with ``info``) to ``sinks``; record a
        failure instead of raising."""
        if not sinks:
            return
        try:
            rows = fn()
        except methods.FAILURES as exc:
            self.failed.append(f"{method} on {outcome}: {type(exc).__name__}: {exc}")
            return
        for sink in sinks:
            sink.extend({**r, **info} for r in rows)

    def _tables_for(self, n: int, full: int, target: bool) -> list[list[dict[str, Any]]]:
        """Where rows at subset size ``n`` go: the indices at the full size, the
        convergence table for target outcomes."""
        choices = ((self.index_rows, n == full), (self.convergence_rows, target))
        return [rows for rows, keep in choices if keep]

    def _block_indices(self, outcome: str, y: np.ndarray, extra: dict[str, Any],
                       target: bool) -> None:
        lay, step = self.lay, self.lay.step
        ok = np.flatnonzero(np.isfinite(lay.blocks(y)).all(axis=1))
        if ok.size < (MIN_SOBOL_BASE if lay.kind == "sobol" else MIN_MORRIS_TRAJ):
            self.failed.append(f"{lay.kind} on {outcome}: only {ok.size} complete "
                               f"{'base samples' if lay.kind == 'sobol' else 'trajectories'}")
            return
        for n in _subset_sizes(ok.size, lay.kind) if target else [ok.size]:
            ids = (ok[:n, None] * step + np.arange(step)).ravel()
            fn = self._block_estimator(y[ids], self.data.x[ids])
            info = {**extra, "n": n, "runs": int(self.data.counts[ids].sum())}
            self._estimate(outcome, lay.kind, fn, info, self._tables_for(n, ok.size, target))

    def _block_estimator(self, y: np.ndarray, x: np.ndarray) -> Callable[[], list[dict[str, Any]]]:
        lay, problem = self.lay, self.lay.problem(self.lay.groups)
        if lay.kind == "sobol":
            return lambda: methods.sobol_rows(problem, y, lay.second_order, self.settings)
        return lambda: methods.morris_rows(problem, x, y, lay.levels, self.settings)

    def _random_sample_points(self, y: np.ndarray) -> np.ndarray:
        if self.lay.kind == "sobol":
            step = self.lay.step
            starts = np.arange(self.lay.n_blocks) * step
            ids = np.sort(np.concatenate([starts, starts + step - 1]))
        else:
            ids = np.arange(self.lay.n_points)
        return ids[np.isfinite(y[ids])]

    def _moment_free_indices(self, outcome: str, y: np.ndarray, extra: dict[str, Any],
                     target: bool) -> None:
        ids = self._random_sample_points(y)
        if ids.size < MIN_MI_POINTS:
            self.failed.append(f"PAWN/delta on {outcome}: only {ids.size} sample points "
                               f"(at least {MIN_MI_POINTS})")
            return
        grow = target and self.lay.kind not in SALIB_KINDS  # MI methods are the main ones
        for n in _subset_sizes(ids.size, "mi") if grow else [ids.size]:
            sub = ids[:n]
            args = (self.moment_free_problem, self.data.x[sub], y[sub], self.settings)
            info = {**extra, "n": n, "runs": int(self.data.counts[sub].sum())}
            calls = [("pawn", partial(methods.pawn_rows, *args))]
            if target and self.delta and n == ids.size:  # slow: no convergence for delta
                calls.append(("delta", partial(methods.delta_rows, *args)))
            for method, fn in calls:
                self._estimate(outcome, method, fn, info, self._tables_for(n, ids.size, grow))

    def tables(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The indices and convergence tables with the documented columns."""
        return _index_frame(self.index_rows), _index_frame(self.convergence_rows)


def _subset_sizes(n: int, kind: str) -> list[int]:
    """Growing subset sizes ending at ``n``: powers of two for Sobol (prefixes of a Sobol'
    sequence), halvings for Morris trajectories and random samples."""
    low = {"sobol": MIN_SOBOL_BASE, "morris": MIN_MORRIS_TRAJ}.get(kind, MIN_MI_POINTS)
    if kind == "sobol":
        sizes = [2**j for j in range(int(np.log2(n)) + 1) if low <= 2**j]
    else:
        sizes = [n // 2**j for j in range(8) if n // 2**j >= low]
    return sorted({*sizes, n})[-6:]


def _index_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["year"] = frame["year"].astype("Int64")
    frame["group"] = frame["group"].astype(bool)
    for col in ("n", "runs"):
        frame[col] = frame[col].astype("int64")
    return frame
