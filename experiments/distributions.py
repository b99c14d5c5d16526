"""Distributions of the varied parameters: the kinds a study may use (and which design takes
which), and how one parameter's values are drawn from uniform numbers, rounded and clipped
to its bounds, or laid out as the levels of a grid."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

DIST_KEYS: dict[str, tuple[str, ...]] = {
    "uniform": ("low", "high"),
    "loguniform": ("low", "high"),
    "triangular": ("low", "mode", "high"),
    "truncnormal": ("mean", "sd", "low", "high"),
    "discrete": ("values",),
}
DESIGN_DISTS: dict[str, tuple[str, ...]] = {
    "monte_carlo": tuple(DIST_KEYS),
    "lhs": tuple(DIST_KEYS),
    "grid": ("uniform", "discrete"),
    "sobol": ("uniform",),
    "morris": ("uniform",),
}


@dataclass(frozen=True)
class ParamSpec:
    """One varied parameter: its distribution (or bounds) and whether it takes whole numbers."""

    name: str
    dist: str
    low: float | None = None
    high: float | None = None
    mode: float | None = None
    mean: float | None = None
    sd: float | None = None
    values: tuple[float, ...] = ()
    levels: int | None = None
    integer: bool = False
    group: str | None = None  # SALib group (e.g. "us_policy"); all parameters or none

    def bounds(self) -> tuple[float, float]:
        """Smallest and largest value the parameter can take."""
        if self.dist == "discrete":
            return min(self.values), max(self.values)
        return float(self.low), float(self.high)

    def _scipy_distribution(self) -> Any:
        lo, hi = self.low, self.high
        if self.dist == "uniform" and self.integer:
            return stats.randint(int(lo), int(hi) + 1)
        if self.dist == "uniform":
            return stats.uniform(loc=lo, scale=hi - lo)
        if self.dist == "loguniform":
            return stats.loguniform(lo, hi)
        if self.dist == "triangular":
            return stats.triang((self.mode - lo) / (hi - lo), loc=lo, scale=hi - lo)
        if self.dist == "truncnormal":
            return stats.truncnorm((lo - self.mean) / self.sd, (hi - self.mean) / self.sd,
                                   loc=self.mean, scale=self.sd)
        return stats.randint(0, len(self.values))

    def from_unit(self, u: np.ndarray) -> np.ndarray:
        """Map uniform numbers in [0, 1) to values of this parameter (inverse CDF)."""
        x = self._scipy_distribution().ppf(np.asarray(u, dtype=float))
        if self.dist == "discrete":
            idx = np.clip(x, 0, len(self.values) - 1).astype(int)
            return np.asarray(self.values, dtype=float)[idx]
        return self.finish(x)

    def finish(self, x: np.ndarray) -> np.ndarray:
        """Round whole-number parameters and keep values inside the bounds."""
        lo, hi = self.bounds()
        x = np.asarray(x, dtype=float)
        return np.clip(np.rint(x) if self.integer else x, lo, hi)

    def grid_values(self, default_levels: int) -> np.ndarray:
        """The levels of this parameter in a full-factorial grid."""
        if self.dist == "discrete":
            return np.asarray(self.values, dtype=float)
        x = self.finish(np.linspace(self.low, self.high, self.levels or default_levels))
        return np.unique(x) if self.integer else x
