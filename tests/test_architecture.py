"""The architecture as documented: every `module:function` named in docs/ARCHITECTURE.md's
"Where to find it" table exists (the import layering is checked in test_layers.py)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TABLE = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8").split(
    "## Where to find it", 1)[1]
NAMES = sorted(set(re.findall(r"`(airace(?:\.\w+)+:[\w.]+)`", TABLE)))

def test_the_table_names_something() -> None:
    assert len(NAMES) >= 30


@pytest.mark.parametrize("name", NAMES)
def test_named_place_exists(name: str) -> None:
    module_name, _, qualname = name.partition(":")
    obj = importlib.import_module(module_name)
    for part in qualname.split("."):
        assert hasattr(obj, part), f"{name}: {part!r} not found"
        obj = getattr(obj, part)
    assert callable(obj) or isinstance(obj, dict), name
