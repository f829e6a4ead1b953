"""Open untrusted workbooks safely and hand back their sheets as rows of Python values.

Workbooks come from outside (survey-system exports, e-mail attachments), so before any
XML is parsed we look at the zip directory: a 4 MB xlsx can inflate to 1 GB, and
OOXML never legitimately carries a DTD, so entity tricks are refused outright. Every
failure becomes one ``Problem`` line naming the file; nothing here raises to the user.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import python_calamine as calamine

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
MAX_SHEET_CELLS = 30_000_000  # rows x columns of one sheet's used range

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"
DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
DTD_SNIFF_BYTES = 4096


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
        return None, Problem(
            label, message=f"{REFUSED_SUFFIXES[suffix]} is not supported; {SAVE_AS}"
        )
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
            for info in infos:
                if info.filename.lower().endswith((".xml", ".rels")):
                    with zf.open(info) as part:
                        head = part.read(DTD_SNIFF_BYTES)
                    if any(marker in head for marker in DTD_MARKERS):
                        return Problem(
                            label,
                            message=f"part {info.filename} declares a DTD or XML entities, "
                            "which Excel never writes; refused as unsafe",
                        )
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        OSError,
        RuntimeError,
        NotImplementedError,
    ) as err:
        return Problem(
            label, message=f"is a damaged or truncated workbook ({err}); {SAVE_AS} again"
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
    rows = sheet.to_python(skip_empty_area=True)
    start_row, start_col = sheet.start
    return Sheet(meta.name, hidden, rows, start_row + 1, start_col)


def _short(err: Exception) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return text[:160]


def find_workbooks(raw: Path) -> Iterator[Path]:
    """Spreadsheet-like files anywhere under ``raw``, in a stable order."""
    suffixes = {*ACCEPTED_SUFFIXES, *REFUSED_SUFFIXES, ZIP_SUFFIX}
    for path in sorted(raw.rglob("*"), key=lambda p: p.as_posix()):
        if path.is_file() and path.suffix.lower() in suffixes:
            yield path
