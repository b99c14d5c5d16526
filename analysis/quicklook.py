"""A quick four-panel figure of one simulated run (``airace simulate --plot``)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from airace.analysis.i18n import bloc_name, display_factor, kpi_label, kpi_unit
from airace.analysis.style import bloc_color, format_axis, new_figure, save_figure
from airace.model.parameters import BLOCS

PANELS: tuple[str, ...] = ("compute_share", "capability_gap_months", "energy_twh",
                           "revenue_share")


def run_figure(series: pd.DataFrame, title: str, lang: str = "en") -> Figure:
    """Four panels of one run's quarterly series: compute share, capability gap,
    data-centre electricity and AI-services revenue share, one line per bloc."""
    fig = new_figure("double", height_mm=110)
    axes = fig.subplots(2, 2, sharex=True)
    for ax, kpi in zip(axes.flat, PANELS, strict=True):
        for bloc in BLOCS:
            column = f"{kpi}.{bloc}"
            ax.plot(series["year"], series[column] * display_factor(column),
                    color=bloc_color(bloc), label=bloc_name(bloc, lang), linewidth=1.4)
        ax.set_title(textwrap.fill(kpi_label(f"{kpi}.US", lang, bloc=False), 40))
        ax.set_ylabel(kpi_unit(f"{kpi}.US", lang))
        format_axis(ax.xaxis, lang, years=True)
        format_axis(ax.yaxis, lang)
        ax.grid(axis="y", linewidth=0.4, alpha=0.5)
    axes[0, 0].legend(frameon=False, ncols=2)
    fig.suptitle(title)
    return fig


def save_run_figure(series: pd.DataFrame, path: Path, title: str, lang: str = "en"
                    ) -> list[Path]:
    """Write the quick-look figure to ``path`` (its suffix picks the format; .png also gets
    .pdf and .svg siblings when asked via formats)."""
    fig = run_figure(series, title, lang)
    fmt = path.suffix.lstrip(".").lower() or "png"
    return list(save_figure(fig, path.with_suffix(""), formats=[fmt]).values())
