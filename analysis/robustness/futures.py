"""Futures paired across policies: the value of one outcome in every future (a sample of the
uncertain inputs with its replicate's seed) under every scenario, and each policy's regret
against the best policy in that future."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from airace.experiments.store import Results
from airace.model.errors import InputError

FUTURE: tuple[str, ...] = ("sample_id", "replicate")
DIRECTIONS: tuple[str, ...] = ("maximize", "minimize")
REGRET_PREFIX = "regret:"


class RobustnessError(InputError):
    """A result folder cannot be analysed for robustness or scenario discovery."""


@dataclass(frozen=True)
class Paired:
    """One outcome per future (rows, indexed by sample_id and replicate) and policy
    (columns, in the study's order); ``dropped`` futures lacked a run of some policy."""

    outcome: str
    values: pd.DataFrame
    dropped: int

    @property
    def n_futures(self) -> int:
        """Number of complete futures."""
        return len(self.values)


def check_direction(direction: str) -> str:
    """``direction`` if known, else RobustnessError naming the allowed ones."""
    if direction not in DIRECTIONS:
        raise RobustnessError(f"direction {direction!r} is not known; allowed: "
                              f"{', '.join(DIRECTIONS)}")
    return direction


def check_outcome(rs: Results, outcome: str, option: str = "--outcome") -> str:
    """``outcome`` if the result folder holds it, else RobustnessError listing some that it
    holds."""
    if outcome not in rs.outcomes:
        shown = ", ".join(rs.outcomes[:8]) + (", ..." if len(rs.outcomes) > 8 else "")
        raise RobustnessError(f"{rs.path}: {option} {outcome!r} is not an outcome of this "
                              f"result folder; allowed: {shown or '(none stored)'}")
    return outcome


def check_policies(rs: Results) -> list[str]:
    """The study's scenarios, or RobustnessError when there are fewer than two."""
    scenarios = rs.scenarios
    if len(scenarios) < 2:
        raise RobustnessError(f"{rs.path}: robustness compares policies, but this study has "
                              f"one scenario ({', '.join(scenarios) or 'none'}); allowed: a "
                              "study whose 'scenarios' lists two or more policies")
    return scenarios


def check_pairing(rs: Results) -> None:
    """Every future has one seed and one set of parameter values in all scenarios."""
    keys = list(FUTURE)
    columns = ["seed", *rs.parameters]
    counts = rs.design.groupby(keys)[columns].nunique(dropna=False)
    if (counts > 1).any(axis=None):
        raise RobustnessError(f"{rs.path}: runs with the same sample_id and replicate differ "
                              "in their seed or parameters across scenarios, so the futures "
                              "are not paired; allowed: a result folder of 'airace run' (which "
                              "uses common random numbers)")


def paired_values(rs: Results, outcome: str) -> Paired:
    """The outcome per future and policy, keeping only futures every policy completed."""
    scenarios = check_policies(rs)
    check_outcome(rs, outcome)
    check_pairing(rs)
    data = rs.results[["scenario", *FUTURE, outcome]].dropna(subset=[outcome])
    wide = data.pivot_table(index=list(FUTURE), columns="scenario", values=outcome,
                            aggfunc="first")
    wide = wide.reindex(columns=scenarios)
    n_all = len(rs.design.drop_duplicates(list(FUTURE)))
    complete = wide.dropna()
    if len(complete) < 2:
        raise RobustnessError(f"{rs.path}: only {len(complete)} future(s) have a finished run "
                              f"of {outcome!r} in every scenario; allowed: at least 2")
    complete.columns.name = None
    return Paired(outcome, complete.sort_index(), n_all - len(complete))


def regret(values: pd.DataFrame, direction: str) -> pd.DataFrame:
    """Regret of each policy (column) in each future (row): how far it falls short of the
    best policy in that future; 0 for the best."""
    check_direction(direction)
    if direction == "maximize":
        return values.max(axis=1).to_numpy()[:, None] - values
    return values - values.min(axis=1).to_numpy()[:, None]


def meets(values: pd.DataFrame | pd.Series, direction: str, threshold: float
          ) -> pd.DataFrame | pd.Series:
    """True where a value meets the threshold: at least it (maximize) or at most it
    (minimize)."""
    check_direction(direction)
    return values >= threshold if direction == "maximize" else values <= threshold


def future_clusters(values: pd.DataFrame) -> np.ndarray:
    """The sample_id of each future (replicates of one sample are resampled together)."""
    return values.index.get_level_values("sample_id").to_numpy()
