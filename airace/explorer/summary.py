"""What the explorer shows of an ensemble, computed with the analysis layer's statistics:
quantile bands over time (fan charts) and paired differences in the target year."""

from __future__ import annotations

import pandas as pd

from airace.analysis.stats import ensemble_summary, quantile_bands, scenario_differences
from airace.explorer.ensemble import HEADLINE, Ensemble
from airace.explorer.setting import REFERENCE, SETTING
from airace.model.kpi_info import KPI_INFO
from airace.model.parameters import BLOCS

CONFIDENCE = 0.95


def headline_variables(bloc: str) -> list[str]:
    """Reporter names of the headline KPIs for ``bloc`` (those the KPI reports)."""
    return [f"{k}.{bloc}" for k in HEADLINE if bloc in KPI_INFO[k].blocs]


def bands(ens: Ensemble, bloc: str) -> pd.DataFrame:
    """Median, 50 % and 90 % bands per arm, variable and quarter for ``bloc``'s KPIs."""
    variables = [v for v in headline_variables(bloc) if v in ens.series.columns]
    long = ens.series.melt(id_vars=["scenario", "replicate", "year"], value_vars=variables,
                           var_name="variable")
    return quantile_bands(long, ["scenario", "variable", "year"])


def difference_outcomes(ens: Ensemble, year: int) -> list[str]:
    """The headline outcomes of every bloc in ``year`` that the ensemble holds."""
    names = [f"{v}@{year}" for b in BLOCS for v in headline_variables(b)]
    return [n for n in names if n in ens.results.columns]


def difference_table(ens: Ensemble, year: int, confidence: float = CONFIDENCE
                     ) -> pd.DataFrame:
    """One row per headline outcome in ``year``: the mean of the reference and of the
    setting, and the paired difference (setting minus reference) with its confidence
    interval and the share of pairs above zero."""
    outcomes = difference_outcomes(ens, year)
    diffs = scenario_differences(ens.results, outcomes, REFERENCE, confidence)
    means = ensemble_summary(ens.results, outcomes, [REFERENCE, SETTING])
    means = means.pivot(index="outcome", columns="scenario", values="mean")
    table = diffs.drop(columns=["scenario", "baseline"]).set_index("outcome")
    table.insert(0, "reference_mean", means[REFERENCE])
    table.insert(1, "setting_mean", means[SETTING])
    table = table.reindex(outcomes).reset_index()
    parts = table["outcome"].str.extract(r"^(?P<kpi>[^.@]+)\.(?P<bloc>[^@]+)@")
    table.insert(1, "kpi", parts["kpi"])
    table.insert(2, "bloc", parts["bloc"])
    return table
