"""Scenario files: the ten policy scenarios exist, are documented in English and German and
sourced, only set parameters the registry knows, do what their descriptions say (docs/ODD.md,
Scenarios), run, and bad files give clear errors that name the file, the key and what is
allowed."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from airace.model import AIRaceModel, simulate
from airace.model.errors import InputError
from airace.model.parameters import REGISTRY, ParameterError
from airace.model.scenarios import (
    LANGS,
    SCENARIO_DIR,
    ScenarioError,
    all_scenarios,
    load_scenario,
    load_scenario_file,
    scenario_names,
)
from airace.model.simulation import _release

POLICY_SCENARIOS = ("baseline", "stargate_full", "eu_gigafactories", "eu_simplification",
                      "export_controls_tight", "export_controls_relaxed", "china_push",
                      "openai_for_countries", "us_reshoring", "taiwan_disruption")


def default(name: str) -> Any:
    return REGISTRY[name].default


def test_the_policy_scenarios_exist() -> None:
    names = scenario_names()
    assert set(POLICY_SCENARIOS) <= set(names)
    assert names[0] == "baseline"
    assert [s.name for s in all_scenarios()] == names
    for name in names:
        assert (SCENARIO_DIR / f"{name}.yaml").is_file()


@pytest.mark.parametrize("name", scenario_names())
def test_scenario_is_documented_sourced_and_valid(name: str) -> None:
    sc = load_scenario(name)
    assert sc.name == name and sc.path is not None and sc.path.stem == name
    assert sc.title.strip() and len(sc.description) > 40
    assert sc.sources and all(isinstance(s, str) and s.strip() for s in sc.sources)
    for key, value in sc.overrides.items():
        assert key in REGISTRY
        assert REGISTRY[key].validate(value) == value
    if name == "baseline":
        assert sc.overrides == {}, "the baseline is the registry's defaults"
    else:
        changed = {k for k, v in sc.overrides.items() if v != default(k)}
        assert changed, f"{name} changes no parameter"


@pytest.mark.parametrize("name", scenario_names())
def test_scenario_speaks_every_language(name: str) -> None:
    """Title and description in English and German, the German text a translation (not a
    copy) of the English; titles short enough for a legend or a panel title."""
    sc = load_scenario(name)
    assert set(sc.titles) == set(sc.descriptions) == set(LANGS) == {"en", "de"}
    assert sc.descriptions["de"] != sc.descriptions["en"]
    for lang in LANGS:
        assert sc.title_in(lang) == sc.titles[lang] and len(sc.titles[lang]) <= 30
        assert sc.description_in(lang) == sc.descriptions[lang]
        assert len(sc.descriptions[lang]) > 40 and "  " not in sc.descriptions[lang]
    assert (sc.title, sc.description) == (sc.titles["en"], sc.descriptions["en"])


CITES_OUTSIDE = re.compile(r"MODEL[.]md|seed(s)? ?0[0-9][0-9]|seeds[/]", re.IGNORECASE)


@pytest.mark.parametrize("name", scenario_names())
def test_scenario_sources_cite_real_sources(name: str) -> None:
    """Sources name an outlet or study, not files outside the repository (the domain brief or
    numbered seed articles), and give a year."""
    raw = (SCENARIO_DIR / f"{name}.yaml").read_text(encoding="utf-8")
    assert not CITES_OUTSIDE.search(raw), CITES_OUTSIDE.search(raw)
    for source in load_scenario(name).sources:
        assert re.search(r"\b20[12][0-9]\b", source) or "docs/" in source, source


@pytest.mark.parametrize("name", scenario_names())
def test_scenario_runs(name: str) -> None:
    out = simulate({"end_year": 2026}, 3, name)
    assert out and all(math.isfinite(v) for v in out.values())
    for bloc in ("US", "EU", "CN", "ROW"):
        assert f"compute_share.{bloc}@2025" in out
    assert not any(k.endswith("@2027") for k in out)


# --- what each scenario's description says it is -------------------------------------------

def _ov(name: str) -> dict[str, Any]:
    return load_scenario(name).overrides


def _value(name: str, key: str) -> Any:
    return _ov(name).get(key, default(key))


def test_stargate_full_is_as_announced() -> None:
    """$100 bn at once, $500 bn over four years."""
    assert _value("stargate_full", "stargate_initial_usd_bn") == 100.0
    assert _value("stargate_full", "stargate_total_usd_bn") == 500.0
    assert _value("stargate_full", "stargate_years") == 4.0
    assert default("stargate_total_usd_bn") < 500.0          # baseline: partial realisation


def test_eu_gigafactories() -> None:
    """A fund that covers about a third of a gigafactory's capex, more public money for EU
    compute than in the baseline."""
    assert _value("eu_gigafactories", "cofinance_share.EU") == pytest.approx(1 / 3, abs=0.01)
    budget = lambda s: (_value(s, "public_budget_usd_bn.EU")  # noqa: E731
                        * _value(s, "fund_share_compute.EU"))
    assert budget("eu_gigafactories") > budget("baseline")


def test_eu_simplification_lightens_compliance() -> None:
    """Lower stringency (compliance costs and delays scale with it) and no compliance cost
    parameter raised."""
    assert _value("eu_simplification", "regulation.EU") < default("regulation.EU")
    for k in ("compliance_delay_months", "compliance_variable_cost",
              "compliance_fixed_cost_usd_bn"):
        assert _value("eu_simplification", k) <= default(k)


def test_export_control_scenarios_bracket_the_baseline() -> None:
    denial = {s: _value(s, "export_control.US") * (1 - _value(s, "export_leakage"))
              for s in ("export_controls_relaxed", "baseline", "export_controls_tight")}
    assert denial["export_controls_relaxed"] < denial["baseline"] < denial["export_controls_tight"]
    assert (_value("export_controls_tight", "cn_mineral_restriction")
            >= default("cn_mineral_restriction"))


def test_china_push() -> None:
    """$8.2 bn state fund or more, more public money, more efficiency breakthroughs."""
    assert _value("china_push", "state_fund_usd_bn.CN") * 5 >= 8.2
    assert _value("china_push", "public_budget_usd_bn.CN") > default("public_budget_usd_bn.CN")
    assert (_value("china_push", "breakthrough_prob_per_year.CN")
            > default("breakthrough_prob_per_year.CN"))


def test_openai_for_countries_cofinances_partner_data_centres() -> None:
    assert (_value("openai_for_countries", "partner_cofinance_usd_bn")
            > default("partner_cofinance_usd_bn"))


def test_us_reshoring_is_dearer_and_less_exposed() -> None:
    assert _value("us_reshoring", "reshoring_share_2030") > default("reshoring_share_2030")
    assert _value("us_reshoring", "reshoring_cost_premium") > 0


def test_taiwan_disruption_is_forced_within_the_horizon() -> None:
    year = _value("taiwan_disruption", "taiwan_disruption_year")
    assert 2025 <= year <= default("end_year")
    assert _value("taiwan_disruption", "taiwan_supply_loss") > 0
    assert default("taiwan_disruption_year") == 0            # baseline: random only


# --- layering and custom files -----------------------------------------------------------------

def test_user_parameters_override_the_scenario() -> None:
    m = AIRaceModel(scenario="export_controls_tight", params={"export_control.US": 0.1},
                    rng=1, **{"export_leakage": 0.3})
    try:
        assert m.scenario_name == "export_controls_tight"
        assert m.p["export_control.US"] == 0.1 and m.p["export_leakage"] == 0.3
        assert m.p["cn_mineral_restriction"] == _ov("export_controls_tight")[
            "cn_mineral_restriction"]
    finally:
        _release(m)


def _write(tmp_path: Path, data: Any, name: str = "custom", raw: str | None = None) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(raw if raw is not None else yaml.safe_dump(data), encoding="utf-8")
    return path


GOOD = {"name": "custom", "description": "A custom scenario for a test.", "sources": ["test"],
        "overrides": {"export_control.US": 0.9}}


def test_a_custom_scenario_file_runs(tmp_path: Path) -> None:
    path = _write(tmp_path, {**GOOD, "overrides": {"export_control.US": 0.9, "end_year": 2026}})
    m = AIRaceModel(scenario=str(path), rng=2)
    try:
        m.run_model()
        assert m.scenario_name == "custom" and m.p["export_control.US"] == 0.9 and m.steps == 8
    finally:
        _release(m)


@pytest.mark.parametrize(("change", "raw", "fragments"), [
    ({"overrides": {"export_contrl.US": 0.9}}, None, ["export_contrl.US", "export_control.US"]),
    ({"overrides": {"export_control.US": 1.5}}, None, ["export_control.US", "out of bounds",
                                                       "[0, 1]"]),
    ({"overrides": {"export_control.US": "high"}}, None, ["export_control.US", "number"]),
    ({"overrides": {"policy_mode": "chaotic"}}, None, ["policy_mode", "adaptive"]),
    ({"overrides": {"fund_share_compute.EU": 0.9}}, None, ["fund_share_compute.EU", "exceed 1"]),
    ({"overrides": [1, 2]}, None, ["overrides", "mapping"]),
    ({"name": "other"}, None, ["name", "custom"]),
    ({"description": ""}, None, ["description"]),
    ({"description": None}, None, ["description", "missing", "en, de"]),
    ({"description": ["a", "list"]}, None, ["description", "string", "en, de"]),
    ({"description": {"en": "Text.", "fr": "Texte."}}, None, ["description", "fr",
                                                            "allowed: en, de"]),
    ({"description": {"de": "Nur Deutsch."}}, None, ["description.en", "English", "en, de"]),
    ({"description": {"en": "Text.", "de": "  "}}, None, ["description.de", "non-empty"]),
    ({"title": {"en": "Custom", "es": "Propio"}}, None, ["title", "es", "allowed: en, de"]),
    ({"title": {"de": "Eigenes"}}, None, ["title.en", "English"]),
    ({"title": 42}, None, ["title", "string", "int"]),
    ({"sources": "one source"}, None, ["sources", "list"]),
    ({"colour": "blue"}, None, ["colour", "allowed"]),
    (None, "name: custom\ndescription: [unclosed\n", ["not valid YAML"]),
    (None, "- just\n- a list\n", ["mapping"]),
])
def test_bad_scenario_files_name_file_key_and_allowed(tmp_path: Path, change: dict | None,
                                                      raw: str | None,
                                                      fragments: list[str]) -> None:
    path = _write(tmp_path, {**GOOD, **(change or {})}, raw=raw)
    with pytest.raises(ParameterError) as err:      # ScenarioError is a ParameterError
        load_scenario_file(path)
    assert isinstance(err.value, InputError)
    msg = str(err.value)
    assert str(path) in msg
    for frag in fragments:
        assert frag in msg, f"{frag!r} not in {msg!r}"


def test_title_and_description_as_plain_text_or_by_language(tmp_path: Path) -> None:
    """A plain string is English; a mapping gives the text by language; a missing language
    falls back to English, and a missing title to the name."""
    plain = load_scenario_file(_write(tmp_path, GOOD))
    assert plain.title == plain.title_in("de") == "custom"
    assert plain.descriptions == {"en": "A custom scenario for a test."}
    assert plain.description_in("de") == plain.description
    both = load_scenario_file(_write(tmp_path, {
        **GOOD, "title": {"en": "Custom", "de": "Eigenes"},
        "description": {"en": "A custom\n  scenario.", "de": "Ein eigenes Szenario."}}))
    assert (both.title, both.title_in("de")) == ("Custom", "Eigenes")
    assert both.description == "A custom scenario."        # whitespace normalised
    assert both.description_in("de") == "Ein eigenes Szenario."
    english_only = load_scenario_file(_write(tmp_path, {**GOOD, "title": {"en": "Custom"}}))
    assert english_only.title_in("de") == "Custom" and "de" not in english_only.titles


def test_display_text_comes_from_the_scenario_files() -> None:
    """analysis.i18n has no titles of its own: it reads the scenario file, in the language
    asked for, and falls back to the name (or a given fallback) for labels that are no
    scenario file, e.g. the scenarios of a study of another model."""
    from airace.analysis import i18n

    assert not hasattr(i18n, "SCENARIO_TITLES")
    assert i18n.LANGS == LANGS
    for sc in all_scenarios():
        for lang in LANGS:
            assert i18n.scenario_title(sc.name, lang) == sc.titles[lang]
            assert i18n.scenario_description(sc.name, lang) == (sc.descriptions[lang], lang)
    assert i18n.scenario_title("low", "de") == "low"
    assert i18n.scenario_title("low", "en", "Low demand") == "Low demand"
    assert i18n.scenario_description("low", "de", "Inline.") == ("Inline.", "en")
    with pytest.raises(InputError, match="allowed: en, de"):
        i18n.scenario_title("baseline", "fr")


def test_unknown_scenario_name_lists_the_allowed_ones() -> None:
    with pytest.raises(ScenarioError) as err:
        load_scenario("no_such_scenario")
    msg = str(err.value)
    assert "no_such_scenario" in msg
    assert all(n in msg for n in POLICY_SCENARIOS)
    with pytest.raises(ScenarioError, match="not found"):
        load_scenario("/nonexistent/dir/x.yaml")
    with pytest.raises(InputError):
        AIRaceModel(scenario="no_such_scenario")
