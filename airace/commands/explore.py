"""``airace explore``: the interactive scenario explorer, a local web app (Solara)."""

from __future__ import annotations

from pathlib import Path

import click

from airace.commands.help_lang import LocalizedCommand
from airace.commands.help_texts import en


def check_bindable(host: str, port: int) -> None:
    """Fail with a one-line error (exit 2) when the server could not listen on host:port."""
    import socket

    from airace.commands.options import OptionError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise OptionError(f"--host {host!r} is not an address of this machine ({exc}); "
                          "allowed: 127.0.0.1 (the default), localhost, or an address or host "
                          "name of this machine") from exc
    family, kind, proto, _, address = infos[0]
    try:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:
        raise OptionError(f"--host {host} --port {port}: cannot listen there ({exc.strerror}); "
                          "allowed: a free port (e.g. --port 8766) on an address of this "
                          "machine") from exc


@click.command(cls=LocalizedCommand, help=en("cmd.explore"))
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535),
              help=en("explore.port"))
@click.option("--host", default="127.0.0.1", show_default=True,
              help=en("explore.host"))
@click.option("--lang", type=click.Choice(["en", "de"]), default="en", show_default=True,
              help=en("explore.lang"))
@click.option("--engine", type=click.Choice(["inprocess", "ray"]), default="inprocess",
              show_default=True, help=en("explore.engine"))
@click.option("--workers", type=click.IntRange(1), default=None,
              help=en("explore.workers"))
@click.option("--save-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=en("explore.save_dir"))
def explore(port: int, host: str, lang: str, engine: str, workers: int | None,
            save_dir: Path | None) -> None:
    from airace.explorer import config
    from airace.explorer.server import check_assets, is_loopback, serve

    check_assets()
    check_bindable(host, port)
    changes: dict[str, object] = {"lang": lang, "engine": engine, "workers": workers}
    if save_dir is not None:
        changes.update(scenario_dir=save_dir, study_dir=save_dir)
    config.configure(**changes)
    if not is_loopback(host):
        click.echo(f"Warning: --host {host} exposes the explorer to the network without a "
                   "password: anyone who reaches it can run simulations on this machine and "
                   "write scenario and study files (see the README).", err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"airace explorer at http://{shown}:{port}  (Ctrl+C stops it)", err=True)
    serve(host, port)
