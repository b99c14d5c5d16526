"""Malformed study files: each gives one clear error (file, key, what is allowed), exit code 2,
no traceback and no output folder - checked through the command line, before Ray starts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from airace.cli import main
from airace.experiments.study import load_study, locate_study, study_names
from airace.model.errors import InputError
from airace.model.parameters import REGISTRY

DR = REGISTRY["diffusion_rate"]
BASE: dict[str, Any] = {
    "name": "mini", "scenarios": ["baseline"], "seed": 11,
    "design": {"kind": "monte_carlo", "replicates": 2},
    "parameters": {"diffusion_rate": {"low": DR.low, "high": DR.high}},
    "outcomes": ["compute_share.*@2030"],
}


def _with(**changes: Any) -> dict[str, Any]:
    study = yaml.safe_load(yaml.safe_dump(BASE))
    for key, value in changes.items():
        if value is None:
            study.pop(key, None)
        else:
            study[key] = value
    return study


def _sobol(**params: Any) -> dict[str, Any]:
    return _with(design={"kind": "sobol", "samples": 8}, parameters=params)


# (id, study content (dict or raw YAML text), expected key in the message, expected hint)
CASES: list[tuple[str, Any, str, str]] = [
    ("yaml_syntax", "seed: [1, 2\n", "not valid YAML", "line"),
    ("not_a_mapping", "- seed\n- design\n", "expected a mapping", "seed"),
    ("unknown_top_key", {**BASE, "sead": 3}, "key 'sead'", "did you mean 'seed'"),
    ("missing_seed", _with(seed=None), "key 'seed' is missing", "whole number >= 0"),
    ("negative_seed", _with(seed=-1), "key 'seed'", "integers >= 0"),
    ("text_seed", _with(seed="abc"), "key 'seed'", "integers >= 0"),
    ("bad_name", _with(name="my study!"), "key 'name'", "letters, digits"),
    ("missing_design", _with(design=None), "key 'design' is missing", "kind: monte_carlo"),
    ("unknown_design_kind", _with(design={"kind": "montecarlo"}), "key 'design.kind'",
     "monte_carlo, lhs, grid, sobol, morris"),
    ("zero_replicates", _with(design={"kind": "monte_carlo", "replicates": 0}),
     "key 'design.replicates'", "integers >= 1"),
    ("key_of_other_design", _with(design={"kind": "monte_carlo", "samples": 10}),
     "key 'design.samples'", "kind, replicates"),
    ("lhs_without_samples", _with(design={"kind": "lhs"}), "key 'design.samples' is missing",
     "whole number"),
    ("sobol_not_power_of_2", _with(design={"kind": "sobol", "samples": 100}),
     "key 'design.samples'", "power of 2"),
    ("morris_odd_levels", _with(design={"kind": "morris", "levels": 3}), "key 'design.levels'",
     "even number"),
    ("unknown_parameter", _with(parameters={"difusion_rate": [0.1, 0.2]}),
     "key 'parameters.difusion_rate'", "did you mean diffusion_rate"),
    ("outside_registry_bounds", _with(parameters={"diffusion_rate": [DR.low, DR.high + 1]}),
     "key 'parameters.diffusion_rate'", f"[{DR.low:g}, {DR.high:g}]"),
    ("low_not_below_high", _with(parameters={"diffusion_rate": [0.2, 0.1]}),
     "key 'parameters.diffusion_rate.low'", "low < high"),
    ("unknown_distribution", _with(parameters={"diffusion_rate": {"dist": "normal", "mean": 0.1,
                                                                  "sd": 0.01}}),
     "key 'parameters.diffusion_rate.dist'", "truncnormal"),
    ("missing_distribution_key", _with(parameters={"diffusion_rate": {
        "dist": "truncnormal", "mean": 0.1, "low": 0.0, "high": 0.2}}),
     "key 'parameters.diffusion_rate.sd' is missing", "mean, sd, low, high"),
    ("mode_outside_range", _with(parameters={"diffusion_rate": {
        "dist": "triangular", "low": 0.05, "mode": 0.3, "high": 0.2}}),
     "key 'parameters.diffusion_rate.mode'", "low <= mode <= high"),
    ("distribution_not_for_design", _sobol(diffusion_rate={"dist": "triangular", "low": 0.05,
                                                           "mode": 0.1, "high": 0.2}),
     "key 'parameters.diffusion_rate.dist'", "cannot be used in a sobol design"),
    ("constant_as_parameter", _with(parameters={"diffusion_rate": 0.1}),
     "key 'parameters.diffusion_rate'", "constants belong under 'fixed'"),
    ("choice_parameter_varied", _with(parameters={"policy_mode": {"values": [0, 1]}}),
     "key 'parameters.policy_mode'", "set it under 'fixed'"),
    ("no_parameters_for_lhs", _with(design={"kind": "lhs", "samples": 4}, parameters=None),
     "key 'parameters' is empty", "at least one parameter"),
    ("fixed_and_varied", _with(fixed={"diffusion_rate": 0.1}), "key 'fixed.diffusion_rate'",
     "either fixed or varied"),
    ("fixed_out_of_bounds", _with(fixed={"algo_halving_months": 99}),
     "key 'algo_halving_months'", "allowed: float in"),
    ("unknown_scenario", _with(scenarios=["baseline", "no_such_policy"]),
     "key 'scenarios[1]'", "baseline"),
    ("duplicate_scenario", _with(scenarios=["baseline", "baseline"]), "key 'scenarios'",
     "each name once"),
    ("unknown_outcome", _with(outcomes=["compute_share.XX@2030"]), "key 'outcomes[0]'",
     "compute_share.EU@2030"),
    ("outcome_after_horizon", _with(fixed={"end_year": 2028}, outcomes=["compute_share.EU@2030"]),
     "key 'outcomes'", "outcome years up to 2028"),
    ("unknown_series", _with(series=["no_such_kpi.EU"]), "key 'series[0]'", "reporter names"),
    ("model_not_a_reference", _with(model="model.simulate"), "key 'model'",
     "package.module:function"),
    ("model_not_importable", _with(model="no_such_package.sim:run"), "key 'model'",
     "cannot import module 'no_such_package.sim'"),
    ("model_missing_function", _with(model="tests.toy_models:nope"), "key 'model'",
     "has no callable 'nope'"),
    ("model_wrong_signature", _with(model="tests.toy_models:no_seed", parameters=None,
                                    outcomes=None, scenarios=None), "key 'model'",
     "f(params: dict, seed: int"),
    ("series_for_other_model", _with(model="tests.toy_models:linear", parameters=None,
                                     outcomes=None, scenarios=None, series=True),
     "key 'series'", "series need the AI-race model"),
    ("scenarios_for_model_without_them", _with(model="tests.toy_models:linear",
                                               parameters=None, outcomes=None,
                                               scenarios=["a", "b"]),
     "key 'scenarios'", "f(params, seed, scenario)"),
    ("other_model_without_bounds", _with(model="tests.toy_models:linear", outcomes=None,
                                         scenarios=None, parameters={"a": {"dist": "uniform"}}),
     "key 'parameters.a.low' is missing", "low, high"),
    ("title_not_text", _with(title=42), "key 'title'", "languages en, de"),
    ("description_unknown_language", _with(description={"en": "Q?", "fr": "Q ?"}),
     "key 'description'", "allowed: en, de"),
    ("description_without_english", _with(description={"de": "Frage?"}),
     "key 'description'", "'description.en'"),
    ("empty_german_title", _with(title={"en": "Title", "de": " "}), "key 'title.de'",
     "non-empty string"),
    ("design_breaks_a_constraint", _with(
        design={"kind": "lhs", "samples": 8},
        parameters={"fund_share_compute.EU": [0.6, 0.9]}, fixed={"fund_share_chips.EU": 0.3}),
     "'fund_share_compute.EU' + 'fund_share_chips.EU'", "narrow the bounds"),
]


@pytest.mark.parametrize(("content", "key", "hint"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_malformed_study_is_rejected_before_anything_is_written(
        content: Any, key: str, hint: str, write_study: Any, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = write_study(content)
    out = tmp_path / "out"
    code = main(["run", str(path), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("Error: "), err
    assert str(path) in err, err
    assert key in err, err
    assert hint in err, err
    assert "Traceback" not in err
    assert not out.exists()


def test_missing_study_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "absent.yaml"
    assert main(["run", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"Error: {path}: file not found" in err
    assert not (tmp_path / "out").exists()


def test_unknown_shipped_study_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "no_such_study", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "no_such_study: no such study file" in err and "quickstart" in err


def test_bad_option_exits_2(write_study: Any, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    path = write_study(BASE)
    assert main(["run", str(path), "--workers", "0", "--out", str(tmp_path / "o")]) == 2
    assert "--workers" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_there_are_at_least_15_kinds_of_malformed_study() -> None:
    assert len({c[0] for c in CASES}) >= 15


def test_valid_study_loads_with_defaults(write_study: Any) -> None:
    study = load_study(write_study(BASE))
    assert study.model.is_airace and study.scenarios == ("baseline",)
    assert study.outcomes == ("compute_share.US@2030", "compute_share.EU@2030",
                              "compute_share.CN@2030", "compute_share.ROW@2030")
    assert study.series is None and study.design.replicates == 2


def test_formatting_and_comments_do_not_change_the_study_hash(write_study: Any) -> None:
    a = load_study(write_study(BASE, "a"))
    text = "# a comment\n" + yaml.safe_dump(BASE, default_flow_style=True)
    b = load_study(write_study(text, "b"))
    c = load_study(write_study(_with(seed=12), "c"))
    assert a.sha256 == b.sha256 != c.sha256
    assert a.file_sha256 != b.file_sha256


def test_title_and_description_as_text_or_by_language(write_study: Any) -> None:
    """A string is English, a mapping gives the text by language (English when the file has
    none in a language); no title means the name. The texts do not change what runs."""
    plain = load_study(write_study(_with(title="A title", description="A\n  question?"), "a"))
    assert plain.title == plain.title_in("de") == "A title"
    assert plain.description == plain.description_in("de") == "A question?"
    both = load_study(write_study(_with(title={"en": "Title", "de": "Titel"},
                                        description={"en": "Question?", "de": "Frage?"}), "b"))
    assert (both.title, both.title_in("de")) == ("Title", "Titel")
    assert (both.description, both.description_in("de")) == ("Question?", "Frage?")
    english = load_study(write_study(_with(title={"en": "Title"}), "c"))
    assert english.title_in("de") == "Title" and dict(english.titles) == {"en": "Title"}
    bare = load_study(write_study(BASE, "d"))
    assert bare.title == bare.title_in("de") == "mini"
    assert bare.description == bare.description_in("de") == "" and not bare.descriptions
    assert plain.sha256 == both.sha256 == english.sha256 == bare.sha256


def test_shipped_studies_have_german_titles_and_descriptions() -> None:
    for name in study_names():
        study = load_study(locate_study(name))
        assert study.titles.get("de") and study.titles["de"] != study.title, name
        assert study.descriptions.get("de") and study.descriptions["de"] != study.description, name


def test_errors_are_input_errors(write_study: Any) -> None:
    with pytest.raises(InputError):
        load_study(write_study(_with(seed=-5)))


_ANY = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 2**40) | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=6)
_KEYS = st.sampled_from(["name", "title", "scenarios", "seed", "design", "parameters", "fixed",
                         "outcomes", "series", "unknown"])
_SUBKEYS = st.sampled_from(["kind", "replicates", "samples", "levels", "trajectories",
                            "second_order", "diffusion_rate", "low", "high", "dist", "values"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=_KEYS, sub=_SUBKEYS, value=_ANY, nested=st.booleans())
def test_any_damage_to_a_valid_study_gives_an_input_error_or_a_valid_study(
        tmp_path_factory: pytest.TempPathFactory, key: str, sub: str, value: Any,
        nested: bool) -> None:
    study = yaml.safe_load(yaml.safe_dump(BASE))
    if nested and isinstance(study.get(key), dict):
        study[key][sub] = value
    else:
        study[key] = value
    path = tmp_path_factory.mktemp("fuzz") / "study.yaml"
    path.write_text(yaml.safe_dump(study), encoding="utf-8")
    try:
        loaded = load_study(path)
    except InputError as exc:
        assert str(path) in str(exc)
        return
    assert loaded.seed >= 0 and loaded.design.replicates >= 1
