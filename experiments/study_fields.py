"""Reading the fields of one study file: typed values (whole numbers, numbers, mappings,
name lists) and known keys, each failure a StudyError naming the file, the key and what is
allowed."""

from __future__ import annotations

import difflib
import math
from pathlib import Path
from typing import Any, NoReturn

from airace.experiments.study_schema import StudyError


class FieldChecker:
    """Checks the fields of the study file at ``path``; every error names file and key."""

    def __init__(self, path: Path) -> None:
        self.where = str(path)

    def fail(self, key: str, problem: str, allowed: str | None = None) -> NoReturn:
        """Raise StudyError naming the file, the key, the problem and what is allowed."""
        msg = f"{self.where}: key '{key}' {problem}"
        raise StudyError(f"{msg}; allowed: {allowed}" if allowed else msg)

    def keys(self, data: dict, allowed: tuple[str, ...], key: str) -> None:
        """Reject keys of ``data`` that are not in ``allowed``, suggesting the closest."""
        unknown = [k for k in data if k not in allowed]
        if unknown:
            bad = str(unknown[0])
            self.fail(f"{key}.{bad}" if key else bad,
                      f"is not a known key{did_you_mean(bad, allowed, 1, quoted=True)}",
                      ", ".join(allowed))

    def integer(self, value: Any, key: str, low: int = 1) -> int:
        """A whole number >= ``low`` (booleans are not numbers here)."""
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            self.fail(key, f"= {value!r} is not a whole number >= {low}", f"integers >= {low}")
        return value

    def number(self, value: Any, key: str) -> float:
        """A finite real number as float."""
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or not math.isfinite(value):
            self.fail(key, f"= {value!r} is not a finite number", "a number such as 0.5")
        return float(value)

    def mapping(self, value: Any, key: str, what: str) -> dict:
        """A mapping, or an error describing ``what`` is expected."""
        if not isinstance(value, dict):
            self.fail(key, f"must be a mapping, got {type(value).__name__}", what)
        return value

    def str_list(self, value: Any, key: str, what: str) -> list[str]:
        """A non-empty list of distinct non-empty strings (a single string is a list of one)."""
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value \
                or not all(isinstance(v, str) and v for v in value):
            self.fail(key, f"= {value!r} is not a non-empty list of names", what)
        dupes = sorted({v for v in value if value.count(v) > 1})
        if dupes:
            self.fail(key, f"lists {dupes[0]!r} more than once", "each name once")
        return value


def did_you_mean(name: str, known: Any, n: int, quoted: bool = False) -> str:
    """' (did you mean X?)' with up to ``n`` close matches of ``name`` in ``known``, or ''."""
    close = difflib.get_close_matches(name, known, n=n)
    if not close:
        return ""
    shown = ", ".join(f"'{c}'" if quoted else c for c in close)
    return f" (did you mean {shown}?)"
