"""``airace studies``: list the shipped study files with their design and size."""

from __future__ import annotations

import click


@click.command("studies")
def studies() -> None:
    """List the shipped studies (experiments/studies/*.yaml); run one with 'airace run NAME'."""
    from airace.experiments.run_count import count_runs
    from airace.experiments.study import STUDY_DIR, load_study, study_names
    from airace.model.errors import InputError

    names = study_names()
    if not names:
        click.echo(f"No study files in {STUDY_DIR}.")
        return
    for name in names:
        try:
            study = load_study(STUDY_DIR / f"{name}.yaml")
        except InputError as exc:
            click.echo(f"{name}\n  invalid: {exc}\n")
            continue
        d = study.design
        click.echo(f"{name} - {study.title}")
        click.echo(f"  design: {d.kind}, {count_runs(study):,} runs "
                   f"({len(study.scenarios)} scenario(s) x {d.replicates} replicate(s)"
                   f"{_params(study)}"
                   f"); seed {study.seed}")
        click.echo(f"  scenarios: {', '.join(study.scenarios)}")
        if study.description:
            click.echo(f"  {' '.join(study.description.split())}")
        click.echo("")


def _params(study: object) -> str:
    n = len(study.parameters)
    return f", {n} parameter(s)" if n else ""
