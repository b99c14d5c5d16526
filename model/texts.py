"""Display text by language, shared by scenario and study files: a text is either a plain
string (English) or a mapping ``{en: ..., de: ...}`` in which ``en`` is required."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from airace.model.errors import InputError

LANGS: tuple[str, ...] = ("en", "de")  # languages of display text; English is required


def texts_by_lang(value: Any, key: str, where: str,
                  error: type[InputError] = InputError) -> dict[str, str]:
    """The text of ``key`` by language from a plain string (English) or a ``{lang: text}``
    mapping, whitespace normalised; raise ``error`` naming the file, the key and what is
    allowed."""
    allowed = ", ".join(LANGS)
    plain = isinstance(value, str)
    if plain:
        value = {"en": value}
    if not isinstance(value, dict):
        raise error(f"{where}: key '{key}' must be a non-empty string (English) or a "
                    f"mapping of language to text with the languages {allowed}, got "
                    f"{type(value).__name__}")
    unknown = [str(k) for k in value if k not in LANGS]
    if unknown:
        raise error(f"{where}: key '{key}' has unknown language(s) "
                    f"{', '.join(sorted(unknown))}; allowed: {allowed}")
    if "en" not in value:
        raise error(f"{where}: key '{key}' needs the English text under '{key}.en' "
                    f"(allowed languages: {allowed})")
    out: dict[str, str] = {}
    for lang in LANGS:
        if lang not in value:
            continue
        text = value[lang]
        if not isinstance(text, str) or not text.strip():
            name = key if plain else f"{key}.{lang}"
            raise error(f"{where}: key '{name}' must be a non-empty string")
        out[lang] = " ".join(text.split())
    return out


def text_in(texts: Mapping[str, str], lang: str) -> tuple[str, str]:
    """The text in ``lang`` and the language it is written in: ``lang`` when ``texts`` has
    it, else English (``("", "en")`` when there is no text at all)."""
    if texts.get(lang):
        return texts[lang], lang
    return texts.get("en", ""), "en"


def loose_texts(value: Any) -> dict[str, str]:
    """Texts by language from what a result folder recorded (a string or a mapping), without
    raising: unknown languages and empty texts are left out; {} when nothing usable is there."""
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, Mapping):
        return {}
    return {lang: " ".join(value[lang].split()) for lang in LANGS
            if isinstance(value.get(lang), str) and value[lang].strip()}
