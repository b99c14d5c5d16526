"""``airace study --no-sensitivity`` (or ``sensitivity: false`` in the study file) leaves the
sensitivity analysis out, without a note; the same study without them computes it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from airace.cli import main


@pytest.mark.usefixtures("ray_local")
def test_no_sensitivity_skips_the_analysis_silently(
        tmp_path: Path, write_study: Any, toy_study: Any,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = write_study(toy_study(design={"kind": "lhs", "samples": 30, "replicates": 1}))
    out = tmp_path / "out"
    args = ["study", str(path), "--out", str(out), "--lang", "en", "--format", "svg"]
    sens = out / "analysis" / "sensitivity"

    assert main([*args, "--no-sensitivity"]) == 0
    err = capsys.readouterr().err
    assert "Note:" not in err and not sens.exists()
    assert 'id="sensitivity"' not in (out / "report.html").read_text(encoding="utf-8")

    assert main(args) == 0                      # resumes: nothing to run, now with the analysis
    assert (sens / "indices.csv").is_file()
    assert 'id="sensitivity"' in (out / "report.html").read_text(encoding="utf-8")


@pytest.mark.usefixtures("ray_local")
def test_a_study_can_declare_that_it_asks_no_sensitivity_question(
        tmp_path: Path, write_study: Any, toy_study: Any,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``sensitivity: false`` in the study file does what the flag does, without the flag."""
    path = write_study({**toy_study(design={"kind": "lhs", "samples": 30, "replicates": 1}),
                        "sensitivity": False})
    out = tmp_path / "out"
    assert main(["study", str(path), "--out", str(out), "--lang", "en", "--format", "svg"]) == 0
    assert "Note:" not in capsys.readouterr().err
    assert not (out / "analysis" / "sensitivity").exists()


def test_the_sensitivity_key_takes_true_or_false(
        tmp_path: Path, write_study: Any, toy_study: Any,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = write_study({**toy_study(), "sensitivity": "no"})
    out = tmp_path / "out"
    assert main(["study", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "key 'sensitivity'" in err and "true" in err and "false" in err
    assert not out.exists()


def test_changing_the_robustness_block_keeps_the_runs(write_study: Any, toy_study: Any) -> None:
    """The 'robustness' block is analysis only: a changed target keeps the study's hash (the
    runs resume), while a changed design does not."""
    from airace.experiments.study import load_study

    base = {**toy_study(), "robustness": {"outcomes": {"y": {"direction": "maximize"}}}}
    a = load_study(write_study(base, "a"))
    other = {"outcomes": {"y": {"direction": "minimize"}}}
    b = load_study(write_study({**base, "robustness": other}, "b"))
    c = load_study(write_study({**base, "seed": 8}, "c"))
    assert a.sha256 == b.sha256 != c.sha256
