"""The ``osaaja`` command: parses options, calls the library, prints results.

This is the one place where typed errors (``pipeline.errors``) become messages and exit
codes: 0 success, 1 data or check failure, 2 usage.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from pipeline import __version__
from pipeline.errors import OsaajaError, UsageError
from pipeline.project import Project


def handle_errors(fn):
    """Turn library errors into a clear message and the right exit code, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except OsaajaError as err:
            for line in err.lines():
                click.echo(line, err=True)
            sys.exit(err.exit_code)

    return wrapper


pass_project = click.make_pass_decorator(Project)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="osaaja")
@click.option("--raw", "raw", type=click.Path(file_okay=False, path_type=Path), default="raw",
              show_default=True, help="Folder of survey exports and analysts' configuration.")
@click.option("--build", "build", type=click.Path(file_okay=False, path_type=Path), default="build",
              show_default=True, help="Folder for all outputs (the store is BUILD/skills.duckdb).")
@click.option("--themes", "themes", type=click.Path(dir_okay=False, path_type=Path), default="themes.yaml",
              show_default=True, help="Theme rule set.")
@click.pass_context
def cli(ctx: click.Context, raw: Path, build: Path, themes: Path) -> None:
    """Turn competence-survey exports into reviewer-approved future skills profiles.

    Example:

        osaaja build                 # the whole chain on ./raw, outputs in ./build

        osaaja --raw data/raw ingest # just rebuild the store from another folder
    """
    ctx.obj = Project.at(raw=raw, build=build, themes=themes)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except UsageError as err:  # pragma: no cover - click handles its own usage errors
        click.echo(str(err), err=True)
        sys.exit(2)


# --- ingest and store (issue 2) ---------------------------------------------------------


@cli.command()
@click.option("--keep-going", is_flag=True, help="Load the good files and list the bad ones instead of stopping.")
@pass_project
@handle_errors
def ingest(project: Project, keep_going: bool) -> None:
    """Rebuild the store BUILD/skills.duckdb from every workbook under RAW.

    All or nothing: on any problem every problem is listed, exit code 1, and the old
    store stays as it was.

    Example:

        osaaja ingest

        osaaja --raw exports/ ingest --keep-going
    """
    from pipeline import stages

    summary = stages.run_ingest(project, keep_going=keep_going)
    for line in summary:
        click.echo(line)


# --- themes (issue 3) -------------------------------------------------------------------


# --- render and publish (issue 4) -------------------------------------------------------


# --- checks and sign-off (issue 5) ------------------------------------------------------


# --- cycles, diff and queries (issue 6) --------------------------------------------------


# --- the whole chain --------------------------------------------------------------------
