"""``airace studies``: list the shipped study files with their design and size."""

from __future__ import annotations

import click

from airace.commands.help_lang import LocalizedCommand
from airace.commands.help_texts import en
from airace.commands.options import lang_option


@click.command("studies", cls=LocalizedCommand, help=en("cmd.studies"))
@lang_option
def studies(lang: str) -> None:
    from airace.analysis.i18n import fmt_int, t
    from airace.experiments.run_count import count_runs
    from airace.experiments.study import STUDY_DIR, load_study, study_names
    from airace.model.errors import InputError

    names = study_names()
    if not names:
        click.echo(t("cat_no_studies", lang, folder=STUDY_DIR))
        return
    for name in names:
        try:
            study = load_study(STUDY_DIR / f"{name}.yaml")
        except InputError as exc:
            click.echo(f"{name}\n  {t('cat_invalid', lang, error=exc)}\n")
            continue
        d = study.design
        n = len(study.parameters)
        click.echo(f"{name} - {study.title_in(lang)}")
        click.echo("  " + t("cat_design", lang, kind=d.kind, runs=fmt_int(count_runs(study), lang),
                            scenarios=len(study.scenarios), replicates=d.replicates,
                            params=t("cat_params", lang, n=n) if n else "", seed=study.seed))
        click.echo("  " + t("cat_scenarios", lang, names=", ".join(study.scenarios)))
        description = study.description_in(lang)
        if description:
            click.echo(f"  {' '.join(description.split())}")
        click.echo("")
