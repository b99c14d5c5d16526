"""Texts of the robustness and discovery figures in English and German (axis labels, legend
entries, captions) and the phrases that describe an outcome, a case of interest and a rule."""

from __future__ import annotations

import re

from airace.analysis import i18n
from airace.analysis.robustness.futures import REGRET_PREFIX

FIGURE_TEXTS: dict[str, dict[str, str]] = {
    # robustness figure
    "panel_outcome": {"en": "Outcome across the futures", "de": "Ergebnis über die Zukünfte"},
    "panel_regret": {"en": "Regret", "de": "Bedauern (Regret)"},
    "panel_satisficing": {"en": "Target met", "de": "Ziel erreicht"},
    "regret": {"en": "Regret", "de": "Bedauern"},
    "futures_meeting": {"en": "Share of futures", "de": "Anteil der Zukünfte"},
    "p10_p90": {"en": "10–90 % of futures", "de": "10–90 % der Zukünfte"},
    "median": {"en": "Median", "de": "Median"},
    "mean_ci": {"en": "Mean (95 % CI)", "de": "Mittelwert (95-%-KI)"},
    "max_regret": {"en": "Maximum regret", "de": "Maximales Bedauern"},
    "target": {"en": "Target", "de": "Ziel"},
    "cap_robustness": {
        "en": "Robustness of {n} policies for {outcome} over {futures} futures (samples of the "
              "uncertain inputs, each run under every policy with the same random numbers), "
              "most robust on top (ranked by {criterion}). a: 10th–90th percentile (bar), "
              "median (circle) and mean with its 95 % bootstrap confidence interval "
              "(diamond){target}. b: regret, the shortfall against the best policy in the "
              "same future: 90th percentile (bar, with 95 % interval) and maximum (cross).{c}",
        "de": "Robustheit von {n} Politiken für {outcome} über {futures} Zukünfte (Stichproben "
              "der unsicheren Eingangsgrößen, jede unter jeder Politik mit denselben "
              "Zufallszahlen gerechnet), die robusteste oben (Rangfolge nach {criterion}). "
              "a: 10.–90. Perzentil (Balken), Median (Kreis) und Mittelwert mit "
              "95-%-Bootstrap-Konfidenzintervall (Raute){target}. b: Bedauern (Regret), der "
              "Rückstand zur besten Politik in derselben Zukunft: 90. Perzentil (Balken, mit "
              "95-%-Intervall) und Maximum (Kreuz).{c}",
    },
    "cap_target": {"en": "; dashed: the target {target}",
                   "de": "; gestrichelt: das Ziel {target}"},
    "cap_c": {"en": " c: share of futures that meet the target, with its 95 % interval.",
              "de": " c: Anteil der Zukünfte, die das Ziel erreichen, mit 95-%-Intervall."},
    "criterion_satisficing": {"en": "the share of futures meeting the target",
                              "de": "dem Anteil der Zukünfte, die das Ziel erreichen"},
    "criterion_p90_regret": {"en": "the 90th percentile of regret",
                             "de": "dem 90. Perzentil des Bedauerns"},
    # discovery figures
    "coverage": {"en": "Coverage", "de": "Abdeckung"},
    "density": {"en": "Density", "de": "Dichte"},
    "restricted": {"en": "Restricted inputs", "de": "Eingeschränkte Größen"},
    "chosen_box": {"en": "Box {n}", "de": "Box {n}"},
    "box_title": {"en": "Box {n}: coverage {cov}, density {dens}",
                  "de": "Box {n}: Abdeckung {cov}, Dichte {dens}"},
    "axis_min": {"en": "min", "de": "Min."},
    "axis_max": {"en": "max", "de": "Max."},
    "in_case": {"en": "Case of interest", "de": "Fall von Interesse"},
    "not_in_case": {"en": "Other futures", "de": "Übrige Zukünfte"},
    "box": {"en": "PRIM box", "de": "PRIM-Box"},
    "extra_trees": {"en": "Extra trees", "de": "Extra Trees"},
    "cart": {"en": "CART", "de": "CART"},
    "feature_score": {"en": "Feature score", "de": "Merkmalsbedeutung"},
    "cap_tradeoff": {
        "en": "PRIM peeling trajectory for the futures in which {case} ({scenario}; {k} of "
              "{n} futures): coverage (share of these futures that lie in the box) against "
              "density (share of the futures in the box that are such futures) of each "
              "candidate box; colour: number of restricted inputs. The chosen box {box} is "
              "circled.",
        "de": "PRIM-Schälpfad für die Zukünfte, in denen {case} ({scenario}; {k} von {n} "
              "Zukünften): Abdeckung (Anteil dieser Zukünfte, die in der Box liegen) gegen "
              "Dichte (Anteil solcher Zukünfte unter denen in der Box) jeder Kandidaten-Box; "
              "Farbe: Zahl der eingeschränkten Eingangsgrößen. Die gewählte Box {box} ist "
              "eingekreist.",
    },
    "cap_box": {
        "en": "Limits of PRIM box {box} ({scenario}; {case}): for each restricted input, the "
              "box's range (coloured) within the sampled range (grey), its limits and, in "
              "parentheses, the quasi-p-value of the restriction. Coverage {cov}, density "
              "{dens}, mass {mass}.",
        "de": "Grenzen der PRIM-Box {box} ({scenario}; {case}): für jede eingeschränkte "
              "Eingangsgröße der Bereich der Box (farbig) im Stichprobenbereich (grau), ihre "
              "Grenzen und in Klammern der Quasi-p-Wert der Einschränkung. Abdeckung {cov}, "
              "Dichte {dens}, Masse {mass}.",
    },
    "cap_pairs": {
        "en": "The futures ({scenario}) in the inputs of box {box}: futures in which {case} "
              "(red) and the others (grey); the rectangle is the box.",
        "de": "Die Zukünfte ({scenario}) in den Eingangsgrößen der Box {box}: Zukünfte, in "
              "denen {case} (rot), und die übrigen (grau); das Rechteck ist die Box.",
    },
    "cap_scores": {
        "en": "Which uncertain inputs decide whether {case} ({scenario}): feature scores of "
              "extra trees (bars) and the importance in the CART tree (dots); each set sums "
              "to 1.",
        "de": "Welche unsicheren Eingangsgrößen entscheiden, ob {case} ({scenario}): "
              "Merkmalsbedeutung aus Extra Trees (Balken) und aus dem CART-Baum (Punkte); "
              "jede Reihe summiert sich zu 1.",
    },
    # phrases
    "regret_of": {"en": "regret in {label}", "de": "Bedauern bei {label}"},
    "case_above": {"en": "{label} is above {value}", "de": "{label} über {value} liegt"},
    "case_below": {"en": "{label} is below {value}", "de": "{label} unter {value} liegt"},
    "op_max": {"en": "≥", "de": "≥"},
    "op_min": {"en": "≤", "de": "≤"},
}


def fig_text(key: str, lang: str, **fields: object) -> str:
    """The figure text ``key`` in ``lang`` with ``fields`` filled in."""
    return FIGURE_TEXTS[key][i18n.check_lang(lang)].format(**fields)


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
    """The case of interest in running text: '... is below 10 %'."""
    side, value = ("above", above) if above is not None else ("below", below)
    return fig_text(f"case_{side}", lang, label=outcome_label(outcome, lang),
                    value=value_text(outcome, float(value), lang))


def target_text(outcome: str, direction: str, threshold: float, lang: str) -> str:
    """The target of an outcome: '≥ 10 %'."""
    op = fig_text("op_max" if direction == "maximize" else "op_min", lang)
    return f"{op} {value_text(outcome, threshold, lang)}"


def percent(share: float, lang: str) -> str:
    """A share as a per-cent text ('83 %')."""
    return f"{i18n.fmt_num(100 * share, lang, 0)} %"


def factor_label(name: str, width: int = 26) -> str:
    """A parameter name wrapped after underscores or dots for tick labels."""
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
