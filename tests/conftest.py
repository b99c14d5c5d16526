"""Shared fixtures: one local Ray instance per test session, study-file helpers, toy models.

Ray takes seconds to start, so tests that need it share one instance (``ray_local``) that
starts on first use and stops at the end of the session. A test that needs its own cluster
(``ray.cluster_utils.Cluster``) shuts the shared one down; the next ``ray_local`` user starts
it again.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
# Ray workers and CLI subprocesses import tests.toy_models from the source tree.
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(ROOT), *[p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]])
# Ray's local-only mode: every Ray process of the tests listens on 127.0.0.1 only.
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")

RAY_TEST_ARGS: dict[str, Any] = {"num_cpus": 2, "include_dashboard": False,
                                 "log_to_driver": False, "object_store_memory": 200 * 2**20}


def start_local_ray() -> None:
    """Start the shared local Ray instance unless one is running in this process."""
    import logging

    import ray

    if not ray.is_initialized():
        ray.init(address="local", logging_level=logging.ERROR, **RAY_TEST_ARGS)


@pytest.fixture(scope="session")
def _ray_shutdown_at_end() -> Iterator[None]:
    yield
    import ray

    ray.shutdown()


@pytest.fixture
def ray_local(_ray_shutdown_at_end: None) -> Iterator[None]:
    """A running local Ray instance with 2 CPUs, shared by the whole session."""
    start_local_ray()
    yield


@pytest.fixture
def models() -> Iterator[list[Any]]:
    """A list to put AI-race models in; all are released afterwards (agents removed, Mesa
    3.3's class-level reference dropped)."""
    from airace.model.simulation import forget_model

    made: list[Any] = []
    yield made
    for m in made:
        forget_model(m)
        m.remove_all_agents()


@pytest.fixture
def write_study(tmp_path: Path) -> Callable[..., Path]:
    """Write a study (a dict, or YAML text) to tmp_path/NAME.yaml and return its path."""

    def write(content: dict[str, Any] | str, name: str = "study") -> Path:
        path = tmp_path / f"{name}.yaml"
        text = content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path

    return write


def _toy_study(model: str = "tests.toy_models:shifted", **overrides: Any) -> dict[str, Any]:
    study: dict[str, Any] = {
        "name": "toy", "model": model, "scenarios": ["low", "high"], "seed": 7,
        "design": {"kind": "lhs", "samples": 10, "replicates": 3},
        "parameters": {"x": {"low": 0.0, "high": 1.0}},
    }
    study.update(overrides)
    return study


def _airace_study(**overrides: Any) -> dict[str, Any]:
    study: dict[str, Any] = {
        "name": "mini", "scenarios": ["baseline"], "seed": 11,
        "design": {"kind": "monte_carlo", "replicates": 2},
        "parameters": {"diffusion_rate": {"dist": "uniform", "low": 0.02, "high": 0.1}},
        "outcomes": ["compute_share.*@2030"],
    }
    study.update(overrides)
    return study


@pytest.fixture
def toy_study() -> Callable[..., dict[str, Any]]:
    """Builder of a small valid toy-model study (LHS over x, scenarios low/high, 3 replicates)."""
    return _toy_study


@pytest.fixture
def airace_study() -> Callable[..., dict[str, Any]]:
    """Builder of a small valid AI-race study (Monte Carlo over diffusion_rate, baseline)."""
    return _airace_study
