"""Every label, caption and table heading in English and German, and number formats.

Display text that belongs to the model has one source there: KPI labels and units in
``model/kpi_info.py``, scenario titles and descriptions in the scenario files
(``model/data/scenarios/*.yaml``), parameter descriptions and units in ``model/parameters.py``
(German descriptions in ``model/data/parameters_de.yaml``, German units below). A study's title
and question come from its study file.
"""

from __future__ import annotations

import math
import re

from airace.model.errors import InputError
from airace.model.kpi_info import KPI_INFO, split_name
from airace.model.scenarios import LANGS, load_scenario  # LANGS: the languages we write in


class LanguageError(InputError):
    """An unknown output language was asked for."""


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise LanguageError naming what is allowed."""
    if lang not in LANGS:
        raise LanguageError(f"unknown language {lang!r}; allowed: {', '.join(LANGS)}")
    return lang


def parse_langs(langs: str) -> tuple[str, ...]:
    """Parse 'en', 'de' or 'en,de' into checked language codes."""
    items = tuple(dict.fromkeys(x.strip().lower() for x in langs.split(",") if x.strip()))
    if not items:
        raise LanguageError(f"no language given; allowed: {', '.join(LANGS)}")
    return tuple(check_lang(x) for x in items)


BLOC_NAMES: dict[str, dict[str, str]] = {
    "US": {"en": "USA", "de": "USA"},
    "EU": {"en": "EU", "de": "EU"},
    "CN": {"en": "China", "de": "China"},
    "ROW": {"en": "Rest of world", "de": "Rest der Welt"},
    "WORLD": {"en": "World", "de": "Welt"},
}

UNITS_DE: dict[str, str] = {
    "year": "Jahr", "years": "Jahre", "month": "Monat", "months": "Monate", "quarters": "Quartale",
    "fraction": "Anteil", "index": "Index", "utils": "Nutzeneinheiten",
    "1/year": "1/Jahr", "x/year": "x/Jahr", "GW/year": "GW/Jahr", "$bn/year": "Mrd. $/Jahr",
    "$bn": "Mrd. $", "OOM": "Größenordnungen", "OOM/year": "Größenordnungen/Jahr",
    "1/quarter": "1/Quartal", "per quarter": "pro Quartal", "log-sd/quarter": "log-SD/Quartal",
    "$bn/quarter": "Mrd. $/Quartal", "k$/H100e": "Tsd. $/H100e",
    "$bn per M H100e/quarter": "Mrd. $ je Mio. H100e/Quartal", "1/OOM": "1/Größenordnung",
    "M H100e/quarter": "Mio. H100e/Quartal", "quarters of revenue": "Quartalsumsätze",
    "log10 per OOM": "log10 je Größenordnung", "per unit of concern": "je Besorgniseinheit",
    "utils per $100/MWh": "Nutzeneinheiten je 100 $/MWh",
    "utils per OOM": "Nutzeneinheiten je Größenordnung",
    "utils per capex share": "Nutzeneinheiten je Capex-Anteil",
    "utils per log price": "Nutzeneinheiten je log Preis",
    "utils per log revenue": "Nutzeneinheiten je log Umsatz",
}

TEXT: dict[str, dict[str, str]] = {
    # axes and legends
    "year": {"en": "Year", "de": "Jahr"},
    "scenario": {"en": "Scenario", "de": "Szenario"},
    "bloc": {"en": "Bloc", "de": "Block"},
    "median": {"en": "Median", "de": "Median"},
    "band50": {"en": "50 % interval", "de": "50-%-Intervall"},
    "band90": {"en": "90 % interval", "de": "90-%-Intervall"},
    "baseline_median": {"en": "Baseline (median)", "de": "Basisszenario (Median)"},
    "median_of": {"en": "{title} (median)", "de": "{title} (Median)"},
    "mean_share": {"en": "Mean share", "de": "Mittlerer Anteil"},
    "difference_vs": {"en": "Difference from scenario {baseline}",
                      "de": "Differenz zum Szenario „{baseline}“"},
    "difference_vs_base": {"en": "Difference from baseline", "de": "Differenz zum Basisszenario"},
    "percent": {"en": "%", "de": "%"},
    "mean_diff": {"en": "Mean difference", "de": "Mittlere Differenz"},
    "ci_legend": {"en": "{conf} % confidence interval", "de": "{conf}-%-Konfidenzintervall"},
    "range_legend": {"en": "5–95 % of paired runs", "de": "5–95 % der gepaarten Läufe"},
    "pp": {"en": "percentage points", "de": "Prozentpunkte"},
    "density": {"en": "Density", "de": "Dichte"},
    "rho": {"en": "Spearman ρ = {rho}", "de": "Spearman-ρ = {rho}"},
    "influence": {"en": "{index} = {value}", "de": "{index} = {value}"},
    "runs": {"en": "runs", "de": "Läufe"},
    # figure captions
    "cap_fan_blocs": {
        "en": "{kpis} by bloc {in_scenario}, {y0}–{y1}: median (line) with the "
              "50 % and 90 % intervals (shaded) of {n} runs.",
        "de": "{kpis} nach Block {in_scenario}, {y0}–{y1}: Median (Linie) mit "
              "50-%- und 90-%-Intervall (schattiert) aus {n} Läufen.",
    },
    "cap_fan_scenarios": {
        "en": "{kpi} by scenario, {y0}–{y1}: median (line) with the 50 % and 90 % intervals "
              "(shaded); the dashed line is the median {of_baseline}.",
        "de": "{kpi} nach Szenario, {y0}–{y1}: Median (Linie) mit 50-%- und 90-%-Intervall "
              "(schattiert); die gestrichelte Linie ist der Median {of_baseline}.",
    },
    "cap_areas": {
        "en": "{kpi} by location and scenario, {y0}–{y1}: mean over the runs "
              "(shares of each run add up to 100 %).",
        "de": "{kpi} nach Standort und Szenario, {y0}–{y1}: "
              "Mittelwert über die Läufe (die Anteile jedes Laufs ergeben 100 %).",
    },
    "cap_differences": {
        "en": "Effect of each scenario {against_baseline} in {year}: mean paired difference "
              "(point) with its {conf} % confidence interval (bar). Runs are paired on the "
              "same sample and replicate, so they share random numbers and uncertain inputs.",
        "de": "Wirkung jedes Szenarios {against_baseline} im Jahr {year}: mittlere "
              "gepaarte Differenz (Punkt) mit {conf}-%-Konfidenzintervall (Balken). Die Läufe "
              "sind nach Stichprobe und Replikation gepaart und teilen Zufallszahlen und "
              "unsichere Eingangsgrößen.",
    },
    "cap_differences_unpaired": {
        "en": "Effect of each scenario {against_baseline} in {year}: difference of the means "
              "(point) with its {conf} % confidence interval (bar); the runs are not paired.",
        "de": "Wirkung jedes Szenarios {against_baseline} im Jahr {year}: Differenz der "
              "Mittelwerte (Punkt) mit {conf}-%-Konfidenzintervall (Balken); die Läufe sind "
              "nicht gepaart.",
    },
    "cap_distributions": {
        "en": "Distribution of the outcomes in {year} by scenario over {n} runs: violins show "
              "the density, lines the quartiles.",
        "de": "Verteilung der Ergebnisgrößen im Jahr {year} nach Szenario über {n} Läufe: "
              "Violinen zeigen die Dichte, Linien die Quartile.",
    },
    "cap_inputs": {
        "en": "{outcome} in {year} against the {k} most influential uncertain inputs "
              "(ranked by {ranking}); each point is one run{only}.",
        "de": "{outcome} im Jahr {year} gegen die {k} einflussreichsten unsicheren "
              "Eingangsgrößen (Rangfolge nach {ranking}); jeder Punkt ist ein Lauf{only}.",
    },
    "cap_modifier": {
        "en": "How the effect of each scenario on {outcome} ({to_baseline}, paired) depends on "
              "the assumed {parameter}: the futures are split into {bins} equal-count bins of "
              "{parameter}; points are the mean effect in each bin at its mean value, bars "
              "the {conf} % confidence interval.",
        "de": "Wie die Wirkung jedes Szenarios auf {outcome} ({to_baseline}, gepaart) vom "
              "angenommenen Wert von {parameter} abhängt: Die Zukünfte sind in {bins} gleich "
              "große Klassen von {parameter} geteilt; Punkte zeigen die mittlere Wirkung je "
              "Klasse an deren Mittelwert, Balken das {conf}-%-Konfidenzintervall.",
    },
    "only_baseline": {"en": " {of_baseline}", "de": " {of_baseline}"},
    "ranking_spearman": {"en": "absolute Spearman rank correlation {in_baseline}",
                         "de": "absoluter Spearman-Rangkorrelation {in_baseline}"},
    "ranking_index": {"en": "the sensitivity index {index}",
                      "de": "dem Sensitivitätsindex {index}"},
    # report
    "report_title": {"en": "Study report: {name}", "de": "Studienbericht: {name}"},
    "lang_name": {"en": "English", "de": "Deutsch"},
    "sec_question": {"en": "Question", "de": "Fragestellung"},
    "sec_summary": {"en": "Key results", "de": "Zentrale Ergebnisse"},
    "sec_scenarios": {"en": "Scenarios", "de": "Szenarien"},
    "sec_design": {"en": "Study design", "de": "Studiendesign"},
    "sec_figures": {"en": "Figures", "de": "Abbildungen"},
    "sec_tables": {"en": "Tables", "de": "Tabellen"},
    "sec_sensitivity": {"en": "Sensitivity analysis", "de": "Sensitivitätsanalyse"},
    "sec_failures": {"en": "Failed runs", "de": "Fehlgeschlagene Läufe"},
    "sec_provenance": {"en": "Provenance", "de": "Herkunft und Reproduzierbarkeit"},
    "figure_n": {"en": "Figure {n}", "de": "Abbildung {n}"},
    "table_n": {"en": "Table {n}", "de": "Tabelle {n}"},
    "no_question": {"en": "The study file states no question.",
                    "de": "Die Studiendatei nennt keine Fragestellung."},
    "summary_intro": {
        "en": "{n_ok} of {n_all} runs finished ({scenarios} scenarios). Values in {year}: "
              "median with the 90 % interval of the runs, and the mean paired difference "
              "{to_baseline} with its {conf} % confidence interval.",
        "de": "{n_ok} von {n_all} Läufen abgeschlossen ({scenarios} Szenarien). Werte im Jahr "
              "{year}: Median mit 90-%-Intervall der Läufe und mittlere gepaarte Differenz "
              "{to_baseline} mit {conf}-%-Konfidenzintervall.",
    },
    "overrides": {"en": "Changes against the defaults", "de": "Änderungen gegenüber den Vorgaben"},
    "no_overrides": {"en": "none (model defaults)", "de": "keine (Modellvorgaben)"},
    "desc_source_en": {"en": "", "de": "Die Szenariodatei enthält keine deutsche Beschreibung; "
                       "englische Fassung:"},
    "study_desc_source_en": {"en": "", "de": "Die Studiendatei enthält keine deutsche "
                                             "Beschreibung; englische Fassung:"},
    "col_outcome": {"en": "Outcome", "de": "Ergebnisgröße"},
    "col_unit": {"en": "Unit", "de": "Einheit"},
    "col_n": {"en": "Runs", "de": "Läufe"},
    "col_mean": {"en": "Mean", "de": "Mittelwert"},
    "col_sd": {"en": "SD", "de": "Std.-abw."},
    "col_median": {"en": "Median", "de": "Median"},
    "col_q05": {"en": "5 %", "de": "5 %"},
    "col_q95": {"en": "95 %", "de": "95 %"},
    "col_interval90": {"en": "90 % interval", "de": "90-%-Intervall"},
    "col_ci": {"en": "{conf} % CI", "de": "{conf}-%-KI"},
    "col_pairs": {"en": "Pairs", "de": "Paare"},
    "col_share_pos": {"en": "Share of pairs > 0", "de": "Anteil der Paare > 0"},
    "col_parameter": {"en": "Parameter", "de": "Parameter"},
    "col_range": {"en": "Range or distribution", "de": "Bereich oder Verteilung"},
    "col_description": {"en": "Description", "de": "Beschreibung"},
    "col_factor": {"en": "Factor", "de": "Faktor"},
    "col_index": {"en": "Index", "de": "Index"},
    "col_value": {"en": "Value", "de": "Wert"},
    "col_method": {"en": "Method", "de": "Methode"},
    "col_error": {"en": "Error", "de": "Fehler"},
    "col_count": {"en": "Count", "de": "Anzahl"},
    "col_run": {"en": "Run", "de": "Lauf"},
    "col_replicate": {"en": "Replicate", "de": "Replikation"},
    "col_seed": {"en": "Seed", "de": "Seed"},
    "tab_ensemble": {
        "en": "Ensemble statistics of the outcomes by scenario (quantiles over the runs).",
        "de": "Ensemble-Statistik der Ergebnisgrößen nach Szenario (Quantile über die Läufe).",
    },
    "tab_differences": {
        "en": "Differences of each scenario {to_baseline} ({method}).",
        "de": "Differenzen jedes Szenarios {to_baseline} ({method}).",
    },
    "tab_stack": {
        "en": "Who equips the rest of the world: the share of its compute on US-controlled and "
              "on Chinese accelerators, and the share of its AI-services spending that goes to "
              "US and Chinese providers - differences of each scenario {to_baseline} ({method}).",
        "de": "Wer die übrige Welt ausstattet: der Anteil ihrer Rechenkapazität auf "
              "US-kontrollierten und auf chinesischen KI-Chips und der Anteil ihrer Ausgaben "
              "für KI-Dienste, der an US-amerikanische und chinesische Anbieter geht – "
              "Differenzen jedes Szenarios {to_baseline} ({method}).",
    },
    "method_paired": {
        "en": "paired on sample and replicate; {ci}",
        "de": "gepaart nach Stichprobe und Replikation; {ci}",
    },
    "method_unpaired": {"en": "unpaired; {ci}", "de": "ungepaart; {ci}"},
    "ci_bootstrap": {"en": "bootstrap BCa interval", "de": "Bootstrap-BCa-Intervall"},
    "ci_t": {"en": "t-interval", "de": "t-Intervall"},
    "ci_degenerate": {"en": "no variation", "de": "keine Streuung"},
    "no_failures": {"en": "All runs finished; none failed.",
                    "de": "Alle Läufe wurden abgeschlossen; keiner schlug fehl."},
    "failures_intro": {
        "en": "{n} runs failed. Their results are missing from every figure and table; the "
              "paired differences use only complete pairs.",
        "de": "{n} Läufe schlugen fehl. Ihre Ergebnisse fehlen in allen Abbildungen und "
              "Tabellen; die gepaarten Differenzen verwenden nur vollständige Paare.",
    },
    "failures_more": {"en": "… and {n} more.", "de": "… und {n} weitere."},
    "sens_intro": {
        "en": "Indices from analysis/sensitivity/indices.csv; the largest per outcome.",
        "de": "Indizes aus analysis/sensitivity/indices.csv; die größten je Ergebnisgröße.",
    },
    "design_kind": {"en": "Design", "de": "Design"},
    "design_runs": {"en": "Runs", "de": "Läufe"},
    "design_samples": {"en": "Samples of the uncertain inputs", "de": "Stichproben der "
                       "unsicheren Eingangsgrößen"},
    "design_replicates": {"en": "Replicates (seeds) per sample", "de": "Replikationen (Seeds) "
                          "je Stichprobe"},
    "design_crn": {"en": "Common random numbers across scenarios",
                   "de": "Gemeinsame Zufallszahlen über die Szenarien"},
    "yes": {"en": "yes", "de": "ja"},
    "no": {"en": "no", "de": "nein"},
    "uncertain_inputs": {"en": "Uncertain inputs", "de": "Unsichere Eingangsgrößen"},
    "prov_package": {"en": "Package version", "de": "Paketversion"},
    "prov_commit": {"en": "Git commit", "de": "Git-Commit"},
    "prov_seed": {"en": "Study seed", "de": "Seed der Studie"},
    "prov_runs": {"en": "Runs (finished / failed / planned)",
                  "de": "Läufe (abgeschlossen / fehlgeschlagen / geplant)"},
    "prov_wall": {"en": "Wall time", "de": "Laufzeit"},
    "prov_start": {"en": "Started", "de": "Beginn"},
    "prov_end": {"en": "Finished", "de": "Ende"},
    "prov_python": {"en": "Python", "de": "Python"},
    "prov_libs": {"en": "Libraries", "de": "Bibliotheken"},
    "prov_hash": {"en": "Study file SHA-256", "de": "SHA-256 der Studiendatei"},
    "prov_cluster": {"en": "Ray cluster", "de": "Ray-Cluster"},
    "prov_model": {"en": "Model", "de": "Modell"},
    "prov_folder": {"en": "Result folder", "de": "Ergebnisordner"},
    "prov_generated": {"en": "Report generated by airace {version}",
                       "de": "Bericht erzeugt mit airace {version}"},
    "unknown": {"en": "unknown", "de": "unbekannt"},
    "seconds": {"en": "s", "de": "s"},
    # robust policies and scenario discovery (analysis/robustness/sections.py)
    "sec_robustness": {"en": "Robust policies", "de": "Robuste Politiken"},
    "sec_discovery": {"en": "Scenario discovery", "de": "Szenarienentdeckung"},
    "rob_intro": {
        "en": "Which policy holds up across everything we do not know? Each future is one "
              "sample of the uncertain inputs with its seed, run under every policy with the "
              "same random numbers, so policies are compared future by future. Regret is how "
              "far a policy falls short of the best policy in the same future; the target "
              "share is the share of futures in which a policy meets the target.",
        "de": "Welche Politik hält über alles stand, was wir nicht wissen? Jede Zukunft ist "
              "eine Stichprobe der unsicheren Eingangsgrößen mit ihrem Seed, gerechnet unter "
              "jeder Politik mit denselben Zufallszahlen; die Politiken werden daher Zukunft "
              "für Zukunft verglichen. Das Bedauern (Regret) ist der Rückstand einer Politik "
              "zur besten Politik in derselben Zukunft; der Zielanteil ist der Anteil der "
              "Zukünfte, in denen eine Politik das Ziel erreicht.",
    },
    "rob_caption": {
        "en": "Robustness for {outcome} ({direction}{target}) over {n} futures ({samples} "
              "samples of the uncertain inputs){units}. Ranked by {criterion}; most robust: "
              "{best}. Differences are paired "
              "(same future) against the most robust policy; intervals are cluster-bootstrap "
              "percentile intervals over the samples.",
        "de": "Robustheit für „{outcome}“ ({direction}{target}) über {n} Zukünfte ({samples} "
              "Stichproben der unsicheren Eingangsgrößen){units}. Rangfolge nach {criterion}; "
              "am robustesten: {best}. "
              "Differenzen sind gepaart (dieselbe Zukunft) zur robustesten Politik; die "
              "Intervalle sind Cluster-Bootstrap-Perzentilintervalle über die Stichproben.",
    },
    "rob_target": {"en": "; target {target}", "de": "; Ziel {target}"},
    "rob_units": {"en": "; values in {unit}, regret and differences in {diff_unit}",
                  "de": "; Einheiten: Werte {unit}, Bedauern und Differenzen {diff_unit}"},
    "rob_maximize": {"en": "more is better", "de": "mehr ist besser"},
    "rob_minimize": {"en": "less is better", "de": "weniger ist besser"},
    "col_rank": {"en": "Rank", "de": "Rang"},
    "col_policy": {"en": "Policy", "de": "Politik"},
    "col_p10_p90": {"en": "10–90 %", "de": "10–90 %"},
    "col_regret_p90": {"en": "Regret (90 %)", "de": "Bedauern (90 %)"},
    "col_regret_max": {"en": "Max. regret", "de": "Max. Bedauern"},
    "col_target_met": {"en": "Target met", "de": "Ziel erreicht"},
    "col_diff_best": {"en": "Difference to most robust", "de": "Differenz zur robustesten"},
    "col_low": {"en": "From", "de": "Von"},
    "col_high": {"en": "To", "de": "Bis"},
    "col_qp": {"en": "Quasi-p", "de": "Quasi-p"},
    "col_reproduced": {"en": "Reproduced (coverage / density)",
                       "de": "Reproduziert (Abdeckung / Dichte)"},
    "disc_intro": {
        "en": "Under which futures does {scenario} fail? Futures in which {case}: {k} of {n} "
              "({rate}). PRIM looks for a box of uncertain inputs that holds most of these "
              "futures (coverage) and few others (density).",
        "de": "In welchen Zukünften scheitert „{scenario}“? Zukünfte, in denen {case}: {k} "
              "von {n} ({rate}). PRIM sucht eine Box der unsicheren Eingangsgrößen, die "
              "möglichst viele dieser Zukünfte enthält (Abdeckung) und wenige andere "
              "(Dichte).",
    },
    "disc_chosen_gain": {"en": "the largest excess of coverage over mass",
                         "de": "dem größten Überschuss der Abdeckung über die Masse"},
    "disc_chosen_asked": {"en": "as asked with --box", "de": "wie mit --box gewählt"},
    "disc_box_caption": {
        "en": "PRIM box {box} of the {n_boxes} on the peeling trajectory (chosen by {how}): "
              "coverage {cov}, density {dens}, mass {mass}. Quasi-p: one-sided binomial test "
              "of each restriction; reproduced: share of {resamples} PRIM runs on random "
              "halves of the futures that restrict the input in their box of nearest "
              "coverage / density.",
        "de": "PRIM-Box {box} der {n_boxes} auf dem Schälpfad (gewählt nach {how}): "
              "Abdeckung {cov}, Dichte {dens}, Masse {mass}. Quasi-p: einseitiger "
              "Binomialtest jeder Einschränkung; reproduziert: Anteil von {resamples} "
              "PRIM-Läufen auf zufälligen Hälften der Zukünfte, die die Größe in ihrer Box "
              "mit der nächstliegenden Abdeckung / Dichte einschränken.",
    },
    "disc_other": {"en": "Another box of the trajectory (N from 0 to {last}; peeling.csv lists "
                         "the coverage and density of each):",
                   "de": "Eine andere Box des Pfads (N von 0 bis {last}; peeling.csv nennt "
                         "Abdeckung und Dichte jeder Box):"},
    "disc_cart": {"en": "CART as a second view (tree depth {depth}, accuracy {accuracy}); "
                        "leaves in which the case prevails:",
                  "de": "CART als zweite Sicht (Baumtiefe {depth}, Trefferquote {accuracy}); "
                        "Blätter, in denen der Fall überwiegt:"},
    "disc_leaf": {"en": "coverage {cov}, density {dens}", "de": "Abdeckung {cov}, Dichte {dens}"},
    "disc_no_leaf": {"en": "No leaf of the tree predicts the case.",
                     "de": "Kein Blatt des Baums sagt den Fall voraus."},
    "disc_scores": {"en": "Uncertain inputs that matter most for the case (extra trees; CART "
                          "importance for comparison).",
                    "de": "Unsichere Eingangsgrößen mit dem größten Einfluss auf den Fall "
                          "(Extra Trees; CART-Bedeutung zum Vergleich)."},
}

# The interactive explorer (``airace explore``): controls, tables, messages and the texts of
# the files it saves. Kept apart from TEXT above and merged into it, so t() finds them.
EXPLORER_TEXT: dict[str, dict[str, str]] = {
    "ex_app_title": {"en": "airace explorer", "de": "airace-Explorer"},
    "ex_app_subtitle": {"en": "Play through policies: a setting against its reference",
                        "de": "Politikszenarien durchspielen: eine Einstellung gegen ihre "
                              "Referenz"},
    "ex_start": {"en": "Start from scenario", "de": "Ausgangsszenario"},
    "ex_reference": {"en": "Reference scenario", "de": "Referenzszenario"},
    "ex_ensemble_settings": {"en": "Ensemble", "de": "Ensemble"},
    "ex_replicates": {"en": "Replicates (seeds) per scenario",
                      "de": "Replikationen (Seeds) je Szenario"},
    "ex_horizon": {"en": "Horizon (last year)", "de": "Horizont (letztes Jahr)"},
    "ex_target_year": {"en": "Target year", "de": "Zieljahr"},
    "ex_seed": {"en": "Seed", "de": "Seed"},
    "ex_policy_mode": {"en": "Policy mode", "de": "Politikmodus"},
    "ex_mode_fixed": {"en": "fixed levers", "de": "feste Hebel"},
    "ex_mode_adaptive": {"en": "adaptive states", "de": "adaptive Staaten"},
    "ex_engine": {"en": "Run on", "de": "Ausführung"},
    "ex_engine_inprocess": {"en": "this process", "de": "dieser Prozess"},
    "ex_engine_ray": {"en": "local Ray", "de": "lokales Ray"},
    "ex_levers": {"en": "Levers by actor", "de": "Hebel nach Akteur"},
    "ex_levers_note": {"en": "Changes apply to the setting only; the reference keeps its "
                             "scenario's values.",
                       "de": "Änderungen gelten nur für die Einstellung; die Referenz behält "
                             "die Werte ihres Szenarios."},
    "ex_assumptions": {"en": "Uncertain assumptions", "de": "Unsichere Annahmen"},
    "ex_assumptions_note": {"en": "Changes apply to the setting and the reference alike.",
                            "de": "Änderungen gelten für Einstellung und Referenz "
                                  "gleichermaßen."},
    "ex_actor_companies": {"en": "Companies", "de": "Unternehmen"},
    "ex_actor_investors": {"en": "Investors", "de": "Investoren"},
    "ex_changed": {"en": "{n} changed", "de": "{n} geändert"},
    "ex_to_fix": {"en": "{n} to fix", "de": "{n} zu korrigieren"},
    "ex_bounds_hint": {"en": "{low} to {high} {unit} · {name}",
                       "de": "{low} bis {high} {unit} · {name}"},
    "ex_run": {"en": "Run", "de": "Rechnen"},
    "ex_cancel": {"en": "Cancel", "de": "Abbrechen"},
    "ex_reset_levers": {"en": "Reset all", "de": "Alles zurücksetzen"},
    "ex_progress": {"en": "{done} of {total} runs", "de": "{done} von {total} Läufen"},
    "ex_fix_first": {"en": "Nothing runs until the marked inputs are fixed: {names}",
                     "de": "Es wird nichts gerechnet, bis die markierten Eingaben korrigiert "
                           "sind: {names}"},
    "ex_tab_ensemble": {"en": "Ensemble", "de": "Ensemble"},
    "ex_tab_step": {"en": "One run, quarter by quarter", "de": "Ein Lauf, Quartal für Quartal"},
    "ex_tab_save": {"en": "Save", "de": "Speichern"},
    "ex_no_results": {"en": "Press “Run” to simulate the setting and its reference with the "
                            "same seeds.",
                      "de": "„Rechnen“ simuliert die Einstellung und ihre Referenz mit "
                            "denselben Seeds."},
    "ex_stale": {"en": "The inputs changed since this run; press “Run” to update.",
                 "de": "Die Eingaben haben sich seit diesem Lauf geändert; „Rechnen“ "
                       "aktualisiert."},
    "ex_setting_label": {"en": "Setting: {title} with the changes",
                         "de": "Einstellung: {title} mit den Änderungen"},
    "ex_reference_label": {"en": "Reference: {title}", "de": "Referenz: {title}"},
    "ex_bloc_shown": {"en": "Bloc shown", "de": "Gezeigter Block"},
    "ex_fans_title": {"en": "Headline KPIs over time", "de": "Zentrale Kennzahlen im Zeitverlauf"},
    "ex_fans_caption": {
        "en": "{bloc}: median (line) with the 50 % and 90 % intervals (shaded) of {n} runs "
              "per scenario; the dashed line and the lighter bands are the reference.",
        "de": "{bloc}: Median (Linie) mit 50-%- und 90-%-Intervall (schattiert) aus {n} "
              "Läufen je Szenario; die gestrichelte Linie und die helleren Bänder zeigen die "
              "Referenz.",
    },
    "ex_diff_title": {"en": "Paired differences in {year}",
                      "de": "Gepaarte Differenzen im Jahr {year}"},
    "ex_diff_caption": {
        "en": "Setting minus reference in {year}: mean of the {n} paired differences (each "
              "pair shares its seed) with its {conf} % confidence interval, and the 5–95 % "
              "range of the pairs.",
        "de": "Einstellung minus Referenz im Jahr {year}: Mittelwert der {n} gepaarten "
              "Differenzen (jedes Paar teilt seinen Seed) mit {conf}-%-Konfidenzintervall "
              "und dem Bereich von 5–95 % der Paare.",
    },
    "ex_diff_axis": {"en": "Setting minus reference", "de": "Einstellung minus Referenz"},
    "ex_col_reference": {"en": "Reference (mean)", "de": "Referenz (Mittel)"},
    "ex_col_setting": {"en": "Setting (mean)", "de": "Einstellung (Mittel)"},
    "ex_col_bloc": {"en": "Bloc", "de": "Block"},
    "ex_levers_differ": {"en": "Levers that differ from the reference",
                         "de": "Hebel, die von der Referenz abweichen"},
    "ex_no_differ": {"en": "None: the setting equals the reference.",
                     "de": "Keine: Die Einstellung entspricht der Referenz."},
    "ex_col_ref_value": {"en": "Reference", "de": "Referenz"},
    "ex_col_set_value": {"en": "Setting", "de": "Einstellung"},
    "ex_elapsed": {"en": "{n} runs in {seconds} s ({engine})",
                   "de": "{n} Läufe in {seconds} s ({engine})"},
    "ex_failed": {"en": "{n} runs failed; first error: {error}",
                  "de": "{n} Läufe schlugen fehl; erster Fehler: {error}"},
    "ex_step_arm": {"en": "Run of", "de": "Lauf von"},
    "ex_step_setting": {"en": "the setting", "de": "der Einstellung"},
    "ex_step_reference": {"en": "the reference", "de": "der Referenz"},
    "ex_step_reset": {"en": "Reset", "de": "Zurücksetzen"},
    "ex_step_step": {"en": "Step", "de": "Schritt"},
    "ex_step_play": {"en": "Play", "de": "Abspielen"},
    "ex_step_pause": {"en": "Pause", "de": "Pause"},
    "ex_step_quarter": {"en": "After {quarter}: {done} of {total} quarters (seed {seed})",
                        "de": "Nach {quarter}: {done} von {total} Quartalen (Seed {seed})"},
    "ex_step_start": {"en": "Start of 2025: 0 of {total} quarters (seed {seed})",
                      "de": "Anfang 2025: 0 von {total} Quartalen (Seed {seed})"},
    "ex_step_invalid": {"en": "Fix the marked inputs to step through a run.",
                        "de": "Bitte die markierten Eingaben korrigieren, um einen Lauf "
                              "schrittweise zu rechnen."},
    "ex_labs": {"en": "AI labs", "de": "KI-Labore"},
    "ex_funds": {"en": "Investors and funds", "de": "Investoren und Fonds"},
    "ex_states": {"en": "States (levers now)", "de": "Staaten (aktuelle Hebel)"},
    "ex_col_name": {"en": "Name", "de": "Name"},
    "ex_col_home": {"en": "Home", "de": "Sitz"},
    "ex_col_cash": {"en": "Cash ($ bn)", "de": "Liquide Mittel (Mrd. $)"},
    "ex_col_compute": {"en": "Compute (H100e)", "de": "Rechenkapazität (H100e)"},
    "ex_col_capability": {"en": "Capability (log10 FLOP)",
                          "de": "Leistungsfähigkeit (log10 FLOP)"},
    "ex_col_kind": {"en": "Kind", "de": "Art"},
    "ex_col_pool": {"en": "Undeployed ($ bn)", "de": "Nicht investiert (Mrd. $)"},
    "ex_col_deployed": {"en": "Deployed ($ bn, cumulative)",
                        "de": "Investiert (Mrd. $, kumuliert)"},
    "ex_col_regulation": {"en": "Regulation (0–1)", "de": "Regulierung (0–1)"},
    "ex_col_export": {"en": "Export control (0–1)", "de": "Exportkontrolle (0–1)"},
    "ex_col_budget": {"en": "Budget multiplier", "de": "Budget-Multiplikator"},
    "ex_col_treasury": {"en": "Undrawn co-financing ($ bn)",
                        "de": "Nicht abgerufene Kofinanzierung (Mrd. $)"},
    "ex_col_public": {"en": "Public money spent ($ bn)",
                      "de": "Ausgegebene öffentliche Mittel (Mrd. $)"},
    "ex_col_concern": {"en": "Public concern", "de": "Öffentliche Besorgnis"},
    "ex_kind_private": {"en": "private", "de": "privat"},
    "ex_kind_sovereign": {"en": "sovereign fund", "de": "Staatsfonds"},
    "ex_kind_jv": {"en": "joint venture", "de": "Joint Venture"},
    "ex_kind_state": {"en": "state fund", "de": "staatlicher Fonds"},
    "ex_save_intro": {
        "en": "Saves the setting as a scenario file and a study file (reference and setting, "
              "{replicates} replicates, seed {seed}) that “airace study” runs to produce the "
              "report and the figures.",
        "de": "Speichert die Einstellung als Szenariodatei und als Studiendatei (Referenz und "
              "Einstellung, {replicates} Replikationen, Seed {seed}), die „airace study“ "
              "rechnet, um Bericht und Abbildungen zu erzeugen.",
    },
    "ex_save_folders": {"en": "Scenario folder: {scenarios} · study folder: {studies}",
                        "de": "Szenarioordner: {scenarios} · Studienordner: {studies}"},
    "ex_save_name": {"en": "File name (a–z, 0–9, _)", "de": "Dateiname (a–z, 0–9, _)"},
    "ex_save_title_in": {"en": "Title ({language})", "de": "Titel ({language})"},
    "ex_save_desc_in": {"en": "Description ({language})", "de": "Beschreibung ({language})"},
    "ex_save": {"en": "Save scenario and study", "de": "Szenario und Studie speichern"},
    "ex_saved": {"en": "Saved {scenario} and {study}. The publication version: airace study "
                       "{study}",
                 "de": "Gespeichert: {scenario} und {study}. Die Veröffentlichungsfassung: "
                       "airace study {study}"},
    "ex_saved_outside": {
        "en": "The study runs once {scenario} is in the model's scenario folder ({folder}).",
        "de": "Die Studie läuft, sobald {scenario} im Szenarioordner des Modells liegt "
              "({folder}).",
    },
    "ex_save_failed": {"en": "Not saved: {error}", "de": "Nicht gespeichert: {error}"},
    "ex_save_title": {"en": "My setting", "de": "Meine Einstellung"},
    "ex_save_desc": {"en": "Built in the airace explorer from the scenario “{start}”; levers "
                           "changed: {changes}.",
                     "de": "Im airace-Explorer aus dem Szenario „{start}“ erstellt; geänderte "
                           "Hebel: {changes}."},
    "ex_save_desc_none": {"en": "Built in the airace explorer from the scenario “{start}” "
                                "without changing a lever.",
                          "de": "Im airace-Explorer aus dem Szenario „{start}“ erstellt, "
                                "ohne einen Hebel zu ändern."},
    "ex_save_source": {"en": "airace explorer, {date}: levers set by the user, starting from "
                             "the scenario '{start}' (see the description)",
                       "de": "airace-Explorer, {date}: Hebel vom Nutzer gesetzt, ausgehend "
                             "vom Szenario '{start}' (siehe Beschreibung)"},
    "ex_save_header": {"en": "Saved by the airace explorer on {date}; check the description "
                             "and the sources before publishing.",
                       "de": "Gespeichert vom airace-Explorer am {date}; Beschreibung und "
                             "Quellen vor der Veröffentlichung prüfen."},
    "ex_study_title": {"en": "{title} against {reference}", "de": "{title} gegenüber {reference}"},
    "ex_study_desc": {"en": "Saved from the airace explorer: the scenario {name} against the "
                            "reference {reference}, with the same seeds in both (common random "
                            "numbers).",
                      "de": "Aus dem airace-Explorer gespeichert: das Szenario {name} gegenüber "
                            "der Referenz {reference}, mit denselben Seeds in beiden "
                            "(gemeinsame Zufallszahlen)."},
    "ex_err_number": {"en": "“{text}” is not a number", "de": "„{text}“ ist keine Zahl"},
    "ex_err_whole": {"en": "“{text}” is not a whole number",
                     "de": "„{text}“ ist keine ganze Zahl"},
    "ex_err_bounds": {"en": "{value} is out of bounds; allowed: {low} to {high} {unit}",
                      "de": "{value} liegt außerhalb der Grenzen; zulässig: {low} bis {high} "
                            "{unit}"},
    "ex_err_fund_split": {
        "en": "the shares of {bloc}'s public budget for data centres and chips add up to "
              "{total}, more than 1 (talent gets the rest)",
        "de": "die Anteile des öffentlichen Budgets ({bloc}) für Rechenzentren und Chips "
              "ergeben zusammen {total}, mehr als 1 (der Rest geht an Talente)",
    },
    "ex_err_choice": {"en": "allowed: {allowed}", "de": "zulässig: {allowed}"},
    "ex_err_unknown": {"en": "not a lever or assumption of the model",
                       "de": "kein Hebel und keine Annahme des Modells"},
    "ex_err_name": {"en": "“{text}”: use 2–48 lower-case letters, digits or _, starting with a "
                          "letter",
                    "de": "„{text}“: 2–48 Kleinbuchstaben, Ziffern oder _, beginnend mit einem "
                          "Buchstaben"},
    "ex_err_exists": {"en": "“{text}” exists already; choose another name",
                      "de": "„{text}“ gibt es schon; bitte einen anderen Namen wählen"},
    "ex_err_title": {"en": "give a title of 1 to {max} characters",
                     "de": "bitte einen Titel mit 1 bis {max} Zeichen angeben"},
    "ex_err_description": {"en": "give a description of at least 20 characters",
                           "de": "bitte eine Beschreibung mit mindestens 20 Zeichen angeben"},
}
TEXT.update(EXPLORER_TEXT)

# German names of the 2025 population's labs and investors (model/data/population_2025.yaml),
# by agent name, for the explorer's agent tables; English uses the population's labels, and
# proper names without an entry stay as they are.
AGENT_NAMES_DE: dict[str, str] = {
    "openai": "OpenAI (mit Microsoft)",
    "anthropic": "Anthropic (mit Amazon)",
    "eu_cloud": "Europäische Clouds und KI-Fabriken",
    "row_labs": "Labore der übrigen Welt (Vereinigtes Königreich, Japan, Korea, Indien, Golf)",
    "us_vc": "US-Risikokapital und Private Equity",
    "eu_private": "Europäische private Investoren",
    "cn_private": "Chinesische private Investoren",
    "gulf_sovereign": "Staatsfonds der Golfstaaten (MGX u. a.)",
    "stargate": "Stargate-Joint-Venture (SoftBank, OpenAI, Oracle, MGX)",
    "eu_investai": "EU InvestAI (öffentlicher Teil)",
    "cn_ai_fund": "Nationaler Investitionsfonds für die KI-Industrie Chinas",
    "us_state_fund": "Öffentliche Investitionsvehikel der USA",
    "row_state_funds": "Öffentliche KI-Fonds anderer Staaten (Vereinigtes Königreich, Japan, "
                       "Korea, Indien)",
}

# Distributions of varied parameters and their arguments, as the report's design table names them.
DIST_TEXT: dict[str, dict[str, str]] = {
    "dist_uniform": {"en": "uniform", "de": "gleichverteilt"},
    "dist_loguniform": {"en": "log-uniform", "de": "log-gleichverteilt"},
    "dist_triangular": {"en": "triangular", "de": "Dreiecksverteilung"},
    "dist_truncnormal": {"en": "truncated normal", "de": "gestutzte Normalverteilung"},
    "dist_discrete": {"en": "discrete", "de": "diskret"},
    "dist_arg_low": {"en": "low", "de": "min"},
    "dist_arg_high": {"en": "high", "de": "max"},
    "dist_arg_mode": {"en": "mode", "de": "Modus"},
    "dist_arg_mean": {"en": "mean", "de": "Mittelwert"},
    "dist_arg_sd": {"en": "sd", "de": "Std.-Abw."},
    "dist_arg_levels": {"en": "levels", "de": "Stufen"},
}
TEXT.update(DIST_TEXT)

# The catalogue commands (airace scenarios, params, studies).
CATALOG_TEXT: dict[str, dict[str, str]] = {
    "cat_override": {"en": "override {name} = {value}", "de": "Vorgabe {name} = {value}"},
    "cat_source": {"en": "source: {source}", "de": "Quelle: {source}"},
    "cat_no_param": {"en": "No parameter matches.", "de": "Kein Parameter passt."},
    "cat_no_studies": {"en": "No study files in {folder}.",
                       "de": "Keine Studiendateien in {folder}."},
    "cat_invalid": {"en": "invalid: {error}", "de": "ungültig: {error}"},
    "cat_design": {"en": "design: {kind}, {runs} runs ({scenarios} scenario(s) x {replicates} "
                         "replicate(s){params}); seed {seed}",
                   "de": "Design: {kind}, {runs} Läufe ({scenarios} Szenario(s) x {replicates} "
                         "Wiederholung(en){params}); Seed {seed}"},
    "cat_params": {"en": ", {n} parameter(s)", "de": ", {n} Parameter"},
    "cat_scenarios": {"en": "scenarios: {names}", "de": "Szenarien: {names}"},
    "sim_heading": {"en": "Scenario {name} ({title}), seed {seed}: Q4 values",
                    "de": "Szenario {name} ({title}), Seed {seed}: Werte im 4. Quartal"},
    "sim_kpi": {"en": "KPI", "de": "Kennzahl"},
    "sim_figure": {"en": "Figure written: {paths}", "de": "Abbildung geschrieben: {paths}"},
}
TEXT.update(CATALOG_TEXT)


def t(key: str, lang: str, **fields: object) -> str:
    """The text ``key`` in ``lang`` with ``fields`` filled in."""
    return TEXT[key][check_lang(lang)].format(**fields)


# Texts of the sensitivity figures: axis labels, legend entries, captions.
SENSITIVITY_TEXT: dict[str, dict[str, str]] = {
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

# Display names of the registry's parameter groups.
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


# Texts of the robustness and discovery figures: axis labels, legend entries, captions.
ROBUSTNESS_TEXT: dict[str, dict[str, str]] = {
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
        "de": "Robustheit von {n} Politiken für „{outcome}“ über {futures} Zukünfte (Stichproben "
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
    "base_rate": {"en": "Base rate (all futures): {rate}",
                  "de": "Basisrate (alle Zukünfte): {rate}"},
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
              "circled; dashed: the base rate, the density of the unrestricted box.",
        "de": "PRIM-Schälpfad für die Zukünfte, in denen {case} ({scenario}; {k} von {n} "
              "Zukünften): Abdeckung (Anteil dieser Zukünfte, die in der Box liegen) gegen "
              "Dichte (Anteil solcher Zukünfte unter denen in der Box) jeder Kandidaten-Box; "
              "Farbe: Zahl der eingeschränkten Eingangsgrößen. Die gewählte Box {box} ist "
              "eingekreist; gestrichelt: die Basisrate, die Dichte der uneingeschränkten Box.",
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
    # the subject of a case names the quantity in quotes in German, so that the sentence needs
    # no article and no declension of the label ("in denen die Ergebnisgröße „…“ … liegt")
    "regret_of": {"en": "regret in {label}", "de": "Bedauern bei „{label}“"},
    "case_subject": {"en": "{label}", "de": "die Ergebnisgröße „{label}“"},
    "case_subject_regret": {"en": "regret in {label}", "de": "das Bedauern bei „{label}“"},
    "case_above": {"en": "{subject} is above {value}", "de": "{subject} über {value} liegt"},
    "case_below": {"en": "{subject} is below {value}", "de": "{subject} unter {value} liegt"},
    "op_max": {"en": "≥", "de": "≥"},
    "op_min": {"en": "≤", "de": "≤"},
}


# Short labels of model parameters for figures and tables (the registry's descriptions are
# sentences); per-bloc parameters (``name.BLOC``) share their base name's label and get the
# bloc appended. Covers at least every parameter varied in experiments/studies/*.yaml
# (tests/test_robustness_figures.py); any other name is shown as it is.
PARAM_LABELS: dict[str, dict[str, str]] = {
    "ai_demand_2025_usd_bn": {"en": "AI-services demand 2025",
                              "de": "Nachfrage nach KI-Diensten 2025"},
    "algo_halving_months": {"en": "Algorithmic halving time",
                            "de": "Halbierungszeit (Algorithmen)"},
    "chip_price_perf_doubling_years": {"en": "GPU price-performance doubling time",
                                       "de": "Verdopplungszeit GPU-Preisleistung"},
    "cn_vendor_capacity_growth": {"en": "Chinese chip capacity growth",
                                  "de": "Wachstum chinesische Chipkapazität"},
    "cofinance_share": {"en": "Public co-financing share",
                        "de": "Öffentlicher Kofinanzierungsanteil"},
    "demand_capability_elasticity": {"en": "Demand response to capability",
                                     "de": "Nachfragereaktion auf Leistungsfähigkeit"},
    "diffusion_rate": {"en": "Diffusion rate", "de": "Diffusionsrate"},
    "distillation_share": {"en": "Distillation share", "de": "Destillationsanteil"},
    "energy_price_usd_mwh": {"en": "Electricity price", "de": "Strompreis"},
    "eu_target_year": {"en": "EU target year", "de": "EU-Zieljahr"},
    "export_control": {"en": "Export-control level", "de": "Exportkontrollniveau"},
    "export_leakage": {"en": "Export-control leakage", "de": "Umgehung der Exportkontrollen"},
    "grid_gw_per_year": {"en": "Grid connections per year", "de": "Netzanschlüsse pro Jahr"},
    "perf_per_watt_growth": {"en": "Performance-per-watt growth",
                             "de": "Wachstum Leistung je Watt"},
    "private_inflow_growth": {"en": "Private-capital growth",
                              "de": "Wachstum privater Kapitalzuflüsse"},
    "private_inflow_usd_bn": {"en": "Private capital inflow", "de": "Private Kapitalzuflüsse"},
    "public_budget_usd_bn": {"en": "Public AI budget", "de": "Öffentliches KI-Budget"},
    "regulation": {"en": "Regulation stringency", "de": "Regulierungsintensität"},
    "research_compute_elasticity": {"en": "Research elasticity to compute",
                                    "de": "Forschungselastizität (Rechenkapazität)"},
    "us_vendor_capacity_growth": {"en": "US chip capacity growth",
                                  "de": "Wachstum US-Chipkapazität"},
}


SCENARIO_PHRASES: dict[str, dict[str, tuple[str, str]]] = {
    # (phrase for the scenario named 'baseline', phrase for any other scenario)
    "in": {"en": ("in the baseline scenario", "in the {t} scenario"),
           "de": ("im Basisszenario", "im Szenario „{t}“")},
    "of": {"en": ("of the baseline scenario", "of the {t} scenario"),
           "de": ("des Basisszenarios", "des Szenarios „{t}“")},
    "to": {"en": ("to the baseline", "to the {t} scenario"),
           "de": ("zum Basisszenario", "zum Szenario „{t}“")},
    "against": {"en": ("against the baseline", "against the {t} scenario"),
                "de": ("gegenüber dem Basisszenario", "gegenüber dem Szenario „{t}“")},
}


def scenario_phrase(kind: str, name: str, title: str, lang: str) -> str:
    """A scenario in running text: 'in the baseline scenario', 'im Szenario „X“', ..."""
    base, other = SCENARIO_PHRASES[kind][check_lang(lang)]
    return base if name == "baseline" else other.format(t=title)


def scenario_phrases(name: str, title: str, lang: str, role: str = "baseline"
                     ) -> dict[str, str]:
    """Fields in_ROLE, of_ROLE, to_ROLE, against_ROLE for the texts of TEXT."""
    return {f"{kind}_{role}": scenario_phrase(kind, name, title, lang)
            for kind in SCENARIO_PHRASES}


def difference_label(baseline: str, title: str, lang: str) -> str:
    """'Difference from baseline' or 'Difference from scenario TITLE' in ``lang``."""
    if baseline == "baseline":
        return t("difference_vs_base", lang)
    return t("difference_vs", lang, baseline=title)


def bloc_name(bloc: str, lang: str) -> str:
    """Display name of a bloc (``CN`` -> China)."""
    return BLOC_NAMES.get(bloc, {}).get(check_lang(lang), bloc)


def param_label(name: str, lang: str) -> str:
    """Short display label of parameter ``name`` ('Strompreis, EU' for
    ``energy_price_usd_mwh.EU``); the name itself when PARAM_LABELS has no label for it
    (e.g. the inputs of another model)."""
    base, _, bloc = name.partition(".")
    label = PARAM_LABELS.get(base, {}).get(check_lang(lang))
    if label is None:
        return name
    return f"{label}, {bloc_name(bloc, lang)}" if bloc else label


def scenario_title(name: str, lang: str, fallback: str | None = None) -> str:
    """Display title of a scenario in ``lang``, from its scenario file (English when the file
    has no title in ``lang``); ``fallback`` or the name when no scenario file has this name
    (e.g. the scenario labels of a study of another model)."""
    check_lang(lang)
    try:
        return load_scenario(name).title_in(lang)
    except InputError:
        return fallback or name


def scenario_description(name: str, lang: str, fallback: str = "") -> tuple[str, str]:
    """Description of a scenario and the language it is written in: ``lang`` when its scenario
    file has it, else English; ``(fallback, "en")`` when no scenario file has this name."""
    check_lang(lang)
    try:
        sc = load_scenario(name)
    except InputError:
        return fallback, "en"
    return sc.description_in(lang), lang if lang in sc.descriptions else "en"


def is_share(name: str) -> bool:
    """True when the outcome or reporter ``name`` is a share in [0, 1] shown as per cent."""
    info = KPI_INFO.get(split_name(name)[0])
    return bool(info and info.share)


def display_factor(name: str) -> float:
    """Factor from stored values to displayed values (100 for shares, else 1)."""
    return 100.0 if is_share(name) else 1.0


def kpi_label(name: str, lang: str, bloc: bool = True, year: bool = False,
              short: bool = False) -> str:
    """Label of a reporter or outcome (``compute_share.EU@2030`` -> 'Share of ..., EU');
    ``short`` drops qualifiers in parentheses ('(by location)')."""
    kpi, b, y = split_name(name)
    info = KPI_INFO.get(kpi)
    label = (info.label_en if lang == "en" else info.label_de) if info else name.split("@")[0]
    check_lang(lang)
    if short and info:
        label = re.sub(r"\s*\([^)]*\)", "", label)
    if bloc and b and info:
        label = f"{label}, {bloc_name(b, lang)}"
    if year and y is not None:
        label = f"{label}, {y}"
    return label


def kpi_unit(name: str, lang: str, difference: bool = False) -> str:
    """Display unit of a reporter or outcome ('%' for shares, 'percentage points' for their
    differences); empty for names the model does not know."""
    info = KPI_INFO.get(split_name(name)[0])
    check_lang(lang)
    if info is None:
        return ""
    if info.share:
        return t("pp", lang) if difference else t("percent", lang)
    return info.unit_en if lang == "en" else info.unit_de


def with_unit(label: str, unit: str) -> str:
    """'Label (unit)', or the bare label when there is no unit."""
    return f"{label} ({unit})" if unit else label


def axis_label(name: str, lang: str, difference: bool = False, bloc: bool = True,
               short: bool = False) -> str:
    """Axis label with unit for a reporter or outcome."""
    return with_unit(kpi_label(name, lang, bloc=bloc, short=short),
                     kpi_unit(name, lang, difference))


def param_unit(unit: str, lang: str) -> str:
    """A parameter registry unit in ``lang`` ('-' becomes empty)."""
    if unit in ("", "-"):
        return ""
    return UNITS_DE.get(unit, unit) if check_lang(lang) == "de" else unit


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _swap_separators(text: str) -> str:
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def auto_decimals(magnitude: float) -> int:
    """Decimals that keep about three significant digits of numbers of this magnitude."""
    m = abs(magnitude)
    return 0 if m >= 100 else 1 if m >= 10 else 2 if m >= 0.1 else 3


def fmt_num(x: float | int | None, lang: str, decimals: int | None = None,
            signed: bool = False) -> str:
    """Format a number for ``lang``: German uses a decimal comma and '.' between thousands.

    Without ``decimals`` about three significant digits are kept; very large or small
    magnitudes use powers of ten (1.2 × 10²⁶).
    """
    check_lang(lang)
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    x = float(x)
    sign = "+" if signed and x > 0 else ""
    ax = abs(x)
    if ax != 0 and (ax >= 1e7 or ax < 1e-3) and decimals is None:
        mant, exp = f"{x:.2e}".split("e")
        text = f"{mant} × 10{str(int(exp)).translate(_SUPERSCRIPT)}"
    else:
        if decimals is None:
            decimals = auto_decimals(ax)
        text = f"{x:,.{decimals}f}"
    text = sign + text.replace("-", "−")
    return _swap_separators(text) if lang == "de" else text


def fmt_int(n: int, lang: str) -> str:
    """Format a whole number with thousands separators for ``lang``."""
    return fmt_num(int(n), lang, decimals=0)


def fmt_interval(low: float, high: float, lang: str, decimals: int | None = None) -> str:
    """A closed interval '[a, b]' ('[a; b]' in German, where the comma is the decimal mark);
    both ends get the same decimals, chosen by the larger magnitude."""
    sep = "; " if lang == "de" else ", "
    if decimals is None and all(isinstance(v, int | float) and math.isfinite(v)
                                for v in (low, high)):
        big = max(abs(low), abs(high))
        decimals = None if big >= 1e7 or 0 < big < 1e-3 else auto_decimals(big)
    return f"[{fmt_num(low, lang, decimals)}{sep}{fmt_num(high, lang, decimals)}]"


def fmt_seconds(seconds: float | None, lang: str) -> str:
    """A wall time as 'h:mm:ss' plus seconds in ``lang``."""
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return t("unknown", lang)
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d} ({fmt_num(seconds, lang, 1)} s)"
