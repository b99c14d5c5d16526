"""The Ray runner: batches of runs as tasks, a bounded number in flight, results streamed back.

The driver builds the design, skips runs already in the result folder, sends batches to
Ray workers (``experiments.batch.run_batch``), collects them with ``ray.wait`` and hands
them to the result store, which writes Parquet parts atomically. Batch sizes adapt so each
task carries about ``TARGET_TASK_SECONDS`` of work; they never affect results, because each
run depends only on its parameters, scenario and seed.
"""

from __future__ import annotations

import json
import math
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from airace.experiments.batch import BatchJob, BatchResult, run_batch
from airace.experiments.designs import Design, build_design, run_params
from airace.experiments.provenance import environment
from airace.experiments.raysession import ray_session
from airace.experiments.store import ResultStore, finished_run_ids, plan_store
from airace.experiments.study import Study

TARGET_TASK_SECONDS = 0.5
MAX_BATCH = 5_000
WORKER_MAX_CALLS = 1_000  # recycle a worker process after this many batches (memory hygiene)
TASK_RETRIES = 3  # a task lost with its worker or node is re-run this often


@dataclass
class RunOptions:
    """How to run: Ray placement, batch sizes, and hooks for progress."""

    workers: int | None = None
    address: str | None = None
    batch_size: int | None = None
    max_in_flight: int | None = None
    fresh: bool = False
    ship_code: bool | None = None
    progress: bool | None = None  # None: a bar only when stderr is a terminal
    log: Callable[[str], None] | None = None
    on_batch: Callable[[int, int], None] | None = None  # (runs finished, runs total)


@dataclass
class RunSummary:
    """The outcome of one ``run_study`` call."""

    out: Path
    total: int
    finished_before: int
    finished: int
    failed: int
    seconds: float
    status: str
    failures: list[dict[str, Any]] = field(default_factory=list)
    busy_seconds: float = 0.0  # time workers spent inside batches of this session

    @property
    def pending(self) -> int:
        """Runs neither finished nor failed (after an interruption)."""
        return self.total - self.finished - self.failed


class BatchSizer:
    """Runs per task: fixed, or sized from measured run times to about TARGET_TASK_SECONDS."""

    def __init__(self, fixed: int | None, slots: int) -> None:
        self.fixed, self.slots = fixed, max(1, slots)
        self.per_run: float | None = None

    def observe(self, result: BatchResult) -> None:
        """Update the run-time estimate from a finished batch."""
        if result.n_runs and result.seconds > 0:
            t = result.seconds / result.n_runs
            self.per_run = t if self.per_run is None else 0.7 * self.per_run + 0.3 * t

    def next(self, remaining: int) -> int:
        """Size of the next batch given the runs still to submit."""
        if self.fixed:
            return min(self.fixed, remaining)
        if self.per_run is None:
            return 1
        size = math.ceil(TARGET_TASK_SECONDS / max(self.per_run, 1e-6))
        tail = math.ceil(remaining / (2 * self.slots))  # keep every slot busy to the end
        return max(1, min(size, tail, MAX_BATCH, remaining))


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_study(study: Study, out: str | Path, options: RunOptions | None = None) -> RunSummary:
    """Run (or resume) ``study`` into the folder ``out``; validated before anything is written."""
    options = options or RunOptions()
    design = build_design(study)
    plan = plan_store(Path(out), study, design, options.fresh)
    if plan.mode == "resume" and len(finished_run_ids(plan.out)) == design.n_runs:
        if options.log:
            options.log(f"{study.name}: all {design.n_runs} runs already finished in {plan.out}")
        return RunSummary(plan.out, design.n_runs, design.n_runs, design.n_runs, 0, 0.0,
                          "complete")
    with ray_session(options.address, options.workers, options.ship_code,
                     study.model.spec) as cluster:
        store = ResultStore(plan, study, design)
        try:
            return _Driver(study, design, store, cluster, options).run()
        finally:
            store.close()


class _Driver:
    """One session of the scheduling loop."""

    def __init__(self, study: Study, design: Design, store: ResultStore,
                 cluster: dict[str, Any], options: RunOptions) -> None:
        self.study, self.design, self.store, self.options = study, design, store, options
        self.cluster = cluster
        self.slots = options.workers or cluster["cpus"] or 1
        self.max_in_flight = options.max_in_flight or 2 * self.slots
        self.sizer = BatchSizer(options.batch_size, self.slots)
        self.log = options.log or (lambda msg: None)

    def run(self) -> RunSummary:
        """Run every unfinished run of the design; return the summary."""
        import ray

        self._plan()
        session = self._open_session()
        task = ray.remote(max_calls=WORKER_MAX_CALLS, max_retries=TASK_RETRIES,
                          retry_exceptions=False)(run_batch)
        show = self.options.progress if self.options.progress is not None else sys.stderr.isatty()
        bar = tqdm(total=self.total, initial=self.before, unit="run", desc=self.study.name,
                   disable=not show, dynamic_ncols=True, smoothing=0.05, file=sys.stderr)
        start, status = time.monotonic(), "running"
        in_flight: dict[Any, list[int]] = {}
        try:
            with _sigterm_as_interrupt():
                self._loop(ray, task, in_flight, bar)
            status = "failed" if self.store.n_failed else "complete"
        except KeyboardInterrupt:
            # In-flight batches are left alone, not ray.cancel()ed: in Ray 2.60 a cancel that
            # races the task's own completion fails a check in the driver ("Tried to complete
            # task that was not pending", a sibling of ray-project/ray#54798) and the process
            # exits with code 1 and no Python error (it killed a CI pytest run). Their results
            # are dropped; ray.shutdown() at the end of the session stops them (a local
            # instance ends, a cluster kills the workers of a job whose driver has gone).
            status = "interrupted"
        finally:
            bar.close()
            elapsed = time.monotonic() - start
            self._close_session(session, status, elapsed)
        return RunSummary(self.store.out, self.total, self.before, self.before + self.finished,
                          self.store.n_failed, elapsed, status, self.store.failures, self.busy)

    def _plan(self) -> None:
        table = self.design.table
        done = finished_run_ids(self.store.out)
        todo = table[~table["run_id"].isin(done)]
        self.total, self.before, self.finished, self.busy = len(table), len(done), 0, 0.0
        self.pending = deque(range(len(todo)))
        self.cols = {c: todo[c].to_numpy() for c in ("run_id", "scenario", "seed")}
        self.values = todo[self.study.param_names].to_numpy(dtype=np.float64)

    def _open_session(self) -> dict[str, Any]:
        session = {"id": f"{time.time_ns()}", "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                   "ray": self.cluster, "workers": self.slots,
                   "batch_size": self.options.batch_size or "auto",
                   "git_commit": environment()["git"]["commit"], "runs_at_start": self.before}
        self.log(f"{self.study.name}: {len(self.pending)} of {self.total} runs to do "
                 f"({self.before} already finished) on {self.cluster['cpus']} CPUs, "
                 f"{self.cluster['nodes']} node(s) -> {self.store.out}")
        self.store.write_manifest(session, "running",
                                  self._counts(self.before, 0, self.total))
        return session

    def _loop(self, ray: Any, task: Any, in_flight: dict[Any, list[int]], bar: tqdm) -> None:
        while self.pending or in_flight:
            self._submit(task, in_flight)
            for ref in self._wait(ray, in_flight):
                result = self._collect(ray, ref, in_flight.pop(ref))
                self.finished += len(result.run_ids)
                self.busy += result.seconds
                bar.update(result.n_runs)
                if self.store.n_failed:
                    bar.set_postfix(failed=self.store.n_failed, refresh=False)
                if self.options.on_batch:
                    self.options.on_batch(self.before + self.finished, self.total)

    def _close_session(self, session: dict[str, Any], status: str, elapsed: float) -> None:
        self.store.flush()
        # Count what the parts hold: an interrupt can land between a batch reaching the store
        # and the loop's counter, and the manifest must agree with the results it describes.
        self.finished = len(finished_run_ids(self.store.out)) - self.before
        failed = self.store.n_failed
        session.update(finished_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                       wall_seconds=round(elapsed, 3), busy_seconds=round(self.busy, 3),
                       status=status,
                       runs_finished=self.finished, runs_failed=failed)
        self.store.write_manifest(session, status,
                                  self._counts(self.before + self.finished, failed, self.total))

    @staticmethod
    def _counts(finished: int, failed: int, total: int) -> dict[str, int]:
        return {"total": total, "finished": finished, "failed": failed,
                "pending": total - finished - failed}

    def _submit(self, task: Any, in_flight: dict[Any, list[int]]) -> None:
        while self.pending and len(in_flight) < self.max_in_flight:
            size = self.sizer.next(len(self.pending))
            rows = [self.pending.popleft() for _ in range(size)]
            in_flight[task.remote(self._job(rows))] = rows

    def _job(self, rows: list[int]) -> BatchJob:
        names, runs = self.study.param_names, []
        for i in rows:
            params = run_params(self.study, dict(zip(names, self.values[i], strict=True)))
            runs.append((int(self.cols["run_id"][i]), str(self.cols["scenario"][i]),
                         int(self.cols["seed"][i]), params))
        return BatchJob(self.study.model.spec, self.study.outcomes, self.study.series, runs,
                        tuple(self.design.table.columns))

    @staticmethod
    def _wait(ray: Any, in_flight: dict[Any, list[int]]) -> list[Any]:
        refs = list(in_flight)
        ready, rest = ray.wait(refs, num_returns=1, timeout=1.0)
        if ready and rest:
            more, _ = ray.wait(rest, num_returns=len(rest), timeout=0)
            ready += more
        return ready

    def _collect(self, ray: Any, ref: Any, rows: list[int]) -> BatchResult:
        try:
            result = ray.get(ref)
        except ray.exceptions.RayError as exc:
            result = BatchResult()
            for run_id, scenario, seed, params in self._job(rows).runs:
                result.failures.append({
                    "run_id": run_id, "scenario": scenario, "seed": seed,
                    "error": f"task lost after {TASK_RETRIES} retries: {type(exc).__name__}",
                    "traceback": str(exc), "params": json.dumps(params, sort_keys=True)})
        self.sizer.observe(result)
        self.store.add(result)
        return result
