"""Investors: private, sovereign and state funds and joint ventures that channel capital
into AI firms by mandate, risk appetite, home bias and legal limits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import mesa
import numpy as np

from airace.agents.choice import logit_shares
from airace.agents.export_controls import ExportControls
from airace.agents.lab import Labs
from airace.agents.memo import memo_on_population


class Investor(mesa.Agent):
    """A fund with a yearly inflow and a pool of undeployed capital.

    ``kind`` is private, sovereign, state or jv; return-seekers spread capital by expected
    return, strategic (state) funds back their own bloc's firms, a joint venture follows its
    capex schedule into its target firm.
    """

    def __init__(self, model: mesa.Model, idx: int, spec: Mapping[str, Any],
                 investors: Investors) -> None:
        super().__init__(model)
        self.idx = idx
        self.investors = investors
        self.name: str = spec["name"]
        self.label: str = spec.get("label", self.name)
        self.kind: str = spec["kind"]
        self.mandate: str = spec["mandate"]
        self.home: str = spec["home"]
        self.inflow_param: str | None = spec.get("inflow_param")
        self.target: str | None = spec.get("target")
        self.outbound_restricted = bool(spec.get("outbound_restricted", False))

    @property
    def pool(self) -> float:
        """$bn waiting to be deployed (row ``idx`` of the set's pools)."""
        return float(self.investors.pool[self.idx])

    @pool.setter
    def pool(self, value: float) -> None:
        self.investors.pool[self.idx] = value

    @property
    def eligible_blocs(self) -> np.ndarray:
        """Whether its mandate admits each bloc's firms [bloc] (row ``idx`` of the set's)."""
        return self.investors.eligible_blocs[self.idx]

    @property
    def deployed_cum(self) -> float:
        """$bn placed in firms so far."""
        return float(self.investors.deployed_cum[self.idx])

    @property
    def public(self) -> bool:
        """State funds invest public money; all others private money."""
        return self.kind == "state"

    def inflow(self, p: Mapping[str, Any], year: float) -> float:
        """This quarter's new capital in $bn (the set's rule, for this fund)."""
        return float(self.investors.inflows(p, year)[self.idx])

    def deploy_amount(self, deploy_rate: float) -> float:
        """Capital placed this quarter: a JV places all it receives, funds a share of the pool."""
        return float(self.investors.deploy_amounts(deploy_rate)[self.idx])


@dataclass(frozen=True)
class _Mandates:
    """The investors' mandates as arrays [investor] and [investor, lab] (read-only, shared)."""

    is_jv: np.ndarray
    is_state: np.ndarray
    inflow_params: tuple[str | None, ...]
    eligible_blocs: np.ndarray  # True where the mandate admits the bloc's firms [inv, bloc]
    eligible: np.ndarray     # 1 where the fund may invest in the lab, before export controls
    restricted: np.ndarray   # under the US outbound-investment restriction
    targets: tuple[tuple[int, int], ...]  # (investor, lab) of a fund tied to one target firm
    strategic: np.ndarray
    home_match: np.ndarray
    public: np.ndarray
    home: np.ndarray


@memo_on_population
def _mandates(specs: list[Mapping[str, Any]], blocs: tuple[str, ...],
              lab_home: tuple[int, ...], lab_index: tuple[tuple[str, int], ...]) -> _Mandates:
    """The mandate arrays of these population entries for labs with homes ``lab_home`` (bloc
    index) and (name, row) pairs ``lab_index``, built once per process."""
    kinds = np.array([s["kind"] for s in specs])
    index = dict(lab_index)
    eligible_blocs = np.array([[b in s["eligible"] for b in blocs] for s in specs])
    arrays = {
        "is_jv": kinds == "jv", "is_state": kinds == "state", "eligible_blocs": eligible_blocs,
        "eligible": eligible_blocs[:, list(lab_home)].astype(float),
        "restricted": np.array([bool(s.get("outbound_restricted", False)) for s in specs]),
        "strategic": np.array([s["mandate"] == "strategic" for s in specs]),
        "home_match": np.array([[float(blocs.index(s["home"]) == h) for h in lab_home]
                                for s in specs]),
        "public": kinds == "state",
        "home": np.array([blocs.index(s["home"]) for s in specs]),
    }
    for a in arrays.values():
        a.setflags(write=False)
    return _Mandates(inflow_params=tuple(s.get("inflow_param") for s in specs),
                     targets=tuple((i, index[s["target"]]) for i, s in enumerate(specs)
                                   if s.get("target") is not None), **arrays)


class Investors:
    """All investors of a world as one agent set: their mandates as matrices [investor, lab]
    and their quarterly behaviour - receive inflows, choose firms, deploy capital."""

    def __init__(self, model: mesa.Model, specs: list[Mapping[str, Any]],
                 blocs: tuple[str, ...], labs: Labs, controls: ExportControls) -> None:
        self.agents = [Investor(model, i, s, self) for i, s in enumerate(specs)]
        n = len(self.agents)
        self.pool = np.zeros(n)           # $bn waiting to be deployed
        self.deployed_cum = np.zeros(n)   # $bn placed in firms
        home = labs.table.home
        m = _mandates(specs, blocs, tuple(home.tolist()), tuple(labs.index.items()))
        self.is_jv, self.is_state, self.inflow_params = m.is_jv, m.is_state, m.inflow_params
        self.eligible_blocs = m.eligible_blocs
        eligible = controls.restrict_investors(m.eligible, m.restricted,
                                               home == blocs.index("CN"))
        for row, col in m.targets:
            eligible[row] = 0.0
            eligible[row, col] = 1.0
        self.eligible = eligible
        self.strategic, self.home_match = m.strategic, m.home_match
        self.public, self.home = m.public, m.home
        self.has_target = eligible.sum(axis=1) > 0
        self.public_equity_cum = np.zeros(len(blocs))  # $bn placed by state funds, by home
        self._constants: _RunConstants | None = None

    def deploy(self, p: Mapping[str, Any], year: float, labs: Labs,
               regulation_exposure: np.ndarray) -> float:
        """Receive this quarter's inflows, choose firms and place capital in ``labs``;
        ``regulation_exposure`` is the regulation each lab bears in the markets it serves.
        Returns the inflow ($bn)."""
        t = labs.table
        c = self._run_constants(p)
        log_revenue = np.maximum(t.revenue, 0.0)
        log_revenue *= 4.0
        np.log1p(log_revenue, out=log_revenue)
        capability = t.capability
        weights = _weights(self.eligible, c.return_rows, c.home_term, log_revenue,
                           capability - max(capability.tolist()), regulation_exposure,
                           c.w_return, c.risk_premium, c.w_capability)
        inflow = _inflows(c, year, weights @ t.response)
        pool = self.pool
        pool += inflow
        deploy = _deploy_amounts(pool, c.deploy_rate, c.jv)
        if c.no_target is not None:
            deploy[c.no_target] = 0.0
        pool -= deploy
        self.deployed_cum += deploy
        labs.receive_capital(weights * deploy[:, None], c.public_rows, c.private_rows)
        public = deploy[c.public_rows]
        if c.fund_of_bloc is not None:
            self.public_equity_cum += public[c.fund_of_bloc]
        else:
            np.add.at(self.public_equity_cum, c.public_home, public)
        return float(np.add.reduce(inflow))

    def _run_constants(self, p: Mapping[str, Any]) -> _RunConstants:
        """The parameters and index sets :meth:`deploy` uses, read once for ``p``."""
        c = self._constants
        if c is None or c.p is not p:
            c = self._constants = _RunConstants(self, p)
        return c

    def inflows(self, p: Mapping[str, Any], year: float,
                appetite: np.ndarray | None = None) -> np.ndarray:
        """This quarter's new capital per fund ($bn): the yearly inflow of its parameter over
        four, growing for private and sovereign funds and scaled by ``appetite`` [investor],
        the allocation-weighted return response of the firms they would fund (none: before
        that response); a JV's follows its capex schedule."""
        return _inflows(self._run_constants(p), year, appetite)

    def deploy_amounts(self, deploy_rate: float) -> np.ndarray:
        """Capital each fund would place now: a JV all it holds, a fund a share of its pool."""
        return _deploy_amounts(self.pool, deploy_rate, self.is_jv)

    def pools(self) -> float:
        """Capital waiting to be deployed, all investors ($bn)."""
        return float(self.pool.sum())


class _RunConstants:
    """What :meth:`Investors.deploy` reads every quarter that does not change within a run:
    parameters, the home-bias term, base inflows and index sets (slices where contiguous)."""

    def __init__(self, inv: Investors, p: Mapping[str, Any]) -> None:
        self.p = p
        self.w_return, self.risk_premium = p["investor_return_weight"], p["regulation_risk_premium"]
        self.w_capability = p["investor_capability_weight"]
        self.home_term = p["investor_home_bias"] * inv.home_match
        self.inflow_base = np.array([p[k] / 4.0 if k else 0.0 for k in inv.inflow_params])
        self.inflow_growth = p["private_inflow_growth"]
        self.jv_initial, self.jv_total = p["stargate_initial_usd_bn"], p["stargate_total_usd_bn"]
        self.jv_years = p["stargate_years"]
        self.deploy_rate = p["investor_deploy_rate"]
        self.return_rows = _rows(~inv.strategic)
        self.jv, self.state = _rows(inv.is_jv), _rows(inv.is_state)
        self.no_target = _rows(~inv.has_target) if not inv.has_target.all() else None
        self.public_rows, self.private_rows = _rows(inv.public), _rows(~inv.public)
        self.public_home = inv.home[inv.public]
        # where every bloc has exactly one state fund: their rows among the public ones, by bloc
        one_each = sorted(self.public_home.tolist()) == list(range(inv.public_equity_cum.size))
        self.fund_of_bloc = np.argsort(self.public_home) if one_each else None


def _inflows(c: _RunConstants, year: float, appetite: np.ndarray | None) -> np.ndarray:
    """:meth:`Investors.inflows` with the run's constants ``c``."""
    growth = (1.0 + c.inflow_growth) ** (year - 2025.0)
    out = growth * appetite if appetite is not None else np.full_like(c.inflow_base, growth)
    out *= c.inflow_base
    out[c.state] = c.inflow_base[c.state]
    out[c.jv] = jv_schedule(c.jv_initial, c.jv_total, c.jv_years, year)
    return out


def _deploy_amounts(pool: np.ndarray, deploy_rate: float, jv: slice | np.ndarray
                    ) -> np.ndarray:
    """A share ``deploy_rate`` of each fund's ``pool``; the joint ventures' rows ``jv`` place
    all they hold."""
    out = pool * deploy_rate
    out[jv] = pool[jv]
    return out


def _rows(mask: np.ndarray) -> slice | np.ndarray:
    """The rows where ``mask`` holds: a slice when they are contiguous, else their indices."""
    idx = np.flatnonzero(mask)
    if idx.size and idx[-1] - idx[0] + 1 == idx.size:
        return slice(int(idx[0]), int(idx[-1]) + 1)
    return idx


def jv_schedule(initial: float, total: float, years: float, year: float) -> float:
    """Quarterly capex of a joint venture: ``initial`` over its first year, the rest of
    ``total`` spread evenly over the remaining programme years."""
    elapsed = year - 2025.0
    if elapsed < 1.0:
        return initial / 4.0
    if elapsed < years:
        return max(total - initial, 0.0) / (4.0 * max(years - 1.0, 0.25))
    return 0.0


def allocation_weights(eligible: np.ndarray, strategic: np.ndarray, home_match: np.ndarray,
                       log_revenue: np.ndarray, capability_rel: np.ndarray,
                       regulation_exposure: np.ndarray, w_return: float, w_home: float,
                       risk_premium: float, w_capability: float) -> np.ndarray:
    """Shares of each investor's capital per firm [investor, firm].

    Return-seekers weigh revenue momentum, capability relative to the frontier, home bias
    and a regulatory risk premium on the regulation the firm bears in the markets it serves
    (``regulation_exposure``, revenue-weighted - a US lab selling in the EU bears the EU's
    rules on that revenue); strategic funds weigh capability and home only. ``eligible`` in
    [0, 1] encodes mandates and legal limits.
    """
    return _weights(eligible, _rows(~strategic), w_home * home_match, log_revenue,
                    capability_rel, regulation_exposure, w_return, risk_premium, w_capability)


def _weights(eligible: np.ndarray, return_rows: slice | np.ndarray, home_term: np.ndarray,
             log_revenue: np.ndarray, capability_rel: np.ndarray,
             regulation_exposure: np.ndarray, w_return: float, risk_premium: float,
             w_capability: float) -> np.ndarray:
    """:func:`allocation_weights` with the home-bias term ``home_term`` [investor, firm]
    already weighted and the return-seekers as rows ``return_rows`` (constants of the run)."""
    utility = w_capability * capability_rel[None, :] + home_term
    ret = w_return * log_revenue - risk_premium * regulation_exposure
    utility[return_rows] += ret
    return logit_shares(utility, eligible)
