"""Discrete-choice helper shared by the agents' decision rules (multinomial logit)."""

from __future__ import annotations

import numpy as np


def logit_shares(utility: np.ndarray, weight: np.ndarray | None = None) -> np.ndarray:
    """Row-wise multinomial-logit shares of finite utilities; ``weight`` (0..1) scales each
    alternative's availability, 0 excludes it. Rows with nothing available get zero shares."""
    e = utility - np.maximum.reduce(utility, -1, keepdims=True)
    np.exp(e, out=e)
    if weight is not None:
        if weight.shape == e.shape:
            e *= weight
        else:
            e = e * weight
    total = np.add.reduce(e, -1, keepdims=True)
    return np.divide(e, total, out=e, where=total > 0.0)  # other rows stay as they are: 0
