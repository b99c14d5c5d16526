"""Code shipping to a real cluster of ``ray start`` processes, as docs/cluster.md sets it up.

A head node and a second node are started with the ``ray`` command line (token
authentication, their own temporary folder and ports), ``airace run --address HEAD:PORT``
runs a small AI-race study with two scenarios on them with the default code shipping, and
the results must equal a local run exactly. The drivers start in the repository root, as in
the documentation: Ray puts a driver's working directory first on every worker's path, which
must not shadow the shipped code. Unlike ``ray.cluster_utils.Cluster`` (one process, one file
system), the nodes here only see what is shipped or installed.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from airace.experiments.raysession import assemble_airace, shipping_env
from airace.experiments.runner import RunOptions, run_study
from airace.experiments.store import load_results
from airace.experiments.study import load_study
from airace.model.scenarios import scenario_names

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 90.0
STUDY: dict[str, Any] = {
    "name": "shipping", "scenarios": ["baseline", "eu_gigafactories"], "seed": 20250101,
    "design": {"kind": "monte_carlo", "replicates": 3},
    "parameters": {"algo_halving_months": {"dist": "triangular", "low": 5, "mode": 8,
                                           "high": 14}},
    "series": True,
}
# Runs one task on every node and reports where the worker imported airace from.
PROBE = """
import json, sys, time
import ray
from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy
from airace.experiments.raysession import ray_session

@ray.remote(num_cpus=1)
def where():
    import airace, airace.model, airace.model.scenarios as scenarios
    return {"airace": airace.__file__, "model": airace.model.__file__,
            "scenarios": scenarios.scenario_names()}

with ray_session(address=sys.argv[1]):
    deadline = time.monotonic() + 60
    while len([n for n in ray.nodes() if n["Alive"]]) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    nodes = [n["NodeID"] for n in ray.nodes() if n["Alive"]]
    print(json.dumps(ray.get([where.options(
        scheduling_strategy=NodeAffinitySchedulingStrategy(n, soft=False)).remote()
        for n in nodes])))
"""
CLI = "import sys; from airace.cli import main; sys.exit(main(sys.argv[1:]))"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("", 0))
        return int(s.getsockname()[1])


def _cluster_env(token_file: Path) -> dict[str, str]:
    """This process's environment without Ray settings (the tests' local-only mode, an
    address) and without the source tree on PYTHONPATH; token authentication on."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAY_")}
    path = [p for p in env.get("PYTHONPATH", "").split(os.pathsep)
            if p and Path(p).resolve() != ROOT]
    env["PYTHONPATH"] = os.pathsep.join(path)
    env.update(RAY_AUTH_MODE="token", RAY_AUTH_TOKEN_PATH=str(token_file),
               RAY_USAGE_STATS_ENABLED="0", RAY_GRACEFUL_SHUTDOWN_DRAIN_TIMEOUT_S="0")
    return env


class RayStartCluster:
    """Nodes started with ``ray start --block``, each in its own process group, stopped by
    signalling exactly those groups (``ray stop`` would stop every Ray on the machine)."""

    def __init__(self, base: Path, logs: Path) -> None:
        self.temp_dir = base / "ray"  # short: Ray's socket paths must stay under 108 bytes
        self.temp_dir.mkdir()
        self.logs = logs
        token = base / "auth_token"
        token.write_text(secrets.token_hex(32), encoding="utf-8")
        token.chmod(0o600)
        self.env = _cluster_env(token)
        self.port = _free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.nodes: list[tuple[subprocess.Popen, Path]] = []

    def start(self, *args: str) -> tuple[subprocess.Popen, Path]:
        """Start one node (``ray start ARGS --block``) without waiting for it."""
        log = self.logs / f"node{len(self.nodes)}.log"
        cmd = [sys.executable, "-m", "ray.scripts.scripts", "start", *args, "--block",
               "--num-cpus=1", f"--temp-dir={self.temp_dir}", "--disable-usage-stats",
               "--object-store-memory=100000000", "--min-worker-port=0", "--max-worker-port=0",
               f"--dashboard-agent-listen-port={_free_port()}"]
        with open(log, "wb") as fh:
            proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, env=self.env,
                                    cwd=self.logs, start_new_session=True)
        self.nodes.append((proc, log))
        return proc, log

    def wait_started(self, node: tuple[subprocess.Popen, Path]) -> None:
        """Wait until ``ray start`` reports the node running; fail with its log otherwise."""
        proc, log = node
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            text = log.read_text(errors="replace")
            if "Ray runtime started" in text:
                return
            if proc.poll() is not None:
                break
            time.sleep(0.2)
        pytest.fail(f"ray start did not come up (exit code {proc.poll()}):\n{text[-3000:]}")

    def stop(self) -> None:
        """SIGTERM each ``ray start`` (it shuts its node's processes down), then SIGKILL
        whatever is left of their process groups."""
        for proc, _ in reversed(self.nodes):
            proc.terminate()
        for proc, _ in reversed(self.nodes):
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=20)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@pytest.fixture
def ray_start_cluster(tmp_path: Path) -> Iterator[RayStartCluster]:
    """A head node started with ``ray start``; always stopped again, also on failure."""
    if importlib.util.find_spec("ray.scripts.scripts") is None:
        pytest.skip("the ray command line (ray.scripts.scripts) is not installed")
    base = Path(tempfile.mkdtemp(prefix="airace-ray-"))
    try:
        cluster = RayStartCluster(base, tmp_path)
        try:
            yield cluster
        finally:
            cluster.stop()
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _driver(cluster: RayStartCluster, *args: str) -> subprocess.CompletedProcess:
    """Run a driver process in the repository root, the way the documentation does."""
    proc = subprocess.run([sys.executable, *args], cwd=ROOT, env=cluster.env, text=True,
                          capture_output=True, timeout=180)
    assert proc.returncode == 0, f"driver failed ({proc.returncode}):\n{proc.stderr[-3000:]}"
    return proc


def test_ray_start_cluster_runs_the_shipped_code_and_equals_a_local_run(
        ray_local: None, ray_start_cluster: RayStartCluster, tmp_path: Path) -> None:
    cluster = ray_start_cluster
    head = cluster.start("--head", f"--port={cluster.port}", "--include-dashboard=false")
    study_file = tmp_path / "shipping.yaml"
    study_file.write_text(yaml.safe_dump(STUDY, sort_keys=False), encoding="utf-8")
    local = run_study(load_study(study_file), tmp_path / "local", RunOptions())  # meanwhile
    assert local.status == "complete" and local.failed == 0
    cluster.wait_started(head)
    cluster.wait_started(cluster.start(f"--address={cluster.address}"))

    probe = json.loads(_driver(cluster, "-c", PROBE, cluster.address).stdout)
    assert len(probe) == 2, probe
    shipped_root = cluster.temp_dir.resolve()
    for seen in probe:
        for name in ("airace", "model"):
            where = Path(seen[name]).resolve()
            assert where.is_relative_to(shipped_root) and "runtime_resources" in where.parts, (
                f"a worker imported {name} from {where}, not from the shipped code")
        assert seen["scenarios"] == scenario_names()

    out = tmp_path / "cluster_out"
    _driver(cluster, "-c", CLI, "run", str(study_file), "--address", cluster.address,
            "--out", str(out), "--batch-size", "1")
    remote, here = load_results(out), load_results(tmp_path / "local")
    assert remote.manifest["ray"]["nodes"] == 2 and remote.failures.empty
    assert len(remote.results) == 6 and set(remote.results["scenario"]) == set(STUDY["scenarios"])
    pd.testing.assert_frame_equal(remote.results, here.results, check_exact=True)
    pd.testing.assert_frame_equal(remote.series, here.series, check_exact=True)


def test_assemble_airace_stages_every_subpackage_with_its_data(tmp_path: Path) -> None:
    staged = assemble_airace(tmp_path)
    assert staged == tmp_path / "airace"
    assert (staged / "model" / "data" / "scenarios" / "baseline.yaml").is_file()
    for name in ("agents", "model", "experiments", "analysis"):
        assert (staged / name / "__init__.py").is_file(), name
    assert (staged / "model" / "markets" / "__init__.py").is_file()
    assert (staged / "experiments" / "studies" / "quickstart.yaml").is_file()
    assert not [p for p in staged.rglob("*") if p.name == "__pycache__" or p.suffix == ".pyc"]
    source = {p.relative_to(ROOT / "model") for p in (ROOT / "model").rglob("*.yaml")}
    assert source and {p.relative_to(staged / "model")
                       for p in (staged / "model").rglob("*.yaml")} == source


def test_the_staged_package_imports_on_its_own(tmp_path: Path) -> None:
    """A fresh interpreter with only the staged folder on its path (as a Ray worker has the
    shipped one) imports every subpackage and finds the scenario files there."""
    staged = assemble_airace(tmp_path / "stage")
    code = ("import json, airace, airace.agents, airace.analysis, airace.experiments, "
            "airace.model.scenarios as s; print(json.dumps([m.__file__ for m in "
            "(airace, airace.agents, airace.analysis, airace.experiments, s)] + "
            "[s.scenario_names()]))")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(staged.parent)
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, text=True,
                         capture_output=True, timeout=120, check=True).stdout
    *files, names = json.loads(out)
    assert all(Path(f).resolve().is_relative_to(staged.resolve()) for f in files), files
    assert names == scenario_names()


def test_shipping_env_hides_the_drivers_folders(tmp_path: Path) -> None:
    env = shipping_env("airace.model:simulate", tmp_path)
    workdir = Path(env["working_dir"])
    assert workdir.is_dir() and not list(workdir.iterdir())
    assert [Path(m) for m in env["py_modules"]] == [tmp_path / "airace"]
