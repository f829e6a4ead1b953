"""Output commands: render, publish, and the whole chain."""

from __future__ import annotations

import click

from pipeline import stages
from pipeline.cli.base import DRAFT_HELP, cli, command, pdf_option, workers_option
from pipeline.progress import Progress
from pipeline.project import Project
from pipeline.stages import Run, StageResult


@command(cli, "render")
@click.option("--draft", is_flag=True, help=DRAFT_HELP)
@pdf_option
@workers_option
def render_command(
    project: Project, progress: Progress, draft: bool, no_pdf: bool, workers: int | None
) -> StageResult:
    """Render every profile into BUILD/profiles/<id>/: HTML and PDF, Finnish and English.

    Profiles whose content, sign-offs and templates have not changed since the last run
    are skipped. Approved profiles get their reviewers' colophon. Missing translations
    are listed.

    Example:

        osaaja render

        osaaja render --draft --no-pdf      # quick drafts, BUILD/drafts/
    """
    return stages.run_render(
        Run.of(project, progress), draft=draft, pdf=not no_pdf, workers=workers
    )


@command(cli, "publish")
@click.option("--draft", is_flag=True, help=DRAFT_HELP + " Every profile, signed off or not.")
@pdf_option
@workers_option
def publish_command(
    project: Project, progress: Progress, draft: bool, no_pdf: bool, workers: int | None
) -> StageResult:
    """Assemble the static site BUILD/site/, rendering first whatever is out of date.

    Index, profile pages and PDFs, the overview, open data (CSV, JSON, datapackage.json),
    what's new and assets. Each profile shows its latest approved version; while newer
    content is in review the page says so, and every round's approved version stays at
    BUILD/site/<cycle>/<id>/. Profiles with nothing approved are listed with the reason.
    The summary names the versions new on the site, or says nothing new was published.
    The old site stays in place until the new one is complete.

    With --draft, every profile is rendered as a draft and a drafts site is assembled in
    BUILD/drafts/site/ for reviewers; drafts never land in BUILD/site/.

    Example:

        osaaja render && osaaja publish

        osaaja publish --draft                 # BUILD/drafts/site/index.html
    """
    return stages.run_publish(
        Run.of(project, progress), draft=draft, pdf=not no_pdf, workers=workers
    )


@command(cli, "build")
@pdf_option
@workers_option
def build_command(
    project: Project, progress: Progress, no_pdf: bool, workers: int | None
) -> StageResult:
    """Run the whole job: ingest, theme, check, sign-off status, render and publish.

    All or nothing: the chain works on a copy of BUILD/ that replaces it only when every
    stage succeeded. Profiles not approved and current, or failing quality checks, are
    left off the site and listed. Ends with where to open the site.

    Example:

        osaaja build

        osaaja --raw exports/ --build out/ build --no-pdf
    """
    return stages.run_build(Run.of(project, progress), pdf=not no_pdf, workers=workers)
