"""Every figure kind renders from a result folder with the expected axes, units and legends,
in English and German."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from airace.analysis import figures, plots
from airace.analysis.plan import make_plan
from airace.analysis.stats import scenario_differences
from airace.experiments.store import Results, load_results
from airace.model.scenarios import load_scenario

LANGS = ("en", "de")
PP = {"en": "(percentage points)", "de": "(Prozentpunkte)"}
YEAR = {"en": "Year", "de": "Jahr"}
BLOCS = {"en": ["USA", "EU", "China", "Rest of world"],
         "de": ["USA", "EU", "China", "Rest der Welt"]}
BANDS = {"en": ["Median", "50 % interval", "90 % interval"],
         "de": ["Median", "50-%-Intervall", "90-%-Intervall"]}
# Scenario titles have one source, the scenario files.
TITLES = {lang: [load_scenario(s).title_in(lang) for s in
                 ("baseline", "eu_gigafactories", "export_controls_tight")] for lang in LANGS}


@pytest.fixture(scope="module")
def rs(result_dir: Path) -> Results:
    """The synthetic result folder, loaded once."""
    return load_results(result_dir)


def _legend(fig: Figure) -> list[str]:
    texts = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    texts += [t.get_text() for ax in fig.axes if ax.get_legend() for t in
              ax.get_legend().get_texts()]
    return texts


def _ticks(fig: Figure, axis: str = "y") -> list[str]:
    fig.draw_without_rendering()
    out = []
    for ax in fig.axes:
        labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
        out += [lab.get_text() for lab in labels if lab.get_text()]
    return out


def _visible(fig: Figure) -> list:
    return [ax for ax in fig.axes if ax.get_visible()]


def _assert_inside(fig: Figure) -> None:
    """Everything drawn lies within the page: nothing is clipped at the figure's edge."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    box = fig.get_tightbbox(canvas.get_renderer())  # inches
    width, height = fig.get_size_inches()
    tol = 0.01
    assert box.x0 >= -tol and box.y0 >= -tol, f"cut at the left or bottom: {box}"
    assert box.x1 <= width + tol and box.y1 <= height + tol, f"cut at the right or top: {box}"
    renderer = canvas.get_renderer()
    heads = []
    for ax in _visible(fig):
        for text in (ax.title, ax._left_title, ax._right_title, *ax.texts):
            if text.get_visible() and text.get_text().strip():
                heads.append((text.get_text(), text.get_window_extent(renderer)))
    for (a, box_a), (b, box_b) in itertools.combinations(heads, 2):
        assert not box_a.overlaps(box_b), f"{a!r} overlaps {b!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_fan_chart_by_bloc(rs: Results, lang: str) -> None:
    fig = figures.fan_by_bloc(rs, ["compute_share", "capability_gap_months"], "baseline", lang)
    _assert_inside(fig)
    axes = _visible(fig)
    assert len(axes) == 2
    share_label = {"en": "Share of AI compute", "de": "Anteil an der KI-Rechenkapazität"}[lang]
    assert share_label in axes[0].get_ylabel().replace("\n", " ")
    assert axes[0].get_ylabel().endswith("(%)")
    assert axes[1].get_ylabel().replace("\n", " ").endswith(
        {"en": "(months)", "de": "(Monate)"}[lang])
    assert all(ax.get_xlabel() == YEAR[lang] for ax in axes)
    assert _legend(fig) == BLOCS[lang] + BANDS[lang]
    # Median lines per bloc, and shares shown in per cent.
    us_line = max(axes[0].get_lines(), key=lambda ln: np.nanmax(ln.get_ydata(), initial=0))
    assert 60 < np.nanmedian(us_line.get_ydata()) < 90
    assert len(axes[0].collections) >= 8  # a 50 % and a 90 % band per bloc
    decimal_mark = {"en": ",", "de": "."}[lang]
    assert not any(decimal_mark in s for s in _ticks(fig))


@pytest.mark.parametrize("lang", LANGS)
def test_fan_chart_by_scenario(rs: Results, lang: str) -> None:
    fig = figures.fan_by_scenario(rs, "compute_share.EU", "baseline", lang)
    _assert_inside(fig)
    axes = _visible(fig)
    assert [ax.get_title() for ax in axes] == TITLES[lang][1:]
    assert axes[0].get_ylabel().replace("\n", " ").endswith("EU (%)")
    legend = _legend(fig)
    assert legend[:3] == BANDS[lang]
    assert legend[3] == {"en": "Baseline (median)", "de": "Basisszenario (Median)"}[lang]
    assert all(any(ln.get_linestyle() == "--" for ln in ax.get_lines()) for ax in axes)


@pytest.mark.parametrize("lang", LANGS)
def test_one_policy_scenario_gives_single_column_figures(make_results: Any, lang: str) -> None:
    rs_two = load_results(make_results("two", n_samples=3,
                                       scenarios=("baseline", "eu_gigafactories"),
                                       failed_runs=()))
    for fig in (figures.fan_by_scenario(rs_two, "capability_gap_months.CN", "baseline", lang),
                figures.inputs_outputs(rs_two, "compute_share.EU@2027", "baseline", lang, k=1),
                figures.compute_share_areas(rs_two, lang)):
        _assert_inside(fig)
    assert fig.get_size_inches()[0] == pytest.approx(120 / 25.4)


@pytest.mark.parametrize("lang", LANGS)
def test_compute_share_areas(rs: Results, lang: str) -> None:
    fig = figures.compute_share_areas(rs, lang)
    _assert_inside(fig)
    axes = _visible(fig)
    assert [ax.get_title() for ax in axes] == TITLES[lang]
    assert _legend(fig) == BLOCS[lang]
    assert axes[0].get_ylabel().endswith("(%)")
    for ax in axes:
        assert ax.get_ylim() == (0, 100)
        top = max(poly.get_paths()[0].vertices[:, 1].max() for poly in ax.collections)
        assert top == pytest.approx(100, abs=1e-6)


@pytest.mark.parametrize("lang", LANGS)
def test_scenario_effects_are_the_table_values(rs: Results, lang: str) -> None:
    outcomes = ["compute_share.EU@2027", "capability_gap_months.CN@2027"]
    table = scenario_differences(rs.results, outcomes, "baseline")
    fig = figures.scenario_effects(rs, outcomes, "baseline", lang, table=table)
    _assert_inside(fig)
    axes = _visible(fig)
    assert axes[0].get_xlabel().replace("\n", " ").endswith(PP[lang])
    assert {"en": "Difference from baseline", "de": "Differenz zum Basisszenario"}[lang] in (
        axes[0].get_xlabel().replace("\n", " "))
    assert axes[1].get_xlabel().endswith({"en": "(months)", "de": "(Monate)"}[lang])
    ticks = [t.get_text().replace("\n", " ") for t in axes[0].get_yticklabels()]
    assert ticks == TITLES[lang][1:]
    expected = table[table["outcome"] == outcomes[0]].set_index("scenario")["mean_diff"] * 100
    points = [ln.get_xdata()[0] for ln in axes[0].get_lines() if ln.get_marker() == "o"]
    assert points == pytest.approx(list(expected[["eu_gigafactories",
                                                  "export_controls_tight"]]))
    assert len(_legend(fig)) == 3


@pytest.mark.parametrize("lang", LANGS)
def test_outcome_distributions(rs: Results, lang: str) -> None:
    outcomes = ["compute_share.EU@2027", "capability_gap_months.CN@2027"]
    fig = figures.outcome_distributions(rs, outcomes, lang)
    _assert_inside(fig)
    axes = _visible(fig)
    assert [t.get_text().replace("\n", " ") for t in axes[0].get_yticklabels()] == TITLES[lang]
    assert axes[0].get_xlabel().replace("\n", " ").endswith("EU (%)")
    assert len(axes[0].collections) >= 3  # one violin per scenario


@pytest.mark.parametrize("lang", LANGS)
def test_inputs_outputs_shows_the_most_influential_parameter_first(rs: Results,
                                                                  lang: str) -> None:
    fig = figures.inputs_outputs(rs, "compute_share.EU@2027", "baseline", lang)
    _assert_inside(fig)
    axes = _visible(fig)
    assert len(axes) == 4
    assert axes[0].get_xlabel().replace("\n", " ") == {
        "en": "Grid connections per year, EU (GW/year)",
        "de": "Netzanschlüsse pro Jahr, EU (GW/Jahr)"}[lang]
    assert axes[0].get_title().startswith({"en": "Spearman ρ", "de": "Spearman-ρ"}[lang])
    assert _legend(fig) == TITLES[lang]
    assert all(c.get_rasterized() for c in axes[0].collections)


def test_sensitivity_indices_choose_the_parameters(rs: Results, tmp_path: Path) -> None:
    folder = tmp_path / "study"
    shutil.copytree(rs.path, folder)
    sens = folder / "analysis" / "sensitivity"
    sens.mkdir(parents=True)
    pd.DataFrame({"method": "sobol", "outcome": "compute_share.EU@2027",
                  "factor": ["export_leakage", "grid_gw_per_year.EU"], "index": "ST",
                  "value": [0.7, 0.2], "ci_low": [0.6, 0.1], "ci_high": [0.8, 0.3]}
                 ).to_csv(sens / "indices.csv", index=False)
    names, scores, index = figures.influential_parameters(load_results(folder),
                                                          "compute_share.EU@2027", "baseline")
    assert (names, index) == (["export_leakage", "grid_gw_per_year.EU"], "ST")
    pd.DataFrame({"method": "morris", "outcome": "compute_share.EU", "year": 2027,
                  "factor": ["algo_halving_months", "export_leakage"], "index": "mu_star",
                  "value": [3.0, 1.0]}).to_csv(sens / "indices.csv", index=False)
    names, _, index = figures.influential_parameters(load_results(folder),
                                                     "compute_share.EU@2027", "baseline")
    assert (names, index) == (["algo_halving_months", "export_leakage"], "mu_star")
    pd.DataFrame({"method": "sobol", "outcome": "compute_share.EU@2027",
                  "factor": ["export_leakage", "grid_gw_per_year.EU"], "index": "ST",
                  "value": [0.7, 0.2], "ci_low": [0.6, 0.1], "ci_high": [0.8, 0.3]}
                 ).to_csv(sens / "indices.csv", index=False)
    fig = figures.inputs_outputs(load_results(folder), "compute_share.EU@2027", "baseline", "de")
    assert _visible(fig)[0].get_title() == "ST = 0,70"


def test_render_writes_every_figure_and_its_index(reported_dir: Path) -> None:
    out = reported_dir / "analysis" / "figures" / "de"
    index = json.loads((out / "figures.json").read_text(encoding="utf-8"))
    assert [e["kind"] for e in index] == ["fan_blocs", "fan_scenarios", "fan_scenarios",
                                          "fan_scenarios", "share_areas", "differences",
                                          "distributions", "scatter"]
    assert [e["name"] for e in index][:2] == ["fan_blocs_baseline",
                                              "fan_scenarios_compute_share_EU"]
    for entry in index:
        assert (out / entry["files"]["svg"]).is_file() and entry["caption"]
    assert "Abbildung" not in index[0]["caption"] and "Median" in index[0]["caption"]
    tables = reported_dir / "analysis" / "tables"
    diff = pd.read_csv(tables / "paired_differences.csv")
    assert set(diff["scenario"]) == {"eu_gigafactories", "export_controls_tight"}
    assert diff["paired"].all()
    assert (pd.read_csv(tables / "ensemble.csv")["n"] > 0).all()
    bands = pd.read_csv(tables / "bands.csv")
    eu = bands[(bands["scenario"] == "baseline") & (bands["variable"] == "compute_share.EU")]
    assert len(eu) == 12 and (eu["q05"] <= eu["median"]).all()
    assert (eu["median"] <= eu["q95"]).all()


def test_a_generic_model_without_series_or_kpi_metadata(make_results, tmp_path: Path) -> None:
    folder = make_results("generic", with_series=False, scenarios=("baseline",),
                          failed_runs=())
    rs = load_results(folder)
    assert rs.series is None
    plan = make_plan(rs)
    assert plan.baseline == "baseline" and plan.year == 2027
    kinds = [j.kind for j in plots.jobs(rs, plan, "en", plots.compute_tables(rs, plan))]
    # Outcomes at 2025 and 2027 still give a time axis; one scenario gives no comparison.
    assert "differences" not in kinds and "fan_scenarios" not in kinds
    assert kinds[0] == "fan_blocs" and "scatter" in kinds
