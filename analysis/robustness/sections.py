"""The report's sections on robust policies and scenario discovery, built from the files under
analysis/robustness/ and analysis/discovery/ when those analyses have been run."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Protocol

from airace.analysis import i18n
from airace.analysis.html import esc, figure, table
from airace.analysis.i18n import fmt_int, fmt_interval, fmt_num
from airace.analysis.meta import param_meta
from airace.analysis.robustness import outputs
from airace.analysis.robustness.labels import (
    case_text,
    fig_text,
    outcome_label,
    percent,
    qp_text,
    target_text,
)
from airace.experiments.store import Results

TOP_SCORES = 5


class ReportLike(Protocol):
    """What a section needs from the report: results, language, titles, numbering."""

    rs: Results
    lang: str
    titles: dict[str, str]
    n_figure: int

    def t(self, key: str, **kw: object) -> str:
        """Text ``key`` in the report's language."""

    def caption(self, text: str) -> str:
        """A numbered table caption."""


def robustness_summary(rs: Results) -> dict[str, Any] | None:
    """The robustness summary of a result folder, or None when it has none."""
    data = outputs.read_json(rs.path / outputs.ROB_DIR / "summary.json")
    return data if data and data.get("outcomes") else None


def discovery_summary(rs: Results) -> dict[str, Any] | None:
    """The discovery summary of a result folder, or None when it has none."""
    data = outputs.read_json(rs.path / outputs.DISC_DIR / "summary.json")
    return data if data and data.get("chosen_box") else None


def _figures(rep: ReportLike, folder: Any, names: list[str] | None = None) -> str:
    parts = []
    for fig in outputs.figures_of(folder, rep.lang):
        if names is not None and fig["name"] not in names:
            continue
        rep.n_figure += 1
        parts.append(figure(rep.t("figure_n", n=rep.n_figure), fig["path"], fig["caption"],
                            fig["name"]))
    return "".join(parts)


class _Numbers:
    """Numbers of one outcome's table in display units, with one number of decimals for the
    values and one for the regrets and differences, so that columns line up: enough for the
    magnitude and for the narrowest interval of the column to show two distinct ends."""

    def __init__(self, entry: dict[str, Any], lang: str) -> None:
        self.lang = lang
        self.factor = i18n.display_factor(entry["outcome"])
        policies = list(entry["policies"].values())
        self.values = max(i18n.auto_decimals(max(abs(p["p90"]) for p in policies) * self.factor),
                          self._width_decimals(policies, ("mean_ci",)))
        regrets = max(abs(p["max_regret"]) for p in policies) * self.factor
        self.regrets = max(i18n.auto_decimals(regrets) if regrets else self.values,
                           self._width_decimals(policies, ("p90_regret_ci",
                                                           "diff_to_most_robust_ci")))

    def _width_decimals(self, policies: list[dict[str, Any]], keys: tuple[str, ...]) -> int:
        widths = [abs(p[k][1] - p[k][0]) * self.factor for p in policies for k in keys
                  if p.get(k) and None not in p[k][:2]]
        return interval_decimals(min((w for w in widths if w > 0), default=0.0))

    def num(self, x: float | None, regret: bool = False, signed: bool = False) -> str:
        """A value (or a regret or difference) in display units."""
        dec = self.regrets if regret else self.values
        return fmt_num(None if x is None else x * self.factor, self.lang, dec, signed=signed)

    def ci(self, pair: list[float | None] | None, regret: bool = False,
           share: bool = False) -> str:
        """An interval in display units, or in per cent for a ``share`` ('–' if missing)."""
        if not pair or pair[0] is None or pair[1] is None:
            return "–"
        f, dec = (100.0, 0) if share else (self.factor,
                                             self.regrets if regret else self.values)
        return fmt_interval(pair[0] * f, pair[1] * f, self.lang, dec)


def interval_decimals(width: float, max_decimals: int = 6) -> int:
    """Decimals that show an interval of this width with ends at least two units of the
    last digit apart (0 for a width of 0 or more than 2)."""
    if not width > 0:
        return 0
    return min(max(math.ceil(math.log10(2 / width) - 1e-9), 0), max_decimals)


def _policy_rows(rep: ReportLike, entry: dict[str, Any]) -> list[Sequence[str]]:
    lang, n = rep.lang, _Numbers(entry, rep.lang)
    rows: list[Sequence[str]] = []
    for scen in entry["ranking"]:
        p = entry["policies"][scen]
        row = [fmt_int(p["rank"], lang), rep.titles.get(scen, scen),
               f"{n.num(p['mean'])} {n.ci(p['mean_ci'])}", n.num(p["median"]),
               fmt_interval(p["p10"] * n.factor, p["p90"] * n.factor, lang, n.values),
               f"{n.num(p['p90_regret'], True)} {n.ci(p['p90_regret_ci'], True)}",
               n.num(p["max_regret"], True)]
        if entry.get("threshold") is not None:
            row.append(f"{percent(p['satisficing'], lang)} "
                       f"{n.ci(p['satisficing_ci'], share=True)}")
        row.append("–" if scen == entry["most_robust"] else
                   f"{n.num(p['diff_to_most_robust'], True, signed=True)} "
                   f"{n.ci(p['diff_to_most_robust_ci'], True)}")
        rows.append(row)
    return rows


def robustness_section(rep: ReportLike) -> str:
    """Ranking tables and figures of every outcome the robustness analysis covered."""
    summary = robustness_summary(rep.rs)
    if summary is None:
        return ""
    lang = rep.lang
    parts = [f'<h2 id="robustness">{esc(rep.t("sec_robustness"))}</h2>',
             f"<p>{esc(rep.t('rob_intro'))}</p>"]
    for outcome, entry in summary["outcomes"].items():
        has_target = entry.get("threshold") is not None
        conf = fmt_num(100 * entry.get("confidence", 0.95), lang, 0)
        unit = i18n.kpi_unit(outcome, lang)
        diff_unit = i18n.kpi_unit(outcome, lang, difference=True)
        ci = rep.t("col_ci", conf=conf)
        headers = [rep.t("col_rank"), rep.t("col_policy"), f"{rep.t('col_mean')} ({ci})",
                   rep.t("col_median"), rep.t("col_p10_p90"),
                   f"{rep.t('col_regret_p90')} ({ci})", rep.t("col_regret_max")]
        if has_target:
            headers.append(f"{rep.t('col_target_met')} ({ci})")
        headers.append(f"{rep.t('col_diff_best')} ({ci})")
        target = (rep.t("rob_target", target=target_text(outcome, entry["direction"],
                                                          entry["threshold"], lang))
                  if has_target else "")
        units = rep.t("rob_units", unit=unit, diff_unit=diff_unit) if unit else ""
        cap = rep.t("rob_caption", outcome=outcome_label(outcome, lang), units=units,
                    n=fmt_int(entry["n_futures"], lang),
                    samples=fmt_int(entry.get("n_samples", entry["n_futures"]), lang),
                    direction=rep.t(f"rob_{entry['direction']}"), target=target,
                    criterion=fig_text(f"criterion_{entry['criterion']}", lang),
                    best=rep.titles.get(entry["most_robust"], entry["most_robust"]))
        rows = _policy_rows(rep, entry)
        parts.append(table(headers, rows, rep.caption(cap), [False, False]
                           + [True] * (len(headers) - 2)))
        for note in entry.get("notes", []):
            parts.append(f'<p class="warn">⚠ {esc(note)}</p>')
    parts.append(_figures(rep, rep.rs.path / outputs.ROB_DIR))
    parts.append("<p><code>analysis/robustness/robustness.csv</code>, "
                 "<code>analysis/robustness/regret.csv</code></p>")
    return "".join(parts)


def _limit_text(lim: dict[str, Any], lang: str) -> tuple[str, str]:
    if lim.get("values"):
        kept = ", ".join(fmt_num(v, lang) for v in lim["values"])
        return "{" + kept + "}", ""
    return fmt_num(lim["low"], lang), fmt_num(lim["high"], lang)


def _box_rows(summary: dict[str, Any], lang: str) -> list[Sequence[str]]:
    box = summary["chosen_box"]
    stab = {s["factor"]: s for s in box.get("stability", [])}
    rows = []
    for lim in box["limits"]:
        low, high = _limit_text(lim, lang)
        s = stab.get(lim["factor"])
        reproduced = (f"{fmt_num(s['reproduce_coverage'], lang, 0)} % / "
                      f"{fmt_num(s['reproduce_density'], lang, 0)} %") if s else "–"
        unit = i18n.param_unit(param_meta(lim["factor"]).unit, lang)
        rows.append([i18n.param_label(lim["factor"], lang), low, high, unit,
                     qp_text(lim["qp"], lang) or "–", reproduced])
    return rows


def _rule_text(rule: dict[str, Any], lang: str) -> str:
    """One restriction of a CART leaf: 'a < x ≤ b' or 'c ∈ {1, 2}'."""
    name = i18n.param_label(rule["factor"], lang)
    if rule.get("values"):
        return f"{name} ∈ {{{', '.join(fmt_num(v, lang) for v in rule['values'])}}}"
    low = "" if rule["low"] is None else f"{fmt_num(rule['low'], lang)} < "
    high = "" if rule["high"] is None else f" ≤ {fmt_num(rule['high'], lang)}"
    return f"{low}{name}{high}"


def _cart_text(rep: ReportLike, summary: dict[str, Any]) -> str:
    cart, lang = summary.get("cart") or {}, rep.lang
    items = []
    for leaf in cart.get("leaves") or []:
        rules = " ∧ ".join(_rule_text(r, lang) for r in leaf["rules"]) or "–"
        stats = rep.t("disc_leaf", cov=percent(leaf["coverage"], lang),
                      dens=percent(leaf["density"], lang))
        items.append(f"<li>{esc(rules)}: {esc(stats)}</li>")
    intro = rep.t("disc_cart", depth=cart.get("depth", "–"),
                  accuracy=percent(cart.get("accuracy", float("nan")), lang))
    body = f"<ul>{''.join(items)}</ul>" if items else f"<p>{esc(rep.t('disc_no_leaf'))}</p>"
    return f"<p>{esc(intro)}</p>{body}"


def discovery_section(rep: ReportLike) -> str:
    """The case, the chosen PRIM box with its stability, CART's view and feature scores."""
    summary = discovery_summary(rep.rs)
    if summary is None:
        return ""
    lang = rep.lang
    rule = summary["rule"]
    case = case_text(summary["outcome"], rule.get("above"), rule.get("below"), lang)
    scen = rep.titles.get(summary["scenario"], summary["scenario"])
    box = summary["chosen_box"]
    intro = rep.t("disc_intro", case=case, scenario=scen, k=fmt_int(summary["n_cases"], lang),
                  n=fmt_int(summary["n_futures"], lang),
                  rate=percent(summary["base_rate"], lang))
    parts = [f'<h2 id="discovery">{esc(rep.t("sec_discovery"))}</h2>', f"<p>{esc(intro)}</p>"]
    how = rep.t("disc_chosen_" + ("gain" if box["chosen_by"] == "gain" else "asked"))
    cap = rep.t("disc_box_caption", box=box["box"], n_boxes=summary["n_boxes"],
                cov=percent(box["coverage"], lang), dens=percent(box["density"], lang),
                mass=percent(box["mass"], lang), how=how,
                resamples=summary["settings"]["resamples"])
    headers = [rep.t("col_factor"), rep.t("col_low"), rep.t("col_high"), rep.t("col_unit"),
               rep.t("col_qp"), rep.t("col_reproduced")]
    parts.append(table(headers, _box_rows(summary, lang), rep.caption(cap),
                       [False, True, True, False, True, True]))
    other = rep.t("disc_other", last=summary["n_boxes"] - 1)
    parts.append(f"<p>{esc(other)} <code>{esc(summary['command'])}</code></p>")
    parts.append(_cart_text(rep, summary))
    scores = summary.get("feature_scores") or {}
    extra, cart = scores.get("extra_trees") or {}, scores.get("cart") or {}
    rows = [[i18n.param_label(f, lang), fmt_num(v, lang, 3), fmt_num(cart.get(f), lang, 3)]
            for f, v in list(extra.items())[:TOP_SCORES]]
    parts.append(table([rep.t("col_factor"), fig_text("extra_trees", lang),
                        fig_text("cart", lang)], rows, rep.caption(rep.t("disc_scores")),
                       [False, True, True]))
    parts.append(_figures(rep, rep.rs.path / outputs.DISC_DIR))
    files = ", ".join(f"<code>analysis/discovery/{n}</code>" for n in (
        "boxes.csv", "peeling.csv", "feature_scores.csv"))
    parts.append(f"<p>{files}</p>")
    return "".join(parts)
