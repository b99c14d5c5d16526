"""``airace scenarios`` and ``airace params``: what exists, with descriptions, units, bounds."""

from __future__ import annotations

import textwrap

import click

from airace.analysis.i18n import param_unit, t
from airace.commands.help_lang import LocalizedCommand
from airace.commands.help_texts import en
from airace.commands.options import lang_option
from airace.model.parameters import REGISTRY
from airace.model.scenarios import all_scenarios


@click.command(cls=LocalizedCommand, help=en("cmd.scenarios"))
@click.option("--verbose", "-v", is_flag=True, help=en("scenarios.verbose"))
@lang_option
def scenarios(verbose: bool, lang: str) -> None:
    for sc in all_scenarios():
        click.echo(click.style(sc.name, bold=True) + f" - {sc.title_in(lang)}")
        text = textwrap.fill(sc.description_in(lang), 88, break_on_hyphens=False)
        click.echo(textwrap.indent(text, "    "))
        if verbose:
            for key, value in sc.overrides.items():
                click.echo("    " + t("cat_override", lang, name=key, value=value))
            for src in sc.sources:
                click.echo(textwrap.indent(textwrap.fill(t("cat_source", lang, source=src), 88),
                                           "    "))
        click.echo()


@click.command(cls=LocalizedCommand, help=en("cmd.params"))
@click.option("--group", default=None, help=en("params.group"))
@click.option("--search", default=None, help=en("params.search"))
@click.option("--sources", is_flag=True, help=en("params.sources"))
@lang_option
def params(group: str | None, search: str | None, sources: bool, lang: str) -> None:
    groups = sorted({p.group for p in REGISTRY.values()})
    if group is not None and group not in groups:
        raise click.BadParameter(f"unknown group {group!r}; allowed: {', '.join(groups)}",
                                 param_hint="--group")
    shown = 0
    for p in REGISTRY.values():
        if group and p.group != group:
            continue
        text = p.description_in(lang)
        if search and search.lower() not in (p.name + p.description + text).lower():
            continue
        shown += 1
        rng = ("{" + ", ".join(p.choices) + "}" if p.kind == "choice"
               else f"[{p.low:g}, {p.high:g}]")
        unit = param_unit(p.unit, lang)
        click.echo(f"{p.name:<36} {p.default!s:>10}  {rng:<18} {unit:<22} [{p.group}]")
        click.echo(textwrap.indent(textwrap.fill(text, 88, break_on_hyphens=False), "    "))
        if sources:
            click.echo(textwrap.indent(textwrap.fill(t("cat_source", lang, source=p.source), 88),
                                       "    "))
    if not shown:
        click.echo(t("cat_no_param", lang), err=True)
