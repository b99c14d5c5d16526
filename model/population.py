"""The 2025 initial population (firms, vendors, investors, regional data), read from a
sourced data file rather than written in code."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from airace.agents.chip_vendor import SITES
from airace.model.errors import InputError

POPULATION_FILE = Path(__file__).resolve().parent / "data" / "population_2025.yaml"


@lru_cache(maxsize=4)
def load_population(path: Path = POPULATION_FILE) -> dict[str, Any]:
    """Parsed and checked population file (cached; treat as read-only)."""
    with open(path, encoding="utf-8") as fh:
        pop = yaml.safe_load(fh)
    check_vendors(pop.get("vendors", []), path)
    return pop


def check_vendors(vendors: list[dict[str, Any]], path: Path) -> None:
    """Raise InputError naming the file, vendor and key for production sites outside
    :data:`SITES` or a gross margin outside [0, 1)."""
    for v in vendors:
        for key in ("sites", "build_sites", "hbm_sites"):
            unknown = sorted(set(v.get(key, {})) - set(SITES))
            if unknown:
                raise InputError(f"{path}: vendor '{v['name']}' key '{key}' names unknown sites "
                                 f"{unknown}; allowed: {', '.join(SITES)}")
        margin = float(v["gross_margin"])
        if not 0.0 <= margin < 1.0:
            raise InputError(f"{path}: vendor '{v['name']}' key 'gross_margin' = {margin:g} "
                             "must lie in [0, 1)")
