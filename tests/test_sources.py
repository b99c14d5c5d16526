"""The code and docs cite real sources (outlet, title, date, or the study), never files
outside the repository that no reader has (a model brief, numbered seed articles)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BRIEF = "MODEL" + ".md"  # spelled in parts so that this file does not cite it itself
FORBIDDEN = re.compile(re.escape(BRIEF) + r"|seeds?[ _]?0\d\d|shared/seeds", re.IGNORECASE)
FOLDERS = ("agents", "model", "experiments", "analysis", "airace", "docs", "benchmarks", "tests")


def _files() -> list[Path]:
    files = [ROOT / "README.md"]
    for folder in FOLDERS:
        for pattern in ("*.py", "*.yaml", "*.md"):
            files += sorted((ROOT / folder).rglob(pattern))
    return [f for f in files if f.resolve() != Path(__file__).resolve()]


def test_no_citation_of_files_outside_the_repository() -> None:
    hits = [f"{f.relative_to(ROOT)}:{n}: {line.strip()}"
            for f in _files()
            for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1)
            if FORBIDDEN.search(line)]
    assert not hits, "cite the real source instead:\n" + "\n".join(hits)


def test_the_pattern_catches_what_it_should() -> None:
    for text in (f"see {BRIEF}", "seed " + "000", "Seeds " + "004", "../shared/seeds/x.txt"):
        assert FORBIDDEN.search(text), text
    assert not FORBIDDEN.search("seed: 20251201")
