"""Help in the user's language: ``--lang de`` on the command line, else $AIRACE_LANG, else
English. The command and group classes swap in the German catalogue texts while rendering."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import click

from airace.commands.help_texts import german

ENV_VAR = "AIRACE_LANG"
HELP_LANGS = ("en", "de")
_META_KEY = "airace.help_lang"
_HEADINGS = {"Options": "Optionen", "Commands": "Befehle"}


def help_lang(args: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """'en' or 'de': the first language of the last --lang in ``args``, else $AIRACE_LANG,
    else 'en' (values that are neither are ignored; --lang itself is checked when it runs)."""
    chosen = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = (args[i + 1] if arg == "--lang" and i + 1 < len(args)
                 else arg.partition("=")[2] if arg.startswith("--lang=") else None)
        first = value.split(",")[0].strip().lower() if value is not None else None
        if first in HELP_LANGS:
            chosen = first
    if chosen is None:
        env = (os.environ if environ is None else environ).get(ENV_VAR, "").strip().lower()
        chosen = env if env in HELP_LANGS else "en"
    return chosen


class _GermanFormatter(click.HelpFormatter):
    """Click's formatter with German headings and default/required markers."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Aufruf: " if prefix is None else prefix)

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        with super().section(_HEADINGS.get(name, name)):
            yield

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        super().write_dl([(term, text.replace("[default: ", "[Standard: ")
                           .replace("required]", "erforderlich]")) for term, text in rows],
                         col_max, col_spacing)


@contextmanager
def _german_texts(command: click.Command, ctx: click.Context) -> Iterator[None]:
    """Swap the German catalogue texts into ``command``, its options and sub-commands."""
    saved: list[tuple[Any, str | None]] = []

    def swap(obj: Any) -> None:
        text = german(obj.help) if obj.help else None
        if text is not None:
            saved.append((obj, obj.help))
            obj.help = text

    swap(command)
    for param in command.get_params(ctx):
        if isinstance(param, click.Option):
            swap(param)
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None:
                swap(sub)
    try:
        yield
    finally:
        for obj, text in reversed(saved):
            obj.help = text


class _Localized(click.Command):
    """Remembers the help language of the command line; renders German help when asked."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[_META_KEY] = help_lang(args)
        return super().parse_args(ctx, args)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if ctx.meta.get(_META_KEY, help_lang(())) != "de":
            super().format_help(ctx, formatter)
            return
        local = _GermanFormatter(width=formatter.width)
        with _german_texts(self, ctx):
            super().format_help(ctx, local)
        formatter.write(local.getvalue())


def _without_lang(args: list[str]) -> list[str]:
    """``args`` without --lang VALUE / --lang=VALUE (up to a '--')."""
    out: list[str] = []
    skip = False
    for i, arg in enumerate(args):
        if arg == "--":
            return out + args[i:]
        if skip:
            skip = False
        elif arg == "--lang":
            skip = True
        elif not arg.startswith("--lang="):
            out.append(arg)
    return out


class LocalizedCommand(_Localized):
    """A click command whose --help speaks English or German (also one without --lang of
    its own: there --lang only chooses the help's language and is dropped with --help)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[_META_KEY] = help_lang(args)
        own_lang = any("--lang" in p.opts for p in self.params)
        if not own_lang and set(args) & set(ctx.help_option_names):
            args = _without_lang(args)
        return click.Command.parse_args(self, ctx, args)


class LocalizedGroup(_Localized, click.Group):
    """A click group whose --help (and command list) speaks English or German."""
