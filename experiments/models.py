"""Resolve the model a study runs: the AI-race model or any importable ``module:function``.

The contract (docs/ARCHITECTURE.md): ``f(params: dict, seed: int) -> dict[str, float]``; if
``f`` also takes a ``scenario`` keyword it receives the scenario name. ``f(params, seed,
scenario)`` without a default is accepted too, for studies that list their scenarios. The
AI-race model (``airace.model:simulate``) additionally offers quarterly series through
``airace.model:simulate_series``; the name it had before the package was installed as
``airace.*`` (``model:simulate``) is still accepted as an alias.
"""

from __future__ import annotations

import importlib
import inspect
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

from airace.model.errors import InputError

AIRACE_MODEL = "airace.model:simulate"
AIRACE_SERIES = "airace.model:simulate_series"
LEGACY_ALIASES = {"model:simulate": AIRACE_MODEL}
_SPEC = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")


class ModelSpecError(InputError):
    """A study names a model that cannot be imported or does not follow the contract."""


@dataclass(frozen=True)
class ModelInfo:
    """What the runner needs to know about a model before it runs."""

    spec: str
    accepts_scenario: bool
    requires_scenario: bool = False  # f(params, seed, scenario) without a default

    @property
    def is_airace(self) -> bool:
        """True for the AI-race model, whose parameters and scenarios are validated."""
        return self.spec == AIRACE_MODEL


def _add_to_path(dirs: tuple[Path, ...]) -> bool:
    """Append ``dirs`` to sys.path and PYTHONPATH (inherited by local Ray workers)."""
    new = [str(d) for d in dirs if str(d) not in sys.path]
    sys.path.extend(new)
    if new:
        old = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
        os.environ["PYTHONPATH"] = os.pathsep.join([*old, *new])
    return bool(new)


def _import(module_name: str, search: tuple[Path, ...]) -> ModuleType:
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name.split(".")[0] or not _add_to_path(search):
            raise
    return importlib.import_module(module_name)


def load_function(spec: str, where: str = "model", search: tuple[Path, ...] = ()
                  ) -> Callable[..., Any]:
    """Import ``module:function`` (also from the folders ``search``) and return the callable."""
    if not isinstance(spec, str) or not _SPEC.match(spec):
        raise ModelSpecError(f"{where} = {spec!r} is not a model reference; allowed: "
                             f"'{AIRACE_MODEL}' (the AI-race model) or 'package.module:function'")
    module_name, func_name = spec.split(":")
    try:
        module = _import(module_name, search)
    except ImportError as exc:
        raise ModelSpecError(f"{where} = {spec!r}: cannot import module '{module_name}' ({exc}); "
                             "allowed: a module importable on this machine and every Ray node"
                             ) from exc
    func = getattr(module, func_name, None)
    if not callable(func):
        raise ModelSpecError(f"{where} = {spec!r}: module '{module_name}' has no callable "
                             f"'{func_name}'")
    return func


def accepts_scenario(func: Callable[..., Any]) -> bool:
    """True when ``func`` takes a ``scenario`` keyword (or ``**kwargs``)."""
    params = inspect.signature(func).parameters.values()
    return any(p.name == "scenario" or p.kind is p.VAR_KEYWORD for p in params)


def inspect_model(spec: str, where: str = "model", search: tuple[Path, ...] = ()) -> ModelInfo:
    """Import ``spec``, check it can be called as ``f(params, seed)`` or
    ``f(params, seed, scenario=...)`` and describe it.

    A module not found on the path is looked for in ``search`` (the study file's folder and
    the working directory), which is then added to the path of this process and its workers.
    """
    func = load_function(spec, where, search)
    try:
        signature = inspect.signature(func)
    except ValueError:  # builtins without a signature: trust the contract
        return ModelInfo(spec, False)
    try:
        signature.bind({}, 0)
    except TypeError as exc:
        if accepts_scenario(func) and _binds_with_scenario(signature):
            return ModelInfo(spec, True, requires_scenario=True)
        raise ModelSpecError(f"{where} = {spec!r}: the function cannot be called as "
                             f"f(params, seed) ({exc}); allowed: f(params: dict, seed: int, "
                             "[scenario: str]) -> dict[str, float]") from exc
    return ModelInfo(spec, accepts_scenario(func))


def _binds_with_scenario(signature: inspect.Signature) -> bool:
    """True when the signature takes ``(params, seed, scenario=...)``."""
    try:
        signature.bind({}, 0, scenario="default")
    except TypeError:
        return False
    return True


@lru_cache(maxsize=8)
def model_callable(spec: str, series: bool) -> Callable[[dict, int, str], tuple[dict, Any]]:
    """A uniform ``call(params, seed, scenario) -> (outcomes, series or None)`` for a model."""
    if series:
        if spec != AIRACE_MODEL:
            raise ModelSpecError(f"model = {spec!r}: quarterly series are only available for "
                                 f"the AI-race model '{AIRACE_MODEL}'")
        series_func = load_function(AIRACE_SERIES)
        return lambda params, seed, scenario: series_func(params, seed, scenario)
    func = load_function(spec)
    if accepts_scenario(func):
        return lambda params, seed, scenario: (func(params, seed, scenario=scenario), None)
    return lambda params, seed, scenario: (func(params, seed), None)
