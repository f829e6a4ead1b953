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
        except OSError as err:  # a full disk, a folder without write permission...
            where = f" {err.filename}" if err.filename else ""
            click.echo(
                f"cannot read or write{where}: {err.strerror or err}; nothing was changed", err=True
            )
            sys.exit(1)

    return wrapper


pass_project = click.make_pass_decorator(Project)


def echo_lines(lines) -> None:
    for line in lines:
        click.echo(line)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="osaaja")
@click.option(
    "--raw",
    "raw",
    type=click.Path(file_okay=False, path_type=Path),
    default="raw",
    show_default=True,
    help="Folder of survey exports and analysts' configuration.",
)
@click.option(
    "--build",
    "build",
    type=click.Path(file_okay=False, path_type=Path),
    default="build",
    show_default=True,
    help="Folder for all outputs (the store is BUILD/skills.duckdb).",
)
@click.option(
    "--themes",
    "themes",
    type=click.Path(dir_okay=False, path_type=Path),
    default="themes.yaml",
    show_default=True,
    help="Theme rule set.",
)
@click.pass_context
def cli(ctx: click.Context, raw: Path, build: Path, themes: Path) -> None:
    """Turn competence-survey exports into reviewer-approved future skills profiles.

    Example:

    \b
        osaaja build                   # the whole job on ./raw into ./build
        osaaja --raw exports/ ingest   # only rebuild the store
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
@click.option(
    "--keep-going",
    is_flag=True,
    help="Load the good files and list the bad ones instead of stopping.",
)
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


@cli.group("themes")
def themes_group() -> None:
    """The theme rules (themes.yaml): check them, or see why a text gets its theme.

    Example:

        osaaja themes check

        osaaja themes explain "Palvelee asiakkaita ruotsiksi"
    """


@themes_group.command("check")
@pass_project
@handle_errors
def themes_check(project: Project) -> None:
    """Validate themes.yaml (schema, colour contrast) and run every theme's examples.

    Also checks that RAW/theme_overrides.yaml only names known themes. Exit 1 naming
    the theme, rule and example (with its line) when something fails.

    Example:

        osaaja themes check

        osaaja --themes my-themes.yaml themes check
    """
    from pipeline.errors import ConfigError
    from pipeline.themes import (
        check_examples,
        check_overrides,
        contrast_ratio,
        load_overrides,
        load_rules,
    )

    rules = load_rules(project.themes_file)
    problems = check_examples(rules) + check_overrides(
        rules, load_overrides(project.overrides_file)
    )
    if problems:
        raise ConfigError(
            problems,
            headline=f"{len(problems)} problem(s) in the theme rules; fix them and run again.",
        )
    n_examples = sum(len(t.match_examples) + len(t.no_match_examples) for t in rules.themes)
    lowest = min(contrast_ratio(t.colour, t.text_colour) for t in rules.themes)
    click.echo(
        f"{rules.path}: {len(rules.themes)} themes, {len(rules.rules)} rules, {n_examples} examples pass; "
        f"lowest colour contrast {lowest:.1f}:1 (AA needs 4.5:1); {rules.sha256}"
    )


@themes_group.command("explain")
@click.argument("texts", metavar="TEXT...", nargs=-1, required=True)
@pass_project
@handle_errors
def themes_explain(project: Project, texts: tuple[str, ...]) -> None:
    """Show how each TEXT is matched: its words and stems, every rule hit, the decision.

    Example:

        osaaja themes explain "Tukee lapsen kielen kehitystä" "Puhuu saamen kieltä"
    """
    from pipeline.themes import explain, load_rules

    rules = load_rules(project.themes_file)
    for text in texts:
        for line in explain(rules, text):
            click.echo(line)


@cli.command("theme")
@pass_project
@handle_errors
def theme_command(project: Project) -> None:
    """Theme every distinct item in the store and write the analyst workbooks.

    Reads items from BUILD/skills.duckdb (run `osaaja ingest` first), applies
    themes.yaml and RAW/theme_overrides.yaml, writes the store's item_themes
    all-or-nothing and BUILD/analyst/<cycle>_themes.xlsx, and prints the share themed
    by rules alone, the unthemed queue and stale overrides. The profiles are recomputed
    with the new themes.

    Example:

        osaaja ingest && osaaja theme
    """
    from pipeline import stages

    for line in stages.run_theme(project):
        click.echo(line)


# --- render and publish (issue 4) -------------------------------------------------------

_pdf_option = click.option(
    "--no-pdf", "no_pdf", is_flag=True, help="HTML only, no PDFs (a quick preview)."
)
_workers_option = click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes rendering PDFs  [default: one per core]",
)
_draft_help = "Drafts for review: every page and PDF page marked LUONNOS / DRAFT, written under BUILD/drafts/."


@cli.command("render")
@click.option("--draft", is_flag=True, help=_draft_help)
@_pdf_option
@_workers_option
@pass_project
@handle_errors
def render_command(project: Project, draft: bool, no_pdf: bool, workers: int | None) -> None:
    """Render every profile into BUILD/profiles/<id>/: HTML and PDF, Finnish and English.

    Profiles whose content, sign-offs and templates have not changed since the last run
    are skipped. Approved profiles get their reviewers' colophon. Missing translations
    are listed.

    Example:

        osaaja render

        osaaja render --draft --no-pdf      # quick drafts, BUILD/drafts/
    """
    from pipeline import stages

    echo_lines(stages.run_render(project, draft=draft, pdf=not no_pdf, workers=workers))


@cli.command("publish")
@click.option("--draft", is_flag=True, help=_draft_help + " Every profile, signed off or not.")
@_pdf_option
@_workers_option
@pass_project
@handle_errors
def publish_command(project: Project, draft: bool, no_pdf: bool, workers: int | None) -> None:
    """Assemble the static site BUILD/site/ from BUILD/profiles/ (run `osaaja render` first).

    Index, profile pages and PDFs, the overview, open data (CSV, JSON, datapackage.json)
    and assets. Only approved, current, check-passing profiles are published; the others
    are listed with the reason. The old site stays in place until the new one is
    complete. Exit 1 when the rendered pages are missing, out of date or drafts.

    With --draft, every profile is rendered as a draft and a drafts site is assembled in
    BUILD/drafts/site/ for reviewers; drafts never land in BUILD/site/.

    Example:

        osaaja render && osaaja publish

        osaaja publish --draft                 # BUILD/drafts/site/index.html
    """
    from pipeline import stages

    echo_lines(stages.run_publish(project, draft=draft, pdf=not no_pdf, workers=workers))


# --- checks and sign-off (issue 5) ------------------------------------------------------


def _profiles(project: Project) -> list:
    """Every profile as the store computes it (``model.Profile``, latest cycle); tests replace it."""
    from pipeline import stages

    return stages.load_profiles(project)


def _review_render_fn(project: Project):
    """Renders one profile's draft pages into a review packet folder; tests replace it."""
    from pipeline import stages

    return stages.review_render_fn(project)


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
    from pipeline import stages
    from pipeline.errors import CheckFailed

    report, lines = stages.run_check(project, _profiles(project))
    echo_lines(lines)
    if not report.passed:
        raise CheckFailed(
            "quality check errors block publication of: " + ", ".join(report.blocked_profiles())
        )


@cli.group("signoff")
def signoff_group() -> None:
    """Reviewer sign-off: review packets and the publication status of every profile.

    Example:

        osaaja signoff request lahihoitaja   # a review packet

        osaaja signoff status                # what blocks publication
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
    from pipeline import stages

    echo_lines(
        stages.run_signoff_request(
            project,
            _profiles(project),
            profile_ids,
            all_profiles=all_profiles,
            render_fn=_review_render_fn(project),
        )
    )


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
    from pipeline import stages
    from pipeline.errors import CheckFailed

    lines, warnings, blocked = stages.run_signoff_status(project, _profiles(project))
    for line in warnings:
        click.echo(line, err=True)
    echo_lines(lines)
    if blocked:
        raise CheckFailed(blocked)


# --- cycles, diff and queries (issue 6) --------------------------------------------------


@cli.command("diff")
@click.argument("previous_cycle", metavar="THEN", type=int)
@click.argument("cycle", metavar="NOW", type=int)
@click.option(
    "--profile",
    "profile_id",
    metavar="ID",
    help="Print only this profile (the workbook has them all).",
)
@pass_project
@handle_errors
def diff_command(project: Project, previous_cycle: int, cycle: int, profile_id: str | None) -> None:
    """What changed in every profile between survey cycles THEN and NOW.

    Prints, per profile, the new, rising, falling and dropped items (rising/falling: the
    mean future importance moved by at least `trend_threshold` of RAW/osaaja.yaml, 0.3 by
    default) with the organisations behind each figure, and the theme shares then and now.
    Writes every profile's changes to BUILD/analyst/diff_THEN_NOW.xlsx. Needs a built
    store (`osaaja build`). Exit 2 for a cycle or profile the store does not have.

    Example:

        osaaja diff 2019 2022

        osaaja diff 2019 2022 --profile lahihoitaja
    """
    from pipeline import stages

    echo_lines(stages.run_diff(project, previous_cycle, cycle, profile_id))


@cli.command("new-cycle")
@click.argument("cycle", metavar="YEAR", type=int)
@pass_project
@handle_errors
def new_cycle_command(project: Project, cycle: int) -> None:
    """Prepare RAW/YEAR/ for the next survey round.

    Writes RAW/YEAR/README.md (what to drop in, the file names the profiles expect) and
    RAW/YEAR/REREVIEW.md (every existing sign-off, to be renewed for YEAR), and an empty
    RAW/item_aliases.yaml if there is none. Profiles, theme overrides and aliases carry
    over as they are. Nothing that exists is overwritten: running it again is harmless.
    Exit 2 when YEAR is before the latest cycle in RAW.

    Example:

        osaaja new-cycle 2025
    """
    from pipeline import cycles

    prepared = cycles.prepare_cycle(project, cycle)
    for path in prepared.created:
        click.echo(f"created {path}")
    for path in prepared.kept:
        click.echo(f"kept    {path} (exists; not overwritten)")
    for note in prepared.notes:
        click.echo(note)
    click.echo(f"next: drop the {cycle} exports into {prepared.folder}/ and run `osaaja build`")


@cli.command("query")
@click.argument("sql")
@click.option(
    "--table", "fmt", flag_value="table", default=True, help="Aligned columns (the default)."
)
@click.option("--csv", "fmt", flag_value="csv", help="CSV with a header row, full precision.")
@click.option("--json", "fmt", flag_value="json", help="A JSON list of objects, full precision.")
@click.option("--markdown", "fmt", flag_value="markdown", help="A Markdown pipe table.")
@pass_project
@handle_errors
def query_command(project: Project, sql: str, fmt: str) -> None:
    """Run one read-only SQL query on the store and print the result.

    SQL is one SELECT (or WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN, a read PRAGMA);
    '-' reads it from standard input. Anything that writes (INSERT, UPDATE, CREATE, COPY,
    ATTACH...) is refused with exit 2, as is a query DuckDB rejects; exit 1 when there is
    no store yet. The views are listed in docs/store.md, recipes in docs/queries.md.

    Example:

    \b
        osaaja query "SELECT theme, count(*) AS n FROM item_scores GROUP BY 1"
        osaaja query --csv "FROM item_changes WHERE status = 'rising'" > up.csv
        osaaja query --markdown - < question.sql
    """
    from pipeline import query

    if sql == "-":
        with click.open_file("-") as stdin:
            sql = stdin.read()
    result = query.run_query(project.store_path, sql)
    click.echo(query.format_result(result, fmt), nl=False)


# --- the whole chain --------------------------------------------------------------------


@cli.command("build")
@_pdf_option
@_workers_option
@pass_project
@handle_errors
def build_command(project: Project, no_pdf: bool, workers: int | None) -> None:
    """Run the whole job: ingest, theme, check, sign-off status, render and publish.

    All or nothing: the chain works on a copy of BUILD/ that replaces it only when every
    stage succeeded. Profiles not approved and current, or failing quality checks, are
    left off the site and listed. Ends with where to open the site.

    Example:

        osaaja build

        osaaja --raw exports/ --build out/ build --no-pdf
    """
    from pipeline import stages

    echo_lines(stages.run_build(project, pdf=not no_pdf, workers=workers))
