"""What the user has set in the explorer, checked: typed lever and assumption values, the
scenario to start from, the reference, horizon, policy mode, replicates and seed.

Levers apply to the chosen setting only; uncertain assumptions, the horizon and the policy
mode apply to the setting and its reference alike, so that the difference between the two is
the levers' effect. Every bad value becomes a :class:`ControlError` at its control.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from airace.explorer.levers import assumption_names, lever_names
from airace.model.errors import InputError
from airace.model.kpi_info import OUTCOME_YEARS
from airace.model.parameters import BLOCS, REGISTRY, START_YEAR, Param
from airace.model.scenarios import load_scenario

DEFAULT_SEED = 20250101
HORIZONS: tuple[int, ...] = (2027, 2030, 2035, 2040, 2050)
REPLICATES = (2, 500)   # bounds of the replicates per scenario
SEED_MAX = 2**63 - 1
SETTING, REFERENCE = "setting", "reference"   # labels of the two arms of the comparison


class ControlError(InputError):
    """A value a control holds that cannot be used; ``text_key`` and ``fields`` give its
    message in every language (analysis.i18n)."""

    def __init__(self, name: str, text_key: str, **fields: Any) -> None:
        self.name, self.text_key, self.fields = name, text_key, fields
        super().__init__(f"{name}: {text_key} {fields}")


@dataclass(frozen=True)
class Setting:
    """The explorer's inputs as the user left them (typed text is kept as typed)."""

    start: str = "baseline"
    reference: str = "baseline"
    drafts: Mapping[str, str] = field(default_factory=dict)   # parameter -> typed text
    end_year: int = 2035
    policy_mode: str = "fixed"
    replicates: int | str = 32
    seed: int | str = DEFAULT_SEED


@dataclass(frozen=True)
class Checked:
    """A setting with its values parsed: what to run, or the errors that prevent it."""

    setting: Setting
    lever_edits: dict[str, float | int]
    assumption_edits: dict[str, float | int]
    errors: dict[str, ControlError]
    replicates: int
    seed: int

    @property
    def ok(self) -> bool:
        """True when nothing prevents a run."""
        return not self.errors

    @property
    def shared(self) -> dict[str, Any]:
        """Overrides of both arms: assumptions, horizon and policy mode."""
        return {**self.assumption_edits, "end_year": self.setting.end_year,
                "policy_mode": self.setting.policy_mode}

    def params(self, arm: str) -> dict[str, Any]:
        """The parameters ``simulate`` gets for ``arm`` (on top of its scenario). The
        setting repeats its scenario's overrides: the registry checks each layer's fund split
        against the defaults, so a changed share must travel with its partner."""
        if arm == REFERENCE:
            return dict(self.shared)
        start = load_scenario(self.setting.start).overrides
        return {**start, **self.lever_edits, **self.shared}

    def scenario(self, arm: str) -> str:
        """The scenario ``arm`` starts from."""
        return self.setting.start if arm == SETTING else self.setting.reference


def scenario_value(name: str, scenario: str) -> float | int | str:
    """The value of parameter ``name`` in ``scenario`` (its override, else the default)."""
    return load_scenario(scenario).overrides.get(name, REGISTRY[name].default)


def format_value(value: float | int, lang: str = "en") -> str:
    """A parameter value as an input field shows it (decimal comma in German)."""
    text = str(int(value)) if float(value).is_integer() else f"{float(value):.6g}"
    return text.replace(".", ",") if lang == "de" else text


def parse_value(p: Param, text: str) -> float | int:
    """The number typed for ``p`` (decimal point or comma), checked against its bounds."""
    raw = str(text).strip().replace(" ", "").replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        raise ControlError(p.name, "ex_err_number", text=str(text).strip()) from None
    if not math.isfinite(value):
        raise ControlError(p.name, "ex_err_number", text=str(text).strip())
    if p.kind == "int":
        if not value.is_integer():
            raise ControlError(p.name, "ex_err_whole", text=str(text).strip())
        value = int(value)
    if not p.low <= value <= p.high:
        raise ControlError(p.name, "ex_err_bounds", value=value, low=p.low, high=p.high,
                           unit=p.unit)
    return value


def _whole(text: int | str, name: str, low: int, high: int) -> int:
    try:
        value = int(str(text).strip())
    except ValueError:
        raise ControlError(name, "ex_err_whole", text=str(text).strip()) from None
    if not low <= value <= high:
        raise ControlError(name, "ex_err_bounds", value=value, low=low, high=high, unit="")
    return value


def check(setting: Setting) -> Checked:
    """Parse every typed value; collect an error per control (bounds, whole numbers, the fund
    split of each bloc, replicates, seed and horizon)."""
    errors: dict[str, ControlError] = {}
    levers, assumptions = lever_names(), assumption_names()
    lever_edits: dict[str, float | int] = {}
    assumption_edits: dict[str, float | int] = {}
    for name, text in setting.drafts.items():
        if name not in levers and name not in assumptions:
            errors[name] = ControlError(name, "ex_err_unknown")
            continue
        try:
            value = parse_value(REGISTRY[name], text)
        except ControlError as exc:
            errors[name] = exc
            continue
        if value != scenario_value(name, setting.start):
            (lever_edits if name in levers else assumption_edits)[name] = value
    _check_fund_split(setting.start, lever_edits, errors)
    replicates = seed = 0
    try:
        replicates = _whole(setting.replicates, "replicates", *REPLICATES)
    except ControlError as exc:
        errors["replicates"] = exc
    try:
        seed = _whole(setting.seed, "seed", 0, SEED_MAX)
    except ControlError as exc:
        errors["seed"] = exc
    if setting.end_year not in HORIZONS:
        errors["end_year"] = ControlError("end_year", "ex_err_choice",
                                          allowed=", ".join(map(str, HORIZONS)))
    return Checked(setting, lever_edits, assumption_edits, errors, replicates, seed)


def _check_fund_split(start: str, edits: Mapping[str, Any],
                      errors: dict[str, ControlError]) -> None:
    """Compute and chip shares of a bloc's public budget sum to at most 1 (talent gets the
    rest); a violation is marked at both controls."""
    for bloc in BLOCS:
        names = (f"fund_share_compute.{bloc}", f"fund_share_chips.{bloc}")
        if any(n in errors for n in names):
            continue
        values = [edits.get(n, scenario_value(n, start)) for n in names]
        if sum(values) > 1.0 + 1e-12:
            for n in names:
                errors[n] = ControlError(n, "ex_err_fund_split", bloc=bloc,
                                         total=sum(values))


def target_years(end_year: int) -> tuple[int, ...]:
    """Outcome years after the start that lie within the horizon."""
    return tuple(y for y in OUTCOME_YEARS if START_YEAR < y <= end_year)


def resolved(checked: Checked, arm: str) -> dict[str, Any]:
    """Every parameter's value in ``arm`` (defaults, scenario, then the overrides)."""
    from airace.model.parameters import resolve

    sc = load_scenario(checked.scenario(arm))
    return resolve(sc.overrides, checked.params(arm), where=f"explorer {arm}")


def differences(checked: Checked) -> list[tuple[str, Any, Any]]:
    """The parameters whose value differs between reference and setting, as
    (name, reference value, setting value), in registry order."""
    ref, own = resolved(checked, REFERENCE), resolved(checked, SETTING)
    return [(n, ref[n], own[n]) for n in REGISTRY if ref[n] != own[n]]
