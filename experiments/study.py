"""Study files: find one, read it and validate it fully before anything runs or is written.

A study file (``experiments/studies/NAME.yaml``) names the model, the scenarios to compare,
a design, the uncertain parameters, fixed overrides, the outcomes to keep, a seed and
whether to store quarterly series. Every error names the file, the key and what is allowed.
What a study holds is in ``study_schema``, the checks of each block in ``study_checks`` (and
``airace_checks`` for the AI-race model), the run count in ``run_count``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import yaml

from airace.experiments import airace_checks, robustness_spec, study_checks
from airace.experiments.models import AIRACE_MODEL, LEGACY_ALIASES, inspect_model
from airace.experiments.run_count import count_runs
from airace.experiments.study_fields import FieldChecker
from airace.experiments.study_schema import TOP_KEYS, Study, StudyError
from airace.model.texts import texts_by_lang

__all__ = ["MAX_RUNS", "STUDY_DIR", "Study", "StudyError", "load_study", "locate_study",
           "study_names"]

STUDY_DIR = Path(__file__).resolve().parent / "studies"
MAX_RUNS = 10_000_000


def locate_study(name_or_path: str | Path) -> Path:
    """A study file path, or the shipped study of that name in experiments/studies/."""
    path = Path(name_or_path)
    if path.exists() or path.suffix in {".yaml", ".yml"}:
        return path
    shipped = STUDY_DIR / f"{name_or_path}.yaml"
    if shipped.exists():
        return shipped
    raise StudyError(f"{name_or_path}: no such study file; allowed: a path to a YAML file or a "
                     f"shipped study ({', '.join(study_names()) or 'none'})")


def study_names(directory: Path = STUDY_DIR) -> list[str]:
    """Names of the shipped study files, sorted."""
    return sorted(p.stem for p in directory.glob("*.yaml"))


def load_study(path: str | Path) -> Study:
    """Read and fully validate a study file; raise StudyError naming file and key."""
    path = Path(path)
    check = FieldChecker(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise StudyError(f"{path}: file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise StudyError(f"{path}: cannot read the file ({exc})") from exc
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise StudyError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise StudyError(f"{path}: expected a mapping with keys {', '.join(TOP_KEYS)}; "
                         f"got {type(raw).__name__}")
    check.keys(raw, TOP_KEYS, "")
    return _build(path, text, raw, check)


def _texts(raw: dict, key: str, path: Path) -> dict[str, str]:
    """The study's ``title`` or ``description`` by language (a string is English, or a mapping
    {en: ..., de: ...}); {} when the file has none."""
    if raw.get(key) is None:
        return {}
    return texts_by_lang(raw[key], key, str(path), StudyError)


def _build(path: Path, text: str, raw: dict, check: FieldChecker) -> Study:
    name = raw.get("name", path.stem)
    if not isinstance(name, str) or not study_checks.NAME.match(name):
        check.fail("name", f"= {name!r} is not a valid study name",
                   "letters, digits, '_', '-' and '.', starting with a letter or digit")
    titles = _texts(raw, "title", path) or {"en": name}
    descriptions = _texts(raw, "description", path)
    if "seed" not in raw:
        check.fail("seed", "is missing", "a whole number >= 0, e.g. seed: 20251122")
    seed = check.integer(raw["seed"], "seed", low=0)
    spec = raw.get("model", AIRACE_MODEL)
    if not isinstance(spec, str):
        check.fail("model", f"= {spec!r} is not text",
                   f"'{AIRACE_MODEL}' or 'package.module:function'")
    legacy = spec in LEGACY_ALIASES
    if legacy:
        spec = LEGACY_ALIASES[spec]
    info = inspect_model(spec, where=f"{path}: key 'model'",
                         search=(path.resolve().parent, Path.cwd()))
    design = study_checks.check_design(raw, check)
    scenarios = study_checks.check_scenarios(raw, info, check)
    parameters = study_checks.check_parameters(raw, info, design, check)
    design = study_checks.check_grouping(design, parameters, check)
    fixed = study_checks.check_fixed(raw, info, parameters, check)
    outcomes = study_checks.check_outcomes(raw, info, check)
    series = study_checks.check_series(raw, info, check)
    robustness = robustness_spec.check_robustness(raw, info, scenarios, outcomes, parameters,
                                                  check)
    study = Study(path, name, titles, descriptions, info, tuple(scenarios), seed, design,
                  tuple(parameters), fixed, tuple(outcomes), series, raw, text,
                  robustness=robustness)
    sensitivity = raw.get("sensitivity", True)
    if not isinstance(sensitivity, bool):
        check.fail("sensitivity", f"= {sensitivity!r} is not true or false",
                   "true (default: 'airace study' computes sensitivity indices when the design "
                   "allows) or false (a study that asks no sensitivity question)")
    study = replace(study, sensitivity=sensitivity,
                    effect_modifiers=study_checks.check_effect_modifiers(raw, study, check))
    n_runs = count_runs(study)
    if n_runs > MAX_RUNS:
        check.fail("design", f"asks for {n_runs:,} runs", f"at most {MAX_RUNS:,} runs per study")
    if info.is_airace:
        airace_checks.check_horizon(study, check)
        study = replace(study, warnings=airace_checks.scenario_clashes(study))
    if legacy:
        note = (f"{path}: key 'model' = {raw['model']!r} is the old name of the AI-race model; "
                f"it runs as '{AIRACE_MODEL}' (write that to silence this note)")
        study = replace(study, warnings=(*study.warnings, note))
    return study
