"""Review commands: quality checks and reviewer sign-off."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline import stages
from pipeline.cli.base import cli, command
from pipeline.progress import Progress
from pipeline.project import Project
from pipeline.stages import Run, StageResult


@command(cli, "check")
def check_command(project: Project, progress: Progress) -> StageResult:
    """Run the quality checks (RAW/osaaja.yaml `checks:`) on every profile.

    Prints a table and the failing rows, and writes BUILD/checks.html. Exit 1 when a
    check has errors (they block publication); warnings are shown only.

    Example:

        osaaja check

        osaaja --build out check && xdg-open out/checks.html
    """
    return stages.run_check(Run.of(project, progress))


@cli.group("signoff")
def signoff_group() -> None:
    """Reviewer sign-off: review packets and the publication status of every profile.

    Example:

        osaaja signoff request lahihoitaja   # a review packet

        osaaja signoff status                # what blocks publication
    """


@command(signoff_group, "request")
@click.argument("profile_ids", metavar="PROFILE...", nargs=-1)
@click.option("--all", "all_profiles", is_flag=True, help="A packet for every profile.")
def signoff_request(
    project: Project, progress: Progress, profile_ids: tuple[str, ...], all_profiles: bool
) -> StageResult:
    """Write a review packet per PROFILE into BUILD/review/<profile>/.

    The packet is <profile>.review.html: one page that works on its own (open it from the
    file system, no server, no network) with the draft profile, what changed since the
    published version (or since the reader's own last approval, once they type their
    name), and a form: name, role, decision, comments. Submitting it downloads the
    reviewer's sign-off file, named and hashed as `osaaja signoff import` expects. The
    folder also holds the draft pages and PDFs, and <profile>.signoff.yaml to fill by hand.

    Example:

        osaaja signoff request lahihoitaja matkailupalvelujen-tuottaja

        osaaja signoff request --all
    """
    return stages.run_signoff_request(
        Run.of(project, progress), profile_ids, all_profiles=all_profiles
    )


@command(signoff_group, "status")
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="List every change of a stale profile, also those a new survey round brings by "
    "itself (trends, previous figures).",
)
def signoff_status(project: Project, progress: Progress, verbose: bool) -> StageResult:
    """List every profile's sign-off state: approved, stale (with what changed since the
    sign-off), changes requested (with the comments) or missing.

    Exit 1 when something blocks publication (a profile not approved and current, or a
    sign-off file that was refused). New sign-offs are added to the store's history.
    Changes that follow from a new round itself (an item's trend, its previous figure)
    are counted in one line; --verbose lists them.

    Example:

        osaaja signoff status

        osaaja signoff status --verbose
    """
    return stages.run_signoff_status(Run.of(project, progress), verbose=verbose)


@command(signoff_group, "import")
@click.argument(
    "files",
    metavar="FILE...",
    nargs=-1,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
def signoff_import(project: Project, progress: Progress, files: tuple[Path, ...]) -> StageResult:
    """File reviewers' sign-off files as RAW/signoffs/<profile>/<reviewer-slug>.yaml.

    Each FILE is validated first (schema, Finnish or English values, a real date not in
    the future, the content hash over its snapshot, a known profile); when any has a
    problem, nothing is filed and every problem is listed (exit 1). A reviewer's earlier
    approval of another version is kept at RAW/signoffs/<profile>/<cycle>/<slug>.yaml, so
    that version stays publishable. Then the state of each affected profile is shown.

    Example:

        osaaja signoff import ~/Lataukset/aino-virtanen.yaml

        osaaja signoff import returned/*.yaml
    """
    return stages.run_signoff_import(Run.of(project, progress), files)


@cli.group("evidence")
def evidence_group() -> None:
    """Evidence beside the survey: qualification requirements (ePerusteet), job ads and
    interviews (RAW/osaaja.yaml `evidence:`, docs/evidence.md). Read by every build.

    Example:

        osaaja evidence status       # what each profile has, and the review queue

        osaaja evidence proposals    # lines to paste into the requirement map
    """


@command(evidence_group, "status")
def evidence_status(project: Project, progress: Progress) -> StageResult:
    """Per profile: its qualification, how many competences a confirmed requirement covers
    (required) and how many growing ones none does (gaps), the requirement proposals
    awaiting review (queue), the ads of its occupation and how many competences they
    mention, and the interview notes and publishable quotes. Reads the store of the last
    build.

    Example:

        osaaja evidence status
    """
    return stages.run_evidence_status(Run.of(project, progress))


@command(evidence_group, "proposals")
@click.argument("profile_ids", metavar="[PROFILE]...", nargs=-1)
def evidence_proposals(
    project: Project, progress: Progress, profile_ids: tuple[str, ...]
) -> StageResult:
    """Print the requirement proposals awaiting review (of every profile, or of PROFILE)
    as lines for RAW/evidence/requirement_map.yaml: each pair under a comment with its
    score, unit, requirement text and the words that matched. Paste them under `pairs:`,
    keep `status: confirmed` where the requirement covers the competence and write
    `status: rejected` where it does not; the next build counts them.

    Example:

        osaaja evidence proposals myyja

        osaaja evidence proposals > proposals.yaml
    """
    return stages.run_evidence_proposals(Run.of(project, progress), profile_ids)
