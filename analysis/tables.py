"""The study's summary tables (ensemble statistics, scenario differences) and their CSV files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.plan import Plan
from analysis.results import ResultSet
from analysis.stats import ensemble_summary, scenario_differences
from model.kpi_info import split_name

TABLES_DIR = Path("analysis") / "tables"


@dataclass(frozen=True)
class Tables:
    """Ensemble statistics of every outcome and differences to the baseline at the target
    year (key outcomes first)."""

    ensemble: pd.DataFrame
    differences: pd.DataFrame


def compute_tables(rs: ResultSet, plan: Plan, confidence: float = 0.95) -> Tables:
    """Compute the summary tables of ``rs`` for ``plan``."""
    numeric = [o for o in rs.outcomes if pd.api.types.is_numeric_dtype(rs.results[o])]
    ordered = [*plan.outcomes, *[o for o in numeric if o not in plan.outcomes]]
    ensemble = ensemble_summary(rs.results, ordered, rs.scenarios)
    at_year = [o for o in ordered if plan.year is None or split_name(o)[2] == plan.year]
    if len(rs.scenarios) > 1:
        differences = scenario_differences(rs.results, at_year, plan.baseline, confidence)
    else:
        differences = scenario_differences(rs.results, [], plan.baseline, confidence)
    return Tables(ensemble, differences)


def write_tables(tables: Tables, folder: Path) -> dict[str, Path]:
    """Write ensemble.csv and paired_differences.csv into ``folder`` (atomically)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, frame in (("ensemble", tables.ensemble),
                        ("paired_differences", tables.differences)):
        path = folder / f"{name}.csv"
        tmp = path.with_name(f".{path.name}.tmp")
        frame.to_csv(tmp, index=False, float_format="%.10g")
        tmp.replace(path)
        written[name] = path
    return written
