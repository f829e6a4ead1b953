"""A new survey round made from the demo's 2022 exports, as the 2025 round would arrive:
every export copied with the cycle moved and some ratings changed; myyja with an added,
a dropped and a reworded item; and a new occupation in a new field that no profile uses
yet. Deterministic (no randomness)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook

ADDED = "Hyödyntää tekoälyä asiakaspalvelussa"
DROPPED = "Käsittelee käteistä rahaa"
REWORDED = ("Tekee lisämyyntiä", "Tekee lisä- ja ristiinmyyntiä")
NEW_SURVEY = "datakeskus_datakeskusasentaja"
METADATA_ROWS = 15  # the cycle and dates are written above the table


def _move_cycle(ws, old: int, new: int) -> None:
    for row in ws.iter_rows(min_row=1, max_row=METADATA_ROWS):
        for cell in row:
            if cell.value == old:
                cell.value = new
            elif isinstance(cell.value, str) and str(old) in cell.value:
                cell.value = cell.value.replace(str(old), str(new))


def _header(ws) -> tuple[int, dict[str, int]] | None:
    """The table's header row and its columns by name (layout A exports)."""
    for row in ws.iter_rows(min_row=1, max_row=25):
        names = {str(c.value).strip(): c.column for c in row if isinstance(c.value, str)}
        for item in ("Osaaminen", "Kompetens", "Competence"):
            if item in names:
                return row[0].row, names
    return None


def _future_column(names: dict[str, int]) -> int | None:
    for name, column in names.items():
        if re.search(r"tuleva|framtid|future", name, re.I):
            return column
    return None


def _change_ratings(ws) -> None:
    """Every fifth rating of future importance up by one (at most 5)."""
    found = _header(ws)
    if found is None:
        return
    header, names = found
    column = _future_column(names)
    if column is None:
        return
    for row in range(header + 1, ws.max_row + 1):
        cell = ws.cell(row=row, column=column)
        if isinstance(cell.value, int) and row % 5 == 0 and cell.value < 5:
            cell.value += 1


def _myyja(ws) -> None:
    header, names = _header(ws)
    item = names["Kompetens"]
    rows = list(range(header + 1, ws.max_row + 1))
    people = []
    for row in rows:
        text = ws.cell(row=row, column=item).value
        who = tuple(ws.cell(row=row, column=c).value for c in (1, 2, 3))
        if who[0] and who not in people:
            people.append(who)
        if text == DROPPED:
            for column in range(1, ws.max_column + 1):
                ws.cell(row=row, column=column).value = None  # a blank row: skipped
        elif text == REWORDED[0]:
            ws.cell(row=row, column=item).value = REWORDED[1]
    for n, who in enumerate(people):
        ws.append([*who, "Myyntityö", "Asiakaspalvelu ja myynti", ADDED, "Färdighet", 3, 4 + n % 2])


def add_round(raw: Path, cycle: int = 2025, previous: int = 2022) -> list[Path]:
    """Write ``raw/<cycle>/``: the previous round's exports moved to ``cycle``, changed as
    the module says, plus the new occupation's survey. Returns the files written."""
    folder = raw / str(cycle)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted((raw / str(previous)).glob("*.xlsx")):
        wb = load_workbook(source)
        for ws in wb.worksheets:
            _move_cycle(ws, previous, cycle)
            _change_ratings(ws)
            if source.name.endswith("_kauppa_myyja.xlsx") and ws.title == "Arviot":
                _myyja(ws)
        target = folder / source.name.replace(str(previous), str(cycle), 1)
        wb.properties.created = wb.properties.modified = datetime(cycle, 1, 1)
        wb.save(target)
        written.append(target)
    wb = load_workbook(raw / str(previous) / f"{previous}_ict_ict-tukihenkilo.xlsx")
    ws = wb["Ratings"]
    _move_cycle(ws, previous, cycle)
    for row in ws.iter_rows(min_row=1, max_row=METADATA_ROWS):
        for cell in row:
            if cell.value == "Field: ICT":
                cell.value = "Field: Datakeskus"
            elif cell.value == "Occupation: ICT-tukihenkilö":
                cell.value = "Occupation: Datakeskusasentaja"
    for row in ws.iter_rows(min_row=1):  # its own codes: another survey's items
        if isinstance(row[0].value, str) and re.fullmatch(r"ICT-\d+", row[0].value):
            row[0].value = row[0].value.replace("ICT-", "DC-")
    target = folder / f"{cycle}_{NEW_SURVEY}.xlsx"
    wb.properties.created = wb.properties.modified = datetime(cycle, 1, 1)
    wb.save(target)
    written.append(target)
    return written
