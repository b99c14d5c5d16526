"""The robustness and discovery figures and report tables as a journal reads them: parameters
under short labels in the figure's language (no snake_case in German), the PRIM trade-off's
density axis fitted to the boxes with the base rate drawn, a visible '0 %' for a policy that
never meets the target, distinct colour-blind-safe policy colours, interval decimals that
resolve the interval, and German case phrases with their article."""

from __future__ import annotations

import glob
import itertools
import re
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import yaml
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from airace.analysis import i18n, style
from airace.analysis.robustness import discovery_figures as dfig
from airace.analysis.robustness.cases import Case
from airace.analysis.robustness.discovery import DiscoveryResult
from airace.analysis.robustness.labels import case_text, fig_text
from airace.analysis.robustness.prim import run_prim
from airace.analysis.robustness.robust_figures import (
    POLICY_COLORS,
    policy_palette,
    robustness_figure,
)
from airace.analysis.robustness.sections import _Numbers, _policy_rows, interval_decimals
from airace.analysis.robustness.trees import cart, extra_trees_scores
from airace.model.parameters import REGISTRY
from tests.analysis.test_figures_style import CVD, _lab

ROOT = Path(__file__).resolve().parents[1]
SNAKE = re.compile(r"[A-Za-z0-9]+_[A-Za-z0-9_]+")
FACTORS = ("distillation_share", "chip_price_perf_doubling_years", "energy_price_usd_mwh.EU",
           "diffusion_rate")


def _studied_parameters() -> set[str]:
    names: set[str] = set()
    for path in glob.glob(str(ROOT / "experiments" / "studies" / "*.yaml")):
        names |= set((yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {})
                     .get("parameters") or {})
    return names


@pytest.mark.parametrize("lang", ["en", "de"])
def test_every_studied_parameter_has_a_short_label(lang: str) -> None:
    names = _studied_parameters()
    assert "distillation_share" in names and "energy_price_usd_mwh.EU" in names
    for name in sorted(names):
        label = i18n.param_label(name, lang)
        assert label != name and not SNAKE.search(label), (name, label)
        assert len(label) <= 45, label
    assert i18n.param_label("energy_price_usd_mwh.EU", "de") == "Strompreis, EU"
    # every labelled name is a parameter of the registry (a renamed one is noticed)
    assert set(i18n.PARAM_LABELS) <= {n.partition(".")[0] for n in REGISTRY}


def test_parameters_of_other_models_keep_their_names() -> None:
    assert i18n.param_label("x1", "de") == "x1"
    assert i18n.param_label("my_input.EU", "en") == "my_input.EU"


# --- discovery figures on a planted case over AI-race parameters -------------------------

@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> DiscoveryResult:
    """PRIM, CART and extra trees on 400 futures in which the case (90 % of them, as in the
    shipped study) lies outside a corner of distillation share and chip doubling time."""
    rng = np.random.default_rng(3)
    n = 400
    x = pd.DataFrame({"distillation_share": rng.uniform(0, 1, n),
                      "chip_price_perf_doubling_years": rng.uniform(1.5, 3.5, n),
                      "energy_price_usd_mwh.EU": rng.uniform(70, 180, n),
                      "diffusion_rate": rng.uniform(0.05, 0.3, n)})
    corner = (x["distillation_share"] > 0.7) & (x["chip_price_perf_doubling_years"] < 2.2)
    y = (~corner.to_numpy() | (rng.uniform(size=n) < 0.3)).astype(int)
    case = Case("compute_share.EU@2030", "eu_gigafactories", None, 0.09, x, y,
                y.astype(float), dict.fromkeys(x.columns, "float"), 0)
    prim = run_prim(case, None, 2, 1)
    return DiscoveryResult(tmp_path_factory.mktemp("disc"), case, prim, cart(case, 1),
                           extra_trees_scores(case, 1), {})


def _texts(fig: Figure) -> list[str]:
    out = [fig.get_suptitle()] if hasattr(fig, "get_suptitle") else []
    for ax in fig.axes:
        out += [ax.get_xlabel(), ax.get_ylabel(), ax.get_title(loc="left"),
                ax.get_title()]
        out += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
        out += [t.get_text() for t in ax.texts]
    for legend in fig.legends:
        out += [t.get_text() for t in legend.get_texts()]
    return [t for t in out if t]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_discovery_figures_show_parameters_by_their_labels(found: DiscoveryResult,
                                                           lang: str) -> None:
    figures = {"box": dfig.box_limits(found, None, lang), "pairs": dfig.pairs(found, lang),
               "scores": dfig.feature_scores(found, lang)}
    for name, fig in figures.items():
        assert fig is not None, name
        texts = "\n".join(_texts(fig)).replace("\n", " ")
        assert not SNAKE.search(texts), (name, SNAKE.search(texts))
        shown = {"box": found.prim.restricted(found.prim.chosen),
                 "pairs": dfig.pair_factors(found), "scores": FACTORS}[name]
        assert len(shown) >= 2
        for factor in shown:
            label = i18n.param_label(factor, lang)
            assert label.split()[0] in texts, (name, factor)


def test_tradeoff_axis_fits_the_boxes_and_draws_the_base_rate(found: DiscoveryResult) -> None:
    traj = found.prim.trajectory
    base = 100 * float(found.case.y.mean())
    assert 80 < base < 95 and traj["density"].min() * 100 == pytest.approx(base)
    fig = dfig.tradeoff(found, "de")
    ax = fig.axes[0]
    low, high = ax.get_ylim()
    top = 100 * traj["density"].max()
    assert low > 50 and low < base and high >= top
    assert high - low < 1.5 * (top - base) + 5  # the boxes fill the axis, not 0-100 %
    lines = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
    assert any(np.allclose(ln.get_ydata(), base) for ln in lines)
    rate = fig_text("base_rate", "de", rate=f"{i18n.fmt_num(base, 'de', 0)} %")
    assert rate in [t.get_text() for t in ax.texts]


def test_density_limits_stay_sensible_for_flat_and_wide_trajectories() -> None:
    low, high = dfig.density_limits(np.array([50.0, 50.0]), 50.0)
    assert low < 50 < high and high - low >= 4
    low, high = dfig.density_limits(np.array([10.0, 100.0]), 10.0)
    assert 0 <= low < 10 and 100 <= high <= 106


# --- robustness figure --------------------------------------------------------------------

POLICIES = ["baseline", "eu_gigafactories", "eu_simplification", "eu_ai_continent"]


def _robustness_inputs() -> tuple[pd.DataFrame, pd.DataFrame]:
    sat = [0.0, 0.10, 0.0, 0.08]
    table = pd.DataFrame({"scenario": POLICIES, "outcome": "compute_share.EU@2030",
                          "mean": [0.04, 0.065, 0.039, 0.063], "median": [0.038, 0.062, 0.037,
                                                                          0.06],
                          "p10": [0.025, 0.044, 0.025, 0.043], "p90": [0.057, 0.09, 0.056,
                                                                       0.087],
                          "max_regret": [0.06, 0.003, 0.064, 0.013],
                          "p90_regret": [0.04, 0.0, 0.04, 0.004], "satisficing": sat})
    ci = pd.DataFrame({"mean_low": table["mean"] - 0.001, "mean_high": table["mean"] + 0.001,
                       "p90_regret_low": table["p90_regret"] * 0.95,
                       "p90_regret_high": table["p90_regret"] * 1.05,
                       "satisficing_low": np.maximum(np.array(sat) - 0.02, 0),
                       "satisficing_high": np.array(sat) + np.where(np.array(sat) > 0, .02, 0)},
                      index=POLICIES)
    return table, ci


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_policy_that_never_meets_the_target_shows_zero(lang: str) -> None:
    table, ci = _robustness_inputs()
    ranking = ["eu_gigafactories", "eu_ai_continent", "baseline", "eu_simplification"]
    fig = robustness_figure(table, ci, ranking, "compute_share.EU@2030", 0.09,
                            dict(zip(POLICIES, POLICIES, strict=True)), lang)
    panel_c = fig.axes[2]
    labels = {round(t.get_position()[1]): t.get_text() for t in panel_c.texts
              if t.get_transform() == panel_c.transData}  # not the panel letter
    zero = f"{i18n.fmt_num(0, lang, 0)} %"
    assert labels == {0: "10 %", 1: "8 %", 2: zero, 3: zero}


def _bar_colours() -> list[str]:
    """The colours of the policies' bars in the regret panel of a robustness figure."""
    table, ci = _robustness_inputs()
    fig = robustness_figure(table, ci, POLICIES, "compute_share.EU@2030", 0.09,
                            dict(zip(POLICIES, POLICIES, strict=True)), "en")
    return [to_hex(p.get_facecolor()) for p in fig.axes[1].patches if isinstance(p, Rectangle)]


def test_policy_colours_are_distinct_in_the_figure_and_under_colour_blindness() -> None:
    bars = _bar_colours()
    assert len(set(bars)) == len(POLICIES)
    for matrix in [None, *CVD.values()]:  # four policies: clearly apart, in any vision
        nearest = min(np.linalg.norm(_lab(a, matrix) - _lab(b, matrix))
                      for a, b in itertools.combinations(bars, 2))
        assert nearest > 25, nearest
    palette = policy_palette(["baseline", *[f"p{i}" for i in range(len(POLICY_COLORS))]])
    assert len(set(palette.values())) == len(palette)
    for matrix in [None, *CVD.values()]:
        nearest = min(np.linalg.norm(_lab(a, matrix) - _lab(b, matrix))
                      for a, b in itertools.combinations(palette.values(), 2))
        assert nearest > 19, nearest
    assert policy_palette(["a", "baseline"])["baseline"] == "#777777"


# --- report tables ------------------------------------------------------------------------

SOVEREIGNTY = {  # the shipped study's sovereignty ranking (rounded)
    "outcome": "sovereignty_index.EU@2030", "threshold": None,
    "most_robust": "eu_gigafactories", "ranking": ["eu_gigafactories", "eu_ai_continent"],
    "policies": {
        "eu_gigafactories": {"rank": 1, "mean": 0.1678, "mean_ci": [0.1625, 0.1735],
                             "median": 0.174, "p10": 0.076, "p90": 0.243, "p90_regret": 0.0,
                             "p90_regret_ci": [0.0, 0.0], "max_regret": 0.0398,
                             "diff_to_most_robust": 0.0, "diff_to_most_robust_ci": [0.0, 0.0]},
        "eu_ai_continent": {"rank": 2, "mean": 0.1292, "mean_ci": [0.1245, 0.1341],
                            "median": 0.128, "p10": 0.056, "p90": 0.203,
                            "p90_regret": 0.0757, "p90_regret_ci": [0.0732, 0.0794],
                            "max_regret": 0.1331, "diff_to_most_robust": -0.0387,
                            "diff_to_most_robust_ci": [-0.0402, -0.0373]}},
}


def test_interval_decimals_resolve_the_interval() -> None:
    assert interval_decimals(0.0029) == 3 and interval_decimals(0.29) == 1
    assert interval_decimals(0.0) == 0 and interval_decimals(50.0) == 0
    for width in (0.0029, 0.02, 0.3, 7.0):
        d = interval_decimals(width)
        assert round(width * 10 ** d) >= 2  # ends at least two last digits apart
        assert d == 0 or width * 10 ** (d - 1) < 2  # and no more decimals than that needs


@pytest.mark.parametrize("lang", ["en", "de"])
def test_sovereignty_intervals_are_not_degenerate(lang: str) -> None:
    rep = SimpleNamespace(lang=lang, titles={})
    rows = _policy_rows(rep, SOVEREIGNTY)
    sep = "; " if lang == "de" else ", "
    cells = [c for row in rows for c in row if "[" in c]
    assert len(cells) >= 6
    for cell in cells:
        low, high = cell[cell.index("[") + 1:-1].split(sep)
        if {low.strip("0.,"), high.strip("0.,")} == {""}:  # the most robust's own regret
            continue
        assert low != high, cell
    n = _Numbers(SOVEREIGNTY, lang)
    assert n.regrets >= 3 and n.values >= 3


# --- German phrases ---------------------------------------------------------------------

def test_german_cases_read_with_their_article() -> None:
    text = case_text("compute_share.EU@2030", None, 0.09, "de")
    assert text.startswith("die Ergebnisgröße „Anteil an der KI-Rechenkapazität")
    assert text.endswith("unter 9,00 % liegt")
    regret = case_text("regret:sovereignty_index.EU@2030", 0.01, None, "de")
    assert regret.startswith("das Bedauern bei „Europäische KI-Souveränität")
    caption = fig_text("cap_tradeoff", "de", case=text, scenario="S", k=1, n=2, box=3)
    assert "in denen die Ergebnisgröße „" in caption
    assert "in denen Anteil" not in caption
    assert case_text("compute_share.EU@2030", 0.09, None, "en").startswith("Share of AI")


def test_a_policy_has_the_same_colour_as_in_the_reports_other_figures() -> None:
    bars = _bar_colours()
    expected = style.scenario_palette(POLICIES)
    assert sorted(bars) == sorted(c.lower() for c in expected.values())
    mixed = policy_palette(["baseline", "mine", "eu_gigafactories", "other"])
    assert mixed["eu_gigafactories"] == style.SCENARIO_COLORS["eu_gigafactories"]
    assert len(set(mixed.values())) == 4
