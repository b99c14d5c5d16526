"""Discrete-choice helper shared by the agents' decision rules (multinomial logit)."""

from __future__ import annotations

import numpy as np


def logit_shares(utility: np.ndarray, weight: np.ndarray | None = None) -> np.ndarray:
    """Row-wise multinomial-logit shares of finite utilities; ``weight`` (0..1) scales each
    alternative's availability, 0 excludes it. Rows with nothing available get zero shares."""
    e = np.exp(utility - utility.max(axis=-1, keepdims=True))
    if weight is not None:
        e *= weight
    total = e.sum(axis=-1, keepdims=True)
    return e / np.where(total > 0.0, total, 1.0)
