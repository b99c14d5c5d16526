"""Global sensitivity analysis of a result folder (``airace analyze DIR``), with SALib.

Sobol (S1, ST, S2) and Morris (mu*, sigma) indices on the replicate means of the sample
points of a Sobol or Morris design; PAWN for every outcome on any random sample (Monte
Carlo, LHS, grid, the A and B rows of a Sobol design) and Borgonovo's delta at the target
year where no Sobol or Morris samples carry the intervals (or when asked); bootstrap
confidence intervals; the seed-noise share; indices at growing sample sizes (convergence);
warnings when the runs are too few. Writes OUT/analysis/sensitivity/
(docs/ARCHITECTURE.md, "Analysis outputs"; the method is described in docs/sensitivity.md).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from airace.analysis import sensitivity_checks as checks
from airace.analysis import sensitivity_methods as sm
from airace.analysis.sensitivity_data import (
    MI_KINDS,
    SALIB_KINDS,
    Layout,
    ScenarioData,
    SensitivityError,
    layout,
    noise,
    outcome_year,
    scenario_data,
    select_outcomes,
    target_outcomes,
)
from airace.experiments.store import load_results

__all__ = ["SensitivityError", "SensitivityResult", "analyze"]

SENS_DIR = Path("analysis") / "sensitivity"
COLUMNS: tuple[str, ...] = ("method", "scenario", "outcome", "variable", "year", "factor",
                            "group", "index", "value", "ci_low", "ci_high", "conf_level", "n",
                            "runs", "noise_share", "noise_share_mean")
MIN_SOBOL_BASE = 4
MIN_MORRIS_TRAJ = 3
MIN_MI_POINTS = 30


@dataclass
class SensitivityResult:
    """What ``analyze`` wrote: the folder, the tables, warnings, notes and figure records."""

    folder: Path
    indices: pd.DataFrame
    convergence: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    figures: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def analyze(out_dir: str | Path, outcomes: Iterable[str] | None = None,
            target_year: int | None = None, langs: Iterable[str] = ("en", "de"),
            formats: Iterable[str] = ("png", "pdf", "svg"), scenario: str | None = None,
            conf_level: float = 0.95, num_resamples: int = 100, delta: bool | None = None,
            log: Callable[[str], None] | None = None) -> SensitivityResult:
    """Compute sensitivity indices of the result folder ``out_dir`` and write them, with
    figures per language, to ``out_dir/analysis/sensitivity``; raise SensitivityError (an
    InputError) before writing anything when the folder cannot be analysed.

    ``delta``: Borgonovo's delta at the target year (slow); by default only for designs
    without Sobol or Morris samples, where it carries the confidence intervals."""
    from airace.analysis.i18n import check_lang
    from airace.analysis.style import check_formats

    langs, fmts = tuple(check_lang(x) for x in langs), check_formats(list(formats))
    res = load_results(out_dir)
    lay = layout(res)
    chosen = select_outcomes(res, list(outcomes or []))
    year, targets = target_outcomes(chosen, target_year)
    scen = _scenario(res, scenario)
    settings = sm.Settings(conf_level, num_resamples, seed=lay.seed % (2**31 - 1))
    data = scenario_data(res, lay, scen, chosen)
    _check_size(res.path, lay, data)
    log = log or (lambda msg: None)
    log(f"sensitivity: {len(chosen)} outcomes, design {lay.kind}, scenario '{scen}'")
    use_delta = lay.kind not in SALIB_KINDS if delta is None else delta
    study = _Study(lay, data, settings, set(targets), use_delta)
    for outcome in chosen:
        study.outcome(outcome)
    indices, conv = study.tables()
    report = checks.review(lay, data, indices, conv, study.skipped, study.failed, res)
    report.notes.insert(0, _scope_note(lay, scen, res, year, use_delta))
    folder = Path(out_dir) / SENS_DIR
    _write(folder, indices, conv, report)
    result = SensitivityResult(folder, indices, conv, report.warnings, report.notes)
    from airace.analysis import sensitivity_figures as figs

    for code in langs:
        result.figures[code] = figs.render(figs.FigureInput(
            indices, conv, lay, scen, year, targets), code, fmts, folder / "figures" / code)
    return result


def _check_size(path: Path, lay: Layout, data: ScenarioData) -> None:
    """Raise SensitivityError when the design is too small for any index."""
    done = data.counts > 0
    if lay.kind in SALIB_KINDS:
        n_blocks = lay.n_points // lay.step
        have = int(done[: n_blocks * lay.step].reshape(n_blocks, lay.step).all(axis=1).sum())
        need, what = ((MIN_SOBOL_BASE, "base samples (design.samples)") if lay.kind == "sobol"
                      else (MIN_MORRIS_TRAJ, "trajectories (design.trajectories)"))
    else:
        have, need, what = int(done.sum()), MIN_MI_POINTS, "sample points (samples or replicates)"
    if have < need:
        raise SensitivityError(f"{path}: too few runs for sensitivity indices in scenario "
                               f"'{data.scenario}': {have} complete {what}; allowed: at least "
                               f"{need} (a {lay.kind} design)")


def _scenario(res: Any, scenario: str | None) -> str:
    names = list(dict.fromkeys(res.design["scenario"].astype(str)))
    if scenario is None:
        return names[0]
    if scenario not in names:
        raise SensitivityError(f"{res.path}: scenario {scenario!r} is not in this result "
                               f"folder; allowed: {', '.join(names)}")
    return scenario


def _scope_note(lay: Layout, scen: str, res: Any, year: int | None, delta: bool) -> str:
    mi = "PAWN" + (" and delta (target year)" if delta else "")
    methods = {"sobol": f"Sobol (S1, ST{', S2' if lay.second_order else ''}) on the replicate "
                        f"means, plus {mi} on the A and B rows",
               "morris": "Morris elementary effects (mu*, sigma) on the replicate means"}
    what = methods.get(lay.kind, f"{mi}, moment-independent indices of any sample")
    others = [s for s in dict.fromkeys(res.design["scenario"].astype(str)) if s != scen]
    rest = f"; other scenarios ({', '.join(others)}): --scenario NAME" if others else ""
    target = f"; figures at the target year {year}" if year else ""
    return (f"Design {lay.kind} over {len(lay.names)} parameters"
            + (f" in {len(lay.units)} groups" if lay.groups else "")
            + f": {what}; scenario '{scen}'{rest}{target}.")


class _Study:
    """Collects the index and convergence rows of every outcome of one scenario."""

    def __init__(self, lay: Layout, data: ScenarioData, s: sm.Settings,
                 targets: set[str], delta: bool) -> None:
        self.lay, self.data, self.s, self.targets = lay, data, s, targets
        self.delta = delta
        self.rows: list[dict[str, Any]] = []
        self.conv: list[dict[str, Any]] = []
        self.skipped: list[str] = []
        self.failed: list[str] = []
        labels = lay.labels or lay.groups
        self.mi_problem = lay.problem(labels)

    def outcome(self, outcome: str) -> None:
        """Indices (and, at the target year, convergence) of one outcome."""
        y = self.data.means[outcome].to_numpy(float)
        finite = y[np.isfinite(y)]
        if finite.size < 2 or np.ptp(finite) == 0:
            self.skipped.append(outcome)
            return
        extra = {"scenario": self.data.scenario, "outcome": outcome,
                 "variable": outcome.rpartition("@")[0] or outcome,
                 "year": outcome_year(outcome), "conf_level": self.s.conf_level,
                 **noise(self.data, outcome)}
        target = outcome in self.targets
        if self.lay.kind in SALIB_KINDS:
            self._blocks(outcome, y, extra, target)
        if self.lay.kind in MI_KINDS:
            self._moment_free(outcome, y, extra, target)

    def _run(self, outcome: str, method: str, fn: Callable[[], list[dict[str, Any]]],
             info: dict[str, Any], sinks: list[list[dict[str, Any]]]) -> None:
        if not sinks:
            return
        try:
            rows = fn()
        except sm.FAILURES as exc:
            self.failed.append(f"{method} on {outcome}: {type(exc).__name__}: {exc}")
            return
        for sink in sinks:
            sink.extend({**r, **info} for r in rows)

    def _sinks(self, n: int, full: int, target: bool) -> list[list[dict[str, Any]]]:
        return [s for s, keep in ((self.rows, n == full), (self.conv, target)) if keep]

    def _blocks(self, outcome: str, y: np.ndarray, extra: dict[str, Any], target: bool) -> None:
        lay, step = self.lay, self.lay.step
        n_blocks = lay.n_points // step
        blocks = y[: n_blocks * step].reshape(n_blocks, step)
        ok = np.flatnonzero(np.isfinite(blocks).all(axis=1))
        if ok.size < (MIN_SOBOL_BASE if lay.kind == "sobol" else MIN_MORRIS_TRAJ):
            self.failed.append(f"{lay.kind} on {outcome}: only {ok.size} complete "
                               f"{'base samples' if lay.kind == 'sobol' else 'trajectories'}")
            return
        for n in _sizes(ok.size, lay.kind) if target else [ok.size]:
            ids = (ok[:n, None] * step + np.arange(step)).ravel()
            fn = self._block_fn(y[ids], self.data.x[ids])
            info = {**extra, "n": n, "runs": int(self.data.counts[ids].sum())}
            self._run(outcome, lay.kind, fn, info, self._sinks(n, ok.size, target))

    def _block_fn(self, y: np.ndarray, x: np.ndarray) -> Callable[[], list[dict[str, Any]]]:
        lay, problem = self.lay, self.lay.problem(self.lay.groups)
        if lay.kind == "sobol":
            return lambda: sm.sobol_rows(problem, y, lay.second_order, self.s)
        return lambda: sm.morris_rows(problem, x, y, lay.levels, self.s)

    def _mi_points(self, y: np.ndarray) -> np.ndarray:
        if self.lay.kind == "sobol":
            step = self.lay.step
            starts = np.arange(self.lay.n_points // step) * step
            ids = np.sort(np.concatenate([starts, starts + step - 1]))
        else:
            ids = np.arange(self.lay.n_points)
        return ids[np.isfinite(y[ids])]

    def _moment_free(self, outcome: str, y: np.ndarray, extra: dict[str, Any],
                     target: bool) -> None:
        ids = self._mi_points(y)
        if ids.size < MIN_MI_POINTS:
            self.failed.append(f"PAWN/delta on {outcome}: only {ids.size} sample points "
                               f"(at least {MIN_MI_POINTS})")
            return
        grow = target and self.lay.kind not in SALIB_KINDS  # MI methods are the main ones
        for n in _sizes(ids.size, "mi") if grow else [ids.size]:
            sub = ids[:n]
            args = (self.mi_problem, self.data.x[sub], y[sub], self.s)
            info = {**extra, "n": n, "runs": int(self.data.counts[sub].sum())}
            calls = [("pawn", partial(sm.pawn_rows, *args))]
            if target and self.delta and n == ids.size:  # slow: no convergence for delta
                calls.append(("delta", partial(sm.delta_rows, *args)))
            for method, fn in calls:
                self._run(outcome, method, fn, info, self._sinks(n, ids.size, grow))

    def tables(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The indices and convergence tables with the documented columns."""
        return _frame(self.rows), _frame(self.conv)


def _sizes(n: int, kind: str) -> list[int]:
    """Growing subset sizes ending at ``n``: powers of two for Sobol (prefixes of a Sobol'
    sequence), halvings for Morris trajectories and random samples."""
    low = {"sobol": MIN_SOBOL_BASE, "morris": MIN_MORRIS_TRAJ}.get(kind, MIN_MI_POINTS)
    if kind == "sobol":
        sizes = [2**j for j in range(int(np.log2(n)) + 1) if low <= 2**j]
    else:
        sizes = [n // 2**j for j in range(8) if n // 2**j >= low]
    return sorted({*sizes, n})[-6:]


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["year"] = frame["year"].astype("Int64")
    frame["group"] = frame["group"].astype(bool)
    for col in ("n", "runs"):
        frame[col] = frame[col].astype("int64")
    return frame


def _write(folder: Path, indices: pd.DataFrame, conv: pd.DataFrame,
           report: checks.Review) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, frame in (("indices", indices), ("convergence", conv)):
        frame.to_csv(folder / f"{name}.csv", index=False)
        frame.to_parquet(folder / f"{name}.parquet", index=False)
    report.noise.to_csv(folder / "noise.csv", index=False)
    summary = {"warnings": report.warnings, "notes": report.notes,
               "noise_share": report.noise_summary, "settings": report.settings}
    (folder / "summary.json").write_text(json.dumps(summary, indent=2, default=str),
                                         encoding="utf-8")
