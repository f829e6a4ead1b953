"""Stage runners: the library calls behind each command, with their summaries.

The CLI only parses options and prints what these return, so the same runs are
available to scripts and tests without click.
"""

from __future__ import annotations

from pipeline import ingest as ingest_mod
from pipeline import store
from pipeline.project import Project


def run_ingest(project: Project, *, keep_going: bool = False) -> list[str]:
    """Read raw/ and rebuild the store; returns the lines of the run summary."""
    result = ingest_mod.ingest(project.raw, keep_going=keep_going)
    store.build_store(project.store_path, result)
    lines = list(result.notes)
    if result.skipped_files:
        lines += [str(p) for p in result.problems]
        lines.append(
            f"skipped {len(result.skipped_files)} file(s) with problems (--keep-going): "
            + ", ".join(result.skipped_files)
        )
    n_ratings, n_summary = result.n_ratings, result.n_summary_rows
    lines.append(
        f"ingested {len(result.files)} file(s), {len(result.sources)} survey sheet(s): "
        f"{n_ratings} rating rows, {n_summary} summary rows -> {project.store_path}"
    )
    return lines
