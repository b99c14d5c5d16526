"""Run one batch of runs inside a worker: every run in its own try/except, nothing shared.

This module has no Ray import; the runner wraps :func:`run_batch` as a Ray task, and tests
can call it directly.
"""

from __future__ import annotations

import json
import numbers
import sys
import time
import traceback
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from airace.experiments.models import AIRACE_MODEL, model_callable
from airace.experiments.names import match_names

SERIES_INDEX: tuple[str, ...] = ("run_id", "step", "year", "quarter")


@dataclass(frozen=True)
class BatchJob:
    """A batch: the model, what to keep, and runs as (run_id, scenario, seed, params)."""

    model: str
    outcomes: tuple[str, ...]
    series: tuple[str, ...] | None
    runs: list[tuple[int, str, int, dict[str, Any]]]
    reserved: tuple[str, ...] = ()  # design columns that an outcome must not be named


@dataclass
class BatchResult:
    """What a batch sends back: outcomes of finished runs, failures, series, timings."""

    run_ids: list[int] = field(default_factory=list)
    outcomes: list[dict[str, float]] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)
    series: pd.DataFrame | None = None
    seconds: float = 0.0

    @property
    def n_runs(self) -> int:
        """Number of runs in the batch, finished or failed."""
        return len(self.run_ids) + len(self.failures)


def run_batch(job: BatchJob) -> BatchResult:
    """Run every run of ``job``; a run that raises becomes a failure record.

    Runs of the AI-race model that share a scenario go to ``simulate_many`` as one call; if
    that call raises, its runs are redone one by one, so only the failing run is lost.
    """
    result = BatchResult()
    frames: list[pd.DataFrame] = []
    start = time.perf_counter()
    for group in _groups(job):
        outputs = _simulate_group(job, group) if len(group) > 1 else None
        for i, run in enumerate(group):
            _record(job, run, result, frames, None if outputs is None else outputs[i])
    result.seconds = time.perf_counter() - start
    if frames:
        result.series = pd.concat(frames, ignore_index=True)
    return result


Run = tuple[int, str, int, dict[str, Any]]


def _groups(job: BatchJob) -> list[list[Run]]:
    """Consecutive runs of one scenario for the AI-race model; single runs for other models."""
    if job.model != AIRACE_MODEL:
        return [[run] for run in job.runs]
    groups: list[list[Run]] = []
    for run in job.runs:
        if groups and groups[-1][0][1] == run[1]:
            groups[-1].append(run)
        else:
            groups.append([run])
    return groups


def _simulate_group(job: BatchJob, group: list[Run]) -> list[tuple[Any, Any]] | None:
    """(outcomes, series) of each run of ``group`` from one ``simulate_many`` call, or None if
    the call raised (the caller then runs them one by one)."""
    from airace.model.simulation import simulate_many  # only AI-race workers import the model

    series = job.series is not None
    try:
        out = simulate_many([dict(r[3]) for r in group], [r[2] for r in group], group[0][1],
                            series=series)
    except Exception:
        return None
    finally:
        _forget_mesa_models()
    return list(out) if series else [(o, None) for o in out]


def _record(job: BatchJob, run: Run, result: BatchResult, frames: list[pd.DataFrame],
            output: tuple[Any, Any] | None) -> None:
    """Run ``run`` unless its ``output`` is given, and add its outcomes (or failure)."""
    run_id, scenario, seed, params = run
    try:
        if output is None:
            call = model_callable(job.model, job.series is not None)
            output = call(dict(params), seed, scenario)
        outcomes, series = output
        result.outcomes.append(select_outcomes(outcomes, job.outcomes, job.reserved))
        if series is not None:
            frames.append(_series_frame(run_id, series, job.series))
        result.run_ids.append(run_id)
    except Exception as exc:
        result.failures.append({
            "run_id": run_id, "scenario": scenario, "seed": seed,
            "error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc(),
            "params": json.dumps(params, sort_keys=True, default=str)})
    finally:
        _forget_mesa_models()


def select_outcomes(outcomes: Any, wanted: tuple[str, ...], reserved: tuple[str, ...] = ()
                    ) -> dict[str, float]:
    """The requested outcomes as floats; raise if the model broke the contract."""
    if not isinstance(outcomes, dict):
        raise TypeError(f"the model returned {type(outcomes).__name__}, expected a dict of "
                        "outcome name to number")
    names = [str(k) for k in outcomes]
    clash = [n for n in names if n in reserved]
    if clash:
        raise ValueError(f"the model returned an outcome named {clash[0]!r}, which is a column "
                         f"of the design ({', '.join(reserved)}); rename it in the model")
    keep = match_names(wanted, names) if wanted else names
    if wanted:
        missing = [w for w in wanted if not match_names([w], names)]
        if missing:
            raise KeyError(f"the model returned no outcome {missing[0]!r}; it returned: "
                           f"{', '.join(names[:20])}{' ...' if len(names) > 20 else ''}")
    out = {}
    for name in keep:
        value = outcomes[name]
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"outcome {name!r} = {value!r} is not a number")
        out[name] = float(value)
    return out


def _series_frame(run_id: int, frame: pd.DataFrame, wanted: tuple[str, ...]) -> pd.DataFrame:
    index = [c for c in SERIES_INDEX[1:] if c in frame.columns]
    cols = match_names(wanted, [str(c) for c in frame.columns]) if wanted else [
        c for c in frame.columns if c not in index]
    out = frame.loc[:, [*index, *cols]].copy()
    out.insert(0, "run_id", run_id)
    return out


def _forget_mesa_models() -> None:
    """Drop Mesa 3.3's class-level per-model id counters (they keep every model alive)."""
    mesa = sys.modules.get("mesa")
    ids = getattr(getattr(mesa, "Agent", None), "_ids", None)
    if ids is not None and len(ids):
        ids.clear()
