"""Throughput and memory of the ensemble engine against a serial loop and mesa.batch_run.

Measures, on the same model, the same runs (the seeds of one Monte Carlo design of the
baseline) and the same number of cores, interleaved in rounds (best round counts, so a busy
moment on a shared machine does not decide):

  (a) a plain serial loop calling the model's ``simulate`` in this process,
  (b) ``mesa.batch_run`` with ``number_processes = cores``,
  (c) this engine (``experiments.runner.run_study`` on a local Ray with ``num_cpus = cores``),
      in a child process: Ray starts (timed separately), the ensemble runs once with cold
      workers (they import the model first) and once more with warm workers,

and prints runs/s with the ratios c / (a x cores) and c / b. Ray's start-up and the workers'
first import are fixed costs per command; the engine's time includes everything else:
scheduling, moving results, and writing them to Parquet. Then, in a fresh process per size,
the peak resident memory of the driver for an ensemble of 1,000 and 10,000 runs.

    python benchmarks/bench_engine.py                       # AI-race model, 1,000 runs
    python benchmarks/bench_engine.py --model toy           # Mesa's Boltzmann toy model
    python benchmarks/bench_engine.py --memory-model toy    # cheap model for the memory check
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT),
                                                         os.environ.get("PYTHONPATH")]))
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")

MODELS = {"real": "airace.model:simulate", "toy": "tests.toy_models:money"}
UTILISATION: list[float] = []


def write_study(folder: Path, model: str, runs: int) -> Path:
    """A Monte Carlo study of the baseline with ``runs`` replicates and nothing varied."""
    path = folder / "bench.yaml"
    scenario = "baseline" if model == MODELS["real"] else "default"
    path.write_text(json.dumps({"name": "bench", "model": model, "scenarios": [scenario],
                                "seed": 2025, "design": {"kind": "monte_carlo",
                                                         "replicates": runs}}))
    return path


def serial(model: str, seeds: list[int]) -> tuple[float, list[dict]]:
    """(a) A plain loop in this process; returns seconds and the outcomes."""
    from airace.experiments.models import load_function

    func = load_function(model)
    start = time.perf_counter()
    outs = [func({}, seed) for seed in seeds]
    return time.perf_counter() - start, outs


def batch_run(model: str, seeds: list[int], cores: int) -> float:
    """(b) mesa.batch_run over the same seeds (as ``rng``) with ``cores`` processes."""
    import mesa

    if model == MODELS["real"]:
        from airace.model import AIRaceModel as ModelClass

        params: dict[str, Any] = {"scenario": "baseline", "rng": seeds}
    else:
        from tests.toy_models import MoneyModel as ModelClass

        params = {"n": 26, "steps": 44, "rng": seeds}
    start = time.perf_counter()
    mesa.batch_run(ModelClass, params, number_processes=cores, iterations=1,
                   data_collection_period=-1, max_steps=100_000, display_progress=False)
    return time.perf_counter() - start


def start_ray(cores: int) -> float:
    """Start a local Ray with ``cores`` CPUs; return the seconds it took."""
    import ray

    start = time.perf_counter()
    ray.init(address="local", num_cpus=cores, include_dashboard=False, log_to_driver=False,
             logging_level=logging.ERROR)
    return time.perf_counter() - start


def engine(study_path: Path, out: Path, cores: int) -> float:
    """(c) The engine on the running Ray; returns the seconds of ``run_study``.

    Also records how busy the workers were: the seconds spent inside batches divided by
    wall time x cores (1.0 = no worker ever idle) in ``UTILISATION``.
    """
    from airace.experiments.runner import RunOptions, run_study
    from airace.experiments.study import load_study

    study = load_study(study_path)
    start = time.perf_counter()
    summary = run_study(study, out, RunOptions(workers=cores, fresh=True))
    seconds = time.perf_counter() - start
    if summary.status != "complete":
        raise SystemExit(f"engine run failed: {summary.failures[:1]}")
    UTILISATION.append(summary.busy_seconds / (seconds * cores))
    return seconds


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """Current resident memory of this process in MB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def probe_memory(model: str, runs: int, cores: int) -> dict[str, float]:
    """Run an ensemble of ``runs`` in this (fresh) process; report driver memory."""
    from airace.experiments.designs import build_design
    from airace.experiments.study import load_study

    with tempfile.TemporaryDirectory() as tmp:
        path = write_study(Path(tmp), model, runs)
        build_design(load_study(path))
        start_ray(cores)
        before = peak_rss_mb()
        seconds = engine(path, Path(tmp) / "out", cores)
        return {"runs": runs, "rss_before_mb": before, "peak_rss_mb": peak_rss_mb(),
                "rss_after_mb": rss_mb(), "seconds": seconds}


def engine_child(model: str, runs: int, cores: int) -> dict[str, float]:
    """(c) in a fresh process: start Ray, then the ensemble twice (cold and warm workers)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = write_study(Path(tmp), model, runs)
        t_ray = start_ray(cores)
        cold = engine(path, Path(tmp) / "cold", cores)
        warm = engine(path, Path(tmp) / "warm", cores)
        from airace.experiments.store import load_results

        u = load_results(Path(tmp) / "warm").results.drop(columns="run_id")
        return {"ray_start_s": t_ray, "cold_s": cold, "warm_s": warm,
                "utilisation": UTILISATION[-1], "per_run_s": _per_run(Path(tmp) / "warm"),
                "results": u.to_dict(orient="list")}


def throughput(model: str, runs: int, cores: int, rounds: int) -> dict[str, Any]:
    """Runs per second of (a), (b), (c) on the same runs and cores, interleaved in rounds.

    (c) runs in a child process (Ray must not be running when mesa.batch_run forks); the
    best round of each counts, so a busy moment on a shared machine does not decide.
    """
    import pandas as pd

    from airace.experiments.designs import build_design
    from airace.experiments.study import load_study

    times: dict[str, list[float]] = {"a": [], "b": [], "c": [], "c_cold": [], "ray": [],
                                     "util": [], "per_run": []}
    with tempfile.TemporaryDirectory() as tmp:
        path = write_study(Path(tmp), model, runs)
        seeds = [int(s) for s in build_design(load_study(path)).table["seed"]]
        for i in range(rounds):
            t_a, outs = serial(model, seeds)
            times["a"].append(t_a)
            times["b"].append(batch_run(model, seeds, cores))
            cmd = [sys.executable, __file__, "--model", _key(model), "--cores", str(cores),
                   "--engine-child", str(runs)]
            child = json.loads(subprocess.run(cmd, check=True, capture_output=True,
                                              text=True).stdout.strip().splitlines()[-1])
            times["c"].append(child["warm_s"])
            times["c_cold"].append(child["cold_s"])
            times["ray"].append(child["ray_start_s"])
            times["util"].append(child["utilisation"])
            times["per_run"].append(child["per_run_s"])
            print(f"round {i + 1}: (a) {runs / t_a:6.1f}  (b) {runs / times['b'][-1]:6.1f}  "
                  f"(c) {runs / child['warm_s']:6.1f} runs/s   [(c) with cold workers "
                  f"{runs / child['cold_s']:.1f}; Ray start-up {child['ray_start_s']:.1f} s; "
                  f"workers busy {child['utilisation']:.0%}; {child['per_run_s'] * 1e3:.1f} ms "
                  f"per run in a worker vs {t_a / runs * 1e3:.1f} ms serial]; "
                  f"load {os.getloadavg()[0]:.1f}", flush=True)
        results = pd.DataFrame(child["results"])
        expected = pd.DataFrame(outs)
        cols = [c for c in expected.columns if c in results.columns]
        same = bool(len(cols) == len(expected.columns)
                    and (results[cols].to_numpy() == expected[cols].to_numpy()).all())
    a, b, c, c_cold = (runs / min(times[k]) for k in ("a", "b", "c", "c_cold"))
    return {"model": model, "runs": runs, "cores": cores, "rounds": rounds, "times_s": times,
            "a": a, "b": b, "c": c, "c_cold": c_cold, "c_over_ideal": c / (cores * a),
            "c_cold_over_ideal": c_cold / (cores * a), "c_over_b": c / b,
            "c_cold_over_b": c_cold / b, "engine_equals_serial": same}


def _per_run(out: Path) -> float:
    """Mean seconds per run inside the workers, from the manifest's last session."""
    manifest = json.loads((out / "manifest.json").read_text())
    session = manifest["sessions"][-1]
    return session["busy_seconds"] / max(1, session["runs_finished"])


def _key(model: str) -> str:
    return next(k for k, v in MODELS.items() if v == model)


def main() -> None:
    """Parse arguments, run the throughput comparison and the memory probes, print a summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=sorted(MODELS), default="real")
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rounds", type=int, default=3, help="repeat and keep the best")
    parser.add_argument("--memory-model", choices=sorted(MODELS), default=None,
                        help="model for the memory probes (default: --model)")
    parser.add_argument("--memory-sizes", default="1000,10000")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--probe-memory", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--engine-child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    model = MODELS[args.model]
    if args.engine_child:
        print(json.dumps(engine_child(model, args.engine_child, args.cores)))
        return
    if args.probe_memory:
        print(json.dumps(probe_memory(model, args.probe_memory, args.cores)))
        return
    report: dict[str, Any] = {}
    if not args.skip_throughput:
        print(f"Throughput: {args.runs} runs of {model} on {args.cores} cores")
        t = throughput(model, args.runs, args.cores, args.rounds)
        report["throughput"] = t
        print(f"best of {args.rounds}: (a) {t['a']:.1f}  (b) {t['b']:.1f}  (c) {t['c']:.1f} "
              f"runs/s  (c, cold workers: {t['c_cold']:.1f} runs/s)")
        print(f"c / (a x cores) = {t['c_over_ideal']:.2f}   (goal >= 0.9; cold workers "
              f"{t['c_cold_over_ideal']:.2f})")
        print(f"c / b           = {t['c_over_b']:.2f}   (goal >= 1; cold workers "
              f"{t['c_cold_over_b']:.2f})")
        print(f"engine results equal the serial loop's: {t['engine_equals_serial']}")
    mem_model = args.memory_model or args.model
    probes = []
    for n in (int(x) for x in args.memory_sizes.split(",") if x):
        cmd = [sys.executable, __file__, "--model", mem_model, "--cores", str(args.cores),
               "--probe-memory", str(n)]
        line = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        probe = json.loads(line.strip().splitlines()[-1])
        probes.append(probe)
        print(f"memory, {n:>6} runs of {MODELS[mem_model]}: driver peak RSS "
              f"{probe['peak_rss_mb']:.0f} MB (before the ensemble {probe['rss_before_mb']:.0f}"
              f" MB, after it {probe['rss_after_mb']:.0f} MB; {probe['seconds']:.1f} s)",
              flush=True)
    if len(probes) >= 2:
        growth = probes[-1]["peak_rss_mb"] - probes[0]["peak_rss_mb"]
        print(f"peak driver memory growth {probes[0]['runs']} -> {probes[-1]['runs']} runs: "
              f"{growth:+.0f} MB   (goal < 50 MB)")
        report["memory"] = {"probes": probes, "growth_mb": growth}
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
