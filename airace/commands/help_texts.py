"""The ``airace`` command line's help in English and German: one source for every command
summary and option help (the click decorators take the English text from here)."""

from __future__ import annotations

# Keys: "cmd.NAME" for a command's help (first sentence = its line in 'airace --help'),
# "NAME.OPTION" for an option, shared options by what they are, "click.*" for click's own.
HELP: dict[str, dict[str, str]] = {
    "cmd.airace": {
        "en": "airace - simulate the AI race between the USA, the EU and China.\n\nRun one "
              "scenario with 'simulate', an ensemble with 'run', and turn results into "
              "indices, figures and a report with 'analyze', 'plot' and 'report'.",
        "de": "airace - simuliert den KI-Wettlauf zwischen den USA, der EU und China.\n\n"
              "Ein Szenario einmal rechnen mit 'simulate', ein Ensemble mit 'run'; aus den "
              "Ergebnissen Indizes, Abbildungen und einen Bericht machen mit 'analyze', "
              "'plot' und 'report'."},
    "click.help": {"en": "Show this message and exit.",
                   "de": "Diese Hilfe anzeigen und beenden."},
    "click.version": {"en": "Show the version and exit.",
                      "de": "Die Version anzeigen und beenden."},
    "lang.listing": {"en": "Language of the listing.", "de": "Sprache der Auflistung."},
    "figures.lang": {"en": "Language(s) of the figures.", "de": "Sprache(n) der Abbildungen."},
    "figures.format": {"en": "Figure file formats.", "de": "Dateiformate der Abbildungen."},
    "study_run.workers": {"en": "CPUs to use on this machine (default: all).",
                          "de": "Zu nutzende CPUs dieses Rechners (Standard: alle)."},
    "study_run.out": {"en": "Result folder (default: out/STUDY_NAME).",
                      "de": "Ergebnisordner (Standard: out/STUDY_NAME)."},
    "study_run.fresh": {"en": "Discard the results already in the folder and start again.",
                        "de": "Die schon im Ordner liegenden Ergebnisse verwerfen und neu "
                              "beginnen."},
    "compare.year": {"en": "Target year of the scenario comparison (default: the study's "
                           "outcomes' year, else 2030).",
                     "de": "Zieljahr des Szenarienvergleichs (Standard: das Jahr der "
                           "Ergebnisgrößen der Studie, sonst 2030)."},
    "compare.baseline": {"en": "Scenario the others are compared with (default: baseline).",
                         "de": "Szenario, mit dem die anderen verglichen werden (Standard: "
                               "baseline)."},
    # simulate
    "cmd.simulate": {
        "en": "Run one scenario once and print its KPIs.\n\nExample: airace simulate "
              "--scenario eu_gigafactories --seed 3 --until 2030",
        "de": "Ein Szenario einmal rechnen und seine Kennzahlen ausgeben.\n\nBeispiel: airace "
              "simulate --scenario eu_gigafactories --seed 3 --until 2030"},
    "simulate.scenario": {"en": "Scenario name (see 'airace scenarios') or path to a scenario "
                                "YAML file.",
                          "de": "Name des Szenarios (siehe 'airace scenarios') oder Pfad zu "
                                "einer Szenario-YAML-Datei."},
    "simulate.seed": {"en": "Random seed of the run (a whole number >= 0).",
                      "de": "Zufalls-Seed des Laufs (eine ganze Zahl >= 0)."},
    "simulate.until": {"en": "Last simulated year (Q4), 2026-2050; default from the scenario "
                             "(2035).",
                       "de": "Letztes simuliertes Jahr (4. Quartal), 2026-2050; Standard aus "
                             "dem Szenario (2035)."},
    "simulate.set": {"en": "Override a parameter (repeatable), e.g. --set "
                           "export_control.US=0.9",
                     "de": "Einen Parameter überschreiben (wiederholbar), z.\u00a0B. --set "
                           "export_control.US=0.9"},
    "simulate.format": {"en": "table: headline KPIs; json: all outcomes (kpi.BLOC@YEAR); "
                              "csv: the quarterly series of every KPI.",
                        "de": "table: die wichtigsten Kennzahlen; json: alle Ergebnisgrößen "
                              "(kpi.BLOC@YEAR); csv: die Quartalsreihen aller Kennzahlen."},
    "simulate.plot": {"en": "Write a four-panel figure of the run (.png, .pdf or .svg).",
                      "de": "Eine Abbildung des Laufs mit vier Feldern schreiben (.png, .pdf "
                            "oder .svg)."},
    "simulate.lang": {"en": "Language of the table's heading and numbers and of the figure.",
                      "de": "Sprache der Tabellenüberschrift, der Zahlen und der Abbildung."},
    # scenarios, params, studies
    "cmd.scenarios": {"en": "List the policy scenarios with their descriptions.",
                      "de": "Die Politikszenarien mit ihren Beschreibungen auflisten."},
    "scenarios.verbose": {"en": "Also show sources and overrides.",
                          "de": "Auch Quellen und überschriebene Parameter zeigen."},
    "cmd.params": {"en": "List the model parameters with default, bounds, unit and "
                         "description.",
                   "de": "Die Modellparameter mit Standardwert, Grenzen, Einheit und "
                         "Beschreibung auflisten."},
    "params.group": {"en": "Only parameters of this group (e.g. eu_policy).",
                     "de": "Nur Parameter dieser Gruppe (z.\u00a0B. eu_policy)."},
    "params.search": {"en": "Only parameters whose name or text contains this.",
                      "de": "Nur Parameter, deren Name oder Text dies enthält."},
    "params.sources": {"en": "Also show each parameter's source.",
                       "de": "Auch die Quelle jedes Parameters zeigen."},
    "cmd.studies": {"en": "List the shipped studies (experiments/studies/*.yaml); run one "
                          "with 'airace run NAME'.",
                    "de": "Die mitgelieferten Studien auflisten (experiments/studies/*.yaml); "
                          "eine davon rechnen mit 'airace run NAME'."},
    # run
    "cmd.run": {
        "en": "Run the ensemble of STUDY.yaml (a file, or the name of a shipped study).\n\n"
              "Running the same command again resumes: finished runs are kept, the rest are "
              "run. Exit codes: 0 all runs finished, 1 some runs failed (see "
              "failures.parquet), 2 bad input, 130 interrupted (finished runs are kept).",
        "de": "Das Ensemble von STUDY.yaml rechnen (eine Datei oder der Name einer "
              "mitgelieferten Studie).\n\nDerselbe Befehl noch einmal setzt fort: fertige "
              "Läufe bleiben, die übrigen werden gerechnet. Exit-Codes: 0 alle Läufe fertig, "
              "1 einige Läufe fehlgeschlagen (siehe failures.parquet), 2 ungültige Eingabe, "
              "130 abgebrochen (fertige Läufe bleiben erhalten)."},
    "run.workers": {"en": "CPUs to use on this machine (default: all). With --address: the "
                          "number of Ray tasks kept in flight is twice this (default: cluster "
                          "CPUs).",
                    "de": "Zu nutzende CPUs dieses Rechners (Standard: alle). Mit --address: "
                          "doppelt so viele Ray-Tasks laufen gleichzeitig (Standard: die CPUs "
                          "des Clusters)."},
    "run.address": {"en": "Join a running Ray cluster instead of starting a private local one "
                          "(default: $RAY_ADDRESS if set). See docs/cluster.md.",
                    "de": "Einem laufenden Ray-Cluster beitreten, statt einen eigenen lokalen "
                          "zu starten (Standard: $RAY_ADDRESS, falls gesetzt). Siehe "
                          "docs/cluster.md."},
    "run.batch_size": {"en": "Runs per Ray task (default: sized to about 0.5 s of work per "
                             "task).",
                       "de": "Läufe je Ray-Task (Standard: so bemessen, dass ein Task etwa "
                             "0,5 s rechnet)."},
    "run.ship_code": {"en": "With --address: send this project's code (and the model's "
                            "package) to the cluster nodes as Ray py_modules (default: on).",
                      "de": "Mit --address: den Code dieses Projekts (und das Paket des "
                            "Modells) als Ray-py_modules an die Clusterknoten senden "
                            "(Standard: an)."},
    # study
    "cmd.study": {
        "en": "Run STUDY.yaml (a file or a shipped study's name), then analyse, plot and "
              "report it.\n\nResumes like 'airace run'. Writes the sensitivity indices (as "
              "'airace analyze') when the design allows, the figures to "
              "OUT/analysis/figures/LANG and the report to OUT/report.html (German: "
              "report.de.html). Exit codes: 0 done, 1 some runs failed (the report lists "
              "them), 2 bad input, 130 interrupted.",
        "de": "STUDY.yaml rechnen (eine Datei oder der Name einer mitgelieferten Studie), "
              "dann auswerten, Abbildungen zeichnen und den Bericht schreiben.\n\nSetzt fort "
              "wie 'airace run'. Schreibt die Sensitivitätsindizes (wie 'airace analyze'), "
              "wenn das Design es erlaubt, die Abbildungen nach OUT/analysis/figures/LANG und "
              "den Bericht nach OUT/report.html (deutsch: report.de.html). Exit-Codes: 0 "
              "fertig, 1 einige Läufe fehlgeschlagen (der Bericht listet sie), 2 ungültige "
              "Eingabe, 130 abgebrochen."},
    "study.lang": {"en": "Language(s) of figures and report.",
                   "de": "Sprache(n) der Abbildungen und des Berichts."},
    "study.address": {"en": "Join a running Ray cluster instead of starting a local one.",
                      "de": "Einem laufenden Ray-Cluster beitreten, statt einen lokalen zu "
                            "starten."},
    "study.no_sensitivity": {
        "en": "Do not compute sensitivity indices (by default they are computed when the "
              "design has enough runs and the study does not say 'sensitivity: false', and "
              "a note says when it has too few).",
        "de": "Keine Sensitivitätsindizes berechnen (sonst werden sie berechnet, wenn das "
              "Design genug Läufe hat und die Studie nicht 'sensitivity: false' angibt; bei zu "
              "wenigen Läufen erscheint ein Hinweis)."},
    # analyze
    "cmd.analyze": {
        "en": "Sensitivity indices of the result folder DIR with confidence intervals "
              "(SALib).\n\nSobol or Morris indices when the study used such a design, PAWN "
              "(and delta) on any sample; per outcome year and at the target year; "
              "convergence; the seed-noise share. Writes DIR/analysis/sensitivity "
              "(indices.csv, convergence.csv, noise.csv, summary.json, figures/LANG). Exit "
              "codes: 0 done, 2 bad input.",
        "de": "Sensitivitätsindizes des Ergebnisordners DIR mit Konfidenzintervallen "
              "(SALib).\n\nSobol- oder Morris-Indizes, wenn die Studie ein solches Design "
              "nutzt, PAWN (und delta) für jede Stichprobe; je Ergebnisjahr und im Zieljahr; "
              "Konvergenz; der Anteil des Seed-Rauschens. Schreibt DIR/analysis/sensitivity "
              "(indices.csv, convergence.csv, noise.csv, summary.json, figures/LANG). "
              "Exit-Codes: 0 fertig, 2 ungültige Eingabe."},
    "analyze.outcomes": {
        "en": "Outcomes to analyse: names or glob patterns, comma-separated or the option "
              "repeated; a name without @YEAR means every year (default: all stored "
              "outcomes).",
        "de": "Zu analysierende Ergebnisgrößen: Namen oder Glob-Muster, durch Kommas getrennt "
              "oder die Option wiederholt; ein Name ohne @YEAR meint jedes Jahr (Standard: "
              "alle gespeicherten Ergebnisgrößen)."},
    "analyze.target_year": {"en": "Year of the bar, Morris and convergence figures (default: "
                                  "2030 when present, else the latest).",
                            "de": "Jahr der Balken-, Morris- und Konvergenzabbildungen "
                                  "(Standard: 2030, falls vorhanden, sonst das letzte)."},
    "analyze.scenario": {"en": "Scenario to analyse (default: the study's first).",
                         "de": "Zu analysierendes Szenario (Standard: das erste der Studie)."},
    "bootstrap.resamples": {"en": "Bootstrap resamples for the confidence intervals.",
                            "de": "Bootstrap-Wiederholungen für die Konfidenzintervalle."},
    "analyze.delta": {"en": "Also compute Borgonovo's delta at the target year (slow; "
                            "default: only for designs without Sobol or Morris samples).",
                      "de": "Auch Borgonovos delta im Zieljahr berechnen (langsam; Standard: "
                            "nur bei Designs ohne Sobol- oder Morris-Stichproben)."},
    # plot, report
    "cmd.plot": {
        "en": "Draw the figures of the result folder DIR into DIR/analysis/figures/LANG.\n\n"
              "Also writes the summary tables to DIR/analysis/tables (ensemble.csv, "
              "paired_differences.csv). Exit codes: 0 done, 2 bad input.",
        "de": "Die Abbildungen des Ergebnisordners DIR nach DIR/analysis/figures/LANG "
              "zeichnen.\n\nSchreibt auch die Übersichtstabellen nach DIR/analysis/tables "
              "(ensemble.csv, paired_differences.csv). Exit-Codes: 0 fertig, 2 ungültige "
              "Eingabe."},
    "plot.lang": {"en": "Language of labels, captions and number format.",
                  "de": "Sprache der Beschriftungen, Bildunterschriften und Zahlenformate."},
    "plot.format": {"en": "Comma-separated file formats (PNG at 300 dpi; PDF and SVG keep "
                          "text as text).",
                    "de": "Dateiformate, durch Kommas getrennt (PNG mit 300 dpi; PDF und SVG "
                          "behalten Text als Text)."},
    "cmd.report": {
        "en": "Write DIR/report.html (or report.de.html): question, scenarios, figures, "
              "tables, sensitivity indices when present, failed runs and provenance.\n\n"
              "Figures are drawn first when they are missing or older than the results. Exit "
              "codes: 0 done, 2 bad input.",
        "de": "DIR/report.html (oder report.de.html) schreiben: Fragestellung, Szenarien, "
              "Abbildungen, Tabellen, Sensitivitätsindizes (falls vorhanden), fehlgeschlagene "
              "Läufe und Herkunftsangaben.\n\nFehlende oder gegenüber den Ergebnissen "
              "veraltete Abbildungen werden zuerst gezeichnet. Exit-Codes: 0 fertig, 2 "
              "ungültige Eingabe."},
    "report.lang": {"en": "Language of the report (German: report.de.html).",
                    "de": "Sprache des Berichts (deutsch: report.de.html)."},
    # robustness, discover
    "cmd.robustness": {
        "en": "Rank the policies (scenarios) of the result folder DIR by robustness for "
              "OUTCOME.\n\nThe futures (samples of the uncertain inputs with their seeds) are "
              "paired across the policies. Per policy: mean, median, 10th/90th percentile, "
              "regret against the best policy in each future (maximum and 90th percentile), "
              "and with --threshold the share of futures meeting it. Writes "
              "DIR/analysis/robustness (robustness.csv, regret.csv, summary.json, "
              "figures/LANG); rows of other outcomes stay. Exit codes: 0 done, 2 bad input.",
        "de": "Die Politiken (Szenarien) des Ergebnisordners DIR nach ihrer Robustheit für "
              "OUTCOME ordnen.\n\nDie Zukünfte (Stichproben der unsicheren Eingaben mit ihren "
              "Seeds) sind über die Politiken gepaart. Je Politik: Mittelwert, Median, 10./90. "
              "Perzentil, Bedauern (Regret) gegenüber der besten Politik in jeder Zukunft "
              "(Maximum und 90. Perzentil) und mit --threshold der Anteil der Zukünfte, die "
              "den Zielwert erreichen. Schreibt DIR/analysis/robustness (robustness.csv, "
              "regret.csv, summary.json, figures/LANG); Zeilen anderer Ergebnisgrößen "
              "bleiben. Exit-Codes: 0 fertig, 2 ungültige Eingabe."},
    "robustness.outcome": {"en": "Outcome to rank the policies on, e.g. compute_share.EU@2030.",
                           "de": "Ergebnisgröße, nach der die Politiken geordnet werden, "
                                 "z.\u00a0B. compute_share.EU@2030."},
    "robustness.maximize": {"en": "Whether more of the outcome is better (default) or less.",
                            "de": "Ob mehr von der Ergebnisgröße besser ist (Standard) oder "
                                  "weniger."},
    "robustness.threshold": {
        "en": "Target: a future satisfies it when the outcome is at least V (--maximize) or "
              "at most V (--minimize); in stored units (shares as fractions).",
        "de": "Zielwert: Eine Zukunft erfüllt ihn, wenn die Ergebnisgröße mindestens V "
              "(--maximize) oder höchstens V (--minimize) beträgt; in gespeicherten Einheiten "
              "(Anteile als Bruchteile)."},
    "cmd.discover": {
        "en": "Scenario discovery in the result folder DIR: which uncertain inputs put "
              "OUTCOME above or below a value.\n\nPRIM (EMA Workbench) with its peeling "
              "trajectory, quasi-p-values and resampling stability; CART and extra-trees "
              "feature scores (scikit-learn) as second views. Writes DIR/analysis/discovery "
              "(boxes.csv, peeling.csv, feature_scores.csv, summary.json, figures/LANG), "
              "replacing an earlier discovery. Exit codes: 0 done, 2 bad input.",
        "de": "Szenario-Discovery im Ergebnisordner DIR: welche unsicheren Eingaben OUTCOME "
              "über oder unter einen Wert bringen.\n\nPRIM (EMA Workbench) mit Peeling-Pfad, "
              "Quasi-p-Werten und Stabilität unter Resampling; CART- und "
              "Extra-Trees-Merkmalswichtigkeiten (scikit-learn) als zweite Sicht. Schreibt "
              "DIR/analysis/discovery (boxes.csv, peeling.csv, feature_scores.csv, "
              "summary.json, figures/LANG) und ersetzt eine frühere Discovery. Exit-Codes: 0 "
              "fertig, 2 ungültige Eingabe."},
    "discover.outcome": {"en": "Outcome, or regret:OUTCOME (the regret from 'airace "
                               "robustness').",
                         "de": "Ergebnisgröße oder regret:OUTCOME (das Bedauern aus 'airace "
                               "robustness')."},
    "discover.above": {"en": "Case of interest: futures where the outcome exceeds V.",
                       "de": "Fall von Interesse: Zukünfte, in denen die Ergebnisgröße V "
                             "übersteigt."},
    "discover.below": {"en": "Case of interest: futures where the outcome is below V.",
                       "de": "Fall von Interesse: Zukünfte, in denen die Ergebnisgröße unter V "
                             "liegt."},
    "discover.scenario": {"en": "Policy (scenario) whose futures to search (default: the "
                                "study's first).",
                          "de": "Politik (Szenario), deren Zukünfte durchsucht werden "
                                "(Standard: die erste der Studie)."},
    "discover.box": {"en": "Box of the peeling trajectory to report (default: the one whose "
                           "coverage most exceeds its mass; peeling.csv lists them all).",
                     "de": "Box des Peeling-Pfads, die berichtet wird (Standard: die, deren "
                           "Abdeckung ihre Masse am stärksten übersteigt; peeling.csv listet "
                           "alle)."},
    "discover.resamples": {"en": "PRIM runs on random halves of the futures for the "
                                 "stability of the box (0: none).",
                           "de": "PRIM-Läufe auf zufälligen Hälften der Zukünfte für die "
                                 "Stabilität der Box (0: keine)."},
    # explore
    "cmd.explore": {
        "en": "Play through policies in the browser: move levers, run the setting against its "
              "reference with the same seeds, step through one run, save a scenario and a "
              "study.\n\nExample: airace explore --lang de   (then open "
              "http://127.0.0.1:8765)",
        "de": "Politiken im Browser durchspielen: Hebel verschieben, die Einstellung mit "
              "denselben Seeds gegen ihre Referenz rechnen, einen Lauf Schritt für Schritt "
              "ansehen, ein Szenario und eine Studie speichern.\n\nBeispiel: airace explore "
              "--lang de   (dann http://127.0.0.1:8765 öffnen)"},
    "explore.port": {"en": "Port of the web app.", "de": "Port der Web-App."},
    "explore.host": {"en": "Address to bind. Anything but 127.0.0.1/localhost exposes the "
                           "app, without a password, to every machine that can reach this one "
                           "(see the README).",
                     "de": "Adresse, an die der Server sich bindet. Alles außer "
                           "127.0.0.1/localhost macht die App ohne Passwort für jeden Rechner "
                           "erreichbar, der diesen erreicht (siehe README)."},
    "explore.lang": {"en": "Language the app starts in (switchable in the app).",
                     "de": "Sprache, in der die App startet (in der App umschaltbar)."},
    "explore.engine": {"en": "Where ensembles run by default: in this process or on a private "
                             "local Ray (switchable in the app).",
                       "de": "Wo Ensembles standardmäßig laufen: in diesem Prozess oder auf "
                             "einem eigenen lokalen Ray (in der App umschaltbar)."},
    "explore.workers": {"en": "CPUs of the local Ray (default: all).",
                        "de": "CPUs des lokalen Ray (Standard: alle)."},
    "explore.save_dir": {"en": "Write saved scenario and study files here instead of the "
                               "model's scenario folder and the shipped-study folder.",
                         "de": "Gespeicherte Szenario- und Studiendateien hierhin schreiben "
                               "statt in den Szenarioordner des Modells und den Ordner der "
                               "mitgelieferten Studien."},
}

_GERMAN: dict[str, str] = {entry["en"]: entry["de"] for entry in HELP.values()}


def en(key: str) -> str:
    """The English help text ``key`` (what the click decorators are given)."""
    return HELP[key]["en"]


def german(english: str) -> str | None:
    """The German text of an English help text from the catalogue, or None if it has none."""
    return _GERMAN.get(english)
