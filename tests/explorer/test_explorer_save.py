"""Save: a valid scenario file and a study file that ``airace study`` loads and that repeats
the explorer's numbers; bad names, bad settings and existing files are refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from airace.experiments.seeds import run_seed
from airace.experiments.study import load_study
from airace.explorer import save
from airace.explorer.ensemble import run_ensemble
from airace.explorer.setting import SETTING, Checked, ControlError, Setting, check
from airace.model import simulate
from airace.model.scenarios import load_scenario_file

TODAY = dt.date(2026, 11, 28)


def _request(name: str = "eu_push", **kw: object) -> save.SaveRequest:
    return save.SaveRequest(name, {"en": "EU push", "de": "EU-Vorstoß"},
                            {"en": "A bigger EU budget under tighter rules, for a test.",
                             "de": "Ein größeres EU-Budget bei strengeren Regeln, für einen "
                                   "Test."}, **kw)


def test_saved_files_are_valid_and_repeat_the_numbers(
        tmp_path: Path, small: Callable[..., Checked],
        scenarios_also_in: Callable[[Path], None]) -> None:
    checked = small({"public_budget_usd_bn.EU": "40", "algo_halving_months": "9"},
                    start="eu_gigafactories")
    saved = save.save(checked, _request(), tmp_path / "sc", tmp_path / "st", TODAY)
    assert not saved.runnable   # outside the model's scenario folder
    sc = load_scenario_file(saved.scenario)
    assert sc.name == "eu_push" and sc.titles == {"en": "EU push", "de": "EU-Vorstoß"}
    assert sc.overrides["public_budget_usd_bn.EU"] == 40.0
    assert sc.overrides["grid_gw_per_year.EU"] == 2.0    # from the start scenario
    assert "algo_halving_months" not in sc.overrides   # an assumption: shared, in the study
    assert any("2026-11-28" in s for s in sc.sources)
    scenarios_also_in(saved.scenario.parent)
    study = load_study(saved.study)
    assert study.scenarios == ("baseline", "eu_push")
    assert study.seed == checked.seed and study.design.replicates == 3
    assert study.fixed == {"algo_halving_months": 9.0, "end_year": 2027,
                           "policy_mode": "fixed"}
    assert study.series == ()   # every reporter
    ens = run_ensemble(checked)
    own = ens.results[ens.results["scenario"] == SETTING].sort_values("replicate")
    for r, (_, row) in enumerate(own.iterrows()):
        out = simulate(study.fixed, run_seed(study.seed, r), str(saved.scenario))
        assert {k: row[k] for k in out} == out


def test_the_header_and_the_texts(tmp_path: Path, small: Callable[..., Checked],
                                  scenarios_also_in: Callable[[Path], None]) -> None:
    checked = small({"regulation.EU": "0.4"})
    saved = save.save(checked, _request(), tmp_path, tmp_path, TODAY)
    text = saved.scenario.read_text(encoding="utf-8")
    assert text.startswith("# Saved by the airace explorer on 2026-11-28")
    doc = yaml.safe_load(saved.study.read_text(encoding="utf-8"))
    assert doc["name"] == "eu_push_study" and doc["model"] == "airace.model:simulate"
    scenarios_also_in(saved.scenario.parent)
    study = load_study(saved.study)    # title and description in both languages
    assert study.title == "EU push against Baseline (2025 policies)"
    assert study.title_in("de") == "EU-Vorstoß gegenüber Basisszenario (Stand 2025)"
    assert "eu_push" in study.description_in("de") and "Seeds" in study.description_in("de")
    assert study.description_in("de") != study.description
    suggestion = save.suggested(checked)
    assert "regulation.EU = 0.4" in suggestion.descriptions["en"]
    assert "regulation.EU = 0.4" in suggestion.descriptions["de"]
    assert suggestion.descriptions["en"] != suggestion.descriptions["de"]


@pytest.mark.parametrize(("name", "field"), [("Bad Name", "save_name"), ("x", "save_name"),
                                             ("baseline", "save_name")])
def test_bad_names_are_refused(tmp_path: Path, small: Callable[..., Checked], name: str,
                               field: str) -> None:
    with pytest.raises(ControlError) as info:
        save.save(small(), _request(name), tmp_path, tmp_path)
    assert info.value.name == field
    assert not list(tmp_path.iterdir())


def test_nothing_is_overwritten(tmp_path: Path, small: Callable[..., Checked]) -> None:
    save.save(small(), _request(), tmp_path, tmp_path)
    before = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()}
    with pytest.raises(ControlError, match="save_name"):
        save.save(small({"regulation.EU": "0.1"}), _request(), tmp_path, tmp_path)
    assert {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()} == before
    assert sorted(before) == ["eu_push.yaml", "eu_push_study.yaml"]


def test_titles_and_descriptions_are_required(tmp_path: Path, small: Callable[..., Checked]
                                              ) -> None:
    req = save.SaveRequest("ok_name", {"en": "x" * 31, "de": ""}, {"en": "short", "de": ""})
    errors = save.check_request(req, tmp_path, tmp_path)
    assert set(errors) == {"save_title_en", "save_title_de", "save_description_en",
                           "save_description_de"}


def test_a_setting_with_errors_is_not_saved(tmp_path: Path) -> None:
    bad = check(Setting(drafts={"fund_share_compute.EU": "0.9"}))
    with pytest.raises(ControlError):
        save.save(bad, _request(), tmp_path, tmp_path)
    assert not list(tmp_path.iterdir())
