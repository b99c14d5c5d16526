"""Texts of the sensitivity figures in English and German: axis labels, legend entries,
captions, the names of parameter groups, and identifiers wrapped for tick labels."""

from __future__ import annotations

import re

from airace.analysis import i18n

NAME_WIDTH = 32

FIGURE_TEXTS: dict[str, dict[str, str]] = {
    "S1": {"en": "First order (S1)", "de": "Erster Ordnung (S1)"},
    "ST": {"en": "Total effect (ST)", "de": "Totaleffekt (ST)"},
    "sobol_index": {"en": "Sobol index", "de": "Sobol-Index"},
    "mu_star": {"en": "μ* (mean absolute elementary effect)",
                "de": "μ* (mittlerer absoluter Elementareffekt)"},
    "sigma": {"en": "σ (spread of elementary effects)", "de": "σ (Streuung der Elementareffekte)"},
    "ratio": {"en": "σ/μ* = {r}", "de": "σ/μ* = {r}"},
    "ST_short": {"en": "ST", "de": "ST"},
    "mu_star_rel": {"en": "μ* / largest μ*", "de": "μ* / größtes μ*"},
    "delta": {"en": "δ (moment-independent)", "de": "δ (momentunabhängig)"},
    "pawn": {"en": "PAWN (median KS distance)", "de": "PAWN (medianer KS-Abstand)"},
    "year": {"en": "Year", "de": "Jahr"},
    "n_sobol": {"en": "Base samples N (log scale)", "de": "Basisstichproben N (log. Skala)"},
    "n_morris": {"en": "Trajectories (log scale)", "de": "Trajektorien (log. Skala)"},
    "n_points": {"en": "Sample points (log scale)", "de": "Stichprobenpunkte (log. Skala)"},
    "group": {"en": "Group", "de": "Gruppe"},
    "index": {"en": "Index", "de": "Index"},
    "cap_sobol": {
        "en": "First-order (S1, light) and total-effect (ST, dark) Sobol indices of the "
              "{k} most influential {what} per outcome{when}, scenario {scenario}; bars "
              "show {conf} % bootstrap confidence intervals. N = {n} base samples with "
              "{reps} replicate(s) each ({runs} runs).",
        "de": "Sobol-Indizes erster Ordnung (S1, hell) und Totaleffekte (ST, dunkel) der {k} "
              "einflussreichsten {what} je Ergebnisgröße{when}, Szenario {scenario}; "
              "Fehlerbalken zeigen {conf}-%-Bootstrap-Konfidenzintervalle. N = {n} "
              "Basisstichproben mit je {reps} Replikation(en) ({runs} Läufe).",
    },
    "cap_morris": {
        "en": "Morris screening{when}, scenario {scenario}: μ* (overall influence, with "
              "its {conf} % bootstrap interval) against σ (interactions and non-linearity) "
              "of each {what1}; dashed lines mark σ/μ* = 0.1, 0.5 and 1. {r} trajectories.",
        "de": "Morris-Screening{when}, Szenario {scenario}: μ* (Gesamteinfluss, mit "
              "{conf}-%-Bootstrap-Intervall) gegen σ (Wechselwirkungen und Nichtlinearität) "
              "je {what1}; gestrichelte Linien markieren σ/μ* = 0,1, 0,5 und 1. {r} "
              "Trajektorien.",
    },
    "cap_time": {
        "en": "{index} of the {k} most influential {what} per outcome over the years "
              "{years}, scenario {scenario}.",
        "de": "{index} der {k} einflussreichsten {what} je Ergebnisgröße in den Jahren "
              "{years}, Szenario {scenario}.",
    },
    "cap_conv": {
        "en": "Convergence: {index} of the {k} most influential {what} per outcome{when} "
              "from growing subsets of the same runs, with {conf} % confidence bands; "
              "estimates that still move at the right end call for a larger sample.",
        "de": "Konvergenz: {index} der {k} einflussreichsten {what} je Ergebnisgröße{when} "
              "aus wachsenden Teilmengen derselben Läufe, mit "
              "{conf}-%-Konfidenzbändern; Schätzungen, die sich am rechten Rand noch "
              "bewegen, verlangen eine größere Stichprobe.",
    },
    "when": {"en": " in {year}", "de": " im Jahr {year}"},
    "what_params": {"en": "parameters", "de": "Parameter"},
    "what_groups": {"en": "groups of parameters", "de": "Parametergruppen"},
    "what1_params": {"en": "parameter", "de": "Parameter"},
    "what1_groups": {"en": "group of parameters", "de": "Parametergruppe"},
}

GROUP_NAMES: dict[str, dict[str, str]] = {
    "technology": {"en": "Technology", "de": "Technologie"},
    "markets": {"en": "Markets", "de": "Märkte"},
    "energy": {"en": "Energy", "de": "Energie"},
    "capital": {"en": "Capital", "de": "Kapital"},
    "shocks": {"en": "Shocks", "de": "Schocks"},
    "regulation": {"en": "Regulation", "de": "Regulierung"},
    "public_funds": {"en": "Public funds", "de": "Öffentliche Mittel"},
    "us_policy": {"en": "US policy", "de": "US-Politik"},
    "eu_policy": {"en": "EU policy", "de": "EU-Politik"},
    "cn_policy": {"en": "China policy", "de": "China-Politik"},
    "control": {"en": "Control", "de": "Steuerung"},
}


def figure_text(key: str, lang: str, **fields: object) -> str:
    """The figure text (axis label, legend entry, caption) ``key`` in ``lang`` with
    ``fields`` filled in."""
    return FIGURE_TEXTS[key][i18n.check_lang(lang)].format(**fields)


def group_name(group: str, lang: str) -> str:
    """Display name of a parameter group ('us_policy' -> 'US policy')."""
    known = GROUP_NAMES.get(group.lower().replace(" ", "_"))
    return known[lang] if known else group.replace("_", " ")


def wrap_name(name: str, width: int = NAME_WIDTH) -> str:
    """Wrap an identifier after underscores, dots or spaces."""
    lines = [""]
    for part in re.findall(r"[^_. ]+[_. ]?", name):
        if lines[-1] and len(lines[-1]) + len(part) > width:
            lines.append("")
        lines[-1] += part
    return "\n".join(line.rstrip() for line in lines)
