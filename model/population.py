"""The 2025 initial population (firms, vendors, investors, regional data), read from a
sourced data file rather than written in code."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

POPULATION_FILE = Path(__file__).resolve().parent / "data" / "population_2025.yaml"


@lru_cache(maxsize=4)
def load_population(path: Path = POPULATION_FILE) -> dict[str, Any]:
    """Parsed population file (cached; treat as read-only)."""
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)
