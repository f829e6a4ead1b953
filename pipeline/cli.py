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


def _profiles(project: Project) -> list:
    """Every profile as the store computes it (``model.Profile``). The one place the
    check and sign-off commands get profiles from; tests replace it."""
    from pipeline import profiles as profiles_mod
    from pipeline import store
    from pipeline.settings import load_settings
    from pipeline.themes import load_rules

    settings = load_settings(project.settings_file)
    specs = profiles_mod.load_profiles(project.profiles_file)
    rules = load_rules(project.themes_file)
    con = store.open_store(project.store_path)
    try:
        return store.load_profiles(con, specs, settings, rules.sha256)
    finally:
        con.close()


def _review_render_fn(project: Project):
    """Renders one profile's draft HTML and PDF into a review packet folder."""
    import shutil
    import tempfile

    from pipeline import render, themes

    infos = themes.theme_infos(themes.load_rules(project.themes_file))

    def render_fn(profile, folder: Path) -> None:
        project.build.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=project.build, prefix=".review-") as tmp:
            render.render_profiles([profile], infos, Path(tmp), templates=project.templates, draft=True)
            for path in sorted((Path(tmp) / profile.id).iterdir()):
                shutil.move(str(path), str(folder / path.name))

    return render_fn


def _record_signoff_history(project: Project, signoffs: list) -> int:
    """Add new sign-offs to the store's history table; the store is only rewritten when
    there is something new. Returns how many were added."""
    from pipeline import signoff, store

    if not project.store_path.exists():
        return 0
    rows = signoff.history_rows(signoffs)
    con = store.open_store(project.store_path)
    try:
        fresh = store.new_signoffs(con, rows)
    finally:
        con.close()
    if not fresh:
        return 0
    with store.rewrite(project.store_path) as con:
        return store.record_signoffs(con, fresh)


@cli.command("check")
@pass_project
@handle_errors
def check_command(project: Project) -> None:
    """Run the quality checks (RAW/osaaja.yaml `checks:`) on every profile.

    Prints a table and the failing rows, and writes BUILD/checks.html. Exit 1 when a
    check has errors (they block publication); warnings are shown only.

    Example:

        osaaja check

        osaaja --build out check && xdg-open out/checks.html
    """
    from pipeline.checks import CheckConfig, run_checks, write_checks_html
    from pipeline.errors import CheckFailed
    from pipeline.settings import load_settings

    settings = load_settings(project.settings_file)
    config = CheckConfig.from_settings(settings.checks, project.settings_file)
    report = run_checks(_profiles(project), config)
    for line in report.table_lines():
        click.echo(line)
    click.echo(f"report: {write_checks_html(report, project.build / 'checks.html', project.templates)}")
    if not report.passed:
        raise CheckFailed("quality check errors block publication of: " + ", ".join(report.blocked_profiles()))


@cli.group("signoff")
def signoff_group() -> None:
    """Reviewer sign-off: review packets and the publication status of every profile.

    Example:

        osaaja signoff request lahihoitaja   # packet for the reviewer in BUILD/review/

        osaaja signoff status                # what blocks publication, and why
    """


@signoff_group.command("request")
@click.argument("profile_ids", metavar="PROFILE...", nargs=-1)
@click.option("--all", "all_profiles", is_flag=True, help="A packet for every profile.")
@pass_project
@handle_errors
def signoff_request(project: Project, profile_ids: tuple[str, ...], all_profiles: bool) -> None:
    """Write a review packet per PROFILE into BUILD/review/<profile>/.

    A packet holds the draft HTML and PDF and <profile>.signoff.yaml, pre-filled with the
    hash of the current content. The reviewer fills in name, role, decision, date and
    comments; the file is saved as RAW/signoffs/<profile>/<reviewer-name>.yaml.

    Example:

        osaaja signoff request lahihoitaja matkailupalvelujen-tuottaja

        osaaja signoff request --all
    """
    from pipeline.signoff import write_review_packets

    if not profile_ids and not all_profiles:
        raise UsageError("name at least one PROFILE (or use --all); see `osaaja signoff request --help`")
    profiles = _profiles(project)
    by_id = {p.id: p for p in profiles}
    unknown = [pid for pid in profile_ids if pid not in by_id]
    if unknown:
        raise UsageError(f"unknown profile(s): {', '.join(unknown)}; known: {', '.join(sorted(by_id)) or 'none'}")
    chosen = profiles if all_profiles else [by_id[pid] for pid in dict.fromkeys(profile_ids)]
    for path in write_review_packets(chosen, project.review_dir, render_fn=_review_render_fn(project)):
        click.echo(f"review packet: {path}")


@signoff_group.command("status")
@pass_project
@handle_errors
def signoff_status(project: Project) -> None:
    """List every profile's sign-off state: approved, stale (with what changed since the
    sign-off), changes requested (with the comments) or missing.

    Exit 1 when something blocks publication (a profile not approved and current, or a
    sign-off file that was refused). New sign-offs are added to the store's history.

    Example:

        osaaja signoff status
    """
    from pipeline import signoff
    from pipeline.errors import CheckFailed
    from pipeline.settings import load_settings

    settings = load_settings(project.settings_file)
    rule = signoff.PublicationRule.from_settings(settings.publication, project.settings_file)
    profiles = _profiles(project)
    signoffs, refused = signoff.load_signoffs(project.signoffs_dir)
    for problem in refused:
        click.echo(f"refused: {problem}", err=True)
    for problem in signoff.unknown_profiles(profiles, signoffs):
        click.echo(f"warning: {problem}", err=True)
    statuses = signoff.status(profiles, signoffs, rule)
    for line in signoff.status_lines(statuses):
        click.echo(line)
    added = _record_signoff_history(project, signoffs)
    if added:
        click.echo(f"recorded {added} new sign-off(s) in the store's history")
    click.echo(f"rule: {rule.describe()}")
    blocked = [s.profile_id for s in statuses if not s.publishable]
    if refused or blocked:
        parts = [f"{len(refused)} sign-off problem(s)"] if refused else []
        parts += [f"not publishable: {', '.join(blocked)}"] if blocked else []
        raise CheckFailed("publication is blocked: " + "; ".join(parts))


# --- cycles, diff and queries (issue 6) --------------------------------------------------


# --- the whole chain --------------------------------------------------------------------
