"""The robustness and discovery step of ``airace study``: what the study file's optional
'robustness' block asks for, run after the sensitivity analysis and before the report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from airace.experiments.study_schema import Study


def run_robustness(spec: Study, out: Path, langs: tuple[str, ...], fmts: tuple[str, ...]) -> None:
    """Rank the policies and discover the futures that break one, as the study file's
    'robustness' block asks (an InputError is printed as a note and the study goes on)."""
    block = spec.robustness
    if block is None:
        return
    import shutil

    from airace.analysis.robustness import analyze_robustness
    from airace.analysis.robustness.discovery import discover
    from airace.analysis.robustness.outputs import DISC_DIR, ROB_DIR
    from airace.experiments.robustness_spec import MOST_ROBUST
    from airace.model.errors import InputError

    for folder in (out / ROB_DIR, out / DISC_DIR):
        if folder.exists():
            shutil.rmtree(folder)
    best: dict[str, str] = {}
    for item in block.outcomes:
        try:
            result = analyze_robustness(out, item.outcome, item.direction, item.threshold,
                                        langs, fmts)
        except InputError as exc:
            click.echo(f"Note: no robustness analysis of {item.outcome}: {exc}", err=True)
            continue
        best[item.outcome] = result.summary["most_robust"]
        click.echo(f"Robustness of {item.outcome}: most robust policy "
                   f"'{best[item.outcome]}' ({result.summary['criterion_text']})", err=True)
    case = block.discover
    if case is None:
        return
    scenario = best.get(case.base_outcome) if case.scenario == MOST_ROBUST else case.scenario
    if scenario is None:
        click.echo(f"Note: no scenario discovery: no robustness ranking of {case.base_outcome}",
                   err=True)
        return
    try:
        found = discover(out, case.outcome, case.above, case.below, scenario, case.box, langs,
                         fmts)
    except InputError as exc:
        click.echo(f"Note: no scenario discovery: {exc}", err=True)
        return
    box = found.summary["chosen_box"]
    click.echo(f"Discovery ({case.outcome} in '{scenario}'): PRIM box {box['box']}, coverage "
               f"{box['coverage']:.0%}, density {box['density']:.0%}", err=True)
