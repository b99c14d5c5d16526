"""The robustness figure of one outcome in English or German: the outcome across the futures,
the regret and (with a target) the satisficing share of each policy, most robust on top."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from airace.analysis import i18n, style
from airace.analysis.robustness.labels import fig_text, percent, slug

TITLE_WIDTH = 24
# Policy colours: the shipped scenarios keep their fixed colours (analysis/style.py), so a
# policy has one colour throughout a report; other policies take these in order (Okabe-Ito
# vermillion, Paul Tol's bright cyan, high-contrast blue, light pink, light yellow-green,
# light orange, bright blue), each the farthest (CIELAB Delta-E) from those before it, in
# normal vision and under protanopia, deuteranopia and tritanopia
# (tests/test_robustness_figures.py).
POLICY_COLORS: tuple[str, ...] = ("#D55E00", "#33BBEE", "#004488", "#FFAABB", "#BBCC33",
                                  "#EE8866", "#4477AA")
ERR = {"elinewidth": 0.7, "capsize": 1.5, "ecolor": "#333333"}
BAND_ALPHA = 0.8


def figure_name(outcome: str) -> str:
    """File name (without suffix) of the robustness figure of ``outcome``."""
    return f"robustness_{slug(outcome)}"


def policy_palette(policies: list[str]) -> dict[str, str]:
    """Distinct colours for ``policies`` in the study's order: the shipped scenarios' fixed
    colours ('baseline' grey), the others from POLICY_COLORS (repeated only beyond seven)."""
    others = [p for p in policies if p not in style.SCENARIO_COLORS]
    taken = {style.SCENARIO_COLORS[p] for p in policies if p not in others}
    spare = [c for c in POLICY_COLORS if c not in taken]
    palette = {p: spare[i % len(spare)] for i, p in enumerate(others)}
    return {p: style.SCENARIO_COLORS.get(p) or palette[p] for p in policies}


def _policy_labels(ranking: list[str], titles: dict[str, str]) -> list[str]:
    return ["\n".join(textwrap.wrap(titles.get(s, s), TITLE_WIDTH)) or s for s in ranking]


def _outcome_panel(ax: Axes, table: pd.DataFrame, ci: pd.DataFrame, outcome: str,
                   threshold: float | None, colors: dict[str, str], lang: str) -> None:
    f = i18n.display_factor(outcome)
    pos = np.arange(len(table))
    for y, (scen, row) in zip(pos, table.iterrows(), strict=True):
        ax.plot([row["p10"] * f, row["p90"] * f], [y, y], color=colors[scen], linewidth=2.6,
                alpha=BAND_ALPHA, solid_capstyle="butt")
        ax.plot(row["median"] * f, y, "o", markerfacecolor="white", markeredgecolor="#222222",
                markersize=4.2, zorder=3)
        low, high = ci.loc[scen, "mean_low"] * f, ci.loc[scen, "mean_high"] * f
        ax.errorbar(row["mean"] * f, y + 0.22, xerr=[[row["mean"] * f - low],
                                                     [high - row["mean"] * f]],
                    fmt="D", markersize=3.2, color="#222222", **ERR)
    if threshold is not None:
        ax.axvline(threshold * f, color="#BB5566", linestyle="--", linewidth=0.9)
    ax.set_xlabel(i18n.axis_label(outcome, lang, short=True))
    ax.set_title(fig_text("panel_outcome", lang), loc="left")
    style.format_axis(ax.xaxis, lang)


def _regret_panel(ax: Axes, table: pd.DataFrame, ci: pd.DataFrame, outcome: str,
                  colors: dict[str, str], lang: str) -> None:
    f = i18n.display_factor(outcome)
    pos = np.arange(len(table))
    p90 = table["p90_regret"].to_numpy() * f
    low = ci.loc[table.index, "p90_regret_low"].to_numpy() * f
    high = ci.loc[table.index, "p90_regret_high"].to_numpy() * f
    ax.barh(pos, p90, height=0.55, color=[colors[s] for s in table.index],
            xerr=np.vstack([(p90 - low).clip(min=0), (high - p90).clip(min=0)]),
            error_kw=ERR)
    ax.plot(table["max_regret"].to_numpy() * f, pos, "x", color="#222222", markersize=4)
    ax.set_xlim(left=0)
    ax.set_xlabel(i18n.with_unit(fig_text("regret", lang),
                                 i18n.kpi_unit(outcome, lang, difference=True)))
    ax.set_title(fig_text("panel_regret", lang), loc="left")
    style.format_axis(ax.xaxis, lang)


def _satisficing_panel(ax: Axes, table: pd.DataFrame, ci: pd.DataFrame,
                       colors: dict[str, str], lang: str) -> None:
    pos = np.arange(len(table))
    share = table["satisficing"].to_numpy() * 100
    low = ci.loc[table.index, "satisficing_low"].to_numpy() * 100
    high = ci.loc[table.index, "satisficing_high"].to_numpy() * 100
    ax.barh(pos, share, height=0.55, color=[colors[s] for s in table.index],
            xerr=np.vstack([(share - low).clip(min=0), (high - share).clip(min=0)]),
            error_kw=ERR)
    for y, value, top in zip(pos, share, np.maximum(share, high), strict=True):
        # every bar's value, so that a policy that never meets the target shows '0 %'
        inside = top > 80
        ax.text(value - 2 if inside else top + 2.5, y, percent(value / 100, lang),
                ha="right" if inside else "left", va="center", fontsize=style.FONT_SIZE - 1,
                color="#222222", clip_on=False,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none",
                      "alpha": 0.8} if inside else None)
    ax.set_xlim(0, 100)
    style.format_axis(ax.xaxis, lang)
    ax.set_xlabel(i18n.with_unit(fig_text("futures_meeting", lang), "%"))
    ax.set_title(fig_text("panel_satisficing", lang), loc="left")


def _legend(fig: Figure, threshold: float | None, lang: str) -> None:
    handles = [Line2D([], [], color="#888888", linewidth=2.6, alpha=BAND_ALPHA,
                      label=fig_text("p10_p90", lang)),
               Line2D([], [], marker="o", linestyle="none", markerfacecolor="white",
                      markeredgecolor="#222222", label=fig_text("median", lang)),
               Line2D([], [], marker="D", color="#222222", markersize=3.2,
                      label=fig_text("mean_ci", lang)),
               Line2D([], [], marker="x", linestyle="none", color="#222222",
                      label=fig_text("max_regret", lang))]
    if threshold is not None:
        handles.append(Line2D([], [], color="#BB5566", linestyle="--",
                              label=fig_text("target", lang)))
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles))


def robustness_figure(table: pd.DataFrame, ci: pd.DataFrame, ranking: list[str],
                      outcome: str, threshold: float | None, titles: dict[str, str],
                      lang: str) -> Figure:
    """Panels a (outcome), b (regret) and c (satisficing, with a target); policies ranked,
    most robust on top."""
    rows = table.set_index("scenario").loc[ranking]
    colors = policy_palette(list(titles) or ranking)
    n_panels = 3 if threshold is not None else 2
    labels = _policy_labels(ranking, titles)
    lines = sum(label.count("\n") + 1 for label in labels)
    fig = style.new_figure("double", 34 + max(6.5 * len(ranking), 3.4 * lines))
    ratios = [1.5, 1, 1][:n_panels]
    axes = fig.subplots(1, n_panels, sharey=True, gridspec_kw={"width_ratios": ratios})
    _outcome_panel(axes[0], rows, ci, outcome, threshold, colors, lang)
    _regret_panel(axes[1], rows, ci, outcome, colors, lang)
    if threshold is not None:
        _satisficing_panel(axes[2], rows, ci, colors, lang)
    axes[0].set_yticks(np.arange(len(ranking)), labels)
    axes[0].set_ylim(len(ranking) - 0.5, -0.6)
    for i, ax in enumerate(axes):
        ax.grid(axis="x")
        ax.text(-0.02, 1.0, chr(ord("a") + i), transform=ax.transAxes,
                ha="right", va="bottom", fontweight="bold", fontsize=style.FONT_SIZE + 1)
    _legend(fig, threshold, lang)
    return fig
