"""Open untrusted workbooks safely and hand back their sheets as rows of Python values.

Workbooks come from outside (survey-system exports, e-mail attachments), so before any
XML is parsed we look at the bytes: the name and the first bytes (a renamed .xlsx, a real
legacy .xls and a web page saved as .xls each get their own line), the zip directory (a
4 MB xlsx can inflate to 1 GB), then one streaming pass over every part
(``pipeline.xlsxscan``): OOXML never carries a DTD, so entity declarations anywhere in a
part, in UTF-8 or UTF-16, are refused; and the memory the reader would need - its grid,
its copies of shared strings, our rows - is bounded before it runs, so that a workbook
under the limits is read in well under 1 GB (``bench/hostile_workbook.py``). Every failure
becomes one ``Problem`` line naming the file; nothing here raises to the user.
"""

from __future__ import annotations

import io
import itertools
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import python_calamine as calamine

from pipeline import xlsxscan
from pipeline.errors import Problem

ACCEPTED_SUFFIXES = (".xlsx", ".xlsm")
# Spreadsheet-like files we find but cannot read: each gets one clear line.
REFUSED_SUFFIXES = {
    ".xls": "legacy Excel 97-2003 (.xls)",
    ".xlsb": "binary Excel (.xlsb)",
    ".ods": "OpenDocument spreadsheet (.ods)",
    ".xltx": "Excel template (.xltx)",
    ".xltm": "Excel template (.xltm)",
}
# Exports are sometimes dropped in zipped: say so, rather than "no workbooks".
ZIP_SUFFIX = ".zip"
SAVE_AS = "save it as an Excel workbook (.xlsx) and run again"

# Inflate limits, checked on the zip directory before anything is decompressed.
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_ENTRY_RATIO = 250  # legitimate sheet XML compresses ~10-50:1; bombs ~1000:1
MAX_ENTRIES = 10_000
MAX_SHEET_CELLS = 16_000_000  # rows x columns of one sheet's used range
# Memory the reader may need for one workbook, estimated before it runs (MiB below):
# python-calamine's cells while it parses (~48 B each) and its dense grid (32 B per cell of
# the used range), our rows (8 B per cell), the text both hold, ~16 B per cell of
# allocation overhead. With the pipeline around it, a workbook under this stays under 1 GB.
MAX_READ_MEMORY = 800 * 2**20

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"


@dataclass(frozen=True)
class Sheet:
    """One worksheet's used range. ``rows[i][j]`` is the cell at ``first_row + i``, ``first_col + j``."""

    name: str
    hidden: bool
    rows: list[list[Any]]
    first_row: int  # 1-based Excel row number of rows[0]
    first_col: int  # 0-based column index of rows[*][0]


def column_letter(index: int) -> str:
    """0-based column index to Excel letters (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def read_untrusted(path: Path, label: str) -> tuple[bytes | None, Problem | None]:
    """The workbook's bytes, read once, or why it cannot be read as a workbook: checked
    on the name, the first bytes and the zip directory, without parsing any XML."""
    suffix = path.suffix.lower()
    if suffix == ZIP_SUFFIX:
        return None, Problem(
            label,
            message="is a zip archive, not a workbook; unpack the .xlsx files it holds into the raw folder",
        )
    if suffix in REFUSED_SUFFIXES:
        return None, _refused_kind(path, label, suffix)
    try:
        if path.stat().st_size > MAX_UNCOMPRESSED_BYTES:
            return None, Problem(
                label,
                message=f"is larger than {MAX_UNCOMPRESSED_BYTES // 2**20} MiB; refused as unsafe",
            )
        data = path.read_bytes()
    except OSError as err:
        return None, Problem(
            label, message=f"cannot be read ({err.strerror}); check the file's permissions"
        )
    problem = _content_refusal(data, label)
    return (None, problem) if problem else (data, None)


def _refused_kind(path: Path, label: str, suffix: str) -> Problem:
    """Why a file with a name we do not read is refused, told by its first bytes: an .xlsx
    renamed .xls is not "legacy Excel", nor is a web page that a system saved as .xls."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError as err:
        return Problem(
            label, message=f"cannot be read ({err.strerror}); check the file's permissions"
        )
    if head.startswith(ZIP_MAGIC) and suffix != ".ods":
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            names = set()
        if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
            return Problem(
                label,
                message=f"is an Excel workbook (.xlsx) with a {suffix} name; rename it to .xlsx "
                "and run again",
            )
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if suffix == ".xls" and not head.startswith(OLE2_MAGIC):
        if text.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")):
            kind = "a web page (HTML table) with an .xls name, as some systems export"
        elif text.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
            kind = "an Excel 2003 XML spreadsheet with an .xls name"
        else:
            kind = "not an Excel file, though named .xls"
        return Problem(label, message=f"is {kind}; open it in Excel or LibreOffice and {SAVE_AS}")
    return Problem(label, message=f"{REFUSED_SUFFIXES[suffix]} is not supported; {SAVE_AS}")


def _content_refusal(data: bytes, label: str) -> Problem | None:
    head = data[:8]
    if not data:
        return Problem(label, message=f"is an empty file (0 bytes); {SAVE_AS}")
    if head.startswith(OLE2_MAGIC):
        return Problem(
            label,
            message="is password-protected or a legacy .xls saved with an .xlsx name "
            f"(an OLE2 container, not a zip); remove the password or {SAVE_AS}",
        )
    if not head.startswith(ZIP_MAGIC):
        return Problem(label, message=f"is not an Excel workbook (not a zip archive); {SAVE_AS}")
    return _zip_refusal(data, label)


def _zip_refusal(data: bytes, label: str) -> Problem | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ENTRIES:
                return Problem(
                    label,
                    message=f"has {len(infos)} parts (limit {MAX_ENTRIES}); refused as unsafe",
                )
            total = sum(i.file_size for i in infos)
            if total > MAX_UNCOMPRESSED_BYTES:
                return Problem(
                    label,
                    message=f"would inflate to {total // 2**20} MiB (limit "
                    f"{MAX_UNCOMPRESSED_BYTES // 2**20} MiB); refused as a possible zip bomb",
                )
            for info in infos:
                if info.file_size > 2**20 and info.file_size > MAX_ENTRY_RATIO * max(
                    info.compress_size, 1
                ):
                    return Problem(
                        label,
                        message=f"part {info.filename} inflates {info.file_size // info.compress_size}:1 "
                        f"(limit {MAX_ENTRY_RATIO}:1); refused as a possible zip bomb",
                    )
            names = {i.filename for i in infos}
            if "[Content_Types].xml" not in names:
                return Problem(
                    label,
                    message=f"is a zip archive but not an Excel workbook (no [Content_Types].xml); {SAVE_AS}",
                )
            try:
                totals = xlsxscan.scan(zf)
            except xlsxscan.Refused as err:
                return Problem(label, message=f"{err}; refused as unsafe")
            return _size_refusal(totals, label)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        OSError,
        RuntimeError,
        NotImplementedError,
        zlib.error,
    ) as err:
        return Problem(
            label, message=f"is a damaged or truncated workbook ({err}); {SAVE_AS} again"
        )
    return None


def read_memory(totals: xlsxscan.Totals) -> int:
    """Estimated peak bytes to read a workbook with these totals (see ``MAX_READ_MEMORY``)."""
    text = totals.inline_text + totals.shared_text
    return totals.cells * (48 + 16) + totals.grid * (32 + 8) + 2 * text


def _size_refusal(totals: xlsxscan.Totals, label: str) -> Problem | None:
    part, grid = totals.biggest
    if grid > MAX_SHEET_CELLS:
        return Problem(
            label,
            message=f"part {part} has a used range of {grid:,} cells (limit "
            f"{MAX_SHEET_CELLS:,}); refused as unsafe: remove far-away cells or split the sheet",
        )
    need = read_memory(totals)
    if need > MAX_READ_MEMORY:
        text = (totals.inline_text + totals.shared_text) / 2**20
        return Problem(
            label,
            message=f"would need about {need / 2**20:,.0f} MiB of memory to read "
            f"({totals.cells:,} cells, {text:,.0f} MiB of text; limit "
            f"{MAX_READ_MEMORY // 2**20} MiB): split it into smaller workbooks, e.g. one per "
            "occupation",
        )
    return None


def read_sheets(data: bytes, label: str) -> tuple[list[Sheet], list[Problem]]:
    """Every worksheet of a workbook from ``read_untrusted``. Chart and macro sheets are left out."""
    try:
        wb = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as err:  # calamine raises several unrelated types for corrupt files
        return [], [
            Problem(
                label,
                message=f"cannot be opened as a workbook ({_short(err)}); it may be damaged: "
                f"open it in Excel or LibreOffice and {SAVE_AS}",
            )
        ]
    sheets: list[Sheet] = []
    problems: list[Problem] = []
    try:
        for meta in wb.sheets_metadata:
            if meta.typ != calamine.SheetTypeEnum.WorkSheet:
                continue
            try:
                sheets.append(_read_sheet(wb, meta))
            except _TooLarge as err:
                problems.append(Problem(label, meta.name, message=str(err)))
            except Exception:
                problems.append(
                    Problem(label, meta.name, message="worksheet part is missing or damaged")
                )
    finally:
        wb.close()
    if (
        problems
        and not sheets
        and all(p.message == "worksheet part is missing or damaged" for p in problems)
    ):
        # Nothing readable at all: one line for the file, not one per sheet.
        return [], [
            Problem(
                label,
                message=f"none of its {len(problems)} worksheets can be read (parts missing "
                f"or damaged); open it in Excel or LibreOffice and {SAVE_AS}",
            )
        ]
    return sheets, problems


class _TooLarge(Exception):
    pass


def _read_sheet(wb: calamine.CalamineWorkbook, meta: calamine.SheetMetadata) -> Sheet:
    sheet = wb.get_sheet_by_name(meta.name)
    hidden = meta.visible != calamine.SheetVisibleEnum.Visible
    if sheet.start is None:
        return Sheet(meta.name, hidden, [], 1, 0)
    if sheet.height * sheet.width > MAX_SHEET_CELLS:
        raise _TooLarge(
            f"used range of {sheet.height} rows x {sheet.width} columns is larger than "
            f"{MAX_SHEET_CELLS:,} cells; refused"
        )
    start_row, start_col = sheet.start
    # iter_rows starts at the sheet's first row (to_python at the used range's): skip to it.
    rows = list(_shared_values(itertools.islice(sheet.iter_rows(), start_row, None)))
    return Sheet(meta.name, hidden, rows, start_row + 1, start_col)


def _shared_values(rows: Iterable[list[Any]]) -> Iterator[list[Any]]:
    """Rows with equal texts and numbers as one object each: the reader makes a new object
    per cell, and an export repeats its organisations, items and ratings on every row, so
    memory follows the distinct values rather than the cells. (Types stay apart: 1.0 is
    never replaced by True.)"""
    texts: dict[str, str] = {}
    numbers: dict[float, float] = {}
    text, number = texts.setdefault, numbers.setdefault
    for row in rows:
        yield [
            text(v, v) if type(v) is str else number(v, v) if type(v) is float else v for v in row
        ]


def _short(err: Exception) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return text[:160]


def find_workbooks(raw: Path) -> Iterator[Path]:
    """Spreadsheet-like files anywhere under ``raw``, in a stable order."""
    suffixes = {*ACCEPTED_SUFFIXES, *REFUSED_SUFFIXES, ZIP_SUFFIX}
    for path in sorted(raw.rglob("*"), key=lambda p: p.as_posix()):
        if path.is_file() and path.suffix.lower() in suffixes:
            yield path
