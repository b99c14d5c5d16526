"""Global sensitivity analysis of a result folder (``airace analyze DIR``), with SALib.

Sobol (S1, ST, S2) and Morris (mu*, sigma) indices on the replicate means of the sample
points of a Sobol or Morris design; PAWN for every outcome on any random sample (Monte
Carlo, LHS, grid, the A and B rows of a Sobol design) and Borgonovo's delta at the target
year where no Sobol or Morris samples carry the intervals (or when asked); bootstrap
confidence intervals; the seed-noise share; indices at growing sample sizes (convergence);
warnings when the runs are too few. Writes OUT/analysis/sensitivity/
(docs/ARCHITECTURE.md, "Analysis outputs"; the method is described in docs/sensitivity.md).

The package: ``data`` (what is read from the result folder), ``methods`` (SALib's
estimators as rows), ``indices`` (every outcome's indices and convergence), ``checks``
(warnings and notes: was N enough?), ``labels`` and ``figures`` (the figures in English and
German).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from airace.analysis.sensitivity import checks
from airace.analysis.sensitivity.data import (
    SALIB_KINDS,
    SensitivityError,
    choose_scenario,
    layout,
    scenario_data,
    select_outcomes,
    target_outcomes,
)
from airace.analysis.sensitivity.indices import IndexCollector, check_size
from airace.analysis.sensitivity.methods import Settings
from airace.experiments.store import load_results

__all__ = ["SensitivityError", "SensitivityResult", "analyze"]

SENS_DIR = Path("analysis") / "sensitivity"


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
    scen = choose_scenario(res, scenario)
    settings = Settings(conf_level, num_resamples, seed=lay.seed % (2**31 - 1))
    data = scenario_data(res, lay, scen, chosen)
    check_size(res.path, lay, data)
    log = log or (lambda msg: None)
    log(f"sensitivity: {len(chosen)} outcomes, design {lay.kind}, scenario '{scen}'")
    use_delta = lay.kind not in SALIB_KINDS if delta is None else delta
    collector = IndexCollector(lay, data, settings, set(targets), use_delta)
    for outcome in chosen:
        collector.outcome(outcome)
    indices, conv = collector.tables()
    review = checks.review(lay, data, indices, conv, collector.skipped, collector.failed, res)
    review.notes.insert(0, checks.scope_note(lay, scen, res, year, use_delta))
    folder = Path(out_dir) / SENS_DIR
    _write_tables(folder, indices, conv, review)
    result = SensitivityResult(folder, indices, conv, review.warnings, review.notes)
    from airace.analysis.sensitivity import figures as figs

    for code in langs:
        result.figures[code] = figs.render(figs.FigureInput(
            indices, conv, lay, scen, year, targets), code, fmts, folder / "figures" / code)
    return result


def _write_tables(folder: Path, indices: pd.DataFrame, conv: pd.DataFrame,
                  review: checks.Review) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, frame in (("indices", indices), ("convergence", conv)):
        frame.to_csv(folder / f"{name}.csv", index=False)
        frame.to_parquet(folder / f"{name}.parquet", index=False)
    review.noise.to_csv(folder / "noise.csv", index=False)
    summary = {"warnings": review.warnings, "notes": review.notes,
               "noise_share": review.noise_summary, "settings": review.settings}
    (folder / "summary.json").write_text(json.dumps(summary, indent=2, default=str),
                                         encoding="utf-8")
