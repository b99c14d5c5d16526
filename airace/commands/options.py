"""Checks of command-line options that click's types cannot express: output paths and the
number of local workers. Each raises InputError (one line, exit 2) before anything runs."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from airace.commands.help_texts import en
from airace.model.errors import InputError


class OptionError(InputError):
    """A command-line option has a value that cannot work."""


class AtLeast(click.IntRange):
    """A whole number >= ``low``; says 'not a valid integer' (not 'integer range') for text."""

    name = "integer"

    def __init__(self, low: int) -> None:
        super().__init__(min=low)


def check_output_folder(path: Path, option: str) -> Path:
    """Accept ``path`` as a folder to write into: it is a folder, or can be created as one."""
    if path.exists() and not path.is_dir():
        raise OptionError(f"{option} {path}: is a file; allowed: a folder (created if missing)")
    _check_parents(path, option)
    return path


def check_output_file(path: Path, option: str) -> Path:
    """Accept ``path`` as a file to write: not a folder, and its folder exists or can be made."""
    if path.is_dir():
        raise OptionError(f"{option} {path}: is a folder; allowed: a file name")
    _check_parents(path.parent, option, what=path)
    return path


def _check_parents(folder: Path, option: str, what: Path | None = None) -> None:
    """The nearest existing part of ``folder`` must be a folder this user can write to."""
    shown = what if what is not None else folder
    existing = folder.absolute()
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise OptionError(f"{option} {shown}: {existing} is a file, not a folder; allowed: a "
                          "path whose existing part is a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OptionError(f"{option} {shown}: cannot write into {existing}; allowed: a folder "
                          "you can write to")


def check_local_workers(workers: int | None, address: str | None) -> int | None:
    """On this machine (no cluster address) use at most as many workers as it has CPUs."""
    from airace.experiments.raysession import cluster_address

    if workers is None or cluster_address(address) is not None:
        return workers
    cpus = os.cpu_count() or 1
    if workers > cpus:
        raise OptionError(f"--workers {workers}: this machine has {cpus} CPUs; allowed: 1 to "
                          f"{cpus} (or --address HOST:PORT to run on a Ray cluster)")
    return workers


def lang_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--lang for commands that print text in one language (en or de)."""
    return click.option("--lang", type=click.Choice(["en", "de"]), default="en",
                        show_default=True, help=en("lang.listing"))(func)


def figure_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The figure options that analysis commands share: --lang (one or both languages) and
    --format (file formats)."""
    func = click.option("--format", "formats", default="png,pdf,svg", show_default=True,
                        metavar="png,pdf,svg", help=en("figures.format"))(func)
    return click.option("--lang", default="en,de", show_default=True, metavar="en|de|en,de",
                        help=en("figures.lang"))(func)
