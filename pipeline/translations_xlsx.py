"""The translators' spreadsheet: export one language of the catalogue to xlsx, import it back.

Translators work in Excel or LibreOffice, never in the YAML files. The export lists every
entry of the language and every source text still without one (blank translation), with
columns key, Finnish source, translation, status, where used and earlier wording; the
import reads the translation and status columns back. Export then import gives the same
catalogue.

Two promises as in the analyst workbooks (``pipeline.analyst``): a text that a
spreadsheet would take for a formula (= + - @, tab, CR) is written as text, and the
same catalogue gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.analyst import _deterministic_bytes
from pipeline.contract import cell_text, fold_space, item_key
from pipeline.errors import Problem
from pipeline.i18n import SOURCE_LANGUAGE
from pipeline.translations import (
    DRAFT,
    LANGUAGE_CODE,
    STATUSES,
    Catalogue,
    Entry,
    SourceText,
)
from pipeline.workbook import Sheet, column_letter, read_sheets, read_untrusted

# Typed, pasted or imported, a cell starting with one of these becomes a formula (or, for
# tab and CR, is trimmed or split); such text is written with Excel's quote prefix.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADERS = (
    ("Avain / Key", 36),
    ("Suomenkielinen lähde / Finnish source", 50),
    ("Käännös / Translation ({lang})", 50),
    ("Tila / Status", 16),
    ("Käyttö / Where used", 40),
    ("Aiempi muotoilu / Earlier wording", 40),
)
KEY, SOURCE, TRANSLATION, STATUS = 0, 1, 2, 3  # the columns the import reads
INSTRUCTIONS_SHEET = "Ohje - Instructions"
INSTRUCTIONS = (
    "Kirjoita käännös sarakkeeseen C ja tila sarakkeeseen D: draft (luonnos), reviewed "
    "(tarkastettu) tai needs update (suomenkielinen teksti on muuttunut).",
    "Älä muuta sarakkeita A ja B. Tyhjä käännös poistaa käännöksen. Sarakkeet E ja F ovat tietoa.",
    "Tallenna .xlsx-muodossa ja aja: osaaja translations import TIEDOSTO",
    "",
    "Write the translation in column C and the status in column D: draft, reviewed or "
    "needs update (the Finnish text has changed).",
    "Leave columns A and B as they are. An empty translation removes it. Columns E and F "
    "are for information.",
    "Save as .xlsx and run: osaaja translations import FILE",
)
NOT_USED = "ei käytössä / not used"
HEADER_FILL = PatternFill("solid", fgColor="FF1B1B1B")
HEADER_FONT = Font(bold=True, color="FFFFFFFF")


def export_xlsx(catalogue: Catalogue, sources: Iterable[SourceText], lang: str) -> bytes:
    """The spreadsheet for ``lang``: every entry and every source text, sorted by key."""
    sources = {s.key: s for s in sources}
    entries = catalogue.get(lang, {})
    wb = Workbook()
    ws = wb.active
    ws.title = lang
    ws.append([name.format(lang=lang) for name, _ in HEADERS])
    for i, (_, width) in enumerate(HEADERS, start=1):
        cell = ws.cell(row=1, column=i)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(i)].width = width
    for key in sorted(entries.keys() | sources.keys()):
        entry, source = entries.get(key), sources.get(key)
        earlier = [
            entries[k].fi if k in entries else sources[k].text if k in sources else k
            for k in (source.previous if source else ())
        ]
        ws.append(
            [
                key,
                entry.fi if entry else source.text,
                entry.text if entry else "",
                entry.status if entry else "",
                f"{'/'.join(source.kinds)}: {', '.join(source.where)}" if source else NOT_USED,
                " | ".join(earlier),
            ]
        )
        for cell in ws[ws.max_row]:
            _as_text(cell)
    last = max(ws.max_row, 2)
    choices = DataValidation(type="list", formula1=f'"{",".join(STATUSES)}"', allow_blank=True)
    choices.add(f"D2:D{last}")
    ws.add_data_validation(choices)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{last}"
    help_sheet = wb.create_sheet(INSTRUCTIONS_SHEET)
    for line in INSTRUCTIONS:
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 110
    return _deterministic_bytes(wb)


def _as_text(cell: Any) -> None:
    if not isinstance(cell.value, str):
        return
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", cell.value)  # XML cannot carry them
    if cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # openpyxl took "=..." for a formula; it is text
        cell.quotePrefix = True  # stays text when the translator edits the cell


def import_file(
    path: Path, base: Catalogue | None = None, label: str | None = None
) -> tuple[Catalogue, list[Problem]]:
    """``import_xlsx`` on a file, checked as untrusted first (zip bombs, DTDs)."""
    label = label or path.as_posix()
    data, problem = read_untrusted(path, label)
    if problem is not None:
        return dict(base or {}), [problem]
    return import_xlsx(data, label, base)


def import_xlsx(
    data: bytes, label: str, base: Catalogue | None = None
) -> tuple[Catalogue, list[Problem]]:
    """``base`` with the spreadsheet's language updated from its rows: a translation sets
    the entry (status blank = draft), a blank translation removes it, rows with problems
    and keys not in the sheet keep what ``base`` had. ``data`` comes from
    ``workbook.read_untrusted``. Problems name sheet, row and column."""
    catalogue = {lang: dict(entries) for lang, entries in (base or {}).items()}
    sheets, problems = read_sheets(data, label)
    if problems:
        return catalogue, problems
    named = [s for s in sheets if LANGUAGE_CODE.match(s.name) and s.name != SOURCE_LANGUAGE]
    if len(named) != 1:
        found = ", ".join(s.name for s in sheets) or "none"
        return catalogue, [
            Problem(
                label,
                message=f"expected one sheet named by its language code, such as en or sv; "
                f"found sheets: {found}. Use a workbook made by `osaaja translations export`",
                code="translations.sheet",
            )
        ]
    sheet = named[0]
    lang = sheet.name
    entries = catalogue.setdefault(lang, {})
    updates, problems = _read_rows(sheet, label)
    for key, entry in updates.items():
        if entry is None:
            entries.pop(key, None)
        else:
            entries[key] = entry
    catalogue[lang] = dict(sorted(entries.items()))
    return dict(sorted(catalogue.items())), problems


def _read_rows(sheet: Sheet, label: str) -> tuple[dict[str, Entry | None], list[Problem]]:
    lang = sheet.name
    problems: list[Problem] = []

    def cell(row: int, col: int) -> str:
        i, j = row - sheet.first_row, col - sheet.first_col
        if 0 <= i < len(sheet.rows) and 0 <= j < len(sheet.rows[i]):
            return fold_space(cell_text(sheet.rows[i][j]))
        return ""

    def bad(row: int, col: int, message: str, kind: str) -> None:
        problems.append(
            Problem(
                label,
                sheet.name,
                row,
                column_letter(col),
                message,
                code=f"translations.{kind}",
            )
        )

    for col in (KEY, SOURCE, TRANSLATION, STATUS):
        expected = HEADERS[col][0].format(lang=lang)
        if cell(1, col).casefold() != expected.casefold():
            bad(1, col, f"the header should read {expected!r}; keep the exported headers", "header")
    if problems:
        return {}, problems
    updates: dict[str, Entry | None] = {}
    first_row: dict[str, int] = {}
    last_row = sheet.first_row + len(sheet.rows) - 1
    for row in range(2, last_row + 1):
        key, fi, text = cell(row, KEY), cell(row, SOURCE), cell(row, TRANSLATION)
        state = cell(row, STATUS).casefold()
        if not (key or fi or text or state):
            continue
        before = len(problems)
        if not key:
            bad(row, KEY, "the key is empty; keep columns A and B as exported", "key")
        elif key in first_row:
            bad(row, KEY, f"key {key!r} is also on row {first_row[key]}; keep one row", "duplicate")
            updates.pop(key, None)  # which of the two is meant is unknown: keep base
        elif item_key(fi) != key:
            bad(
                row,
                SOURCE,
                f"the Finnish source does not match the key {key!r}; keep columns A and B "
                "as exported",
                "source",
            )
        if text and state and state not in STATUSES:
            bad(
                row,
                STATUS,
                f"status {state!r} is not accepted; accepted: {', '.join(STATUSES)}",
                "status",
            )
        if not text and state:
            bad(
                row,
                STATUS,
                f"status {state!r} needs a translation; write it in column "
                f"{column_letter(TRANSLATION)} or clear the status",
                "status",
            )
        if key:
            first_row.setdefault(key, row)
        if len(problems) == before:
            updates[key] = Entry(key, fi, text, state or DRAFT) if text else None
    return updates, problems
