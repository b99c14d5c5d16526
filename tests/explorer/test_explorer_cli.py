"""``airace explore``: binds to 127.0.0.1 unless told otherwise (and warns then), refuses to
start without front-end files of Solara's own version, and serves Solara offline."""

from __future__ import annotations

import threading
from importlib import metadata
from pathlib import Path

import pytest

from airace.cli import main
from airace.explorer import config, server
from airace.explorer.ensemble import run_ensemble
from airace.explorer.setting import Setting, check


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Record what ``airace explore`` would serve instead of serving it."""
    calls: list[tuple[str, int]] = []
    monkeypatch.setattr(server, "serve", lambda host, port: calls.append((host, port)))
    before = config.current()
    yield calls
    config.configure(**before.__dict__)


def test_it_binds_to_the_loopback_address_by_default(served: list, capsys) -> None:
    assert main(["explore"]) == 0
    assert served == [("127.0.0.1", 8765)]
    assert "Warning" not in capsys.readouterr().err


def test_another_address_is_served_with_a_warning(served: list, capsys,
                                                  tmp_path: Path) -> None:
    assert main(["explore", "--host", "0.0.0.0", "--port", "8800", "--lang", "de",
                 "--save-dir", str(tmp_path)]) == 0
    assert served == [("0.0.0.0", 8800)]
    assert "exposes the explorer to the network without a password" in capsys.readouterr().err
    cfg = config.current()
    assert cfg.lang == "de" and cfg.scenario_dir == cfg.study_dir == tmp_path


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("localhost", True),
                                                ("::1", True), ("0.0.0.0", False),
                                                ("192.168.1.5", False), ("example.org", False)])
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert server.is_loopback(host) is loopback


def test_mismatched_front_end_files_stop_it(monkeypatch: pytest.MonkeyPatch, served: list,
                                             capsys) -> None:
    real = metadata.version
    monkeypatch.setattr(server.metadata, "version",
                        lambda name: "1.0.0" if name == "solara-assets" else real(name))
    assert main(["explore"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"Error: solara {real('solara')} and solara-assets 1.0.0 differ")
    assert "pip install" in err and err.count("\n") == 1
    assert served == []


def test_the_local_front_end_files_are_there() -> None:
    folder = server.check_assets()
    assert any(folder.glob("@widgetti/solara-vuetify*-app@*"))
    assert (folder / "requirejs@2.3.6").exists()


def test_offline_settings_switch_off_what_would_leave_the_machine() -> None:
    import solara.server.settings as server_settings
    import solara.settings

    server.offline_settings("airace explorer")
    assert solara.settings.assets.proxy and solara.settings.assets.cdn == server.NO_CDN
    assert not server_settings.telemetry.mixpanel_enable
    assert server_settings.main.mode == "production"


def test_a_run_can_be_cancelled() -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(InterruptedError):
        run_ensemble(check(Setting(end_year=2027, replicates=2)), cancel=cancel)
