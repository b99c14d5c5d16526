"""Values over time of a loaded result folder, for the figures and tables: from the quarterly
series when stored, else from the yearly outcomes (``kpi.BLOC@YEAR``)."""

from __future__ import annotations

import pandas as pd

from airace.experiments.store import Results
from airace.model.kpi_info import split_name


def time_table(rs: Results, variables: list[str]) -> pd.DataFrame:
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


def has_time(rs: Results, variable: str) -> bool:
    """True when ``variable`` can be shown over time (series, or outcomes in 2+ years)."""
    if rs.series is not None and variable in rs.series.columns:
        return True
    years = [split_name(c)[2] for c in rs.outcomes if c.split("@")[0] == variable]
    return len([y for y in years if y is not None]) >= 2
