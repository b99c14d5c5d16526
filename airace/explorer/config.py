"""Server-wide settings of the explorer, set once by ``airace explore`` before it serves."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from airace.experiments.study import STUDY_DIR
from airace.model.scenarios import SCENARIO_DIR


@dataclass(frozen=True)
class Config:
    """Start language, where Save writes, and how ensembles run by default."""

    lang: str = "en"
    scenario_dir: Path = SCENARIO_DIR
    study_dir: Path = STUDY_DIR
    engine: str = "inprocess"
    workers: int | None = None


_CONFIG = Config()


def configure(**changes: object) -> Config:
    """Change the settings (keyword names as in :class:`Config`); return the new ones."""
    global _CONFIG
    _CONFIG = replace(_CONFIG, **changes)
    return _CONFIG


def current() -> Config:
    """The settings in force."""
    return _CONFIG
