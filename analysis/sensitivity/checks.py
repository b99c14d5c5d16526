"""Was N enough? Warnings and notes on a sensitivity analysis: wide confidence intervals,
few trajectories or points, seed noise, rankings that still change, skipped outcomes."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from airace.analysis.sensitivity.data import SALIB_KINDS, Layout, ScenarioData
from airace.analysis.sensitivity.methods import Settings, pawn_floor
from airace.experiments.store import Results

CI_WIDTH_MAX = 0.1  # widest acceptable interval of ST or delta
NOISE_MEAN_MAX = 0.1  # largest acceptable seed-noise share of the replicate means
MIN_TRAJECTORIES = 10
MIN_POINTS = 100
MU_STAR_REL_WIDTH_MAX = 0.5
SHOW = 3
MAIN_INDEX = {"sobol": "ST", "morris": "mu_star", "delta": "delta"}


@dataclass
class Review:
    """Warnings and notes for summary.json, and the seed-noise table."""

    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    noise: pd.DataFrame = field(default_factory=pd.DataFrame)
    noise_summary: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)


def _examples(values: pd.Series, fmt: str = "{:.2f}") -> str:
    top = values.sort_values(ascending=False).head(SHOW)
    more = f", and {len(values) - SHOW} more" if len(values) > SHOW else ""
    return ", ".join(f"{k}: {fmt.format(v)}" for k, v in top.items()) + more


def _pow2(x: float) -> int:
    return 2 ** math.ceil(math.log2(max(x, 1.0)))


def _widths(indices: pd.DataFrame, method: str, index: str) -> pd.DataFrame:
    part = indices[(indices["method"] == method) & (indices["index"] == index)
                   & ~indices["group"]].copy()
    if part.empty:
        part = indices[(indices["method"] == method) & (indices["index"] == index)].copy()
    part["width"] = part["ci_high"] - part["ci_low"]
    return part


def _sobol(indices: pd.DataFrame, rv: Review) -> None:
    st = _widths(indices, "sobol", "ST")
    if st.empty:
        return
    n = int(st["n"].max())
    worst = st.groupby("outcome")["width"].max()
    wide = worst[worst > CI_WIDTH_MAX]
    if len(wide):
        typical, widest = float(worst.median()), float(wide.max())
        rv.warnings.append(
            f"Too few runs for stable Sobol indices: ST confidence intervals are wider than "
            f"{CI_WIDTH_MAX} for {len(wide)} of {len(worst)} outcomes ({_examples(wide)}; "
            f"median over the outcomes {typical:.2f}); about "
            f"{_pow2(n * (max(typical, CI_WIDTH_MAX) / CI_WIDTH_MAX) ** 2)} base samples "
            f"(design.samples, now {n}) would narrow the median and "
            f"{_pow2(n * (widest / CI_WIDTH_MAX) ** 2)} the widest to {CI_WIDTH_MAX}.")
    top = st.loc[st.groupby("outcome")["value"].idxmax()]
    loose = top[top["width"] > top["value"].abs()].set_index("outcome")["width"]
    if len(loose):
        rv.warnings.append(
            "Too few runs: the confidence interval of the largest ST is wider than the "
            f"index itself for {len(loose)} outcomes ({', '.join(loose.index[:SHOW])}); "
            "their ranking is not resolved.")


def _morris(indices: pd.DataFrame, rv: Review) -> None:
    mu = _widths(indices, "morris", "mu_star")
    if mu.empty:
        return
    r = int(mu["n"].max())
    if r < MIN_TRAJECTORIES:
        rv.warnings.append(
            f"Too few runs for a stable Morris screening: {r} trajectories (at least "
            f"{MIN_TRAJECTORIES} are usual); raise design.trajectories.")
    top = mu.loc[mu.groupby("outcome")["value"].idxmax()]
    rel = (top["width"] / top["value"].where(top["value"] > 0)).fillna(np.inf)
    loose = pd.Series(rel.to_numpy(), index=top["outcome"])[rel.to_numpy() >
                                                            MU_STAR_REL_WIDTH_MAX]
    if len(loose):
        rv.warnings.append(
            "Too few runs: the confidence interval of the largest mu* is wider than "
            f"{MU_STAR_REL_WIDTH_MAX:.0%} of it for {len(loose)} outcomes "
            f"({', '.join(loose.index[:SHOW])}); raise design.trajectories.")


def _moment_free(lay: Layout, indices: pd.DataFrame, rv: Review) -> None:
    if indices[indices["method"] == "pawn"].empty:
        return
    n_pawn = int(indices.loc[indices["method"] == "pawn", "n"].max())
    floor = pawn_floor(n_pawn, Settings())
    rv.notes.append("PAWN: median Kolmogorov-Smirnov distance over the slides, for every "
                    "outcome; SALib gives it no confidence interval (delta has one). With "
                    f"{n_pawn} points an unrelated factor scores about {floor:.2f}, so "
                    "values near that do not tell a factor from noise.")
    if lay.kind in SALIB_KINDS:
        return
    n = int(indices.loc[indices["method"] == "pawn", "n"].max())
    if n < MIN_POINTS:
        rv.warnings.append(f"Too few runs for stable moment-independent indices: {n} sample "
                           f"points (at least {MIN_POINTS}); raise the number of samples.")
    dl = _widths(indices, "delta", "delta")
    if dl.empty:
        return
    worst = dl.groupby("outcome")["width"].max()
    wide = worst[worst > CI_WIDTH_MAX]
    if len(wide):
        rv.warnings.append(
            f"Too few runs for stable delta indices: confidence intervals up to "
            f"{wide.max():.2f} wide for {len(wide)} of {len(worst)} outcomes "
            f"({_examples(wide)}); about {_pow2(n * (wide.max() / CI_WIDTH_MAX) ** 2)} "
            f"sample points (now {n}) would narrow them to {CI_WIDTH_MAX}.")


def _noise(lay: Layout, data: ScenarioData, indices: pd.DataFrame, rv: Review) -> None:
    cols = ["outcome", "noise_share", "noise_share_mean"]
    table = indices[cols].drop_duplicates("outcome").reset_index(drop=True)
    table.insert(1, "scenario", data.scenario)
    table.insert(2, "replicates", lay.replicates)
    rv.noise = table
    if lay.kind == "monte_carlo":
        rv.notes.append("Monte Carlo design: each run draws its own parameters and seed, so "
                        "seed noise is part of the indices and its share is not estimated.")
        return
    if lay.replicates < 2 or table["noise_share"].isna().all():
        rv.notes.append("One run per sample point: the seed noise cannot be told apart from "
                        "the parameters' effects; a stochastic model needs design.replicates "
                        ">= 2 (common random numbers) for its noise share.")
        return
    run_share, mean_share = table["noise_share"].mean(), table["noise_share_mean"].mean()
    rv.noise_summary = {"mean_noise_share": run_share, "mean_noise_share_of_means": mean_share,
                        "replicates": lay.replicates,
                        "by_outcome": table.set_index("outcome")[cols[1:]].to_dict("index")}
    rv.notes.append(
        f"Seed noise: the variance between the {lay.replicates} replicates at the same sample "
        f"point is on average {run_share:.1%} of the variance of single runs; what reaches "
        f"the indices (common random numbers cancel each seed's common offset, and the "
        f"replicates are averaged) is {mean_share:.1%} of the variance of the replicate means.")
    loud = table.set_index("outcome")["noise_share_mean"]
    loud = loud[loud > NOISE_MEAN_MAX]
    if len(loud):
        s = float(loud.max())
        need = math.ceil(lay.replicates * s / (1 - s) * (1 - NOISE_MEAN_MAX) / NOISE_MEAN_MAX) \
            if s < 1 else 10 * lay.replicates
        rv.warnings.append(
            f"Seed noise blurs the indices: it is more than {NOISE_MEAN_MAX:.0%} of the "
            f"variance of the replicate means for {len(loud)} outcomes "
            f"({_examples(loud, '{:.0%}')}); about {need} replicates (design.replicates, now "
            f"{lay.replicates}) would bring it to {NOISE_MEAN_MAX:.0%}.")


def _ranking(conv: pd.DataFrame, rv: Review) -> None:
    unsettled = []
    for (method, outcome), part in conv[~conv["group"]].groupby(["method", "outcome"]):
        main = part[part["index"] == MAIN_INDEX.get(method, "")]
        sizes = sorted(main["n"].unique())
        if len(sizes) < 2:
            continue
        full = main[main["n"] == sizes[-1]].sort_values("value", ascending=False)
        half = main[main["n"] == sizes[-2]].sort_values("value", ascending=False)
        if full.empty or half.empty or full["factor"].iloc[0] == half["factor"].iloc[0]:
            continue
        if len(full) > 1 and full["ci_low"].iloc[0] <= full["ci_high"].iloc[1]:
            unsettled.append(f"{outcome} ({method})")
    if unsettled:
        rv.warnings.append(
            "The most influential factor still changes between the last two sample sizes and "
            f"is not separated by its confidence interval for {len(unsettled)} outcomes "
            f"({', '.join(unsettled[:SHOW])}); see the convergence figure and raise N.")


def scope_note(lay: Layout, scen: str, res: Results, year: int | None, delta: bool) -> str:
    """The first note: which design, methods, scenario and target year the analysis covers."""
    mi = "PAWN" + (" and delta (target year)" if delta else "")
    methods = {"sobol": f"Sobol (S1, ST{', S2' if lay.second_order else ''}) on the replicate "
                        f"means, plus {mi} on the A and B rows",
               "morris": "Morris elementary effects (mu*, sigma) on the replicate means"}
    what = methods.get(lay.kind, f"{mi}, moment-independent indices of any sample")
    others = [s for s in dict.fromkeys(res.design["scenario"].astype(str)) if s != scen]
    rest = f"; other scenarios ({', '.join(others)}): --scenario NAME" if others else ""
    target = f"; figures at the target year {year}" if year else ""
    return (f"Design {lay.kind} over {len(lay.names)} parameters"
            + (f" in {len(lay.factors)} groups" if lay.groups else "")
            + f": {what}; scenario '{scen}'{rest}{target}.")


def review(lay: Layout, data: ScenarioData, indices: pd.DataFrame, conv: pd.DataFrame,
           skipped: list[str], failed: list[str], res: Results) -> Review:
    """All warnings and notes of one analysis."""
    rv = Review(settings={"design": lay.kind, "parameters": list(lay.names),
                          "groups": sorted(set(lay.groups or lay.param_groups or ())),
                          "grouped_design": bool(lay.groups), "sample_points": lay.n_points,
                          "replicates": lay.replicates, "scenario": data.scenario,
                          "conf_level": float(indices["conf_level"].max())
                          if len(indices) else None})
    if indices.empty:
        rv.warnings.append("No sensitivity indices could be computed; see the notes.")
    else:
        _sobol(indices, rv)
        _morris(indices, rv)
        _moment_free(lay, indices, rv)
        _noise(lay, data, indices, rv)
        _ranking(conv, rv)
    if skipped:
        rv.notes.append(f"{len(skipped)} outcomes do not vary in scenario '{data.scenario}' "
                        f"and have no indices: {', '.join(skipped[:8])}"
                        + (", ..." if len(skipped) > 8 else ""))
    if failed:
        more = f" (and {len(failed) - SHOW} more)" if len(failed) > SHOW else ""
        rv.warnings.append(f"Not computed for {len(failed)} outcome(s): "
                           + "; ".join(failed[:SHOW]) + more + ".")
    empty = int((data.counts == 0).sum())
    if len(res.failures) or empty:
        rv.notes.append(f"{len(res.failures)} runs failed; {empty} sample points have no "
                        "finished run, and the base samples or trajectories holding them are "
                        "left out.")
    return rv
