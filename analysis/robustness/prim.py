"""PRIM from EMA Workbench (``ema_workbench.analysis.prim``, 2.5.x): the peeling trajectory
of candidate boxes with coverage, density, mass, restricted inputs and quasi-p-values, the
chosen box, and its resampling stability. EMA Workbench is imported only when PRIM runs."""

from __future__ import annotations

import contextlib
import math
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd

from airace.analysis.robustness.cases import Case
from airace.analysis.robustness.futures import RobustnessError

PEEL_ALPHA = 0.05
MASS_MIN = 0.05
CHOICE_DEFAULT = "gain"  # the largest coverage - mass
CHOICE_ASKED = "asked"
# PRIM's density threshold: EMA keeps the peeled box only if its density reaches it and
# otherwise returns the initial box without its trajectory. Here every trajectory is kept
# and the analyst chooses a box on it, so any density is accepted.
ACCEPT_ANY_DENSITY = 1e-9


def import_prim() -> ModuleType:
    """EMA Workbench's prim module, imported without its import-time warnings (ipyparallel
    and altair are optional there and unused here)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*ipyparallel.*")
        warnings.filterwarnings("ignore", category=ImportWarning)
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        from ema_workbench.analysis import prim
    return prim


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence the pandas deprecation warnings EMA Workbench 2.5 triggers (inplace drop,
    concatenation of empty frames); they do not change its results."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=FutureWarning)
        warnings.simplefilter("ignore", category=DeprecationWarning)
        warnings.filterwarnings("ignore", message=".*inplace.*")
        yield


@dataclass
class PrimResult:
    """The peeling trajectory, each box's limits and quasi-p-values, the chosen box and the
    resampling stability of its restrictions."""

    trajectory: pd.DataFrame  # box, coverage, density, mass, res_dim, n, k
    limits: list[pd.DataFrame]  # rows 0 (low) and 1 (high) per factor
    qp: list[dict[str, list[float]]]  # restricted factor -> [qp of low, qp of high] (-1: none)
    initial: pd.DataFrame
    chosen: int
    choice: str
    stability: pd.DataFrame  # factor, reproduce_coverage, reproduce_density (per cent)

    def restricted(self, box: int) -> list[str]:
        """Factors restricted in ``box``, most significant first."""
        qp = self.qp[box]
        return sorted(qp, key=lambda f: quasi_p(qp[f]))


def quasi_p(pair: list[float]) -> float:
    """One quasi-p-value per restriction: the larger of its restricted sides (-1 = side not
    restricted)."""
    valid = [float(v) for v in pair if v is not None and v >= 0]
    return max(valid) if valid else float("nan")


def best_box(trajectory: pd.DataFrame) -> int:
    """The box whose share of the cases of interest most exceeds its share of all futures
    (coverage - mass: the weighted relative accuracy of subgroup discovery divided by the
    base rate); not the initial box unless PRIM found no other."""
    gain = trajectory["coverage"].to_numpy(float) - trajectory["mass"].to_numpy(float)
    if len(gain) > 1:
        gain[0] = -np.inf
    return int(np.argmax(gain))


def run_prim(case: Case, box: int | None, resamples: int, seed: int) -> PrimResult:
    """Peel (and paste) one PRIM box for ``case``; choose ``box`` or the best-balanced one;
    measure how often resampled PRIM runs restrict the same inputs."""
    prim = import_prim()
    with quiet():
        finder = prim.Prim(case.x, case.y.astype(int), threshold=ACCEPT_ANY_DENSITY,
                           peel_alpha=PEEL_ALPHA, mass_min=MASS_MIN)
        found = finder.find_box()
    raw = found.peeling_trajectory
    trajectory = pd.DataFrame({
        "box": np.arange(len(raw)), "coverage": raw["coverage"].astype(float),
        "density": raw["density"].astype(float), "mass": raw["mass"].astype(float),
        "res_dim": raw["res_dim"].astype(int), "n": raw["n"].astype(int),
        "k": raw["k"].astype(int)})
    if box is not None and not 0 <= box < len(trajectory):
        raise RobustnessError(f"--box {box}: PRIM found boxes 0 to {len(trajectory) - 1} for "
                              f"this case; allowed: a box number in that range (see "
                              "peeling.csv)")
    chosen = best_box(trajectory) if box is None else box
    stability = _stability(case, trajectory.loc[chosen], resamples, seed)
    return PrimResult(trajectory, [b.copy() for b in found.box_lims],
                      [_qp_dict(q) for q in found.qp], finder.box_init.copy(), chosen,
                      CHOICE_DEFAULT if box is None else CHOICE_ASKED, stability)


def _qp_dict(qp: dict[str, Any]) -> dict[str, list[float]]:
    return {str(k): [float(v) for v in vals] for k, vals in qp.items()}


def _nearest(trajectory: pd.DataFrame, key: str, target: float, other: str) -> int:
    """The box whose ``key`` is nearest ``target``; ties go to the higher ``other``."""
    order = np.lexsort((-trajectory[other].to_numpy(float),
                        np.abs(trajectory[key].to_numpy(float) - target)))
    return int(order[0])


def _stability(case: Case, chosen: pd.Series, resamples: int, seed: int) -> pd.DataFrame:
    """How often PRIM on random halves of the futures restricts each input in the box nearest
    the chosen one in coverage (ties: the denser) and in density (ties: the wider), in per
    cent (Kwakkel's reproducibility of coverage and density, as EMA Workbench's
    ``PrimBox.resample``, with ties broken towards the informative box)."""
    counts = pd.DataFrame(0.0, index=list(case.x.columns),
                          columns=["reproduce_coverage", "reproduce_density"])
    if resamples > 0:
        prim = import_prim()
        rng = np.random.default_rng(seed % 2**32)
        n = len(case.y)
        for _ in range(resamples):
            rows = np.sort(rng.choice(n, n // 2, replace=False))
            y = case.y[rows].astype(int)
            if not 0 < y.sum() < len(y):
                continue
            with quiet():
                found = prim.Prim(case.x.iloc[rows].reset_index(drop=True), y,
                                  threshold=ACCEPT_ANY_DENSITY, peel_alpha=PEEL_ALPHA,
                                  mass_min=MASS_MIN).find_box()
            traj = found.peeling_trajectory
            for column, box in (
                    ("reproduce_coverage", _nearest(traj, "coverage", chosen["coverage"],
                                                    "density")),
                    ("reproduce_density", _nearest(traj, "density", chosen["density"],
                                                   "coverage"))):
                for factor in found.qp[box]:
                    counts.loc[str(factor), column] += 100.0 / resamples
    counts = counts.sort_values(["reproduce_coverage", "reproduce_density"], ascending=False,
                                kind="stable")
    return counts.rename_axis("factor").reset_index()


def limit_rows(result: PrimResult, box: int, kinds: dict[str, str]) -> list[dict[str, Any]]:
    """The restrictions of ``box``: factor, low, high (numeric factors), values (the
    categories kept, for categorical factors) and qp."""
    lims = result.limits[box]
    rows = []
    for factor in result.restricted(box):
        low, high = lims.loc[0, factor], lims.loc[1, factor]
        row: dict[str, Any] = {"factor": factor, "qp": quasi_p(result.qp[box][factor])}
        if kinds.get(factor) == "categorical":
            row.update(low=None, high=None, values=sorted(float(v) for v in low))
        elif kinds.get(factor) == "int":  # the whole numbers inside the box
            row.update(low=math.ceil(low), high=math.floor(high), values=None)
        else:
            row.update(low=float(low), high=float(high), values=None)
        rows.append(row)
    return rows
