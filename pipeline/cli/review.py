"""Review commands: quality checks and reviewer sign-off."""

from __future__ import annotations

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

    A packet holds the draft HTML and PDF and <profile>.signoff.yaml, pre-filled with the
    hash of the current content. The reviewer fills in name, role, decision, date and
    comments; the file is saved as RAW/signoffs/<profile>/<reviewer-name>.yaml.

    Example:

        osaaja signoff request lahihoitaja matkailupalvelujen-tuottaja

        osaaja signoff request --all
    """
    return stages.run_signoff_request(
        Run.of(project, progress), profile_ids, all_profiles=all_profiles
    )


@command(signoff_group, "status")
def signoff_status(project: Project, progress: Progress) -> StageResult:
    """List every profile's sign-off state: approved, stale (with what changed since the
    sign-off), changes requested (with the comments) or missing.

    Exit 1 when something blocks publication (a profile not approved and current, or a
    sign-off file that was refused). New sign-offs are added to the store's history.

    Example:

        osaaja signoff status
    """
    return stages.run_signoff_status(Run.of(project, progress))
