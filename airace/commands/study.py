"""``airace study STUDY.yaml``: run, analyse, plot and report a study in one go."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

import click

from airace.commands.help_lang import LocalizedCommand
from airace.commands.help_texts import en
from airace.commands.options import AtLeast
from airace.commands.study_robustness import run_robustness

EXIT_FAILED_RUNS = 1
EXIT_INTERRUPTED = 130


def _sensitivity(out: Path) -> None:
    """Run analysis.sensitivity.analyze(out) when that module provides it."""
    if importlib.util.find_spec("airace.analysis.sensitivity") is None:
        return
    analyze = getattr(importlib.import_module("airace.analysis.sensitivity"), "analyze", None)
    if analyze is None:
        return
    from airace.model.errors import InputError

    try:
        analyze(out)
    except InputError as exc:
        click.echo(f"Note: no sensitivity analysis: {exc}", err=True)


@click.command("study", cls=LocalizedCommand, help=en("cmd.study"))
@click.argument("study", metavar="STUDY.yaml")
@click.option("--lang", default="en", show_default=True, metavar="en|de|en,de",
              help=en("study.lang"))
@click.option("--workers", "-w", type=AtLeast(1), default=None,
              help=en("study_run.workers"))
@click.option("--address", default=None, metavar="auto|HOST:PORT",
              help=en("study.address"))
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=en("study_run.out"))
@click.option("--fresh", is_flag=True,
              help=en("study_run.fresh"))
@click.option("--format", "formats", default="png,pdf,svg", show_default=True,
              metavar="png,pdf,svg", help=en("figures.format"))
@click.option("--no-sensitivity", "skip_sensitivity", is_flag=True,
              help=en("study.no_sensitivity"))
def study(study: str, lang: str, workers: int | None, address: str | None, out: Path | None,
          fresh: bool, formats: str, skip_sensitivity: bool) -> int:
    from airace.analysis.i18n import parse_langs
    from airace.analysis.plan import make_plan
    from airace.analysis.plots import render
    from airace.analysis.report import build_report
    from airace.analysis.style import check_formats
    from airace.analysis.tables import compute_tables
    from airace.commands.options import check_local_workers, check_output_folder
    from airace.experiments.runner import RunOptions, run_study
    from airace.experiments.store import load_results
    from airace.experiments.study import load_study, locate_study

    langs = parse_langs(lang)
    fmts = check_formats(formats)
    check_local_workers(workers, address)
    spec = load_study(locate_study(study))
    for warning in spec.warnings:
        click.echo(f"Warning: {warning}", err=True)
    out = check_output_folder(out or Path("out") / spec.name, "--out")
    options = RunOptions(workers=workers, address=address, fresh=fresh,
                         log=lambda msg: click.echo(msg, err=True))
    summary = run_study(spec, out, options)
    click.echo(f"{summary.finished} of {summary.total} runs finished "
               f"({summary.seconds:.1f} s); results in {summary.out}", err=True)
    if summary.status == "interrupted":
        click.echo("Interrupted: run the same command again to resume.", err=True)
        return EXIT_INTERRUPTED
    if spec.sensitivity and not skip_sensitivity:
        _sensitivity(summary.out)
    run_robustness(spec, summary.out, langs, fmts)
    rs = load_results(summary.out, require_runs=True)
    plan = make_plan(rs)
    tables = compute_tables(rs, plan)
    for code in langs:
        render(rs, code, fmts, plan, tables)
        path = build_report(summary.out, code, rs=rs)
        click.echo(f"Report: {path}")
    if summary.failed:
        click.echo(f"Error: {summary.failed} of {summary.total} runs failed; see the report's "
                   f"'failed runs' section and {summary.out / 'failures.parquet'}.", err=True)
        return EXIT_FAILED_RUNS
    return 0
