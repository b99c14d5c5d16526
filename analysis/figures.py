"""Publication figures of a study: fan charts, compute-share areas, scenario effects,
outcome distributions and input-output scatter plots, in English or German."""

from __future__ import annotations

import functools
import math
import textwrap
from collections.abc import Callable, Sequence
from typing import ParamSpec

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import transforms
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from airace.analysis import i18n, style
from airace.analysis.i18n import t
from airace.analysis.meta import param_meta, scenario_meta, sensitivity_ranking
from airace.analysis.sensitivity.labels import wrap_name
from airace.analysis.stats import scenario_differences, spearman_ranking
from airace.analysis.timeseries import time_table
from airace.experiments.store import Results
from airace.model.kpi_info import KPI_INFO

P = ParamSpec("P")
BAND_ALPHA = {90: 0.16, 50: 0.34}
WRAP = 34
MAX_SCATTER_SCENARIOS = 4


def _wrap(text: str, width: int = WRAP) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _width(cols: int) -> str:
    """Journal width for a grid of ``cols`` panel columns."""
    return {1: "single", 2: "onehalf"}.get(cols, "double")


def _fit_legend(fig: Figure, handles: list, max_cols: int) -> None:
    """A legend below the panels with the most columns (at most ``max_cols``) that fit across
    the figure, so that long scenario titles wrap into more rows instead of leaving the page."""
    for cols in range(max(min(max_cols, len(handles)), 1), 0, -1):
        legend = fig.legend(handles=handles, loc="outside lower center", ncols=cols)
        if cols == 1 or legend.get_window_extent().width <= fig.bbox.width:
            return
        legend.remove()


def _grid(n: int, max_cols: int) -> tuple[int, int]:
    cols = min(n, max_cols)
    return math.ceil(n / cols), cols


def _axes(fig: Figure, n: int, max_cols: int, **kw: object) -> list[Axes]:
    rows, cols = _grid(n, max_cols)
    axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False, **kw)).ravel()
    for ax in axes[n:]:
        ax.set_visible(False)
    for ax in axes[max(n - cols, 0):n]:
        ax.xaxis.set_tick_params(labelbottom=True)
    return list(axes[:n])


def _letter(ax: Axes, i: int) -> None:
    """Bold panel letter just left of the top of the axes (clear of any title)."""
    shift = transforms.ScaledTranslation(-3 * style.MM, 1 * style.MM, ax.figure.dpi_scale_trans)
    ax.text(0, 1, chr(ord("a") + i), transform=ax.transAxes + shift, ha="right", va="bottom",
            fontweight="bold", fontsize=style.FONT_SIZE + 1)


def scenario_titles(rs: Results, lang: str) -> dict[str, str]:
    """Display titles of the study's scenarios in ``lang``."""
    return {s: i18n.scenario_title(s, lang, scenario_meta(s, rs).title) for s in rs.scenarios}


def first_bloc(kpi: str) -> str:
    """The first bloc of a KPI in figure order."""
    return next(b for b in style.BLOC_ORDER if b in KPI_INFO[kpi].blocs)


def styled(func: Callable[P, Figure]) -> Callable[P, Figure]:
    """Build the figure inside the shared style context."""
    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Figure:
        """Call the figure function inside style.context()."""
        with style.context():
            return func(*args, **kwargs)
    return wrapper


def _log_scale(values: pd.Series) -> bool:
    v = values[np.isfinite(values)]
    return bool(len(v)) and bool((v > 0).all()) and v.max() / max(v.min(), 1e-300) > 300


def _finish(ax: Axes, lang: str, years: bool = True, log: bool = False, cols: int = 2
            ) -> None:
    if years:
        style.format_axis(ax.xaxis, lang, years=True, nbins=6 if cols < 3 else 4)
    if log:
        ax.set_yscale("log")
    else:
        style.format_axis(ax.yaxis, lang)
    ax.grid(axis="y")


def _shared_ylabel(fig: Figure, axes: list[Axes], rows: int, label: str) -> None:
    """One y label for a grid of panels: beside the figure, or on the left panel of one row."""
    if rows > 1:
        fig.supylabel(_wrap(label, 24 * rows), fontsize=style.FONT_SIZE)
    else:
        axes[0].set_ylabel(_wrap(label))


def _band_handles(lang: str) -> list[Line2D | Patch]:
    grey = "#555555"
    return [Line2D([], [], color=grey, label=t("median", lang)),
            Patch(facecolor=grey, alpha=BAND_ALPHA[50], label=t("band50", lang)),
            Patch(facecolor=grey, alpha=BAND_ALPHA[90], label=t("band90", lang))]


def _fan(ax: Axes, data: pd.DataFrame, color: str | dict[str, str], hue: str | None = None,
         label: str | None = None) -> None:
    """Median line with 50 % and 90 % percentile bands (seaborn lineplot, errorbar='pi')."""
    common = {"data": data, "x": "year", "y": "value", "estimator": "median", "ax": ax,
              "legend": False}
    if hue:
        common.update(hue=hue, palette=color)
    else:
        common.update(color=color)
    sns.lineplot(**common, errorbar=("pi", 90), linewidth=0,
                 err_kws={"alpha": BAND_ALPHA[90], "linewidth": 0})
    sns.lineplot(**common, errorbar=("pi", 50), err_kws={"alpha": BAND_ALPHA[50],
                                                        "linewidth": 0}, label=label)


@styled
def fan_by_bloc(rs: Results, kpis: Sequence[str], scenario: str, lang: str) -> Figure:
    """Fan charts of ``kpis`` (one panel each) for every bloc in one scenario."""
    i18n.check_lang(lang)
    fig = style.new_figure("double", 62 * math.ceil(len(kpis) / 2) + 14)
    axes = _axes(fig, len(kpis), 2)
    blocs_seen: list[str] = []
    for i, (ax, kpi) in enumerate(zip(axes, kpis, strict=True)):
        info = KPI_INFO[kpi]
        variables = [f"{kpi}.{b}" for b in info.blocs]
        long = time_table(rs, variables)
        long = long[long["scenario"] == scenario].copy()
        long["bloc"] = long["variable"].str.split(".").str[1]
        long["value"] *= i18n.display_factor(kpi)
        blocs = [b for b in style.BLOC_ORDER if b in set(long["bloc"])]
        blocs_seen += [b for b in blocs if b not in blocs_seen]
        _fan(ax, long, {b: style.bloc_color(b) for b in blocs}, hue="bloc")
        ax.set_xlabel(t("year", lang))
        ax.set_ylabel(_wrap(i18n.axis_label(kpi, lang)))
        _finish(ax, lang, log=_log_scale(long["value"]))
        _letter(ax, i)
    handles = [Line2D([], [], color=style.bloc_color(b), lw=2, label=i18n.bloc_name(b, lang))
               for b in blocs_seen] + _band_handles(lang)
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles))
    return fig


@styled
def fan_by_scenario(rs: Results, variable: str, baseline: str, lang: str) -> Figure:
    """Fan chart of one reporter (``compute_share.EU``): a panel per scenario vs baseline."""
    i18n.check_lang(lang)
    long = time_table(rs, [variable])
    long["value"] *= i18n.display_factor(variable)
    titles = scenario_titles(rs, lang)
    palette = style.scenario_palette(rs.scenarios)
    others = [s for s in rs.scenarios if s != baseline] or [baseline]
    rows, cols = _grid(len(others), 3)
    fig = style.new_figure(_width(cols), 48 * rows + 16)
    axes = _axes(fig, len(others), 3, sharex=True, sharey=True)
    base = long[long["scenario"] == baseline]
    for i, (ax, scen) in enumerate(zip(axes, others, strict=True)):
        _fan(ax, long[long["scenario"] == scen], palette[scen])
        if scen != baseline:
            sns.lineplot(data=base, x="year", y="value", estimator="median", errorbar=None,
                         color="black", linestyle="--", linewidth=0.9, ax=ax, legend=False)
        ax.set_title(_wrap(titles[scen], 30))
        ax.set_xlabel(t("year", lang) if i >= len(others) - cols else "")
        ax.set_ylabel("")
        if len(others) > 1:
            _letter(ax, i)
        _finish(ax, lang, log=_log_scale(long["value"]), cols=cols)
    _shared_ylabel(fig, axes, rows, i18n.axis_label(variable, lang, short=rows == 1))
    handles = _band_handles(lang)
    if others != [baseline]:
        label = (t("baseline_median", lang) if baseline == "baseline"
                 else t("median_of", lang, title=titles[baseline]))
        handles.append(Line2D([], [], color="black", linestyle="--", linewidth=0.9,
                              label=label))
    _fit_legend(fig, handles, len(handles) if cols > 1 else 2)
    return fig


@styled
def compute_share_areas(rs: Results, lang: str) -> Figure:
    """Stacked areas of the mean compute share by bloc over time, a panel per scenario."""
    i18n.check_lang(lang)
    blocs = [b for b in KPI_INFO["compute_share"].blocs]
    long = time_table(rs, [f"compute_share.{b}" for b in blocs])
    mean = (long.groupby(["scenario", "year", "variable"])["value"].mean() * 100).unstack()
    titles = scenario_titles(rs, lang)
    rows, cols = _grid(len(rs.scenarios), 3 if len(rs.scenarios) <= 6 else 4)
    fig = style.new_figure(_width(cols), 40 * rows + 14)
    axes = _axes(fig, len(rs.scenarios), cols, sharex=True, sharey=True)
    for i, (ax, scen) in enumerate(zip(axes, rs.scenarios, strict=True)):
        part = mean.loc[scen]
        present = [b for b in blocs if f"compute_share.{b}" in part.columns]
        ax.stackplot(part.index, *[part[f"compute_share.{b}"] for b in present],
                     colors=[style.bloc_color(b) for b in present], linewidth=0.3,
                     edgecolor="white", labels=[i18n.bloc_name(b, lang) for b in present])
        ax.set_ylim(0, 100)
        ax.set_xlim(part.index.min(), part.index.max())
        ax.set_title(_wrap(titles[scen], 30 if cols < 4 else 20))
        ax.set_xlabel(t("year", lang) if i >= len(rs.scenarios) - cols else "")
        if len(rs.scenarios) > 1:
            _letter(ax, i)
        _finish(ax, lang, cols=cols)
        ax.grid(False)
    _shared_ylabel(fig, axes, rows, i18n.with_unit(t("mean_share", lang), "%"))
    handles = [Patch(facecolor=style.bloc_color(b), label=i18n.bloc_name(b, lang))
               for b in blocs]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles))
    return fig


@styled
def scenario_effects(rs: Results, outcomes: Sequence[str], baseline: str, lang: str,
                     confidence: float = 0.95, table: pd.DataFrame | None = None) -> Figure:
    """Difference of each scenario to the baseline (mean with CI, and the 5-95 % range of the
    paired differences), a panel per outcome. The numbers are those of ``table``."""
    i18n.check_lang(lang)
    if table is None:
        table = scenario_differences(rs.results, outcomes, baseline, confidence)
    titles = scenario_titles(rs, lang)
    palette = style.scenario_palette(rs.scenarios)
    others = [s for s in rs.scenarios if s != baseline]
    rows, _ = _grid(len(outcomes), 2)
    fig = style.new_figure("double", (17 + 7 * len(others)) * rows + 12)
    axes = _axes(fig, len(outcomes), 2, sharey=True)
    for i, (ax, outcome) in enumerate(zip(axes, outcomes, strict=True)):
        part = table[table["outcome"] == outcome].set_index("scenario").reindex(others)
        part = part[["mean_diff", "ci_low", "ci_high", "q05_diff", "q95_diff"]]
        part = part * i18n.display_factor(outcome)
        ax.axvline(0, color="#777777", linewidth=0.7, zorder=0)
        for j, scen in enumerate(others):
            m, lo, hi, r_lo, r_hi = part.loc[scen]
            color = palette[scen]
            ax.hlines(j, r_lo, r_hi, color=color, linewidth=0.8, alpha=0.8)
            ax.errorbar([m], [j], xerr=[[m - lo], [hi - m]], fmt="o", color=color,
                        ecolor=color, elinewidth=3, capsize=0, markersize=3.5,
                        markeredgecolor="black", markeredgewidth=0.5)
        ax.set_yticks(range(len(others)), [_wrap(titles[s], 26) for s in others])
        ax.set_ylim(len(others) - 0.5, -0.5)
        diff_label = i18n.difference_label(baseline, titles[baseline], lang)
        ax.set_xlabel(_wrap(i18n.with_unit(diff_label, i18n.kpi_unit(outcome, lang, True)), 46))
        _letter(ax, i)
        ax.set_title(_wrap(i18n.kpi_label(outcome, lang), 40), loc="left",
                     fontweight="normal")
        style.format_axis(ax.xaxis, lang)
        ax.grid(axis="x")
    grey = "#555555"
    conf = i18n.fmt_num(confidence * 100, lang, 0)
    handles = [Line2D([], [], color=grey, marker="o", linestyle="", markeredgecolor="black",
                      markeredgewidth=0.5, label=t("mean_diff", lang)),
               Line2D([], [], color=grey, linewidth=3, label=t("ci_legend", lang, conf=conf)),
               Line2D([], [], color=grey, linewidth=0.8, label=t("range_legend", lang))]
    fig.legend(handles=handles, loc="outside lower center", ncols=3)
    return fig


@styled
def outcome_distributions(rs: Results, outcomes: Sequence[str], lang: str) -> Figure:
    """Violin plots of each outcome (a panel each) by scenario."""
    i18n.check_lang(lang)
    titles = scenario_titles(rs, lang)
    palette = {titles[s]: c for s, c in style.scenario_palette(rs.scenarios).items()}
    order = [titles[s] for s in rs.scenarios]
    rows, _ = _grid(len(outcomes), 2)
    fig = style.new_figure("double", (12 + 6 * len(order)) * rows + 8)
    axes = _axes(fig, len(outcomes), 2, sharey=True)
    for i, (ax, outcome) in enumerate(zip(axes, outcomes, strict=True)):
        data = pd.DataFrame({"scenario": rs.results["scenario"].map(titles),
                             "value": rs.results[outcome] * i18n.display_factor(outcome)})
        sns.violinplot(data=data.dropna(), x="value", y="scenario", hue="scenario", order=order,
                       hue_order=order, palette=palette, inner="quart", cut=0,
                       density_norm="width", linewidth=0.6, saturation=1, legend=False,
                       width=0.8, ax=ax, alpha=0.55, inner_kws={"color": "0.1"})
        ax.set_ylabel("")
        ax.set_yticks(range(len(order)), [_wrap(o, 26) for o in order])
        ax.set_xlabel(_wrap(i18n.axis_label(outcome, lang), 46))
        _letter(ax, i)
        style.format_axis(ax.xaxis, lang)
        ax.grid(axis="x")
    return fig


def influential_parameters(rs: Results, outcome: str, baseline: str,
                           k: int = 4) -> tuple[list[str], dict[str, float], str]:
    """Top ``k`` varied parameters for ``outcome``: by sensitivity indices when the result
    folder has them, else by |Spearman rho| within the baseline; (names, scores, index)."""
    ranked = sensitivity_ranking(rs, outcome)
    if ranked is not None and not ranked[0].empty:
        scores, index = ranked
        names = [p for p in scores.index if p in rs.varied_parameters][:k]
        if names:
            return names, {p: float(scores[p]) for p in names}, index
    base = rs.results[rs.results["scenario"] == baseline]
    rho = spearman_ranking(base if len(base) > 3 else rs.results, outcome, rs.varied_parameters)
    names = list(rho.index[:k])
    return names, {p: float(rho[p]) for p in names}, "rho"


def scatter_scenarios(rs: Results, baseline: str) -> list[str]:
    """Scenarios shown in the input-output figure: all up to four, else the baseline alone."""
    return list(rs.scenarios) if len(rs.scenarios) <= MAX_SCATTER_SCENARIOS else [baseline]


@styled
def inputs_outputs(rs: Results, outcome: str, baseline: str, lang: str, k: int = 4
                   ) -> Figure:
    """Scatter of ``outcome`` against its most influential parameters, one point per run."""
    i18n.check_lang(lang)
    names, scores, index = influential_parameters(rs, outcome, baseline, k)
    titles = scenario_titles(rs, lang)
    shown = scatter_scenarios(rs, baseline)
    palette = {titles[s]: c for s, c in style.scenario_palette(rs.scenarios).items()}
    runs = rs.results[rs.results["scenario"].isin(shown)]
    data = runs[[*names]].copy()
    data["value"] = runs[outcome] * i18n.display_factor(outcome)
    data["scenario"] = runs["scenario"].map(titles)
    fig = style.new_figure(_width(len(names)), 70 if len(shown) > 1 else 64)
    axes = _axes(fig, max(len(names), 1), 4, sharey=True)
    few = len(data) < 500
    for i, (ax, p) in enumerate(zip(axes, names, strict=False)):
        sns.scatterplot(data=data, x=p, y="value", hue="scenario",
                        hue_order=[titles[s] for s in shown], palette=palette,
                        s=12 if few else 7, alpha=0.85 if few else 0.55, linewidth=0,
                        legend=False, rasterized=True, ax=ax)
        unit = i18n.param_unit(param_meta(p).unit, lang)
        ax.set_xlabel(wrap_name(i18n.param_label(p, lang), 24) + (f"\n({unit})" if unit else ""))
        ax.set_ylabel(_wrap(i18n.axis_label(outcome, lang, short=True), 26) if i == 0 else "")
        score = i18n.fmt_num(scores[p], lang, 2)
        label = (t("rho", lang, rho=score) if index == "rho"
                 else t("influence", lang, index=index, value=score))
        ax.set_title(label, fontweight="normal")
        style.format_axis(ax.xaxis, lang)
        style.format_axis(ax.yaxis, lang)
        if len(names) > 1:
            _letter(ax, i)
        ax.grid(axis="y")
    handles = [Line2D([], [], marker="o", linestyle="", color=palette[titles[s]],
                      label=titles[s]) for s in shown]
    _fit_legend(fig, handles, 5 if len(names) > 2 else 2)
    return fig


@styled
def effect_modifier(rs: Results, table: pd.DataFrame, outcome: str, parameter: str,
                    baseline: str, lang: str) -> Figure:
    """Each scenario's effect on ``outcome`` against the baseline (mean with CI) over bins of
    the sampled ``parameter``: does the effect depend on what we assume?"""
    i18n.check_lang(lang)
    part = table[(table["outcome"] == outcome) & (table["parameter"] == parameter)]
    titles = scenario_titles(rs, lang)
    palette = style.scenario_palette(rs.scenarios)
    shown = [s for s in rs.scenarios if s in set(part["scenario"])]
    fig = style.new_figure("single", 78)
    ax = fig.add_subplot()
    ax.axhline(0, color="#777777", linewidth=0.7, zorder=0)
    f = i18n.display_factor(outcome)
    span = float(part["high"].max() - part["low"].min()) if len(part) else 1.0
    for j, scen in enumerate(shown):
        rows = part[part["scenario"] == scen].sort_values("bin")
        dodge = (j - (len(shown) - 1) / 2) * 0.012 * span
        x = rows["center"].to_numpy(float) + dodge
        m = rows["mean_diff"].to_numpy(float) * f
        lo, hi = rows["ci_low"].to_numpy(float) * f, rows["ci_high"].to_numpy(float) * f
        ax.errorbar(x, m, yerr=[m - lo, hi - m], fmt="-o", color=palette[scen],
                    ecolor=palette[scen], elinewidth=1.6, capsize=0, markersize=3.5,
                    linewidth=0.9, markeredgecolor="black", markeredgewidth=0.4,
                    label=titles[scen])
    unit = i18n.param_unit(param_meta(parameter).unit, lang)
    ax.set_xlabel(wrap_name(i18n.param_label(parameter, lang), 30)
                  + (f" ({unit})" if unit else ""))
    diff_label = i18n.difference_label(baseline, titles[baseline], lang)
    ax.set_ylabel(_wrap(i18n.with_unit(diff_label, i18n.kpi_unit(outcome, lang, True)), 34))
    ax.set_title(_wrap(i18n.kpi_label(outcome, lang, year=True), 44), loc="left",
                 fontweight="normal")
    style.format_axis(ax.xaxis, lang)
    style.format_axis(ax.yaxis, lang)
    ax.grid(axis="y")
    handles = [Line2D([], [], color=palette[s], marker="o", markeredgecolor="black",
                      markeredgewidth=0.4, label=titles[s]) for s in shown]
    _fit_legend(fig, handles, 2)
    return fig
