"""Figures of the sensitivity analysis in English and German: Sobol bars with confidence
intervals, the Morris mu*-sigma plane, indices over time as a heatmap, and convergence."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import transforms
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from airace.analysis import i18n, style
from airace.analysis.sensitivity.data import Layout
from airace.analysis.sensitivity.labels import figure_text, group_name, wrap_name

MAX_PANELS = 6
TOP_BARS = 8
TOP_HEAT = 10
TOP_CONV = 4
ST_COLOR, KEY_COLOR, S1_ALPHA = "#004488", "#666666", 0.45
HEAT_CMAP = "mako_r"
TITLE_WIDTH = {1: 50, 2: 34, 3: 28}
# Policy groups take their bloc's colour; the others Paul Tol's "muted" colours.
GROUP_COLORS: dict[str, str] = {
    "us_policy": style.BLOC_COLORS["US"], "eu_policy": style.BLOC_COLORS["EU"],
    "cn_policy": style.BLOC_COLORS["CN"], "technology": "#117733", "markets": "#88CCEE",
    "energy": "#999933", "capital": "#AA4499", "shocks": "#44AA99", "regulation": "#882255",
    "public_funds": "#332288", "control": "#BBBBBB",
}
SPARE_COLORS: tuple[str, ...] = ("#117733", "#88CCEE", "#999933", "#AA4499", "#44AA99",
                                 "#882255", "#332288", "#CC6677", "#DDCC77", "#BBBBBB")
LINE_COLORS: tuple[str, ...] = ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE",
                                "#AA3377", "#000000", "#BBBBBB")
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X", "*")

@dataclass(frozen=True)
class FigureInput:
    """Everything the figures need: the tables, the design and what to show."""

    indices: pd.DataFrame
    convergence: pd.DataFrame
    layout: Layout
    scenario: str
    year: int | None
    targets: list[str]

    def rows_of(self, method: str, index: str | None = None, table: str = "indices"
                ) -> pd.DataFrame:
        """Rows of one method (and index) for factors of the Sobol/Morris design."""
        frame = getattr(self, table)
        rows = frame[frame["method"] == method]
        if index is not None:
            rows = rows[rows["index"] == index]
        grouped = bool(self.layout.groups) and method in ("sobol", "morris")
        return rows[rows["group"] == grouped]

    def shown(self, frame: pd.DataFrame) -> list[str]:
        """Target outcomes present in ``frame`` (at most MAX_PANELS)."""
        have = set(frame["outcome"])
        return [o for o in self.targets if o in have][:MAX_PANELS]

    def factor_name(self, factor: object, lang: str) -> str:
        """Display name of a factor on one line: the group's name in ``lang``, else the
        parameter's short label in ``lang`` (its name for parameters without one)."""
        name = str(factor)
        return (group_name(name, lang) if self.layout.groups
                else i18n.param_label(name, lang))

    def factor_label(self, factor: object, lang: str) -> str:
        """The factor's display name wrapped for an axis (groups' names as they are)."""
        name = self.factor_name(factor, lang)
        return name if self.layout.groups else wrap_name(name)

    def factors_text(self, lang: str, one: bool = False) -> str:
        """'parameters' or 'groups of parameters' in ``lang``."""
        kind = "groups" if self.layout.groups else "params"
        return figure_text(f"what1_{kind}" if one else f"what_{kind}", lang)

    def colors(self) -> dict[str, str]:
        """Colour of each factor: its group's when parameters have groups, else one."""
        lay = self.layout
        if lay.groups:
            return group_colors(lay.factors)
        if lay.param_groups:
            by_group = group_colors(list(dict.fromkeys(lay.param_groups)))
            return {n: by_group[g] for n, g in zip(lay.names, lay.param_groups, strict=True)}
        return dict.fromkeys(lay.names, ST_COLOR)

    def legend_groups(self, lang: str) -> list[Patch]:
        """Legend patches of the groups (empty without group labels)."""
        lay = self.layout
        if lay.groups or not lay.param_groups:
            return []
        return [Patch(color=c, label=group_name(g, lang))
                for g, c in group_colors(list(dict.fromkeys(lay.param_groups))).items()]


def group_colors(groups: list[str]) -> dict[str, str]:
    """Fixed colours of known groups (policy groups in their bloc's colour), then spares."""
    out = {g: GROUP_COLORS[g.lower().replace(" ", "_")] for g in groups
           if g.lower().replace(" ", "_") in GROUP_COLORS}
    spare = [c for c in SPARE_COLORS if c not in out.values()] or list(SPARE_COLORS)
    rest = [g for g in groups if g not in out]
    out.update({g: spare[i % len(spare)] for i, g in enumerate(rest)})
    return {g: out[g] for g in groups}


def _grid(fig: Figure, n: int, cols: int) -> list[Axes]:
    rows = math.ceil(n / cols)
    axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False)).ravel()
    for ax in axes[n:]:
        ax.set_visible(False)
    return list(axes[:n])


def _panel_letter(ax: Axes, i: int) -> None:
    shift = transforms.ScaledTranslation(-2 * style.MM, 1 * style.MM, ax.figure.dpi_scale_trans)
    ax.text(0, 1, chr(ord("a") + i), transform=ax.transAxes + shift, ha="right", va="bottom",
            fontweight="bold", fontsize=style.FONT_SIZE + 1)


def _title(outcome: str, lang: str, cols: int = 2, year: bool = True) -> str:
    label = i18n.kpi_label(outcome, lang, year=year, short=True)
    return "\n".join(_wrap_words(label, TITLE_WIDTH.get(cols, 30)))


def _wrap_words(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width) or [text]


def _fmt(x: float, lang: str, decimals: int = 2) -> str:
    return i18n.fmt_num(x, lang, decimals)


def _format_index_axis(axis: Any, lang: str) -> None:
    axis.set_major_formatter(style.LocaleFormatter(lang))


# --- Sobol bars ---------------------------------------------------------------------------
def _index_limits(low: pd.Series, high: pd.Series) -> tuple[float, float]:
    """Axis range of Sobol indices: 0 to the largest interval end, within [-0.2, 1.2]."""
    lo = max(-0.2, min(0.0, math.floor(float(low.min()) * 10) / 10))
    hi = min(1.2, max(0.2, math.ceil(float(high.max()) * 10) / 10))
    return lo, hi


def sobol_bars(inp: FigureInput, lang: str) -> Figure:
    """S1 and ST with confidence intervals, top factors by ST, one panel per outcome."""
    st, s1 = inp.rows_of("sobol", "ST"), inp.rows_of("sobol", "S1")
    outcomes = inp.shown(st)
    cols = 1 if len(outcomes) == 1 else 2
    k = min(TOP_BARS, st["factor"].nunique())
    lines = max(inp.factor_label(f, lang).count("\n") + 1 for f in st["factor"].unique())
    rows = math.ceil(len(outcomes) / cols)
    fig = style.new_figure("onehalf" if cols == 1 else "double",
                           rows * (14 + (4.2 + 1.2 * lines) * k) + 12)
    axes = _grid(fig, len(outcomes), cols)
    colors = inp.colors()
    xlim = _index_limits(pd.concat([st["ci_low"], s1["ci_low"]]),
                         pd.concat([st["ci_high"], s1["ci_high"]]))
    for i, (ax, outcome) in enumerate(zip(axes, outcomes, strict=True)):
        a = st[st["outcome"] == outcome].nlargest(k, "value").reset_index(drop=True)
        b = s1[s1["outcome"] == outcome].set_index("factor").reindex(a["factor"])
        pos = np.arange(len(a))
        for offset, frame, alpha in ((-0.2, b.reset_index(), S1_ALPHA), (0.2, a, 1.0)):
            col = [colors.get(f, ST_COLOR) for f in frame["factor"]]
            err = np.vstack([(frame["value"] - frame["ci_low"]).clip(lower=0),
                             (frame["ci_high"] - frame["value"]).clip(lower=0)])
            ax.barh(pos + offset, frame["value"], height=0.38, color=col, alpha=alpha,
                    xerr=err, error_kw={"elinewidth": 0.6, "capsize": 1.2, "ecolor": "#333333"})
        ax.set_yticks(pos, [inp.factor_label(f, lang) for f in a["factor"]],
                      fontsize=style.FONT_SIZE - 1.5)
        ax.set_ylim(len(a) - 0.5, -0.5)
        ax.set_xlim(*xlim)
        ax.axvline(0, color="#555555", linewidth=0.5)
        ax.grid(axis="x")
        _format_index_axis(ax.xaxis, lang)
        ax.set_title(_title(outcome, lang, cols), loc="left", fontweight="normal")
        ax.set_xlabel(figure_text("sobol_index", lang))
        _panel_letter(ax, i)
    handles = [Patch(color=KEY_COLOR, alpha=S1_ALPHA, label=figure_text("S1", lang)),
               Patch(color=KEY_COLOR, label=figure_text("ST", lang)), *inp.legend_groups(lang)]
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 5))
    return fig


# --- Morris -------------------------------------------------------------------------------
def morris_plane(inp: FigureInput, lang: str) -> Figure:
    """mu* (with its interval) against sigma, one panel per outcome; top factors named."""
    mu, sg = inp.rows_of("morris", "mu_star"), inp.rows_of("morris", "sigma")
    outcomes = inp.shown(mu)
    cols = min(len(outcomes), 3)
    rows = math.ceil(len(outcomes) / cols)
    fig = style.new_figure({1: "single", 2: "onehalf"}.get(cols, "double"), rows * 62 + 12)
    axes = _grid(fig, len(outcomes), cols)
    colors = inp.colors()
    for i, (ax, outcome) in enumerate(zip(axes, outcomes, strict=True)):
        a = mu[mu["outcome"] == outcome].set_index("factor")
        s = sg[sg["outcome"] == outcome].set_index("factor")["value"].reindex(a.index)
        col = [colors.get(f, ST_COLOR) for f in a.index]
        ax.errorbar(a["value"], s, xerr=np.vstack([a["value"] - a["ci_low"],
                                                   a["ci_high"] - a["value"]]).clip(0),
                    fmt="none", ecolor="#999999", elinewidth=0.5, capsize=1)
        ax.scatter(a["value"], s, c=col, s=14, zorder=3, edgecolors="white", linewidths=0.3)
        top = float(max(a["ci_high"].max(), s.max(), 1e-12)) * 1.08
        for r in (0.1, 0.5, 1.0):
            ax.plot([0, top], [0, r * top], color="#BBBBBB", linewidth=0.6, linestyle="--",
                    zorder=1)
        ax.set_xlim(0, top)
        ax.set_ylim(0, top)
        _name_points(ax, a["value"], s, top, lambda f: inp.factor_name(f, lang))
        unit = i18n.kpi_unit(outcome, lang)
        ax.set_xlabel(i18n.with_unit("μ*", unit))
        ax.set_ylabel(i18n.with_unit("σ", unit), rotation=90 if unit else 0,
                      labelpad=4 if unit else 8)
        for axis in (ax.xaxis, ax.yaxis):
            _format_index_axis(axis, lang)
        ax.set_title(_title(outcome, lang), loc="left", fontweight="normal")
        _panel_letter(ax, i)
    legend = inp.legend_groups(lang)
    if legend:
        fig.legend(handles=legend, loc="outside lower center",
                   ncols=min(len(legend), {1: 2, 2: 3}.get(cols, 4)))
    return fig


def _name_points(ax: Axes, x: pd.Series, y: pd.Series, top: float,
                 name_of: Callable[[object], str], k: int = 5) -> None:
    """Name the ``k`` points with the largest mu* beside them, moving a name down or to the
    left when it would cover one placed before (positions in axes fractions)."""
    placed: list[tuple[float, float, float]] = []  # x0, x1, y of names already written
    for name in x.sort_values(ascending=False).index[:k]:
        label = name_of(name)
        width = 0.016 * len(label)
        px, py = x[name] / top, y[name] / top
        for dx, dy in ((0.02, 0.03), (0.02, -0.05), (-0.02 - width, 0.03),
                       (-0.02 - width, -0.05), (0.02, 0.09), (0.02, -0.11)):
            x0 = min(max(px + dx, 0.0), 1.0 - width)
            ty = min(max(py + dy, 0.02), 0.97)
            if all(abs(ty - oy) > 0.055 or x0 > ox1 or x0 + width < ox0
                   for ox0, ox1, oy in placed):
                break
        placed.append((x0, x0 + width, ty))
        ax.text(x0, ty, label, transform=ax.transAxes, fontsize=style.FONT_SIZE - 2,
                va="center", ha="left", color="#333333")


# --- indices over time --------------------------------------------------------------------
def main_index(inp: FigureInput, table: str = "indices") -> tuple[str, str] | None:
    """The method and index shown over time (or, for the convergence table, against N)."""
    for method, index in (("sobol", "ST"), ("morris", "mu_star"), ("delta", "delta"),
                          ("pawn", "pawn")):
        part = inp.rows_of(method, index, table=table)
        if not part.empty and (table == "indices" or part["n"].nunique() > 1):
            return method, index
    return None


def indices_by_year(inp: FigureInput, method: str, index: str) -> pd.DataFrame:
    """Index values by variable, factor and year (mu* scaled to the largest per outcome)."""
    part = inp.rows_of(method, index).dropna(subset=["year"]).copy()
    if index == "mu_star":
        part["value"] = part["value"] / part.groupby("outcome")["value"].transform("max")
    return part


def indices_over_time(inp: FigureInput, lang: str) -> Figure | None:
    """Heatmap of the main index by factor and year, one panel per outcome variable."""
    chosen = main_index(inp)
    if chosen is None:
        return None
    method, index = chosen
    if method == "delta":
        method, index = "pawn", "pawn"
    part = indices_by_year(inp, method, index)
    target_vars = list(dict.fromkeys(o.rpartition("@")[0] for o in inp.targets))
    variables = [v for v in target_vars if part.loc[part["variable"] == v, "year"].nunique() > 1]
    variables = variables[:MAX_PANELS]
    if not variables:
        return None
    cols = 1 if len(variables) == 1 else 2
    k = min(TOP_HEAT, part["factor"].nunique())
    rows = math.ceil(len(variables) / cols)
    lines = max(inp.factor_label(f, lang).count("\n") + 1 for f in part["factor"].unique())
    row_mm = max(4.4, 3.0 * lines)   # a row holds its label's lines (7 pt)
    fig = style.new_figure("onehalf" if cols == 1 else "double",
                           rows * (16 + row_mm * k) + 16)
    axes = _grid(fig, len(variables), cols)
    for i, (ax, var) in enumerate(zip(axes, variables, strict=True)):
        sub = part[part["variable"] == var]
        grid = sub.pivot_table(index="factor", columns="year", values="value", aggfunc="mean")
        grid = grid.loc[grid.max(axis=1).nlargest(k).index]
        labels = grid.map(lambda v: "" if pd.isna(v) else _fmt(v, lang))
        sns.heatmap(grid.clip(lower=0, upper=1), ax=ax, vmin=0, vmax=1, cmap=HEAT_CMAP,
                    annot=labels, fmt="", annot_kws={"fontsize": style.FONT_SIZE - 2},
                    cbar=False, linewidths=0.4, linecolor="white")
        ax.set_yticks(np.arange(len(grid)) + 0.5, [inp.factor_label(f, lang) for f in grid.index],
                      rotation=0, fontsize=style.FONT_SIZE - 1.5)
        ax.set_xticks(np.arange(grid.shape[1]) + 0.5, [str(int(c)) for c in grid.columns],
                      rotation=0)
        ax.tick_params(length=0)
        ax.set_xlabel(figure_text("year", lang))
        ax.set_ylabel("")
        ax.set_title(_title(var, lang, cols, year=False), loc="left", fontweight="normal")
        _panel_letter(ax, i)
    bar = fig.colorbar(axes[0].collections[0], ax=axes, location="bottom", shrink=0.4,
                       aspect=30)
    bar.set_label(_index_label(method, index, lang))
    _format_index_axis(bar.ax.xaxis, lang)
    bar.outline.set_linewidth(0.4)
    return fig


def _index_label(method: str, index: str, lang: str) -> str:
    key = {"ST": "ST", "mu_star": "mu_star_rel", "delta": "delta", "pawn": "pawn",
           "S1": "S1"}.get(index, "index")
    return figure_text(key, lang)


# --- convergence --------------------------------------------------------------------------
def convergence(inp: FigureInput, lang: str) -> Figure | None:
    """The main index of the top factors against the sample size, with confidence bands."""
    chosen = main_index(inp, "convergence")
    if chosen is None:
        return None
    method, index = chosen
    part = inp.rows_of(method, index, table="convergence")
    outcomes = inp.shown(part)
    if not outcomes or part["n"].nunique() < 2:
        return None
    tops = {}
    for o in outcomes:
        sub = part[part["outcome"] == o]
        tops[o] = sub[sub["n"] == sub["n"].max()].nlargest(TOP_CONV, "value")["factor"].tolist()
    cols = min(len(outcomes), 3)
    rows = math.ceil(len(outcomes) / cols)
    fig = style.new_figure({1: "single", 2: "onehalf"}.get(cols, "double"),
                           rows * (52 + 3.2 * TOP_CONV) + 12)
    axes = _grid(fig, len(outcomes), cols)
    for i, (ax, outcome) in enumerate(zip(axes, outcomes, strict=True)):
        sub = part[part["outcome"] == outcome]
        shown = sub[sub["factor"].isin(tops[outcome])]
        for j, f in enumerate(tops[outcome]):
            line = shown[shown["factor"] == f].sort_values("n")
            color, marker = LINE_COLORS[j], MARKERS[j]
            ax.plot(line["n"], line["value"], color=color, marker=marker, markersize=2.5,
                    label=inp.factor_name(f, lang))
            ax.fill_between(line["n"], line["ci_low"], line["ci_high"], color=color,
                            alpha=0.15, linewidth=0)
        ax.set_xscale("log", base=2)
        ns = sorted(sub["n"].unique())
        ax.set_xticks(ns, [str(int(n)) for n in ns])
        ax.minorticks_off()
        ax.tick_params(axis="x", labelsize=style.FONT_SIZE - 2)
        if index == "mu_star":
            top = float(shown["value"].max())
            ax.set_ylim(0, 1.6 * top if top > 0 else 1)
            ax.set_ylabel(i18n.with_unit("μ*", i18n.kpi_unit(outcome, lang)))
        else:
            ax.set_ylim(*_index_limits(shown["value"] - 0.05, shown["value"] + 0.15))
            ax.set_ylabel(_index_label(method, index, lang))
        n_key = {"sobol": "n_sobol", "morris": "n_morris"}.get(method, "n_points")
        ax.set_xlabel(figure_text(n_key, lang))
        _format_index_axis(ax.yaxis, lang)
        ax.grid(axis="y")
        ax.set_title(_title(outcome, lang, cols), loc="left", fontweight="normal")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.32), ncols=1,
                  fontsize=style.FONT_SIZE - 2, handlelength=1.6, borderaxespad=0)
        _panel_letter(ax, i)
    return fig


# --- rendering ----------------------------------------------------------------------------
def _caption(kind: str, inp: FigureInput, lang: str) -> str:
    conf = i18n.fmt_num(100 * float(inp.indices["conf_level"].max()), lang, 0)
    title = i18n.scenario_title(inp.scenario, lang)
    when = "" if inp.year is None else figure_text("when", lang, year=inp.year)
    common = {"scenario": title, "when": when, "conf": conf, "what": inp.factors_text(lang)}
    if kind == "sobol_bars":
        st = inp.rows_of("sobol", "ST")
        n, runs = int(st["n"].max()), int(st["runs"].max())
        return figure_text("cap_sobol", lang, k=min(TOP_BARS, st["factor"].nunique()),
                           n=i18n.fmt_int(n, lang), reps=inp.layout.replicates,
                           runs=i18n.fmt_int(runs, lang), **common)
    if kind == "morris":
        r = int(inp.rows_of("morris", "mu_star")["n"].max())
        return figure_text("cap_morris", lang, what1=inp.factors_text(lang, one=True), r=r,
                           **common)
    method, index = main_index(inp, "convergence" if kind == "convergence" else "indices") \
        or ("", "")
    if kind == "indices_over_time":
        if method == "delta":
            method, index = "pawn", "pawn"
        years = sorted(int(y) for y in indices_by_year(inp, method, index)["year"].unique())
        return figure_text("cap_time", lang, index=_index_label(method, index, lang),
                           k=TOP_HEAT, years=", ".join(map(str, years)), **common)
    return figure_text("cap_conv", lang, index=_index_label(method, index, lang), k=TOP_CONV,
                       **common)


def render(inp: FigureInput, lang: str, formats: tuple[str, ...], folder: Path
           ) -> list[dict[str, Any]]:
    """Draw, save and index every sensitivity figure in ``lang``; return the records."""
    jobs: list[tuple[str, Callable[[FigureInput, str], Figure | None], bool]] = [
        ("sobol_bars", sobol_bars, not inp.rows_of("sobol", "ST").empty),
        ("morris", morris_plane, not inp.rows_of("morris", "mu_star").empty),
        ("indices_over_time", indices_over_time, True),
        ("convergence", convergence, True),
    ]
    records: list[dict[str, Any]] = []
    with style.context():
        for name, build, wanted in jobs:
            fig = build(inp, lang) if wanted and inp.targets else None
            if fig is None:
                continue
            files = style.save_figure(fig, folder / name, formats)
            records.append({"name": name, "kind": name, "caption": _caption(name, inp, lang),
                            "files": {f: p.name for f, p in files.items()}})
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "figures.json").write_text(json.dumps(records, indent=2, ensure_ascii=False),
                                         encoding="utf-8")
    return records
