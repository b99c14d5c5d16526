"""Figures of a scenario discovery in English or German: PRIM's coverage-density trade-off,
the limits of the chosen box, the futures in the box's inputs (pairs), and feature scores."""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from airace.analysis import i18n, style
from airace.analysis.robustness import outputs
from airace.analysis.robustness.labels import (
    case_text,
    factor_label,
    fig_text,
    percent,
    qp_text,
)
from airace.analysis.robustness.prim import limit_rows
from airace.experiments.store import Results

if TYPE_CHECKING:
    from airace.analysis.robustness.discovery import DiscoveryResult

CASE_COLOR, OTHER_COLOR, BOX_COLOR = "#BB5566", "#AAAAAA", "#004488"
MAX_PAIR_FACTORS = 4
TOP_SCORES = 10
JITTER = 0.25


def _case(result: DiscoveryResult, lang: str) -> str:
    c = result.case
    return case_text(c.outcome, c.above, c.below, lang)


def tradeoff(result: DiscoveryResult, lang: str) -> Figure:
    """Coverage against density of every box on the peeling trajectory; the chosen one
    circled."""
    traj = result.prim.trajectory
    fig = style.new_figure("single", 78)
    ax = fig.subplots()
    dims = sorted(traj["res_dim"].unique())
    palette = dict(zip(dims, _sequential(len(dims)), strict=True))
    for d in dims:
        part = traj[traj["res_dim"] == d]
        ax.scatter(part["coverage"] * 100, part["density"] * 100, s=11, color=palette[d],
                   label=str(d), zorder=2)
    chosen = traj.loc[result.prim.chosen]
    ax.scatter([chosen["coverage"] * 100], [chosen["density"] * 100], s=90,
               facecolors="none", edgecolors="#222222", linewidths=1.0, zorder=3)
    ax.annotate(fig_text("chosen_box", lang, n=result.prim.chosen),
                (chosen["coverage"] * 100, chosen["density"] * 100), xytext=(-14, -16),
                textcoords="offset points", ha="right", va="top",
                fontsize=style.FONT_SIZE - 1,
                arrowprops={"arrowstyle": "-", "color": "#222222", "linewidth": 0.6,
                            "shrinkB": 5})
    base = float(traj["density"].iloc[0]) * 100  # box 0 holds every future
    ax.axhline(base, color="#555555", linestyle="--", linewidth=0.8, zorder=1)
    ax.annotate(fig_text("base_rate", lang, rate=percent(base / 100, lang)), (0.01, base),
                xycoords=("axes fraction", "data"), xytext=(0, 2), textcoords="offset points",
                ha="left", va="bottom", fontsize=style.FONT_SIZE - 1, color="#555555")
    ax.set_xlim(0, 102)
    ax.set_ylim(*density_limits(traj["density"].to_numpy() * 100, base))
    ax.set_xlabel(i18n.with_unit(fig_text("coverage", lang), "%"))
    ax.set_ylabel(i18n.with_unit(fig_text("density", lang), "%"))
    for axis in (ax.xaxis, ax.yaxis):
        style.format_axis(axis, lang)
    ax.grid(True)
    fig.legend(*ax.get_legend_handles_labels(), title=fig_text("restricted", lang),
               loc="outside lower center", ncols=min(len(dims), 8), handletextpad=0.1,
               columnspacing=0.8)
    return fig


def density_limits(density: np.ndarray, base: float, margin: float = 0.12,
                   min_span: float = 4.0) -> tuple[float, float]:
    """The density axis (per cent) fitted to the trajectory and the base rate, with a
    margin, within 0-100 % (plus room for the markers at 100 %)."""
    low, high = min(float(np.nanmin(density)), base), max(float(np.nanmax(density)), base)
    pad = max(high - low, min_span) * margin
    low, high = max(low - pad, 0.0), min(high + pad, 100.0 + pad / 2)
    if high - low < min_span:  # a flat trajectory: centre a minimal span on it
        mid = (high + low) / 2
        low, high = max(mid - min_span / 2, 0.0), mid + min_span / 2
    return low, high


def _sequential(n: int) -> list[str]:
    import seaborn as sns

    return [str(c) for c in sns.color_palette("viridis", max(n, 1)).as_hex()][:n]


def box_limits(result: DiscoveryResult, rs: Results, lang: str) -> Figure:
    """Each restricted input of the chosen box: its range within the sampled range, the
    limits and the quasi-p-value."""
    prim, case = result.prim, result.case
    rows = limit_rows(prim, prim.chosen, case.kinds)
    n = max(len(rows), 1)
    fig = style.new_figure("onehalf", 24 + 11 * n)
    ax = fig.subplots()
    for y, row in enumerate(rows):
        factor = row["factor"]
        ax.barh(y, 1.0, left=0.0, height=0.5, color="#E4E4E4")
        if row["values"] is not None:
            _categorical_row(ax, y, case.x[factor].cat.categories, row["values"], lang)
        else:
            lo, hi = prim.initial.loc[0, factor], prim.initial.loc[1, factor]
            span = (hi - lo) or 1.0
            a, b = (row["low"] - lo) / span, (row["high"] - lo) / span
            ax.barh(y, b - a, left=a, height=0.5, color=BOX_COLOR)
            sides = prim.qp[prim.chosen][factor]
            for x, value, qp in ((a, row["low"], sides[0]), (b, row["high"], sides[1])):
                if qp >= 0:  # only the restricted ends carry a limit
                    ax.text(x, y - 0.33, i18n.fmt_num(value, lang), ha="center",
                            va="bottom", fontsize=style.FONT_SIZE - 1.5)
        ax.text(1.03, y, qp_text(row["qp"], lang), va="center", fontsize=style.FONT_SIZE - 1.5,
                transform=ax.get_yaxis_transform())
    ax.set_yticks(range(len(rows)), [factor_label(r["factor"], lang, unit=True) for r in rows])
    ax.set_ylim(n - 0.5, -0.9)
    ax.set_xlim(-0.02, 1.02)
    ax.set_xticks([0, 1], [fig_text("axis_min", lang), fig_text("axis_max", lang)])
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    chosen = prim.trajectory.loc[prim.chosen]
    ax.set_title(fig_text("box_title", lang, n=prim.chosen, cov=percent(chosen["coverage"], lang),
                          dens=percent(chosen["density"], lang)), loc="left")
    return fig


def _categorical_row(ax: Axes, y: int, categories: pd.Index, kept: list[float],
                     lang: str) -> None:
    xs = np.linspace(0.05, 0.95, len(categories))
    for x, cat in zip(xs, categories, strict=True):
        inside = float(cat) in kept
        ax.plot(x, y, "s", markersize=6, markeredgecolor=BOX_COLOR,
                markerfacecolor=BOX_COLOR if inside else "white")
        ax.text(x, y - 0.33, i18n.fmt_num(float(cat), lang), ha="center", va="bottom",
                fontsize=style.FONT_SIZE - 1.5)


def pair_factors(result: DiscoveryResult) -> list[str]:
    """The inputs of the pairs figure: the box's restrictions (most significant first), filled
    up to two with the highest feature scores."""
    chosen = result.prim.restricted(result.prim.chosen)[:MAX_PAIR_FACTORS]
    for factor in result.scores.index:
        if len(chosen) >= 2:
            break
        if factor not in chosen:
            chosen.append(str(factor))
    return chosen


def _coords(result: DiscoveryResult, factor: str) -> np.ndarray:
    col = result.case.x[factor]
    if result.case.kinds[factor] != "categorical":
        return col.to_numpy(float)
    rng = np.random.default_rng(0)
    return col.cat.codes.to_numpy(float) + rng.uniform(-JITTER, JITTER, len(col))


def _intervals(result: DiscoveryResult, factor: str) -> list[tuple[float, float]]:
    """The box along ``factor`` as intervals in plot coordinates."""
    prim, case = result.prim, result.case
    lims = prim.limits[prim.chosen]
    if case.kinds[factor] == "categorical":
        cats = list(case.x[factor].cat.categories)
        kept = lims.loc[0, factor]
        return [(i - 0.4, i + 0.4) for i, c in enumerate(cats) if c in kept]
    return [(float(lims.loc[0, factor]), float(lims.loc[1, factor]))]


def pairs(result: DiscoveryResult, lang: str) -> Figure | None:
    """The futures in each pair of the box's inputs: cases of interest in red, the box drawn."""
    factors = pair_factors(result)
    if len(factors) < 2:
        return None
    combos = list(itertools.combinations(factors, 2))
    cols = min(len(combos), 3)
    rows = math.ceil(len(combos) / cols)
    fig = style.new_figure({1: "single", 2: "onehalf"}.get(cols, "double"), 62 * rows + 14)
    axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False)).ravel()
    y = result.case.y.astype(bool)
    # one scatter in a fixed random order: replicates share their inputs, so points overlap,
    # and neither class may hide the other
    order = np.random.default_rng(0).permutation(len(y))
    colors = np.where(y, CASE_COLOR, OTHER_COLOR)[order]
    for ax, (fx, fy) in zip(axes, combos, strict=False):
        xs, ys = _coords(result, fx), _coords(result, fy)
        ax.scatter(xs[order], ys[order], s=4, c=colors, alpha=0.75, linewidths=0)
        for (x0, x1), (y0, y1) in itertools.product(_intervals(result, fx),
                                                    _intervals(result, fy)):
            ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False,
                                   edgecolor=BOX_COLOR, linewidth=1.1))
        for axis, factor in ((ax.xaxis, fx), (ax.yaxis, fy)):
            _factor_axis(axis, result, factor, lang)
        ax.set_xlabel(factor_label(fx, lang, 34, unit=True))
        ax.set_ylabel(factor_label(fy, lang, 28, unit=True))
    for ax in axes[len(combos):]:
        ax.set_visible(False)
    handles = [Line2D([], [], marker="o", linestyle="none", color=CASE_COLOR,
                      label=fig_text("in_case", lang)),
               Line2D([], [], marker="o", linestyle="none", color=OTHER_COLOR,
                      label=fig_text("not_in_case", lang)),
               Patch(facecolor="none", edgecolor=BOX_COLOR, label=fig_text("box", lang))]
    fig.legend(handles=handles, loc="outside lower center", ncols=3)
    return fig


def _factor_axis(axis: Any, result: DiscoveryResult, factor: str, lang: str) -> None:
    if result.case.kinds[factor] == "categorical":
        cats = result.case.x[factor].cat.categories
        axis.set_ticks(range(len(cats)), [i18n.fmt_num(float(c), lang) for c in cats])
    else:
        style.format_axis(axis, lang)


def feature_scores(result: DiscoveryResult, lang: str) -> Figure:
    """Extra-trees feature scores (bars) and CART importances (dots), highest first."""
    scores = result.scores.head(TOP_SCORES)
    cart = result.cart.importance.reindex(scores.index)
    fig = style.new_figure("onehalf", 22 + 7.5 * len(scores))
    ax = fig.subplots()
    pos = np.arange(len(scores))
    ax.barh(pos, scores.to_numpy(), height=0.6, color=BOX_COLOR, label=fig_text("extra_trees",
                                                                                  lang))
    ax.plot(cart.to_numpy(), pos, "o", color=CASE_COLOR, markersize=4,
            label=fig_text("cart", lang))
    ax.set_yticks(pos, [factor_label(str(f), lang) for f in scores.index])
    ax.set_ylim(len(scores) - 0.5, -0.5)
    ax.set_xlim(0, max(1e-9, float(np.nanmax([scores.max(), cart.max()]))) * 1.08)
    ax.set_xlabel(fig_text("feature_score", lang))
    style.format_axis(ax.xaxis, lang)
    ax.grid(axis="x")
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], loc="lower right")  # bars (extra trees) first
    return fig


def _captions(result: DiscoveryResult, rs: Results, lang: str) -> dict[str, str]:
    from airace.analysis.figures import scenario_titles

    case, prim = result.case, result.prim
    chosen = prim.trajectory.loc[prim.chosen]
    fields = {"case": _case(result, lang),
              "scenario": scenario_titles(rs, lang).get(case.scenario, case.scenario),
              "box": prim.chosen, "k": i18n.fmt_int(case.n_cases, lang),
              "n": i18n.fmt_int(len(case.y), lang), "cov": percent(chosen["coverage"], lang),
              "dens": percent(chosen["density"], lang), "mass": percent(chosen["mass"], lang)}
    return {name: fig_text(f"cap_{key}", lang, **fields) for name, key in (
        ("prim_tradeoff", "tradeoff"), ("prim_box", "box"), ("prim_pairs", "pairs"),
        ("feature_scores", "scores"))}


def render(rs: Results, result: DiscoveryResult, lang: str, formats: tuple[str, ...],
           folder: Path) -> list[dict[str, Any]]:
    """Draw, save and index the discovery figures in ``lang``; return the records."""
    captions = _captions(result, rs, lang)
    builders = {"prim_tradeoff": lambda: tradeoff(result, lang),
                "prim_box": lambda: box_limits(result, rs, lang),
                "prim_pairs": lambda: pairs(result, lang),
                "feature_scores": lambda: feature_scores(result, lang)}
    records = []
    for name, build in builders.items():
        with style.context():
            fig = build()
            if fig is None:
                continue
            files = style.save_figure(fig, folder / name, formats)
        records.append({"name": name, "kind": name, "caption": captions[name],
                        "files": {k: p.name for k, p in files.items()}})
    outputs.save_index(folder, records, merge=False)
    return records
