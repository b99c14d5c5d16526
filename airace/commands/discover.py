"""``airace discover DIR --outcome OUTCOME --below V``: which futures make a policy fail."""

from __future__ import annotations

from pathlib import Path

import click

from airace.commands.help_lang import LocalizedCommand
from airace.commands.help_texts import en
from airace.commands.options import figure_options


@click.command("discover", cls=LocalizedCommand, help=en("cmd.discover"))
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--outcome", required=True, metavar="OUTCOME",
              help=en("discover.outcome"))
@click.option("--above", type=float, default=None, metavar="V",
              help=en("discover.above"))
@click.option("--below", type=float, default=None, metavar="V",
              help=en("discover.below"))
@click.option("--scenario", default=None,
              help=en("discover.scenario"))
@click.option("--box", type=click.IntRange(min=0), default=None, metavar="N",
              help=en("discover.box"))
@figure_options
@click.option("--resamples", type=click.IntRange(min=0), default=10, show_default=True,
              help=en("discover.resamples"))
def discover(folder: Path, outcome: str, above: float | None, below: float | None,
             scenario: str | None, box: int | None, lang: str, formats: str,
             resamples: int) -> int:
    from airace.analysis.i18n import parse_langs
    from airace.analysis.robustness import RobustnessError
    from airace.analysis.robustness.discovery import discover as run_discovery
    from airace.analysis.style import check_formats

    langs, fmts = parse_langs(lang), check_formats(formats)
    if (above is None) == (below is None):
        raise RobustnessError("give exactly one of --above V and --below V; allowed: --above "
                              "V (futures where the outcome exceeds V) or --below V")
    if not folder.is_dir():
        raise RobustnessError(f"{folder}: no such folder; allowed: the --out folder of "
                              "'airace run' or 'airace study'")
    result = run_discovery(folder, outcome, above, below, scenario, box, langs, fmts,
                           resamples, log=lambda msg: click.echo(msg, err=True))
    s = result.summary
    chosen = s["chosen_box"]
    click.echo(f"{s['n_cases']} of {s['n_futures']} futures of scenario '{s['scenario']}' "
               f"are of interest ({outcome} {'above' if above is not None else 'below'} "
               f"{above if above is not None else below:g}).")
    click.echo(f"PRIM box {chosen['box']} of {s['n_boxes']}: coverage {chosen['coverage']:.0%}, "
               f"density {chosen['density']:.0%}, mass {chosen['mass']:.0%}")
    for lim in chosen["limits"]:
        where = (f"in {{{', '.join(f'{v:g}' for v in lim['values'])}}}" if lim["values"]
                 else f"{lim['low']:.4g} to {lim['high']:.4g}")
        click.echo(f"  {lim['factor']}: {where} (qp {lim['qp']:.2g})")
    top = ", ".join(f"{f} {v:.2f}" for f, v in list(s["feature_scores"]["extra_trees"].items())[:3])
    click.echo(f"Feature scores (extra trees): {top}")
    click.echo(f"Another box: {s['choose_another']}")
    click.echo(f"Tables in {result.folder}")
    return 0
