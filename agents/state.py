"""States (one per bloc): export controls, public funds and co-financing, regulation, and the
adaptive rules that move these levers in response to what the state observes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import mesa

from airace.agents.export_controls import ExportControls


class State(mesa.Agent):
    """A bloc's government. Levers start at the scenario's values; in adaptive policy mode
    they move by the rules in :meth:`adapt`."""

    def __init__(self, model: mesa.Model, bloc: str, params: Mapping[str, Any]) -> None:
        super().__init__(model)
        self.bloc = bloc
        self.regulation = float(params[f"regulation.{bloc}"])
        self.regulation_base = self.regulation  # the lever before the incident response
        # the US owns the export-control regime; other blocs have none (None)
        self.controls = ExportControls(params) if bloc == "US" else None
        self.budget_multiplier = 1.0
        self.treasury = 0.0          # $bn of compute co-financing not yet drawn
        self.chip_money = 0.0        # $bn this quarter for domestic chip capacity
        self.talent_cum = 0.0        # $bn spent on talent and R&D since 2025
        self.public_spent_cum = 0.0  # $bn disbursed (chips, talent, co-financing, equity)
        self.concern = 0.0           # public concern from incidents (decaying count)
        self.partner_pool = 0.0      # $bn of partner co-financing for US firms here (ROW only)
        # this bloc's parameter names, spelled once per run
        self._budget_key = f"public_budget_usd_bn.{bloc}"
        self._compute_key = f"fund_share_compute.{bloc}"
        self._chips_key = f"fund_share_chips.{bloc}"

    @property
    def export_control(self) -> float:
        """The export-control level this state applies (0 for states without controls)."""
        return self.controls.level if self.controls is not None else 0.0

    def act(self) -> None:
        """Adapt levers (if adaptive) and disburse this quarter's public budget."""
        model = self.model
        p = model.p
        if p["policy_mode"] == "adaptive" and model.kpi:  # from the second quarter on
            self.adapt(p, model.kpi)
        budget = p[self._budget_key] / 4.0 * self.budget_multiplier
        compute = budget * p[self._compute_key]
        chip_money = self.chip_money = budget * p[self._chips_key]
        talent = budget - compute - chip_money
        spent = chip_money + talent  # chips and talent: disbursed now
        self.treasury += compute
        self.talent_cum += talent
        self.public_spent_cum += spent
        model.ledger_in(budget)
        model.ledger_out(spent)
        if self.bloc == "ROW":  # partner states' co-financing for US firms (OpenAI for Countries)
            partner = p["partner_cofinance_usd_bn"] / 4.0
            self.partner_pool += partner
            model.ledger_in(partner)

    def adapt(self, p: Mapping[str, Any], kpi: Mapping[str, float]) -> None:
        """Decision rules: the USA tightens export controls while China closes in; the EU
        raises its compute fund while its compute share is behind its target path and eases
        rules while far behind the frontier; public concern from incidents at home (a
        decaying count) pushes regulation above its base level."""
        b = self.bloc
        if (self.controls is not None
                and kpi["capability_gap_months.CN"] < p["ec_gap_threshold_months"]):
            self.controls.level = min(1.0, self.controls.level + p["ec_step"])
        if b == "EU":
            years = self.model.year - 2025.0
            horizon = max(p["eu_target_year"] - 2025.0, 1.0)
            target = self.model.eu_share_2025 * p["eu_share_target_multiple"] ** min(
                years / horizon, 1.0)
            if kpi["compute_share.EU"] < target:
                self.budget_multiplier = min(self.budget_multiplier * (1.0 + p["eu_fund_step"]),
                                             p["eu_fund_max_multiple"])
            if kpi["capability_gap_months.EU"] > p["eu_dereg_gap_months"]:
                self.regulation_base = max(0.0, self.regulation_base - p["regulation_step"])
        self.regulation = min(1.0, self.regulation_base
                              + p["incident_regulation_response"] * self.concern)

    def draw_partner(self, requested: float) -> float:
        """Pay up to ``requested`` $bn from the partner pool; return what was paid."""
        paid = min(requested, self.partner_pool)
        self.partner_pool -= paid
        self.public_spent_cum += paid
        return paid

    def draw_cofinance(self, requested: float) -> float:
        """Pay up to ``requested`` $bn of co-financing from the treasury; return what was paid."""
        paid = min(requested, self.treasury)
        self.treasury -= paid
        self.public_spent_cum += paid
        return paid

    def record_incidents(self, count: int, decay: float) -> None:
        """Incidents this quarter raise public concern, which decays over time."""
        self.concern = self.concern * decay + count
