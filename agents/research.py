"""Capability of AI labs: effective training compute = physical training compute x algorithmic
efficiency, advanced by own research, breakthroughs and diffusion from the leader."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

SECONDS_PER_QUARTER = 365.25 * 86400.0 / 4.0
LOG10_2 = float(np.log10(2.0))


def flop_per_h100e_quarter(p: Mapping[str, Any]) -> float:
    """Training FLOP one H100e delivers in a quarter at the assumed utilisation."""
    return p["h100e_flops"] * p["training_mfu"] * SECONDS_PER_QUARTER


def algo_progress_per_quarter(p: Mapping[str, Any]) -> float:
    """Orders of magnitude of algorithmic efficiency gained per quarter at the 2025 norm."""
    return LOG10_2 * 3.0 / p["algo_halving_months"]


def frontier_share(p: Mapping[str, Any], share0: np.ndarray, year: float) -> np.ndarray:
    """Share of each lab's compute used in its largest run: grows, up to a ceiling."""
    growth = min(p["frontier_share_growth"] ** (year - 2025.0), p["frontier_share_max_multiple"])
    return np.minimum(share0 * growth, 1.0)


def capability(train_flop: np.ndarray, algo: np.ndarray) -> np.ndarray:
    """Capability in log10 effective training FLOP."""
    out = np.maximum(train_flop, 1.0)
    np.log10(out, out=out)
    out += algo
    return out


def advance_algorithms(p: Mapping[str, Any], algo: np.ndarray, cap: np.ndarray,
                       diffused_frontier: float, research: np.ndarray, jumps: np.ndarray,
                       diffused_algo: float | None = None) -> np.ndarray:
    """Next quarter's algorithmic efficiency: own research, breakthroughs, and diffusion of
    what the leaders knew ``diffusion_lag_months`` ago.

    Diffusion travels two ways. A share ``distillation_share`` transfers capability itself
    (distillation, open weights used as they are) and closes part of a lab's gap to the
    diffused frontier *capability*; the rest spreads algorithmic ideas, which close part of
    its gap to the best *algorithmic efficiency* ``diffused_algo`` but still need the lab's
    own compute to become capability. At 1 all diffusion is distillation.
    """
    share = p["distillation_share"]
    diffusion = np.subtract(diffused_frontier, cap)
    np.maximum(diffusion, 0.0, out=diffusion)
    diffusion *= share
    if share < 1.0:
        if diffused_algo is None:
            raise ValueError("diffused_algo is needed when distillation_share < 1")
        diffusion += (1.0 - share) * np.maximum(diffused_algo - algo, 0.0)
    diffusion *= p["diffusion_rate"]
    out = algo_progress_per_quarter(p) * research
    out += algo
    out += diffusion
    out += jumps
    return out


def diffused_frontier(p: Mapping[str, Any], history: list[float], q: int,
                      pace_per_quarter: float | None = None) -> float:
    """The value of ``history`` (frontier capability, or best algorithmic efficiency)
    ``diffusion_lag_months`` before quarter ``q``; before 2025 it is extrapolated back from
    2025 at ``pace_per_quarter`` (default: the reference frontier pace)."""
    lag_q = int(round(p["diffusion_lag_months"] / 3.0))
    if q - lag_q >= 0:
        return history[q - lag_q]
    pace = p["frontier_oom_per_year"] / 4.0 if pace_per_quarter is None else pace_per_quarter
    return history[0] - (lag_q - q) * pace


def gap_months(p: Mapping[str, Any], capability: np.ndarray, history: list[float]
               ) -> np.ndarray:
    """How many months ago the frontier stood where each capability stands now.

    ``history`` holds the frontier of every quarter so far (the last is now); a capability
    below the 2025 frontier is dated back at the reference pace.
    """
    running_max = np.maximum.accumulate(np.asarray(history))
    pos = np.searchsorted(running_max, capability, side="left").tolist()
    frontier = running_max.tolist()
    now = len(frontier) - 1
    pace = p["frontier_oom_per_year"]
    months = []
    for k, j in zip(capability.tolist(), pos, strict=True):
        if j > now or k >= frontier[now]:
            months.append(0.0)
        elif j == 0:
            months.append(now * 3.0 + max(frontier[0] - k, 0.0) / pace * 12.0)
        else:
            lo, hi = frontier[j - 1], frontier[j]
            frac = (k - lo) / (hi - lo) if hi > lo else 1.0
            months.append((now - (j - 1) - frac) * 3.0)
    return np.array(months, dtype=float)


def compute_lag_years(p: Mapping[str, Any], ratio: np.ndarray | float) -> np.ndarray | float:
    """A training-compute ratio (leader / follower) as years of frontier compute growth."""
    return np.log(ratio) / np.log(p["training_compute_growth_ref"])
