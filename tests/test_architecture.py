"""The architecture as documented: every `module:function` named in docs/ARCHITECTURE.md's
"Where to find it" table exists, and imports flow one way
(agents <- model <- experiments <- analysis <- command line)."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TABLE = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8").split(
    "## Where to find it", 1)[1]
NAMES = sorted(set(re.findall(r"`(airace(?:\.\w+)+:[\w.]+)`", TABLE)))

# layer -> the airace layers it may import (besides itself)
ALLOWED = {
    "agents": set(),
    "model": {"agents"},
    "experiments": {"agents", "model"},
    "analysis": {"agents", "model", "experiments"},
}


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


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_imports_flow_one_way(layer: str) -> None:
    bad = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] != "airace":
                continue
            target = parts[1] if len(parts) > 1 else "airace"
            if target != layer and target not in ALLOWED[layer]:
                bad.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not bad, "\n".join(bad)
