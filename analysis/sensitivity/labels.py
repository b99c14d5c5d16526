"""Texts of the sensitivity figures in English and German (the strings themselves live in
analysis/i18n.py, with every other display string), and identifiers wrapped for tick
labels."""

from __future__ import annotations

import re

from airace.analysis import i18n

NAME_WIDTH = 32

def figure_text(key: str, lang: str, **fields: object) -> str:
    """The figure text (axis label, legend entry, caption) ``key`` in ``lang`` with
    ``fields`` filled in."""
    return i18n.SENSITIVITY_TEXT[key][i18n.check_lang(lang)].format(**fields)


def group_name(group: str, lang: str) -> str:
    """Display name of a parameter group ('us_policy' -> 'US policy')."""
    known = i18n.GROUP_NAMES.get(group.lower().replace(" ", "_"))
    return known[lang] if known else group.replace("_", " ")


def wrap_name(name: str, width: int = NAME_WIDTH) -> str:
    """Wrap an identifier after underscores, dots or spaces."""
    lines = [""]
    for part in re.findall(r"[^_. ]+[_. ]?", name):
        if lines[-1] and len(lines[-1]) + len(part) > width:
            lines.append("")
        lines[-1] += part
    return "\n".join(line.rstrip() for line in lines)
