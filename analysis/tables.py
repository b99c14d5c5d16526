"""The study's summary tables (ensemble statistics, scenario differences) and their CSV files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from airace.analysis.plan import Plan
from airace.analysis.stats import QUANTILES, ensemble_summary, quantile_bands, scenario_differences
from airace.analysis.timeseries import has_time, time_table
from airace.experiments.store import Results
from airace.model.kpi_info import KPI_INFO, split_name

TABLES_DIR = Path("analysis") / "tables"


@dataclass(frozen=True)
class Tables:
    """Ensemble statistics of every outcome, differences to the baseline at the target year
    (key outcomes first) and quantile bands over time of the figures' variables."""

    ensemble: pd.DataFrame
    differences: pd.DataFrame
    bands: pd.DataFrame


def compute_tables(rs: Results, plan: Plan, confidence: float = 0.95) -> Tables:
    """Compute the summary tables of ``rs`` for ``plan``."""
    numeric = [o for o in rs.outcomes if pd.api.types.is_numeric_dtype(rs.results[o])]
    ordered = [*plan.outcomes, *[o for o in numeric if o not in plan.outcomes]]
    ensemble = ensemble_summary(rs.results, ordered, rs.scenarios)
    at_year = [o for o in ordered if plan.year is None or split_name(o)[2] == plan.year]
    if len(rs.scenarios) > 1:
        differences = scenario_differences(rs.results, at_year, plan.baseline, confidence)
    else:
        differences = scenario_differences(rs.results, [], plan.baseline, confidence)
    return Tables(ensemble, differences, _bands(rs, plan))


def _bands(rs: Results, plan: Plan) -> pd.DataFrame:
    """Median and 50 %/90 % bands by scenario, variable and year (quarterly when stored)."""
    variables = [f"{k}.{b}" for k in plan.time_kpis for b in KPI_INFO[k].blocs]
    variables += [v for v in plan.variables if v not in variables]
    variables = [v for v in variables if has_time(rs, v)]
    long = time_table(rs, variables)
    if long.empty:
        return pd.DataFrame(columns=["scenario", "variable", "year", "n", "mean",
                                     *QUANTILES])
    return quantile_bands(long, ["scenario", "variable", "year"])


def write_tables(tables: Tables, folder: Path) -> dict[str, Path]:
    """Write ensemble.csv, paired_differences.csv and bands.csv into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, frame in (("ensemble", tables.ensemble),
                        ("paired_differences", tables.differences), ("bands", tables.bands)):
        path = folder / f"{name}.csv"
        tmp = path.with_name(f".{path.name}.tmp")
        frame.to_csv(tmp, index=False, float_format="%.10g")
        tmp.replace(path)
        written[name] = path
    return written
