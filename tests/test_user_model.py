"""A user's own ``model.py`` next to their study runs as ``model: model:run``: airace installs
as ``airace.*`` and no longer owns the top-level name ``model``.

Each test runs the installed interpreter in a temporary folder outside the repository, with no
PYTHONPATH (the test session puts the source tree on it), as a user's shell would.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from airace.experiments.store import load_results

ROOT = Path(__file__).resolve().parents[1]

PLAIN_MODEL = '''
def run(params, seed):
    """A user's model: one outcome from one parameter and the seed."""
    return {"y": 3.0 * params["a"] + seed % 5}
'''

MESA_MODEL = '''
import mesa


class Walker(mesa.Agent):
    """Walks a random distance each step."""

    def __init__(self, model, speed):
        super().__init__(model)
        self.speed = speed
        self.position = 0.0

    def step(self):
        self.position += self.speed * self.model.rng.uniform(0.5, 1.5)


class Race(mesa.Model):
    """n walkers for a number of steps."""

    def __init__(self, n=4, speed=1.0, rng=None):
        super().__init__(rng=rng)
        for _ in range(n):
            Walker(self, speed)

    def step(self):
        self.agents.shuffle_do("step")


def run(params, seed):
    """The study's entry point: one Race, its mean and largest position after 10 steps."""
    model = Race(n=int(params["n"]), speed=params["speed"], rng=seed)
    for _ in range(10):
        model.step()
    positions = model.agents.get("position")
    model.remove_all_agents()
    return {"mean_position": sum(positions) / len(positions), "lead": max(positions)}
'''


def _clean_env() -> dict[str, str]:
    """This process's environment without the source tree on PYTHONPATH."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def _airace(*args: str, cwd: Path, timeout: float = 180) -> subprocess.CompletedProcess:
    """Run the installed ``airace`` command line (in its own session, so Ray's helpers can be
    cleaned up with it)."""
    code = "import sys; from airace.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen([sys.executable, "-c", code, *args], cwd=cwd, env=_clean_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _load_file(path: Path, name: str) -> ModuleType:
    """Import ``path`` under ``name`` in this process (not as ``model``)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _project(tmp_path: Path, model_code: str, study: dict[str, Any]) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "model.py").write_text(textwrap.dedent(model_code), encoding="utf-8")
    path = folder / "study.yaml"
    path.write_text(json.dumps(study), encoding="utf-8")  # JSON is YAML
    return path


def _run_study(tmp_path: Path, study: Path) -> Any:
    """``airace run`` from the folder above the project (the study names model:run)."""
    done = _airace("run", str(study), "--out", str(tmp_path / "out"), "--workers", "1",
                   cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return load_results(tmp_path / "out").results


def test_a_users_model_py_runs_as_model_run(tmp_path: Path) -> None:
    study = _project(tmp_path, PLAIN_MODEL, {
        "model": "model:run", "seed": 3, "design": {"kind": "grid", "levels": 3},
        "parameters": {"a": [0, 2]}})
    results = _run_study(tmp_path, study)
    user = _load_file(study.parent / "model.py", "user_plain_model")
    assert results["a"].tolist() == [0.0, 1.0, 2.0]
    for row in results.itertuples():
        assert row.y == user.run({"a": row.a}, int(row.seed))["y"]


def test_a_users_mesa_model_py_runs_as_model_run(tmp_path: Path) -> None:
    study = _project(tmp_path, MESA_MODEL, {
        "model": "model:run", "seed": 5, "design": {"kind": "grid", "levels": 2,
                                                    "replicates": 2},
        "parameters": {"speed": [0.5, 2.0]}, "fixed": {"n": 6}})
    results = _run_study(tmp_path, study)
    user = _load_file(study.parent / "model.py", "user_mesa_model")
    assert len(results) == 4 and sorted(set(results["speed"])) == [0.5, 2.0]
    for row in results.itertuples():
        expected = user.run({"n": 6, "speed": row.speed}, int(row.seed))
        assert row.mean_position == pytest.approx(expected["mean_position"], rel=1e-12)
        assert row.lead == pytest.approx(expected["lead"], rel=1e-12)
    fast, slow = (results[results["speed"] == s]["mean_position"].mean() for s in (2.0, 0.5))
    assert fast > slow


INSTALLED_CHECK = '''
import importlib, inspect, json, sys
from pathlib import Path

bare = {}
for name in ("model", "agents", "experiments", "analysis"):
    try:
        importlib.import_module(name)
        bare[name] = "imported"
    except ModuleNotFoundError:
        bare[name] = "not found"

import mesa
import pandas as pd
from airace.model import AIRaceModel, simulate

outcomes = simulate({"end_year": 2026}, seed=2)
params = {"end_year": 2026, "regulation.EU": [0.4, 0.8]}
seeding = ({"rng": [2]} if "rng" in inspect.signature(mesa.batch_run).parameters  # Mesa 3.5
           else {"iterations": 1})
if "iterations" in seeding:                                                        # Mesa 3.3
    params["rng"] = 2
rows = pd.DataFrame(mesa.batch_run(AIRaceModel, params, number_processes=1,
                                   data_collection_period=-1, display_progress=False, **seeding))
print(json.dumps({
    "bare": bare, "mesa": mesa.__version__, "n_outcomes": len(outcomes),
    "share_eu": outcomes["compute_share.EU@2025"],
    "batch_rows": len(rows), "batch_steps": sorted(set(rows["Step"])),
    "batch_regulation": sorted(set(rows["regulation.EU"])),
    "cwd": str(Path.cwd().resolve()),
    "sys_path_has_root": any(Path(p or ".").resolve() == Path(sys.argv[1]).resolve()
                             for p in sys.path),
}))
'''


def test_installed_package_owns_only_the_airace_name(tmp_path: Path) -> None:
    """Outside the repository: the bare names do not import, airace.model does, and
    mesa.batch_run drives AIRaceModel."""
    done = subprocess.run([sys.executable, "-c", INSTALLED_CHECK, str(ROOT)], cwd=tmp_path,
                          env=_clean_env(), capture_output=True, text=True, timeout=180,
                          check=False)
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout)
    assert not info["sys_path_has_root"] and info["cwd"] == str(tmp_path.resolve())
    assert info["bare"] == dict.fromkeys(("model", "agents", "experiments", "analysis"),
                                         "not found")
    assert info["n_outcomes"] > 0 and 0 < info["share_eu"] < 1
    assert info["batch_rows"] == 2 and info["batch_steps"] == [7]   # 8 quarters to 2026Q4
    assert info["batch_regulation"] == [0.4, 0.8]
