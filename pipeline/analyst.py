"""Colour-coded analyst workbooks: ``BUILD/analyst/<cycle>_themes.xlsx``.

The workbook analysts used to make by hand: one sheet per survey with the items grouped
by theme (CV order) and then by future importance, every row filled with its theme's
colour and marked with the theme's marker (colour is never the only signal); a legend, a
coverage sheet and the two theme review queues: the unthemed items, and the doubtful ones
(themed on weak evidence) with the override line that settles each.

Two promises: item text is always written as text, never as a formula (survey exports are
untrusted, and ``=HYPERLINK(...)`` in an item would otherwise run in the analyst's Excel),
and the same rows give the same bytes (fixed document dates and zip timestamps).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import weakref
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from pipeline import figures, theme_review
from pipeline.model import ThemeInfo

# A spreadsheet reads a cell that starts with one of these as a formula when it is typed,
# pasted or imported; such text is stored as a string with Excel's quote prefix.
FORMULA_STARTS = ("=", "+", "-", "@")
FIXED_TIME = dt.datetime(2000, 1, 1)  # document dates: deterministic bytes
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
UNTHEMED_LABEL = "(teemoittamaton / unthemed)"
LEGEND, UNTHEMED, DOUBTFUL, COVERAGE = (
    "Selite - Legend",
    "Teemoittamattomat - Unthemed",
    "Epävarmat - Doubtful",
    "Kattavuus - Coverage",
)
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
HEADER_FILL = PatternFill("solid", fgColor="FF1B1B1B")
HEADER_FONT = Font(bold=True, color="FFFFFFFF")


@dataclass(frozen=True)
class AnalystRow:
    """One item of one survey, as ``item_scores`` has it after theming."""

    cycle: int
    survey_id: str
    field: str
    occupation: str
    area: str | None
    sub_area: str | None
    item: str
    item_key: str
    item_code: str | None
    kind: str | None
    n_organisations: int | None
    mean_now: float | None
    mean_future: float | None
    change: float | None
    theme: str | None
    theme_tags: tuple[str, ...]
    theme_source: str | None
    theme_evidence: str | None = None  # which rule matched which word, and how
    theme_doubt: str | None = None  # doubt codes joined by ", "; None when confident
    n_now: int | None = None  # organisations behind mean_now
    n_future: int | None = None  # organisations behind mean_future


# (header, width, value of a row)
SURVEY_COLUMNS: list[tuple[str, int]] = [
    ("Merkki / Marker", 9),
    ("Teema / Theme", 28),
    ("Osaamisalue / Area", 30),
    ("Osa-alue / Sub-area", 22),
    ("Osaaminen / Item", 60),
    ("Koodi / Code", 12),
    ("Tyyppi / Kind", 12),
    ("Organisaatioita / Organisations", 16),
    ("Nykytarve / Now", 12),
    ("Tuleva tarve / Future", 14),
    ("Muutos / Change", 12),
    ("Muut teemat / Tags", 28),
    ("Peruste / Decided by", 24),
    ("Julkaistavissa / Publishable", 30),
]
# 1-based survey-sheet columns: means with two decimals, the change with its sign
NUMBER_FORMATS = {9: "0.00", 10: "0.00", 11: "+0.00;-0.00;0.00"}


NOT_FOR_PUBLICATION = "EI JULKAISTA / NOT FOR PUBLICATION: alle {min} org. / under {min} orgs."


def publishable_text(n_now: int | None, n_future: int | None, min_organisations: int) -> str:
    """Whether a survey's figures may be published on their own (docs/figures.md): a row
    resting on fewer organisations than the minimum is marked so nobody copies it out."""
    counts = [n for n in (n_now, n_future) if n is not None]
    if counts and min(counts) >= min_organisations:
        return "kyllä / yes"
    return NOT_FOR_PUBLICATION.format(min=min_organisations)


def cycle_workbooks(
    rows: Iterable[AnalystRow],
    themes: Sequence[ThemeInfo],
    rules_sha256: str,
    min_organisations: int = 3,
) -> dict[int, bytes]:
    """One workbook per cycle, as bytes (written by the caller all-or-nothing)."""
    by_cycle: dict[int, list[AnalystRow]] = defaultdict(list)
    for row in rows:
        by_cycle[row.cycle].append(row)
    return {
        cycle: workbook_bytes(cycle, by_cycle[cycle], themes, rules_sha256, min_organisations)
        for cycle in sorted(by_cycle)
    }


def workbook_bytes(
    cycle: int,
    rows: Sequence[AnalystRow],
    themes: Sequence[ThemeInfo],
    rules_sha256: str,
    min_organisations: int = 3,
) -> bytes:
    themes = sorted(themes, key=lambda t: t.order)
    by_id = {t.id: t for t in themes}
    wb = Workbook()
    legend = wb.active
    legend.title = LEGEND
    surveys: dict[str, list[AnalystRow]] = defaultdict(list)
    for row in rows:
        surveys[row.survey_id].append(row)
    _legend_sheet(legend, cycle, rows, themes, rules_sha256)
    _coverage_sheet(wb.create_sheet(COVERAGE), surveys, themes)
    names = {n.casefold() for n in (LEGEND, UNTHEMED, DOUBTFUL, COVERAGE)}
    for survey_id in sorted(surveys):
        survey_rows = surveys[survey_id]
        name = _sheet_name(survey_rows[0].occupation or survey_id, names)
        _survey_sheet(wb.create_sheet(name), survey_rows, by_id, min_organisations)
    _unthemed_sheet(wb.create_sheet(UNTHEMED), rows)
    _doubtful_sheet(wb.create_sheet(DOUBTFUL), rows, by_id)
    return _deterministic_bytes(wb)


def _survey_sheet(
    ws: Worksheet,
    rows: Sequence[AnalystRow],
    themes: dict[str, ThemeInfo],
    min_organisations: int,
) -> None:
    order = {t: info.order for t, info in themes.items()}
    unthemed_rank = max(order.values(), default=0) + 1

    def sort_key(r: AnalystRow) -> tuple:
        future = r.mean_future if r.mean_future is not None else float("-inf")
        return (
            order.get(r.theme, unthemed_rank) if r.theme else unthemed_rank,
            -future,
            r.item_key,
        )

    _header(ws, SURVEY_COLUMNS)
    for r in sorted(rows, key=sort_key):
        info = themes.get(r.theme) if r.theme else None
        values = [
            info.marker if info else "",
            info.label["fi"] if info else UNTHEMED_LABEL,
            r.area,
            r.sub_area,
            r.item,
            r.item_code,
            r.kind,
            r.n_organisations,
            figures.workbook(r.mean_now),
            figures.workbook(r.mean_future),
            figures.workbook(r.change),
            ", ".join(r.theme_tags),
            r.theme_source or "",
            publishable_text(r.n_now, r.n_future, min_organisations),
        ]
        _append(ws, values, info, NUMBER_FORMATS)
    _finish(ws, len(SURVEY_COLUMNS))


def _legend_sheet(
    ws: Worksheet,
    cycle: int,
    rows: Sequence[AnalystRow],
    themes: Sequence[ThemeInfo],
    rules_sha256: str,
) -> None:
    columns = [
        ("Järjestys / Order", 10),
        ("Merkki / Marker", 9),
        ("Tunniste / Id", 22),
        ("Teema / Theme (fi)", 30),
        ("Theme (en)", 30),
        ("Tema (sv)", 30),
        ("Kuvaus / Description", 70),
        ("Väri / Colour", 12),
        ("Osaamisia / Items", 12),
    ]
    _header(ws, columns)
    counts = Counter(r.theme for r in rows)
    for t in themes:
        _append(
            ws,
            [
                t.order,
                t.marker,
                t.id,
                t.label["fi"],
                t.label["en"],
                t.label.get("sv", ""),
                t.description["fi"],
                t.colour,
                counts.get(t.id, 0),
            ],
            t,
        )
    _append(ws, ["", "", "", UNTHEMED_LABEL, "", "", "", "", counts.get(None, 0)], None)
    _finish(ws, len(columns))
    # Below the table (outside the filter range): which rules and cycle this is.
    ws.append([])
    for note in (f"Kierros / Cycle: {cycle}", f"Säännöt / Rules: themes.yaml {rules_sha256}"):
        _append(ws, [note], None)


def _coverage_sheet(
    ws: Worksheet, surveys: dict[str, list[AnalystRow]], themes: Sequence[ThemeInfo]
) -> None:
    columns = [
        ("Kartoitus / Survey", 44),
        ("Ammatti / Occupation", 30),
        ("Osaamisia / Items", 11),
        ("Säännöillä / By rules", 12),
        ("Ohitus / Override", 11),
        ("Ilman / Unthemed", 12),
        ("Osuus säännöillä / Share by rules", 14),
    ]
    columns += [(f"{t.marker} {t.label['fi']}", 14) for t in themes]
    _header(ws, columns)
    totals: Counter = Counter()
    for survey_id in sorted(surveys):
        rows = surveys[survey_id]
        c = Counter(r.theme for r in rows)
        sources = Counter(_source_kind(r) for r in rows)
        totals.update({"items": len(rows), **sources, **{f"t:{k}": v for k, v in c.items()}})
        _append(
            ws,
            [
                survey_id,
                rows[0].occupation,
                len(rows),
                sources["rule"],
                sources["override"],
                sources["unthemed"],
                _share(sources["rule"], len(rows)),
                *[c.get(t.id, 0) for t in themes],
            ],
            None,
        )
    _append(
        ws,
        [
            "Yhteensä / Total",
            "",
            totals["items"],
            totals["rule"],
            totals["override"],
            totals["unthemed"],
            _share(totals["rule"], totals["items"]),
            *[totals[f"t:{t.id}"] for t in themes],
        ],
        None,
    )
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in ws.iter_rows(min_row=2, min_col=7, max_col=7):
        row[0].number_format = "0.0%"
    _finish(ws, len(columns))


def _unthemed_sheet(ws: Worksheet, rows: Sequence[AnalystRow]) -> None:
    """The queue: each distinct unthemed item once, with how many surveys it appears in."""
    columns = [
        ("Osaaminen / Item", 70),
        ("Koodi / Code", 12),
        ("Kartoituksia / Surveys", 12),
        ("Kartoitukset / Survey ids", 60),
        ("Avain / Item key", 50),
    ]
    _header(ws, columns)
    queue: dict[str, list[AnalystRow]] = defaultdict(list)
    for r in rows:
        if r.theme is None:
            queue[r.item_key].append(r)
    for key in sorted(queue, key=lambda k: (-len(queue[k]), k)):
        found = queue[key]
        _append(
            ws,
            [
                found[0].item,
                found[0].item_code,
                len({r.survey_id for r in found}),
                ", ".join(sorted({r.survey_id for r in found})),
                key,
            ],
            None,
        )
    _finish(ws, len(columns))


def _doubtful_sheet(
    ws: Worksheet, rows: Sequence[AnalystRow], themes: dict[str, ThemeInfo]
) -> None:
    """The doubtful queue: each distinct item the rules themed on weak evidence once, with
    why, the evidence and the line of ``raw/theme_overrides.yaml`` that accepts the theme
    (another theme id in its place changes it)."""
    columns = [
        ("Osaaminen / Item", 60),
        ("Teema / Theme", 24),
        ("Sääntö / Rule", 18),
        ("Miksi epävarma / Why doubtful", 44),
        ("Näyttö / Evidence", 60),
        ("Kartoituksia / Surveys", 12),
        ("Ohitusrivi / Override line", 70),
        ("Avain / Item key", 40),
    ]
    _header(ws, columns)
    queue: dict[str, list[AnalystRow]] = defaultdict(list)
    for r in rows:
        if r.theme_doubt and r.theme is not None:
            queue[r.item_key].append(r)
    for key in sorted(queue, key=lambda k: (-len(queue[k]), k)):
        first = queue[key][0]
        info = themes.get(first.theme)
        _append(
            ws,
            [
                first.item,
                info.label["fi"] if info else first.theme,
                first.theme_source,
                "; ".join(theme_review.DOUBT_TEXT.get(d, d) for d in first.theme_doubt.split(", ")),
                first.theme_evidence,
                len({r.survey_id for r in queue[key]}),
                theme_review.override_line(first.item, first.theme).strip(),
                key,
            ],
            info,
        )
    _finish(ws, len(columns))


def _source_kind(r: AnalystRow) -> str:
    if r.theme is None:
        return "unthemed"
    return "override" if r.theme_source == "override" else "rule"


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def _header(ws: Worksheet, columns: Sequence[tuple[str, int]]) -> None:
    ws.append([name for name, _ in columns])
    ws.row_dimensions[1].height = 30  # two lines: "Finnish /" and "English"
    for i, (_, width) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(i)].width = width


def _append(
    ws: Worksheet,
    values: Sequence[Any],
    theme: ThemeInfo | None,
    number_formats: dict[int, str] | None = None,
) -> None:
    cells = [Cell(ws, value=safe_value(v)) for v in values]
    styles = _styles(ws.parent)
    for column, cell in enumerate(cells, start=1):
        as_text = isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS)
        if as_text:
            cell.data_type = "s"  # openpyxl took "=..." for a formula; it is text
        number_format = (number_formats or {}).get(column)
        if theme is not None or as_text or number_format:
            cell._style = copy(styles.get(theme, number_format, as_text))
    ws.append(cells)


class _StyleCache:
    """openpyxl looks a style up in the workbook's lists on every assignment (most of the
    time spent writing a sheet); style one scratch cell per combination once and copy
    its style indexes to every cell that needs it."""

    def __init__(self, wb: Workbook):
        self._scratch = Cell(wb.active)
        self._arrays: dict[tuple, StyleArray] = {}

    def get(self, theme: ThemeInfo | None, number_format: str | None, as_text: bool) -> StyleArray:
        key = (theme.id if theme else None, number_format, as_text)
        if key not in self._arrays:
            cell = self._scratch
            cell._style = StyleArray()
            if theme is not None:
                cell.fill = PatternFill("solid", fgColor=_argb(theme.colour))
                cell.font = Font(color=_argb(theme.text_colour))
            if number_format:
                cell.number_format = number_format
            if as_text:
                cell.quotePrefix = True  # stays text when an analyst edits the cell
            self._arrays[key] = copy(cell._style)
        return self._arrays[key]


_CACHES: weakref.WeakKeyDictionary[Workbook, _StyleCache] = weakref.WeakKeyDictionary()


def _styles(wb: Workbook) -> _StyleCache:
    if wb not in _CACHES:
        _CACHES[wb] = _StyleCache(wb)
    return _CACHES[wb]


def safe_value(value: Any) -> Any:
    """Drop characters XML cannot carry; everything else is written as is."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _finish(ws: Worksheet, n_columns: int) -> None:
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(n_columns)}{max(ws.max_row, 1)}"
    # Printed: landscape, one page wide, the header on every page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = "1:1"


def _sheet_name(wanted: str, taken: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique ignoring case."""
    base = _SHEET_FORBIDDEN.sub("-", wanted).strip("'") or "Sheet"
    name, n = base[:31], 1
    while name.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
    taken.add(name.casefold())
    return name


def _argb(hex_colour: str) -> str:
    return "FF" + hex_colour.lstrip("#").upper()


def _deterministic_bytes(wb: Workbook) -> bytes:
    """Save with fixed document dates, then repack the zip with fixed timestamps and order."""
    wb.properties.created = FIXED_TIME
    wb.properties.creator = "osaaja"
    first = io.BytesIO()
    with zipfile.ZipFile(first, "w", zipfile.ZIP_DEFLATED) as archive:
        wb.properties.modified = FIXED_TIME  # openpyxl's save() would stamp "now" here
        ExcelWriter(wb, archive).save()
    out = io.BytesIO()
    with zipfile.ZipFile(first) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
