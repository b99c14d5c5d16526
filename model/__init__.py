"""The world of the AI race: the Mesa model, parameters, markets, shocks and KPIs."""

from airace.model.simulation import simulate, simulate_many, simulate_series
from airace.model.world import AIRaceModel

__all__ = ["AIRaceModel", "simulate", "simulate_many", "simulate_series"]
