"""Start or join Ray for a study: a private local instance by default, or a cluster by address.

Locally Ray is started with ``address="local"`` (never a stray instance), no dashboard, and
with Ray's local-only mode (``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0``), which makes every Ray
process listen on 127.0.0.1 instead of all interfaces; Ray 2.60's token authentication stays
on. ``--address auto|HOST:PORT`` or ``RAY_ADDRESS`` joins an existing cluster instead; then
the driver's code can be shipped to every node as Ray ``py_modules``: the ``airace`` package
assembled with all its subpackages and data files (the source tree keeps them in top-level
folders mapped into ``airace.*``), plus the study's own model package. Shipping also gives the
workers an empty working directory, so the driver's folders never shadow the shipped code.
"""

from __future__ import annotations

import importlib
import logging
import os
import shutil
import site
import socket
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from airace.model.errors import InputError

LOCAL_ONLY_ENV = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"
SUBPACKAGES: tuple[str, ...] = ("agents", "model", "experiments", "analysis")
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc")


class RayConnectError(InputError):
    """Ray could not be started or the cluster address could not be reached."""


def cluster_address(address: str | None) -> str | None:
    """The cluster to join: ``address``, else $RAY_ADDRESS; None (or 'local') = start locally."""
    address = address or os.environ.get("RAY_ADDRESS") or None
    return None if address == "local" else address


def _site_dirs() -> list[Path]:
    dirs = [*site.getsitepackages(), site.getusersitepackages()]
    return [Path(d).resolve() for d in dirs]


def code_modules(model_spec: str, staging: Path) -> list[ModuleType | str]:
    """What to ship to cluster nodes: the ``airace`` package (assembled under ``staging``)
    and the model's own top-level package, unless they are installed from a wheel (then every
    node must have them installed too)."""
    shipped: list[ModuleType | str] = []
    installed = _site_dirs()
    airace_dir = assemble_airace(staging)
    if airace_dir is not None and not _is_installed(airace_dir, installed):
        shipped.append(str(airace_dir))
    top = model_spec.split(":")[0].split(".")[0]
    if top != "airace":
        module = importlib.import_module(top)
        path = _location(module)
        if path is not None and not _is_installed(path, installed):
            shipped.append(module)
    return shipped


def shipping_env(model_spec: str, staging: Path) -> dict[str, Any]:
    """The Ray ``runtime_env`` that makes every worker import the shipped code and nothing else.

    Ray puts the driver's current and script directories first on every worker's ``sys.path``
    (nodes are assumed to share the layout), so a driver started in a checkout would make
    workers import ``airace`` from that checkout and its subpackages from the node's own
    install. An empty ``working_dir`` switches that off; the workers run in a copy of it.
    """
    workdir = staging / "workdir"
    workdir.mkdir()
    return {"py_modules": code_modules(model_spec, staging), "working_dir": str(workdir)}


def assemble_airace(staging: Path) -> Path | None:
    """Copy the ``airace`` package with every subpackage and data file into ``staging/airace``
    (the layout an installed wheel has) and return that folder; None if it is a wheel install
    already laid out that way."""
    root = _location(sys.modules[__name__.split(".")[0]])  # the airace package (always loaded)
    if root is None:
        return None
    parts = {name: _location(importlib.import_module(f"airace.{name}")) for name in SUBPACKAGES}
    if all(p is not None and p.parent == root for p in parts.values()):
        return root
    target = staging / "airace"
    shutil.copytree(root, target, ignore=_IGNORE)
    for name, path in parts.items():
        if path is not None and not (target / name).exists():
            shutil.copytree(path, target / name, ignore=_IGNORE)
    return target


def _location(module: ModuleType) -> Path | None:
    paths = list(getattr(module, "__path__", None) or [])  # packages, namespace packages too
    where = paths[0] if paths else getattr(module, "__file__", None)
    return Path(where).resolve() if where else None


def _is_installed(path: Path, site_dirs: list[Path]) -> bool:
    return any(path.is_relative_to(d) for d in site_dirs)


def cluster_info() -> dict[str, Any]:
    """Nodes and CPUs of the connected Ray cluster."""
    import ray

    nodes = [n for n in ray.nodes() if n.get("Alive")]
    return {"nodes": len(nodes), "cpus": int(ray.cluster_resources().get("CPU", 0)),
            "ray_version": ray.__version__}


def check_reachable(address: str, timeout: float = 5.0) -> None:
    """Fail fast when a HOST:PORT address does not accept connections (Ray would wait long)."""
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit() or "://" in address:
        return  # 'auto' and ray:// addresses are resolved by Ray itself
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as exc:
        raise RayConnectError(f"cannot start or join the Ray cluster at {address!r}: nothing "
                              f"answers there ({exc}); allowed: --address auto, --address "
                              "HOST:PORT of a running head node (see docs/cluster.md), or no "
                              "--address to run locally") from exc


@contextmanager
def ray_session(address: str | None = None, workers: int | None = None,
                ship_code: bool | None = None, model_spec: str = "airace.model:simulate"
                ) -> Iterator[dict[str, Any]]:
    """Use the Ray already initialised in this process, or start/join one for the block."""
    if "ray" in sys.modules and sys.modules["ray"].is_initialized():
        yield {**cluster_info(), "address": "existing"}
        return
    target = cluster_address(address)
    if target is None:
        os.environ.setdefault(LOCAL_ONLY_ENV, "0")
    import ray

    kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                              "logging_level": logging.ERROR}
    if target is None:
        kwargs.update(address="local", num_cpus=workers or os.cpu_count() or 1)
    else:
        check_reachable(target)
        kwargs.update(address=target)
    with tempfile.TemporaryDirectory(prefix="airace-ship-") as staging:
        if target is not None and (ship_code is None or ship_code):
            kwargs["runtime_env"] = shipping_env(model_spec, Path(staging))
        yield from _connected(ray, kwargs, target)


def _connected(ray: ModuleType, kwargs: dict[str, Any], target: str | None
               ) -> Iterator[dict[str, Any]]:
    try:
        ray.init(**kwargs)
    except (ConnectionError, RuntimeError, ValueError, TimeoutError) as exc:
        where = f"the Ray cluster at {target!r}" if target else "a local Ray instance"
        raise RayConnectError(f"cannot start or join {where}: {exc}; allowed: --address auto, "
                              "--address HOST:PORT of a running head node (see docs/cluster.md),"
                              " or no --address to run locally") from exc
    try:
        yield {**cluster_info(), "address": target or "local"}
    finally:
        ray.shutdown()
