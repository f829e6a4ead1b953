"""Data commands: ingest, theming, the theme rules, change between cycles, the next
round, and read-only queries."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline import query, stages
from pipeline.cli.base import cli, command
from pipeline.progress import Progress
from pipeline.project import Project
from pipeline.stages import Run, StageResult
from pipeline.store import adhoc


@command(cli)
@click.option(
    "--keep-going",
    is_flag=True,
    help="Load the good files and list the bad ones instead of stopping.",
)
def ingest(project: Project, progress: Progress, keep_going: bool) -> StageResult:
    """Rebuild the store BUILD/skills.duckdb from every workbook under RAW.

    The items are themed and the profiles computed in the same run. All or nothing: on
    any problem every problem is listed, exit code 1, and the old store stays as it was.

    Example:

        osaaja ingest

        osaaja --raw exports/ ingest --keep-going
    """
    return stages.run_ingest(Run.of(project, progress), keep_going=keep_going)


@cli.group("themes")
def themes_group() -> None:
    """The theme rules (themes.yaml): check them, see why a text gets its theme, or
    promote the analysts' overrides into examples.

    Example:

        osaaja themes check

        osaaja themes explain "Palvelee asiakkaita ruotsiksi"

        osaaja themes promote
    """


@command(themes_group, "check")
def themes_check(project: Project, progress: Progress) -> StageResult:
    """Validate themes.yaml (schema, colour contrast) and run every theme's examples.

    Also checks that RAW/theme_overrides.yaml only names known themes. Exit 1 naming
    the theme, rule and example (with its line) when something fails.

    Example:

        osaaja themes check

        osaaja --themes my-themes.yaml themes check
    """
    return stages.run_themes_check(project)


@command(themes_group, "explain")
@click.argument("texts", metavar="TEXT...", nargs=-1, required=True)
@click.option("--field", metavar="SLUG", help="The field the text was surveyed in (scoped rules).")
@click.option("--occupation", metavar="SLUG", help="The occupation, likewise.")
def themes_explain(
    project: Project,
    progress: Progress,
    texts: tuple[str, ...],
    field: str | None,
    occupation: str | None,
) -> StageResult:
    """Show how each TEXT is matched: its words as Voikko reads them (lemma and compound
    parts), every rule hit with its evidence, the decision and why it is doubtful.

    Without --field/--occupation, rules scoped to a field apply and say so (doubtful).

    Example:

        osaaja themes explain "Tukee lapsen kielen kehitystä" "Puhuu saamen kieltä"

        osaaja themes explain --field ict "Hallinnoi käyttäjätunnuksia"
    """
    return stages.run_themes_explain(project, texts, field, occupation)


@command(themes_group, "promote")
@click.option("--dry-run", is_flag=True, help="Show what would be promoted; write nothing.")
def themes_promote(project: Project, progress: Progress, dry_run: bool) -> StageResult:
    """Write the decisions of RAW/theme_overrides.yaml into themes.yaml as examples.

    Every override by item text becomes an example (examples.match) of its theme, so the
    rule set's own tests grow with every cycle. Overrides by code, items that already
    are an example, and themes whose examples are a flow list ([...]) are skipped and
    listed.
    themes.yaml is rewritten all-or-nothing, comments and layout kept. Then the examples
    are run: the promoted ones no rule reaches yet are listed (`osaaja themes check`
    fails on them until a rule does; their overrides keep pinning the items meanwhile).
    Exit 1 when an override names a theme themes.yaml does not have.

    Example:

        osaaja themes promote --dry-run

        osaaja themes promote && osaaja themes check
    """
    return stages.run_themes_promote(project, dry_run=dry_run)


@command(cli, "theme")
def theme_command(project: Project, progress: Progress) -> StageResult:
    """Theme every distinct item in the store and write the analyst workbooks.

    Reads items from BUILD/skills.duckdb (run `osaaja ingest` first), applies
    themes.yaml and RAW/theme_overrides.yaml, rewrites the store all-or-nothing (themes,
    and the profiles that depend on them) and BUILD/analyst/<cycle>_themes.xlsx, and
    prints the share themed by rules alone, the unthemed queue and stale overrides.

    Example:

        osaaja ingest && osaaja theme
    """
    return stages.run_theme(Run.of(project, progress))


@command(cli, "diff")
@click.argument("previous_cycle", metavar="THEN", type=int)
@click.argument("cycle", metavar="NOW", type=int)
@click.option(
    "--profile",
    "profile_id",
    metavar="ID",
    help="Print only this profile (the workbook has them all).",
)
def diff_command(
    project: Project, progress: Progress, previous_cycle: int, cycle: int, profile_id: str | None
) -> StageResult:
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
    return stages.run_diff(Run.of(project, progress), previous_cycle, cycle, profile_id)


@command(cli, "new-cycle")
@click.argument("cycle", metavar="YEAR", type=int)
def new_cycle_command(project: Project, progress: Progress, cycle: int) -> StageResult:
    """Prepare RAW/YEAR/ for the next survey round.

    Writes RAW/YEAR/README.md (what to drop in, the file names the profiles expect) and
    RAW/YEAR/REREVIEW.md (every existing sign-off, to be renewed for YEAR), and an empty
    RAW/item_aliases.yaml if there is none. Profiles, theme overrides and aliases carry
    over as they are. Nothing that exists is overwritten: running it again is harmless.
    Exit 2 when YEAR is before the latest cycle in RAW.

    Example:

        osaaja new-cycle 2025
    """
    return stages.run_new_cycle(Run.of(project, progress), cycle)


@command(cli, "query")
@click.argument("sql")
@click.option(
    "--table", "fmt", flag_value="table", default=True, help="Aligned columns (the default)."
)
@click.option("--csv", "fmt", flag_value="csv", help="CSV with a header row, full precision.")
@click.option("--json", "fmt", flag_value="json", help="A JSON list of objects, full precision.")
@click.option("--markdown", "fmt", flag_value="markdown", help="A Markdown pipe table.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=adhoc.DEFAULT_TIMEOUT_S,
    show_default=True,
    help="Seconds before the query is stopped.",
)
@click.option(
    "--memory-limit",
    default=adhoc.DEFAULT_MEMORY_LIMIT,
    show_default=True,
    help="Memory the query may use (e.g. 512MB, 4GB).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=adhoc.DEFAULT_MAX_ROWS,
    show_default=True,
    help="Rows the result may have.",
)
def query_command(
    project: Project,
    progress: Progress,
    sql: str,
    fmt: str,
    timeout: float,
    memory_limit: str,
    max_rows: int,
) -> None:
    """Run one read-only SQL query on the store and print the result.

    SQL is one SELECT (or WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN, a read PRAGMA);
    '-' reads it from standard input. Anything that writes (INSERT, UPDATE, CREATE, COPY,
    ATTACH...) is refused with exit 2, as is a query DuckDB rejects; exit 1 when there is
    no store yet. A query is stopped past its time, memory or row limit (exit 2, naming
    the option that raises it). The views are listed in docs/store.md, recipes in
    docs/queries.md.

    Example:

    \b
        osaaja query "SELECT theme, count(*) AS n FROM item_scores GROUP BY 1"
        osaaja query --csv "FROM item_changes WHERE status = 'rising'" > up.csv
        osaaja query --markdown - < question.sql
    """
    if sql == "-":
        with click.open_file("-") as stdin:
            sql = stdin.read()
    result = query.run_query(
        Path(project.store_path), sql, timeout=timeout, memory_limit=memory_limit, max_rows=max_rows
    )
    click.echo(query.format_result(result, fmt), nl=False)
