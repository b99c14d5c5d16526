"""Save a setting as a scenario file (the format of ``model/data/scenarios/*.yaml``) and a
study file that ``airace study`` runs: the reference and the new scenario, the explorer's
seed and replicates, and the shared assumptions, horizon and policy mode as ``fixed``.

Both files are validated by the model's and the study's own loaders before they are moved
into place; nothing is overwritten. ``airace study`` finds scenarios only in the model's
scenario folder (``airace.model.scenarios.SCENARIO_DIR``), which is where they go by default.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from airace.analysis.i18n import t
from airace.experiments.study import STUDY_DIR, load_study
from airace.explorer.setting import REFERENCE, Checked, ControlError
from airace.model.scenarios import LANGS, SCENARIO_DIR, load_scenario, load_scenario_file

NAME = re.compile(r"^[a-z][a-z0-9_]{1,47}$")
TITLE_MAX = 30  # the longest title that fits a legend or a panel title


@dataclass(frozen=True)
class SaveRequest:
    """What the user typed in the save form."""

    name: str
    titles: dict[str, str]
    descriptions: dict[str, str]


@dataclass(frozen=True)
class Saved:
    """The files written; ``runnable`` is False when the scenario lies outside the model's
    scenario folder (the study then runs once the scenario file is copied there)."""

    scenario: Path
    study: Path
    runnable: bool


def _quote(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def changes_text(checked: Checked) -> str:
    """The levers the setting changes against its start scenario, 'a = 1, b = 2'."""
    return ", ".join(f"{k} = {_quote(v)}" for k, v in checked.lever_edits.items())


def suggested(checked: Checked) -> SaveRequest:
    """Defaults for the save form: a name, titles and descriptions in every language."""
    start = load_scenario(checked.setting.start)
    changes = changes_text(checked)
    titles = {lang: t("ex_save_title", lang) for lang in LANGS}
    descriptions = {lang: t("ex_save_desc" if changes else "ex_save_desc_none", lang,
                            start=start.title_in(lang), changes=changes) for lang in LANGS}
    return SaveRequest("my_setting", titles, descriptions)


def check_request(req: SaveRequest, scenario_dir: Path, study_dir: Path
                  ) -> dict[str, ControlError]:
    """Errors of the save form, by field (save_name, save_title_en, ...)."""
    errors: dict[str, ControlError] = {}
    from airace.model.scenarios import scenario_names

    if not NAME.match(req.name):
        errors["save_name"] = ControlError("save_name", "ex_err_name", text=req.name)
    elif req.name in scenario_names() or (scenario_dir / f"{req.name}.yaml").exists() or (
            study_dir / study_file_name(req.name)).exists():
        errors["save_name"] = ControlError("save_name", "ex_err_exists", text=req.name)
    for lang in LANGS:
        title = req.titles.get(lang, "").strip()
        if not title or len(title) > TITLE_MAX:
            errors[f"save_title_{lang}"] = ControlError(f"save_title_{lang}", "ex_err_title",
                                                       max=TITLE_MAX)
        if len(" ".join(req.descriptions.get(lang, "").split())) < 20:
            errors[f"save_description_{lang}"] = ControlError(
                f"save_description_{lang}", "ex_err_description")
    return errors


def study_file_name(name: str) -> str:
    """File name of the study saved with scenario ``name``."""
    return f"{name}_study.yaml"


def scenario_document(checked: Checked, req: SaveRequest, today: dt.date) -> dict[str, Any]:
    """The scenario file's content: the start scenario's overrides plus the lever changes."""
    start = load_scenario(checked.setting.start)
    note = t("ex_save_source", "en", date=today.isoformat(), start=start.name)
    return {
        "name": req.name,
        "title": {lang: req.titles[lang].strip() for lang in LANGS},
        "description": {lang: " ".join(req.descriptions[lang].split()) for lang in LANGS},
        "sources": [*start.sources, note],
        "overrides": {**start.overrides, **checked.lever_edits},
    }


def study_document(checked: Checked, req: SaveRequest) -> dict[str, Any]:
    """The study file's content: reference and setting with the explorer's seeds, with its
    title and description in every language."""
    reference = load_scenario(checked.scenario(REFERENCE))
    return {
        "name": req.name + "_study",
        "title": {lang: t("ex_study_title", lang, title=req.titles[lang].strip(),
                          reference=reference.title_in(lang)) for lang in LANGS},
        "description": {lang: t("ex_study_desc", lang, reference=reference.name, name=req.name)
                        for lang in LANGS},
        "model": "airace.model:simulate",
        "scenarios": [reference.name, req.name],
        "seed": checked.seed,
        "design": {"kind": "monte_carlo", "replicates": checked.replicates},
        "fixed": checked.shared,
        "series": True,
    }


def _dump(doc: dict[str, Any], header: str) -> str:
    body = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=96)
    return f"# {header}\n{body}"


def save(checked: Checked, req: SaveRequest, scenario_dir: Path = SCENARIO_DIR,
         study_dir: Path = STUDY_DIR, today: dt.date | None = None) -> Saved:
    """Write the scenario and the study file after validating both; raise ControlError for
    a bad form and the loaders' InputError for an invalid file (nothing is left behind)."""
    if not checked.ok:
        raise next(iter(checked.errors.values()))
    errors = check_request(req, scenario_dir, study_dir)
    if errors:
        raise next(iter(errors.values()))
    header = t("ex_save_header", "en", date=(today or dt.date.today()).isoformat())
    scenario_text = _dump(scenario_document(checked, req, today or dt.date.today()), header)
    study = study_document(checked, req)
    runnable = scenario_dir.resolve() == SCENARIO_DIR.resolve()
    scenario_path = scenario_dir / f"{req.name}.yaml"
    study_path = study_dir / study_file_name(req.name)
    scenario_dir.mkdir(parents=True, exist_ok=True)
    study_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="airace-save-") as tmp:
        staged = Path(tmp) / scenario_path.name
        staged.write_text(scenario_text, encoding="utf-8")
        load_scenario_file(staged)
        _check_study(study, Path(tmp), stand_in=True)
        shutil.copyfile(staged, scenario_path)
    try:
        if runnable:
            _check_study(study, study_dir, stand_in=False)
        study_path.write_text(_dump(study, header), encoding="utf-8")
    except BaseException:
        scenario_path.unlink(missing_ok=True)
        raise
    return Saved(scenario_path, study_path, runnable)


def _check_study(study: dict[str, Any], folder: Path, stand_in: bool) -> None:
    """Check the study with ``airace study``'s own loader; with ``stand_in`` the reference
    stands in for the new scenario (checked on its own), which that loader finds only in the
    model's scenario folder."""
    doc = {**study, "scenarios": study["scenarios"][:1]} if stand_in else study
    path = folder / f".{study['name']}.check.yaml"
    path.write_text(_dump(doc, ""), encoding="utf-8")
    try:
        load_study(path)
    finally:
        path.unlink(missing_ok=True)
