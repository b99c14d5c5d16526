"""Phrases of the robustness and discovery figures in English and German: the texts live in
analysis/i18n.py with every other display string; here they are filled in for an outcome, a
case of interest and a rule."""

from __future__ import annotations

import re
import textwrap

from airace.analysis import i18n
from airace.analysis.meta import param_meta
from airace.analysis.robustness.futures import REGRET_PREFIX


def fig_text(key: str, lang: str, **fields: object) -> str:
    """The figure text ``key`` in ``lang`` with ``fields`` filled in."""
    return i18n.ROBUSTNESS_TEXT[key][i18n.check_lang(lang)].format(**fields)


def slug(name: str) -> str:
    """A file-name-safe form of an outcome name (``compute_share.EU@2030`` ->
    ``compute_share-EU-2030``)."""
    return re.sub(r"[^A-Za-z0-9_]+", "-", name).strip("-")


def outcome_label(outcome: str, lang: str) -> str:
    """An outcome (or ``regret:OUTCOME``) in running text, with its year."""
    base = outcome.removeprefix(REGRET_PREFIX)
    label = i18n.kpi_label(base, lang, year=True)
    return fig_text("regret_of", lang, label=label) if outcome != base else label


def value_text(outcome: str, value: float, lang: str) -> str:
    """A value of an outcome in display units with its unit ('10 %' for shares)."""
    base = outcome.removeprefix(REGRET_PREFIX)
    number = i18n.fmt_num(value * i18n.display_factor(base), lang)
    unit = i18n.kpi_unit(base, lang, difference=outcome != base)
    return f"{number} {unit}".strip()


def case_text(outcome: str, above: float | None, below: float | None, lang: str) -> str:
    """The case of interest in running text: '... is below 10 %' ('die Ergebnisgröße „…“
    unter 10 % liegt')."""
    side, value = ("above", above) if above is not None else ("below", below)
    base = outcome.removeprefix(REGRET_PREFIX)
    key = "case_subject_regret" if outcome != base else "case_subject"
    subject = fig_text(key, lang, label=i18n.kpi_label(base, lang, year=True))
    return fig_text(f"case_{side}", lang, subject=subject,
                    value=value_text(outcome, float(value), lang))


def target_text(outcome: str, direction: str, threshold: float, lang: str) -> str:
    """The target of an outcome: '≥ 10 %'."""
    op = fig_text("op_max" if direction == "maximize" else "op_min", lang)
    return f"{op} {value_text(outcome, threshold, lang)}"


def percent(share: float, lang: str) -> str:
    """A share as a per-cent text ('83 %')."""
    return f"{i18n.fmt_num(100 * share, lang, 0)} %"


def factor_label(name: str, lang: str, width: int = 26, unit: bool = False) -> str:
    """A parameter's short label in ``lang`` (i18n.param_label), with its unit if asked,
    wrapped at spaces for tick and axis labels; a name without a label is wrapped after
    underscores or dots."""
    label = i18n.param_label(name, lang)
    raw_unit = param_meta(name).unit
    if unit and not (raw_unit == "fraction" and re.search("share|anteil", label, re.I)):
        label = i18n.with_unit(label, i18n.param_unit(raw_unit, lang))
    if " " in label or label != name:
        return "\n".join(textwrap.wrap(label, width, break_on_hyphens=False)) or label
    lines = [""]
    for part in re.findall(r"[^_.]+[_.]?", name):
        if lines[-1] and len(lines[-1]) + len(part) > width:
            lines.append("")
        lines[-1] += part
    return "\n".join(lines)


def qp_text(qp: float, lang: str) -> str:
    """A quasi-p-value: 'qp < 0.001' or 'qp = 0.03'."""
    if qp != qp:  # NaN: the side is not restricted
        return ""
    if qp < 0.001:
        return f"qp < {i18n.fmt_num(0.001, lang, 3)}"
    return f"qp = {i18n.fmt_num(qp, lang, 3)}"
