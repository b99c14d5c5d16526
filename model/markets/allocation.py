"""Order routing in the chip market before rationing: programme conditions that let a
vendor's (publicly funded) output serve the labs of its home bloc first."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

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
    return first, orders - first, supply - first.sum(axis=(0, 1))
