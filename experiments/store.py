"""The result store: one folder per study, written atomically by the driver as batches arrive.

Layout (docs/ARCHITECTURE.md): ``manifest.json``, ``study.yaml``, ``design.parquet``,
``results/part-*.parquet``, ``series/part-*.parquet``, ``failures.parquet``. A part file is
named after the smallest run id it holds and is written to a hidden temporary file first,
then renamed (``os.replace``), so a killed process leaves only whole parts behind. A run
counts as finished when its row is in a results part; re-running the same study skips those
runs and redoes everything else (including failed runs). ``load_results`` is the one reader
of a result folder (the analysis uses it too).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import math
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from airace.experiments.batch import BatchResult
from airace.experiments.designs import DESIGN_COLUMNS, Design
from airace.experiments.provenance import environment
from airace.experiments.study_schema import Study, runs_sha256
from airace.model.errors import InputError
from airace.model.kpi_info import split_name

MANIFEST = "manifest.json"
STUDY_COPY = "study.yaml"
DESIGN = "design.parquet"
RESULTS = "results"
SERIES = "series"
FAILURES = "failures.parquet"
LOCK = ".lock"
FAILURE_COLUMNS: tuple[str, ...] = ("run_id", "scenario", "replicate", "seed", "error",
                                    "traceback", "params")
# What --fresh deletes; the manifest goes last, so an interrupted --fresh leaves a result folder.
_OWNED = ("analysis", "report.html", "report.de.html", SERIES, RESULTS, FAILURES, DESIGN,
          STUDY_COPY, MANIFEST)


class StoreError(InputError):
    """A result folder cannot be used for this study (changed study, foreign folder, busy)."""


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def _fsync_replace(tmp: Path, path: Path) -> None:
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and an atomic rename."""
    tmp = path.with_name(f".tmp-{path.name}")
    tmp.write_bytes(data)
    _fsync_replace(tmp, path)


def write_parquet_atomic(table: pa.Table | pd.DataFrame, path: Path) -> None:
    """Write a table as Parquet to ``path`` via a temporary file and an atomic rename."""
    if isinstance(table, pd.DataFrame):
        table = pa.Table.from_pandas(table, preserve_index=False)
    tmp = path.with_name(f".tmp-{path.name}")
    pq.write_table(table, tmp)
    _fsync_replace(tmp, path)


def read_manifest(out: Path) -> dict[str, Any] | None:
    """The manifest of a result folder, or None when there is none."""
    path = Path(out) / MANIFEST
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise StoreError(f"{path}: not valid JSON ({exc}); use --fresh to start afresh") from exc
    if not isinstance(data, dict):
        raise StoreError(f"{path}: expected a JSON object; use --fresh to start afresh")
    return data


def finished_run_ids(out: Path) -> set[int]:
    """Run ids with a row in a results part of the folder ``out``."""
    done: set[int] = set()
    for part in sorted((Path(out) / RESULTS).glob("part-*.parquet")):
        done.update(_read_part(part, ["run_id"]).column("run_id").to_pylist())
    return done


@dataclass(frozen=True)
class StorePlan:
    """What opening a result folder will do: 'new', 'resume' or 'fresh' (discard old data)."""

    out: Path
    mode: str


def plan_store(out: Path, study: Study, design: Design, fresh: bool) -> StorePlan:
    """Check that ``out`` can take this study's results, writing nothing."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise StoreError(f"{out}: exists and is not a folder; choose another --out")
    if not out.exists() or not any(out.iterdir()):
        return StorePlan(out, "new")
    manifest = read_manifest(out) if (out / MANIFEST).exists() else None
    if manifest is None:
        raise StoreError(f"{out}: exists, is not empty and is not an airace result folder "
                         "(no manifest.json); choose another --out")
    if fresh:
        return StorePlan(out, "fresh")
    if not _same_runs(out, manifest, study):
        raise StoreError(
            f"{out}: holds results of a different study file (study '{manifest.get('study_name')}'"
            f", sha256 {str(manifest.get('study_sha256'))[:12]}; now {study.sha256[:12]}); "
            "allowed: the same study to resume, --fresh to discard the old results, or another "
            "--out")
    stored = out / DESIGN
    if stored.exists() and not pd.read_parquet(stored).equals(design.table):
        raise StoreError(f"{stored}: the stored design differs from the one this study gives now "
                         "(changed code or library versions); allowed: --fresh to discard the "
                         "old results, or another --out")
    return StorePlan(out, "resume")


def _same_runs(out: Path, manifest: dict[str, Any], study: Study) -> bool:
    """Whether the folder holds runs of this study: the recorded hash matches, or the study
    recorded there hashes, by today's rule, to this one (a folder written before the display
    texts stopped counting, whose study changed only in its title or description)."""
    if manifest.get("study_sha256") == study.sha256:
        return True
    recorded = _read_study(out, manifest)
    return bool(recorded) and runs_sha256(recorded) == study.sha256


class ResultStore:
    """Writes a study's results into its folder; the driver is the only writer."""

    def __init__(self, plan: StorePlan, study: Study, design: Design,
                 flush_seconds: float = 2.0, flush_rows: int = 50_000) -> None:
        self.out = plan.out
        self.study, self.design = study, design
        self.flush_seconds, self.flush_rows = flush_seconds, flush_rows
        self._rows: list[dict[str, float]] = []
        self._series: list[pd.DataFrame] = []
        self._failures: list[dict[str, Any]] = []
        self._last_flush = -math.inf  # the first batch is written at once
        self._replicate = dict(zip(design.table["run_id"], design.table["replicate"],
                                   strict=True))
        self._lock_fh = None
        self._prepare(plan.mode)

    # --- opening -------------------------------------------------------------------
    def _prepare(self, mode: str) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        self._lock()
        if mode == "fresh":
            for name in _OWNED:
                target = self.out / name
                if target.is_dir():
                    shutil.rmtree(target)
                elif target.exists():
                    target.unlink()
        (self.out / RESULTS).mkdir(exist_ok=True)
        if self.study.series is not None:
            (self.out / SERIES).mkdir(exist_ok=True)
        self._clean_leftovers()
        if not (self.out / STUDY_COPY).exists():
            write_bytes_atomic(self.out / STUDY_COPY, self.study.text.encode("utf-8"))
        if not (self.out / DESIGN).exists():
            write_parquet_atomic(self.design.table, self.out / DESIGN)

    def _lock(self) -> None:
        fh = open(self.out / LOCK, "a+")  # noqa: SIM115 - held open for the whole run
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            fh.close()
            raise StoreError(f"{self.out}: another 'airace run' is writing to this folder; "
                             "wait for it or choose another --out") from exc
        self._lock_fh = fh

    def _clean_leftovers(self) -> None:
        for folder in (self.out, self.out / RESULTS, self.out / SERIES):
            for tmp in folder.glob(".tmp-*"):
                tmp.unlink()
        results = {p.name for p in (self.out / RESULTS).glob("part-*.parquet")}
        if not (self.out / SERIES).is_dir():
            return
        for part in (self.out / SERIES).glob("part-*.parquet"):
            if part.name not in results:  # killed between the series and the results part
                part.unlink()

    def close(self) -> None:
        """Release the folder lock."""
        if self._lock_fh is not None:
            fcntl.flock(self._lock_fh, fcntl.LOCK_UN)
            self._lock_fh.close()
            self._lock_fh = None

    # --- progress ------------------------------------------------------------------
    def add(self, result: BatchResult) -> None:
        """Buffer a batch's results; write them out when enough time or rows have passed."""
        self._rows.extend({"run_id": rid, **out}
                          for rid, out in zip(result.run_ids, result.outcomes, strict=True))
        if result.series is not None and len(result.series):
            self._series.append(result.series)
        for failure in result.failures:
            self.add_failure(failure)
        if (len(self._rows) >= self.flush_rows
                or time.monotonic() - self._last_flush >= self.flush_seconds):
            self.flush()

    def add_failure(self, failure: dict[str, Any]) -> None:
        """Record one failed run."""
        rid = int(failure["run_id"])
        self._failures.append({**failure, "run_id": rid,
                               "replicate": int(self._replicate[rid])})

    @property
    def n_failed(self) -> int:
        """Failed runs recorded in this session."""
        return len(self._failures)

    @property
    def failures(self) -> list[dict[str, Any]]:
        """Failure records of this session."""
        return list(self._failures)

    def flush(self) -> None:
        """Write buffered results (and series) as new part files, atomically."""
        self._last_flush = time.monotonic()
        if self._rows:
            name = f"part-{min(r['run_id'] for r in self._rows):09d}.parquet"
            if self._series:
                frame = pd.concat(self._series, ignore_index=True)
                write_parquet_atomic(frame, self.out / SERIES / name)
            table = pa.Table.from_pylist(self._rows)
            write_parquet_atomic(table, self.out / RESULTS / name)
        self._rows, self._series = [], []
        self.write_failures()

    def write_failures(self) -> None:
        """Write this session's failures table (possibly empty)."""
        frame = pd.DataFrame(self._failures, columns=list(FAILURE_COLUMNS))
        frame = frame.astype({"run_id": "int64", "replicate": "int64", "seed": "int64"})
        write_parquet_atomic(frame.sort_values("run_id", ignore_index=True),
                             self.out / FAILURES)

    # --- manifest ------------------------------------------------------------------
    def write_manifest(self, session: dict[str, Any], status: str, counts: dict[str, int]
                       ) -> None:
        """Write the manifest with this session's record replaced or appended."""
        old = read_manifest(self.out) or {}
        sessions = [s for s in old.get("sessions", []) if s.get("id") != session["id"]]
        sessions.append(session)
        study = self.study
        manifest = {
            "study_name": study.name, "title": study.title, "description": study.description,
            "titles": dict(study.titles), "descriptions": dict(study.descriptions),
            "study_file": str(study.path.resolve()), "study_sha256": study.sha256,
            "study_file_sha256": study.file_sha256, "study": study.raw,
            "model": study.model.spec, "scenarios": list(study.scenarios),
            "parameters": study.param_names, "fixed": study.fixed,
            "outcomes": list(study.outcomes),
            "series": None if study.series is None else list(study.series),
            "seed": study.seed, "design": self.design.info,
            **environment(),
            "ray": session.get("ray", {}),
            "status": status, "runs": counts,
            "started_at": sessions[0]["started_at"],
            "finished_at": session.get("finished_at"),
            "wall_seconds": round(sum(s.get("wall_seconds") or 0.0 for s in sessions), 3),
            "sessions": sessions,
        }
        data = json.dumps(manifest, indent=2, default=str).encode("utf-8")
        write_bytes_atomic(self.out / MANIFEST, data)


@dataclass
class Results:
    """A loaded result folder as pandas DataFrames, with its manifest and study file."""

    path: Path
    manifest: dict[str, Any]
    design: pd.DataFrame
    results: pd.DataFrame  # the design's rows of the finished runs, merged with the outcomes
    series: pd.DataFrame | None
    failures: pd.DataFrame
    study: dict[str, Any] = field(default_factory=dict)  # the study file's content

    @property
    def scenarios(self) -> list[str]:
        """Scenario names in the study's order (baseline first when present)."""
        listed = self.study.get("scenarios")
        names = [s if isinstance(s, str) else s.get("name") for s in listed] if isinstance(
            listed, list) else []
        seen = list(dict.fromkeys(self.design["scenario"].astype(str)))
        order = [n for n in names if n in seen] + [n for n in seen if n not in names]
        return sorted(order, key=lambda n: n != "baseline")

    @property
    def outcomes(self) -> list[str]:
        """Outcome columns of the results (everything not from the design)."""
        return [c for c in self.results.columns if c not in self.design.columns]

    @property
    def parameters(self) -> list[str]:
        """Varied parameter columns of the design."""
        return [c for c in self.design.columns if c not in DESIGN_COLUMNS]

    @property
    def varied_parameters(self) -> list[str]:
        """Parameters that take more than one value among the finished runs."""
        return [p for p in self.parameters
                if pd.api.types.is_numeric_dtype(self.results[p])
                and self.results[p].nunique(dropna=True) > 1]

    @property
    def years(self) -> list[int]:
        """Years for which the results hold outcomes (``kpi.BLOC@YEAR``)."""
        ys = {split_name(c)[2] for c in self.outcomes}
        return sorted(y for y in ys if y is not None)


def _read_part(part: Path, columns: list[str] | None = None) -> pa.Table:
    try:
        return pq.read_table(part, columns=columns)
    except (OSError, pa.ArrowException) as exc:
        raise StoreError(f"{part}: cannot read this part ({exc}); delete it to redo "
                         "its runs, or use --fresh") from exc


def _read_parts(folder: Path) -> pd.DataFrame | None:
    parts = sorted(folder.glob("part-*.parquet"))
    if not parts:
        return None
    tables = [_read_part(p) for p in parts]
    return pa.concat_tables(tables, promote_options="default").to_pandas()


def _read_study(out: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    """The study's content: from the manifest, else from the copy of the study file."""
    study = manifest.get("study")
    if isinstance(study, dict):
        return study
    path = out / STUDY_COPY
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise StoreError(f"{path}: not valid YAML ({exc})") from exc
    return data if isinstance(data, dict) else {}


def load_results(out: str | Path, require_runs: bool = False) -> Results:
    """Load a result folder: design, results (design merged with outcomes), series, failures
    and the study; raise StoreError naming the folder or file when it is missing or damaged,
    or (``require_runs``) when no run has finished."""
    out = Path(out)
    expected = "expected the --out folder of 'airace run' or 'airace study'"
    if not out.is_dir():
        raise StoreError(f"{out}: no such result folder; {expected}")
    manifest = read_manifest(out)
    if manifest is None:
        raise StoreError(f"{out}: not an airace result folder (no manifest.json); {expected}")
    if not (out / DESIGN).is_file():
        raise StoreError(f"{out}: not an airace result folder or an incomplete one (no "
                         f"design.parquet); {expected}")
    try:
        loaded = _read_folder(out, manifest)
    except InputError:
        raise
    except (OSError, ValueError, KeyError, pa.ArrowException) as exc:
        raise StoreError(f"{out}: cannot read the stored results ({exc})") from exc
    if require_runs and loaded.results.empty:
        raise StoreError(f"{out / RESULTS}: no finished runs; run the study first "
                         "('airace run STUDY.yaml --out FOLDER')")
    return loaded


def _read_folder(out: Path, manifest: dict[str, Any]) -> Results:
    design = pd.read_parquet(out / DESIGN)
    outcomes = _read_parts(out / RESULTS)
    if outcomes is None:
        outcomes = pd.DataFrame({"run_id": pd.Series(dtype="int64")})
    results = design.merge(outcomes, on="run_id", how="inner", validate="one_to_one")
    results = results.sort_values("run_id", ignore_index=True)
    series = _read_parts(out / SERIES)
    if series is not None:
        series = series.sort_values(["run_id", "step"], ignore_index=True)
    elif manifest.get("series") is not None:
        series = pd.DataFrame(columns=["run_id", "step", "year", "quarter"])
    failures = (pd.read_parquet(out / FAILURES) if (out / FAILURES).is_file()
                else pd.DataFrame(columns=list(FAILURE_COLUMNS)))
    with contextlib.suppress(KeyError):
        failures = failures[~failures["run_id"].isin(results["run_id"])]
    return Results(out, manifest, design, results, series, failures.reset_index(drop=True),
                   _read_study(out, manifest))
