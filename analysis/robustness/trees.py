"""CART (a scikit-learn decision tree) as a second view of the case of interest: the leaves
in which it predicts the case, as boxes with coverage and density; and feature scores from
extra trees (scikit-learn's ExtraTreesClassifier, as EMA Workbench's feature scoring)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from airace.analysis.robustness.cases import Case

CART_DEPTH = 3
CART_MASS_MIN = 0.05
TREES = 250
TREE_FEATURES = 0.6


@dataclass
class CartResult:
    """The tree's leaves that predict the case (as boxes), its accuracy and importances."""

    leaves: list[dict[str, Any]]
    accuracy: float
    importance: pd.Series
    depth: int


def encode(case: Case) -> np.ndarray:
    """The inputs as numbers for scikit-learn (categories as their codes)."""
    cols = [case.x[c].cat.codes.to_numpy(float) if case.kinds[c] == "categorical"
            else case.x[c].to_numpy(float) for c in case.x.columns]
    return np.column_stack(cols)


def cart(case: Case, seed: int, depth: int = CART_DEPTH) -> CartResult:
    """A classification tree of at most ``depth`` levels whose leaves hold at least 5 % of
    the futures; its leaves that predict the case, with their limits."""
    from sklearn.tree import DecisionTreeClassifier

    x = encode(case)
    leaf_size = max(1, int(round(CART_MASS_MIN * len(x))))
    tree = DecisionTreeClassifier(max_depth=depth, min_samples_leaf=leaf_size,
                                  random_state=seed % 2**32).fit(x, case.y)
    leaf_of = tree.apply(x)
    total = case.n_cases
    leaves = []
    for leaf, bounds in _leaf_bounds(tree.tree_).items():
        inside = leaf_of == leaf
        n, k = int(inside.sum()), int(case.y[inside].sum())
        if n == 0 or k / n <= 0.5:
            continue
        leaves.append({"leaf": int(leaf), "coverage": k / total, "density": k / n,
                       "mass": n / len(x), "n": n, "k": k,
                       "rules": _rules(case, bounds)})
    leaves.sort(key=lambda r: -r["coverage"])
    importance = pd.Series(tree.feature_importances_, index=list(case.x.columns))
    return CartResult(leaves, float(tree.score(x, case.y)), importance, depth)


def _leaf_bounds(tree: Any) -> dict[int, dict[int, list[float]]]:
    """For each leaf the [low, high) bounds per feature along its path (open ends: inf)."""
    out: dict[int, dict[int, list[float]]] = {}
    stack: list[tuple[int, dict[int, list[float]]]] = [(0, {})]
    while stack:
        node, bounds = stack.pop()
        left, right = tree.children_left[node], tree.children_right[node]
        if left == right:  # a leaf
            out[node] = bounds
            continue
        feat, cut = int(tree.feature[node]), float(tree.threshold[node])
        low, high = bounds.get(feat, [-np.inf, np.inf])
        stack.append((left, {**bounds, feat: [low, min(high, cut)]}))
        stack.append((right, {**bounds, feat: [max(low, cut), high]}))
    return out


def _rules(case: Case, bounds: dict[int, list[float]]) -> list[dict[str, Any]]:
    """The limits of one leaf by factor: low/high (None = open) or the categories kept."""
    rules = []
    for j, (low, high) in sorted(bounds.items()):
        factor = str(case.x.columns[j])
        if case.kinds[factor] == "categorical":
            cats = case.x[factor].cat.categories
            kept = [float(c) for i, c in enumerate(cats) if low < i <= high]
            rules.append({"factor": factor, "low": None, "high": None, "values": kept})
        else:
            rules.append({"factor": factor, "low": None if np.isinf(low) else low,
                          "high": None if np.isinf(high) else high, "values": None})
    return rules


def extra_trees_scores(case: Case, seed: int) -> pd.Series:
    """Feature scores (mean decrease in impurity) of an extra-trees classifier of the case,
    summing to 1, highest first."""
    from sklearn.ensemble import ExtraTreesClassifier

    model = ExtraTreesClassifier(n_estimators=TREES, max_features=TREE_FEATURES,
                                 random_state=seed % 2**32, n_jobs=1).fit(encode(case), case.y)
    scores = pd.Series(model.feature_importances_, index=list(case.x.columns))
    return scores.sort_values(ascending=False)


def score_table(scores: pd.Series, importance: pd.Series) -> pd.DataFrame:
    """feature_scores.csv: method (extra_trees | cart), factor, score, rank (1 = highest)."""
    parts = []
    for method, series in (("extra_trees", scores), ("cart", importance)):
        ordered = series.sort_values(ascending=False, kind="stable")
        parts.append(pd.DataFrame({"method": method, "factor": ordered.index,
                                   "score": ordered.to_numpy(float),
                                   "rank": np.arange(1, len(ordered) + 1)}))
    return pd.concat(parts, ignore_index=True)
