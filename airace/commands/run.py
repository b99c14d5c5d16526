"""``airace run STUDY.yaml``: run (or resume) a study's ensemble on Ray into a result folder."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from airace.commands.help_lang import LocalizedCommand
from airace.commands.help_texts import en
from airace.commands.options import AtLeast

EXIT_FAILED_RUNS = 1
EXIT_INTERRUPTED = 130


@click.command("run", cls=LocalizedCommand, help=en("cmd.run"))
@click.argument("study", metavar="STUDY.yaml")
@click.option("--workers", "-w", type=AtLeast(1), default=None,
              help=en("run.workers"))
@click.option("--address", default=None, metavar="auto|HOST:PORT",
              help=en("run.address"))
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=en("study_run.out"))
@click.option("--fresh", is_flag=True,
              help=en("study_run.fresh"))
@click.option("--batch-size", type=AtLeast(1), default=None,
              help=en("run.batch_size"))
@click.option("--ship-code/--no-ship-code", default=None,
              help=en("run.ship_code"))
def run(study: str, workers: int | None, address: str | None, out: Path | None, fresh: bool,
        batch_size: int | None, ship_code: bool | None) -> int:
    from airace.commands.options import check_local_workers, check_output_folder
    from airace.experiments.runner import RunOptions, run_study
    from airace.experiments.study import load_study, locate_study

    check_local_workers(workers, address)
    spec = load_study(locate_study(study))
    for warning in spec.warnings:
        click.echo(f"Warning: {warning}", err=True)
    out = check_output_folder(out or Path("out") / spec.name, "--out")
    options = RunOptions(workers=workers, address=address, batch_size=batch_size, fresh=fresh,
                         ship_code=ship_code, log=lambda msg: click.echo(msg, err=True))
    summary = run_study(spec, out, options)
    rate = (summary.finished - summary.finished_before) / summary.seconds if summary.seconds else 0
    click.echo(f"{summary.finished} of {summary.total} runs finished "
               f"({summary.finished - summary.finished_before} now, {summary.seconds:.1f} s, "
               f"{rate:.1f} runs/s); results in {summary.out}", err=True)
    if summary.status == "interrupted":
        click.echo(f"Interrupted: {summary.pending + summary.failed} runs left; run the same "
                   "command again to resume.", err=True)
        return EXIT_INTERRUPTED
    if summary.failed:
        click.echo(_failure_summary(summary.failures, summary.total, summary.out), err=True)
        return EXIT_FAILED_RUNS
    return 0


def _failure_summary(failures: list[dict], total: int, out: Path) -> str:
    """A few lines: how many runs failed, the commonest errors and where the details are."""
    errors = Counter(f["error"].splitlines()[0][:200] for f in failures)
    lines = [f"Error: {len(failures)} of {total} runs failed:"]
    for error, n in errors.most_common(3):
        first = min(f["run_id"] for f in failures if f["error"].startswith(error))
        lines.append(f"  {n} x {error} (first: run {first})")
    if len(errors) > 3:
        lines.append(f"  ... and {len(errors) - 3} other error(s)")
    lines.append(f"Errors, tracebacks and parameters: {out / 'failures.parquet'}. Fix the cause "
                 "and run the same command again to redo only these runs.")
    return "\n".join(lines)
