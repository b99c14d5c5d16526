"""The parameter registry and the 2025 population file: every parameter documented and within
its bounds, validation errors that name the key and what is allowed, layered resolution,
the calibration constants of docs/calibration.md, and a population whose references resolve."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from airace.model.errors import InputError
from airace.model.parameters import (
    BLOCS,
    GERMAN_FILE,
    GERMAN_KEYS,
    REGISTRY,
    Param,
    ParameterError,
    defaults,
    resolve,
    validate_overrides,
)
from airace.model.population import POPULATION_FILE, load_population

ROOT = Path(__file__).resolve().parents[1]
CODE_FILES = [*sorted((ROOT / "model").rglob("*.py")), *sorted((ROOT / "agents").rglob("*.py"))]


# --- the registry -----------------------------------------------------------------------

def test_parameter_error_is_an_input_error() -> None:
    assert issubclass(ParameterError, InputError)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_parameter_is_documented_and_its_default_admissible(name: str) -> None:
    p = REGISTRY[name]
    assert isinstance(p, Param) and p.name == name
    assert p.kind in ("float", "int", "choice")
    for text in (p.unit, p.description, p.source, p.group):
        assert isinstance(text, str) and text.strip(), f"{name}: empty unit/description/source"
    if p.kind == "choice":
        assert p.default in p.choices and len(p.choices) >= 2
    else:
        assert p.low is not None and p.high is not None and p.low <= p.default <= p.high
        assert p.validate(p.default) == p.default
        assert p.validate(p.low) == p.low and p.validate(p.high) == p.high
    if "." in name:
        assert name.rsplit(".", 1)[1] in BLOCS, f"{name}: suffix is not a bloc"


def test_per_bloc_families_are_complete() -> None:
    """A parameter given per bloc for two or more blocs exists for all four."""
    families: dict[str, set[str]] = {}
    for name in REGISTRY:
        if "." in name:
            base, bloc = name.rsplit(".", 1)
            families.setdefault(base, set()).add(bloc)
    for base, blocs in families.items():
        if len(blocs) > 1:
            assert blocs == set(BLOCS), f"{base}: only {sorted(blocs)}"


# --- German descriptions (model/data/parameters_de.yaml) ----------------------------------

def test_every_parameter_has_a_german_description() -> None:
    missing = sorted(n for n, p in REGISTRY.items() if not p.description_de.strip())
    assert not missing, f"{GERMAN_FILE}: no German description of {missing}"
    untranslated = sorted(n for n, p in REGISTRY.items() if p.description_de == p.description)
    assert not untranslated, f"{GERMAN_FILE}: English text under {untranslated}"
    assert all(p.description_in("de") == p.description_de for p in REGISTRY.values())
    assert all(p.description_in("en") == p.description for p in REGISTRY.values())


def test_the_german_file_names_parameters_and_per_bloc_ones_once() -> None:
    data = yaml.safe_load(GERMAN_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    unknown = sorted(set(data) - GERMAN_KEYS)
    assert not unknown, f"{GERMAN_FILE}: keys that are no parameter: {unknown}"
    assert "grid_gw_per_year" in GERMAN_KEYS and "grid_gw_per_year.EU" not in GERMAN_KEYS
    assert "export_control.US" in GERMAN_KEYS      # a single-bloc parameter keeps its name
    base = " ".join(data["grid_gw_per_year"].split())
    for bloc in BLOCS:     # the bloc is appended as in English
        p = REGISTRY[f"grid_gw_per_year.{bloc}"]
        assert p.description_de == f"{base} ({bloc})" and p.description.endswith(f" ({bloc})")


def test_a_missing_german_description_falls_back_to_english() -> None:
    p = Param("x", 1.0, 0.0, 2.0, description="In English")
    assert p.description_in("de") == p.description_in("en") == "In English"
    assert Param("x", 1.0, 0.0, 2.0, description="In English",
                 description_de="Auf Deutsch").description_in("de") == "Auf Deutsch"


def _code_text() -> str:
    texts = [f.read_text(encoding="utf-8") for f in CODE_FILES if f.name != "parameters.py"]
    return "\n".join(texts) + POPULATION_FILE.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_parameter_is_read_by_the_model(name: str) -> None:
    """A registry entry that no code reads is a lever without effect. A per-bloc name may be
    read through an f-string (``f"name.{b}"``) or named in the population file."""
    text = _code_text()
    base = name.rsplit(".", 1)[0] if "." in name else name
    q = "[\"']"
    patterns = [rf"{q}{re.escape(name)}{q}", rf":\s*{re.escape(name)}(?![\w.])"]
    if base != name:
        patterns += [rf"{q}{re.escape(base)}\.\{{", rf"{q}{re.escape(base)}{q}"]
    assert any(re.search(pat, text, flags=re.M) for pat in patterns), (
        f"'{name}' is not read anywhere in model/, agents/ or the population file")


# --- validation -------------------------------------------------------------------------

def test_validate_coerces_numbers() -> None:
    assert REGISTRY["diffusion_rate"].validate(0) == 0.0
    assert isinstance(REGISTRY["diffusion_rate"].validate(0), float)
    assert REGISTRY["end_year"].validate(2030.0) == 2030
    assert isinstance(REGISTRY["end_year"].validate(2030.0), int)
    assert REGISTRY["policy_mode"].validate("adaptive") == "adaptive"


@pytest.mark.parametrize(("name", "value", "fragment"), [
    ("diffusion_rate", 0.9, "out of bounds"),
    ("diffusion_rate", -0.1, "out of bounds"),
    ("diffusion_rate", "fast", "must be a number"),
    ("diffusion_rate", True, "must be a number"),
    ("diffusion_rate", None, "must be a number"),
    ("end_year", 2030.5, "whole number"),
    ("end_year", 2051, "out of bounds"),
    ("policy_mode", "greedy", "not allowed"),
    ("policy_mode", 1, "not allowed"),
])
def test_validate_rejects_bad_values_naming_key_and_allowed(name: str, value: object,
                                                            fragment: str) -> None:
    p = REGISTRY[name]
    with pytest.raises(ParameterError) as err:
        p.validate(value, where="study.yaml")
    msg = str(err.value)
    assert "study.yaml" in msg and f"'{name}'" in msg and fragment in msg
    if p.kind == "choice":
        assert all(c in msg for c in p.choices)
    elif fragment == "out of bounds":
        assert f"{p.low:g}" in msg and f"{p.high:g}" in msg


def test_unknown_key_is_rejected_with_a_suggestion() -> None:
    with pytest.raises(ParameterError, match=r"unknown parameter 'diffusion_rat'.*diffusion_rate"):
        validate_overrides({"diffusion_rat": 0.1}, where="x.yaml")
    with pytest.raises(ParameterError, match="expected a mapping"):
        validate_overrides([("diffusion_rate", 0.1)], where="x.yaml")  # type: ignore[arg-type]


def test_fund_shares_of_a_bloc_may_not_exceed_one() -> None:
    with pytest.raises(ParameterError, match=r"fund_share_compute\.EU.*fund_share_chips\.EU"):
        validate_overrides({"fund_share_compute.EU": 0.8}, where="x.yaml")  # 0.8 + 0.3 > 1
    ok = validate_overrides({"fund_share_compute.EU": 0.7, "fund_share_chips.EU": 0.3})
    assert ok == {"fund_share_compute.EU": 0.7, "fund_share_chips.EU": 0.3}
    # the constraint holds on the merged layers as well
    with pytest.raises(ParameterError):
        resolve({"fund_share_chips.EU": 0.0, "fund_share_compute.EU": 1.0},
                {"fund_share_chips.EU": 0.5})


def test_resolve_layers_in_order() -> None:
    merged = resolve({"diffusion_rate": 0.1, "end_year": 2030}, {"diffusion_rate": 0.2})
    assert merged["diffusion_rate"] == 0.2 and merged["end_year"] == 2030
    assert set(merged) == set(REGISTRY)
    rest = {k: v for k, v in merged.items() if k not in ("diffusion_rate", "end_year")}
    assert rest == {k: v for k, v in defaults().items() if k in rest}
    with pytest.raises(ParameterError, match="where-am-i"):
        resolve({"diffusion_rate": 2.0}, where="where-am-i")


# --- calibration constants (docs/calibration.md) --------------------------------------------

@pytest.mark.parametrize(("name", "low", "high", "fact"), [
    ("h100e_flops", 989e12, 989e12, "H100: ~989 TFLOP/s dense BF16"),
    ("us_chip_price_usd_k", 25.0, 30.0, "H100 ~$25-30k"),
    ("kw_per_h100e_2025", 1.5, 1.5, "about 1.5 kW per H100e incl. overhead in 2025"),
    ("perf_per_watt_growth", 1.34, 1.34, "performance per watt 1.34x/yr"),
    ("algo_halving_months", 5.0, 14.0, "compute for fixed performance halves every ~8 months "
                                       "(CI 5-14)"),
    ("chip_price_perf_doubling_years", 2.1, 2.1, "GPU price-performance doubles every ~2.1 y"),
    ("training_compute_growth_ref", 4.0, 5.0, "training compute of frontier models 4-5x/yr"),
    ("end_year", 2035, 2035, "default horizon 2025Q1-2035Q4"),
    ("private_inflow_usd_bn.CN", 9.3, 9.3, "China private AI investment $9.3 bn (2024)"),
    ("state_fund_usd_bn.CN", 8.2 / 5 - 0.01, 8.2 / 5 + 0.01, "RMB 60 bn (~$8.2 bn) fund"),
])
def test_calibration_constants(name: str, low: float, high: float, fact: str) -> None:
    assert low <= REGISTRY[name].default <= high, fact


def test_algorithmic_halving_default_is_eight_months() -> None:
    assert REGISTRY["algo_halving_months"].default == 8.0
    assert REGISTRY["algo_halving_months"].low == 5.0
    assert REGISTRY["algo_halving_months"].high == 14.0


# --- the 2025 population -------------------------------------------------------------------

def test_population_references_resolve() -> None:
    pop = load_population()
    vendors = {v["name"] for v in pop["vendors"]}
    labs = {lab["name"] for lab in pop["labs"]}
    assert len(labs) == len(pop["labs"]) and len(vendors) == len(pop["vendors"])
    for v in pop["vendors"]:
        assert v["price_param"] in REGISTRY and v["growth_param"] in REGISTRY
        assert v["home"] in BLOCS and v.get("source")
    for lab in pop["labs"]:
        assert lab["home"] in BLOCS and lab.get("source"), lab["name"]
        assert set(lab["vendor_mix"]) <= vendors and sum(lab["vendor_mix"].values()) > 0
        assert set(lab["compute"]) <= set(lab["sites"]) <= set(BLOCS), lab["name"]
        assert lab["home"] in lab["sites"], f"{lab['name']} may not build at home"
        assert 0 < lab["frontier_share"] <= 1 and lab["cash_usd_bn"] >= 0
    for inv in pop["investors"]:
        assert inv["home"] in BLOCS and set(inv["eligible"]) <= set(BLOCS) and inv.get("source")
        assert inv["kind"] in ("private", "sovereign", "state", "jv")
        assert inv["mandate"] in ("return", "strategic")
        if inv["kind"] == "jv":
            assert inv["target"] in labs
        else:
            assert inv["inflow_param"] in REGISTRY, inv["name"]
    shares = pop["regions"]["demand_share"]
    assert set(shares) == set(BLOCS) and sum(shares.values()) == pytest.approx(1.0)
    assert set(pop["regions"]["conventional_dc_twh_2025"]) == set(BLOCS)


def test_population_reproduces_the_2025_calibration() -> None:
    """~5 M H100e in 2025Q1 with location shares USA ~75 %, China ~15 %, EU <= 5 % (Epoch);
    conventional data-centre load plus the AI load near the IEA's 2024 figures."""
    pop = load_population()
    by_loc = dict.fromkeys(BLOCS, 0.0)
    for lab in pop["labs"]:
        for loc, m in lab["compute"].items():
            by_loc[loc] += m
    total = sum(by_loc.values())
    assert total == pytest.approx(5.0, rel=0.05)
    assert by_loc["US"] / total == pytest.approx(0.75, abs=0.05)
    assert by_loc["CN"] / total == pytest.approx(0.15, abs=0.05)
    assert by_loc["EU"] / total <= 0.05
    conv = pop["regions"]["conventional_dc_twh_2025"]
    assert sum(conv.values()) < 415.0        # the IEA's world 2024 figure includes the AI load


def test_the_fund_split_is_checked_on_the_layers_together() -> None:
    """A user may raise the compute share where the scenario lowered the chips share; the
    split is checked on the merged layers, so a sum above 1 is still refused."""
    from airace.model.parameters import ParameterError, resolve

    scenario = {"fund_share_compute.EU": 0.5, "fund_share_chips.EU": 0.1}
    merged = resolve(scenario, {"fund_share_compute.EU": 0.85}, where="test")
    assert merged["fund_share_compute.EU"] == 0.85 and merged["fund_share_chips.EU"] == 0.1
    with pytest.raises(ParameterError, match="fund_share_compute.EU"):
        resolve(scenario, {"fund_share_chips.EU": 0.6}, where="test")


@pytest.mark.parametrize("edit, message", [
    ({"sites": {"TW": 0.5, "MARS": 0.5}}, "key 'sites' names unknown sites ['MARS']; allowed: TW"),
    ({"hbm_sites": {"XX": 1.0}}, "key 'hbm_sites' names unknown sites ['XX']"),
    ({"gross_margin": 1.2}, "key 'gross_margin' = 1.2 must lie in [0, 1)"),
])
def test_population_file_vendor_errors_name_file_vendor_and_key(
        tmp_path: Path, edit: dict, message: str) -> None:
    pop = yaml.safe_load(POPULATION_FILE.read_text(encoding="utf-8"))
    pop["vendors"][0].update(edit)
    path = tmp_path / "population.yaml"
    path.write_text(yaml.safe_dump(pop), encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)) as info:
        load_population(path)
    assert str(path) in str(info.value) and "vendor 'us_vendor'" in str(info.value)
