"""The ``airace`` command line: one group, one module per sub-command in airace/commands/."""

from __future__ import annotations

import sys

import click

from airace import __version__
from airace.commands.help_lang import LocalizedGroup
from airace.commands.help_texts import en
from airace.model.errors import InputError


@click.group(cls=LocalizedGroup, help=en("cmd.airace"),
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="airace")
def cli() -> None:
    pass


def _register() -> None:
    from airace.commands import catalog, simulate
    from airace.commands import run as run_command
    from airace.commands import studies as studies_command

    cli.add_command(simulate.simulate)
    cli.add_command(catalog.scenarios)
    cli.add_command(catalog.params)
    cli.add_command(run_command.run)
    cli.add_command(studies_command.studies)
    from airace.commands import analyze, plot, report, study

    cli.add_command(analyze.analyze)
    cli.add_command(plot.plot)
    cli.add_command(report.report)
    cli.add_command(study.study)
    from airace.commands import discover, robustness

    cli.add_command(robustness.robustness)
    cli.add_command(discover.discover)

    from airace.commands import explore

    cli.add_command(explore.explore)


_register()


# click >= 8.2 raises this for a group called without a command; older click exits with help.
_HELP_INSTEAD: tuple[type[Exception], ...] = tuple(
    e for e in (getattr(click.exceptions, "NoArgsIsHelpError", None),) if e is not None)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI; bad input gives a one-line error and exit code 2."""
    try:
        rv = cli.main(args=argv, prog_name="airace", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except _HELP_INSTEAD as exc:  # 'airace' alone: the help text, as click shows it
        exc.show()
        return 2
    except click.ClickException as exc:
        click.echo(f"Error: {_one_line(exc)}", err=True)
        return 2
    except InputError as exc:
        click.echo(f"Error: {exc}", err=True)
        return 2
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return 130
    return rv if isinstance(rv, int) else 0


def _one_line(exc: click.ClickException) -> str:
    """Click's message without its usage block, plus where the options are explained."""
    message = " ".join(exc.format_message().split())
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and ctx is not None:
        message += f" (see '{ctx.command_path} --help')"
    return message


if __name__ == "__main__":
    sys.exit(main())
