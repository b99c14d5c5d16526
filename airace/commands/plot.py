"""``airace plot DIR``: the figures of a result folder in English or German."""

from __future__ import annotations

from pathlib import Path

import click

from airace.commands.help_lang import LocalizedCommand
from airace.commands.help_texts import en


@click.command("plot", cls=LocalizedCommand, help=en("cmd.plot"))
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--lang", default="en", show_default=True, metavar="en|de|en,de",
              help=en("plot.lang"))
@click.option("--format", "formats", default="png,pdf,svg", show_default=True,
              metavar="png,pdf,svg", help=en("plot.format"))
@click.option("--year", type=int, default=None,
              help=en("compare.year"))
@click.option("--baseline", default=None, help=en("compare.baseline"))
def plot(folder: Path, lang: str, formats: str, year: int | None, baseline: str | None) -> int:
    from airace.analysis.i18n import parse_langs
    from airace.analysis.plan import make_plan
    from airace.analysis.plots import FIGURES_DIR, render
    from airace.analysis.style import check_formats
    from airace.experiments.store import load_results

    langs = parse_langs(lang)
    fmts = check_formats(formats)
    rs = load_results(folder, require_runs=True)
    plan = make_plan(rs, year, baseline)
    for code in langs:
        records = render(rs, code, fmts, plan)
        out = rs.path / FIGURES_DIR / code
        for rec in records:
            click.echo(f"  {rec.name}: {', '.join(rec.files[f] for f in fmts)}")
        click.echo(f"{len(records)} figures in {out}", err=True)
    return 0
