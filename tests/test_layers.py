"""Imports flow one way (docs/ARCHITECTURE.md): agents <- model <- experiments <- analysis <-
the command line. No layer imports a higher one, nor the CLI package ``airace`` itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS: tuple[str, ...] = ("agents", "model", "experiments", "analysis")
SHARED = ("airace.model.errors",)  # error types every layer may raise
# Imports of the package root that are not a use of the CLI layer, with the reason (none).
ALLOWED_ROOT: dict[str, str] = {}


def _imports(path: Path) -> list[str]:
    """Every module ``path`` imports: 'pkg.mod' and, for 'from pkg import x', 'pkg.x'."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names += [f"{node.module}.{a.name}" for a in node.names]
    return [n for n in names if n == "airace" or n.startswith("airace.")]


def _rank(module: str) -> int:
    """The layer of an airace module; the package root and the CLI rank above every layer."""
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else len(LAYERS)


@pytest.mark.parametrize("layer", LAYERS)
def test_no_layer_imports_a_higher_one(layer: str) -> None:
    own = LAYERS.index(layer)
    wrong = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        for module in _imports(path):
            shared = module.startswith(SHARED)
            if _rank(module) > own and not shared and where not in ALLOWED_ROOT:
                wrong.append(f"{where} imports {module}")
    assert not wrong, "\n".join(wrong)


def test_the_check_sees_upward_imports(tmp_path: Path) -> None:
    code = ("from airace import __version__\nimport airace.cli\n"
            "from airace.analysis import plots\nfrom . import sibling\n")
    (tmp_path / "m.py").write_text(code, encoding="utf-8")
    found = _imports(tmp_path / "m.py")
    assert found == ["airace.__version__", "airace.cli", "airace.analysis.plots"]
    assert [_rank(m) for m in found] == [4, 4, 3]
