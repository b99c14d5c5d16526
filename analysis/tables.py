"""The study's summary tables (ensemble statistics, scenario differences) and their CSV files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from airace.analysis.plan import Plan
from airace.analysis.stats import (
    QUANTILES,
    effect_by_parameter,
    ensemble_summary,
    quantile_bands,
    scenario_differences,
)
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
    modifiers: pd.DataFrame = field(default_factory=pd.DataFrame)  # effect by parameter bins


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
    return Tables(ensemble, differences, _bands(rs, plan),
                  effect_modifiers(rs, plan.baseline, confidence))


def effect_modifiers(rs: Results, baseline: str, confidence: float = 0.95) -> pd.DataFrame:
    """The study's ``effect_modifiers``: each scenario's effect on an outcome by bins of a
    sampled parameter (empty when the study asks for none or lacks the data)."""
    frames = []
    for item in rs.study.get("effect_modifiers") or []:
        outcome, parameter = item["outcome"], item["parameter"]
        if outcome not in rs.results or parameter not in rs.results or len(rs.scenarios) < 2:
            continue
        scenarios = [s for s in item.get("scenarios") or rs.scenarios if s != baseline]
        frames.append(effect_by_parameter(rs.results, outcome, parameter, baseline, scenarios,
                                          confidence=confidence))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


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
    """Write ensemble.csv, paired_differences.csv, bands.csv and (when the study asks for
    them) effect_modifiers.csv into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, frame in (("ensemble", tables.ensemble),
                        ("paired_differences", tables.differences), ("bands", tables.bands),
                        ("effect_modifiers", tables.modifiers)):
        if name == "effect_modifiers" and tables.modifiers.empty:
            continue
        path = folder / f"{name}.csv"
        tmp = path.with_name(f".{path.name}.tmp")
        frame.to_csv(tmp, index=False, float_format="%.10g")
        tmp.replace(path)
        written[name] = path
    return written
