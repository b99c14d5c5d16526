"""``airace robustness DIR --outcome OUTCOME``: which policy holds up across the futures."""

from __future__ import annotations

from pathlib import Path

import click

from airace.commands.options import figure_options


@click.command("robustness")
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--outcome", required=True, metavar="OUTCOME",
              help="Outcome to rank the policies on, e.g. compute_share.EU@2030.")
@click.option("--maximize/--minimize", "maximize", default=True,
              help="Whether more of the outcome is better (default) or less.")
@click.option("--threshold", type=float, default=None, metavar="V",
              help="Target: a future satisfies it when the outcome is at least V (--maximize) "
                   "or at most V (--minimize); in stored units (shares as fractions).")
@figure_options
@click.option("--resamples", type=click.IntRange(min=100), default=1000, show_default=True,
              help="Bootstrap resamples for the confidence intervals.")
def robustness(folder: Path, outcome: str, maximize: bool, threshold: float | None, lang: str,
               formats: str, resamples: int) -> int:
    """Rank the policies (scenarios) of the result folder DIR by robustness for OUTCOME.

    The futures (samples of the uncertain inputs with their seeds) are paired across the
    policies. Per policy: mean, median, 10th/90th percentile, regret against the best policy
    in each future (maximum and 90th percentile), and with --threshold the share of futures
    meeting it. Writes DIR/analysis/robustness (robustness.csv, regret.csv, summary.json,
    figures/LANG); rows of other outcomes stay. Exit codes: 0 done, 2 bad input.
    """
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
