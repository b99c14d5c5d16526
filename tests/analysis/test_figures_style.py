"""The figure style and the English/German texts: colours, formats, fonts, numbers, labels."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from airace.analysis import i18n, style
from airace.analysis.i18n import LanguageError, fmt_interval, fmt_num, t
from airace.model.errors import InputError
from airace.model.kpi_info import KPI_INFO, reporter_names

# Machado et al. (2009) simulation matrices at full severity, applied in linear RGB.
CVD = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                   [0.004733, 0.691367, 0.303900]],
}


def _lab(hex_color: str, matrix: list[list[float]] | None = None) -> np.ndarray:
    rgb = np.array([int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    if matrix is not None:
        lin = np.clip(np.array(matrix) @ lin, 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ lin / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("kind", [None, *CVD])
def test_bloc_colours_stay_distinct_under_colour_blindness(kind: str | None) -> None:
    colours = [style.BLOC_COLORS[b] for b in ("US", "EU", "CN", "ROW", "WORLD")]
    matrix = CVD.get(kind) if kind else None
    nearest = min(np.linalg.norm(_lab(a, matrix) - _lab(b, matrix))
                  for a, b in itertools.combinations(colours, 2))
    assert nearest > 20, f"two bloc colours are only {nearest:.1f} Delta-E apart ({kind})"


def test_bloc_and_scenario_colours_are_fixed() -> None:
    assert style.bloc_color("EU") == style.BLOC_COLORS["EU"]
    first = style.scenario_palette(["baseline", "eu_gigafactories", "mine"])
    second = style.scenario_palette(["mine", "eu_gigafactories", "baseline", "other"])
    assert first["eu_gigafactories"] == second["eu_gigafactories"]
    assert first["baseline"] == second["baseline"] == style.SCENARIO_COLORS["baseline"]
    assert len(set(second.values())) == 4


def test_unknown_formats_and_languages_are_input_errors() -> None:
    assert style.check_formats("PNG, svg") == ("png", "svg")
    with pytest.raises(InputError, match="'jpg'.*allowed: png, pdf, svg"):
        style.check_formats("png,jpg")
    with pytest.raises(LanguageError, match="'fr'.*allowed: en, de"):
        i18n.check_lang("fr")
    assert i18n.parse_langs("en, de,en") == ("en", "de")


def test_every_text_exists_in_both_languages() -> None:
    for key, texts in i18n.TEXT.items():
        assert set(texts) == {"en", "de"}, key
        fields = {tuple(sorted(re.findall(r"{(\w+)}", v))) for v in texts.values()}
        assert len(fields) == 1, f"{key}: English and German use different fields"


def test_every_registry_unit_has_a_german_form() -> None:
    from airace.model.parameters import REGISTRY

    units = {p.unit for p in REGISTRY.values()} - {"-", "", "x", "$/MWh", "$/W", "FLOP/s",
                                                    "kW/H100e"}
    assert units <= set(i18n.UNITS_DE), sorted(units - set(i18n.UNITS_DE))


def test_german_numbers_use_a_decimal_comma() -> None:
    assert fmt_num(1234.5, "en", 1) == "1,234.5"
    assert fmt_num(1234.5, "de", 1) == "1.234,5"
    assert fmt_num(-0.0731, "de") == "−0,073"
    assert fmt_num(2.5, "de", signed=True) == "+2,50"
    assert fmt_num(3.2e26, "de") == "3,20 × 10²⁶"
    assert fmt_num(float("nan"), "en") == "–"
    assert fmt_interval(1.5, 2.25, "de") == "[1,50; 2,25]"
    assert fmt_interval(1.5, 2.25, "en") == "[1.50, 2.25]"
    assert fmt_interval(-0.26, -0.000694, "de") == "[−0,26; −0,00]"
    assert fmt_interval(3.1e25, 4.2e26, "en") == "[3.10 × 10²⁵, 4.20 × 10²⁶]"


def test_kpi_labels_and_units_come_from_kpi_info() -> None:
    for name in reporter_names():
        info = KPI_INFO[name.split(".")[0]]
        assert i18n.kpi_label(name, "en").startswith(info.label_en)
        assert i18n.kpi_label(name, "de").startswith(info.label_de)
    assert i18n.axis_label("compute_share.CN@2030", "de") == (
        "Anteil an der KI-Rechenkapazität (nach Standort), China (%)")
    assert i18n.axis_label("compute_share.CN@2030", "en", difference=True).endswith(
        "(percentage points)")
    assert i18n.axis_label("energy_twh.WORLD", "de").endswith("Welt (TWh/Jahr)")
    assert i18n.kpi_label("y", "de") == "y" and i18n.kpi_unit("y", "de") == ""
    assert i18n.display_factor("compute_share.EU@2030") == 100
    assert t("figure_n", "de", n=3) == "Abbildung 3"


def test_scenarios_in_running_text() -> None:
    assert i18n.scenario_phrase("in", "baseline", "Basisszenario", "de") == "im Basisszenario"
    assert i18n.scenario_phrase("of", "low", "Low", "de") == "des Szenarios „Low“"
    assert i18n.scenario_phrase("against", "baseline", "Baseline", "en") == (
        "against the baseline")
    text = t("cap_differences", "de", year=2030, conf="95",
             **i18n.scenario_phrases("baseline", "Basisszenario", "de"))
    assert text.startswith("Wirkung jedes Szenarios gegenüber dem Basisszenario im Jahr 2030")


def _sample_figure(lang: str):
    fig = style.new_figure("single", 50)
    ax = fig.subplots()
    ax.plot([2025, 2026, 2027], [0.5, 1.25, 2.0])
    ax.set_xlabel("Jahr" if lang == "de" else "Year")
    ax.set_ylabel("Wert (GW)")
    style.format_axis(ax.xaxis, lang, years=True)
    style.format_axis(ax.yaxis, lang)
    return fig


def test_tick_labels_are_localised() -> None:
    fig = _sample_figure("de")
    fig.draw_without_rendering()
    ax = fig.axes[0]
    y = [tl.get_text() for tl in ax.get_yticklabels() if tl.get_text()]
    x = [tl.get_text() for tl in ax.get_xticklabels() if tl.get_text()]
    assert any("," in s for s in y) and not any("." in s for s in y)
    assert "2025" in x and not any("," in s or "." in s for s in x)


def test_saved_files_keep_text_as_text_and_png_is_300_dpi(tmp_path: Path) -> None:
    written = style.save_figure(_sample_figure("de"), tmp_path / "fig", ("png", "pdf", "svg"))
    assert set(written) == {"png", "pdf", "svg"}
    with Image.open(written["png"]) as im:
        assert round(im.info["dpi"][0]) == 300
        assert im.size[0] == pytest.approx(89 / 25.4 * 300, rel=0.15)
    svg = written["svg"].read_text(encoding="utf-8")
    assert "<text" in svg and "Wert (GW)" in svg and "Jahr" in svg
    assert "font-family" in svg or "font:" in svg
    pdf = written["pdf"].read_bytes()
    assert b"/FontFile2" in pdf and b"/Type3" not in pdf
    assert not list(tmp_path.glob(".*tmp"))


def test_saved_files_are_byte_for_byte_reproducible(tmp_path: Path) -> None:
    first = style.save_figure(_sample_figure("en"), tmp_path / "a", ("png", "pdf", "svg"))
    second = style.save_figure(_sample_figure("en"), tmp_path / "b", ("png", "pdf", "svg"))
    for fmt in ("png", "pdf", "svg"):
        assert first[fmt].read_bytes() == second[fmt].read_bytes(), fmt
