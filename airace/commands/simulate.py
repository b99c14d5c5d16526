"""``airace simulate``: one run of one scenario, as a table, JSON or CSV, with a quick figure."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
import yaml

from airace.commands.help_lang import LocalizedCommand
from airace.commands.help_texts import en
from airace.commands.options import AtLeast, OptionError
from airace.model.errors import InputError
from airace.model.kpi_info import OUTCOME_YEARS
from airace.model.parameters import REGISTRY
from airace.model.scenarios import load_scenario

HEADLINE = ("compute_share", "capability_gap_months", "energy_twh", "revenue_share",
            "frontier_capability")


def parse_sets(items: tuple[str, ...]) -> dict[str, Any]:
    """Turn ``--set name=value`` options into a dict; values are parsed as YAML scalars."""
    out: dict[str, Any] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        if not sep or not name:
            raise InputError(f"--set {item!r}: expected name=value, e.g. --set regulation.EU=0.4")
        if name not in REGISTRY:
            import difflib

            close = difflib.get_close_matches(name, REGISTRY, n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise InputError(f"--set: unknown parameter '{name}'{hint}; "
                             "run 'airace params' for the list")
        try:
            out[name] = yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            raise InputError(f"--set {item!r}: cannot read the value: {exc}") from exc
        out[name] = REGISTRY[name].validate(out[name], where="--set")
    return out


def headline_table(outcomes: dict[str, float], lang: str = "en") -> str:
    """A compact text table: headline KPIs by bloc (rows) and outcome year (columns), with
    the heading and decimal separator of ``lang`` (KPI names as the outcomes spell them)."""
    from airace.analysis.i18n import t

    years = [y for y in OUTCOME_YEARS if any(k.endswith(f"@{y}") for k in outcomes)]
    rows = []
    for kpi in HEADLINE:
        for bloc in ("US", "EU", "CN", "ROW"):
            key = f"{kpi}.{bloc}"
            rows.append([key] + [outcomes.get(f"{key}@{y}") for y in years])
    for key in ("energy_twh.WORLD", "export_control.US", "sovereignty_index.EU",
                "chip_price_index", "largest_run_flop"):
        rows.append([key] + [outcomes.get(f"{key}@{y}") for y in years])
    width = max(len(r[0]) for r in rows)
    width = max(width, len(t("sim_kpi", lang)))
    lines = [f"{t('sim_kpi', lang):<{width}}  " + "  ".join(f"{y:>10}" for y in years)]
    point = "," if lang == "de" else "."
    for r in rows:
        cells = "  ".join(f"{v:>10.4g}".replace(".", point) if v is not None else f"{'-':>10}"
                          for v in r[1:])
        lines.append(f"{r[0]:<{width}}  {cells}")
    return "\n".join(lines)


@click.command(cls=LocalizedCommand, help=en("cmd.simulate"))
@click.option("--scenario", "-s", default="baseline", show_default=True,
              help=en("simulate.scenario"))
@click.option("--seed", default=1, show_default=True, type=AtLeast(0),
              help=en("simulate.seed"))
@click.option("--until", "until", type=int, default=None,
              help=en("simulate.until"))
@click.option("--set", "sets", multiple=True, metavar="NAME=VALUE",
              help=en("simulate.set"))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True,
              help=en("simulate.format"))
@click.option("--plot", "plot", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=en("simulate.plot"))
@click.option("--lang", type=click.Choice(["en", "de"]), default="en", show_default=True,
              help=en("simulate.lang"))
def simulate(scenario: str, seed: int, until: int | None, sets: tuple[str, ...], fmt: str,
             plot: Path | None, lang: str) -> None:
    from airace.commands.options import check_output_file
    from airace.model import simulate_series

    params = parse_sets(sets)
    if until is not None:
        params["end_year"] = REGISTRY["end_year"].validate(until, where="--until")
    if plot is not None:
        if plot.suffix.lower() not in {".png", ".pdf", ".svg"}:
            raise InputError(f"--plot {plot}: the file must end in .png, .pdf or .svg")
        check_output_file(plot, "--plot")
    try:
        sc = load_scenario(scenario)
    except InputError as exc:
        raise OptionError(f"--scenario: {exc}") from exc
    outcomes, series = simulate_series(params, seed, scenario)
    if fmt == "json":
        click.echo(json.dumps(outcomes, indent=1, sort_keys=True))
    elif fmt == "csv":
        series.to_csv(sys.stdout, index=False)
    else:
        from airace.analysis.i18n import scenario_title, t

        click.echo(t("sim_heading", lang, name=sc.name, title=scenario_title(sc.name, lang,
                                                                             sc.title),
                     seed=seed))
        click.echo(headline_table(outcomes, lang))
    if plot is not None:
        from airace.analysis.i18n import scenario_title, t
        from airace.analysis.quicklook import save_run_figure

        title = f"{scenario_title(sc.name, lang, sc.title)} (seed {seed})"
        written = save_run_figure(series, plot, title, lang)
        click.echo(t("sim_figure", lang, paths=", ".join(str(p) for p in written)), err=True)
