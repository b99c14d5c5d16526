"""``airace discover DIR --outcome OUTCOME --below V``: which futures make a policy fail."""

from __future__ import annotations

from pathlib import Path

import click

from airace.commands.options import figure_options


@click.command("discover")
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--outcome", required=True, metavar="OUTCOME",
              help="Outcome, or regret:OUTCOME (the regret from 'airace robustness').")
@click.option("--above", type=float, default=None, metavar="V",
              help="Case of interest: futures where the outcome exceeds V.")
@click.option("--below", type=float, default=None, metavar="V",
              help="Case of interest: futures where the outcome is below V.")
@click.option("--scenario", default=None,
              help="Policy (scenario) whose futures to search (default: the study's first).")
@click.option("--box", type=click.IntRange(min=0), default=None, metavar="N",
              help="Box of the peeling trajectory to report (default: the one whose coverage "
                   "most exceeds its mass; peeling.csv lists them all).")
@figure_options
@click.option("--resamples", type=click.IntRange(min=0), default=10, show_default=True,
              help="PRIM runs on random halves of the futures for the stability of the box "
                   "(0: none).")
def discover(folder: Path, outcome: str, above: float | None, below: float | None,
             scenario: str | None, box: int | None, lang: str, formats: str,
             resamples: int) -> int:
    """Scenario discovery in the result folder DIR: which uncertain inputs put OUTCOME above
    or below a value.

    PRIM (EMA Workbench) with its peeling trajectory, quasi-p-values and resampling
    stability; CART and extra-trees feature scores (scikit-learn) as second views. Writes
    DIR/analysis/discovery (boxes.csv, peeling.csv, feature_scores.csv, summary.json,
    figures/LANG), replacing an earlier discovery. Exit codes: 0 done, 2 bad input.
    """
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
