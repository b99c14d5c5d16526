"""Matching outcome and reporter names against exact names or glob patterns."""

from __future__ import annotations

import fnmatch
import re

_GLOB = re.compile(r"[*?\[]")


def is_pattern(name: str) -> bool:
    """True when ``name`` holds glob characters (``*``, ``?``, ``[``)."""
    return bool(_GLOB.search(name))


def match_names(patterns: tuple[str, ...] | list[str], names: list[str]) -> list[str]:
    """Names matching any of the exact names or glob patterns, in pattern order, once each."""
    out: dict[str, None] = {}
    for pat in patterns:
        hits = fnmatch.filter(names, pat) if is_pattern(pat) else [pat] if pat in names else []
        out.update(dict.fromkeys(hits))
    return list(out)
