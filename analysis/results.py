"""A result folder (the layout of docs/ARCHITECTURE.md) as pandas frames, with clear errors.

Reading goes through ``experiments.store.load_results``; this module adds the checks and
messages the analysis needs and tidy views (``time_table``) for the figures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import yaml

from airace.model.errors import InputError
from airace.model.kpi_info import split_name

DESIGN_COLUMNS: tuple[str, ...] = ("run_id", "scenario", "sample_id", "replicate", "seed")
SERIES_INDEX: tuple[str, ...] = ("run_id", "step", "year", "quarter")


class ResultFolderError(InputError):
    """A result folder is missing, incomplete or holds no finished runs."""


@dataclass
class ResultSet:
    """One study's stored results as DataFrames, plus its manifest and study file."""

    path: Path
    manifest: dict[str, Any]
    design: pd.DataFrame
    results: pd.DataFrame
    failures: pd.DataFrame
    series: pd.DataFrame | None = None
    study: dict[str, Any] = field(default_factory=dict)

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


def _read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / "manifest.json"
    if not path.is_file():
        raise ResultFolderError(f"{folder}: no manifest.json - not a result folder; expected "
                                "the output folder of 'airace run' or 'airace study'")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ResultFolderError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise ResultFolderError(f"{path}: expected a JSON object")
    return data


def _read_study(folder: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    study = manifest.get("study")
    if isinstance(study, dict):
        return study
    path = folder / "study.yaml"
    if path.is_file():
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise ResultFolderError(f"{path}: not valid YAML ({exc})") from exc
        if isinstance(data, dict):
            return data
    return {}


def _empty_failures() -> pd.DataFrame:
    return pd.DataFrame({"run_id": pd.Series(dtype="int64"), "scenario": pd.Series(dtype=str),
                         "error": pd.Series(dtype=str)})


def load(folder: str | Path) -> ResultSet:
    """Load the result folder ``folder`` through experiments.store.load_results; raise
    ResultFolderError naming the folder or file when it is missing, damaged or empty."""
    from airace.experiments.store import load_results

    folder = Path(folder)
    if not folder.is_dir():
        raise ResultFolderError(f"{folder}: no such result folder")
    manifest = _read_manifest(folder)
    if not (folder / "design.parquet").is_file():
        raise ResultFolderError(f"{folder}: no design.parquet; the folder is incomplete "
                                "(expected the layout of docs/ARCHITECTURE.md)")
    try:
        loaded = load_results(folder)
    except InputError:
        raise
    except (OSError, ValueError, KeyError, pa.ArrowException) as exc:
        raise ResultFolderError(f"{folder}: cannot read the stored results ({exc})") from exc
    results = loaded.results
    if results is None or results.empty or "scenario" not in results.columns:
        raise ResultFolderError(f"{folder / 'results'}: no finished runs; run the study first "
                                "('airace run STUDY.yaml --out FOLDER')")
    series = loaded.series
    if series is not None and series.empty:
        series = None
    if series is not None and "scenario" not in series.columns:
        series = series.merge(loaded.design[["run_id", "scenario"]], on="run_id", how="inner")
    failures = loaded.failures if loaded.failures is not None else _empty_failures()
    return ResultSet(folder, dict(loaded.manifest or manifest), loaded.design, results,
                     failures, series, _read_study(folder, manifest))


def time_table(rs: ResultSet, variables: list[str]) -> pd.DataFrame:
    """Long table run_id, scenario, sample_id, replicate, year, variable, value.

    Taken from the quarterly series when stored, else from the yearly outcomes
    (``kpi.BLOC@YEAR``); ``variables`` are reporter names such as ``compute_share.EU``.
    """
    keys = [c for c in ("run_id", "scenario", "sample_id", "replicate")
            if c in rs.results.columns]
    if rs.series is not None and all(v in rs.series.columns for v in variables):
        meta = rs.results[keys]
        frame = rs.series[["run_id", "year", *variables]].merge(meta, on="run_id")
        long = frame.melt(id_vars=[*keys, "year"], value_vars=variables, var_name="variable")
        long["year"] = long["year"].astype(float)
        return long
    cols = {c: split_name(c) for c in rs.outcomes}
    wanted = {c: f"{k}.{b}" if b else k for c, (k, b, y) in cols.items() if y is not None}
    wanted = {c: v for c, v in wanted.items() if v in variables}
    if not wanted:
        return pd.DataFrame(columns=[*keys, "year", "variable", "value"])
    long = rs.results[[*keys, *wanted]].melt(id_vars=keys, var_name="outcome")
    long["variable"] = long["outcome"].map(wanted)
    long["year"] = long["outcome"].map(lambda c: float(cols[c][2]))
    return long.drop(columns="outcome")


def has_time(rs: ResultSet, variable: str) -> bool:
    """True when ``variable`` can be shown over time (series, or outcomes in 2+ years)."""
    if rs.series is not None and variable in rs.series.columns:
        return True
    years = [split_name(c)[2] for c in rs.outcomes if c.split("@")[0] == variable]
    return len([y for y in years if y is not None]) >= 2
