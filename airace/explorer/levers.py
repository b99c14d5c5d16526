"""Which registry parameters the explorer shows where: the levers of each actor (USA, EU,
China, rest of the world, companies, investors), the uncertain assumptions by registry group,
and the run controls (horizon, policy mode). Every parameter that can vary appears once."""

from __future__ import annotations

from dataclasses import dataclass

from airace.model.parameters import BLOCS, REGISTRY, Param

ACTORS: tuple[str, ...] = (*BLOCS, "companies", "investors")
RUN_CONTROLS: tuple[str, ...] = ("end_year", "policy_mode")
# Per-bloc policy levers ("name.BLOC"): each belongs to its bloc's state.
STATE_LEVERS: tuple[str, ...] = (
    "regulation", "public_budget_usd_bn", "fund_share_compute", "fund_share_chips",
    "cofinance_share", "state_fund_usd_bn", "grid_gw_per_year", "workforce_gw_per_year")
POLICY_GROUPS: dict[str, str] = {"us_policy": "US", "eu_policy": "EU", "cn_policy": "CN"}
# Exceptions to the group rule: partner states (rest of the world) pay this co-financing.
ACTOR_OF: dict[str, str] = {"partner_cofinance_usd_bn": "ROW"}
COMPANY_LEVERS: tuple[str, ...] = (
    "capex_spend_rate", "siting_home_preference", "vendor_home_preference",
    "us_vendor_capacity_growth", "cn_vendor_capacity_growth", "eu_vendor_capacity_growth")
INVESTOR_LEVERS: tuple[str, ...] = (
    "private_inflow_usd_bn", "private_inflow_growth", "investor_deploy_rate",
    "investor_home_bias", "investor_capability_weight", "investor_return_weight",
    "stargate_initial_usd_bn", "stargate_total_usd_bn", "stargate_years")


@dataclass(frozen=True)
class Section:
    """One panel of controls: an actor's levers or a group of uncertain assumptions."""

    key: str            # actor (US, ..., investors) or registry group (technology, ...)
    kind: str           # "lever" | "assumption"
    params: tuple[Param, ...]


def is_constant(p: Param) -> bool:
    """A parameter whose bounds leave one value (nothing to move)."""
    return p.kind != "choice" and p.low == p.high


def actor_of(p: Param) -> str | None:
    """The actor whose lever ``p`` is, or None for an uncertain assumption or run control."""
    base, _, bloc = p.name.partition(".")
    if p.name in ACTOR_OF:
        return ACTOR_OF[p.name]
    if base in INVESTOR_LEVERS:
        return "investors"
    if base in COMPANY_LEVERS:
        return "companies"
    if bloc in BLOCS and base in STATE_LEVERS:
        return bloc
    return POLICY_GROUPS.get(p.group)


def lever_sections() -> list[Section]:
    """The actors' levers, one section per actor, in registry order."""
    by_actor: dict[str, list[Param]] = {a: [] for a in ACTORS}
    for p in REGISTRY.values():
        actor = actor_of(p)
        if actor is not None and not is_constant(p):
            by_actor[actor].append(p)
    return [Section(a, "lever", tuple(ps)) for a, ps in by_actor.items() if ps]


def assumption_sections() -> list[Section]:
    """Uncertain assumptions (neither an actor's lever nor a run control) by registry group."""
    groups: dict[str, list[Param]] = {}
    for p in REGISTRY.values():
        if p.name in RUN_CONTROLS or is_constant(p) or actor_of(p) is not None:
            continue
        groups.setdefault(p.group, []).append(p)
    return [Section(g, "assumption", tuple(ps)) for g, ps in groups.items()]


def lever_names() -> frozenset[str]:
    """Names of every actor's levers (set for the chosen setting only)."""
    return frozenset(p.name for s in lever_sections() for p in s.params)


def assumption_names() -> frozenset[str]:
    """Names of the uncertain assumptions (applied to the setting and the reference alike)."""
    return frozenset(p.name for s in assumption_sections() for p in s.params)
