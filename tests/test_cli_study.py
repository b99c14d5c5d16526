"""``airace study --no-sensitivity`` leaves the sensitivity analysis out, without a note; the
same study without the flag computes it (so the flag is what made the difference)."""

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
