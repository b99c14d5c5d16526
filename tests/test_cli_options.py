"""Every option of every ``airace`` sub-command rejects a bad value the same way: exit code 2,
one line on stderr that names the option and what is allowed, no traceback, nothing written.

The invocations go through ``airace.cli.main`` in a fresh working folder; options that need a
result folder get a small synthetic one (tests/analysis/conftest.py), so no Ray is started.
"""

from __future__ import annotations

import os
from pathlib import Path

import click
import pytest

from airace.cli import cli, main
from airace.commands.options import OptionError, check_output_folder
from tests.analysis.conftest import write_result_folder

# (arguments, text the message must contain: the option, then what is allowed)
# {res} = a result folder, {file} = an existing file, {dir} = an existing folder.
BAD: list[tuple[list[str], tuple[str, ...]]] = [
    (["simulate", "--seed", "-1"], ("'--seed'", "x>=0")),
    (["simulate", "--seed", "1.5"], ("'--seed'", "not a valid integer")),
    (["simulate", "--until", "2020"], ("--until", "[2026, 2050]")),
    (["simulate", "--until", "soon"], ("'--until'", "not a valid integer")),
    (["simulate", "--scenario", "atlantis"], ("--scenario", "allowed: baseline")),
    (["simulate", "--scenario", "{dir}/missing.yaml"], ("--scenario", "file not found")),
    (["simulate", "--set", "regulation.EU"], ("--set", "expected name=value")),
    (["simulate", "--set", "regulation.eu=0.5"], ("--set", "mean regulation.US, regulation.EU")),
    (["simulate", "--set", "regulation.EU=high"], ("--set", "float in [0, 1]")),
    (["simulate", "--set", "regulation.EU=-1"], ("--set", "float in [0, 1]")),
    (["simulate", "--format", "xml"], ("'--format'", "'table', 'json', 'csv'")),
    (["simulate", "--lang", "fr"], ("'--lang'", "'en', 'de'")),
    (["simulate", "--plot", "{dir}/run.gif"], ("--plot", ".png, .pdf or .svg")),
    (["simulate", "--plot", "{file}/run.png"], ("--plot", "is a file, not a folder")),
    (["simulate", "--plot", "{dir}"], ("'--plot'", "is a directory")),
    (["params", "--group", "nope"], ("--group", "allowed: capital")),
    (["params", "--lang", "fr"], ("'--lang'", "'en', 'de'")),
    (["scenarios", "--lang", "fr"], ("'--lang'", "'en', 'de'")),
    (["studies", "--lang", "fr"], ("'--lang'", "'en', 'de'")),
    (["run", "nope"], ("nope: no such study file", "allowed: a path to a YAML file")),
    (["run", "quickstart", "--workers", "0"], ("'--workers'", "x>=1")),
    (["run", "quickstart", "--workers", "-2"], ("'--workers'", "x>=1")),
    (["run", "quickstart", "--workers", "many"], ("'--workers'", "not a valid integer")),
    (["run", "quickstart", "--workers", "1000000"], ("--workers 1000000", "allowed: 1 to")),
    (["run", "quickstart", "--batch-size", "0"], ("'--batch-size'", "x>=1")),
    (["run", "quickstart", "--out", "{file}"], ("'--out'", "is a file")),
    (["run", "quickstart", "--out", "{file}/out"], ("--out", "is a file, not a folder")),
    (["study", "nope"], ("nope: no such study file", "allowed: a path to a YAML file")),
    (["study", "quickstart", "--lang", "fr"], ("language 'fr'", "allowed: en, de")),
    (["study", "quickstart", "--format", "gif"], ("format(s) 'gif'", "allowed: png, pdf, svg")),
    (["study", "quickstart", "--workers", "0"], ("'--workers'", "x>=1")),
    (["study", "quickstart", "--workers", "1000000"], ("--workers 1000000", "allowed: 1 to")),
    (["study", "quickstart", "--out", "{file}/out"], ("--out", "is a file, not a folder")),
    (["analyze", "{dir}/nowhere"], ("nowhere: no such folder", "allowed: the --out folder")),
    (["analyze", "{res}", "--lang", "fr"], ("language 'fr'", "allowed: en, de")),
    (["analyze", "{res}", "--format", "tiff"], ("format(s) 'tiff'", "allowed: png, pdf, svg")),
    (["analyze", "{res}", "--resamples", "5"], ("'--resamples'", "x>=10")),
    (["analyze", "{res}", "--target-year", "next"], ("'--target-year'", "not a valid integer")),
    (["plot", "{dir}/nowhere"], ("nowhere: no such result folder",)),
    (["plot", "{res}", "--lang", "fr"], ("language 'fr'", "allowed: en, de")),
    (["plot", "{res}", "--lang", ""], ("no language given", "allowed: en, de")),
    (["plot", "{res}", "--format", "png,tiff"], ("format(s) 'tiff'", "allowed: png, pdf, svg")),
    (["plot", "{res}", "--year", "1990"], ("the year 1990", "the results hold 2025, 2027")),
    (["plot", "{res}", "--year", "-3"], ("the year -3", "the results hold 2025, 2027")),
    (["plot", "{res}", "--baseline", "nope"], ("baseline scenario 'nope'", "scenarios: baseline")),
    (["report", "{dir}/nowhere"], ("nowhere: no such result folder",)),
    (["report", "{res}", "--lang", "es"], ("language 'es'", "allowed: en, de")),
    (["report", "{res}", "--year", "0"], ("the year 0", "the results hold 2025, 2027")),
    (["report", "{res}", "--baseline", "nope"], ("baseline scenario 'nope'", "scenarios:")),
    (["report", "{res}", "--year", "soon"], ("'--year'", "not a valid integer")),
    (["robustness", "{res}", "--outcome", "nope@2030"], ("--outcome 'nope@2030'", "allowed:")),
    (["robustness", "{res}", "--outcome", "compute_share.EU@2027", "--threshold", "high"],
     ("'--threshold'", "not a valid float")),
    (["robustness", "{res}", "--outcome", "compute_share.EU@2027", "--lang", "fr"],
     ("language 'fr'", "allowed: en, de")),
    (["robustness", "{res}", "--outcome", "compute_share.EU@2027", "--format", "gif"],
     ("format(s) 'gif'", "allowed: png, pdf, svg")),
    (["robustness", "{res}", "--outcome", "compute_share.EU@2027", "--resamples", "0"],
     ("'--resamples'", "x>=100")),
    (["discover", "{res}", "--outcome", "nope@2030", "--below", "0.1"],
     ("--outcome 'nope@2030'", "allowed:")),
    (["discover", "{res}", "--outcome", "compute_share.EU@2027", "--above", "x"],
     ("'--above'", "not a valid float")),
    (["discover", "{res}", "--outcome", "compute_share.EU@2027", "--below", "x"],
     ("'--below'", "not a valid float")),
    (["discover", "{res}", "--outcome", "compute_share.EU@2027", "--below", "0.04",
      "--scenario", "nope"], ("--scenario 'nope'", "allowed: baseline")),
    (["discover", "{res}", "--outcome", "compute_share.EU@2027", "--below", "0.04",
      "--box", "-1"], ("'--box'", "x>=0")),
    (["discover", "{res}", "--outcome", "compute_share.EU@2027", "--below", "0.04",
      "--lang", "fr"], ("language 'fr'", "allowed: en, de")),
    (["discover", "{res}", "--outcome", "compute_share.EU@2027", "--below", "0.04",
      "--format", "gif"], ("format(s) 'gif'", "allowed: png, pdf, svg")),
    (["discover", "{res}", "--outcome", "compute_share.EU@2027", "--below", "0.04",
      "--resamples", "-1"], ("'--resamples'", "x>=0")),
    (["explore", "--port", "0"], ("'--port'", "1<=x<=65535")),
    (["explore", "--host", "not a host!"], ("--host 'not a host!'", "allowed: 127.0.0.1")),
    (["explore", "--lang", "fr"], ("'--lang'", "'en', 'de'")),
    (["explore", "--engine", "gpu"], ("'--engine'", "'inprocess', 'ray'")),
    (["explore", "--workers", "0"], ("'--workers'", "x>=1")),
    (["explore", "--save-dir", "{file}"], ("'--save-dir'", "is a file")),
    (["teleport"], ("No such command 'teleport'", "'airace --help'")),
    (["simulate", "--speed", "2"], ("No such option '--speed'", "'airace simulate --help'")),
]


@pytest.fixture(scope="module")
def result_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic result folder (3 scenarios, years 2025 and 2027)."""
    return write_result_folder(tmp_path_factory.mktemp("options") / "res")


def _snapshot(*folders: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for f in folders for p in f.rglob("*")}


@pytest.mark.parametrize(("argv", "expected"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_option_gives_one_line_exit_2_and_writes_nothing(
        argv: list[str], expected: tuple[str, ...], result_folder: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "notes.txt").write_text("a file, not a folder", encoding="utf-8")
    monkeypatch.chdir(work)
    args = [a.format(res=result_folder, file=work / "notes.txt", dir=work) for a in argv]
    before = _snapshot(work, result_folder)
    code = main(args)
    out, err = capsys.readouterr()
    assert code == 2, err
    assert err.startswith("Error: ") and err.endswith("\n") and err.count("\n") == 1, err
    for text in expected:
        assert text in err, f"{text!r} not in {err!r}"
    assert "Traceback" not in err and out == ""
    assert _snapshot(work, result_folder) == before


def test_airace_alone_shows_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) in (0, 2)
    text = "".join(capsys.readouterr())
    assert text.count("\n") > 10 and "Commands:" in text and "Error" not in text


def test_every_option_of_every_command_is_swept() -> None:
    """A new option needs a bad-value case above (flags and free text excepted)."""
    free = {("params", "--search"), ("analyze", "--outcomes"), ("analyze", "--scenario"),
            ("run", "--address"), ("study", "--address")}
    swept = {(argv[0], a) for argv, _ in BAD for a in argv if a.startswith("--")}
    missing = []
    for name, command in cli.commands.items():
        for param in command.params:
            if isinstance(param, click.Option) and not param.is_flag:
                option = max(param.opts, key=len)
                if (name, option) not in swept | free:
                    missing.append(f"{name} {option}")
    assert not missing, f"no bad-value case for: {', '.join(missing)}"


def test_an_unwritable_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(OptionError, match=r"--out .*: cannot write into .*; allowed: a folder"):
        check_output_folder(tmp_path / "out", "--out")
    assert not (tmp_path / "out").exists()
