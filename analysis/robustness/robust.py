"""Robustness of the policies of a result folder for one outcome (``airace robustness``): the
metrics, ranking and intervals of every policy, written to OUT/analysis/robustness/ (rows and
figures of other outcomes stay), with one figure per language."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from airace.analysis.robustness import metrics, outputs
from airace.analysis.robustness.futures import (
    FUTURE,
    Paired,
    RobustnessError,
    check_direction,
    meets,
    paired_values,
    regret,
)
from airace.experiments.store import Results, load_results

TABLE = "robustness.csv"
REGRET_TABLE = "regret.csv"
SUMMARY = "summary.json"


@dataclass
class RobustnessResult:
    """What ``analyze_robustness`` wrote for one outcome."""

    folder: Path
    outcome: str
    table: pd.DataFrame  # metrics.COLUMNS, policies in ranked order
    summary: dict[str, Any]
    figures: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def analyze_robustness(out: str | Path, outcome: str, direction: str = "maximize",
                       threshold: float | None = None, langs: Iterable[str] = ("en", "de"),
                       formats: Iterable[str] = ("png", "pdf", "svg"), resamples: int = 1000,
                       conf: float = 0.95, log: Callable[[str], None] | None = None
                       ) -> RobustnessResult:
    """Rank the policies of the result folder ``out`` by robustness for ``outcome`` and write
    the tables, summary and figures; raise RobustnessError (an InputError) before writing
    anything when the folder or the arguments do not allow it."""
    from airace.analysis.i18n import check_lang
    from airace.analysis.style import check_formats

    langs, fmts = tuple(check_lang(x) for x in langs), check_formats(list(formats))
    check_direction(direction)
    rs = load_results(out, require_runs=True)
    paired = paired_values(rs, outcome)
    if threshold is not None:
        _check_threshold(rs, paired, direction, threshold)
    (log or (lambda msg: None))(f"robustness: {outcome}, {paired.n_futures} futures, "
                                f"{len(paired.values.columns)} policies")
    found = metrics.compute(paired.values, outcome, direction, threshold)
    best = found.ranking[0]
    seed = int(rs.manifest.get("seed") or 0) % 2**32
    ci = metrics.bootstrap(paired.values, direction, threshold, best, resamples, conf, seed)
    notes = _notes(paired)
    entry = _summary_entry(paired, found, ci, direction, threshold, conf, resamples, notes)
    folder = Path(out) / outputs.ROB_DIR
    table = found.table.set_index("scenario").loc[found.ranking].reset_index()
    _write_tables(folder, table, _regret_long(paired, direction))
    result = RobustnessResult(folder, outcome, table, entry, notes=notes)
    result.figures = _figures(rs, folder, found, ci, paired, threshold, entry, langs, fmts)
    entry["figures"] = {code: [r["name"] for r in recs] for code, recs in
                        result.figures.items()}
    summary = outputs.read_json(folder / SUMMARY) or {}
    summary.setdefault("outcomes", {})[outcome] = entry
    outputs.write_json(folder / SUMMARY, outputs.finite(summary))
    return result


def _check_threshold(rs: Results, paired: Paired, direction: str, threshold: float) -> None:
    values = paired.values
    if not meets(values, direction, threshold).to_numpy().any():
        op = ">=" if direction == "maximize" else "<="
        raise RobustnessError(
            f"{rs.path}: --threshold {threshold:g}: no policy has {paired.outcome} {op} "
            f"{threshold:g} in any future (values from {values.min().min():.4g} to "
            f"{values.max().max():.4g}); allowed: a threshold that some futures meet")


def _notes(paired: Paired) -> list[str]:
    if not paired.dropped:
        return []
    return [f"{paired.dropped} future(s) left out: some policy has no finished run of "
            f"{paired.outcome} there (see the report's 'failed runs')"]


def _summary_entry(paired: Paired, found: metrics.Metrics, ci: pd.DataFrame, direction: str,
                   threshold: float | None, conf: float, resamples: int,
                   notes: list[str]) -> dict[str, Any]:
    best = found.ranking[0]
    better = metrics.share_better(paired.values, direction, best)
    table = found.table.set_index("scenario")
    policies = {}
    for scen in found.ranking:
        row, c = table.loc[scen], ci.loc[scen]
        policies[scen] = {
            "rank": found.ranking.index(scen) + 1,
            **{k: float(row[k]) for k in metrics.COLUMNS[2:]},
            "mean_ci": [c["mean_low"], c["mean_high"]],
            "p90_regret_ci": [c["p90_regret_low"], c["p90_regret_high"]],
            "satisficing_ci": [c["satisficing_low"], c["satisficing_high"]],
            "best_share": float(found.best_share[scen]),
            "diff_to_most_robust": float((paired.values[scen] - paired.values[best]).mean()),
            "diff_to_most_robust_ci": [c["diff_to_best_low"], c["diff_to_best_high"]],
            "share_better_than_most_robust": float(better[scen]),
        }
    return {"outcome": paired.outcome, "direction": direction, "threshold": threshold,
            "n_futures": paired.n_futures, "n_dropped": paired.dropped,
            "n_samples": int(paired.values.index.get_level_values("sample_id").nunique()),
            "scenarios": list(paired.values.columns), "ranking": found.ranking,
            "most_robust": best, "criterion": found.criterion,
            "criterion_text": metrics.CRITERIA[found.criterion], "confidence": conf,
            "resamples": resamples, "policies": policies, "notes": notes}


def _regret_long(paired: Paired, direction: str) -> pd.DataFrame:
    values = paired.values.stack().rename("value")
    reg = regret(paired.values, direction).stack().rename("regret")
    long = pd.concat([values, reg], axis=1).reset_index()
    long = long.rename(columns={long.columns[len(FUTURE)]: "scenario"})
    long.insert(0, "outcome", paired.outcome)
    return long[["scenario", *FUTURE, "outcome", "value", "regret"]]


def _merge(old: pd.DataFrame | None, new: pd.DataFrame) -> pd.DataFrame:
    """``new`` after the rows of ``old`` that belong to other outcomes."""
    if old is None or "outcome" not in old.columns or list(old.columns) != list(new.columns):
        return new
    kept = old[~old["outcome"].isin(set(new["outcome"]))]
    return pd.concat([kept, new], ignore_index=True) if len(kept) else new


def _write_tables(folder: Path, table: pd.DataFrame, long: pd.DataFrame) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    outputs.write_csv(folder / TABLE, _merge(outputs.read_csv(folder / TABLE), table))
    outputs.write_csv(folder / REGRET_TABLE,
                      _merge(outputs.read_csv(folder / REGRET_TABLE), long))


def _figures(rs: Results, folder: Path, found: metrics.Metrics, ci: pd.DataFrame,
             paired: Paired, threshold: float | None, entry: dict[str, Any],
             langs: tuple[str, ...], fmts: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
    from airace.analysis import style
    from airace.analysis.figures import scenario_titles
    from airace.analysis.robustness.labels import fig_text, outcome_label, target_text
    from airace.analysis.robustness.robust_figures import figure_name, robustness_figure

    records: dict[str, list[dict[str, Any]]] = {}
    name = figure_name(paired.outcome)
    outputs.drop_figure(folder / outputs.FIGURES, name)
    for lang in langs:
        titles = scenario_titles(rs, lang)
        with style.context():
            fig = robustness_figure(found.table, ci, found.ranking, paired.outcome, threshold,
                                    titles, lang)
            files = style.save_figure(fig, folder / outputs.FIGURES / lang / name, fmts)
        target = "" if threshold is None else fig_text(
            "cap_target", lang, target=target_text(paired.outcome, entry["direction"],
                                                   threshold, lang))
        caption = fig_text(
            "cap_robustness", lang, n=len(found.ranking),
            outcome=outcome_label(paired.outcome, lang),
            futures=_count(paired.n_futures, lang),
            criterion=fig_text(f"criterion_{found.criterion}", lang), target=target,
            c=fig_text("cap_c", lang) if threshold is not None else "")
        record = {"name": name, "kind": "robustness", "caption": caption,
                  "files": {k: p.name for k, p in files.items()}}
        outputs.save_index(folder / outputs.FIGURES / lang, [record], merge=True)
        records[lang] = [record]
    return records


def _count(n: int, lang: str) -> str:
    from airace.analysis.i18n import fmt_int

    return fmt_int(n, lang)
