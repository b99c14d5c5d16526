"""The study report: one self-contained HTML file with question, scenarios, figures, tables,
failures and provenance, in English or German."""

from __future__ import annotations

import base64
import datetime as dt
import html
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import i18n, plots
from analysis.figures import scenario_titles
from analysis.i18n import fmt_int, fmt_interval, fmt_num, t
from analysis.meta import (
    param_meta,
    read_indices,
    read_sensitivity_summary,
    scenario_meta,
    sensitivity_figures,
)
from analysis.plan import Plan, make_plan
from analysis.results import ResultSet, load
from analysis.stats import common_random_numbers
from analysis.tables import Tables, compute_tables

MAX_SVG_BYTES = 2_000_000
MAX_FAILURES_LISTED = 20
TOP_FACTORS = 5
CSS = """
body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#222;line-height:1.45;font-size:15px}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2.2rem;
border-bottom:1px solid #ccc;padding-bottom:.2rem}h3{font-size:1.05rem;margin-bottom:.3rem}
.sub{color:#555;margin-top:0}figure{margin:1.5rem 0;page-break-inside:avoid}
figure img{width:100%;height:auto;border:1px solid #eee}
figcaption,caption{font-size:.9rem;color:#333;text-align:left;margin:.4rem 0}
table{border-collapse:collapse;margin:.8rem 0 1.2rem;font-size:.86rem}
th,td{padding:.25rem .6rem;border-bottom:1px solid #e2e2e2;vertical-align:top}
th{background:#f4f4f4;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums;
white-space:nowrap}tr.group th{background:#fff;border-bottom:1px solid #999;padding-top:.8rem}
code{font-size:.85em;background:#f6f6f6;padding:0 .2em}.warn{color:#8a4b00}
nav ol{columns:2;font-size:.92rem}dl{display:grid;grid-template-columns:max-content auto;
gap:.2rem 1rem;font-size:.9rem}dt{font-weight:bold}dd{margin:0}
pre{white-space:pre-wrap;font-size:.8rem;background:#f6f6f6;padding:.5rem}
@media print{body{max-width:none;font-size:11pt}nav{display:none}}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], caption: str = "",
           numeric: Sequence[bool] | None = None) -> str:
    numeric = numeric or [False] * len(headers)
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = []
    for row in rows:
        if isinstance(row, tuple) and len(row) == 1 and str(row[0]).startswith("\x00group"):
            label = str(row[0])[len("\x00group"):]
            body.append(f'<tr class="group"><th colspan="{len(headers)}">{_e(label)}</th></tr>')
            continue
        cells = "".join(f'<td class="n">{_e(c)}</td>' if n else f"<td>{_e(c)}</td>"
                        for c, n in zip(row, numeric, strict=True))
        body.append(f"<tr>{cells}</tr>")
    cap = f"<caption>{caption}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _group(label: str) -> tuple[str]:
    return ("\x00group" + label,)


def _data_uri(path: Path) -> str:
    kind = "image/svg+xml" if path.suffix == ".svg" else "image/png"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _image(folder: Path, files: dict[str, str]) -> Path | None:
    svg = folder / files["svg"] if "svg" in files else None
    if svg and svg.is_file() and svg.stat().st_size <= MAX_SVG_BYTES:
        return svg
    png = folder / files["png"] if "png" in files else None
    if png and png.is_file():
        return png
    return svg if svg and svg.is_file() else None


def _figure(n: int, path: Path, caption: str, lang: str, name: str) -> str:
    label = t("figure_n", lang, n=n)
    return (f'<figure id="fig-{_e(name)}"><img src="{_data_uri(path)}" alt="{_e(label)}">'
            f"<figcaption><b>{_e(label)}:</b> {_e(caption)}</figcaption></figure>")


def _value(x: float, outcome: str, lang: str) -> str:
    return fmt_num(x * i18n.display_factor(outcome), lang)


class _Report:
    """Assemble the sections of one report."""

    def __init__(self, rs: ResultSet, plan: Plan, tables: Tables, lang: str,
                 records: list[plots.FigureRecord]) -> None:
        self.rs, self.plan, self.tables, self.lang, self.records = rs, plan, tables, lang, records
        self.titles = scenario_titles(rs, lang)
        self.n_table = 0
        self.n_figure = 0

    def t(self, key: str, **kw: object) -> str:
        return t(key, self.lang, **kw)

    def caption(self, text: str) -> str:
        self.n_table += 1
        return f"<b>{_e(self.t('table_n', n=self.n_table))}:</b> {_e(text)}"

    @property
    def study_name(self) -> str:
        m, s = self.rs.manifest, self.rs.study
        return str(m.get("title") or s.get("title") or m.get("study_name") or s.get("name")
                   or self.rs.path.name)

    def header(self) -> str:
        name = self.study_name
        code = self.rs.manifest.get("study_name") or self.rs.study.get("name") or ""
        sub = f"<code>{_e(code)}</code> · " if code and code != name else ""
        sections = [("question", "sec_question"), ("summary", "sec_summary"),
                    ("scenarios", "sec_scenarios"), ("design", "sec_design"),
                    ("figures", "sec_figures"), ("tables", "sec_tables")]
        if self.has_sensitivity:
            sections.append(("sensitivity", "sec_sensitivity"))
        sections += [("failures", "sec_failures"), ("provenance", "sec_provenance")]
        toc = "".join(f'<li><a href="#{a}">{_e(self.t(k))}</a></li>' for a, k in sections)
        return (f"<h1>{_e(self.t('report_title', name=name))}</h1>"
                f'<p class="sub">{sub}{_e(self.t("lang_name"))}</p><nav><ol>{toc}</ol></nav>')

    def question(self) -> str:
        text = self.rs.manifest.get("description") or self.rs.study.get("description")
        body = (f"<p>{_e(text)}</p>" if text else f"<p>{_e(self.t('no_question'))}</p>")
        return f'<h2 id="question">{_e(self.t("sec_question"))}</h2>{body}'

    def summary(self) -> str:
        rs, plan, lang = self.rs, self.plan, self.lang
        head = f'<h2 id="summary">{_e(self.t("sec_summary"))}</h2>'
        if not plan.outcomes:
            return head
        conf = fmt_num(100 * self._confidence, lang, 0)
        base = self.titles[plan.baseline]
        intro = self.t("summary_intro", n_ok=fmt_int(len(rs.results), lang),
                       n_all=fmt_int(len(rs.design), lang),
                       scenarios=fmt_int(len(rs.scenarios), lang),
                       year=plan.year if plan.year is not None else "", baseline=base,
                       conf=conf)
        ens = self.tables.ensemble.set_index(["outcome", "scenario"])
        diff = self.tables.differences.set_index(["outcome", "scenario"])
        headers = [self.t("scenario"), self.t("col_median"), self.t("col_interval90"),
                   i18n.difference_label(plan.baseline, base, lang), self.t("col_ci", conf=conf),
                   self.t("col_share_pos")]
        rows: list[Sequence[str]] = []
        for outcome in plan.outcomes:
            unit = i18n.kpi_unit(outcome, lang)
            rows.append(_group(i18n.with_unit(i18n.kpi_label(outcome, lang, year=True), unit)))
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
        table = _table(headers, rows, self.caption(intro), [False, True, True, True, True, True])
        return head + table

    @property
    def _confidence(self) -> float:
        d = self.tables.differences
        return float(d["confidence"].iloc[0]) if len(d) else 0.95

    def scenarios(self) -> str:
        parts = [f'<h2 id="scenarios">{_e(self.t("sec_scenarios"))}</h2>']
        for scen in self.rs.scenarios:
            meta = scenario_meta(scen, self.rs)
            parts.append(f"<h3>{_e(self.titles[scen])} <code>{_e(scen)}</code></h3>")
            if meta.description:
                note = self.t("desc_source_en")
                prefix = f"<i>{_e(note)}</i> " if note else ""
                parts.append(f"<p>{prefix}{_e(meta.description)}</p>")
            if meta.overrides:
                items = "".join(
                    f"<li><code>{_e(k)}</code> = {_e(self._param_value(k, v))}</li>"
                    for k, v in meta.overrides.items())
                parts.append(f"<p>{_e(self.t('overrides'))}:</p><ul>{items}</ul>")
            else:
                parts.append(f"<p>{_e(self.t('overrides'))}: {_e(self.t('no_overrides'))}</p>")
        return "".join(parts)

    def _param_value(self, name: str, value: Any) -> str:
        unit = i18n.param_unit(param_meta(name).unit, self.lang)
        text = fmt_num(value, self.lang) if isinstance(value, int | float) and not isinstance(
            value, bool) else str(value)
        return f"{text} {unit}".strip()

    def design(self) -> str:
        rs, lang = self.rs, self.lang
        info = rs.manifest.get("design") or rs.study.get("design") or {}
        n_samples = rs.design["sample_id"].nunique() if "sample_id" in rs.design else None
        reps = rs.design["replicate"].nunique() if "replicate" in rs.design else None
        crn = common_random_numbers(rs.design)
        items = [(self.t("design_kind"), str(info.get("kind", self.t("unknown")))),
                 (self.t("design_runs"), fmt_int(len(rs.design), lang)),
                 (self.t("design_samples"), fmt_int(n_samples, lang) if n_samples else "–"),
                 (self.t("design_replicates"), fmt_int(reps, lang) if reps else "–"),
                 (self.t("design_crn"), self.t("yes") if crn else self.t("no")),
                 (self.t("prov_model"), str(rs.manifest.get("model", "airace")))]
        dl = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in items)
        out = f'<h2 id="design">{_e(self.t("sec_design"))}</h2><dl>{dl}</dl>'
        params = rs.parameters
        if params:
            spec = rs.study.get("parameters") if isinstance(rs.study.get("parameters"),
                                                            dict) else {}
            rows = []
            for p in params:
                meta = param_meta(p)
                rng = self._range(spec.get(p), rs.design[p]) if p in rs.design else "–"
                rows.append([p, rng, i18n.param_unit(meta.unit, lang), meta.description])
            headers = [self.t("col_parameter"), self.t("col_range"), self.t("col_unit"),
                       self.t("col_description")]
            out += f"<h3>{_e(self.t('uncertain_inputs'))}</h3>" + _table(headers, rows)
        return out

    def _range(self, spec: Any, values: pd.Series) -> str:
        lang = self.lang
        if isinstance(spec, list) and len(spec) == 2:
            return f"U{fmt_interval(spec[0], spec[1], lang)}"
        if isinstance(spec, dict):
            dist = spec.get("dist", "discrete" if "values" in spec else "uniform")
            args = "; ".join(f"{k} = {fmt_num(v, lang)}" for k, v in spec.items()
                             if k != "dist" and isinstance(v, int | float))
            if "values" in spec:
                args = ", ".join(fmt_num(v, lang) for v in spec["values"])
            return f"{dist} ({args})"
        return fmt_interval(values.min(), values.max(), lang)

    def figures(self) -> str:
        folder = self.rs.path / plots.FIGURES_DIR / self.lang
        parts = [f'<h2 id="figures">{_e(self.t("sec_figures"))}</h2>']
        for rec in self.records:
            path = _image(folder, rec.files)
            if path is None:
                continue
            self.n_figure += 1
            parts.append(_figure(self.n_figure, path, rec.caption, self.lang, rec.name))
        return "".join(parts)

    def tables_section(self) -> str:
        lang, plan = self.lang, self.plan
        parts = [f'<h2 id="tables">{_e(self.t("sec_tables"))}</h2>']
        ens = self.tables.ensemble
        ens = ens[ens["outcome"].isin(plan.outcomes)]
        headers = [self.t("scenario"), self.t("col_n"), self.t("col_mean"), self.t("col_sd"),
                   self.t("col_q05"), self.t("col_median"), self.t("col_q95")]
        rows: list[Sequence[str]] = []
        for outcome in plan.outcomes:
            unit = i18n.kpi_unit(outcome, lang)
            rows.append(_group(i18n.with_unit(i18n.kpi_label(outcome, lang, year=True), unit)))
            for _, r in ens[ens["outcome"] == outcome].iterrows():
                rows.append([self.titles.get(r["scenario"], r["scenario"]), fmt_int(r["n"], lang),
                             *[_value(r[c], outcome, lang)
                               for c in ("mean", "sd", "q05", "median", "q95")]])
        parts.append(_table(headers, rows, self.caption(self.t("tab_ensemble")),
                            [False] + [True] * 6))
        diff = self.tables.differences
        diff = diff[diff["outcome"].isin(plan.outcomes)]
        if len(diff):
            conf = fmt_num(100 * self._confidence, lang, 0)
            methods = sorted(set(diff["ci_method"]))
            ci = ", ".join(self.t({"bootstrap": "ci_bootstrap", "t": "ci_t"}.get(
                m, "ci_degenerate")) for m in methods)
            method = self.t("method_paired" if diff["paired"].all() else "method_unpaired",
                            ci=ci)
            base = self.titles[plan.baseline]
            headers = [self.t("scenario"), self.t("col_pairs"),
                       i18n.difference_label(plan.baseline, base, lang),
                       self.t("col_ci", conf=conf), "5–95 %", self.t("col_share_pos")]
            rows = []
            for outcome in plan.outcomes:
                unit = i18n.kpi_unit(outcome, lang, difference=True)
                rows.append(_group(i18n.with_unit(i18n.kpi_label(outcome, lang, year=True),
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
            cap = self.t("tab_differences", baseline=base, method=method)
            parts.append(_table(headers, rows, self.caption(cap), [False] + [True] * 5))
        files = ", ".join(f"<code>analysis/tables/{n}.csv</code>"
                          for n in ("ensemble", "paired_differences"))
        parts.append(f"<p>{files}</p>")
        return "".join(parts)

    @property
    def has_sensitivity(self) -> bool:
        return read_indices(self.rs) is not None or bool(sensitivity_figures(self.rs, self.lang))

    def sensitivity(self) -> str:
        if not self.has_sensitivity:
            return ""
        lang = self.lang
        parts = [f'<h2 id="sensitivity">{_e(self.t("sec_sensitivity"))}</h2>']
        summary = read_sensitivity_summary(self.rs)
        for w in summary.get("warnings", []):
            parts.append(f'<p class="warn">⚠ {_e(w)}</p>')
        for n in summary.get("notes", []):
            parts.append(f"<p>{_e(n)}</p>")
        indices = read_indices(self.rs)
        if indices is not None and len(indices):
            rows: list[Sequence[str]] = []
            has_ci = {"ci_low", "ci_high"} <= set(indices.columns)
            for (outcome, index), part in indices.groupby(["outcome", "index"], sort=False):
                if index not in ("ST", "mu_star", "delta", "S1") or part.empty:
                    continue
                rows.append(_group(f"{i18n.kpi_label(str(outcome), lang, year=True)} · {index}"))
                for _, r in part.sort_values("value", ascending=False).head(TOP_FACTORS).iterrows():
                    ci = (fmt_interval(r["ci_low"], r["ci_high"], lang, 3)
                          if has_ci and pd.notna(r.get("ci_low")) else "–")
                    rows.append([str(r["factor"]), str(r.get("method", "")),
                                 fmt_num(r["value"], lang, 3), ci])
            headers = [self.t("col_factor"), self.t("col_method"), self.t("col_value"),
                       self.t("col_ci", conf=fmt_num(95, lang, 0))]
            parts.append(_table(headers, rows, self.caption(self.t("sens_intro")),
                                [False, False, True, True]))
        for fig in sensitivity_figures(self.rs, lang):
            self.n_figure += 1
            parts.append(_figure(self.n_figure, fig["path"], fig["caption"], lang, fig["name"]))
        return "".join(parts)

    def failures(self) -> str:
        lang, fail = self.lang, self.rs.failures
        parts = [f'<h2 id="failures">{_e(self.t("sec_failures"))}</h2>']
        if fail is None or fail.empty:
            return parts[0] + f"<p>{_e(self.t('no_failures'))}</p>"
        parts.append(f"<p>{_e(self.t('failures_intro', n=fmt_int(len(fail), lang)))}</p>")
        errors = fail["error"].astype(str).str.split("\n").str[0].value_counts()
        parts.append(_table([self.t("col_error"), self.t("col_count")],
                            [[e, fmt_int(c, lang)] for e, c in errors.head(10).items()],
                            numeric=[False, True]))
        cols = [c for c in ("run_id", "scenario", "replicate", "seed") if c in fail.columns]
        heads = {"run_id": "col_run", "scenario": "scenario", "replicate": "col_replicate",
                 "seed": "col_seed"}
        rows = [[str(r[c]) for c in cols] + [str(r["error"]).split("\n")[0]]
                for _, r in fail.head(MAX_FAILURES_LISTED).iterrows()]
        parts.append(_table([self.t(heads[c]) for c in cols] + [self.t("col_error")], rows))
        if len(fail) > MAX_FAILURES_LISTED:
            parts.append(f"<p>{_e(self.t('failures_more', n=len(fail) - MAX_FAILURES_LISTED))}</p>")
        return "".join(parts)

    def provenance(self) -> str:
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
        dl = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in items)
        from airace import __version__
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        gen = self.t("prov_generated", version=__version__)
        return (f'<h2 id="provenance">{_e(self.t("sec_provenance"))}</h2><dl>{dl}</dl>'
                f'<p class="sub">{_e(gen)} · {_e(stamp)}</p>')

    def html(self) -> str:
        body = "".join([self.header(), self.question(), self.summary(), self.scenarios(),
                        self.design(), self.figures(), self.tables_section(),
                        self.sensitivity(), self.failures(), self.provenance()])
        title = _e(self.t("report_title", name=self.study_name))
        return (f'<!DOCTYPE html><html lang="{self.lang}"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>{title}</title><style>{CSS}</style></head><body>{body}</body></html>")


def report_path(folder: Path, lang: str) -> Path:
    """report.html for English, report.de.html for German."""
    return folder / ("report.html" if lang == "en" else f"report.{lang}.html")


def _stale(rs: ResultSet, lang: str) -> bool:
    index = rs.path / plots.FIGURES_DIR / lang / "figures.json"
    if not index.is_file():
        return True
    sources = [rs.path / "manifest.json", *(rs.path / "results").glob("part-*.parquet")]
    newest = max((p.stat().st_mtime for p in sources if p.is_file()), default=0.0)
    return index.stat().st_mtime < newest


def build_report(folder: str | Path, lang: str = "en", rs: ResultSet | None = None,
                 year: int | None = None, baseline: str | None = None,
                 refresh: bool = False) -> Path:
    """Write the HTML report of a result folder (figures made first when missing, stale or
    ``refresh``); ``year`` and ``baseline`` override the defaults of make_plan."""
    i18n.check_lang(lang)
    rs = rs or load(folder)
    plan = make_plan(rs, year, baseline)
    tables = compute_tables(rs, plan)
    fresh_needed = refresh or year is not None or baseline is not None or _stale(rs, lang)
    records = None if fresh_needed else plots.read_index(rs, lang)
    if records is None or any(_image(rs.path / plots.FIGURES_DIR / lang, r.files) is None
                              for r in records):
        records = plots.render(rs, lang, ("svg",), plan, tables)
    text = _Report(rs, plan, tables, lang, records).html()
    path = report_path(rs.path, lang)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path
