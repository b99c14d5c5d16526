"""Serve the explorer with Solara, offline: every front-end file comes from the local
``solara-assets`` package (pinned to Solara's own version), Solara's usage statistics and its
version check are off, and the server binds to 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import ipaddress
import os
import socket
import time
import urllib.request
import warnings
from importlib import metadata
from pathlib import Path

from airace.model.errors import InputError

APP = "airace.explorer.app"
# Where Solara would fetch an asset missing from the local copy: nowhere (a closed port on
# this machine), so that no request can leave it.
NO_CDN = "http://127.0.0.1:9/"


class ServerError(InputError):
    """The explorer cannot be served (missing or mismatched front-end assets, bad host)."""


def is_loopback(host: str) -> bool:
    """True for 127.0.0.1, ::1 and localhost."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def wait_ready(url: str, timeout: float = 60.0) -> None:
    """Block until the server at ``url`` answers (Solara's /readyz), or raise TimeoutError."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout:g} s")


def check_assets() -> Path:
    """The folder of Solara's local front-end files; raise ServerError when solara-assets is
    missing or not of Solara's version (its files would not fit)."""
    try:
        solara_version = metadata.version("solara")
        assets_version = metadata.version("solara-assets")
    except metadata.PackageNotFoundError as exc:
        raise ServerError(f"package {exc.name!r} is not installed; install the pair with "
                          "pip install 'solara==1.58.2' 'solara-assets==1.58.2'") from exc
    if solara_version != assets_version:
        raise ServerError(f"solara {solara_version} and solara-assets {assets_version} differ; "
                          "the front-end files only fit their own Solara version: install "
                          f"pip install 'solara-assets=={solara_version}'")
    import solara.server.settings as server_settings

    folder = Path(server_settings.assets.proxy_cache_dir)
    if not any(folder.glob("@widgetti/*")):
        raise ServerError(f"{folder}: no local Solara front-end files; reinstall solara-assets "
                          f"{assets_version} into this environment")
    return folder


def offline_settings(title: str) -> None:
    """Solara's settings for offline, private use (set before the app is served)."""
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    import solara.server.settings as server_settings
    import solara.settings

    solara.settings.assets.proxy = True          # serve /_solara/cdn from the local copy
    solara.settings.assets.cdn = NO_CDN
    server_settings.telemetry.mixpanel_enable = False
    server_settings.main.mode = "production"
    server_settings.theme.show_banner = False
    server_settings.theme.title = title


def serve(host: str, port: int, log_level: str = "warning") -> None:
    """Serve the explorer until interrupted (blocks)."""
    check_assets()
    offline_settings("airace explorer")
    # Solara warns that a plain-http page on 127.0.0.1 gets a SameSite=Lax session cookie,
    # which is what a local app wants.
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")
    os.environ["SOLARA_APP"] = APP
    os.environ["SERVER_NAME"], os.environ["SERVER_PORT"] = host, str(port)
    import uvicorn

    from airace.explorer.ensemble import stop_ray

    server = uvicorn.Server(uvicorn.Config("solara.server.starlette:app", host=host, port=port,
                                           log_level=log_level, access_log=False))
    try:
        server.run()
    finally:
        stop_ray()
