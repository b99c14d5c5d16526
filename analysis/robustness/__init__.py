"""Robust policies and scenario discovery (``airace robustness``, ``airace discover``).

Robustness: for one outcome, every policy (scenario) over the futures (samples of the
uncertain inputs, paired across policies by common random numbers): mean, median, 10th/90th
percentiles, regret against the best policy in each future, the share of futures meeting a
target, a ranking and bootstrap intervals; written to OUT/analysis/robustness/.
Discovery: which futures make an outcome cross a value (PRIM from EMA Workbench, CART and
extra-trees feature scores from scikit-learn); written to OUT/analysis/discovery/.

Modules: ``futures`` (pairing, regret), ``metrics``, ``robust`` (the robustness analysis),
``cases`` (the data of a discovery), ``prim`` (EMA Workbench's PRIM), ``trees`` (CART and
feature scores), ``discovery`` (the discovery analysis), ``robust_figures`` and
``discovery_figures`` (figures), ``labels`` (their texts), ``outputs`` (files), ``sections``
(the report's sections). The methods are described in docs/robustness.md.
"""

from __future__ import annotations

from airace.analysis.robustness.futures import RobustnessError
from airace.analysis.robustness.robust import RobustnessResult, analyze_robustness

__all__ = ["RobustnessError", "RobustnessResult", "analyze_robustness"]
