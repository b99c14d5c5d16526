"""Top AI researchers as a stock that moves between blocs.

Each bloc holds a share of the world's top AI researchers. R&D money (private plus the
state's public talent money) and the compute of the bloc's own labs attract them; every
quarter a share of all researchers reconsiders where to work and moves toward the blocs
that attract, so the stock follows with a lag. A bloc's research speed follows its share of
the researchers, not the money itself: public money counts in proportion to what it adds to
the bloc's total AI R&D (a dollar is worth little where private R&D is a hundred times
larger). Vectorised over the blocs. See docs/ODD.md, 7.15.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np


def attraction(p: Mapping[str, Any], money: np.ndarray, money_ref: np.ndarray,
               compute: np.ndarray, compute_ref: np.ndarray) -> np.ndarray:
    """How strongly each bloc draws researchers relative to 2025: R&D money ($bn/yr) and
    home labs' compute (H100e), each relative to its 2025 reference, at their elasticities."""
    return ((money / money_ref) ** p["talent_money_elasticity"]
            * (np.maximum(compute, 0.0) / compute_ref) ** p["talent_compute_elasticity"])


def target_shares(share0: np.ndarray, pull: np.ndarray) -> np.ndarray:
    """Where researchers would work if all could move now: the 2025 shares reweighted by the
    blocs' attraction (unchanged attraction everywhere keeps the 2025 shares)."""
    w = share0 * pull
    return w / w.sum()


def flows(share: np.ndarray, target: np.ndarray, mobility_q: float) -> np.ndarray:
    """Gross flows of researchers this quarter [from bloc, to bloc] as shares of the world
    stock: the share ``mobility_q`` of each bloc's researchers reconsiders and chooses a bloc
    in proportion to ``target`` (staying is one choice)."""
    return mobility_q * share[:, None] * target[None, :]


def quarterly_mobility(p: Mapping[str, Any]) -> float:
    """Share of researchers reconsidering their bloc each quarter, from the yearly share."""
    return 1.0 - (1.0 - p["talent_mobility"]) ** 0.25


class TalentPool:
    """The blocs' shares of the world's top AI researchers and what attracts them.

    ``share0``: 2025 shares (normalised); ``private_rd``: private AI R&D by bloc ($bn/yr,
    held at its 2025 level); ``public_ref``: the status-quo public talent money ($bn/yr)
    that the 2025 shares reflect; ``compute_ref``: home labs' compute in 2025 (H100e).
    """

    def __init__(self, share0: np.ndarray, private_rd: np.ndarray, public_ref: np.ndarray,
                 compute_ref: np.ndarray) -> None:
        if (share0 <= 0).any():
            raise ValueError(f"every bloc's 2025 researcher share must be > 0: {share0}")
        self.share0 = share0 / share0.sum()
        self.share = self.share0.copy()
        self.private_rd = private_rd
        self.money_ref = private_rd + public_ref
        self.compute_ref = np.where(compute_ref > 0, compute_ref, 1.0)
        self.public = np.zeros_like(private_rd)   # $bn/yr of public talent money now
        self.moved = np.zeros_like(self.share0)  # net inflow this quarter (share of world)
        self._cum = np.zeros_like(private_rd)

    def step(self, p: Mapping[str, Any], talent_cum: np.ndarray, compute: np.ndarray
             ) -> np.ndarray:
        """One quarter: this quarter's public talent money (the growth of the states'
        cumulative ``talent_cum``, $bn) and home labs' ``compute`` move the stock; returns
        each bloc's research speed (1 at its 2025 share)."""
        self.public = (talent_cum - self._cum) * 4.0
        self._cum = talent_cum
        pull = attraction(p, self.private_rd + self.public, self.money_ref, compute,
                          self.compute_ref)
        target = target_shares(self.share0, pull)
        mu = quarterly_mobility(p)
        new = (1.0 - mu) * self.share + mu * target  # = share - outflows + inflows
        self.moved = new - self.share
        self.share = new
        return (self.share / self.share0) ** p["talent_research_elasticity"]

    def public_share(self) -> np.ndarray:
        """Public talent money's share of each bloc's AI R&D spending now."""
        return self.public / (self.private_rd + self.public)
