"""The explorer's levers and inputs: every parameter has one place, typed values are checked
at their control (bounds, whole numbers, the fund split), and the two arms get the right
parameters."""

from __future__ import annotations

import pytest

from airace.explorer import labels
from airace.explorer.levers import (
    ACTORS,
    RUN_CONTROLS,
    assumption_names,
    assumption_sections,
    is_constant,
    lever_names,
    lever_sections,
)
from airace.explorer.setting import (
    REFERENCE,
    SETTING,
    Setting,
    check,
    differences,
    format_value,
    resolved,
)
from airace.model import simulate
from airace.model.parameters import REGISTRY
from airace.model.scenarios import load_scenario


def test_every_parameter_has_exactly_one_place() -> None:
    levers, assumptions = lever_names(), assumption_names()
    assert not levers & assumptions
    for name, p in REGISTRY.items():
        places = (name in levers) + (name in assumptions) + (name in RUN_CONTROLS) + \
            is_constant(p)
        assert places == 1, name
    assert [s.key for s in lever_sections()] == list(ACTORS)
    assert all(s.params for s in lever_sections() + assumption_sections())


def test_policy_levers_sit_with_their_actor() -> None:
    where = {p.name: s.key for s in lever_sections() for p in s.params}
    assert where["export_control.US"] == "US"
    assert where["regulation.EU"] == "EU" and where["cn_mineral_restriction"] == "CN"
    assert where["fund_share_chips.ROW"] == "ROW"
    assert where["partner_cofinance_usd_bn"] == "ROW"
    assert where["stargate_total_usd_bn"] == "investors"
    assert where["private_inflow_usd_bn.EU"] == "investors"
    assert where["cn_vendor_capacity_growth"] == "companies"
    assert "algo_halving_months" in assumption_names()


@pytest.mark.parametrize(("name", "text", "key"), [
    ("export_control.US", "1.5", "ex_err_bounds"),
    ("export_control.US", "-0.1", "ex_err_bounds"),
    ("regulation.EU", "strict", "ex_err_number"),
    ("eu_target_year", "2030.5", "ex_err_whole"),
    ("algo_halving_months", "40", "ex_err_bounds"),
    ("no_such_lever", "1", "ex_err_unknown"),
])
def test_a_bad_value_is_an_error_at_its_control(name: str, text: str, key: str) -> None:
    checked = check(Setting(drafts={name: text}))
    assert not checked.ok and set(checked.errors) == {name}
    assert checked.errors[name].text_key == key
    assert labels.error_text(checked.errors[name], "en")
    assert labels.error_text(checked.errors[name], "de")


def test_bounds_are_named_in_the_message() -> None:
    err = check(Setting(drafts={"export_control.US": "1,5"})).errors["export_control.US"]
    assert labels.error_text(err, "en") == "1.5 is out of bounds; allowed: 0 to 1 fraction"
    assert labels.error_text(err, "de") == ("1,5 liegt außerhalb der Grenzen; zulässig: 0 bis "
                                            "1 Anteil")


def test_an_inconsistent_fund_split_is_marked_at_both_shares() -> None:
    checked = check(Setting(drafts={"fund_share_compute.EU": "0.8"}))   # chips 0.3 by default
    assert set(checked.errors) == {"fund_share_compute.EU", "fund_share_chips.EU"}
    assert all(e.text_key == "ex_err_fund_split" for e in checked.errors.values())
    assert "1.1" in labels.error_text(checked.errors["fund_share_chips.EU"], "en")
    # the same share is fine where the start scenario leaves room for it
    assert check(Setting(start="eu_gigafactories",
                         drafts={"fund_share_compute.EU": "0.8"})).ok


@pytest.mark.parametrize(("field", "value"), [("replicates", "1"), ("replicates", "x"),
                                              ("replicates", "501"), ("seed", "-1")])
def test_replicates_and_seed_are_checked(field: str, value: str) -> None:
    checked = check(Setting(**{field: value}))
    assert set(checked.errors) == {field}


def test_a_value_equal_to_the_start_is_no_change() -> None:
    same = format_value(load_scenario("eu_gigafactories").overrides["grid_gw_per_year.EU"])
    checked = check(Setting(start="eu_gigafactories", drafts={"grid_gw_per_year.EU": same}))
    assert checked.ok and checked.lever_edits == {}


def test_levers_change_the_setting_and_assumptions_both_arms() -> None:
    checked = check(Setting(start="eu_gigafactories", reference="baseline",
                            drafts={"regulation.EU": "0.4", "algo_halving_months": "9"},
                            end_year=2030, policy_mode="adaptive"))
    assert checked.ok
    assert checked.lever_edits == {"regulation.EU": 0.4}
    assert checked.assumption_edits == {"algo_halving_months": 9.0}
    own, ref = resolved(checked, SETTING), resolved(checked, REFERENCE)
    assert own["regulation.EU"] == 0.4 and ref["regulation.EU"] == 0.7
    assert own["algo_halving_months"] == ref["algo_halving_months"] == 9.0
    assert own["end_year"] == ref["end_year"] == 2030
    assert own["policy_mode"] == ref["policy_mode"] == "adaptive"
    assert own["grid_gw_per_year.EU"] == 2.0
    assert ref["grid_gw_per_year.EU"] == REGISTRY["grid_gw_per_year.EU"].default
    changed = {n for n, _, _ in differences(checked)}
    assert changed == {"regulation.EU", *load_scenario("eu_gigafactories").overrides}


def test_a_changed_share_runs_with_its_partner_from_the_start_scenario() -> None:
    # eu_gigafactories sets chips 0.15; compute 0.8 is valid with it, not with the default 0.3
    checked = check(Setting(start="eu_gigafactories", drafts={"fund_share_compute.EU": "0.8"},
                            end_year=2027))
    out = simulate(checked.params(SETTING), 1, checked.scenario(SETTING))
    assert out
