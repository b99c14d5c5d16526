"""One run of the setting (or its reference) stepped quarter by quarter, with its agents'
state as tables: labs (cash, compute, capability), funds (pool, deployed) and states (levers).

It follows Mesa's ``SolaraViz`` controller: ``step`` advances one quarter, ``reset`` builds a
new model from the same parameters and seed, and play stops when ``model.running`` is False.
"""

from __future__ import annotations

import pandas as pd

from airace.experiments.seeds import run_seed
from airace.explorer.setting import Checked
from airace.model import AIRaceModel
from airace.model.parameters import START_YEAR
from airace.model.simulation import forget_model


class Stepper:
    """A model of one arm and replicate of a checked setting, stepped by hand."""

    def __init__(self, checked: Checked, arm: str, replicate: int = 0) -> None:
        self.scenario = checked.scenario(arm)
        self.params = checked.params(arm)
        self.seed = run_seed(checked.seed, replicate)
        self.model = self._new_model()

    def _new_model(self) -> AIRaceModel:
        return AIRaceModel(scenario=self.scenario, params=self.params, rng=self.seed)

    @property
    def done(self) -> int:
        """Quarters simulated so far."""
        return int(self.model.steps)

    @property
    def total(self) -> int:
        """Quarters to the horizon."""
        return int(self.model.n_steps)

    @property
    def running(self) -> bool:
        """False once the horizon is reached."""
        return bool(self.model.running)

    def quarter(self) -> str:
        """The last simulated quarter ('2027Q3'), or '' before the first step."""
        if self.done == 0:
            return ""
        q = self.done - 1
        return f"{START_YEAR + q // 4}Q{q % 4 + 1}"

    def step(self) -> None:
        """Advance one quarter (nothing happens after the horizon)."""
        if self.running:
            self.model.step()

    def reset(self) -> None:
        """A fresh model with the same parameters and seed."""
        self.release()
        self.model = self._new_model()

    def release(self) -> None:
        """Drop Mesa 3.3's class-level reference to the model (it would leak otherwise)."""
        forget_model(self.model)

    def labs(self) -> pd.DataFrame:
        """One row per lab: key (agent name), name (label), home, cash ($bn), compute
        (H100e), capability."""
        return pd.DataFrame([{"key": a.name, "name": a.label, "home": a.home, "cash": a.cash,
                              "compute_h100e": a.compute_h100e, "capability": a.capability}
                             for a in self.model.labs.agents])

    def investors(self) -> pd.DataFrame:
        """One row per fund: key (agent name), name (label), kind, home, undeployed pool and
        cumulative deployment."""
        return pd.DataFrame([{"key": a.name, "name": a.label, "kind": a.kind, "home": a.home,
                              "pool": a.pool, "deployed_cum": a.deployed_cum}
                             for a in self.model.investors.agents])

    def states(self) -> pd.DataFrame:
        """One row per state: its levers now (regulation, export controls, budget multiplier)
        and its funds (undrawn co-financing, public money spent, public concern)."""
        return pd.DataFrame([{"bloc": b, "regulation": s.regulation,
                              "export_control": s.export_control,
                              "budget_multiplier": s.budget_multiplier, "treasury": s.treasury,
                              "public_spent_cum": s.public_spent_cum, "concern": s.concern}
                             for b, s in self.model.states.items()])
