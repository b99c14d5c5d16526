"""The CLI help in English and German: one catalogue (airace/commands/help_texts.py) holds
every command summary and option help in both languages; --lang de or AIRACE_LANG=de picks
German."""

from __future__ import annotations

import click
import pytest

from airace.cli import cli, main
from airace.commands.help_lang import help_lang
from airace.commands.help_texts import HELP

COMMANDS = sorted(cli.commands)


def _options(command: click.Command) -> list[click.Option]:
    with click.Context(command) as ctx:
        return [p for p in command.get_params(ctx) if isinstance(p, click.Option)]


def _help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """The help text ``airace ARGV`` prints, without its line breaks and spaces."""
    assert main(argv) == 0
    return _flat(capsys.readouterr().out)


def _flat(text: str) -> str:
    return "".join(text.split())


def test_every_text_has_both_languages_and_no_key_is_stray() -> None:
    used = {cli.help} | {cli.commands[c].help for c in COMMANDS}
    used |= {o.help for c in [cli, *cli.commands.values()] for o in _options(c)}
    english = [entry["en"] for entry in HELP.values()]
    assert all(set(entry) == {"en", "de"} and entry["en"] != entry["de"]
               and entry["de"].strip() for entry in HELP.values())
    assert len(set(english)) == len(english), "two keys with the same English text"
    assert used <= set(english), f"not in the catalogue: {used - set(english)}"
    assert set(english) <= used, f"stray keys: {set(english) - used}"


@pytest.mark.parametrize("command", COMMANDS)
def test_help_in_german_with_lang_de(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    cmd = cli.commands[command]
    english = {o.help for o in _options(cmd)}
    out = _help([command, "--lang", "de", "--help"], capsys)
    for option in _options(cmd):
        german = next(e["de"] for e in HELP.values() if e["en"] == option.help)
        assert _flat(german) in out, (command, option.name)
    assert _flat(next(e["de"] for e in HELP.values() if e["en"] == cmd.help)) in out
    assert not any(_flat(text) in out for text in english)
    assert out.startswith("Aufruf:") and "Optionen:" in out


def test_lang_equals_form_and_first_of_a_list(capsys: pytest.CaptureFixture[str]) -> None:
    out = _help(["simulate", "--lang=de", "--help"], capsys)
    assert _flat("Sprache der Tabellenüberschrift") in out and "[Standard:1;x>=0]" in out
    assert _flat("Sprache(n) der Abbildungen und des Berichts") in _help(
        ["study", "--lang", "de,en", "--help"], capsys)
    assert _flat("Language(s) of figures and report") in _help(
        ["study", "--lang", "en,de", "--help"], capsys)


def test_group_lists_commands_in_german_from_the_environment(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIRACE_LANG", "de")
    out = _help(["--help"], capsys)
    assert "Befehle:" in out and _flat("simuliert den KI-Wettlauf") in out
    assert _flat("Ein Szenario einmal rechnen und seine Kennzahlen ausgeben.") in out
    assert _flat("Run one scenario once") not in out
    assert _flat("Zufalls-Seed des Laufs") in _help(["simulate", "--help"], capsys)
    assert _flat("Random seed of the run") in _help(
        ["simulate", "--lang", "en", "--help"], capsys)


def test_english_by_default(capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AIRACE_LANG", raising=False)
    out = _help(["--help"], capsys)
    assert _flat("Usage: airace") in out and "Commands:" in out
    assert _flat("simulate Run one scenario once and print its KPIs.") in out
    out = _help(["simulate", "--help"], capsys)
    assert _flat("Random seed of the run (a whole number >= 0). [default: 1; x>=0]") in out
    assert _flat("Show this message and exit.") in out and "Zufalls-Seed" not in out


@pytest.mark.parametrize("value", ["fr", "", "DEU"])
def test_invalid_environment_falls_back_to_english(
        value: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIRACE_LANG", value)
    assert _flat("Run one scenario once") in _help(["--help"], capsys)
    assert _flat("Random seed of the run") in _help(["simulate", "--help"], capsys)
    assert main(["simulate", "--lang", "fr"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'--lang'" in err


def test_help_lang_rules() -> None:
    assert help_lang(["--lang", "de"], {}) == "de"
    assert help_lang(["--lang=de,en"], {}) == "de"
    assert help_lang(["--lang", "fr"], {"AIRACE_LANG": "de"}) == "de"
    assert help_lang([], {"AIRACE_LANG": " DE "}) == "de"
    assert help_lang([], {"AIRACE_LANG": "fr"}) == "en"
    assert help_lang(["--", "--lang", "de"], {}) == "en"
    assert help_lang([], {}) == "en"
