"""`airace plot`, `airace report` and `airace study` end to end, on folders built by the real
engine (Ray runner and result store), and their clear errors on bad input."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from airace.cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def toy_dir(tmp_path_factory: pytest.TempPathFactory, ray_once: None) -> Path:
    """A toy-model study (y = x + 0/5/10 by scenario) run through the real engine."""
    from airace.experiments.runner import RunOptions, run_study
    from airace.experiments.study import load_study

    root = tmp_path_factory.mktemp("toy")
    study = {"name": "toy_cli", "model": "tests.toy_models:shifted",
             "scenarios": ["low", "mid", "high"], "seed": 5,
             "design": {"kind": "lhs", "samples": 8, "replicates": 2},
             "parameters": {"x": {"low": 0.0, "high": 1.0}}}
    path = root / "toy_cli.yaml"
    path.write_text(yaml.safe_dump(study), encoding="utf-8")
    summary = run_study(load_study(path), root / "out", RunOptions(workers=2))
    assert summary.status == "complete"
    return root / "out"


def test_plot_and_report_a_generic_model_in_every_format(toy_dir: Path, tmp_path: Path,
                                                         capsys: Any) -> None:
    folder = tmp_path / "out"
    shutil.copytree(toy_dir, folder)
    code, out, err = _run(capsys, "plot", str(folder), "--format", "png,pdf,svg")
    assert code == 0, err
    figs = folder / "analysis" / "figures" / "en"
    kinds = [e["kind"] for e in json.loads((figs / "figures.json").read_text())]
    assert kinds == ["differences", "distributions", "scatter"]
    for ext in ("png", "pdf", "svg"):
        assert len(list(figs.glob(f"*.{ext}"))) == 3
    diff = pd.read_csv(folder / "analysis" / "tables" / "paired_differences.csv")
    y = diff[diff["outcome"] == "y"].set_index("scenario")
    assert y.loc["mid", "mean_diff"] == pytest.approx(5.0)
    assert y.loc["high", "mean_diff"] == pytest.approx(10.0)
    assert (y["baseline"] == "low").all() and y["paired"].all()
    code, out, err = _run(capsys, "report", str(folder))
    assert code == 0, err
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert out.strip() == str(folder / "report.html")
    assert html.count("data:image/svg+xml;base64,") == 3
    assert "tests.toy_models:shifted" in html and "Difference from scenario low" in html


@pytest.fixture(scope="module")
def study_dir(tmp_path_factory: pytest.TempPathFactory, ray_once: None
              ) -> tuple[Path, int, str]:
    """`airace study` on a tiny AI-race study (real model), German figures and report."""
    root = tmp_path_factory.mktemp("study")
    study = {"name": "mini_report", "title": "Mini study",
             "description": "Does the EU gigafactory programme raise the EU's compute share?",
             "scenarios": ["baseline", "eu_gigafactories"], "seed": 3,
             "design": {"kind": "monte_carlo", "replicates": 3},
             "parameters": {"diffusion_rate": {"low": 0.05, "high": 0.2}},
             "fixed": {"end_year": 2027}, "series": True}
    path = root / "mini.yaml"
    path.write_text(yaml.safe_dump(study), encoding="utf-8")
    out = root / "out"
    code = main(["study", str(path), "--out", str(out), "--lang", "de", "--format", "svg",
                 "--workers", "2"])
    return out, code, ""


def test_study_runs_plots_and_reports_in_german(study_dir: tuple[Path, int, str]) -> None:
    out, code, _ = study_dir
    assert code == 0
    report = (out / "report.de.html").read_text(encoding="utf-8")
    for term in ("Fragestellung", "Does the EU gigafactory programme", "EU-KI-Gigafabriken",
                 "Differenz zum Basisszenario", "Abbildung 1:", "Herkunft"):
        assert term in report
    index = json.loads((out / "analysis" / "figures" / "de" / "figures.json").read_text())
    assert index[0]["kind"] == "fan_blocs" and len(index) >= 6
    assert report.count("data:image/svg+xml;base64,") == len(index)
    assert not (out / "report.html").exists()


def _broken(tmp_path: Path, make_results: Callable[..., Path], kind: str) -> Path:
    if kind == "missing folder":
        return tmp_path / "nowhere"
    folder = make_results("broken", n_samples=2, scenarios=("baseline",), failed_runs=())
    if kind == "no manifest":
        (folder / "manifest.json").unlink()
    elif kind == "bad manifest":
        (folder / "manifest.json").write_text("{not json", encoding="utf-8")
    elif kind == "no results":
        shutil.rmtree(folder / "results")
    elif kind == "empty results":
        part = folder / "results" / "part-00000.parquet"
        pd.read_parquet(part).iloc[0:0].to_parquet(part)
        (folder / "results" / "part-00001.parquet").unlink()
    elif kind == "no design":
        (folder / "design.parquet").unlink()
    elif kind == "damaged part":
        (folder / "results" / "part-00000.parquet").write_bytes(b"PAR1 not really parquet")
    elif kind == "all runs failed":
        for part in (folder / "results").glob("part-*.parquet"):
            pd.read_parquet(part).iloc[0:0].to_parquet(part)
    return folder


@pytest.mark.parametrize("command", ["plot", "report"])
@pytest.mark.parametrize(("kind", "message"), [
    ("missing folder", "no such result folder"),
    ("no manifest", "no manifest.json"),
    ("bad manifest", "manifest.json"),
    ("no results", "results"),
    ("empty results", "no finished runs"),
    ("no design", "design.parquet"),
    ("all runs failed", "no finished runs"),
    ("damaged part", "part-00000.parquet"),
])
def test_bad_result_folders_give_a_clear_error(command: str, kind: str, message: str,
                                               tmp_path: Path, make_results: Any,
                                               capsys: Any) -> None:
    folder = _broken(tmp_path, make_results, kind)
    code, out, err = _run(capsys, command, str(folder))
    assert code == 2
    assert err.startswith("Error: ") and message in err and "Traceback" not in err
    assert str(folder) in err or folder.name in err
    assert not (folder / "report.html").exists()


@pytest.mark.parametrize(("argv", "message"), [
    (["plot", "{dir}", "--lang", "fr"], "unknown language 'fr'; allowed: en, de"),
    (["report", "{dir}", "--lang", "es"], "unknown language 'es'; allowed: en, de"),
    (["plot", "{dir}", "--format", "png,tiff"], "unknown figure format(s) 'tiff'"),
    (["plot", "{dir}", "--year", "2031"], "no outcomes for the year 2031"),
    (["report", "{dir}", "--baseline", "nope"], "baseline scenario 'nope' is not in"),
    (["study", "{dir}/nope.yaml", "--lang", "fr"], "unknown language 'fr'"),
])
def test_bad_options_give_a_clear_error(argv: list[str], message: str, result_dir: Path,
                                        capsys: Any) -> None:
    args = [a.replace("{dir}", str(result_dir)) for a in argv]
    code, out, err = _run(capsys, *args)
    assert code == 2 and message in err and "Traceback" not in err
    assert not (result_dir / "analysis").exists()
