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
    pull = money / money_ref
    pull **= p["talent_money_elasticity"]
    pull *= (compute / compute_ref) ** p["talent_compute_elasticity"]
    return pull


def target_shares(share0: np.ndarray, pull: np.ndarray) -> np.ndarray:
    """Where researchers would work if all could move now: the 2025 shares reweighted by the
    blocs' attraction (unchanged attraction everywhere keeps the 2025 shares)."""
    w = share0 * pull
    w /= np.add.reduce(w)
    return w


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
        self.public_share = public_ref * 0.0  # public talent money's share of AI R&D now
        self._cum = public_ref * 0.0

    def step(self, p: Mapping[str, Any], talent_cum: np.ndarray, compute: np.ndarray
             ) -> np.ndarray:
        """One quarter: this quarter's public talent money (the growth of the states'
        cumulative ``talent_cum``, $bn) and home labs' ``compute`` (H100e) move the stock
        toward :func:`target_shares` at the rate of :func:`quarterly_mobility` (the net of
        the gross :func:`flows`); returns each bloc's research speed (1 at its 2025 share)."""
        public = talent_cum - self._cum
        public *= 4.0
        self._cum = talent_cum
        money = self.private_rd + public
        self.public_share = public / money
        move = target_shares(self.share0, attraction(p, money, self.money_ref, compute,
                                                     self.compute_ref))
        move -= self.share
        move *= quarterly_mobility(p)
        move += self.share
        self.share = move
        speed = move / self.share0
        speed **= p["talent_research_elasticity"]
        return speed
