"""Benchmark: milliseconds per baseline run (2025Q1-2035Q4, 44 quarters) and where the time goes.

Run: ``.venv/bin/python benchmarks/bench_model.py [--runs 200] [--profile]``. Prints the
median and spread of the per-run wall time over seeded runs in this process, the share of a
run spent in each phase of the quarter, and (with --profile) the top functions by own time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import platform
import pstats
import statistics
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import mesa

from airace.agents.investor import Investors
from airace.agents.lab import Labs
from airace.agents.state import State
from airace.model import simulate
from airace.model.world import AIRaceModel

# (owner, method, label): the steps of AIRaceModel.step, timed by wrapping them
PHASES = ((State, "act", "states act"), (Investors, "deploy", "investors deploy"),
          (Labs, "receive_cash_flow", "labs' cash flow"),
          (AIRaceModel, "_build_and_buy", "build and buy"), (Labs, "depreciate", "depreciate"),
          (AIRaceModel, "_research", "research"), (AIRaceModel, "_sell_services", "services"),
          (AIRaceModel, "_incidents", "incidents"))


def time_runs(n: int) -> list[float]:
    """Wall time in ms of ``n`` seeded baseline runs via ``simulate``."""
    simulate({}, 0)  # warm-up: imports, scenario and population caches
    out = []
    for seed in range(n):
        t0 = time.perf_counter()
        simulate({}, seed)
        out.append((time.perf_counter() - t0) * 1000.0)
    return out


def phase_breakdown(n: int) -> dict[str, float]:
    """Mean ms per run spent in each phase of the quarter (instrumented, so slightly slower)."""
    spent: Counter[str] = Counter()

    def wrap(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - t0
        return timed

    originals = {(owner, name): getattr(owner, name) for owner, name, _ in PHASES}
    labels = {(owner, name): label for owner, name, label in PHASES}
    import airace.model.world as world

    orig_kpis, orig_collect = world.compute_kpis, world.KPICollector.collect
    try:
        for (owner, name), fn in originals.items():
            setattr(owner, name, wrap(labels[owner, name], fn))
        world.compute_kpis = wrap("compute_kpis", orig_kpis)
        world.KPICollector.collect = wrap("datacollector", orig_collect)
        t_all = 0.0
        for seed in range(n):
            t0 = time.perf_counter()
            m = AIRaceModel(rng=seed)
            t1 = time.perf_counter()
            m.run_model()
            m.outcomes()
            getattr(mesa.Agent, "_ids", {}).pop(m, None)
            t_all += time.perf_counter() - t0
            spent["init"] += t1 - t0
    finally:
        for (owner, name), fn in originals.items():
            setattr(owner, name, fn)
        world.compute_kpis, world.KPICollector.collect = orig_kpis, orig_collect
    result = {k: v / n * 1000.0 for k, v in spent.most_common()}
    result["other (bookkeeping)"] = t_all / n * 1000.0 - sum(result.values())
    return result


def profile(n: int, top: int = 20) -> str:
    """cProfile of ``n`` runs, top functions by own time."""
    prof = cProfile.Profile()
    prof.enable()
    for seed in range(n):
        simulate({}, seed)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(top)
    return buf.getvalue()


def main() -> None:
    """Print the benchmark report."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=200, help="timed runs (default 200)")
    ap.add_argument("--profile", action="store_true", help="also print a cProfile listing")
    args = ap.parse_args()
    times = time_runs(args.runs)
    q = statistics.quantiles(times, n=20)
    print(f"Python {platform.python_version()}, mesa {mesa.__version__}, "
          f"{platform.machine()}, runs={args.runs}")
    print(f"ms per baseline run (44 quarters): median {statistics.median(times):.1f}, "
          f"mean {statistics.fmean(times):.1f}, p5 {q[0]:.1f}, p95 {q[-1]:.1f}")
    print(f"runs per second (one core): {1000.0 / statistics.fmean(times):.1f}")
    print("\nWhere the time goes (ms per run, instrumented):")
    for name, ms in phase_breakdown(max(args.runs // 4, 20)).items():
        print(f"  {name:<40} {ms:6.2f}")
    if args.profile:
        print(profile(max(args.runs // 10, 10)))


if __name__ == "__main__":
    main()
