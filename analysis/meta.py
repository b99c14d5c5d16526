"""What figures and report know besides the numbers: the study's title and question, scenario
and parameter descriptions, and the optional sensitivity outputs under
``analysis/sensitivity/``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from airace.experiments.store import Results
from airace.model.errors import InputError
from airace.model.texts import loose_texts, text_in

SENS_DIR = Path("analysis") / "sensitivity"
RANKING_INDICES: tuple[str, ...] = ("ST", "mu_star", "delta", "S1")


@dataclass(frozen=True)
class ScenarioMeta:
    """Title, description and parameter overrides of a scenario."""

    name: str
    title: str
    description: str = ""
    overrides: dict[str, Any] = field(default_factory=dict)
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParamMeta:
    """Unit and description (in one language) of a parameter (empty when the registry does
    not know it)."""

    name: str
    unit: str = ""
    description: str = ""


def study_text(rs: Results, key: str, lang: str) -> tuple[str, str]:
    """The study's ``title`` or ``description`` in ``lang`` and the language it is written in
    (English when the study has no text in ``lang``; ``("", "en")`` when it has none): from
    the texts by language the manifest records, else the study file as run, else the
    manifest's English text (result folders of older versions)."""
    recorded = {"title": "titles", "description": "descriptions"}[key]
    for value in (rs.manifest.get(recorded), rs.study.get(key), rs.manifest.get(key)):
        texts = loose_texts(value)
        if "en" in texts:
            return text_in(texts, lang)
    return "", "en"


def scenario_meta(name: str, rs: Results | None = None) -> ScenarioMeta:
    """Describe scenario ``name`` from the scenario files, or the study's inline definition."""
    inline = _inline_scenario(name, rs)
    if inline is not None:
        return inline
    try:
        from airace.model.scenarios import load_scenario
        sc = load_scenario(name)
    except (InputError, ImportError):
        return ScenarioMeta(name, name)
    return ScenarioMeta(sc.name, sc.title, sc.description, dict(sc.overrides), sc.sources)


def _inline_scenario(name: str, rs: Results | None) -> ScenarioMeta | None:
    listed = rs.study.get("scenarios") if rs is not None else None
    entries = listed.values() if isinstance(listed, dict) else listed or []
    if isinstance(listed, dict) and isinstance(listed.get(name), dict):
        entry = {"name": name, **listed[name]}
    else:
        entry = next((e for e in entries if isinstance(e, dict) and e.get("name") == name), None)
    if entry is None:
        return None
    return ScenarioMeta(name, str(entry.get("title") or name), str(entry.get("description", "")),
                        dict(entry.get("overrides") or {}), tuple(entry.get("sources") or ()))


def param_meta(name: str, lang: str = "en") -> ParamMeta:
    """Unit and description in ``lang`` of parameter ``name`` from the registry."""
    try:
        from airace.model.parameters import REGISTRY
    except ImportError:
        return ParamMeta(name)
    p = REGISTRY.get(name)
    return ParamMeta(name, p.unit, p.description_in(lang)) if p else ParamMeta(name)


def sensitivity_dir(rs: Results) -> Path:
    """Folder of the sensitivity outputs of a result folder."""
    return rs.path / SENS_DIR


def read_indices(rs: Results) -> pd.DataFrame | None:
    """The tidy sensitivity indices table, or None when the study has none."""
    path = sensitivity_dir(rs) / "indices.csv"
    if not path.is_file():
        return None
    try:
        table = pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the sensitivity indices ({exc})") from exc
    needed = {"outcome", "factor", "index", "value"}
    if not needed <= set(table.columns):
        raise InputError(f"{path}: expected columns {', '.join(sorted(needed))} "
                         "(see 'Analysis outputs' in docs/ARCHITECTURE.md)")
    return table


def read_sensitivity_summary(rs: Results) -> dict[str, list[str]]:
    """Warnings and notes of the sensitivity analysis (summary.json), empty when absent."""
    path = sensitivity_dir(rs) / "summary.json"
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid JSON ({exc})") from exc
    return {k: [str(x) for x in v] for k, v in data.items()
            if k in ("warnings", "notes") and isinstance(v, list)}


def sensitivity_figures(rs: Results, lang: str) -> list[dict[str, Any]]:
    """Figures of the sensitivity analysis for ``lang``: [{name, caption, path}]."""
    base = sensitivity_dir(rs) / "figures"
    folder = base / lang if (base / lang).is_dir() else base
    if not folder.is_dir():
        return []
    index_path = folder / "figures.json"
    entries: list[dict[str, Any]] = []
    if index_path.is_file():
        try:
            listed = json.loads(index_path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"{index_path}: not valid JSON ({exc})") from exc
        for e in listed if isinstance(listed, list) else []:
            files = e.get("files") or {}
            name = e.get("name") or Path(e.get("file", "")).stem
            path = _pick_file(folder, name, files)
            if path is not None:
                caption = e.get("caption") or e.get(f"caption_{lang}") or ""
                entries.append({"name": name, "caption": caption, "path": path})
        return entries
    stems = sorted({p.stem for p in folder.iterdir() if p.suffix in (".svg", ".png")})
    return [{"name": s, "caption": "", "path": _pick_file(folder, s, {})} for s in stems]


def _pick_file(folder: Path, name: str, files: dict[str, str]) -> Path | None:
    for ext in ("svg", "png"):
        candidate = folder / files.get(ext, f"{name}.{ext}")
        if candidate.is_file():
            return candidate
    return None


def sensitivity_ranking(rs: Results, outcome: str) -> tuple[pd.Series, str] | None:
    """Parameters ranked for ``outcome`` by ST (else mu_star, delta, S1, any index):
    (scores by factor, index name); None when the study has no indices for it.

    Rows match on the outcome name (``compute_share.EU@2030``) or, for indices over time,
    on the variable and a ``year`` column (``compute_share.EU`` and 2030).
    """
    table = read_indices(rs)
    if table is None:
        return None
    part = table[table["outcome"] == outcome]
    variable, _, year = outcome.partition("@")
    if part.empty and year and "year" in table.columns:
        part = table[(table["outcome"] == variable) & (table["year"] == int(year))]
    elif "year" in part.columns and part["year"].notna().any() and part["year"].isna().any():
        part = part[part["year"].isna()]
    if "group" in part.columns:
        part = part[~part["group"].fillna(False).astype(bool)]
    for index in (*RANKING_INDICES, *part["index"].unique()):
        sub = part[part["index"] == index]
        if not sub.empty:
            scores = sub.groupby("factor")["value"].mean().sort_values(ascending=False)
            return scores, str(index)
    return None
