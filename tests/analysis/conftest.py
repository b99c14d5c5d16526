"""Fixtures of the analysis tests: small synthetic result folders in the documented layout."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
import yaml

from airace.model.kpi_info import reporter_names

matplotlib.use("Agg")

SCENARIOS = ("baseline", "eu_gigafactories", "export_controls_tight")
PARAMS = {"export_leakage": (0.0, 0.8), "algo_halving_months": (5.0, 14.0),
          "grid_gw_per_year.EU": (1.0, 10.0), "private_inflow_growth": (-0.1, 0.4)}
SHARES0 = {"US": 0.74, "EU": 0.04, "CN": 0.15, "ROW": 0.07}


def _run_series(scenario: str, p: dict[str, float], rng: np.random.Generator,
                years: np.ndarray) -> pd.DataFrame:
    t = years - 2025.0
    eu_push = 0.012 if scenario == "eu_gigafactories" else 0.0
    cn_hit = 0.01 if scenario == "export_controls_tight" else 0.0
    grid = (p["grid_gw_per_year.EU"] - 5.5) / 45
    leak = (p["export_leakage"] - 0.4) / 40
    walk = lambda s: np.cumsum(rng.normal(0, s, len(t)))  # noqa: E731
    w = {"US": np.log(SHARES0["US"]) + (0.01 + cn_hit * 0.3) * t + walk(0.01),
         "EU": np.log(SHARES0["EU"]) + (eu_push * 6 + grid) * t + walk(0.02),
         "CN": np.log(SHARES0["CN"]) + (0.02 - cn_hit * 4 + leak * 4) * t + walk(0.02),
         "ROW": np.log(SHARES0["ROW"]) + walk(0.015)}
    tot = sum(np.exp(v) for v in w.values())
    data: dict[str, np.ndarray] = {}
    stock = 4e6 * 2.3 ** t
    for b in SHARES0:
        share = np.exp(w[b]) / tot
        data[f"compute_share.{b}"] = share
        data[f"compute_h100e.{b}"] = stock * share
    gap = 7 + (p["algo_halving_months"] - 8) * 0.4 + (cn_hit * 300 - leak * 200) * t / 5
    data["capability_gap_months.CN"] = np.maximum(0, gap + walk(0.4))
    data["capability_gap_months.EU"] = np.maximum(0, 10 - eu_push * 150 * t / 5 + walk(0.4))
    data["capability_gap_months.US"] = np.zeros(len(t))
    rev = {b: np.exp(np.log(SHARES0[b]) + walk(0.03)) for b in SHARES0}
    energy = {"US": 183.0, "EU": 68.0, "CN": 102.0, "ROW": 62.0}
    for b in SHARES0:
        data[f"revenue_share.{b}"] = rev[b] / sum(rev.values())
        data[f"energy_twh.{b}"] = energy[b] * (1.15 + 0.05 * (b == "CN")) ** t * np.exp(walk(.01))
    data["energy_twh.WORLD"] = sum(data[f"energy_twh.{b}"] for b in SHARES0)
    data["capability_gap_months.ROW"] = np.maximum(0, 14 + walk(0.4))
    for name in reporter_names():
        if name not in data:
            data[name] = np.abs(10 * (1.3 + 0.01 * len(name) % 0.3) ** t + walk(0.3))
    frame = pd.DataFrame(data)
    frame.insert(0, "step", np.arange(len(t), dtype=np.int64))
    frame.insert(1, "year", years)
    frame.insert(2, "quarter", [f"{int(y)}Q{int(round((y % 1) * 4)) + 1}" for y in years])
    return frame


def write_result_folder(out: Path, n_samples: int = 10, replicates: int = 2,
                        scenarios: tuple[str, ...] = SCENARIOS, end_year: int = 2027,
                        failed_runs: tuple[int, ...] = (4,), with_series: bool = True,
                        seed: int = 7) -> Path:
    """Write a synthetic result folder in the layout of docs/ARCHITECTURE.md."""
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    samples = {k: rng.uniform(lo, hi, n_samples) for k, (lo, hi) in PARAMS.items()}
    seeds = {(s, r): int(rng.integers(2**31)) for s in range(n_samples) for r in range(replicates)}
    rows = []
    for scen in scenarios:
        for s in range(n_samples):
            for r in range(replicates):
                rows.append({"run_id": len(rows), "scenario": scen, "sample_id": s,
                             "replicate": r, "seed": seeds[(s, r)],
                             **{k: float(v[s]) for k, v in samples.items()}})
    design = pd.DataFrame(rows).astype({"run_id": "int64", "sample_id": "int64",
                                        "replicate": "int64", "seed": "int64"})
    design.to_parquet(out / "design.parquet", index=False)
    years = np.arange(2025, end_year + 1, 0.25)
    results, series, failures = [], [], []
    for row in rows:
        if row["run_id"] in failed_runs:
            failures.append({"run_id": row["run_id"], "scenario": row["scenario"],
                             "replicate": row["replicate"], "seed": row["seed"],
                             "error": "ValueError: synthetic failure",
                             "traceback": "Traceback ...\nValueError: synthetic failure",
                             "params": json.dumps({k: row[k] for k in PARAMS})})
            continue
        frame = _run_series(row["scenario"], row, np.random.default_rng(row["seed"]), years)
        frame.insert(0, "run_id", np.int64(row["run_id"]))
        series.append(frame)
        q4 = frame[frame["quarter"].str.endswith("Q4") & frame["year"].astype(int).isin(
            [2025, 2027, 2030, 2035])]
        flat = q4.set_index(q4["year"].astype(int))[reporter_names()].stack()
        out_row = {f"{n}@{y}": float(v) for (y, n), v in flat.items()}
        results.append({"run_id": row["run_id"], **out_row})
    (out / "results").mkdir(exist_ok=True)
    res = pd.DataFrame(results)
    half = len(res) // 2
    res.iloc[:half].to_parquet(out / "results" / "part-00000.parquet", index=False)
    res.iloc[half:].to_parquet(out / "results" / "part-00001.parquet", index=False)
    if with_series:
        (out / "series").mkdir(exist_ok=True)
        pd.concat(series, ignore_index=True).to_parquet(out / "series" / "part-00000.parquet",
                                                        index=False)
    fail_cols = ["run_id", "scenario", "replicate", "seed", "error", "traceback", "params"]
    pd.DataFrame(failures, columns=fail_cols).to_parquet(out / "failures.parquet", index=False)
    study = {"name": "synthetic_policy_test",
             "title": {"en": "Synthetic policy comparison",
                       "de": "Synthetischer Politikvergleich"},
             "description": {"en": "How do an EU compute fund and tighter export controls "
                                   "change who holds AI compute in 2030?",
                             "de": "Wie verändern ein EU-Fonds für Rechenkapazität und "
                                   "verschärfte Exportkontrollen, wer 2030 die "
                                   "KI-Rechenkapazität hält?"},
             "scenarios": list(scenarios), "seed": seed,
             "design": {"kind": "lhs", "samples": n_samples, "replicates": replicates},
             "parameters": {k: [lo, hi] for k, (lo, hi) in PARAMS.items()},
             "outcomes": [f"compute_share.EU@{end_year}",
                          f"capability_gap_months.CN@{end_year}", f"compute_share.CN@{end_year}"],
             "series": with_series}
    text = yaml.safe_dump(study, sort_keys=False)
    (out / "study.yaml").write_text(text, encoding="utf-8")
    counts = {"total": len(rows), "finished": len(results), "failed": len(failures),
              "pending": 0}
    manifest = {"study_name": study["name"], "title": study["title"]["en"],
                "description": study["description"]["en"], "titles": study["title"],
                "descriptions": study["description"], "study_sha256": "0" * 64,
                "study": study, "model": "airace", "scenarios": list(scenarios),
                "parameters": list(PARAMS), "outcomes": study["outcomes"],
                "series": [] if with_series else None, "seed": seed,
                "design": {"kind": "lhs", "samples": n_samples, "replicates": replicates,
                           "n_samples": n_samples, "n_runs": len(rows)},
                "package_version": "0.1.0", "git": {"commit": "abc1234def", "dirty": False},
                "python": "3.11.2", "platform": "Linux",
                "libraries": {"mesa": "3.3.1", "ray": "2.60.0", "numpy": np.__version__},
                "ray": {"nodes": 1, "cpus": 2.0, "address": "local"},
                "status": "complete" if not failures else "failed", "runs": counts,
                "started_at": "2026-11-02T10:00:00+0000",
                "finished_at": "2026-11-02T10:01:05+0000", "wall_seconds": 65.2}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def result_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic result folder (3 scenarios, 20 runs each, one failure, series
    2025-2027); read-only for tests: copy it before writing into it."""
    return write_result_folder(tmp_path_factory.mktemp("results") / "study")


@pytest.fixture(scope="session")
def reported_dir(result_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of ``result_dir`` with its English and German reports (and SVG figures)."""
    from airace.analysis.report import build_report

    folder = tmp_path_factory.mktemp("report") / "study"
    shutil.copytree(result_dir, folder)
    build_report(folder, "en")
    build_report(folder, "de")
    return folder


@pytest.fixture(scope="session")
def ray_once() -> Iterator[None]:
    """One local Ray instance (2 CPUs) for the engine-built folders of these tests; reuses a
    running one (the engine tests' shared instance) and stops only what it started."""
    import logging

    import ray

    started = not ray.is_initialized()
    if started:
        ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False,
                 logging_level=logging.ERROR, object_store_memory=200 * 2**20)
    yield
    if started and ray.is_initialized():
        ray.shutdown()


@pytest.fixture
def make_results(tmp_path: Path) -> Callable[..., Path]:
    """Factory writing a synthetic result folder with custom options under tmp_path."""
    def make(name: str = "study", **kw: object) -> Path:
        return write_result_folder(tmp_path / name, **kw)
    return make
