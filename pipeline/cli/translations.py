"""Translation commands: the translators' spreadsheet out and back in, and what is missing."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline import stages
from pipeline.cli.base import cli, command
from pipeline.progress import Progress
from pipeline.project import Project
from pipeline.stages import Run, StageResult


@cli.group("translations")
def translations_group() -> None:
    """Translations of the survey texts (items, areas, regions, horizons, survey names).

    The catalogue is RAW/translations/<lang>.yaml; translators work in a spreadsheet
    (docs/translations.md).

    Example:

        osaaja translations status

        osaaja translations export sv && osaaja translations import build/translations/sv.xlsx
    """


@command(translations_group, "export")
@click.argument("lang", metavar="LANG")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Spreadsheet to write  [default: BUILD/translations/LANG.xlsx]",
)
def export_command(
    project: Project, progress: Progress, lang: str, out: Path | None
) -> StageResult:
    """Write the translators' spreadsheet for LANG (en, sv).

    One row per text the LANG pages show: key, Finnish source, translation, status,
    where used, earlier wording. A reworded item offers its old translation marked
    "needs update". Keep the file outside RAW/.

    Example:

        osaaja translations export sv

        osaaja translations export en --out ~/kaannokset/en.xlsx
    """
    return stages.run_translations_export(Run.of(project, progress), lang, out)


@command(translations_group, "import")
@click.argument("file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
def import_command(project: Project, progress: Progress, file: Path) -> StageResult:
    """Read a translated spreadsheet back into RAW/translations/<lang>.yaml.

    Every row is checked; rows with problems are listed (file › sheet › row › column)
    and keep what the catalogue had, and the command exits 1. Export then import without
    edits changes nothing.

    Example:

        osaaja translations import build/translations/sv.xlsx
    """
    return stages.run_translations_import(Run.of(project, progress), file)


@command(translations_group, "status")
def status_command(project: Project, progress: Progress) -> StageResult:
    """Per published language: texts translated, reviewed, missing and to check.

    Missing texts are shown in Finnish on the pages, marked; the quality check
    missing_translations counts them per profile and language.

    Example:

        osaaja translations status
    """
    return stages.run_translations_status(Run.of(project, progress))
