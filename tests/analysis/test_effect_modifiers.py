"""Effect modifiers: a study can ask how each scenario's paired effect on an outcome depends
on a sampled parameter; the table holds the binned effects with intervals, the report a
figure (EN/DE), and bad declarations are input errors naming file and key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from airace.analysis.stats import effect_by_parameter
from airace.cli import main


def _paired_runs(n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    x = rng.random(n)
    noise = rng.normal(size=n)
    rows = []
    for scen, slope in (("base", 0.0), ("a", 2.0), ("b", -1.0)):
        rows.append(pd.DataFrame({"scenario": scen, "sample_id": np.arange(n), "replicate": 0,
                                  "x": x, "y": slope * x + noise}))
    return pd.concat(rows, ignore_index=True)


def test_binned_effects_follow_the_modifier() -> None:
    """Paired effects are slope * x exactly (the noise is common): each bin's mean effect is
    slope times the bin's mean x, the bins have equal counts and the intervals are tight."""
    runs = _paired_runs()
    table = effect_by_parameter(runs, "y", "x", "base", bins=4)
    assert set(table["scenario"]) == {"a", "b"} and len(table) == 8
    assert (table["n_pairs"] == 100).all()
    for scen, slope in (("a", 2.0), ("b", -1.0)):
        part = table[table["scenario"] == scen]
        np.testing.assert_allclose(part["mean_diff"], slope * part["center"], rtol=1e-12)
        assert (np.diff(part["center"]) > 0).all()
        assert ((part["center"] >= part["low"]) & (part["center"] <= part["high"])).all()
    only_a = effect_by_parameter(runs, "y", "x", "base", scenarios=["a"], bins=4)
    assert set(only_a["scenario"]) == {"a"}


def test_intervals_cover_a_noisy_effect() -> None:
    """With unpaired noise the bin means scatter around slope * x; the 95 % intervals cover
    the true bin effect in nearly every bin."""
    runs = _paired_runs(2000)
    rng = np.random.default_rng(8)
    runs["y"] += rng.normal(scale=0.5, size=len(runs))
    table = effect_by_parameter(runs, "y", "x", "base", bins=10)
    true = np.where(table["scenario"] == "a", 2.0, -1.0) * table["center"]
    covered = (table["ci_low"] <= true) & (true <= table["ci_high"])
    assert covered.mean() >= 0.8 and (table["ci_high"] - table["ci_low"]).max() < 0.5


@pytest.mark.usefixtures("ray_local")
def test_study_report_shows_the_modifier_figure(tmp_path: Path, write_study: Any) -> None:
    study = {"name": "mod", "model": "tests.toy_models:interacting", "seed": 5,
             "scenarios": ["low", "mid", "high"],
             "design": {"kind": "lhs", "samples": 60, "replicates": 1},
             "parameters": {"x": {"low": 0.0, "high": 1.0}},
             "sensitivity": False,
             "effect_modifiers": [{"outcome": "y", "parameter": "x"}]}
    out = tmp_path / "out"
    assert main(["study", str(write_study(study)), "--out", str(out), "--lang", "en,de",
                 "--format", "png,svg"]) == 0
    table = pd.read_csv(out / "analysis" / "tables" / "effect_modifiers.csv")
    high = table[table["scenario"] == "high"]
    np.testing.assert_allclose(high["mean_diff"], high["center"], rtol=1e-9)
    for lang in ("en", "de"):
        folder = out / "analysis" / "figures" / lang
        assert (folder / "effect_y_by_x.png").is_file() and (folder / "effect_y_by_x.svg").is_file()
    assert "effect_y_by_x" in (out / "report.de.html").read_text(encoding="utf-8")


BAD = [
    ([{"outcome": "y"}], "effect_modifiers[0].parameter"),
    ([{"outcome": "y", "parameter": "z"}], "is not a parameter the study varies"),
    ([{"outcome": "y", "parameter": "x", "scenarios": ["nope"]}], "effect_modifiers[0].scenarios"),
    ([{"outcome": "y", "parameter": "x", "colour": "red"}], "effect_modifiers[0].colour"),
    ("y by x", "is not a non-empty list"),
]


@pytest.mark.parametrize(("value", "message"), BAD)
def test_bad_modifiers_are_input_errors(tmp_path: Path, write_study: Any,
                                        capsys: pytest.CaptureFixture[str], value: Any,
                                        message: str) -> None:
    study = {"name": "mod", "model": "tests.toy_models:interacting", "seed": 5,
             "scenarios": ["low", "high"], "design": {"kind": "lhs", "samples": 8},
             "parameters": {"x": {"low": 0.0, "high": 1.0}}, "effect_modifiers": value}
    out = tmp_path / "out"
    assert main(["run", str(write_study(study)), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and "study.yaml" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()
