"""Run the setting and its reference with the same seeds (common random numbers): in this
process, or on a local Ray, reporting progress after every run (or batch).

Seeds are those ``airace study`` gives the saved study (``experiments.seeds.run_seed`` of the
study seed and the replicate), so the publication run repeats the explorer's numbers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from airace.experiments.seeds import run_seed
from airace.explorer.setting import REFERENCE, SETTING, Checked
from airace.model.errors import InputError

ENGINES: tuple[str, ...] = ("inprocess", "ray")
# KPIs of the fan charts and the difference table (per bloc where the KPI has blocs).
HEADLINE: tuple[str, ...] = ("compute_share", "capability_gap_months", "revenue_share",
                             "energy_twh")
RAY_BATCH = 4  # runs per Ray task (a task costs ~1 ms; a run ~25 ms)

Progress = Callable[[int, int], None]


class EngineError(InputError):
    """An unknown engine was asked for, or Ray could not be started."""


@dataclass(frozen=True)
class Run:
    """One run of the ensemble."""

    run_id: int
    arm: str          # setting | reference
    scenario: str
    replicate: int
    seed: int
    params: dict[str, Any]


@dataclass(eq=False)
class Ensemble:
    """Outcomes (one row per run: scenario = arm, sample_id, replicate, seed, outcomes) and
    quarterly series (run_id, scenario, replicate, year, reporters) of both arms."""

    results: pd.DataFrame
    series: pd.DataFrame
    failures: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    engine: str = "inprocess"

    @property
    def outcomes(self) -> list[str]:
        """Outcome columns (``kpi.BLOC@YEAR``)."""
        return [c for c in self.results.columns if "@" in c]


def plan_runs(checked: Checked) -> list[Run]:
    """Both arms for every replicate, each pair on the seed of its replicate."""
    runs: list[Run] = []
    for r in range(checked.replicates):
        seed = run_seed(checked.seed, r)
        for arm in (REFERENCE, SETTING):
            runs.append(Run(len(runs), arm, checked.scenario(arm), r, seed,
                            checked.params(arm)))
    return runs


def series_reporters() -> tuple[str, ...]:
    """Quarterly reporters kept for the fan charts."""
    from airace.model.kpi_info import reporter_names

    return tuple(n for n in reporter_names() if n.split(".")[0] in HEADLINE)


def run_ensemble(checked: Checked, engine: str = "inprocess", workers: int | None = None,
                 progress: Progress | None = None,
                 cancel: threading.Event | None = None) -> Ensemble:
    """Run both arms of ``checked`` and collect outcomes and series; ``progress(done, total)``
    is called as runs finish; setting ``cancel`` stops between runs (InterruptedError)."""
    if engine not in ENGINES:
        raise EngineError(f"engine {engine!r} is unknown; allowed: {', '.join(ENGINES)}")
    runs = plan_runs(checked)
    start = time.perf_counter()
    report = progress or (lambda done, total: None)
    if engine == "ray":
        rows, frames, failures = _on_ray(runs, workers, report, cancel)
    else:
        rows, frames, failures = _in_process(runs, report, cancel)
    return _assemble(runs, rows, frames, failures, time.perf_counter() - start, engine)


def _in_process(runs: list[Run], report: Progress, cancel: threading.Event | None
                ) -> tuple[dict[int, dict[str, float]], list[pd.DataFrame], list[dict]]:
    from airace.model import simulate_series

    keep = list(series_reporters())
    rows: dict[int, dict[str, float]] = {}
    frames: list[pd.DataFrame] = []
    failures: list[dict[str, Any]] = []
    for i, run in enumerate(runs):
        if cancel is not None and cancel.is_set():
            raise InterruptedError("cancelled")
        try:
            outcomes, series = simulate_series(run.params, run.seed, run.scenario)
        except Exception as exc:  # a failing run is reported, the others go on
            failures.append({"run_id": run.run_id, "arm": run.arm, "seed": run.seed,
                             "error": f"{type(exc).__name__}: {exc}"})
        else:
            rows[run.run_id] = outcomes
            frame = series.loc[:, ["year", *keep]].copy()
            frame.insert(0, "run_id", run.run_id)
            frames.append(frame)
        report(i + 1, len(runs))
    return rows, frames, failures


class _RayHost(threading.Thread):
    """Starts a private local Ray and lives as long as the process. Ray's helper processes
    die with the thread that started them (Linux's parent-death signal), so Ray must not be
    started from a run's short-lived worker thread."""

    def __init__(self, workers: int | None) -> None:
        super().__init__(name="airace-explorer-ray", daemon=True)
        self.workers = workers
        self.ready, self.stop = threading.Event(), threading.Event()
        self.error: Exception | None = None

    def run(self) -> None:
        """Enter the Ray session, hold it until ``stop`` is set."""
        from airace.experiments.raysession import ray_session

        try:
            with ray_session(workers=self.workers):
                self.ready.set()
                self.stop.wait()
        except Exception as exc:
            self.error = exc
            self.ready.set()


_RAY_LOCK = threading.Lock()
_RAY_HOST: _RayHost | None = None
_RAY_TASK: Any = None   # run_batch as a Ray task, registered once per Ray session


def _ray_task(workers: int | None) -> Any:
    """``run_batch`` as a task of the explorer's local Ray (started on first use)."""
    global _RAY_HOST, _RAY_TASK
    with _RAY_LOCK:
        if _RAY_HOST is not None and _RAY_HOST.is_alive():
            return _RAY_TASK
        import ray

        from airace.experiments.batch import run_batch

        host = _RayHost(workers)
        host.start()
        host.ready.wait()
        if host.error is not None:
            raise EngineError(f"Ray could not be started: {host.error}") from host.error
        _RAY_HOST = host
        _RAY_TASK = ray.remote(max_retries=3, retry_exceptions=False)(run_batch)
        return _RAY_TASK


def stop_ray() -> None:
    """Stop the explorer's local Ray, if it started one."""
    global _RAY_HOST, _RAY_TASK
    with _RAY_LOCK:
        if _RAY_HOST is not None:
            _RAY_HOST.stop.set()
            _RAY_HOST.join(timeout=60)
            _RAY_HOST = _RAY_TASK = None


def _batches(runs: list[Run], size: int) -> Iterator[list[Run]]:
    for i in range(0, len(runs), size):
        yield runs[i:i + size]


def _on_ray(runs: list[Run], workers: int | None, report: Progress,
            cancel: threading.Event | None
            ) -> tuple[dict[int, dict[str, float]], list[pd.DataFrame], list[dict]]:
    from airace.experiments.batch import BatchJob
    from airace.experiments.models import AIRACE_MODEL

    task = _ray_task(workers)
    import ray

    keep = series_reporters()
    pending = {}
    for batch in _batches(runs, RAY_BATCH):
        job = BatchJob(AIRACE_MODEL, (), keep,
                       [(r.run_id, r.scenario, r.seed, r.params) for r in batch])
        pending[task.remote(job)] = len(batch)
    rows: dict[int, dict[str, float]] = {}
    frames: list[pd.DataFrame] = []
    failures: list[dict[str, Any]] = []
    arms = {r.run_id: r.arm for r in runs}
    done = 0
    while pending:
        if cancel is not None and cancel.is_set():
            for ref in pending:
                ray.cancel(ref, force=True)
            raise InterruptedError("cancelled")
        ready, _ = ray.wait(list(pending), num_returns=1, timeout=0.2)
        for ref in ready:
            done += pending.pop(ref)
            result = ray.get(ref)
            rows.update(zip(result.run_ids, result.outcomes, strict=True))
            failures += [{"run_id": f["run_id"], "arm": arms[f["run_id"]], "seed": f["seed"],
                          "error": f["error"]} for f in result.failures]
            if result.series is not None:
                frames.append(result.series.drop(columns=["step", "quarter"],
                                                 errors="ignore"))
            report(done, len(runs))
    return rows, frames, failures


def _assemble(runs: list[Run], rows: dict[int, dict[str, float]], frames: list[pd.DataFrame],
              failures: list[dict], seconds: float, engine: str) -> Ensemble:
    meta = pd.DataFrame([{"run_id": r.run_id, "scenario": r.arm, "sample_id": r.replicate,
                          "replicate": r.replicate, "seed": r.seed}
                         for r in runs if r.run_id in rows])
    outcomes = pd.DataFrame.from_dict(rows, orient="index")
    outcomes.index.name = "run_id"
    results = meta.merge(outcomes.reset_index(), on="run_id") if len(meta) else meta
    series = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["run_id", "year"])
    if len(series):
        series = series.merge(meta[["run_id", "scenario", "replicate"]], on="run_id")
    return Ensemble(results.sort_values("run_id").reset_index(drop=True), series, failures,
                    seconds, engine)
