"""The explorer's figures in the report's style (analysis.style, analysis.i18n): fan charts of
the headline KPIs, setting against reference, and the paired differences in the target year."""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from airace.analysis import i18n, style
from airace.analysis.figures import BAND_ALPHA
from airace.analysis.i18n import t
from airace.explorer.ensemble import HEADLINE
from airace.explorer.setting import REFERENCE, SETTING

SETTING_COLOR = style.BLOC_COLORS["US"]
REFERENCE_COLOR = style.SCENARIO_COLORS["baseline"]
SCREEN_DPI = 110


def _band(ax, part: pd.DataFrame, color: str, factor: float, dashed: bool) -> None:
    x = part["year"].to_numpy(float)
    for lo, hi, key in (("q05", "q95", 90), ("q25", "q75", 50)):
        ax.fill_between(x, part[lo] * factor, part[hi] * factor, color=color,
                        alpha=BAND_ALPHA[key] * (0.7 if dashed else 1.0), linewidth=0)
    ax.plot(x, part["median"] * factor, color=color, linestyle="--" if dashed else "-",
            linewidth=1.0 if dashed else 1.4)


def fan_figure(bands: pd.DataFrame, bloc: str, lang: str, titles: dict[str, str]) -> Figure:
    """A panel per headline KPI of ``bloc``: the setting's median and 50/90 % bands over the
    reference's (dashed median, lighter bands). ``titles`` maps setting/reference to labels."""
    i18n.check_lang(lang)
    present = set(bands["variable"])
    variables = [f"{k}.{bloc}" for k in HEADLINE if f"{k}.{bloc}" in present]
    rows = math.ceil(len(variables) / 2)
    with style.context():
        fig = style.new_figure("double", 52 * rows + 16)
        axes = np.atleast_1d(fig.subplots(rows, 2, squeeze=False, sharex=True)).ravel()
        for ax in axes[len(variables):]:
            ax.set_visible(False)
        for ax, var in zip(axes, variables, strict=False):
            factor = i18n.display_factor(var)
            for arm, color in ((REFERENCE, REFERENCE_COLOR), (SETTING, SETTING_COLOR)):
                part = bands[(bands["variable"] == var) & (bands["scenario"] == arm)]
                _band(ax, part, color, factor, dashed=arm == REFERENCE)
            ax.set_title(i18n.kpi_label(var, lang, short=True), loc="left")
            ax.set_ylabel(i18n.kpi_unit(var, lang))
            style.format_axis(ax.xaxis, lang, years=True)
            style.format_axis(ax.yaxis, lang)
            ax.grid(axis="y")
        grey = "#555555"
        handles = [Line2D([], [], color=SETTING_COLOR, lw=1.6, label=titles[SETTING]),
                   Line2D([], [], color=REFERENCE_COLOR, lw=1.0, linestyle="--",
                          label=titles[REFERENCE]),
                   Patch(facecolor=grey, alpha=BAND_ALPHA[50], label=t("band50", lang)),
                   Patch(facecolor=grey, alpha=BAND_ALPHA[90], label=t("band90", lang))]
        fig.legend(handles=handles, loc="outside lower center", ncols=2)
    return fig


def difference_figure(table: pd.DataFrame, lang: str, confidence: float) -> Figure:
    """A panel per headline KPI: the paired difference (setting minus reference) of each bloc
    with its confidence interval (thick) and the 5-95 % range of the pairs (thin)."""
    i18n.check_lang(lang)
    kpis = [k for k in HEADLINE if k in set(table["kpi"])]
    rows = math.ceil(len(kpis) / 2)
    with style.context():
        fig = style.new_figure("double", 34 * rows + 14)
        axes = np.atleast_1d(fig.subplots(rows, 2, squeeze=False)).ravel()
        for ax in axes[len(kpis):]:
            ax.set_visible(False)
        for ax, kpi in zip(axes, kpis, strict=False):
            part = table[table["kpi"] == kpi].reset_index(drop=True)
            factor = i18n.display_factor(kpi)
            ax.axvline(0, color="#777777", linewidth=0.7, zorder=0)
            for j, row in part.iterrows():
                color = style.bloc_color(row["bloc"])
                m, lo, hi = (row[c] * factor for c in ("mean_diff", "ci_low", "ci_high"))
                ax.hlines(j, row["q05_diff"] * factor, row["q95_diff"] * factor, color=color,
                          linewidth=0.8)
                ax.errorbar([m], [j], xerr=[[m - lo], [hi - m]], fmt="o", color=color,
                            elinewidth=3, capsize=0, markersize=3.5,
                            markeredgecolor="black", markeredgewidth=0.5)
            ax.set_yticks(range(len(part)), [i18n.bloc_name(b, lang) for b in part["bloc"]])
            ax.set_ylim(len(part) - 0.5, -0.5)
            ax.set_title(i18n.kpi_label(kpi, lang, short=True), loc="left")
            ax.set_xlabel(i18n.with_unit(t("ex_diff_axis", lang),
                                         i18n.kpi_unit(f"{kpi}.US", lang, difference=True)))
            style.format_axis(ax.xaxis, lang)
            ax.grid(axis="x")
        grey = "#555555"
        conf = i18n.fmt_num(confidence * 100, lang, 0)
        handles = [Line2D([], [], color=grey, marker="o", linestyle="",
                          markeredgecolor="black", markeredgewidth=0.5,
                          label=t("mean_diff", lang)),
                   Line2D([], [], color=grey, linewidth=3,
                          label=t("ci_legend", lang, conf=conf)),
                   Line2D([], [], color=grey, linewidth=0.8, label=t("range_legend", lang))]
        fig.legend(handles=handles, loc="outside lower center", ncols=3)
    return fig


def png(fig: Figure, dpi: int = SCREEN_DPI) -> bytes:
    """The figure as PNG bytes for the screen."""
    buf = io.BytesIO()
    with style.context():
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()
