"""The input contract (``shared/spec/cq-export.md``): workbooks in, typed rows with lineage out.

``ingest(raw)`` reads every workbook under ``raw/`` and returns an ``IngestResult`` of
pandas DataFrames ready for a bulk load into the store, plus every problem found. The
per-sheet work (``parse_sheet``) is pure: rows of cell values in, rows and problems out.

Speed matters (a region's full history is ~10^6 ratings): columns are normalised over
their *distinct* values (``pd.factorize``) and checked with vectorised masks, so the
Python work per rating row is a few list operations, not a function call per cell.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.contract import (
    FIELD_LABELS,
    FILE_NAME,
    MAX_HEADER_ROW,
    RATING_COLUMNS,
    REQUIRED,
    SUMMARY_COLUMNS,
)
from pipeline.errors import DataError, Problem
from pipeline.procutil import die_with_parent
from pipeline.progress import NO_PROGRESS, Progress
from pipeline.sanitize import path_label
from pipeline.sheet import parse_sheet
from pipeline.slugs import slugify
from pipeline.workbook import find_workbooks, read_sheets, read_untrusted

SOURCE_COLUMNS = [
    "file",
    "sha256",
    "sheet",
    "layout",
    "cycle",
    "field",
    "occupation",
    "field_slug",
    "occupation_slug",
    "survey_id",
    "region",
    "survey",
    "date",
    "horizon",
    "hidden",
    "rows_read",
    "rows_skipped",
    "metadata",
]
FILE_COLUMNS = ["file", "sha256", "size_bytes", "layouts", "sheets", "skipped_sheets", "metadata"]


@dataclass
class IngestResult:
    """What a run read. Rating and summary rows stay one frame per sheet (text columns are
    Categoricals with per-sheet categories), so the store can bulk-load each without a
    costly concatenation; ``ratings``/``summary_rows`` give one frame for small data."""

    files: pd.DataFrame
    sources: pd.DataFrame
    rating_frames: list[pd.DataFrame]
    summary_frames: list[pd.DataFrame]
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # skipped sheets, hidden sheets, lock files
    skipped_files: list[str] = field(default_factory=list)  # with --keep-going

    @property
    def ratings(self) -> pd.DataFrame:
        return _concat(self.rating_frames, RATING_COLUMNS)

    @property
    def summary_rows(self) -> pd.DataFrame:
        return _concat(self.summary_frames, SUMMARY_COLUMNS)

    @property
    def n_ratings(self) -> int:
        return sum(len(f) for f in self.rating_frames)

    @property
    def n_summary_rows(self) -> int:
        return sum(len(f) for f in self.summary_frames)


# --- the whole folder -------------------------------------------------------------------


# Above this much input, workbooks are read in parallel processes (one per core): reading
# is the bulk of ingest time, and below it a process pool costs more than it saves.
PARALLEL_MIN_BYTES = 16 * 2**20


def ingest(
    raw: Path,
    *,
    keep_going: bool = False,
    workers: int | None = None,
    progress: Progress = NO_PROGRESS,
) -> IngestResult:
    """Read every workbook under ``raw``. Raises ``DataError`` listing every problem, unless
    ``keep_going``, in which case files with problems are skipped and listed."""
    if not raw.is_dir():
        raise DataError(
            [
                Problem(
                    str(raw),
                    message="is not a folder; pass --raw with the folder of survey exports",
                )
            ]
        )
    problems: list[Problem] = []
    notes: list[str] = []
    skipped: list[str] = []
    files, sources, ratings, summaries = [], [], [], []
    jobs = []
    for path in find_workbooks(raw):
        # Printable text even when a name's bytes are not UTF-8 (then shown as \xNN): the
        # label goes into messages and the store's lineage; the file is read by its path.
        rel = path_label(path.relative_to(raw).as_posix())
        label = path_label((raw / path.relative_to(raw)).as_posix())
        if path.name.startswith(("~$", ".~lock")):
            notes.append(f"{label}: skipped, an editor's lock file")
        else:
            jobs.append((path, rel, label))
    with progress.stage("reading workbooks", len(jobs)) as advance:
        read = _read_all(jobs, workers, advance)
    for (_path, _rel, label), (file_problems, file_notes, parts) in zip(jobs, read, strict=True):
        notes.extend(file_notes)
        if file_problems:
            problems.extend(file_problems)
            skipped.append(label)
            continue
        file_row, source_rows, rating_frames, summary_frames = parts
        files.append(file_row)
        sources.extend(source_rows)
        ratings.extend(rating_frames)
        summaries.extend(summary_frames)
    if not jobs and not problems:
        problems.append(
            Problem(
                raw.as_posix(),
                message="holds no workbooks (.xlsx or .xlsm); put the survey exports here",
            )
        )
    duplicates = _duplicate_surveys(sources)
    problems.extend(duplicates)
    if duplicates and keep_going:
        # Keep the first sheet of each survey; a second one would count its organisations twice.
        dropped = {(p.file, p.sheet) for p in duplicates}
        skipped += [f"{file} › {sheet}" for file, sheet in sorted(dropped)]
        sources = [s for s in sources if (s["_label"], s["sheet"]) not in dropped]
        kept = {(s["file"], s["sheet"]) for s in sources}
        ratings = [f for f in ratings if (f["file"].iat[0], f["sheet"].iat[0]) in kept]
        summaries = [f for f in summaries if (f["file"].iat[0], f["sheet"].iat[0]) in kept]
    if problems and not keep_going:
        raise DataError(
            problems,
            headline=f"{len(problems)} problem(s) in {raw.as_posix()}; nothing was changed "
            "(use --keep-going to load the good files and skip the rest).",
        )
    return IngestResult(
        files=pd.DataFrame(files, columns=FILE_COLUMNS),
        sources=pd.DataFrame(sources, columns=SOURCE_COLUMNS),
        rating_frames=ratings,
        summary_frames=summaries,
        problems=problems,
        notes=notes,
        skipped_files=skipped,
    )


def _read_all(jobs: list[tuple[Path, str, str]], workers: int | None, advance):
    """``read_file`` for every job, in order; in parallel processes when the input is large."""
    workers = workers or os.cpu_count() or 1
    total = sum(path.stat().st_size for path, _, _ in jobs if path.exists())
    results = []
    if workers < 2 or len(jobs) < 2 or total < PARALLEL_MIN_BYTES:
        for job in jobs:
            results.append(read_file(*job))
            advance(1)
        return results
    # spawn, not fork: the parent may already run DuckDB threads, which fork does not copy safely.
    with ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)),
        mp_context=mp.get_context("spawn"),
        initializer=die_with_parent,  # no reader outlives a killed run
        initargs=(os.getpid(),),
    ) as pool:
        for result in pool.map(read_file, *zip(*jobs, strict=True)):
            results.append(result)
            advance(1)
    return results


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    if not frames:
        return _empty(columns)
    frames = [
        f.astype({c: object for c in f.columns if isinstance(f[c].dtype, pd.CategoricalDtype)})
        for f in frames
    ]
    return pd.concat(frames, ignore_index=True)[columns]


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=_DTYPES.get(c, "object")) for c in columns})


_DTYPES = {
    "cycle": "int64",
    "row": "int64",
    "importance_now": "Int8",
    "importance_future": "Int8",
    "n_organisations": "int64",
    "mean_now": "float64",
    "mean_future": "float64",
    "sd_now": "float64",
    "sd_future": "float64",
    "change": "float64",
}


def _duplicate_surveys(sources: list[dict]) -> list[Problem]:
    """The same survey in two sheets would count its organisations twice."""
    seen: dict[str, dict] = {}
    problems = []
    for src in sources:
        first = seen.setdefault(src["survey_id"], src)
        if first is not src:
            problems.append(
                Problem(
                    src["_label"],
                    src["sheet"],
                    message=(
                        f"survey {src['survey_id']} (cycle, field, occupation) is already in {first['_label']} › "
                        f"{first['sheet']}; each survey must come from one sheet — remove one or fix its metadata"
                    ),
                )
            )
    return problems


def read_file(path: Path, rel: str, label: str):
    """One workbook: (problems, notes, (file_row, source_rows, rating_frames, summary_frames))."""
    data, refused = read_untrusted(path, label)
    if refused:
        return [refused], [], None
    sha = "sha256:" + hashlib.sha256(data).hexdigest()
    sheets, problems = read_sheets(data, label)
    notes: list[str] = []
    name_meta = metadata_from_path(Path(rel))
    source_rows, rating_frames, summary_frames = [], [], []
    layouts, data_sheets, skipped_sheets, file_meta = [], [], [], {}
    for sheet in sheets:
        result, sheet_problems = parse_sheet(sheet, label, name_meta)
        problems.extend(sheet_problems)
        if result is None:
            if not sheet_problems:
                skipped_sheets.append(sheet.name)
                notes.append(
                    f"{label} › {sheet.name}: skipped, no header row of a survey table in the first "
                    f"{MAX_HEADER_ROW} rows"
                )
            continue
        if sheet.hidden:
            notes.append(
                f"{label} › {sheet.name}: hidden sheet read as data (it has a survey header)"
            )
        meta = result.meta
        field_slug, occupation_slug = slugify(meta["field"]), slugify(meta["occupation"])
        survey_id = f"{meta['cycle']}_{field_slug}_{occupation_slug}"
        source_rows.append(
            {
                "file": rel,
                "_label": label,
                "sha256": sha,
                "sheet": sheet.name,
                "layout": result.layout,
                "cycle": meta["cycle"],
                "field": meta["field"],
                "occupation": meta["occupation"],
                "field_slug": field_slug,
                "occupation_slug": occupation_slug,
                "survey_id": survey_id,
                "region": meta.get("region"),
                "survey": meta.get("survey"),
                "date": meta.get("date"),
                "horizon": meta.get("horizon"),
                "hidden": sheet.hidden,
                "rows_read": result.rows_read,
                "rows_skipped": result.rows_skipped,
                "metadata": json.dumps(result.extra_meta, ensure_ascii=False, sort_keys=True),
            }
        )
        table = result.table
        table.insert(0, "survey_id", survey_id)
        table.insert(0, "occupation", meta["occupation"])
        table.insert(0, "field", meta["field"])
        table.insert(0, "cycle", meta["cycle"])
        table["file"] = rel
        table["sheet"] = sheet.name
        (rating_frames if result.layout == "A" else summary_frames).append(table)
        layouts.append(result.layout)
        data_sheets.append(sheet.name)
        file_meta[sheet.name] = {**{k: v for k, v in meta.items()}, **result.extra_meta}
    if not problems and not data_sheets:
        problems.append(
            Problem(
                label,
                message=(
                    "has no data sheet: no sheet has a header row with the columns of a ratings table "
                    f"({', '.join(FIELD_LABELS[f] for f in REQUIRED['A'])}) or a summary table "
                    f"({', '.join(FIELD_LABELS[f] for f in REQUIRED['B'])}) in its first {MAX_HEADER_ROW} rows"
                ),
            )
        )
    file_row = {
        "file": rel,
        "sha256": sha,
        "size_bytes": len(data),
        "layouts": ",".join(sorted(set(layouts))),
        "sheets": data_sheets,
        "skipped_sheets": skipped_sheets,
        "metadata": json.dumps(file_meta, ensure_ascii=False, sort_keys=True, default=str),
    }
    return problems, notes, (file_row, source_rows, rating_frames, summary_frames)


def metadata_from_path(rel: Path) -> dict[str, Any]:
    """cycle/field/occupation from ``<cycle>_<field>_<occupation>.xlsx`` and a year-named folder."""
    meta: dict[str, Any] = {}
    if rel.parent.name and re.fullmatch(r"\d{4}", rel.parent.name):
        meta["cycle"] = int(rel.parent.name)
    match = FILE_NAME.match(rel.stem)
    if match:
        meta.update(cycle=int(match["cycle"]), field=match["field"], occupation=match["occupation"])
    return meta
