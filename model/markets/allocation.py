"""Order routing in the chip market between labs' orders and rationing: the export rules
(US rules with their foreign-direct-product reach, the EU's own control), home priority for a
vendor's (publicly funded) output, and the tally of deliveries by the buyer's home bloc."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from airace.agents.export_controls import ExportControls, denied_share, deny
from airace.model.parameters import BLOCS

EU = BLOCS.index("EU")


def home_reserve(p: Mapping[str, Any], vendor_home: np.ndarray) -> np.ndarray:
    """Share of each vendor's supply offered first to labs of its home bloc [vendor]: the EU
    programme's ``eu_chip_home_priority`` for European vendors, none for the others."""
    return np.where(vendor_home == EU, float(p["eu_chip_home_priority"]), 0.0)


def serve_home_first(orders: np.ndarray, supply: np.ndarray, home_match: np.ndarray,
                     reserve: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fill home labs' orders [lab, location, vendor] from the reserved part of each vendor's
    ``supply`` (``reserve`` share; ``home_match`` [lab, vendor] is 1 where the lab is of the
    vendor's home bloc), pro rata when the reserve is short. Returns what the reserve
    delivers, the orders still open and the supply left for everyone."""
    home_orders = orders * home_match[:, None, :]
    wanted = home_orders.sum(axis=(0, 1))
    reserved = reserve * supply
    fill = np.divide(reserved, wanted, out=np.ones_like(reserved), where=wanted > reserved)
    first = home_orders * fill[None, None, :]
    left = np.maximum(supply - first.sum(axis=(0, 1)), 0.0)  # a full reserve leaves 0, not -ulp
    return first, orders - first, left


class OrderRouting:
    """The rules between one market's orders and its rationing, for a fixed set of labs
    (``lab_home``, indices into BLOCS) and vendors (``vendor_home``, ``us_controlled``)."""

    def __init__(self, p: Mapping[str, Any], vendor_home: np.ndarray,
                 us_controlled: np.ndarray, lab_home: np.ndarray) -> None:
        self.eu_made = (vendor_home == EU).astype(float)
        self.us_controlled = us_controlled
        self.home_match = (lab_home[:, None] == vendor_home[None, :]).astype(float)
        self.reserve = home_reserve(p, vendor_home)
        self.prioritised = bool(self.reserve.any())
        onehot = (lab_home[:, None] == np.arange(len(BLOCS))[None, :]).astype(float)
        self._buyer_rows = np.repeat(onehot, len(BLOCS), axis=0)  # [lab x location, bloc]
        self.sold_cum = np.zeros((vendor_home.size, len(BLOCS)))  # H100e [vendor, buyer bloc]
        self._key: tuple[Any, ...] | None = None
        self._share = np.zeros(vendor_home.size)
        self._lab_share: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def denial(self, controls: ExportControls) -> np.ndarray:
        """Share of Chinese labs' orders denied per vendor under ``controls`` (recomputed only
        when the controls or their levels change)."""
        key = (controls, controls.level, controls.leakage, controls.eu_level,
               controls.fdpr_reach_eu)
        if key != self._key:
            reach = controls.us_reach(self.us_controlled, self.eu_made)
            self._share = controls.denial_by_vendor(reach, self.eu_made)
            self._key = key
        return self._share

    def filter(self, orders: np.ndarray, lab_is_cn: np.ndarray, controls: ExportControls,
               fallback: int, unit_cost: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Allowed and denied orders [lab, location, vendor] under the export rules; denied
        money turns to the ``fallback`` (Chinese) vendor."""
        share = self.denial(controls)
        cached = self._lab_share
        if (cached is None or cached[0] is not share or cached[1] is not lab_is_cn
                or cached[2].shape != orders.shape):  # full shape: a faster multiply
            full = np.broadcast_to(denied_share(lab_is_cn, share), orders.shape).copy()
            cached = self._lab_share = (share, lab_is_cn, full)
        return deny(orders, cached[2], fallback, unit_cost)

    def serve_home(self, allowed: np.ndarray, supply: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:func:`serve_home_first` with this market's home labs and reserves."""
        return serve_home_first(allowed, supply, self.home_match, self.reserve)

    def tally(self, delivered: np.ndarray) -> None:
        """Add deliveries [lab, location, vendor] to the sales by buyer's home bloc."""
        self.sold_cum += delivered.reshape(self._buyer_rows.shape[0], -1).T @ self._buyer_rows

    def eu_sales(self) -> np.ndarray:
        """European vendors' cumulative deliveries by buyer's home bloc (H100e)."""
        return self.eu_made @ self.sold_cum
