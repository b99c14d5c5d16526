"""Display text of the explorer's controls, all from analysis.i18n: section titles, a
parameter's label and hint, error messages of controls, and localised numbers."""

from __future__ import annotations

from airace.analysis import i18n
from airace.analysis.i18n import t
from airace.analysis.sensitivity.labels import group_name
from airace.explorer.levers import Section
from airace.explorer.setting import ControlError, format_value
from airace.model.parameters import BLOCS, REGISTRY, Param
from airace.model.scenarios import load_scenario


def section_title(section: Section, lang: str) -> str:
    """'USA', 'Companies', 'Technology', ... in ``lang``."""
    if section.kind == "assumption":
        return group_name(section.key, lang)
    if section.key in BLOCS:
        return i18n.bloc_name(section.key, lang)
    return t(f"ex_actor_{section.key}", lang)


def number(value: float | int, lang: str) -> str:
    """A parameter value in running text ('0.75', '0,75', '2030')."""
    return format_value(value, lang)


def hint(p: Param, lang: str) -> str:
    """Bounds, unit and name of a parameter: '0 to 1 fraction · export_control.US'."""
    return t("ex_bounds_hint", lang, low=number(p.low, lang), high=number(p.high, lang),
             unit=i18n.param_unit(p.unit, lang), name=p.name).replace("  ", " ")


def error_text(exc: ControlError, lang: str) -> str:
    """The message of a control's error in ``lang``."""
    fields = dict(exc.fields)
    for key in ("value", "low", "high", "total"):
        if key in fields and isinstance(fields[key], int | float):
            fields[key] = number(fields[key], lang)
    if "unit" in fields:
        fields["unit"] = i18n.param_unit(str(fields["unit"]), lang)
    if "bloc" in fields:
        fields["bloc"] = i18n.bloc_name(str(fields["bloc"]), lang)
    return t(exc.text_key, lang, **fields).replace("  ", " ").strip()


def control_name(name: str, lang: str) -> str:
    """How a control is named in a list of errors: the parameter name or the field label."""
    if name in REGISTRY:
        return name
    keys = {"replicates": "ex_replicates", "seed": "ex_seed", "end_year": "ex_horizon"}
    return t(keys[name], lang) if name in keys else name


def scenario_label(name: str, lang: str) -> str:
    """A scenario's title in ``lang``."""
    return load_scenario(name).title_in(lang)


def agent_name(key: str, label: str, lang: str) -> str:
    """A lab's or investor's name in ``lang``: its population label in English, the German
    name of ``analysis.i18n.AGENT_NAMES_DE`` in German (proper names stay as they are)."""
    return i18n.AGENT_NAMES_DE.get(key, label) if i18n.check_lang(lang) == "de" else label
