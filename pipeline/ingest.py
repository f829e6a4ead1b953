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
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline.errors import DataError, Problem
from pipeline.workbook import Sheet, column_letter, find_workbooks, read_sheets, refusal

# --- vocabulary of the contract ---------------------------------------------------------

META_KEYS: dict[str, tuple[str, ...]] = {
    "survey": ("kartoitus", "osaamiskartoitus", "survey", "kartläggning"),
    "field": ("ala", "toimiala", "koulutusala", "field", "sector", "bransch"),
    "occupation": ("ammatti", "ammattiryhmä", "tehtävä", "occupation", "yrke"),
    "region": ("alue", "seutukunta", "region"),
    "cycle": ("kierros", "vuosi", "cycle", "year", "omgång"),
    "date": ("ajankohta", "päivämäärä", "date", "datum"),
    "horizon": ("tarkasteluväli", "aikajänne", "horizon"),
}
META_ALIAS = {alias: key for key, aliases in META_KEYS.items() for alias in aliases}
MAX_META_ROWS = 15
MAX_HEADER_ROW = 20

COMMON_COLUMNS: dict[str, tuple[str, ...]] = {
    "area": ("osaamisalue", "pääalue", "kvalifikaatioalue", "competence area", "kompetensområde"),
    "sub_area": ("osa-alue", "alaryhmä", "sub-area", "delområde"),
    "item": ("osaaminen", "osaamiskuvaus", "kvalifikaatio", "competence", "kompetens"),
    "item_code": ("koodi", "tunniste", "code", "kod"),
    "kind": ("tyyppi", "laji", "kind", "type", "typ"),
}
LAYOUT_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "A": {
        **COMMON_COLUMNS,
        "organisation": ("organisaatio", "yritys", "työnantaja", "organisation"),
        "importance_now": ("nykytarve", "painoarvo nyt", "tärkeys nyt", "importance now", "vikt nu"),
        "importance_future": ("tuleva tarve", "tulevaisuuden tarve", "painoarvo tulevaisuudessa",
                              "tärkeys 3-5 v", "importance future", "vikt framtid"),
        "sector": ("toimiala", "sektori", "sector"),
        "org_size": ("henkilöstö", "koko", "size"),
        "respondent": ("vastaaja", "haastateltava", "respondent"),
        "comment": ("kommentti", "huomio", "comment"),
    },
    "B": {
        **COMMON_COLUMNS,
        "n_organisations": ("organisaatioita", "vastaajia", "n"),
        "mean_now": ("nykytarve ka.", "nykytarve keskiarvo", "mean now"),
        "mean_future": ("tuleva tarve ka.", "tuleva tarve keskiarvo", "mean future"),
        "sd_now": ("nykytarve kh.", "sd now"),
        "sd_future": ("tuleva tarve kh.", "sd future"),
        "change": ("muutos", "muutosintensiteetti", "change"),
    },
}
REQUIRED = {
    "A": ("organisation", "area", "item", "importance_now", "importance_future"),
    "B": ("area", "item", "n_organisations", "mean_now", "mean_future"),
}
LAYOUT_NAMES = {"A": "ratings (layout A)", "B": "summary (layout B)"}
FIELD_LABELS = {  # how a column is named in messages: the contract's first alias
    f: aliases[0].capitalize() for cols in LAYOUT_COLUMNS.values() for f, aliases in cols.items()
}

NOT_ASSESSED = {"", "-", "0", "ei arvioitu", "n/a"}
NOT_ASSESSED_HINT = "blank, -, 0, ei arvioitu or n/a for not assessed"
KINDS = {
    "tieto": "knowledge", "knowledge": "knowledge", "kunskap": "knowledge",
    "taito": "skill", "skill": "skill", "färdighet": "skill",
    "asenne": "attitude", "attitude": "attitude", "attityd": "attitude",
}
FOOTER_WORDS = ("yhteensä", "keskiarvo", "total", "summa")
FILE_NAME = re.compile(r"^(?P<cycle>\d{4})_(?P<field>[^_]+)_(?P<occupation>[^_]+)$")
YEAR = re.compile(r"\b(19\d\d|20\d\d|21\d\d)\b")
_WS = re.compile(r"\s+")
_UNIT = re.compile(r"\s*\([^()]*\)\s*$")


# --- text normalisation -----------------------------------------------------------------


def fold_space(text: str) -> str:
    """Trim and fold runs of whitespace (non-breaking spaces and line breaks too) to one space."""
    return _WS.sub(" ", text.replace("_x000D_", " ")).strip()


def item_key(text: str) -> str:
    """The identity of an item text: items differing only in case or spacing are the same item."""
    return unicodedata.normalize("NFC", fold_space(text)).casefold()


def slug(text: str) -> str:
    """URL- and file-safe identifier: 'Matkailupalvelujen tuottaja' -> 'matkailupalvelujen-tuottaja'."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")


def header_name(value: Any) -> str:
    """Header text as matched: case-folded, whitespace folded, trailing '(1-5)'-style unit dropped."""
    if not isinstance(value, str):
        return ""
    return _UNIT.sub("", fold_space(value)).casefold()


def cell_text(value: Any) -> str:
    """A cell as display text ('' for empty). Whole floats print as integers (codes like 12)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return fold_space(value)
    return str(value)


# --- results ----------------------------------------------------------------------------

RATING_COLUMNS = ["cycle", "field", "occupation", "survey_id", "organisation", "respondent", "area",
                  "sub_area", "item", "item_key", "item_code", "kind", "importance_now",
                  "importance_future", "sector", "org_size", "comment", "extra", "file", "sheet", "row"]
SUMMARY_COLUMNS = ["cycle", "field", "occupation", "survey_id", "area", "sub_area", "item", "item_key",
                   "item_code", "kind", "n_organisations", "mean_now", "mean_future", "sd_now",
                   "sd_future", "change", "extra", "file", "sheet", "row"]
SOURCE_COLUMNS = ["file", "sha256", "sheet", "layout", "cycle", "field", "occupation", "field_slug",
                  "occupation_slug", "survey_id", "region", "survey", "date", "horizon", "hidden",
                  "rows_read", "rows_skipped", "metadata"]
FILE_COLUMNS = ["file", "sha256", "size_bytes", "layouts", "sheets", "skipped_sheets", "metadata"]


@dataclass
class SheetResult:
    layout: str
    meta: dict[str, Any]
    extra_meta: dict[str, str]
    table: pd.DataFrame  # RATING_COLUMNS or SUMMARY_COLUMNS minus the survey columns
    rows_read: int
    rows_skipped: int


@dataclass
class IngestResult:
    files: pd.DataFrame
    sources: pd.DataFrame
    ratings: pd.DataFrame
    summary_rows: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # skipped sheets, hidden sheets, lock files
    skipped_files: list[str] = field(default_factory=list)  # with --keep-going


# --- the whole folder -------------------------------------------------------------------


def ingest(raw: Path, *, keep_going: bool = False) -> IngestResult:
    """Read every workbook under ``raw``. Raises ``DataError`` listing every problem, unless
    ``keep_going``, in which case files with problems are skipped and listed."""
    if not raw.is_dir():
        raise DataError([Problem(str(raw), message="is not a folder; pass --raw with the folder of survey exports")])
    problems: list[Problem] = []
    notes: list[str] = []
    skipped: list[str] = []
    files, sources, ratings, summaries = [], [], [], []
    for path in find_workbooks(raw):
        rel = path.relative_to(raw).as_posix()
        label = (raw / rel).as_posix()
        if path.name.startswith(("~$", ".~lock")):
            notes.append(f"{label}: skipped, an editor's lock file")
            continue
        file_problems, file_notes, parts = read_file(path, rel, label)
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
    if not files and not problems:
        problems.append(Problem(raw.as_posix(), message="holds no workbooks (.xlsx or .xlsm); put the survey exports here"))
    if problems and not keep_going:
        raise DataError(problems, headline=f"{len(problems)} problem(s) in {raw.as_posix()}; nothing was changed "
                        "(use --keep-going to load the good files and skip the rest).")
    problems.extend(_duplicate_surveys(sources))
    if problems and not keep_going:
        raise DataError(problems)
    return IngestResult(
        files=pd.DataFrame(files, columns=FILE_COLUMNS),
        sources=pd.DataFrame(sources, columns=SOURCE_COLUMNS),
        ratings=_concat(ratings, RATING_COLUMNS),
        summary_rows=_concat(summaries, SUMMARY_COLUMNS),
        problems=problems,
        notes=notes,
        skipped_files=skipped,
    )


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    if not frames:
        return _empty(columns)
    return pd.concat(frames, ignore_index=True)[columns]


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=_DTYPES.get(c, "object")) for c in columns})


_DTYPES = {"cycle": "int64", "row": "int64", "importance_now": "Int8", "importance_future": "Int8",
           "n_organisations": "int64", "mean_now": "float64", "mean_future": "float64",
           "sd_now": "float64", "sd_future": "float64", "change": "float64"}


def _duplicate_surveys(sources: list[dict]) -> list[Problem]:
    """The same survey in two sheets would count its organisations twice."""
    seen: dict[str, dict] = {}
    problems = []
    for src in sources:
        first = seen.setdefault(src["survey_id"], src)
        if first is not src:
            problems.append(Problem(src["_label"], src["sheet"], message=(
                f"survey {src['survey_id']} (cycle, field, occupation) is already in {first['_label']} › "
                f"{first['sheet']}; each survey must come from one sheet — remove one or fix its metadata")))
    return problems


def read_file(path: Path, rel: str, label: str):
    """One workbook: (problems, notes, (file_row, source_rows, rating_frames, summary_frames))."""
    refused = refusal(path, label)
    if refused:
        return [refused], [], None
    data = path.read_bytes()
    sha = "sha256:" + hashlib.sha256(data).hexdigest()
    sheets, problems = read_sheets(path, label)
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
                notes.append(f"{label} › {sheet.name}: skipped, no header row of a survey table in the first "
                             f"{MAX_HEADER_ROW} rows")
            continue
        if sheet.hidden:
            notes.append(f"{label} › {sheet.name}: hidden sheet read as data (it has a survey header)")
        meta = result.meta
        survey_id = f"{meta['cycle']}_{slug(meta['field'])}_{slug(meta['occupation'])}"
        source_rows.append({
            "file": rel, "_label": label, "sha256": sha, "sheet": sheet.name, "layout": result.layout,
            "cycle": meta["cycle"], "field": meta["field"], "occupation": meta["occupation"],
            "field_slug": slug(meta["field"]), "occupation_slug": slug(meta["occupation"]),
            "survey_id": survey_id, "region": meta.get("region"), "survey": meta.get("survey"),
            "date": meta.get("date"), "horizon": meta.get("horizon"), "hidden": sheet.hidden,
            "rows_read": result.rows_read, "rows_skipped": result.rows_skipped,
            "metadata": json.dumps(result.extra_meta, ensure_ascii=False, sort_keys=True),
        })
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
        problems.append(Problem(label, message=(
            "has no data sheet: no sheet has a header row with the columns of a ratings table "
            f"({', '.join(FIELD_LABELS[f] for f in REQUIRED['A'])}) or a summary table "
            f"({', '.join(FIELD_LABELS[f] for f in REQUIRED['B'])}) in its first {MAX_HEADER_ROW} rows")))
    file_row = {
        "file": rel, "sha256": sha, "size_bytes": len(data), "layouts": ",".join(sorted(set(layouts))),
        "sheets": data_sheets, "skipped_sheets": skipped_sheets,
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


# --- one sheet --------------------------------------------------------------------------


def find_header(rows: list[list[Any]]) -> tuple[int, str, dict[str, list[int]]] | None:
    """(row index, layout, field -> column indexes) of the first row within the first 20 that
    holds the required columns of a layout. Several columns for a field are kept so the
    caller can report them."""
    for r, row in enumerate(rows[:MAX_HEADER_ROW]):
        names = [header_name(v) for v in row]
        if not any(names):
            continue
        for layout, columns in LAYOUT_COLUMNS.items():
            found: dict[str, list[int]] = {}
            for c, name in enumerate(names):
                for fname, aliases in columns.items():
                    if name in aliases:
                        found.setdefault(fname, []).append(c)
                        break
            if all(f in found for f in REQUIRED[layout]):
                return r, layout, found
    return None


def parse_metadata(rows: list[list[Any]], label: str, sheet: str, first_row: int):
    """Recognised metadata and free metadata from the rows above the header."""
    meta: dict[str, Any] = {}
    extra: dict[str, str] = {}
    problems: list[Problem] = []
    for r, row in enumerate(rows[-MAX_META_ROWS:] if len(rows) > MAX_META_ROWS else rows):
        r_abs = first_row + (r if len(rows) <= MAX_META_ROWS else len(rows) - MAX_META_ROWS + r)
        cells = [(c, v) for c, v in enumerate(row) if cell_text(v)]
        if not cells:
            continue
        c, first = cells[0]
        key, value = None, None
        text = cell_text(first)
        if isinstance(first, str) and ":" in text and not text.endswith(":"):
            key, value = text.split(":", 1)
        elif len(cells) > 1:
            key, value = text, cells[1][1]
        else:
            extra.setdefault("title", text)
            continue
        key = key.strip().rstrip(":").strip()
        canonical = META_ALIAS.get(key.casefold())
        if canonical is None:
            extra[key] = cell_text(value)
            continue
        if canonical == "cycle":
            cycle = _year(value)
            if cycle is None:
                problems.append(Problem(label, sheet, r_abs, None, (
                    f"cycle {cell_text(value)!r} is not a year; accepted: a four-digit year such as 2022")))
                continue
            meta["cycle"] = cycle
        elif canonical == "date":
            meta["date"] = cell_text(value)
        else:
            meta[canonical] = cell_text(value) or None
    return meta, extra, problems


def _year(value: Any) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        year = int(value)
        return year if 1900 <= year <= 2199 else None
    if isinstance(value, (datetime, date)):
        return value.year
    match = YEAR.search(cell_text(value))
    return int(match.group(1)) if match else None


def parse_sheet(sheet: Sheet, label: str, name_meta: dict[str, Any]) -> tuple[SheetResult | None, list[Problem]]:
    """One sheet: None when it has no survey header (skipped, not an error)."""
    header = find_header(sheet.rows)
    if header is None:
        return None, []
    h, layout, found = header
    problems: list[Problem] = []
    header_row = sheet.first_row + h

    def col_label(c: int) -> str:
        return f"{column_letter(sheet.first_col + c)} ({cell_text(sheet.rows[h][c])})"

    for fname, cols in found.items():
        if len(cols) > 1:
            problems.append(Problem(label, sheet.name, header_row, None, (
                f"columns {', '.join(col_label(c) for c in cols)} all mean {FIELD_LABELS[fname]!r}; "
                "keep one of them or rename the others")))
    meta, extra_meta, meta_problems = parse_metadata(sheet.rows[:h], label, sheet.name, sheet.first_row)
    problems.extend(meta_problems)
    for key in ("cycle", "field", "occupation"):
        if key not in meta and key in name_meta:
            meta[key] = name_meta[key]
    missing = [k for k in ("cycle", "field", "occupation") if not meta.get(k)]
    if missing:
        problems.append(Problem(label, sheet.name, None, None, (
            f"{', '.join(missing)} unknown; write them above the header (e.g. 'Kierros: 2022', 'Ala: Matkailu', "
            "'Ammatti: Matkailupalvelujen tuottaja') or name the file <cycle>_<field>_<occupation>.xlsx")))
    if problems:
        return None, problems

    columns = {f: cols[0] for f, cols in found.items()}
    extra_columns = {c: fold_space(cell_text(v)) for c, v in enumerate(sheet.rows[h])
                     if c not in columns.values() and cell_text(v)}
    table, rows_read, rows_skipped, row_problems = _parse_rows(
        sheet, h, layout, columns, extra_columns, label, col_label)
    problems.extend(row_problems)
    if problems:
        return None, problems
    return SheetResult(layout, meta, extra_meta, table, rows_read, rows_skipped), []


def _table_rows(rows: list[list[Any]]) -> tuple[list[int], int]:
    """Indexes of non-blank rows before the footer, and how many blank rows were skipped."""
    kept: list[int] = []
    blank = 0
    for i, row in enumerate(rows):
        first = next(filter(_non_empty, row), None)
        if first is None:
            blank += 1
            continue
        if isinstance(first, str) and first.lstrip()[:9].casefold().startswith(FOOTER_WORDS):
            break
        kept.append(i)
    return kept, blank


def _non_empty(value: Any) -> bool:
    return value is not None and value != ""


def _parse_rows(sheet: Sheet, h: int, layout: str, columns: dict[str, int], extra_columns: dict[int, str],
                label: str, col_label: Callable[[int], str]):
    body = sheet.rows[h + 1:]
    kept, blank = _table_rows(body)
    excel_rows = np.asarray(kept, dtype=np.int64) + (sheet.first_row + h + 1)
    problems: list[Problem] = []
    width = len(sheet.rows[h])
    kept_rows = [body[i] for i in kept]
    cols = list(zip(*kept_rows, strict=False)) if kept_rows else [() for _ in range(width)]

    def column(fname: str) -> tuple:
        c = columns.get(fname)
        return cols[c] if c is not None and c < len(cols) else (("",) * len(kept))

    def report(fname: str, bad: np.ndarray, raw_values: tuple, what: Callable[[Any], str]) -> None:
        for i in np.flatnonzero(bad):
            problems.append(Problem(label, sheet.name, int(excel_rows[i]), col_label(columns[fname]), what(raw_values[i])))

    out: dict[str, Any] = {}
    # Texts: normalised once per distinct value.
    for fname in ("area", "sub_area", "item", "item_code", "organisation", "respondent", "sector",
                  "org_size", "comment"):
        if fname in LAYOUT_COLUMNS[layout]:
            out[fname] = _map_distinct(column(fname), lambda v: cell_text(v) or None)
    area_written = out["area"].notna()
    group = area_written.cumsum()
    out["area"] = out["area"].ffill()
    # sub_area inherits only within the same written area: a new area starts without one.
    out["sub_area"] = out["sub_area"].groupby(group).ffill()
    if out["area"].isna().any():
        report("area", out["area"].isna().to_numpy(), column("area"),
               lambda v: "area is empty and there is no area above it; write the competence area in the first row of its group")
    if out["item"].isna().any():
        report("item", out["item"].isna().to_numpy(), column("item"),
               lambda v: "competence text is empty; every row needs its item (items never inherit from above)")
    out["item_key"] = _map_distinct(out["item"].to_numpy(), lambda v: item_key(v) if v else None)
    kinds = _map_distinct(column("kind"), _kind)
    bad_kind = (kinds == "!").to_numpy()
    if bad_kind.any():
        report("kind", bad_kind, column("kind"), lambda v: (
            f"kind {cell_text(v)!r} is not recognised; accepted: Tieto/Knowledge/Kunskap, Taito/Skill/Färdighet, "
            "Asenne/Attitude/Attityd, or blank"))
    out["kind"] = kinds.where(~bad_kind, None)

    if layout == "A":
        if out["organisation"].isna().any():
            report("organisation", out["organisation"].isna().to_numpy(), column("organisation"),
                   lambda v: "organisation is empty; every rating row names the organisation that gave it")
        for fname in ("importance_now", "importance_future"):
            values = _map_distinct(column(fname), _rating)
            bad = values.isna().to_numpy()
            report(fname, bad, column(fname), lambda v: (
                f"rating {cell_text(v)!r} is not accepted; accepted: a whole number 1-5, or {NOT_ASSESSED_HINT}"))
            out[fname] = values.where(~values.isna(), 0).astype("int64").replace(0, pd.NA).astype("Int8")
        problems.extend(_duplicate_ratings(out, excel_rows, label, sheet.name))
    else:
        n_orgs = _map_distinct(column("n_organisations"), _count)
        report("n_organisations", n_orgs.isna().to_numpy(), column("n_organisations"),
               lambda v: f"number of organisations {cell_text(v)!r} is not accepted; accepted: a whole number 1 or more")
        out["n_organisations"] = n_orgs
        for fname, parse, hint in (
            ("mean_now", _mean, "a number 1-5 (3,5 or 3.5)"),
            ("mean_future", _mean, "a number 1-5 (3,5 or 3.5)"),
            ("sd_now", _sd, "a number 0 or more"),
            ("sd_future", _sd, "a number 0 or more"),
            ("change", _number, "a number such as +0,5 or -0.3"),
        ):
            if fname not in columns:
                out[fname] = pd.Series(np.full(len(kept), np.nan))
                continue
            values = _map_distinct(column(fname), parse)
            bad = values.isna().to_numpy()
            report(fname, bad, column(fname), lambda v, hint=hint: (
                f"{cell_text(v)!r} is not accepted; accepted: {hint}, or {NOT_ASSESSED_HINT}"))
            out[fname] = values.where(~values.isna(), np.nan).astype("float64")
            out[fname] = out[fname].where(out[fname] != _MISSING, np.nan)

    out["extra"] = _extra(kept_rows, extra_columns)
    out["row"] = excel_rows
    wanted = RATING_COLUMNS if layout == "A" else SUMMARY_COLUMNS
    table = pd.DataFrame({c: out[c] for c in wanted if c in out})
    for c in ("item_code", "kind"):
        table[c] = table[c].astype(object)
    return table, len(kept), blank, problems


def _map_distinct(values, fn: Callable[[Any], Any]) -> pd.Series:
    """Apply ``fn`` once per distinct value. Unhashable/mixed cells are keyed by (type, value)."""
    if len(values) == 0:
        return pd.Series([], dtype=object)
    array = np.empty(len(values), dtype=object)
    array[:] = values
    if bool in set(map(type, values)):
        # True == 1 hashes alike; key by type so a TRUE cell is not read as the rating 1.
        keyed = np.empty(len(values), dtype=object)
        keyed[:] = [(v.__class__, v) for v in values]
        codes, uniques = pd.factorize(keyed)
        uniques = [k[1] for k in uniques]
    else:
        codes, uniques = pd.factorize(array)
    mapped = np.empty(len(uniques) + 1, dtype=object)
    mapped[:] = [fn(u) for u in uniques] + [None]
    return pd.Series(mapped[codes], dtype=object)


_MISSING = -1.0  # a not-assessed marker, kept apart from None (= invalid) while parsing


def _number(value: Any) -> float | None:
    """A number, possibly text with a decimal comma and spaces. _MISSING for not assessed; None if invalid."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, (datetime, date, time, timedelta)):
        return None
    text = cell_text(value)
    if text.casefold() in NOT_ASSESSED:
        return _MISSING
    text = text.replace("\u00a0", "").replace(" ", "").replace("\u2212", "-").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _rating(value: Any) -> int | None:
    """Whole number 1-5 -> int; not assessed -> 0; anything else -> None (an error)."""
    number = _number(value)
    if number is None:
        return None
    if number == _MISSING or number == 0:
        return 0
    if number.is_integer() and 1 <= number <= 5:
        return int(number)
    return None


def _mean(value: Any) -> float | None:
    number = _number(value)
    if number is None or number == _MISSING or number == 0:
        return _MISSING if number is not None else None
    return number if 1 <= number <= 5 else None


def _sd(value: Any) -> float | None:
    number = _number(value)
    if number is None or number == _MISSING:
        return number
    return number if number >= 0 else None


def _count(value: Any) -> int | None:
    number = _number(value)
    if number is None or number == _MISSING or not number.is_integer() or number < 1:
        return None
    return int(number)


def _kind(value: Any) -> str | None:
    text = cell_text(value).casefold()
    if not text:
        return None
    return KINDS.get(text, "!")


def _duplicate_ratings(out: dict[str, Any], excel_rows: np.ndarray, label: str, sheet: str) -> list[Problem]:
    """One organisation rating the same item twice, unless by different respondents."""
    keys = pd.DataFrame({"o": out["organisation"], "r": out["respondent"].fillna(""), "k": out["item_key"]})
    dup = keys.duplicated(keep=False).to_numpy()
    if not dup.any():
        return []
    problems = []
    for (org, _resp, _key), idx in keys[dup].groupby(["o", "r", "k"], sort=False).groups.items():
        rows = [int(excel_rows[i]) for i in idx]
        problems.append(Problem(label, sheet, rows[0], None, (
            f"organisation {org!r} rates the same item {out['item'][idx[0]]!r} again in row(s) "
            f"{', '.join(map(str, rows[1:]))}; keep one rating, or fill in the Vastaaja (respondent) column "
            "when several people of one organisation answered")))
    return problems


def _extra(rows: list[list[Any]], extra_columns: dict[int, str]) -> list[str | None]:
    """Unknown columns, kept as a JSON object per row."""
    if not extra_columns:
        return [None] * len(rows)
    items = list(extra_columns.items())
    return [json.dumps({name: cell_text(row[c]) for c, name in items if c < len(row) and cell_text(row[c])},
                       ensure_ascii=False, sort_keys=True) for row in rows]
