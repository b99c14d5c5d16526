"""The explorer's tables as HTML in ``lang``: paired differences in the target year, the
levers that differ from the reference, and the agents' state of a stepped run."""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd

from airace.analysis import i18n
from airace.analysis.i18n import t
from airace.explorer import labels
from airace.explorer.stepper import Stepper
from airace.model.parameters import REGISTRY

STYLE = """
table.ex-table {border-collapse: collapse; font-size: 0.82rem; margin: 4px 0 12px 0;}
table.ex-table th {text-align: left; border-bottom: 1px solid #999; padding: 3px 8px;
                   font-weight: 600;}
table.ex-table td {border-bottom: 1px solid #e3e3e3; padding: 2px 8px;}
table.ex-states-table td.txt, table.ex-diff-table td.txt {white-space: nowrap;}
table.ex-table tr.ex-kpi-row th {border-bottom: none; padding-top: 8px; color: #333;}
table.ex-table td.num {text-align: right; font-variant-numeric: tabular-nums;
                       white-space: nowrap;}
"""


def _row(cells: Sequence[str], numeric: Sequence[bool], attrs: str = "") -> str:
    tds = "".join(f'<td class="{"num" if num else "txt"}">{html.escape(str(c))}</td>'
                  for c, num in zip(cells, numeric, strict=True))
    return f"<tr{attrs}>{tds}</tr>"


def html_table(headers: Sequence[str], rows: Sequence[Sequence[str]], css: str,
               numeric: Sequence[bool], keys: Sequence[str] | None = None) -> str:
    """A table; ``numeric`` right-aligns columns, ``keys`` become the rows' data-key."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(_row(row, numeric, f' data-key="{html.escape(keys[i])}"' if keys else "")
                   for i, row in enumerate(rows))
    return (f'<table class="ex-table {css}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def difference_cells(row: pd.Series, lang: str) -> list[str]:
    """Bloc, reference and setting means, mean paired difference, its confidence interval
    and the share of pairs above zero, as shown (shares in per cent and percentage points)."""
    f = i18n.display_factor(row["outcome"])
    return [i18n.bloc_name(row["bloc"], lang),
            i18n.fmt_num(row["reference_mean"] * f, lang),
            i18n.fmt_num(row["setting_mean"] * f, lang),
            i18n.fmt_num(row["mean_diff"] * f, lang, signed=True),
            i18n.fmt_interval(row["ci_low"] * f, row["ci_high"] * f, lang),
            f"{i18n.fmt_num(row['share_positive'] * 100, lang, 0)} %"]


def difference_html(table: pd.DataFrame, lang: str, confidence: float) -> str:
    """The paired differences of the target year: a block of blocs per KPI, headed by the
    KPI with its unit (and the unit of differences where it differs)."""
    conf = i18n.fmt_num(confidence * 100, lang, 0)
    headers = [t("ex_col_bloc", lang), t("ex_col_reference", lang), t("ex_col_setting", lang),
               t("mean_diff", lang), t("col_ci", lang, conf=conf), t("col_share_pos", lang)]
    numeric = [False, True, True, True, True, True]
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = []
    for kpi in dict.fromkeys(table["kpi"]):
        part = table[table["kpi"] == kpi]
        first = part["outcome"].iloc[0]
        unit, diff_unit = i18n.kpi_unit(first, lang), i18n.kpi_unit(first, lang, True)
        units = unit if unit == diff_unit else f"{unit}; {diff_unit}"
        title = f"{i18n.kpi_label(first, lang, bloc=False, short=True)} ({units})"
        body.append(f'<tr class="ex-kpi-row"><th colspan="{len(headers)}">'
                    f"{html.escape(title)}</th></tr>")
        body += [_row(difference_cells(r, lang), numeric,
                      f' data-key="{html.escape(r["outcome"])}"') for _, r in part.iterrows()]
    return (f'<table class="ex-table ex-diff-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def differing_html(diffs: Sequence[tuple[str, object, object]], lang: str) -> str:
    """The parameters whose value differs between reference and setting."""
    rows = [[REGISTRY[n].description_in(lang), n, labels.number(ref, lang),
             labels.number(own, lang), i18n.param_unit(REGISTRY[n].unit, lang)]
            for n, ref, own in diffs]
    headers = [t("col_description", lang), t("col_parameter", lang),
               t("ex_col_ref_value", lang), t("ex_col_set_value", lang), t("col_unit", lang)]
    return html_table(headers, rows, "ex-differ-table", [False, False, True, True, False],
                      [n for n, _, _ in diffs])


def agent_tables(stepper: Stepper, lang: str) -> dict[str, str]:
    """The stepped run's labs, funds and states as tables, by i18n title key."""
    def num(x: float, decimals: int | None = None) -> str:
        return i18n.fmt_num(x, lang, decimals)

    labs = stepper.labs()
    funds = stepper.investors()
    states = stepper.states()
    return {
        "ex_labs": html_table(
            [t("ex_col_name", lang), t("ex_col_home", lang), t("ex_col_cash", lang),
             t("ex_col_compute", lang), t("ex_col_capability", lang)],
            [[labels.agent_name(r.key, r.name, lang), i18n.bloc_name(r.home, lang),
              num(r.cash, 1), i18n.fmt_int(round(r.compute_h100e), lang), num(r.capability, 2)]
             for r in labs.itertuples()],
            "ex-labs-table", [False, False, True, True, True]),
        "ex_funds": html_table(
            [t("ex_col_name", lang), t("ex_col_kind", lang), t("ex_col_home", lang),
             t("ex_col_pool", lang), t("ex_col_deployed", lang)],
            [[labels.agent_name(r.key, r.name, lang), t(f"ex_kind_{r.kind}", lang),
              i18n.bloc_name(r.home, lang), num(r.pool, 1), num(r.deployed_cum, 1)]
             for r in funds.itertuples()],
            "ex-funds-table", [False, False, False, True, True]),
        "ex_states": html_table(
            [t("bloc", lang), t("ex_col_regulation", lang), t("ex_col_export", lang),
             t("ex_col_budget", lang), t("ex_col_treasury", lang), t("ex_col_public", lang),
             t("ex_col_concern", lang)],
            [[i18n.bloc_name(r.bloc, lang), num(r.regulation, 2), num(r.export_control, 2),
              num(r.budget_multiplier, 2), num(r.treasury, 1), num(r.public_spent_cum, 1),
              num(r.concern, 2)] for r in states.itertuples()],
            "ex-states-table", [False, True, True, True, True, True, True]),
    }
