"""``airace report DIR``: the study report, one self-contained HTML file."""

from __future__ import annotations

from pathlib import Path

import click

from airace.commands.help_lang import LocalizedCommand
from airace.commands.help_texts import en


@click.command("report", cls=LocalizedCommand, help=en("cmd.report"))
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--lang", default="en", show_default=True, metavar="en|de|en,de",
              help=en("report.lang"))
@click.option("--year", type=int, default=None,
              help=en("compare.year"))
@click.option("--baseline", default=None, help=en("compare.baseline"))
def report(folder: Path, lang: str, year: int | None, baseline: str | None) -> int:
    from airace.analysis.i18n import parse_langs
    from airace.analysis.report import build_report
    from airace.experiments.store import load_results

    langs = parse_langs(lang)
    rs = load_results(folder, require_runs=True)
    for code in langs:
        click.echo(str(build_report(folder, code, rs=rs, year=year, baseline=baseline)))
    return 0
