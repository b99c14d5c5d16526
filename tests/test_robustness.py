"""Robustness of policies (``airace robustness``): regret and satisficing of a small table
computed by hand, through the CLI on a real result folder; bad input; the study file's
``robustness`` block; models ``f(params, seed, scenario)`` without a default; the shipped
study ``eu_robustness`` and its combined EU policy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from airace.analysis.robustness.metrics import COLUMNS, compute, policy_table
from airace.cli import main
from airace.experiments.run_count import count_runs
from airace.experiments.study import StudyError, load_study, locate_study
from airace.model.scenarios import load_scenario
from tests.robustness_models import TABLE

# The table of tests.robustness_models.TABLE by hand. Best per future: 0.5, 0.6, 0.45, 0.7.
# Regret (maximize): A 0, .4, .35, 0; B .2, 0, .25, 0; C .1, .2, 0, .6. Quantiles are linear:
# the 90th percentile of four sorted values v0..v3 is v2 + 0.7 (v3 - v2).
MAXIMIZE_04 = {  # threshold 0.4: a future satisfies it when y >= 0.4
    "A": {"mean": 0.375, "median": 0.35, "p10": 0.13, "p90": 0.64, "max_regret": 0.4,
          "p90_regret": 0.385, "satisficing": 0.5},
    "B": {"mean": 0.45, "median": 0.45, "p10": 0.23, "p90": 0.67, "max_regret": 0.25,
          "p90_regret": 0.235, "satisficing": 0.5},
    "C": {"mean": 0.3375, "median": 0.4, "p10": 0.19, "p90": 0.435, "max_regret": 0.6,
          "p90_regret": 0.48, "satisficing": 0.75},
}
# Minimize, threshold 0.2 (y <= 0.2): best per future 0.3, 0.2, 0.1, 0.1; regret A .2, 0, 0,
# .6; B 0, .4, .1, .6; C .1, .2, .35, 0.
MINIMIZE_02 = {
    "A": {"max_regret": 0.6, "p90_regret": 0.48, "satisficing": 0.5},
    "B": {"max_regret": 0.6, "p90_regret": 0.54, "satisficing": 0.25},
    "C": {"max_regret": 0.35, "p90_regret": 0.305, "satisficing": 0.25},
}


def _values() -> pd.DataFrame:
    index = pd.MultiIndex.from_arrays([range(4), [0] * 4], names=["sample_id", "replicate"])
    return pd.DataFrame(TABLE, index=index)


def _check(table: pd.DataFrame, expected: dict[str, dict[str, float]]) -> None:
    rows = table.set_index("scenario")
    for scen, stats in expected.items():
        for key, value in stats.items():
            assert rows.loc[scen, key] == pytest.approx(value, abs=1e-9), (scen, key)


def test_metrics_of_a_hand_computed_table() -> None:
    values = _values()
    _check(policy_table(values, "y", "maximize", 0.4), MAXIMIZE_04)
    _check(policy_table(values, "y", "minimize", 0.2), MINIMIZE_02)
    assert list(policy_table(values, "y", "maximize", None).columns) == list(COLUMNS)
    assert policy_table(values, "y", "maximize", None)["satisficing"].isna().all()
    found = compute(values, "y", "maximize", 0.4)
    assert found.ranking == ["C", "B", "A"] and found.criterion == "satisficing"
    assert found.best_share.to_dict() == pytest.approx({"A": 0.5, "B": 0.5, "C": 0.25})
    assert compute(values, "y", "maximize", None).ranking == ["B", "A", "C"]
    assert compute(values, "y", "minimize", 0.2).ranking == ["A", "C", "B"]


# --- through the CLI on a real result folder ---------------------------------------------

TABLE_STUDY: dict[str, Any] = {
    "name": "table", "model": "tests.robustness_models:table", "scenarios": ["A", "B", "C"],
    "seed": 2, "design": {"kind": "grid"}, "parameters": {"k": {"values": [0, 1, 2, 3]}},
}


@pytest.fixture(scope="module")
def table_out(tmp_path_factory: pytest.TempPathFactory, _ray_shutdown_at_end: None) -> Path:
    """The table model run once through 'airace run' (3 policies x 4 futures)."""
    from tests.conftest import start_local_ray

    start_local_ray()
    folder = tmp_path_factory.mktemp("rob_cli")
    study = folder / "table.yaml"
    study.write_text(json.dumps(TABLE_STUDY), encoding="utf-8")
    assert main(["run", str(study), "--out", str(folder / "out")]) == 0
    return folder / "out"


def _copy(src: Path, dst: Path) -> Path:
    import shutil

    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("analysis", ".lock"))
    return dst


def test_robustness_cli_matches_the_hand_computed_table(
        table_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _copy(table_out, tmp_path / "out")
    assert main(["robustness", str(out), "--outcome", "y", "--threshold", "0.4",
                 "--lang", "en,de", "--format", "png,svg"]) == 0
    assert "1. C:" in capsys.readouterr().out
    folder = out / "analysis" / "robustness"
    table = pd.read_csv(folder / "robustness.csv")
    assert list(table.columns) == list(COLUMNS)
    assert list(table["scenario"]) == ["C", "B", "A"]  # ranked
    _check(table, MAXIMIZE_04)
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))["outcomes"]["y"]
    assert summary["most_robust"] == "C" and summary["n_futures"] == 4
    assert summary["policies"]["C"]["best_share"] == pytest.approx(0.25)
    regret = pd.read_csv(folder / "regret.csv")
    assert regret.set_index(["scenario", "sample_id"])["regret"].loc["C"].tolist() == \
        pytest.approx([0.1, 0.2, 0.0, 0.6])
    for lang in ("en", "de"):
        index = json.loads((folder / "figures" / lang / "figures.json").read_text("utf-8"))
        assert [r["name"] for r in index] == ["robustness_y"]
        assert (folder / "figures" / lang / "robustness_y.png").is_file()
    # a second outcome direction replaces the rows of y: minimize without a threshold
    assert main(["robustness", str(out), "--outcome", "y", "--minimize", "--threshold", "0.2",
                 "--lang", "en", "--format", "png"]) == 0
    table = pd.read_csv(folder / "robustness.csv")
    assert len(table) == 3
    _check(table, MINIMIZE_02)


def test_a_rerun_in_fewer_languages_leaves_no_stale_figure(
        table_out: Path, tmp_path: Path) -> None:
    """A German figure of the maximize ranking must not outlive a minimize re-run in English:
    the report would show it under the new table."""
    from airace.analysis.robustness.outputs import figures_of

    out = _copy(table_out, tmp_path / "out")
    folder = out / "analysis" / "robustness"
    assert main(["robustness", str(out), "--outcome", "y", "--lang", "en,de",
                 "--format", "png,svg"]) == 0
    assert main(["robustness", str(out), "--outcome", "y", "--minimize", "--lang", "en",
                 "--format", "png"]) == 0
    assert [f["name"] for f in figures_of(folder, "de")] == []
    assert not list((folder / "figures" / "de").glob("robustness_y.*"))
    assert not (folder / "figures" / "en" / "robustness_y.svg").exists()
    assert [f["name"] for f in figures_of(folder, "en")] == ["robustness_y"]
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["outcomes"]["y"]["figures"] == {"en": ["robustness_y"]}


def test_the_png_is_300_dpi(table_out: Path, tmp_path: Path) -> None:
    from PIL import Image

    out = _copy(table_out, tmp_path / "out")
    assert main(["robustness", str(out), "--outcome", "y", "--lang", "de",
                 "--format", "png"]) == 0
    png = out / "analysis" / "robustness" / "figures" / "de" / "robustness_y.png"
    dpi = Image.open(png).info["dpi"]
    assert round(dpi[0]) == 300


@pytest.mark.parametrize(("args", "message"), [
    (["--outcome", "nope"], "--outcome 'nope' is not an outcome of this result folder"),
    (["--outcome", "y", "--threshold", "0.9"], "no policy has y >= 0.9 in any future"),
    (["--outcome", "y", "--minimize", "--threshold", "0.05"], "no policy has y <= 0.05"),
    (["--outcome", "y", "--lang", "fr"], "unknown language 'fr'"),
])
def test_robustness_rejects_bad_input_on_one_line_and_writes_nothing(
        table_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
        message: str) -> None:
    out = _copy(table_out, tmp_path / "out")
    assert main(["robustness", str(out), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("Error: ") and "\n" not in err and message in err
    assert not (out / "analysis").exists()


def test_robustness_needs_two_policies(
        tmp_path: Path, write_study: Any, capsys: pytest.CaptureFixture[str],
        ray_local: None) -> None:
    study = write_study({**TABLE_STUDY, "scenarios": ["A"]})
    assert main(["run", str(study), "--out", str(tmp_path / "one")]) == 0
    capsys.readouterr()
    assert main(["robustness", str(tmp_path / "one"), "--outcome", "y"]) == 2
    err = capsys.readouterr().err.strip()
    assert "robustness compares policies, but this study has one scenario (A)" in err
    assert "\n" not in err and not (tmp_path / "one" / "analysis").exists()


def test_robustness_rejects_a_folder_that_is_not_a_result_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["robustness", str(tmp_path), "--outcome", "y"]) == 2
    assert "not an airace result folder" in capsys.readouterr().err


# --- the model contract and the study file's robustness block ----------------------------

def test_a_model_that_requires_the_scenario_is_accepted_when_the_study_lists_them(
        write_study: Any) -> None:
    study = load_study(write_study(TABLE_STUDY))
    assert study.model.accepts_scenario and study.model.requires_scenario
    with pytest.raises(StudyError) as err:
        load_study(write_study({k: v for k, v in TABLE_STUDY.items() if k != "scenarios"}))
    assert "key 'scenarios' is missing, but model" in str(err.value)
    assert "requires a 'scenario' argument" in str(err.value) and "allowed:" in str(err.value)


def _with_block(block: Any, **changes: Any) -> dict[str, Any]:
    return {**TABLE_STUDY, **changes, "robustness": block}


GOOD_BLOCK = {"outcomes": {"y": {"direction": "maximize", "threshold": 0.4}},
              "discover": {"outcome": "regret:y", "above": 0.1, "scenario": "most_robust"}}


def test_a_valid_robustness_block_is_read(write_study: Any) -> None:
    spec = load_study(write_study(_with_block(GOOD_BLOCK))).robustness
    assert spec is not None and spec.outcomes[0].threshold == 0.4
    assert spec.direction("y") == "maximize"
    assert spec.discover.base_outcome == "y" and spec.discover.above == 0.1


@pytest.mark.parametrize(("block", "changes", "key", "allowed"), [
    ({"outcomes": {"y": {"direction": "up"}}}, {}, "robustness.outcomes.y.direction",
     "maximize, minimize"),
    ({"outcomes": {"y": {"direction": "maximize", "target": 1}}}, {},
     "robustness.outcomes.y.target", "direction, threshold"),
    ({"outcomes": {"y": {"direction": "maximize", "threshold": "high"}}}, {},
     "robustness.outcomes.y.threshold", "a number"),
    ({"outcomes": {}}, {}, "robustness.outcomes", None),
    ({"outcomes": {"y": {"direction": "maximize"}}}, {"scenarios": ["A"]}, "robustness",
     "a study whose 'scenarios' lists the policies"),
    ({"outcomes": {"z": {"direction": "maximize"}}}, {"outcomes": ["y"]},
     "robustness.outcomes.z", "y"),
    ({**GOOD_BLOCK, "discover": {"outcome": "y", "above": 1, "below": 0}}, {},
     "robustness.discover", "above: V"),
    ({**GOOD_BLOCK, "discover": {"outcome": "w", "below": 0}}, {},
     "robustness.discover.outcome", "regret:y"),
    ({**GOOD_BLOCK, "discover": {"outcome": "y", "below": 0, "scenario": "D"}}, {},
     "robustness.discover.scenario", "most_robust, A, B, C"),
    ({**GOOD_BLOCK, "discover": {"outcome": "y", "below": 0, "box": -1}}, {},
     "robustness.discover.box", "integers >= 0"),
    ({**GOOD_BLOCK, "discover": {"outcome": "y", "below": 0}},
     {"parameters": {}, "design": {"kind": "monte_carlo", "replicates": 2},
      "fixed": {"k": 1}}, "robustness.discover", "a study with a 'parameters' block"),
    ({"outcome": {}}, {}, "robustness.outcome", "outcomes, discover"),
])
def test_bad_robustness_blocks_name_the_file_the_key_and_what_is_allowed(
        write_study: Any, block: Any, changes: dict[str, Any], key: str,
        allowed: str | None) -> None:
    path = write_study(_with_block(block, **changes))
    with pytest.raises(StudyError) as err:
        load_study(path)
    text = str(err.value)
    assert str(path) in text and f"key '{key}'" in text, text
    if allowed:
        assert f"allowed: {allowed}" in text or allowed in text.split("allowed:")[1], text


def test_an_ai_race_robustness_outcome_must_be_kept_by_the_study(write_study: Any) -> None:
    study = {"name": "m", "scenarios": ["baseline", "eu_gigafactories"], "seed": 1,
             "design": {"kind": "monte_carlo", "replicates": 2},
             "outcomes": ["compute_share.EU@2030"],
             "robustness": {"outcomes": {"compute_share.EU@2035": {"direction": "maximize"}}}}
    with pytest.raises(StudyError) as err:
        load_study(write_study(study))
    assert "key 'robustness.outcomes.compute_share.EU@2035' is not an outcome this study " \
           "keeps" in str(err.value)


# --- the shipped study and its combined EU policy -----------------------------------------

def test_the_shipped_eu_robustness_study_is_sized_for_two_cores() -> None:
    study = load_study(locate_study("eu_robustness"))
    assert study.scenarios[:3] == ("baseline", "eu_gigafactories", "eu_simplification")
    assert "eu_ai_continent" in study.scenarios
    assert study.design.kind == "lhs" and study.design.samples >= 500
    assert count_runs(study) <= 5000  # about 2-3 minutes on 2 shared cores
    sensitivity = {p.name for p in load_study(locate_study("sensitivity")).parameters}
    assert {p.name for p in study.parameters} <= sensitivity
    assert study.warnings == ()  # no policy sets an input the study samples
    spec = study.robustness
    assert {o.outcome for o in spec.outcomes} == {"compute_share.EU@2030",
                                                  "sovereignty_index.EU@2030"}
    assert spec.discover.scenario == "most_robust" and spec.discover.below is not None


def test_the_combined_eu_policy_is_both_eu_options() -> None:
    both = {**load_scenario("eu_gigafactories").overrides,
            **load_scenario("eu_simplification").overrides}
    assert load_scenario("eu_ai_continent").overrides == both
