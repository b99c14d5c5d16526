"""``airace run`` and ``airace studies`` end to end: SIGKILL mid-ensemble and resume, exit codes,
the failure summary, the shipped studies."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from airace.cli import main
from airace.experiments.run_count import count_runs
from airace.experiments.runner import run_study
from airace.experiments.store import MANIFEST, RESULTS, load_results
from airace.experiments.study import STUDY_DIR, load_study, study_names
from airace.model.parameters import REGISTRY
from airace.model.scenarios import load_scenario


def _airace(*args: str, cwd: Path) -> subprocess.Popen:
    """Start ``airace`` in its own session, so its Ray processes can be cleaned up by group."""
    code = "import sys; from airace.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _end_group(proc: subprocess.Popen) -> None:
    """Kill what is left of the process group this test started (Ray's helpers)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def _wait_for_parts(out: Path, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if list((out / RESULTS).glob("part-*.parquet")):
            return
        if proc.poll() is not None:
            pytest.fail(f"airace ended early: {proc.communicate()}")
        time.sleep(0.05)
    pytest.fail("no results part appeared")


@pytest.mark.usefixtures("ray_local")
def test_sigkill_mid_ensemble_then_resume_gives_the_uninterrupted_data(
        tmp_path: Path, write_study: Any, toy_study: Any) -> None:
    content = toy_study(model="tests.toy_models:sleepy", scenarios=["only"],
                        design={"kind": "monte_carlo", "replicates": 300}, parameters={},
                        fixed={"delay": 0.01})
    path = write_study(content, "killme")
    out = tmp_path / "out"
    proc = _airace("run", str(path), "--out", str(out), "--workers", "1", "--batch-size", "5",
                   cwd=tmp_path)
    try:
        _wait_for_parts(out, proc)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        _end_group(proc)
    assert proc.returncode == -signal.SIGKILL
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["status"] == "running"  # it never got to say goodbye
    partial = load_results(out).results
    assert 0 < len(partial) < 300

    proc = _airace("run", str(path), "--out", str(out), "--workers", "2", cwd=tmp_path)
    try:
        _, err = proc.communicate(timeout=120)
    finally:
        _end_group(proc)
    assert proc.returncode == 0, err
    assert f"({len(partial)} already finished)" in err
    resumed = load_results(out)
    assert resumed.results["run_id"].is_unique and len(resumed.results) == 300
    assert resumed.manifest["status"] == "complete"
    assert [s["workers"] for s in resumed.manifest["sessions"]] == [1, 2]

    content["fixed"] = {"delay": 0.0}  # same runs and answers, without the waiting
    reference = load_study(write_study(content, "reference"))
    run_study(reference, tmp_path / "ref")
    pd.testing.assert_frame_equal(resumed.results, load_results(tmp_path / "ref").results,
                                  check_exact=True)


@pytest.mark.slow  # the in-process interrupt test in test_runner.py covers the same path fast
def test_ctrl_c_exits_130_and_keeps_finished_runs(tmp_path: Path, write_study: Any,
                                                   toy_study: Any) -> None:
    path = write_study(toy_study(model="tests.toy_models:sleepy", scenarios=["only"],
                                 design={"kind": "monte_carlo", "replicates": 300},
                                 parameters={}, fixed={"delay": 0.01}))
    out = tmp_path / "out"
    proc = _airace("run", str(path), "--out", str(out), "--workers", "2", cwd=tmp_path)
    try:
        _wait_for_parts(out, proc)
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        _, err = proc.communicate(timeout=60)
    finally:
        _end_group(proc)
    assert proc.returncode == 130, err
    assert "Interrupted:" in err and "run the same command again to resume" in err
    assert "Traceback" not in err
    loaded = load_results(out)
    assert loaded.manifest["status"] == "interrupted"
    assert loaded.manifest["runs"]["finished"] == len(loaded.results) > 0


@pytest.mark.usefixtures("ray_local")
def test_failed_runs_exit_1_with_a_summary(tmp_path: Path, write_study: Any, toy_study: Any,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = write_study(toy_study(model="tests.toy_models:flaky", scenarios=["only"],
                                 design={"kind": "monte_carlo", "replicates": 40},
                                 parameters={"x": [0, 1]}))
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    n_failed = len(load_results(out).failures)
    assert n_failed > 0
    assert f"Error: {n_failed} of 40 runs failed:" in err
    assert "x ValueError: x = " in err and "failures.parquet" in err
    assert "Traceback" not in err
    assert main(["run", str(path), "--out", str(out)]) == 1  # resume retries only the failed
    assert f"({40 - n_failed} already finished)" in capsys.readouterr().err


@pytest.mark.usefixtures("ray_local")
def test_changed_study_is_refused_without_fresh(tmp_path: Path, write_study: Any,
                                                toy_study: Any,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    path = write_study(toy_study(design={"kind": "lhs", "samples": 4}))
    assert main(["run", str(path), "--out", str(out)]) == 0
    write_study(toy_study(design={"kind": "lhs", "samples": 5}))
    assert main(["run", str(path), "--out", str(out)]) == 2
    assert "holds results of a different study file" in capsys.readouterr().err
    assert main(["run", str(path), "--out", str(out), "--fresh"]) == 0
    assert len(load_results(out).results) == 5 * 2


def test_studies_lists_the_shipped_studies(capsys: pytest.CaptureFixture[str]) -> None:
    assert {"quickstart", "policy_comparison"} <= set(study_names())
    assert main(["studies"]) == 0
    text = capsys.readouterr().out
    assert "quickstart - " in text and "policy_comparison - " in text
    assert "invalid" not in text


def test_catalogue_commands_speak_german(capsys: pytest.CaptureFixture[str]) -> None:
    """With --lang de the listings show the German texts of studies, scenarios and parameters
    (and their labels), with --lang en (the default) the English ones."""
    study = load_study(STUDY_DIR / "quickstart.yaml")
    assert main(["studies", "--lang", "de"]) == 0
    text = capsys.readouterr().out
    assert f"quickstart - {study.title_in('de')}" in text and "Läufe" in text
    assert study.title_in("de") != study.title
    assert main(["studies"]) == 0
    assert f"quickstart - {study.title}" in capsys.readouterr().out
    par = REGISTRY["eu_export_control"]
    assert main(["params", "--group", "eu_policy", "--lang", "de", "--sources"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert par.description_in("de") in text and par.description not in text
    assert "Quelle:" in text and "Anteil" in text
    assert main(["params", "--search", "Exportkontrollen", "--lang", "de"]) == 0
    assert "eu_export_control" in capsys.readouterr().out
    baseline = load_scenario("baseline")
    assert main(["scenarios", "--lang", "de", "-v"]) == 0
    text = capsys.readouterr().out
    assert f"baseline - {baseline.title_in('de')}" in text and "Quelle:" in text


@pytest.mark.parametrize("name", study_names())
def test_shipped_studies_are_valid(name: str) -> None:
    study = load_study(STUDY_DIR / f"{name}.yaml")
    assert study.model.is_airace and count_runs(study) > 0
    assert not study.warnings


def test_unreachable_cluster_exits_2_and_writes_nothing(tmp_path: Path, write_study: Any,
                                                        toy_study: Any) -> None:
    path = write_study(toy_study())
    proc = _airace("run", str(path), "--out", str(tmp_path / "out"), "--address",
                   "127.0.0.1:1", cwd=tmp_path)
    try:
        _, err = proc.communicate(timeout=120)
    finally:
        _end_group(proc)
    assert proc.returncode == 2, err
    assert "Error: cannot start or join the Ray cluster at '127.0.0.1:1'" in err
    assert "Traceback" not in err and not (tmp_path / "out").exists()


def test_a_model_next_to_the_study_file_is_found(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "mymodel.py").write_text(
        "def run(params, seed):\n    return {'y': 2.0 * params['a'] + seed % 7}\n")
    (folder / "mine.yaml").write_text(
        "model: mymodel:run\nseed: 1\ndesign: {kind: grid, levels: 3}\nparameters: {a: [0, 1]}\n")
    proc = _airace("run", str(folder / "mine.yaml"), "--out", str(tmp_path / "out"),
                   "--workers", "1", cwd=tmp_path)
    try:
        _, err = proc.communicate(timeout=120)
    finally:
        _end_group(proc)
    assert proc.returncode == 0, err
    r = load_results(tmp_path / "out").results
    assert (r["y"] == 2.0 * r["a"] + r["seed"] % 7).all() and r["a"].tolist() == [0, 0.5, 1]


@pytest.mark.usefixtures("ray_local")
def test_old_model_name_runs_as_the_airace_model_with_a_note(
        tmp_path: Path, write_study: Any, airace_study: Any,
        capsys: pytest.CaptureFixture[str]) -> None:
    new = write_study(airace_study(model="airace.model:simulate"), name="new")
    old = write_study(airace_study(model="model:simulate"), name="old")
    assert not load_study(new).warnings
    assert any("old name of the AI-race model" in w for w in load_study(old).warnings)
    assert main(["run", str(new), "--out", str(tmp_path / "new")]) == 0
    capsys.readouterr()
    assert main(["run", str(old), "--out", str(tmp_path / "old")]) == 0
    err = capsys.readouterr().err
    assert "'model:simulate' is the old name of the AI-race model" in err
    assert "runs as 'airace.model:simulate'" in err
    pd.testing.assert_frame_equal(load_results(tmp_path / "old").results,
                                  load_results(tmp_path / "new").results)


def test_simulate_table_speaks_the_chosen_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "--seed", "3", "--until", "2026", "--lang", "de"]) == 0
    german = capsys.readouterr().out
    assert german.startswith("Szenario baseline (Basisszenario (Stand 2025)), Seed 3: "
                             "Werte im 4. Quartal")
    assert german.splitlines()[1].startswith("Kennzahl")
    row = next(line for line in german.splitlines() if line.startswith("compute_share.US"))
    assert "," in row and "." not in row.removeprefix("compute_share.US")
    assert main(["simulate", "--seed", "3", "--until", "2026"]) == 0
    english = capsys.readouterr().out
    assert english.startswith("Scenario baseline (Baseline (2025 policies)), seed 3: Q4 values")
    assert english.splitlines()[1].startswith("KPI")
