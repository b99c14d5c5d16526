"""Public co-financing of compute: each state's compute fund pays a share of its home firms'
capex, and the partner pool (ROW) a share of US firms' capex on ROW soil, while the money
lasts - offered before the labs plan, paid when the chips are delivered."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from airace.agents.lab import Labs
from airace.agents.state import State
from airace.model.parameters import BLOCS

US, ROW = BLOCS.index("US"), BLOCS.index("ROW")


class CoFinancing:
    """The co-financing channel between the states' funds and the labs of one world."""

    def __init__(self, states: Sequence[State], labs: Labs) -> None:
        self.states = list(states)
        self.partner = self.states[ROW]
        self.home_onehot = labs.home_onehot
        self.us_in_row = np.zeros_like(labs.home_onehot, dtype=bool)  # [lab, location]
        self.us_in_row[labs.table.home == US, ROW] = True

    def offer(self, p: Mapping[str, Any]) -> np.ndarray:
        """Share of capex on offer [lab, location]: the home fund's share wherever a firm
        builds, the partner pool's for US firms in ROW."""
        share = np.array([s.cofinance_share(p) for s in self.states])
        offer = self.home_onehot * share[None, :]
        offer[self.us_in_row] = p[f"cofinance_share.{BLOCS[ROW]}"] * (self.partner.partner_pool > 0)
        return offer

    def affordable(self, own: np.ndarray, offer: np.ndarray) -> np.ndarray:
        """The offer scaled down where a pool cannot pay all that is asked of it for the
        firms' own spending ``own`` [lab, location], so public money never promises more
        than it holds."""
        treasury = np.array([s.treasury for s in self.states])
        ask = own * offer / (1.0 - offer)
        home_ask = (ask * self.home_onehot).sum(axis=0)
        home_scale = np.minimum(1.0, treasury / np.maximum(home_ask, 1e-300))
        partner_ask = float((ask * self.us_in_row).sum())
        pool = self.partner.partner_pool
        partner_scale = min(1.0, pool / partner_ask) if partner_ask > 0 else 1.0
        return offer * (self.home_onehot * home_scale + self.us_in_row * partner_scale)

    def pay(self, cost: np.ndarray, share: np.ndarray) -> np.ndarray:
        """Pay ``share`` of capex ``cost`` [lab, location] from the pools (pro rata when one
        runs short); returns the public money paid per lab ($bn)."""
        wanted = cost * share
        home_part = wanted * self.home_onehot
        home_wanted = home_part.sum(axis=0)
        frac = [s.draw_cofinance(w) / w if w > 0 else 0.0
                for s, w in zip(self.states, home_wanted.tolist(), strict=True)]
        covered = home_part * np.array(frac)
        partner_part = wanted * self.us_in_row
        partner_wanted = float(partner_part.sum())
        if partner_wanted > 0:
            paid = self.partner.draw_partner(partner_wanted)
            covered += partner_part * (paid / partner_wanted)
        return covered.sum(axis=1)
