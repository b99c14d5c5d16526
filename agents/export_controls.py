"""Export controls, every channel of the levers in one place: the denial of chips under US
rules to Chinese labs (US-made chips and, through the foreign direct product rule, the part of
a foreign vendor's output made with US technology), the EU's own control on its vendor's
sales, leakage and where denied demand turns, the US guidance against Chinese accelerators
abroad, and the outbound-investment restriction on US funds.

The US :class:`~airace.agents.state.State` owns one instance; its adaptive rule moves
``level``. The EU's control (``eu_level``) is a fixed lever held here too, so that one object
answers what the rules allow. Markets and other agents ask this object.
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
        # share of the European vendor's output under US rules (foreign direct product rule)
        self.fdpr_reach_eu = float(p["us_rules_share_eu_vendor"])
        self.eu_level = float(p["eu_export_control"])  # EU controls on its vendor's sales

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

    def us_reach(self, us_controlled: np.ndarray, eu_made: np.ndarray) -> np.ndarray:
        """Share of each vendor's output subject to US export rules: all of a US vendor's, the
        foreign-direct-product share of a European vendor's, none of the others'."""
        return np.maximum(us_controlled.astype(float), self.fdpr_reach_eu * eu_made)

    def denial_by_vendor(self, us_reach: np.ndarray, eu_made: np.ndarray | None = None
                         ) -> np.ndarray:
        """Effective share of Chinese labs' orders denied per vendor: a sale must pass the US
        rules (on the ``us_reach`` share of the output) and the EU's (on EU-made chips)."""
        us = self.denial * us_reach
        if eu_made is None:
            return us
        eu = self.eu_level * (1.0 - self.leakage) * eu_made
        return 1.0 - (1.0 - us) * (1.0 - eu)

    def filter_orders(self, orders: np.ndarray, lab_is_cn: np.ndarray,
                      us_reach: np.ndarray, fallback_vendor: int, unit_cost: np.ndarray,
                      eu_made: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Orders [lab, location, vendor] in H100e as allowed, and the denied part.

        ``us_reach`` [vendor] is the share of each vendor's output under US rules (see
        :meth:`us_reach`; a boolean US-controlled mask also serves), ``eu_made`` [vendor] marks
        the vendors under EU controls. Denied money turns to China's own vendor
        (``fallback_vendor``) at its unit cost ($bn per H100e)."""
        return self.apply_denial(orders, lab_is_cn, self.denial_by_vendor(us_reach, eu_made),
                                 fallback_vendor, unit_cost)

    @staticmethod
    def apply_denial(orders: np.ndarray, lab_is_cn: np.ndarray, share: np.ndarray,
                     fallback_vendor: int, unit_cost: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray]:
        """Allowed and denied orders when Chinese labs are denied ``share`` [vendor] of their
        orders; the denied money buys the ``fallback_vendor``'s chips at its unit cost."""
        return deny(orders, denied_share(lab_is_cn, share), fallback_vendor, unit_cost)


def denied_share(lab_is_cn: np.ndarray, share: np.ndarray) -> np.ndarray:
    """Share of orders denied [lab, 1, vendor] when Chinese labs are denied ``share``."""
    return lab_is_cn[:, None, None] * share[None, None, :]


def deny(orders: np.ndarray, denied_share: np.ndarray, fallback_vendor: int,
         unit_cost: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Allowed and denied orders [lab, location, vendor] when ``denied_share`` [lab, 1 or
    location, vendor] of them is denied; the denied money buys the ``fallback_vendor``'s chips
    at its unit cost."""
    denied = orders * denied_share
    allowed = orders - denied
    to_fallback = allowed[:, :, fallback_vendor]
    to_fallback += (denied @ unit_cost) / unit_cost[fallback_vendor]
    return allowed, denied
