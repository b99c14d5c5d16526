"""Groups in study files, the shipped sensitivity study, and ``airace analyze`` / ``airace
study`` on a small Sobol study: outputs, exit codes, messages and factor labels."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from airace.analysis import i18n
from airace.analysis.sensitivity.data import Layout
from airace.analysis.sensitivity.figures import FigureInput
from airace.cli import main
from airace.experiments.designs import build_design, salib_problem
from airace.experiments.run_count import count_runs
from airace.experiments.study import StudyError, load_study, locate_study

PI = math.pi


def _grouped(**design: Any) -> dict[str, Any]:
    return {"name": "g", "model": "tests.sa_functions:additive", "seed": 1,
            "design": {"kind": "sobol", "samples": 8, "second_order": False, **design},
            "parameters": {"u1": {"low": 0, "high": 1, "group": "u"},
                           "u2": {"low": 0, "high": 1, "group": "u"},
                           "v1": {"low": 0, "high": 1, "group": "EU policy"},
                           "v2": {"low": 0, "high": 1, "group": "EU policy"},
                           "w1": {"low": 0, "high": 1, "group": "u"}}}


@pytest.mark.parametrize(("change", "key"), [
    (lambda s: s["parameters"]["v2"].pop("group"), "parameters.v2.group"),
    (lambda s: s["parameters"]["u1"].update(group=3), "parameters.u1.group"),
    (lambda s: s["parameters"]["u1"].update(group=""), "parameters.u1.group"),
    (lambda s: s["design"].update(grouped="yes"), "design.grouped"),
    (lambda s: [p.pop("group") for p in s["parameters"].values()]
     and s["design"].update(grouped=True), "design.grouped"),
    (lambda s: [p.update(group="one") for p in s["parameters"].values()], "design.grouped"),
    (lambda s: s.update(design={"kind": "lhs", "samples": 4, "grouped": True}),
     "design.grouped"),
])
def test_bad_groups_name_the_file_the_key_and_what_is_allowed(
        write_study: Any, change: Any, key: str) -> None:
    study = _grouped()
    change(study)
    path = write_study(study)
    with pytest.raises(StudyError) as err:
        load_study(path)
    assert str(path) in str(err.value) and f"'{key}'" in str(err.value)
    assert "allowed:" in str(err.value)


def test_groups_shape_the_sobol_and_morris_designs(write_study: Any) -> None:
    study = load_study(write_study(_grouped()))
    assert study.design.grouped and count_runs(study) == 8 * (2 + 2)
    assert salib_problem(study)["groups"] == ["u", "u", "EU policy", "EU policy", "u"]
    assert build_design(study).n_runs == 32
    morris = load_study(write_study({**_grouped(), "design": {"kind": "morris",
                                                              "trajectories": 5}}, "m"))
    assert count_runs(morris) == 5 * (2 + 1) == build_design(morris).n_runs
    per_parameter = load_study(write_study(_grouped(grouped=False), "flat"))
    assert count_runs(per_parameter) == 8 * (5 + 2)
    assert "groups" not in salib_problem(per_parameter)
    assert [p.group for p in per_parameter.parameters][:3] == ["u", "u", "EU policy"]


def test_the_shipped_sensitivity_study_is_sized_for_two_cores() -> None:
    study = load_study(locate_study("sensitivity"))
    assert study.design.kind == "sobol" and len(study.parameters) >= 15
    assert all(p.group for p in study.parameters) and not study.design.grouped
    assert study.design.replicates >= 2
    assert {"compute_share.EU@2030", "capability_gap_months.CN@2030"} <= set(study.outcomes)
    assert 10_000 <= count_runs(study) <= 30_000


@pytest.fixture(scope="module")
def sobol_out(tmp_path_factory: pytest.TempPathFactory, _ray_shutdown_at_end: None) -> Path:
    """A small Ishigami Sobol study run once through the CLI for the tests below."""
    from tests.conftest import start_local_ray

    start_local_ray()
    folder = tmp_path_factory.mktemp("sa_cli")
    study = folder / "ishi.yaml"
    study.write_text(json.dumps({
        "name": "ishi", "model": "tests.sa_functions:ishigami", "seed": 4,
        "design": {"kind": "sobol", "samples": 32, "second_order": False, "replicates": 2},
        "parameters": {x: [-PI, PI] for x in ("x1", "x2", "x3")}}), encoding="utf-8")
    assert main(["run", str(study), "--out", str(folder / "out")]) == 0
    return folder / "out"


def test_analyze_writes_indices_figures_and_warnings(
        sobol_out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(sobol_out), "--lang", "de", "--format", "png"]) == 0
    text = capsys.readouterr()
    sens = sobol_out / "analysis" / "sensitivity"
    for name in ("indices.csv", "convergence.csv", "noise.csv", "summary.json",
                 "figures/de/figures.json", "figures/de/sobol_bars.png"):
        assert (sens / name).is_file(), name
    assert "y (sobol): x" in text.out and "Warning: Too few runs" in text.err
    assert not (sens / "figures" / "en").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--outcomes", "nope"], "outcome 'nope' matches no outcome"),
    (["--target-year", "2030"], "--target-year 2030: no selected outcome"),
    (["--scenario", "other"], "scenario 'other' is not in this result folder"),
    (["--lang", "fr"], "unknown language 'fr'"),
])
def test_analyze_rejects_bad_input_with_exit_2(
        sobol_out: Path, capsys: pytest.CaptureFixture[str], args: list[str],
        message: str) -> None:
    assert main(["analyze", str(sobol_out), *args]) == 2
    assert message in capsys.readouterr().err


def test_analyze_rejects_folders_that_hold_no_results(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(tmp_path / "missing")]) == 2
    assert "no such folder" in capsys.readouterr().err
    assert main(["analyze", str(tmp_path)]) == 2
    assert "not an airace result folder" in capsys.readouterr().err


def test_study_command_adds_a_sensitivity_section_to_the_report(
        sobol_out: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(sobol_out, out, ignore=shutil.ignore_patterns("analysis", ".lock"))
    study = tmp_path / "ishi.yaml"
    study.write_text((out / "study.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["study", str(study), "--out", str(out), "--lang", "en",
                 "--format", "svg"]) == 0  # all runs are there: analyse, plot, report
    report = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="sensitivity"' in report and "Too few runs" in report
    assert (out / "analysis" / "sensitivity" / "figures" / "de" / "figures.json").is_file()


@pytest.mark.parametrize("lang", ["en", "de"])
def test_sensitivity_figures_name_parameters_by_their_labels(lang: str) -> None:
    names = ("grid_gw_per_year.EU", "distillation_share", "a_users_own_input")
    layout = Layout("sobol", names, ((0, 1),) * 3, None, None, False, 4, 8, 1, 1)
    inp = FigureInput(pd.DataFrame(), pd.DataFrame(), layout, "baseline", 2030, [])
    shown = [inp.factor_label(n, lang).replace("\n", " ") for n in names]
    assert shown[:2] == [i18n.param_label(n, lang) for n in names[:2]]
    assert "_" not in shown[0] + shown[1] and shown[0].endswith(", EU")
    assert shown[2] == "a_users_own_input"   # another model's input keeps its name
    long = "cn_vendor_capacity_growth"   # wraps on an axis; one line, spaces kept, in legends
    assert inp.factor_name(long, lang) == i18n.param_label(long, lang)
    assert inp.factor_label(long, lang).replace("\n", " ") == inp.factor_name(long, lang)
    assert "\n" in inp.factor_label(long, "de") and "\n" not in inp.factor_name(long, "de")
