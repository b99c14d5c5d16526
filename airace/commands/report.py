"""``airace report DIR``: the study report, one self-contained HTML file."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("report")
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--lang", default="en", show_default=True, metavar="en|de|en,de",
              help="Language of the report (German: report.de.html).")
@click.option("--year", type=int, default=None,
              help="Target year of the scenario comparison (default: the study's outcomes' "
                   "year, else 2030).")
@click.option("--baseline", default=None, help="Scenario the others are compared with "
                                               "(default: baseline).")
def report(folder: Path, lang: str, year: int | None, baseline: str | None) -> int:
    """Write DIR/report.html (or report.de.html): question, scenarios, figures, tables,
    sensitivity indices when present, failed runs and provenance.

    Figures are drawn first when they are missing or older than the results. Exit codes:
    0 done, 2 bad input.
    """
    from airace.analysis.i18n import parse_langs
    from airace.analysis.report import build_report
    from airace.experiments.store import load_results

    langs = parse_langs(lang)
    rs = load_results(folder, require_runs=True)
    for code in langs:
        click.echo(str(build_report(folder, code, rs=rs, year=year, baseline=baseline)))
    return 0
