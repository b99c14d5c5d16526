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

    def __init__(self, states: Sequence[State], labs: Labs, p: Mapping[str, Any]) -> None:
        self.states = list(states)
        self.partner = self.states[ROW]
        self.home_onehot = labs.home_onehot
        self.us_in_row = np.zeros_like(labs.home_onehot, dtype=bool)  # [lab, location]
        self.us_in_row[labs.table.home == US, ROW] = True
        self.us_in_row_w = self.us_in_row.astype(float)  # the same as 1/0 (faster products)
        self.shares = [p[f"cofinance_share.{s.bloc}"] for s in self.states]
        self.partner_share = p[f"cofinance_share.{BLOCS[ROW]}"]
        # offers (read-only) and their 1 - offer by which funds still hold money; the last made
        self._offers: dict[tuple[bool, ...], tuple[np.ndarray, np.ndarray]] = {}
        self._last: tuple[np.ndarray, np.ndarray] = (np.empty(0), np.empty(0))  # none yet

    def offer(self) -> np.ndarray:
        """Share of capex on offer [lab, location]: the home fund's share wherever a firm
        builds, the partner pool's for US firms in ROW (read-only)."""
        return self._offer()[0]

    def _offer(self) -> tuple[np.ndarray, np.ndarray]:
        """The offer and 1 - offer, computed once for each set of funds holding money."""
        key = (*(s.treasury > 0 for s in self.states), self.partner.partner_pool > 0)
        found = self._offers.get(key)
        if found is None:
            share = np.array([s * k for s, k in zip(self.shares, key, strict=False)])
            offer = self.home_onehot * share[None, :]
            offer[self.us_in_row] = self.partner_share * key[-1]
            offer.setflags(write=False)
            found = self._offers[key] = (offer, 1.0 - offer)
        self._last = found
        return found

    def affordable(self, own: np.ndarray, offer: np.ndarray) -> np.ndarray:
        """The offer scaled down where a pool cannot pay all that is asked of it for the
        firms' own spending ``own`` [lab, location], so public money never promises more
        than it holds."""
        made = offer is self._last[0]          # the last offer made, whose 1 - offer is kept
        ask = own * offer
        ask /= self._last[1] if made else 1.0 - offer
        home_ask = np.add.reduce(ask * self.home_onehot, 0).tolist()
        home_scale = [min(1.0, s.treasury / max(a, 1e-300))
                      for s, a in zip(self.states, home_ask, strict=True)]
        partner_ask = float(np.add.reduce(ask * self.us_in_row_w, axis=None))
        pool = self.partner.partner_pool
        partner_scale = min(1.0, pool / partner_ask) if partner_ask > 0 else 1.0
        if partner_scale == 1.0 and all(h == 1.0 for h in home_scale):
            return offer if made else offer.copy()  # all pools can pay in full
        scale = self.home_onehot * np.array(home_scale)
        scale[self.us_in_row] = partner_scale
        return offer * scale

    def pay(self, cost: np.ndarray, share: np.ndarray) -> np.ndarray:
        """Pay ``share`` of capex ``cost`` [lab, location] from the pools (pro rata when one
        runs short); returns the public money paid per lab ($bn)."""
        wanted = cost * share
        covered = wanted * self.home_onehot
        home_wanted = np.add.reduce(covered, axis=0).tolist()
        frac = [s.draw_cofinance(w) / w if w > 0 else 0.0
                for s, w in zip(self.states, home_wanted, strict=True)]
        if not all(f == 1.0 or w == 0.0 for f, w in zip(frac, home_wanted, strict=True)):
            covered *= np.array(frac)         # a pool ran short (x 1 changes nothing)
        partner_part = wanted * self.us_in_row_w
        partner_wanted = float(np.add.reduce(partner_part, axis=None))
        if partner_wanted > 0:
            paid = self.partner.draw_partner(partner_wanted)
            covered += partner_part * (paid / partner_wanted)
        return np.add.reduce(covered, axis=1)
