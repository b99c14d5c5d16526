"""``airace robustness DIR --outcome OUTCOME``: which policy holds up across the futures."""

from __future__ import annotations

from pathlib import Path

import click

from airace.commands.help_lang import LocalizedCommand
from airace.commands.help_texts import en
from airace.commands.options import figure_options


@click.command("robustness", cls=LocalizedCommand, help=en("cmd.robustness"))
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--outcome", required=True, metavar="OUTCOME",
              help=en("robustness.outcome"))
@click.option("--maximize/--minimize", "maximize", default=True,
              help=en("robustness.maximize"))
@click.option("--threshold", type=float, default=None, metavar="V",
              help=en("robustness.threshold"))
@figure_options
@click.option("--resamples", type=click.IntRange(min=100), default=1000, show_default=True,
              help=en("bootstrap.resamples"))
def robustness(folder: Path, outcome: str, maximize: bool, threshold: float | None, lang: str,
               formats: str, resamples: int) -> int:
    from airace.analysis.i18n import parse_langs
    from airace.analysis.robustness import analyze_robustness
    from airace.analysis.style import check_formats

    langs, fmts = parse_langs(lang), check_formats(formats)
    direction = "maximize" if maximize else "minimize"
    result = analyze_robustness(folder, outcome, direction, threshold, langs, fmts, resamples,
                                log=lambda msg: click.echo(msg, err=True))
    for note in result.notes:
        click.echo(f"Note: {note}", err=True)
    summary = result.summary
    click.echo(f"{outcome} ({direction}"
               + (f", target {threshold:g}" if threshold is not None else "")
               + f"), {summary['n_futures']} futures; ranked by {summary['criterion_text']}:")
    for rank, row in enumerate(result.table.itertuples(), start=1):
        sat = "" if threshold is None else f"  satisficing {row.satisficing:.0%}"
        click.echo(f"  {rank}. {row.scenario}: mean {row.mean:.4g}, median {row.median:.4g}, "
                   f"p10-p90 [{row.p10:.4g}, {row.p90:.4g}], regret p90 {row.p90_regret:.4g} "
                   f"max {row.max_regret:.4g}{sat}")
    click.echo(f"Tables in {result.folder}")
    for code, records in result.figures.items():
        click.echo(f"Figures ({code}): {', '.join(r['name'] for r in records)} in "
                   f"{result.folder / 'figures' / code}")
    return 0
