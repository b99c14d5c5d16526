"""The study report: one self-contained HTML file with question, scenarios, figures, tables,
failures and provenance, in English or German."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import pandas as pd

from airace.analysis import i18n, plots
from airace.analysis.figures import scenario_titles
from airace.analysis.html import CSS, esc, figure, group_row, pick_image, table
from airace.analysis.i18n import fmt_int, fmt_interval, fmt_num, t
from airace.analysis.meta import (
    param_meta,
    read_indices,
    read_sensitivity_summary,
    scenario_meta,
    sensitivity_figures,
    study_text,
)
from airace.analysis.plan import Plan, make_plan
from airace.analysis.robustness.sections import (
    discovery_section,
    discovery_summary,
    robustness_section,
    robustness_summary,
)
from airace.analysis.stats import common_random_numbers
from airace.analysis.tables import Tables, compute_tables
from airace.experiments.store import Results, load_results

MAX_FAILURES_LISTED = 20
# The stack competition for third countries (OpenAI for Countries): shown when the study has them
STACK_KPIS = ("us_stack_share.ROW", "cn_stack_share.ROW", "row_revenue_share.US",
              "row_revenue_share.CN")
TOP_FACTORS = 5


def _value(x: float, outcome: str, lang: str) -> str:
    """A stored value in display units (per cent for shares), formatted for ``lang``."""
    return fmt_num(x * i18n.display_factor(outcome), lang)


class _Report:
    """Assemble the sections of one report."""

    def __init__(self, rs: Results, plan: Plan, tables: Tables, lang: str,
                 records: list[plots.FigureRecord]) -> None:
        self.rs, self.plan, self.tables, self.lang, self.records = rs, plan, tables, lang, records
        self.titles = scenario_titles(rs, lang)
        self.n_table = 0
        self.n_figure = 0

    def t(self, key: str, **kw: object) -> str:
        """Text ``key`` in the report's language."""
        return t(key, self.lang, **kw)

    def caption(self, text: str) -> str:
        """A numbered table caption."""
        self.n_table += 1
        return f"<b>{esc(self.t('table_n', n=self.n_table))}:</b> {esc(text)}"

    @property
    def study_name(self) -> str:
        """The study's title in the report's language (else in English), else its name."""
        m, s = self.rs.manifest, self.rs.study
        return str(study_text(self.rs, "title", self.lang)[0] or m.get("study_name")
                   or s.get("name") or self.rs.path.name)

    def header(self) -> str:
        """Title, language and table of contents."""
        name = self.study_name
        code = self.rs.manifest.get("study_name") or self.rs.study.get("name") or ""
        sub = f"<code>{esc(code)}</code> · " if code and code != name else ""
        sections = [("question", "sec_question"), ("summary", "sec_summary"),
                    ("scenarios", "sec_scenarios"), ("design", "sec_design"),
                    ("figures", "sec_figures"), ("tables", "sec_tables")]
        if self.has_sensitivity:
            sections.append(("sensitivity", "sec_sensitivity"))
        if robustness_summary(self.rs) is not None:
            sections.append(("robustness", "sec_robustness"))
        if discovery_summary(self.rs) is not None:
            sections.append(("discovery", "sec_discovery"))
        sections += [("failures", "sec_failures"), ("provenance", "sec_provenance")]
        toc = "".join(f'<li><a href="#{a}">{esc(self.t(k))}</a></li>' for a, k in sections)
        return (f"<h1>{esc(self.t('report_title', name=name))}</h1>"
                f'<p class="sub">{sub}{esc(self.t("lang_name"))}</p><nav><ol>{toc}</ol></nav>')

    def question(self) -> str:
        """The study's question (its description), in English with a note when the study
        file has none in the report's language."""
        text, text_lang = study_text(self.rs, "description", self.lang)
        note = self.t("study_desc_source_en") if text and text_lang != self.lang else ""
        prefix = f"<i>{esc(note)}</i> " if note else ""
        body = (f"<p>{prefix}{esc(text)}</p>" if text
                else f"<p>{esc(self.t('no_question'))}</p>")
        return f'<h2 id="question">{esc(self.t("sec_question"))}</h2>{body}'

    def summary(self) -> str:
        """Key outcomes at the target year: medians, intervals and scenario effects."""
        rs, plan, lang = self.rs, self.plan, self.lang
        head = f'<h2 id="summary">{esc(self.t("sec_summary"))}</h2>'
        if not plan.outcomes:
            return head
        conf = fmt_num(100 * self._confidence, lang, 0)
        base = self.titles[plan.baseline]
        intro = self.t("summary_intro", n_ok=fmt_int(len(rs.results), lang),
                       n_all=fmt_int(len(rs.design), lang),
                       scenarios=fmt_int(len(rs.scenarios), lang),
                       year=plan.year if plan.year is not None else "", conf=conf,
                       **i18n.scenario_phrases(plan.baseline, base, lang))
        ens = self.tables.ensemble.set_index(["outcome", "scenario"])
        diff = self.tables.differences.set_index(["outcome", "scenario"])
        headers = [self.t("scenario"), self.t("col_median"), self.t("col_interval90"),
                   i18n.difference_label(plan.baseline, base, lang), self.t("col_ci", conf=conf),
                   self.t("col_share_pos")]
        rows: list[Sequence[str]] = []
        for outcome in plan.outcomes:
            unit = i18n.kpi_unit(outcome, lang)
            rows.append(group_row(i18n.with_unit(i18n.kpi_label(outcome, lang, year=True), unit)))
            for scen in rs.scenarios:
                if (outcome, scen) not in ens.index:
                    continue
                e = ens.loc[(outcome, scen)]
                row = [self.titles[scen], _value(e["median"], outcome, lang),
                       fmt_interval(e["q05"] * i18n.display_factor(outcome),
                                    e["q95"] * i18n.display_factor(outcome), lang)]
                if (outcome, scen) in diff.index:
                    d = diff.loc[(outcome, scen)]
                    f = i18n.display_factor(outcome)
                    row += [fmt_num(d["mean_diff"] * f, lang, signed=True),
                            fmt_interval(d["ci_low"] * f, d["ci_high"] * f, lang),
                            fmt_num(100 * d["share_positive"], lang, 0) + " %"
                            if pd.notna(d["share_positive"]) else "–"]
                else:
                    row += ["–", "–", "–"]
                rows.append(row)
        return head + table(headers, rows, self.caption(intro), [False] + [True] * 5)

    @property
    def _confidence(self) -> float:
        d = self.tables.differences
        return float(d["confidence"].iloc[0]) if len(d) else 0.95

    def scenarios(self) -> str:
        """Every scenario with title, description and parameter overrides."""
        parts = [f'<h2 id="scenarios">{esc(self.t("sec_scenarios"))}</h2>']
        for scen in self.rs.scenarios:
            meta = scenario_meta(scen, self.rs)
            parts.append(f"<h3>{esc(self.titles[scen])} <code>{esc(scen)}</code></h3>")
            text, text_lang = i18n.scenario_description(scen, self.lang, meta.description)
            if text:
                note = self.t("desc_source_en") if text_lang != self.lang else ""
                prefix = f"<i>{esc(note)}</i> " if note else ""
                parts.append(f"<p>{prefix}{esc(text)}</p>")
            if meta.overrides:
                items = "".join(
                    f"<li><code>{esc(k)}</code> = {esc(self._param_value(k, v))}</li>"
                    for k, v in meta.overrides.items())
                parts.append(f"<p>{esc(self.t('overrides'))}:</p><ul>{items}</ul>")
            else:
                parts.append(f"<p>{esc(self.t('overrides'))}: {esc(self.t('no_overrides'))}</p>")
        return "".join(parts)

    def _param_value(self, name: str, value: Any) -> str:
        raw_unit = param_meta(name).unit
        unit = i18n.param_unit(raw_unit, self.lang)
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if number and raw_unit == "year" and float(value).is_integer():
            text = str(int(value))  # a calendar year: 2028, never 2.028 or 2,028
        else:
            text = fmt_num(value, self.lang) if number else str(value)
        return f"{text} {unit}".strip()

    def design(self) -> str:
        """Design kind and size, common random numbers, the uncertain inputs."""
        rs, lang = self.rs, self.lang
        info = rs.manifest.get("design") or rs.study.get("design") or {}
        n_samples = rs.design["sample_id"].nunique() if "sample_id" in rs.design else None
        reps = (int(rs.design.groupby(["scenario", "sample_id"])["replicate"].nunique().max())
                if {"replicate", "sample_id"} <= set(rs.design.columns) else None)
        crn = common_random_numbers(rs.design)
        items = [(self.t("design_kind"), str(info.get("kind", self.t("unknown")))),
                 (self.t("design_runs"), fmt_int(len(rs.design), lang)),
                 (self.t("design_samples"), fmt_int(n_samples, lang) if n_samples else "–"),
                 (self.t("design_replicates"), fmt_int(reps, lang) if reps else "–"),
                 (self.t("design_crn"), self.t("yes") if crn else self.t("no")),
                 (self.t("prov_model"), str(rs.manifest.get("model", "airace")))]
        dl = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in items)
        out = f'<h2 id="design">{esc(self.t("sec_design"))}</h2><dl>{dl}</dl>'
        params = rs.parameters
        if params:
            spec = rs.study.get("parameters") if isinstance(rs.study.get("parameters"),
                                                            dict) else {}
            rows = []
            for p in params:
                meta = param_meta(p, lang)
                rng = self._range(spec.get(p), rs.design[p]) if p in rs.design else "–"
                rows.append([p, rng, i18n.param_unit(meta.unit, lang), meta.description])
            headers = [self.t("col_parameter"), self.t("col_range"), self.t("col_unit"),
                       self.t("col_description")]
            out += f"<h3>{esc(self.t('uncertain_inputs'))}</h3>" + table(headers, rows)
        return out

    def _range(self, spec: Any, values: pd.Series) -> str:
        lang = self.lang
        if isinstance(spec, list) and len(spec) == 2:
            return f"U{fmt_interval(spec[0], spec[1], lang)}"
        if isinstance(spec, dict):
            dist = spec.get("dist", "discrete" if "values" in spec else "uniform")
            args = "; ".join(f"{self.t('dist_arg_' + k)} = {fmt_num(v, lang)}"
                             for k, v in spec.items()
                             if k != "dist" and isinstance(v, int | float))
            if "values" in spec:
                args = ", ".join(fmt_num(v, lang) for v in spec["values"])
            return f"{self.t('dist_' + dist)} ({args})"
        return fmt_interval(values.min(), values.max(), lang)

    def figures(self) -> str:
        """The study's figures with numbered captions."""
        folder = self.rs.path / plots.FIGURES_DIR / self.lang
        parts = [f'<h2 id="figures">{esc(self.t("sec_figures"))}</h2>']
        for rec in self.records:
            path = pick_image(folder, rec.files)
            if path is None:
                continue
            self.n_figure += 1
            parts.append(figure(self.t("figure_n", n=self.n_figure), path, rec.caption,
                                rec.name))
        return "".join(parts)

    def tables_section(self) -> str:
        """Ensemble statistics and scenario differences of the key outcomes."""
        lang, plan = self.lang, self.plan
        parts = [f'<h2 id="tables">{esc(self.t("sec_tables"))}</h2>']
        ens = self.tables.ensemble
        ens = ens[ens["outcome"].isin(plan.outcomes)]
        headers = [self.t("scenario"), self.t("col_n"), self.t("col_mean"), self.t("col_sd"),
                   self.t("col_q05"), self.t("col_median"), self.t("col_q95")]
        rows: list[Sequence[str]] = []
        for outcome in plan.outcomes:
            unit = i18n.kpi_unit(outcome, lang)
            rows.append(group_row(i18n.with_unit(i18n.kpi_label(outcome, lang, year=True), unit)))
            for _, r in ens[ens["outcome"] == outcome].iterrows():
                rows.append([self.titles.get(r["scenario"], r["scenario"]), fmt_int(r["n"], lang),
                             *[_value(r[c], outcome, lang)
                               for c in ("mean", "sd", "q05", "median", "q95")]])
        parts.append(table(headers, rows, self.caption(self.t("tab_ensemble")),
                            [False] + [True] * 6))
        diff = self.tables.differences
        if len(diff[diff["outcome"].isin(plan.outcomes)]):
            base = self.titles[plan.baseline]
            cap = self.t("tab_differences", method=self._method(plan.outcomes),
                         **i18n.scenario_phrases(plan.baseline, base, lang))
            parts.append(self._differences_table(plan.outcomes, cap))
        stack = [f"{k}@{plan.year}" for k in STACK_KPIS]
        stack = [o for o in stack if o in set(diff["outcome"])]
        if stack:
            base = self.titles[plan.baseline]
            cap = self.t("tab_stack", method=self._method(stack),
                         **i18n.scenario_phrases(plan.baseline, base, lang))
            parts.append(self._differences_table(stack, cap))
        files = ", ".join(f"<code>analysis/tables/{n}.csv</code>"
                          for n in ("ensemble", "paired_differences"))
        parts.append(f"<p>{files}</p>")
        return "".join(parts)

    def _method(self, outcomes: Sequence[str]) -> str:
        """How the differences of ``outcomes`` were paired and their intervals computed."""
        diff = self.tables.differences
        diff = diff[diff["outcome"].isin(outcomes)]
        ci = ", ".join(self.t({"bootstrap": "ci_bootstrap", "t": "ci_t"}.get(
            m, "ci_degenerate")) for m in sorted(set(diff["ci_method"])))
        return self.t("method_paired" if diff["paired"].all() else "method_unpaired", ci=ci)

    def _differences_table(self, outcomes: Sequence[str], caption: str) -> str:
        """Scenario differences to the baseline of ``outcomes``, a group of rows each."""
        lang, plan = self.lang, self.plan
        diff = self.tables.differences
        conf = fmt_num(100 * self._confidence, lang, 0)
        base = self.titles[plan.baseline]
        headers = [self.t("scenario"), self.t("col_pairs"),
                   i18n.difference_label(plan.baseline, base, lang),
                   self.t("col_ci", conf=conf), "5–95 %", self.t("col_share_pos")]
        rows: list[Sequence[str]] = []
        for outcome in outcomes:
            unit = i18n.kpi_unit(outcome, lang, difference=True)
            rows.append(group_row(i18n.with_unit(i18n.kpi_label(outcome, lang, year=True),
                                              unit)))
            f = i18n.display_factor(outcome)
            for _, d in diff[diff["outcome"] == outcome].iterrows():
                rows.append([self.titles.get(d["scenario"], d["scenario"]),
                             fmt_int(d["n_pairs"], lang),
                             fmt_num(d["mean_diff"] * f, lang, signed=True),
                             fmt_interval(d["ci_low"] * f, d["ci_high"] * f, lang),
                             fmt_interval(d["q05_diff"] * f, d["q95_diff"] * f, lang),
                             fmt_num(100 * d["share_positive"], lang, 0) + " %"
                             if pd.notna(d["share_positive"]) else "–"])
        return table(headers, rows, self.caption(caption), [False] + [True] * 5)

    @property
    def has_sensitivity(self) -> bool:
        """True when the folder holds sensitivity indices or figures."""
        return read_indices(self.rs) is not None or bool(sensitivity_figures(self.rs, self.lang))

    def sensitivity(self) -> str:
        """Warnings, top factors and figures of the sensitivity analysis."""
        if not self.has_sensitivity:
            return ""
        lang = self.lang
        parts = [f'<h2 id="sensitivity">{esc(self.t("sec_sensitivity"))}</h2>']
        summary = read_sensitivity_summary(self.rs)
        for w in summary.get("warnings", []):
            parts.append(f'<p class="warn">⚠ {esc(w)}</p>')
        for n in summary.get("notes", []):
            parts.append(f"<p>{esc(n)}</p>")
        indices = read_indices(self.rs)
        if indices is not None and "year" in indices.columns and self.plan.year is not None:
            at_year = indices[indices["year"] == self.plan.year]
            indices = at_year if len(at_year) else indices  # the table shows the target year
        if indices is not None and len(indices):
            rows: list[Sequence[str]] = []
            has_ci = {"ci_low", "ci_high"} <= set(indices.columns)
            for (outcome, index), part in indices.groupby(["outcome", "index"], sort=False):
                if index not in ("ST", "mu_star", "delta", "S1") or part.empty:
                    continue
                rows.append(group_row(f"{i18n.kpi_label(str(outcome), lang, year=True)} · {index}"))
                for _, r in part.sort_values("value", ascending=False).head(TOP_FACTORS).iterrows():
                    ci = (fmt_interval(r["ci_low"], r["ci_high"], lang, 3)
                          if has_ci and pd.notna(r.get("ci_low")) else "–")
                    rows.append([str(r["factor"]), str(r.get("method", "")),
                                 fmt_num(r["value"], lang, 3), ci])
            headers = [self.t("col_factor"), self.t("col_method"), self.t("col_value"),
                       self.t("col_ci", conf=fmt_num(95, lang, 0))]
            parts.append(table(headers, rows, self.caption(self.t("sens_intro")),
                                [False, False, True, True]))
        for fig in sensitivity_figures(self.rs, lang):
            self.n_figure += 1
            parts.append(figure(self.t("figure_n", n=self.n_figure), fig["path"],
                                fig["caption"], fig["name"]))
        return "".join(parts)

    def failures(self) -> str:
        """How many runs failed, their commonest errors and the first of them."""
        lang, fail = self.lang, self.rs.failures
        parts = [f'<h2 id="failures">{esc(self.t("sec_failures"))}</h2>']
        if fail is None or fail.empty:
            return parts[0] + f"<p>{esc(self.t('no_failures'))}</p>"
        parts.append(f"<p>{esc(self.t('failures_intro', n=fmt_int(len(fail), lang)))}</p>")
        errors = fail["error"].astype(str).str.split("\n").str[0].value_counts()
        parts.append(table([self.t("col_error"), self.t("col_count")],
                            [[e, fmt_int(c, lang)] for e, c in errors.head(10).items()],
                            numeric=[False, True]))
        cols = [c for c in ("run_id", "scenario", "replicate", "seed") if c in fail.columns]
        heads = {"run_id": "col_run", "scenario": "scenario", "replicate": "col_replicate",
                 "seed": "col_seed"}
        rows = [[str(r[c]) for c in cols] + [str(r["error"]).split("\n")[0]]
                for _, r in fail.head(MAX_FAILURES_LISTED).iterrows()]
        parts.append(table([self.t(heads[c]) for c in cols] + [self.t("col_error")], rows))
        if len(fail) > MAX_FAILURES_LISTED:
            more = self.t("failures_more", n=len(fail) - MAX_FAILURES_LISTED)
            parts.append(f"<p>{esc(more)}</p>")
        return "".join(parts)

    def provenance(self) -> str:
        """Versions, commit, seed, run counts and times from the manifest."""
        m, lang = self.rs.manifest, self.lang
        git = m.get("git") if isinstance(m.get("git"), dict) else {}
        commit = git.get("commit") or m.get("git_commit") or self.t("unknown")
        if git.get("dirty"):
            commit = f"{commit} (+ uncommitted changes)" if lang == "en" else \
                f"{commit} (+ nicht eingecheckte Änderungen)"
        runs = m.get("runs") if isinstance(m.get("runs"), dict) else {}
        finished = runs.get("finished", len(self.rs.results))
        failed = runs.get("failed", len(self.rs.failures))
        total = runs.get("total", runs.get("planned", len(self.rs.design)))
        libs = m.get("libraries") if isinstance(m.get("libraries"), dict) else {}
        ray = m.get("ray") or m.get("ray_cluster") or {}
        items = [
            (self.t("prov_folder"), str(self.rs.path.resolve())),
            (self.t("prov_hash"), m.get("study_sha256") or self.t("unknown")),
            (self.t("prov_model"), m.get("model") or "airace"),
            (self.t("prov_package"), m.get("package_version") or self.t("unknown")),
            (self.t("prov_commit"), commit),
            (self.t("prov_seed"), m.get("seed", self.rs.study.get("seed", self.t("unknown")))),
            (self.t("prov_runs"), " / ".join(fmt_int(x, lang) for x in (finished, failed, total))),
            (self.t("prov_start"), m.get("started_at") or m.get("started") or self.t("unknown")),
            (self.t("prov_end"), m.get("finished_at") or m.get("finished") or self.t("unknown")),
            (self.t("prov_wall"), i18n.fmt_seconds(m.get("wall_seconds", m.get("wall_time_s")),
                                                   lang)),
            (self.t("prov_python"), " · ".join(str(x) for x in (m.get("python"),
                                                                m.get("platform")) if x)
             or self.t("unknown")),
            (self.t("prov_libs"), ", ".join(f"{k} {v}" for k, v in libs.items()) or "–"),
            (self.t("prov_cluster"), ", ".join(f"{k}: {v}" for k, v in ray.items()
                                               if not isinstance(v, dict | list)) or "–"),
        ]
        dl = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in items)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        gen = self.t("prov_generated", version=_airace_version() or self.t("unknown"))
        return (f'<h2 id="provenance">{esc(self.t("sec_provenance"))}</h2><dl>{dl}</dl>'
                f'<p class="sub">{esc(gen)} · {esc(stamp)}</p>')

    def html(self) -> str:
        """The whole report as one HTML document."""
        body = "".join([self.header(), self.question(), self.summary(), self.scenarios(),
                        self.design(), self.figures(), self.tables_section(),
                        self.sensitivity(), robustness_section(self), discovery_section(self),
                        self.failures(), self.provenance()])
        title = esc(self.t("report_title", name=self.study_name))
        return (f'<!DOCTYPE html><html lang="{self.lang}"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>{title}</title><style>{CSS}</style></head><body>{body}</body></html>")


def _airace_version() -> str | None:
    """The installed airace version (read from the package metadata, not the CLI package)."""
    try:
        return version("airace")
    except PackageNotFoundError:
        return None


def report_path(folder: Path, lang: str) -> Path:
    """report.html for English, report.de.html for German."""
    return folder / ("report.html" if lang == "en" else f"report.{lang}.html")


def _stale(rs: Results, lang: str) -> bool:
    index = rs.path / plots.FIGURES_DIR / lang / "figures.json"
    if not index.is_file():
        return True
    sources = [rs.path / "manifest.json", *(rs.path / "results").glob("part-*.parquet")]
    newest = max((p.stat().st_mtime for p in sources if p.is_file()), default=0.0)
    return index.stat().st_mtime < newest


def build_report(folder: str | Path, lang: str = "en", rs: Results | None = None,
                 year: int | None = None, baseline: str | None = None,
                 refresh: bool = False) -> Path:
    """Write the HTML report of a result folder (figures made first when missing, stale or
    ``refresh``); ``year`` and ``baseline`` override the defaults of make_plan."""
    i18n.check_lang(lang)
    rs = rs or load_results(folder, require_runs=True)
    plan = make_plan(rs, year, baseline)
    tables = compute_tables(rs, plan)
    fresh_needed = refresh or year is not None or baseline is not None or _stale(rs, lang)
    records = None if fresh_needed else plots.read_index(rs, lang)
    if records is None or any(pick_image(rs.path / plots.FIGURES_DIR / lang, r.files) is None
                              for r in records):
        records = plots.render(rs, lang, ("svg",), plan, tables)
    text = _Report(rs, plan, tables, lang, records).html()
    path = report_path(rs.path, lang)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path
