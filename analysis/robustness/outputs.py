"""Where the robustness and discovery outputs live in a result folder, and how they are written
(atomically) and read back (by the report, and by discovery for the regret's direction)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from airace.model.errors import InputError

ROB_DIR = Path("analysis") / "robustness"
DISC_DIR = Path("analysis") / "discovery"
FIGURES = "figures"


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file (never half-written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as indented UTF-8 JSON."""
    write_text(path, json.dumps(data, indent=2, ensure_ascii=False, default=_plain))


def _plain(value: Any) -> Any:
    """JSON form of numpy scalars and other values json does not know."""
    return value.item() if hasattr(value, "item") else str(value)


def write_csv(path: Path, frame: pd.DataFrame) -> None:
    """Write a tidy CSV (UTF-8, '.' as decimal point)."""
    write_text(path, frame.to_csv(index=False))


def read_json(path: Path) -> dict[str, Any] | None:
    """The JSON object in ``path``; None when the file is missing."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid JSON ({exc}); allowed: the file as written by "
                         "airace (run the analysis again)") from exc
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a JSON object; allowed: the file as written by "
                         "airace (run the analysis again)")
    return data


def read_csv(path: Path) -> pd.DataFrame | None:
    """The table in ``path``; None when the file is missing."""
    if not path.is_file():
        return None
    try:
        return pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the table ({exc}); allowed: the file as "
                         "written by airace (run the analysis again)") from exc


def save_index(folder: Path, records: list[dict[str, Any]], merge: bool) -> list[dict[str, Any]]:
    """Write figures.json in ``folder``; with ``merge`` keep the records of other figures."""
    old = _read_index(folder) if merge else []
    names = {r["name"] for r in records}
    merged = [r for r in old if r.get("name") not in names] + records
    write_json(folder / "figures.json", merged)
    return merged


def drop_figure(figures: Path, name: str) -> None:
    """Remove the figure ``name`` (every format, and its figures.json record) from every
    language folder under ``figures``, so that no stale copy outlives a new analysis."""
    if not figures.is_dir():
        return
    for sub in sorted(p for p in figures.iterdir() if p.is_dir()):
        for old in sub.glob(f"{name}.*"):
            if old.suffix != ".json":
                old.unlink()
        listed = _read_index(sub)
        kept = [r for r in listed if r.get("name") != name]
        if len(kept) != len(listed):
            write_json(sub / "figures.json", kept)


def _read_index(folder: Path) -> list[dict[str, Any]]:
    path = folder / "figures.json"
    if not path.is_file():
        return []
    try:
        listed = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return []
    return [e for e in listed if isinstance(e, dict) and "name" in e] if isinstance(
        listed, list) else []


def figures_of(folder: Path, lang: str) -> list[dict[str, Any]]:
    """Figures in ``folder/figures/LANG`` as [{name, caption, path}] (SVG, else PNG)."""
    sub = folder / FIGURES / lang
    out = []
    for entry in _read_index(sub):
        files = entry.get("files") or {}
        path = next((sub / files[k] for k in ("svg", "png")
                     if k in files and (sub / files[k]).is_file()), None)
        if path is not None:
            out.append({"name": entry["name"], "caption": entry.get("caption", ""),
                        "path": path})
    return out


def finite(data: Any) -> Any:
    """``data`` with NaN and infinities replaced by None (valid JSON)."""
    if isinstance(data, dict):
        return {k: finite(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [finite(v) for v in data]
    if isinstance(data, float) and not math.isfinite(data):
        return None
    if hasattr(data, "item"):
        return finite(data.item())
    return data
