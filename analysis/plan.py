"""Which baseline, target year and outcomes a study's figures, tables and report show."""

from __future__ import annotations

import fnmatch
from collections import Counter
from dataclasses import dataclass

from airace.analysis.timeseries import has_time
from airace.experiments.store import Results
from airace.model.errors import InputError
from airace.model.kpi_info import KPI_INFO, split_name

DEFAULT_VARIABLES: tuple[str, ...] = (
    "compute_share.EU", "capability_gap_months.CN", "compute_share.CN", "revenue_share.EU",
    "sovereignty_index.EU", "compute_share.US",
)
TIME_KPIS: tuple[str, ...] = ("compute_share", "capability_gap_months", "revenue_share",
                              "energy_twh", "compute_h100e", "frontier_capability")
MAX_OUTCOMES = 4


class ChoiceError(InputError):
    """A baseline or target year was asked for that the results do not hold."""


@dataclass(frozen=True)
class Plan:
    """The baseline, target year and key outcomes of a study's figures and report."""

    baseline: str
    year: int | None
    outcomes: tuple[str, ...]
    variables: tuple[str, ...]
    time_kpis: tuple[str, ...]


def _study_outcomes(rs: Results) -> list[str]:
    """The study's outcomes in file order, glob patterns expanded against the results."""
    listed = rs.manifest.get("outcomes") or rs.study.get("outcomes")
    if isinstance(listed, dict):
        listed = list(listed)
    if not isinstance(listed, list):
        return []
    names: list[str] = []
    for pattern in (o for o in listed if isinstance(o, str)):
        names += fnmatch.filter(rs.outcomes, pattern) if any(c in pattern for c in "*?[") \
            else [pattern]
    return list(dict.fromkeys(names))


def _pick_year(rs: Results, wanted: list[str], year: int | None) -> int | None:
    years = rs.years
    if year is not None:
        if year not in years:
            raise ChoiceError(f"{rs.path}: no outcomes for the year {year}; the results hold "
                              f"{', '.join(map(str, years)) or 'no yearly outcomes'}")
        return year
    counted = Counter(split_name(o)[2] for o in wanted if split_name(o)[2] in years)
    if counted:
        return counted.most_common(1)[0][0]
    if not years:
        return None
    return 2030 if 2030 in years else years[-1]


def _variable(outcome: str) -> str:
    return outcome.split("@")[0]


def make_plan(rs: Results, year: int | None = None, baseline: str | None = None) -> Plan:
    """Choose baseline ('baseline' or the first scenario), target year and key outcomes."""
    scenarios = rs.scenarios
    if baseline is None:
        baseline = "baseline" if "baseline" in scenarios else scenarios[0]
    elif baseline not in scenarios:
        raise ChoiceError(f"{rs.path}: baseline scenario {baseline!r} is not in the results; "
                          f"scenarios: {', '.join(scenarios)}")
    listed = _study_outcomes(rs)
    year = _pick_year(rs, listed, year)
    outcomes = set(rs.outcomes)
    variables = list(dict.fromkeys(_variable(o) for o in listed)) or list(DEFAULT_VARIABLES)
    if year is not None:
        chosen = [f"{v}@{year}" for v in variables if f"{v}@{year}" in outcomes]
    else:
        chosen = [o for o in listed if o in outcomes]
    if not chosen:
        chosen = [o for o in rs.outcomes if year is None or split_name(o)[2] == year]
    chosen = chosen[:MAX_OUTCOMES]
    kpis = [split_name(v)[0] for v in map(_variable, chosen)]
    kpis += [k for k in TIME_KPIS if k not in kpis]
    time_kpis = [k for k in dict.fromkeys(kpis) if k in KPI_INFO and KPI_INFO[k].per_bloc and any(
        has_time(rs, f"{k}.{b}") for b in KPI_INFO[k].blocs)][:MAX_OUTCOMES]
    return Plan(baseline, year, tuple(chosen), tuple(_variable(o) for o in chosen),
                tuple(time_kpis))
