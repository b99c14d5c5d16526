"""The HTML report: every section, embedded images, both languages, failures, provenance,
the sensitivity hook, and rendering in a real headless browser."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from airace.analysis.plan import make_plan
from airace.analysis.report import _Report, build_report
from airace.analysis.tables import compute_tables
from airace.experiments.store import load_results
from airace.model.parameters import REGISTRY
from airace.model.scenarios import load_scenario

SECTIONS = ("question", "summary", "scenarios", "design", "figures", "tables", "failures",
            "provenance")
VOID = {"meta", "img", "br", "hr", "link", "input"}


class _Parser(HTMLParser):
    """Collect tags, ids, image sources and text; check that tags are balanced."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.images: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"] or "")
        if tag == "img":
            self.images.append(a.get("src") or "")
        if tag in ("a", "link", "script"):
            self.links.append(a.get("href") or a.get("src") or "")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(path: Path) -> _Parser:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    assert not parser.errors and not parser.stack, "unbalanced HTML tags"
    return parser


@pytest.fixture
def reported(reported_dir: Path) -> Path:
    """The synthetic result folder with its English and German reports (read-only)."""
    return reported_dir


@pytest.mark.parametrize("lang", ["en", "de"])
def test_report_holds_every_section_and_embeds_its_figures(reported: Path, lang: str) -> None:
    path = reported / ("report.html" if lang == "en" else "report.de.html")
    parsed = _parse(path)
    for section in SECTIONS:
        assert section in parsed.ids
    assert "sensitivity" not in parsed.ids
    index = json.loads((reported / "analysis" / "figures" / lang / "figures.json").read_text())
    assert len(parsed.images) == len(index) == 8
    for src in parsed.images:
        assert src.startswith("data:image/svg+xml;base64,")
        svg = base64.b64decode(src.split(",", 1)[1]).decode("utf-8")
        assert svg.lstrip().startswith("<?xml") and "<text" in svg
    assert all(link.startswith("#") for link in parsed.links)  # self-contained
    text = " ".join(parsed.text)
    word = {"en": "Figure", "de": "Abbildung"}[lang]
    for n in range(1, 9):
        assert f"{word} {n}:" in text
    for caption in (e["caption"] for e in index):
        assert caption in text


def test_english_report_content(reported: Path) -> None:
    text = " ".join(_parse(reported / "report.html").text)
    assert "How do an EU compute fund and tighter export controls change" in text
    assert "EU AI gigafactories" in text and "eu_gigafactories" in text
    assert "public_budget_usd_bn.EU" in text  # the scenario's overrides
    assert "grid_gw_per_year.EU" in text and "GW/year" in text  # uncertain inputs
    params = load_results(reported).parameters
    assert "grid_gw_per_year.EU" in params
    assert all(REGISTRY[name].description in text for name in params)
    assert "Study report: Synthetic policy comparison" in text
    assert "Difference from baseline" in text and "95 % CI" in text
    assert "1 runs failed" in text and "ValueError: synthetic failure" in text
    assert "abc1234def" in text
    assert "59 / 1 / 60" in text  # finished / failed / planned
    assert "0:01:05" in text  # wall time
    assert re.search(r"\d\.\d", text)


def test_german_report_uses_german_terms_and_numbers(reported: Path) -> None:
    text = " ".join(_parse(reported / "report.de.html").text)
    for term in ("Fragestellung", "Zentrale Ergebnisse", "Szenarien", "Studiendesign",
                 "Abbildungen", "Tabellen", "Fehlgeschlagene Läufe",
                 "Herkunft und Reproduzierbarkeit", "Basisszenario", "Prozentpunkte",
                 "Konfidenzintervall"):
        assert term in text, term
    for name in ("baseline", "eu_gigafactories", "export_controls_tight"):
        scenario = load_scenario(name)
        german = scenario.description_in("de")
        assert "de" in scenario.descriptions and german != scenario.description, name
        assert german in text, f"German description of {name} missing"
        assert scenario.description not in text, f"English description of {name} shown"
    assert "keine deutsche Beschreibung" not in text  # no scenario falls back to English
    assert "Studienbericht: Synthetischer Politikvergleich" in text   # the study's own title
    assert "Wie verändern ein EU-Fonds für Rechenkapazität" in text   # and question
    assert "How do an EU compute fund" not in text
    params = load_results(reported).parameters
    assert "grid_gw_per_year.EU" in params
    for name in params:   # the uncertain inputs, described in German
        p = REGISTRY[name]
        assert p.description_de and p.description_de != p.description, name
        assert p.description_in("de") in text, name
        assert p.description not in text, name
    assert re.search(r"\d,\d", text)  # decimal comma
    assert re.search(r"\[−?\d+,\d+; −?\d+,\d+\]", text)  # interval with a semicolon
    assert 'lang="de"' in (reported / "report.de.html").read_text(encoding="utf-8")


def _study_texts_as_older_versions_wrote_them(folder: Path, title: object,
                                              description: object) -> None:
    """Record the study's title and description as given in the study and the manifest,
    without the manifest's texts by language (as older versions wrote result folders)."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for key in ("titles", "descriptions"):
        manifest.pop(key, None)
    manifest.update(title=title, description=description)
    manifest["study"].update(title=title, description=description)
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_a_study_without_german_texts_is_shown_in_english_with_a_note(
        result_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "study"
    shutil.copytree(result_dir, folder)
    _study_texts_as_older_versions_wrote_them(folder, "Old title", "An English question?")
    rs = load_results(folder)
    plan = make_plan(rs)
    tables = compute_tables(rs, plan)
    german = _Report(rs, plan, tables, "de", [])
    assert german.study_name == "Old title"
    question = german.question()
    assert "Die Studiendatei enthält keine deutsche Beschreibung; englische Fassung:" in question
    assert "An English question?" in question
    english = _Report(rs, plan, tables, "en", []).question()
    assert "An English question?" in english and "<i>" not in english


def test_study_texts_by_language_come_from_the_study_file_as_run(
        result_dir: Path, tmp_path: Path) -> None:
    """A folder without the manifest's texts by language reads them from the study it
    recorded; a study without a title is shown by its name."""
    folder = tmp_path / "study"
    shutil.copytree(result_dir, folder)
    _study_texts_as_older_versions_wrote_them(
        folder, {"en": "Title", "de": "Titel"}, {"en": "Question?", "de": "Frage?"})
    rs = load_results(folder)
    plan = make_plan(rs)
    german = _Report(rs, plan, compute_tables(rs, plan), "de", [])
    assert german.study_name == "Titel"
    assert "<p>Frage?</p>" in german.question()
    _study_texts_as_older_versions_wrote_them(folder, None, None)
    rs = load_results(folder)
    german = _Report(rs, plan, compute_tables(rs, plan), "de", [])
    assert german.study_name == "synthetic_policy_test"
    assert "Die Studiendatei nennt keine Fragestellung." in german.question()


def test_scenario_overrides_show_calendar_years_as_years(reported: Path) -> None:
    rs = load_results(reported)
    plan = make_plan(rs)
    report = _Report(rs, plan, compute_tables(rs, plan), "de", [])
    assert report._param_value("taiwan_disruption_year", 2028) == "2028 Jahr"
    assert report._param_value("grid_gw_per_year.EU", 2.0) == "2,00 GW/Jahr"
    assert report._param_value("policy_mode", "adaptive") == "adaptive"


@pytest.mark.parametrize("spec", [
    {"dist": "triangular", "low": 5.0, "mode": 8.0, "high": 14.0},
    {"dist": "truncnormal", "mean": 8.0, "sd": 2.0, "low": 5.0, "high": 14.0},
    {"dist": "loguniform", "low": 5.0, "high": 14.0},
    {"values": [5.0, 8.0]}])
def test_distributions_in_the_design_table_are_named_in_the_report_language(
        reported: Path, spec: dict) -> None:
    rs = load_results(reported)
    plan = make_plan(rs)
    values = pd.Series([5.0, 14.0])
    english = _Report(rs, plan, compute_tables(rs, plan), "en", [])._range(spec, values)
    german = _Report(rs, plan, compute_tables(rs, plan), "de", [])._range(spec, values)
    dist = spec.get("dist", "discrete")
    assert english.startswith(dist.replace("loguniform", "log-uniform")
                              .replace("truncnormal", "truncated normal"))
    for word in ("triangular", "truncated", "uniform", "discrete", "mode", "mean", "low",
                 "high"):
        assert word not in german, (word, german)
    assert "5,00" in german and "5.00" in english


def test_report_without_failures_says_so(reported: Path) -> None:
    rs = load_results(reported)
    rs.failures = rs.failures.iloc[0:0]
    plan = make_plan(rs)
    section = _Report(rs, plan, compute_tables(rs, plan), "en", []).failures()
    assert "All runs finished; none failed." in section and "<table>" not in section


def test_report_gains_a_sensitivity_section(reported: Path, tmp_path: Path) -> None:
    folder = tmp_path / "study"
    shutil.copytree(reported, folder)
    sens = folder / "analysis" / "sensitivity"
    (sens / "figures" / "de").mkdir(parents=True)
    pd.DataFrame({"method": "sobol", "outcome": "compute_share.EU@2027",
                  "factor": ["grid_gw_per_year.EU", "export_leakage"], "index": "ST",
                  "value": [0.81, 0.05], "ci_low": [0.7, 0.0], "ci_high": [0.9, 0.1]}
                 ).to_csv(sens / "indices.csv", index=False)
    shutil.copy(folder / "analysis" / "figures" / "de" / "distributions_2027.svg",
                sens / "figures" / "de" / "sobol_bars.svg")
    (sens / "figures" / "de" / "figures.json").write_text(json.dumps(
        [{"name": "sobol_bars", "caption": "Sobol-Indizes mit Konfidenzintervallen",
          "files": {"svg": "sobol_bars.svg"}}]), encoding="utf-8")
    (sens / "summary.json").write_text(json.dumps({"warnings": ["Zu wenige Läufe"]}))
    parsed = _parse(build_report(folder, "de"))
    text = " ".join(parsed.text)
    assert "sensitivity" in parsed.ids and "Sensitivitätsanalyse" in text
    assert "Zu wenige Läufe" in text and "Sobol-Indizes mit Konfidenzintervallen" in text
    assert "0,810" in text and "[0,700; 0,900]" in text
    assert len(parsed.images) == 9 and "Abbildung 9:" in text


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium not installed")
def test_report_renders_in_headless_chromium(reported: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1000,2600",
           "--hide-scrollbars", f"--screenshot={shot}",
           (reported / "report.html").resolve().as_uri()]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    from PIL import Image

    with Image.open(shot) as im:
        rgb = im.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20) or []
    # The fan chart near the top shows the US bloc colour (#004488): the SVG was drawn.
    us = sum(n for n, c in colours if abs(c[0] - 0x00) < 12 and abs(c[1] - 0x44) < 12
             and abs(c[2] - 0x88) < 12)
    assert us > 500
    assert len(colours) > 200
