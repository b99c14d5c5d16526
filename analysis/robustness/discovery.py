"""Scenario discovery in a result folder (``airace discover``): which futures put an outcome
(or a policy's regret) above or below a value. PRIM's peeling trajectory and chosen box, CART
and extra-trees feature scores, written to OUT/analysis/discovery/ (one case at a time)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from airace.analysis.robustness import outputs
from airace.analysis.robustness.cases import Case, build_case
from airace.analysis.robustness.prim import (
    MASS_MIN,
    PEEL_ALPHA,
    PrimResult,
    limit_rows,
    run_prim,
)
from airace.analysis.robustness.trees import CartResult, cart, extra_trees_scores, score_table
from airace.experiments.store import load_results

BOX_COLUMNS: tuple[str, ...] = ("box", "factor", "low", "high", "coverage", "density", "mass",
                                "qp", "chosen", "values")
PEELING_COLUMNS: tuple[str, ...] = ("box", "coverage", "density", "mass", "res_dim", "n", "k",
                                    "chosen")


@dataclass
class DiscoveryResult:
    """What ``discover`` wrote: the folder, the case, PRIM's and CART's results, the scores."""

    folder: Path
    case: Case
    prim: PrimResult
    cart: CartResult
    scores: pd.Series
    summary: dict[str, Any]
    figures: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def discover(out: str | Path, outcome: str, above: float | None = None,
             below: float | None = None, scenario: str | None = None, box: int | None = None,
             langs: Iterable[str] = ("en", "de"), formats: Iterable[str] = ("png", "pdf", "svg"),
             resamples: int = 10, log: Callable[[str], None] | None = None) -> DiscoveryResult:
    """Find the futures of ``scenario`` where ``outcome`` lies above ``above`` (or below
    ``below``) and write the tables, summary and figures; raise RobustnessError (an
    InputError) before writing anything when the folder or the arguments do not allow it."""
    from airace.analysis.i18n import check_lang
    from airace.analysis.style import check_formats

    langs, fmts = tuple(check_lang(x) for x in langs), check_formats(list(formats))
    rs = load_results(out, require_runs=True)
    case = build_case(rs, outcome, above, below, scenario)
    (log or (lambda msg: None))(
        f"discovery: {outcome} in scenario '{case.scenario}', {case.n_cases} of "
        f"{len(case.y)} futures of interest, {len(case.x.columns)} uncertain inputs")
    seed = int(rs.manifest.get("seed") or 0)
    prim = run_prim(case, box, resamples, seed)
    tree = cart(case, seed)
    scores = extra_trees_scores(case, seed)
    summary = _summary(rs.path, case, prim, tree, scores, resamples)
    folder = Path(out) / outputs.DISC_DIR
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    outputs.write_csv(folder / "boxes.csv", box_table(prim, case))
    peeling = prim.trajectory.assign(chosen=prim.trajectory["box"] == prim.chosen)
    outputs.write_csv(folder / "peeling.csv", peeling[list(PEELING_COLUMNS)])
    outputs.write_csv(folder / "feature_scores.csv", score_table(scores, tree.importance))
    result = DiscoveryResult(folder, case, prim, tree, scores, summary)
    from airace.analysis.robustness.discovery_figures import render

    for lang in langs:
        result.figures[lang] = render(rs, result, lang, fmts, folder / outputs.FIGURES / lang)
    summary["figures"] = {k: [r["name"] for r in v] for k, v in result.figures.items()}
    outputs.write_json(folder / "summary.json", outputs.finite(summary))
    return result


def box_table(prim: PrimResult, case: Case) -> pd.DataFrame:
    """boxes.csv: one row per box of the trajectory and restricted factor."""
    rows = []
    for box, stats in prim.trajectory.iterrows():
        for lim in limit_rows(prim, int(box), case.kinds):
            values = lim["values"]
            rows.append({"box": int(box), "factor": lim["factor"], "low": lim["low"],
                         "high": lim["high"], "coverage": stats["coverage"],
                         "density": stats["density"], "mass": stats["mass"], "qp": lim["qp"],
                         "chosen": int(box) == prim.chosen,
                         "values": "|".join(f"{v:g}" for v in values) if values else ""})
    return pd.DataFrame(rows, columns=list(BOX_COLUMNS))


def _summary(path: Path, case: Case, prim: PrimResult, tree: CartResult, scores: pd.Series,
             resamples: int) -> dict[str, Any]:
    chosen = prim.trajectory.loc[prim.chosen]
    rule = {"above": case.above} if case.above is not None else {"below": case.below}
    side, bound = next(iter(rule.items()))
    command = (f"airace discover {path} --outcome {case.outcome} --{side} {bound:g} "
               f"--scenario {case.scenario} --box N")
    return {
        "outcome": case.outcome, "scenario": case.scenario, "rule": rule,
        "n_futures": len(case.y), "n_cases": case.n_cases,
        "base_rate": case.n_cases / len(case.y), "n_dropped": case.dropped,
        "factors": case.kinds,
        "chosen_box": {
            "box": prim.chosen, "chosen_by": prim.choice,
            "coverage": chosen["coverage"], "density": chosen["density"],
            "mass": chosen["mass"], "res_dim": int(chosen["res_dim"]),
            "limits": limit_rows(prim, prim.chosen, case.kinds),
            "stability": prim.stability.to_dict(orient="records")},
        "n_boxes": len(prim.trajectory), "command": command,
        "choose_another": f"{command} (N from 0 to {len(prim.trajectory) - 1}; peeling.csv "
                          "lists coverage and density of each)",
        "cart": {"depth": tree.depth, "accuracy": tree.accuracy, "leaves": tree.leaves},
        "feature_scores": {"extra_trees": scores.to_dict(),
                           "cart": tree.importance.sort_values(ascending=False).to_dict()},
        "settings": {"peel_alpha": PEEL_ALPHA, "mass_min": MASS_MIN, "resamples": resamples,
                     "resample_fraction": 0.5, "cart_depth": tree.depth},
        "notes": ([f"{case.dropped} future(s) of scenario '{case.scenario}' left out: no "
                   "finished run"] if case.dropped else []),
    }
