"""The whole chain (``osaaja build``): ingest → theme → check → sign-off status → render →
publish, all or nothing, with the store written once."""

from __future__ import annotations

import shutil

from pipeline import signoff, store
from pipeline.checks import run_checks
from pipeline.fsutil import atomic_dir, preflight
from pipeline.ingest import ingest
from pipeline.stages.core import Run, StageResult, holding_build_lock
from pipeline.stages.data import ingest_lines, load_new_store, theme_result, write_workbooks
from pipeline.stages.output import Inputs, publish_stage
from pipeline.stages.review import (
    check_result,
    context,
    profiles_in,
    publication_gate,
    publication_plan,
    staged,
    theme_infos,
)

# Never carried into a new build: the store is built anew (its history is carried
# row by row), and leftovers of interrupted writes are not outputs.
NOT_CARRIED = ("skills.duckdb", "*.wal", ".*.tmp")


@holding_build_lock("build")
def run_build(run: Run, *, pdf: bool = True, workers: int | None = None) -> StageResult:
    """Every stage works on a staging copy of BUILD/ (so unchanged PDFs are reused), which
    replaces BUILD/ only when the whole chain succeeded. Profiles that are not approved
    and current, or that fail quality checks, are left off the site and listed; that is
    the workflow, not a failure."""
    project = run.project
    result = StageResult()
    preflight(project.build)  # a folder we cannot swap fails now, not after the whole build
    data = ingest(project.raw, progress=run.progress)
    with atomic_dir(project.build) as staging:
        if project.build.exists():
            shutil.copytree(
                project.build,
                staging,
                symlinks=True,
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns(*NOT_CARRIED),
            )
        stage = staged(run, staging)
        with store.writing(stage.project.store_path, from_existing=False) as con:
            derived = load_new_store(con, stage, data, project.store_path)
            themed, books = theme_result(stage, con, derived)
            profiles = profiles_in(con, stage)
            report = run_checks(profiles, run.config.checks, context(run))
            gate = publication_gate(stage, profiles, report)
            added = store.record_signoffs(con, signoff.history_rows(gate.signoffs))
            publication = publication_plan(stage, con, profiles, gate)
            requirements = store.requirement_queue_rows(con)
        result.lines += ingest_lines(data, stage.project.store_path)
        result.add(themed)
        result.lines += [f"wrote {path}" for path in write_workbooks(stage.project, books)]
        result.lines += check_result(
            stage, gate.check_report, derived.assignments, requirements
        ).lines
        result.lines += gate.refused_lines()
        result.lines += signoff.status_lines(gate.statuses)
        if added:
            result.lines.append(f"recorded {added} new sign-off(s) in the store's history")
        inputs = Inputs(profiles, theme_infos(stage), gate, publication)
        result.add(publish_stage(stage, pdf=pdf, workers=workers, inputs=inputs))
    result.lines = [line.replace(str(staging), str(project.build)) for line in result.lines]
    result.warnings = [line.replace(str(staging), str(project.build)) for line in result.warnings]
    return result
