"""Make every figure of a study in one language, save it and index it with its caption."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from matplotlib.figure import Figure

from airace.analysis import figures, i18n, style
from airace.analysis.i18n import t
from airace.analysis.plan import Plan, make_plan
from airace.analysis.tables import TABLES_DIR, Tables, compute_tables, write_tables
from airace.analysis.timeseries import has_time, time_table
from airace.experiments.store import Results
from airace.model.kpi_info import KPI_INFO

FIGURES_DIR = Path("analysis") / "figures"


@dataclass
class FigureJob:
    """One figure to make: file name, kind, builder and caption."""

    name: str
    kind: str
    build: Callable[[], Figure]
    caption: str


@dataclass
class FigureRecord:
    """One saved figure: name, kind, caption and file names by format."""

    name: str
    kind: str
    caption: str
    files: dict[str, str] = field(default_factory=dict)


def _span(rs: Results, variables: list[str]) -> tuple[str, str]:
    """First and last year shown for ``variables`` (those the study kept)."""
    years = time_table(rs, variables)["year"].dropna()
    if years.empty:
        return "", ""
    return str(math.floor(years.min())), str(math.floor(years.max()))


def _runs_text(rs: Results, lang: str, scenario: str | None = None) -> str:
    """The number of finished runs (of ``scenario``, else all), formatted for ``lang``."""
    runs = rs.results if scenario is None else rs.results[rs.results["scenario"] == scenario]
    return i18n.fmt_int(len(runs), lang)


def jobs(rs: Results, plan: Plan, lang: str, tables: Tables) -> list[FigureJob]:
    """The figures a study gets, in report order, each with its caption."""
    titles = figures.scenario_titles(rs, lang)
    base = plan.baseline
    phrases = i18n.scenario_phrases(base, titles[base], lang)
    out: list[FigureJob] = []
    if plan.time_kpis:
        kpi0 = plan.time_kpis[0]
        y0, y1 = _span(rs, [f"{kpi0}.{b}" for b in KPI_INFO[kpi0].blocs])
        labels = ", ".join(i18n.kpi_label(k, lang) for k in plan.time_kpis)
        out.append(FigureJob(
            f"fan_blocs_{base}", "fan_blocs",
            lambda: figures.fan_by_bloc(rs, plan.time_kpis, base, lang),
            t("cap_fan_blocs", lang, kpis=labels, in_scenario=phrases["in_baseline"], y0=y0, y1=y1,
              n=_runs_text(rs, lang, base))))
    if len(rs.scenarios) > 1:
        for var in plan.variables:
            if not has_time(rs, var):
                continue
            y0, y1 = _span(rs, [var])
            out.append(FigureJob(
                f"fan_scenarios_{var.replace('.', '_')}", "fan_scenarios",
                lambda var=var: figures.fan_by_scenario(rs, var, base, lang),
                t("cap_fan_scenarios", lang, kpi=i18n.kpi_label(var, lang), y0=y0, y1=y1,
                  **phrases)))
    if all(has_time(rs, f"compute_share.{b}") for b in ("US", "EU", "CN")):
        y0, y1 = _span(rs, ["compute_share.US"])
        out.append(FigureJob("compute_share_areas", "share_areas",
                             lambda: figures.compute_share_areas(rs, lang),
                             t("cap_areas", lang, y0=y0, y1=y1,
                               kpi=i18n.kpi_label("compute_share", lang, short=True))))
    year = plan.year if plan.year is not None else ""
    if len(rs.scenarios) > 1 and plan.outcomes:
        paired = bool(tables.differences["paired"].all()) if len(tables.differences) else True
        conf = i18n.fmt_num(100 * float(tables.differences["confidence"].iloc[0])
                            if len(tables.differences) else 95, lang, 0)
        out.append(FigureJob(
            f"scenario_effects_{year}".rstrip("_"), "differences",
            lambda: figures.scenario_effects(rs, plan.outcomes, base, lang,
                                             table=tables.differences),
            t("cap_differences" if paired else "cap_differences_unpaired", lang,
              year=year, conf=conf, **phrases)))
    if plan.outcomes:
        out.append(FigureJob(
            f"distributions_{year}".rstrip("_"), "distributions",
            lambda: figures.outcome_distributions(rs, plan.outcomes, lang),
            t("cap_distributions", lang, year=year, n=_runs_text(rs, lang))))
    modifiers = tables.modifiers
    pairs = (modifiers[["outcome", "parameter"]].drop_duplicates().itertuples(index=False)
             if len(modifiers) else [])
    for outcome, parameter in pairs:
        n_bins = int(modifiers.loc[(modifiers["outcome"] == outcome)
                                   & (modifiers["parameter"] == parameter), "bin"].max()) + 1
        out.append(FigureJob(
            f"effect_{outcome}_by_{parameter}".replace("@", "_"), "effect_modifier",
            lambda o=outcome, q=parameter: figures.effect_modifier(rs, modifiers, o, q, base,
                                                                   lang),
            t("cap_modifier", lang, outcome=i18n.kpi_label(outcome, lang, year=True),
              parameter=parameter, bins=n_bins, conf=i18n.fmt_num(95, lang, 0), **phrases)))
    names: list[str] = []
    if rs.varied_parameters and plan.outcomes:
        outcome = plan.outcomes[0]
        names, _, index = figures.influential_parameters(rs, outcome, base)
    if names:
        ranking = (t("ranking_spearman", lang, **phrases) if index == "rho"
                   else t("ranking_index", lang, index=index))
        only = ("" if len(figures.scatter_scenarios(rs, base)) > 1
                else t("only_baseline", lang, **phrases))
        out.append(FigureJob(
            "inputs_outputs", "scatter",
            lambda: figures.inputs_outputs(rs, outcome, base, lang),
            t("cap_inputs", lang, outcome=i18n.kpi_label(outcome, lang), year=year,
              k=len(names), ranking=ranking, only=only)))
    return out


def render(rs: Results, lang: str = "en", formats: str | Iterable[str] = style.FORMATS,
           plan: Plan | None = None, tables: Tables | None = None) -> list[FigureRecord]:
    """Write every figure of ``rs`` under analysis/figures/LANG plus figures.json and the
    summary tables under analysis/tables; return the records in report order."""
    i18n.check_lang(lang)
    formats = style.check_formats(formats)
    plan = plan or make_plan(rs)
    tables = tables or compute_tables(rs, plan)
    write_tables(tables, rs.path / TABLES_DIR)
    folder = rs.path / FIGURES_DIR / lang
    records: list[FigureRecord] = []
    for job in jobs(rs, plan, lang, tables):
        with style.context():
            fig = job.build()
        written = style.save_figure(fig, folder / job.name.replace(".", "-"), formats)
        records.append(FigureRecord(job.name, job.kind, job.caption,
                                    {k: p.name for k, p in written.items()}))
    index = folder / "figures.json"
    tmp = index.with_name(".figures.json.tmp")
    tmp.write_text(json.dumps([asdict(r) for r in records], indent=2, ensure_ascii=False),
                   encoding="utf-8")
    tmp.replace(index)
    return records


def read_index(rs: Results, lang: str) -> list[FigureRecord] | None:
    """The saved figure index of ``lang``, or None when the figures were not made yet."""
    index = rs.path / FIGURES_DIR / lang / "figures.json"
    if not index.is_file():
        return None
    try:
        return [FigureRecord(**e) for e in json.loads(index.read_text(encoding="utf-8"))]
    except (json.JSONDecodeError, TypeError):
        return None
