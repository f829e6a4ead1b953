"""One sheet under the input contract: rows of cell values in, typed rows and every
problem out (pure; ``pipeline.ingest`` reads the files).

Speed matters (a region's full history is ~10^6 ratings): columns are normalised over
their *distinct* values (``pd.factorize``) and checked with vectorised masks, so the
Python work per rating row is a few list operations, not a function call per cell.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from pipeline.contract import (
    FIELD_LABELS,
    FOOTER_WORDS,
    LAYOUT_COLUMNS,
    MAX_HEADER_ROW,
    META_ALIAS,
    MISSING,
    NOT_ASSESSED_HINT,
    RATING_COLUMNS,
    REQUIRED,
    SUMMARY_COLUMNS,
    cell_text,
    fold_space,
    header_name,
    item_key,
    parse_count,
    parse_kind,
    parse_mean,
    parse_number,
    parse_rating,
    parse_sd,
    parse_year,
)
from pipeline.errors import Problem
from pipeline.messages import excerpt
from pipeline.sanitize import summarise_rows
from pipeline.workbook import Sheet, column_letter


@dataclass
class SheetResult:
    layout: str
    meta: dict[str, Any]
    extra_meta: dict[str, str]
    table: pd.DataFrame  # RATING_COLUMNS or SUMMARY_COLUMNS minus the survey columns
    rows_read: int
    rows_skipped: int


# --- one sheet --------------------------------------------------------------------------

CYCLE_NOT_A_YEAR = "metadata.cycle_not_a_year"


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
    """Recognised metadata and free metadata from the rows above the header (the header is
    within the first 20 rows, so this is the contract's block of up to 15 metadata rows
    plus any blank rows around it)."""
    meta: dict[str, Any] = {}
    extra: dict[str, str] = {}
    problems: list[Problem] = []
    for r, row in enumerate(rows):
        r_abs = first_row + r
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
            cycle = parse_year(value)
            if cycle is None:
                problems.append(
                    Problem(
                        label,
                        sheet,
                        r_abs,
                        None,
                        (
                            f"cycle {excerpt(cell_text(value))} is not a year; accepted: a four-digit year such as 2022"
                        ),
                        code=CYCLE_NOT_A_YEAR,
                    )
                )
                continue
            meta["cycle"] = cycle
        elif canonical == "date":
            meta["date"] = cell_text(value)
        else:
            meta[canonical] = cell_text(value) or None
    return meta, extra, problems


def parse_sheet(
    sheet: Sheet, label: str, name_meta: dict[str, Any]
) -> tuple[SheetResult | None, list[Problem]]:
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
            problems.append(
                Problem(
                    label,
                    sheet.name,
                    header_row,
                    None,
                    (
                        f"columns {', '.join(col_label(c) for c in cols)} all mean {FIELD_LABELS[fname]!r}; "
                        "keep one of them or rename the others"
                    ),
                )
            )
    meta, extra_meta, meta_problems = parse_metadata(
        sheet.rows[:h], label, sheet.name, sheet.first_row
    )
    problems.extend(meta_problems)
    for key in ("cycle", "field", "occupation"):
        if key not in meta and key in name_meta:
            meta[key] = name_meta[key]
    # A cycle already reported as "not a year" is not reported again as unknown.
    reported = {"cycle"} if any(p.code == CYCLE_NOT_A_YEAR for p in meta_problems) else set()
    missing = [k for k in ("cycle", "field", "occupation") if not meta.get(k) and k not in reported]
    if missing:
        problems.append(
            Problem(
                label,
                sheet.name,
                None,
                None,
                (
                    f"{', '.join(missing)} unknown; write them above the header (e.g. 'Kierros: 2022', 'Ala: Matkailu', "
                    "'Ammatti: Matkailupalvelujen tuottaja') or name the file <cycle>_<field>_<occupation>.xlsx"
                ),
            )
        )
    if problems:
        return None, problems

    columns = {f: cols[0] for f, cols in found.items()}
    extra_columns = {
        c: fold_space(cell_text(v))
        for c, v in enumerate(sheet.rows[h])
        if c not in columns.values() and cell_text(v)
    }
    table, rows_read, rows_skipped, row_problems = _parse_rows(
        sheet, h, layout, columns, extra_columns, label, col_label
    )
    problems.extend(row_problems)
    if problems:
        return None, problems
    return SheetResult(layout, meta, extra_meta, table, rows_read, rows_skipped), []


class _Column:
    """One sheet column as codes into its distinct values (``pd.factorize``).

    Every per-value decision (is it empty, a footer word, a valid rating?) is made once
    per distinct value and broadcast to rows through the codes.
    """

    def __init__(self, values: np.ndarray):
        if bool in set(map(type, values)):
            # True == 1 hash alike; key by type so a TRUE cell is never read as the rating 1.
            keyed = np.empty(len(values), dtype=object)
            keyed[:] = [(v.__class__, v) for v in values]
            self.codes, uniques = pd.factorize(keyed)
            self.uniques = [k[1] for k in uniques]
        else:
            self.codes, uniques = pd.factorize(values)
            self.uniques = list(uniques)

    def per_row(self, fn: Callable[[Any], Any], dtype: Any = object) -> np.ndarray:
        """``fn`` of every row's value, computed once per distinct value."""
        mapped = np.empty(len(self.uniques) + 1, dtype=dtype)
        mapped[:] = [fn(u) for u in self.uniques] + [fn("")]
        return mapped[self.codes]

    def take(self, rows: np.ndarray) -> _Column:
        out = object.__new__(_Column)
        out.codes, out.uniques = self.codes[rows], self.uniques
        return out

    def categorical(self, fn: Callable[[Any], str | None]) -> pd.Categorical:
        """Normalised text per row as a Categorical (cheap to fill down and to load into DuckDB)."""
        mapped = np.empty(len(self.uniques) + 1, dtype=object)
        mapped[:] = [fn(u) for u in self.uniques] + [None]
        # Distinct raw values can normalise alike ("Foo " and "Foo"): factorize once more.
        ucodes, cats = pd.factorize(mapped)
        return pd.Categorical.from_codes(
            ucodes[self.codes], categories=pd.Index(cats, dtype=object)
        )


def _table_extent(grid: np.ndarray) -> tuple[list[_Column], np.ndarray, int]:
    """Columns, indexes of the non-blank rows before the footer, and the blank rows skipped."""
    n, width = grid.shape
    columns = [_Column(grid[:, j]) for j in range(width)]
    filled = np.zeros((n, width), dtype=bool)
    for j, col in enumerate(columns):
        filled[:, j] = col.per_row(_non_empty, dtype=bool)
    any_filled = filled.any(axis=1)
    first = filled.argmax(axis=1)
    footer = np.zeros(n, dtype=bool)
    for j, col in enumerate(columns):
        footer |= (first == j) & col.per_row(_is_footer, dtype=bool)
    end = int(footer.argmax()) if footer.any() else n
    kept = np.flatnonzero(any_filled[:end])
    return columns, kept, end - len(kept)


def _non_empty(value: Any) -> bool:
    return value is not None and value != ""


def _is_footer(value: Any) -> bool:
    return isinstance(value, str) and value.lstrip()[:9].casefold().startswith(FOOTER_WORDS)


def _ffill(codes: np.ndarray, reset: np.ndarray | None = None) -> np.ndarray:
    """Fill -1 codes down from the row above; at ``reset`` rows the row's own value (even none) restarts."""
    positions = np.arange(len(codes))
    source = np.where(codes >= 0, positions, -1)
    if reset is not None:
        source = np.where(reset, positions, source)
    np.maximum.accumulate(source, out=source)
    return np.where(source >= 0, codes[np.maximum(source, 0)], -1)


def _fill_down(cat: pd.Categorical, reset: np.ndarray | None = None) -> pd.Categorical:
    return pd.Categorical.from_codes(_ffill(cat.codes, reset), categories=cat.categories)


def _parse_rows(
    sheet: Sheet,
    h: int,
    layout: str,
    columns: dict[str, int],
    extra_columns: dict[int, str],
    label: str,
    col_label: Callable[[int], str],
):
    body = sheet.rows[h + 1 :]
    width = len(sheet.rows[h])
    grid = np.empty((len(body), width), dtype=object)
    grid[:] = [row[:width] for row in body] if body and len(body[0]) != width else body
    all_columns, kept, blank = _table_extent(grid)
    excel_rows = kept.astype(np.int64) + (sheet.first_row + h + 1)
    problems: list[Problem] = []
    empty = _Column(np.full(len(kept), "", dtype=object))

    def column(fname: str) -> _Column:
        c = columns.get(fname)
        return all_columns[c].take(kept) if c is not None else empty

    def report(fname: str, bad: np.ndarray, what: Callable[[Any], str]) -> None:
        col = column(fname)
        for i in np.flatnonzero(bad):
            code = col.codes[i]
            value = col.uniques[code] if code >= 0 else ""
            problems.append(
                Problem(
                    label, sheet.name, int(excel_rows[i]), col_label(columns[fname]), what(value)
                )
            )

    out: dict[str, Any] = {}
    for fname in (
        "area",
        "sub_area",
        "item",
        "item_code",
        "organisation",
        "respondent",
        "sector",
        "org_size",
        "comment",
    ):
        if fname in LAYOUT_COLUMNS[layout]:
            out[fname] = column(fname).categorical(lambda v: cell_text(v) or None)
    area_written = out["area"].codes >= 0
    out["area"] = _fill_down(out["area"])
    # sub_area inherits only within the same written area: a new area starts without one.
    out["sub_area"] = _fill_down(out["sub_area"], reset=area_written)
    report(
        "area",
        out["area"].codes < 0,
        lambda v: (
            "area is empty and there is no area above it; write the competence area in the first row of its group"
        ),
    )
    report(
        "item",
        out["item"].codes < 0,
        lambda v: (
            "competence text is empty; every row needs its item (items never inherit from above)"
        ),
    )
    key_codes, key_cats = pd.factorize(
        np.array([item_key(c) for c in out["item"].categories] + [None], dtype=object)
    )
    item_codes = out["item"].codes
    out["item_key"] = pd.Categorical.from_codes(
        np.where(item_codes >= 0, key_codes[item_codes], -1),
        categories=pd.Index(key_cats, dtype=object),
    )
    kinds = column("kind").per_row(parse_kind)
    bad_kind = kinds == "!"
    report(
        "kind",
        bad_kind,
        lambda v: (
            f"kind {excerpt(cell_text(v))} is not recognised; accepted: Tieto/Knowledge/Kunskap, Taito/Skill/Färdighet, "
            "Asenne/Attitude/Attityd, or blank"
        ),
    )
    kinds[bad_kind] = None
    out["kind"] = pd.Categorical(kinds, categories=[k for k in ("knowledge", "skill", "attitude")])

    if layout == "A":
        report(
            "organisation",
            out["organisation"].codes < 0,
            lambda v: "organisation is empty; every rating row names the organisation that gave it",
        )
        for fname in ("importance_now", "importance_future"):
            values = column(fname).per_row(
                parse_rating, dtype=np.float64
            )  # NaN = invalid, 0 = not assessed
            report(
                fname,
                np.isnan(values),
                lambda v: (
                    f"rating {excerpt(cell_text(v))} is not accepted; accepted: a whole number 1-5, or {NOT_ASSESSED_HINT}"
                ),
            )
            out[fname] = pd.array(np.where(values > 0, values, np.nan), dtype="Int8")
        problems.extend(_duplicate_ratings(out, excel_rows, label, sheet.name))
    else:
        n_orgs = column("n_organisations").per_row(parse_count, dtype=np.float64)
        report(
            "n_organisations",
            np.isnan(n_orgs),
            lambda v: (
                f"number of organisations {excerpt(cell_text(v))} is not accepted; accepted: a whole number 1 or more"
            ),
        )
        out["n_organisations"] = np.nan_to_num(n_orgs).astype(np.int64)
        for fname, parse, hint in (
            ("mean_now", parse_mean, "a number 1-5 (3,5 or 3.5)"),
            ("mean_future", parse_mean, "a number 1-5 (3,5 or 3.5)"),
            ("sd_now", parse_sd, "a number 0 or more"),
            ("sd_future", parse_sd, "a number 0 or more"),
            ("change", parse_number, "a number such as +0,5 or -0.3"),
        ):
            values = column(fname).per_row(
                parse, dtype=np.float64
            )  # NaN = invalid, MISSING = not assessed
            report(
                fname,
                np.isnan(values),
                lambda v, hint=hint: (
                    f"{excerpt(cell_text(v))} is not accepted; accepted: {hint}, or {NOT_ASSESSED_HINT}"
                ),
            )
            out[fname] = np.where(values == MISSING, np.nan, values)

    out["extra"] = _extra(grid[kept], extra_columns)
    out["row"] = excel_rows
    wanted = RATING_COLUMNS if layout == "A" else SUMMARY_COLUMNS
    table = pd.DataFrame({c: out[c] for c in wanted if c in out})
    return table, len(kept), blank, problems


def _duplicate_ratings(
    out: dict[str, Any], excel_rows: np.ndarray, label: str, sheet: str
) -> list[Problem]:
    """One organisation rating the same item twice, unless by different respondents."""
    keys = pd.DataFrame(
        {"o": out["organisation"].codes, "r": out["respondent"].codes, "k": out["item_key"].codes}
    )
    dup = keys.duplicated(keep=False).to_numpy()
    if not dup.any():
        return []
    problems = []
    for _key, idx in keys[dup].groupby(["o", "r", "k"], sort=False).groups.items():
        rows = [int(excel_rows[i]) for i in idx]
        problems.append(
            Problem(
                label,
                sheet,
                rows[0],
                None,
                (
                    f"organisation {excerpt(out['organisation'][idx[0]])} rates the item {excerpt(out['item'][idx[0]])} again in "
                    f"{summarise_rows(rows[1:])}; keep one rating, or fill in the Vastaaja (respondent) "
                    "column when several people of one organisation answered"
                ),
            )
        )
    return problems


def _extra(rows: np.ndarray, extra_columns: dict[int, str]) -> list[str | None]:
    """Unknown columns, kept as a JSON object per row."""
    if not extra_columns:
        return [None] * len(rows)
    items = list(extra_columns.items())
    return [
        json.dumps(
            {name: cell_text(row[c]) for c, name in items if c < len(row) and cell_text(row[c])},
            ensure_ascii=False,
            sort_keys=True,
        )
        for row in rows
    ]
