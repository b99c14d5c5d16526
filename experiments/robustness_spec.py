"""The optional ``robustness`` block of a study file: the outcomes on which ``airace study``
ranks the policies (direction and target) and the case of futures it looks for with PRIM.

    robustness:
      outcomes:
        compute_share.EU@2030: {direction: maximize, threshold: 0.1}
      discover: {outcome: compute_share.EU@2030, below: 0.1, scenario: most_robust}
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Any

from airace.experiments.distributions import ParamSpec
from airace.experiments.models import ModelInfo
from airace.experiments.names import is_pattern
from airace.experiments.study_fields import FieldChecker, did_you_mean

BLOCK_KEYS = ("outcomes", "discover")
OUTCOME_KEYS = ("direction", "threshold")
DISCOVER_KEYS = ("outcome", "above", "below", "scenario", "box")
DIRECTIONS = ("maximize", "minimize")
MOST_ROBUST = "most_robust"
REGRET_PREFIX = "regret:"


@dataclass(frozen=True)
class RobustOutcome:
    """One outcome to rank the policies on: what is better and, optionally, the target."""

    outcome: str
    direction: str  # maximize | minimize
    threshold: float | None = None


@dataclass(frozen=True)
class DiscoverySpec:
    """The case of interest for scenario discovery: futures where ``outcome`` lies above or
    below a value, in ``scenario`` (``most_robust``: the best-ranked policy)."""

    outcome: str  # an outcome or regret:OUTCOME
    above: float | None
    below: float | None
    scenario: str = MOST_ROBUST
    box: int | None = None

    @property
    def base_outcome(self) -> str:
        """The outcome without a ``regret:`` prefix."""
        return self.outcome.removeprefix(REGRET_PREFIX)


@dataclass(frozen=True)
class RobustnessSpec:
    """The validated ``robustness`` block."""

    outcomes: tuple[RobustOutcome, ...]
    discover: DiscoverySpec | None = None

    def direction(self, outcome: str) -> str:
        """The direction declared for ``outcome``."""
        return next(o.direction for o in self.outcomes if o.outcome == outcome)


def check_robustness(raw: dict, info: ModelInfo, scenarios: list[str], outcomes: list[str],
                     parameters: list[ParamSpec], check: FieldChecker) -> RobustnessSpec | None:
    """The ``robustness`` block, or None when the study has none."""
    block = raw.get("robustness")
    if block is None:
        return None
    check.mapping(block, "robustness", "keys outcomes (required) and discover")
    check.keys(block, BLOCK_KEYS, "robustness")
    if len(scenarios) < 2:
        check.fail("robustness", f"needs two or more scenarios (policies) to compare, but the "
                   f"study lists {len(scenarios)}", "a study whose 'scenarios' lists the policies")
    if "outcomes" not in block:
        check.fail("robustness.outcomes", "is missing",
                   "a mapping such as {compute_share.EU@2030: {direction: maximize}}")
    listed = check.mapping(block["outcomes"], "robustness.outcomes",
                           "outcome names with {direction: maximize|minimize, threshold: V}")
    if not listed:
        check.fail("robustness.outcomes", "is empty", "at least one outcome")
    known = _known_outcomes(info, outcomes)
    robust = tuple(_outcome(str(name), value, known, outcomes, check)
                   for name, value in listed.items())
    discover = None
    if block.get("discover") is not None:
        discover = _discover(block["discover"], robust, scenarios, parameters, check)
    return RobustnessSpec(robust, discover)


def _known_outcomes(info: ModelInfo, outcomes: list[str]) -> list[str] | None:
    """The outcome names a study keeps (None: not known before the runs)."""
    if info.is_airace:
        if outcomes:
            return outcomes
        from airace.experiments.airace_checks import outcome_names

        return outcome_names()
    return None


def _outcome(name: str, value: Any, known: list[str] | None, patterns: list[str],
             check: FieldChecker) -> RobustOutcome:
    key = f"robustness.outcomes.{name}"
    if known is not None and name not in known:
        check.fail(key, f"is not an outcome this study keeps{did_you_mean(name, known, 3)}",
                   "names listed under 'outcomes' (exact names 'kpi.BLOC@YEAR')")
    if known is None and patterns and not any(
            fnmatch.fnmatchcase(name, p) if is_pattern(p) else name == p for p in patterns):
        check.fail(key, "matches none of the study's 'outcomes'", ", ".join(patterns))
    entry = check.mapping(value, key, "{direction: maximize|minimize, threshold: V}")
    check.keys(entry, OUTCOME_KEYS, key)
    direction = entry.get("direction")
    if direction not in DIRECTIONS:
        check.fail(f"{key}.direction", f"= {direction!r} is not a direction",
                   ", ".join(DIRECTIONS))
    threshold = entry.get("threshold")
    if threshold is not None:
        threshold = check.number(threshold, f"{key}.threshold")
    return RobustOutcome(name, direction, threshold)


def _discover(value: Any, robust: tuple[RobustOutcome, ...], scenarios: list[str],
              parameters: list[ParamSpec], check: FieldChecker) -> DiscoverySpec:
    key = "robustness.discover"
    entry = check.mapping(value, key, "{outcome: NAME, below: V, scenario: most_robust}")
    check.keys(entry, DISCOVER_KEYS, key)
    if not parameters:
        check.fail(key, "needs varied parameters (the futures), but the study varies none",
                   "a study with a 'parameters' block")
    outcome = entry.get("outcome")
    names = [o.outcome for o in robust]
    if not isinstance(outcome, str) or outcome.removeprefix(REGRET_PREFIX) not in names:
        check.fail(f"{key}.outcome", f"= {outcome!r} is not one of the robustness outcomes",
                   ", ".join(names + [f"{REGRET_PREFIX}{n}" for n in names]))
    sides = [k for k in ("above", "below") if entry.get(k) is not None]
    if len(sides) != 1:
        check.fail(key, "needs exactly one of 'above' and 'below'",
                   "above: V (futures where the outcome exceeds V) or below: V")
    bound = check.number(entry[sides[0]], f"{key}.{sides[0]}")
    scenario = entry.get("scenario", MOST_ROBUST)
    if scenario != MOST_ROBUST and scenario not in scenarios:
        check.fail(f"{key}.scenario", f"= {scenario!r} is not a scenario of this study",
                   ", ".join([MOST_ROBUST, *scenarios]))
    box = entry.get("box")
    if box is not None:
        box = check.integer(box, f"{key}.box", low=0)
    return DiscoverySpec(outcome, bound if sides[0] == "above" else None,
                         bound if sides[0] == "below" else None, scenario, box)
