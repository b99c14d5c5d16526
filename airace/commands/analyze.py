"""``airace analyze DIR``: sensitivity indices of a result folder, with figures."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from airace.commands.help_lang import LocalizedCommand
from airace.commands.help_texts import en
from airace.commands.options import AtLeast

if TYPE_CHECKING:
    import pandas as pd

MAIN: tuple[str, ...] = ("ST", "mu_star", "delta")


def top_factors(indices: pd.DataFrame, k: int = 3) -> list[str]:
    """'OUTCOME: factor INDEX value [low, high]; ...' for the main index of each outcome."""
    lines = []
    for (outcome, method), part in indices.groupby(["outcome", "method"], sort=False):
        main = next((i for i in MAIN if i in set(part["index"])), None)
        if main is None or method not in ("sobol", "morris", "delta"):
            continue
        top = part[part["index"] == main].nlargest(k, "value")
        lines.append(f"  {outcome} ({method}): " + "; ".join(
            f"{r.factor} {main} {r.value:.3g} [{r.ci_low:.3g}, {r.ci_high:.3g}]"
            for r in top.itertuples()))
    return lines


@click.command("analyze", cls=LocalizedCommand, help=en("cmd.analyze"))
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--lang", default="en,de", show_default=True, metavar="en|de|en,de",
              help=en("figures.lang"))
@click.option("--outcomes", multiple=True, metavar="PATTERN",
              help=en("analyze.outcomes"))
@click.option("--target-year", type=int, default=None,
              help=en("analyze.target_year"))
@click.option("--scenario", default=None,
              help=en("analyze.scenario"))
@click.option("--format", "formats", default="png,pdf,svg", show_default=True,
              metavar="png,pdf,svg", help=en("figures.format"))
@click.option("--resamples", type=AtLeast(10), default=100, show_default=True,
              help=en("bootstrap.resamples"))
@click.option("--delta/--no-delta", default=None,
              help=en("analyze.delta"))
def analyze(folder: Path, lang: str, outcomes: tuple[str, ...], target_year: int | None,
            scenario: str | None, formats: str, resamples: int, delta: bool | None) -> int:
    from airace.analysis.i18n import parse_langs
    from airace.analysis.sensitivity import SensitivityError
    from airace.analysis.sensitivity import analyze as run_analysis
    from airace.analysis.style import check_formats

    langs = parse_langs(lang)
    fmts = check_formats(formats)
    if not folder.is_dir():
        raise SensitivityError(f"{folder}: no such folder; allowed: the --out folder of "
                               "'airace run'")
    patterns = [p.strip() for item in outcomes for p in item.split(",") if p.strip()]
    result = run_analysis(folder, patterns or None, target_year, langs, fmts, scenario,
                          num_resamples=resamples, delta=delta,
                          log=lambda msg: click.echo(msg, err=True))
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    for note in result.notes:
        click.echo(f"Note: {note}", err=True)
    n_out = result.indices["outcome"].nunique()
    click.echo(f"{len(result.indices)} indices for {n_out} outcomes in "
               f"{result.folder / 'indices.csv'}")
    for line in top_factors(result.indices):
        click.echo(line)
    for code, records in result.figures.items():
        names = ", ".join(r["name"] for r in records) or "none"
        click.echo(f"Figures ({code}): {names} in {result.folder / 'figures' / code}")
    return 0
