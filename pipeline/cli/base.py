"""The ``osaaja`` group, its shared options, and the one place where typed errors
(``pipeline.errors``) become messages and exit codes: 0 success, 1 data, configuration or
check failure, 2 usage, 3 environment, 4 rendering failure (README, "Exit codes")."""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from pipeline import __version__
from pipeline.errors import CheckFailed, OsaajaError
from pipeline.fsutil import environment_failure, raise_on_termination
from pipeline.progress import NO_PROGRESS, Progress
from pipeline.project import Project
from pipeline.sanitize import terminal_text
from pipeline.stages import StageResult


class TerminalProgress:
    """click's progress bar on standard error, for people watching a terminal."""

    @contextlib.contextmanager
    def stage(self, label: str, total: int) -> Iterator:
        if total < 2:
            yield lambda n=1: None
            return
        with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
            yield bar.update


def progress_for(quiet: bool) -> Progress:
    return TerminalProgress() if not quiet and sys.stderr.isatty() else NO_PROGRESS


def say(line: object, *, err: bool = False) -> None:
    """Print one line; control characters from the data (escape sequences in a sign-off
    comment, say) never reach the terminal."""
    click.echo(terminal_text(line), err=err)


def handle_errors(fn):
    """Turn library errors into a clear message and the right exit code, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except OsaajaError as err:
            for line in err.lines():
                say(line, err=True)
            sys.exit(err.exit_code)
        except Exception as err:  # a full disk, no permission, a busy store: one line
            failure = environment_failure(err)
            if failure is None:
                raise  # a bug: the traceback is what a report needs
            say(f"{failure}; nothing was changed", err=True)
            sys.exit(failure.exit_code)

    return wrapper


def command(group: click.Group, name: str | None = None):
    """A subcommand of ``group`` with ``--quiet``, the project and error handling; the
    function returns a ``StageResult`` (or None), which is printed here."""

    def decorate(fn):
        @group.command(name)
        @click.option("--quiet", "-q", is_flag=True, help="Print only warnings and errors.")
        @click.pass_context
        @handle_errors
        @functools.wraps(fn)
        def wrapper(ctx: click.Context, quiet: bool, **kwargs):
            state: State = ctx.obj
            quiet = quiet or state.quiet
            result = fn(state.project, progress_for(quiet), **kwargs)
            report(result, quiet)

        return wrapper

    return decorate


def report(result: StageResult | None, quiet: bool) -> None:
    if result is None:
        return
    for line in result.warnings:
        say(line, err=True)
    if not quiet:
        for line in result.lines:
            say(line)
    if result.blocked:
        raise CheckFailed(result.blocked)


class State:
    def __init__(self, project: Project, quiet: bool):
        self.project = project
        self.quiet = quiet


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="osaaja")
@click.option(
    "--raw",
    type=click.Path(file_okay=False, path_type=Path),
    default="raw",
    show_default=True,
    help="Folder of survey exports and analysts' configuration.",
)
@click.option(
    "--build",
    type=click.Path(file_okay=False, path_type=Path),
    default="build",
    show_default=True,
    help="Folder for all outputs (the store is BUILD/skills.duckdb).",
)
@click.option(
    "--themes",
    type=click.Path(dir_okay=False, path_type=Path),
    default="themes.yaml",
    show_default=True,
    help="Theme rule set.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only warnings and errors.")
@click.pass_context
def cli(ctx: click.Context, raw: Path, build: Path, themes: Path, quiet: bool) -> None:
    """Turn competence-survey exports into reviewer-approved future skills profiles.

    Example:

    \b
        osaaja build                   # the whole job on ./raw into ./build
        osaaja --raw exports/ ingest   # only rebuild the store
    """
    raise_on_termination()  # SIGTERM unwinds like Ctrl-C: staging and locks are cleaned up
    ctx.obj = State(Project.at(raw=raw, build=build, themes=themes), quiet)


# Shared options of render, publish and build.
pdf_option = click.option(
    "--no-pdf", "no_pdf", is_flag=True, help="HTML only, no PDFs (a quick preview)."
)
workers_option = click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes rendering PDFs  [default: one per core]",
)
DRAFT_HELP = "Drafts for review: every page and PDF page marked LUONNOS / DRAFT, written under BUILD/drafts/."
