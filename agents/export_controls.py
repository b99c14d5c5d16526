"""US export controls, every channel of the lever in one place: the denial of US-controlled
chips to Chinese labs (with leakage) and where denied demand turns, the US guidance against
Chinese accelerators abroad, and the outbound-investment restriction on US funds.

The US :class:`~airace.agents.state.State` owns one instance; its adaptive rule moves
``level``. Markets and other agents ask this object what the controls allow.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np


class ExportControls:
    """The US export-control regime of one world."""

    def __init__(self, p: Mapping[str, Any]) -> None:
        self.level = float(p["export_control.US"])   # share of controlled chips denied, 0..1
        self.leakage = float(p["export_leakage"])     # share that reaches China all the same
        self.barred_abroad = float(p["cn_chips_barred_abroad"])
        self.outbound = float(p["us_outbound_restriction"])

    @property
    def denial(self) -> float:
        """Effective share of Chinese labs' orders for US-controlled chips that is denied."""
        return self.level * (1.0 - self.leakage)

    def vendor_access(self, lab_is_cn: np.ndarray, vendor_is_cn: np.ndarray) -> np.ndarray:
        """Availability [lab, vendor] in 0..1: US guidance (May 2025) makes using Chinese
        accelerators anywhere a sanctions risk, so labs outside China shun them."""
        access = np.ones((lab_is_cn.size, vendor_is_cn.size))
        access[np.ix_(~lab_is_cn, vendor_is_cn)] = 1.0 - self.barred_abroad
        return access

    def restrict_investors(self, eligible: np.ndarray, restricted: np.ndarray,
                           lab_is_cn: np.ndarray) -> np.ndarray:
        """Investor eligibility [investor, lab] with the outbound restriction applied: US
        funds may place only a share of their capital in Chinese AI firms."""
        out = eligible.copy()
        out[np.ix_(restricted, lab_is_cn)] *= 1.0 - self.outbound
        return out

    def filter_orders(self, orders: np.ndarray, lab_is_cn: np.ndarray,
                      us_controlled: np.ndarray, fallback_vendor: int, unit_cost: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray]:
        """Orders [lab, location, vendor] in H100e as allowed, and the denied part.

        Denied money for US-controlled chips turns to China's own vendor (``fallback_vendor``)
        at its unit cost ($bn per H100e)."""
        mask = lab_is_cn[:, None, None] & us_controlled[None, None, :]
        denied = np.where(mask, orders * self.denial, 0.0)
        allowed = orders - denied
        allowed[:, :, fallback_vendor] += (denied @ unit_cost) / unit_cost[fallback_vendor]
        return allowed, denied
