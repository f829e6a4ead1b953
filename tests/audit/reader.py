"""A second, minimal reader of the input contract (`../shared/spec/cq-export.md`).

Written from the contract alone with openpyxl (the pipeline reads with python-calamine),
so that the audit does not share the pipeline's reading faults. It reads trusted demo
and fixture workbooks only: no zip-bomb or entity defences, no `.xls`, no error cap.

Output: plain rows. Layout A gives one `Rating` per organisation (and respondent) and
item; layout B one `Summary` per item. Numbers are exact (`Decimal` from the cell's
text or the float's shortest repr), so the recomputation can round exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import openpyxl

# --- the contract's vocabulary (casefolded) -------------------------------------------

META_KEYS = {
    "survey": ["kartoitus", "osaamiskartoitus", "survey", "kartläggning"],
    "field": ["ala", "toimiala", "koulutusala", "field", "sector", "bransch"],
    "occupation": ["ammatti", "ammattiryhmä", "tehtävä", "occupation", "yrke"],
    "region": ["alue", "seutukunta", "region"],
    "cycle": ["kierros", "vuosi", "cycle", "year", "omgång"],
    "date": ["ajankohta", "päivämäärä", "date", "datum"],
    "horizon": ["tarkasteluväli", "aikajänne", "horizon"],
}
_COMMON = {
    "area": ["osaamisalue", "pääalue", "kvalifikaatioalue", "competence area", "kompetensområde"],
    "sub_area": ["osa-alue", "alaryhmä", "sub-area", "delområde"],
    "item": ["osaaminen", "osaamiskuvaus", "kvalifikaatio", "competence", "kompetens"],
    "item_code": ["koodi", "tunniste", "code", "kod"],
    "kind": ["tyyppi", "laji", "kind", "type", "typ"],
}
LAYOUT_A = {
    **_COMMON,
    "organisation": ["organisaatio", "yritys", "työnantaja", "organisation"],
    "importance_now": ["nykytarve", "painoarvo nyt", "tärkeys nyt", "importance now", "vikt nu"],
    "importance_future": [
        "tuleva tarve",
        "tulevaisuuden tarve",
        "painoarvo tulevaisuudessa",
        "tärkeys 3-5 v",
        "importance future",
        "vikt framtid",
    ],
    "sector": ["toimiala", "sektori", "sector"],
    "org_size": ["henkilöstö", "koko", "size"],
    "respondent": ["vastaaja", "haastateltava", "respondent"],
    "comment": ["kommentti", "huomio", "comment"],
}
LAYOUT_B = {
    **_COMMON,
    "n_organisations": ["organisaatioita", "vastaajia", "n"],
    "mean_now": ["nykytarve ka.", "nykytarve keskiarvo", "mean now"],
    "mean_future": ["tuleva tarve ka.", "tuleva tarve keskiarvo", "mean future"],
    "sd_now": ["nykytarve kh.", "sd now"],
    "sd_future": ["tuleva tarve kh.", "sd future"],
    "change": ["muutos", "muutosintensiteetti", "change"],
}
REQUIRED = {
    "A": {"organisation", "area", "item", "importance_now", "importance_future"},
    "B": {"area", "item", "n_organisations", "mean_now", "mean_future"},
}
LAYOUTS = {"A": LAYOUT_A, "B": LAYOUT_B}
NOT_ASSESSED = {"", "-", "0", "ei arvioitu", "n/a"}
KINDS = {
    "tieto": "knowledge",
    "knowledge": "knowledge",
    "kunskap": "knowledge",
    "taito": "skill",
    "skill": "skill",
    "färdighet": "skill",
    "asenne": "attitude",
    "attitude": "attitude",
    "attityd": "attitude",
}
FOOTERS = ("yhteensä", "keskiarvo", "total", "summa")
HEADER_ROWS = 20


# --- text -----------------------------------------------------------------------------


def fold(value: Any) -> str:
    """Trim and fold runs of whitespace (NBSP and line breaks too) to one space."""
    if value is None:
        return ""
    return re.sub(r"\s+", " ", str(value).replace("\xa0", " ")).strip()


def item_key(text: str) -> str:
    """The contract's item sameness: case and spacing do not matter."""
    return fold(text).casefold()


def header_name(value: Any) -> str:
    """Header text as matched: folded, trailing `(unit)` dropped, case-folded."""
    return re.sub(r"\s*\([^()]*\)$", "", fold(value)).casefold()


def slug(text: str) -> str:
    """docs/profiles.md: lower case, ä→a, ö→o, å→a, anything else → '-'."""
    s = fold(text).lower().translate(str.maketrans("äöå", "aoa"))
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]", "-", s)).strip("-")


# --- output rows ----------------------------------------------------------------------


@dataclass(frozen=True)
class Survey:
    cycle: int
    field_slug: str
    occupation_slug: str
    layout: str  # "A" (ratings) or "B" (summary)
    file: str
    sheet: str
    hidden: bool

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.cycle, self.field_slug, self.occupation_slug)


@dataclass(frozen=True)
class Rating:
    survey: tuple[int, str, str]
    row: int
    organisation: str  # folded and case-folded: organisations are counted by name
    respondent: str
    item: str  # folded display text
    code: str
    area: str
    kind: str
    now: int | None
    future: int | None


@dataclass(frozen=True)
class Summary:
    survey: tuple[int, str, str]
    row: int
    item: str
    code: str
    area: str
    kind: str
    n: int
    mean_now: Decimal | None
    mean_future: Decimal | None
    sd_now: Decimal | None
    sd_future: Decimal | None
    change: Decimal | None


@dataclass
class Reading:
    surveys: list[Survey] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)
    summaries: list[Summary] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, sheet) without header
    names: set[str] = field(default_factory=set)  # organisations and respondents, as written


# --- values ---------------------------------------------------------------------------


def _number(value: Any) -> Decimal | None:
    """A number from a cell: numbers, or text with spaces and a decimal comma or point."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(repr(value))
    text = re.sub(r"\s", "", str(value).replace("\xa0", "")).replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def parse_rating(value: Any) -> tuple[int | None, str | None]:
    """(rating or None for not assessed, problem or None)."""
    if value is None or (isinstance(value, str) and fold(value).casefold() in NOT_ASSESSED):
        return None, None
    number = _number(value)
    if number is not None and number == 0:
        return None, None
    if number is None or number != number.to_integral_value() or not 1 <= number <= 5:
        return None, (
            f"rating {value!r} is not a whole number 1 to 5 nor a not-assessed marker "
            "(blank, -, 0, ei arvioitu, n/a)"
        )
    return int(number), None


def parse_mean(value: Any) -> tuple[Decimal | None, str | None]:
    if value is None or (isinstance(value, str) and fold(value) in ("", "-")):
        return None, None
    number = _number(value)
    if number is None or not 1 <= number <= 5:
        return None, f"mean {value!r} is not a number from 1 to 5"
    return number, None


def parse_plain(value: Any, what: str) -> tuple[Decimal | None, str | None]:
    if value is None or (isinstance(value, str) and fold(value) in ("", "-")):
        return None, None
    number = _number(value)
    return (number, None) if number is not None else (None, f"{what} {value!r} is not a number")


def parse_count(value: Any) -> tuple[int | None, str | None]:
    number = _number(value) if value is not None else None
    if number is None or number < 0 or number != number.to_integral_value():
        return None, f"organisation count {value!r} is not a whole number of 0 or more"
    return int(number), None


def parse_kind(value: Any) -> tuple[str, str | None]:
    text = fold(value).casefold()
    if not text:
        return "", None
    if text in KINDS:
        return KINDS[text], None
    return "", f"kind {fold(value)!r} is not Tieto/Taito/Asenne (or en/sv) or blank"


# --- sheets ---------------------------------------------------------------------------


def _header(row: tuple[Any, ...]) -> tuple[str, dict[str, int], list[str]] | None:
    """(layout, {field: column index}, problems) when the row is a header row."""
    names = [header_name(v) for v in row]
    for layout, aliases in LAYOUTS.items():
        lookup = {alias: f for f, alist in aliases.items() for alias in alist}
        columns: dict[str, int] = {}
        problems = []
        for index, name in enumerate(names):
            f = lookup.get(name)
            if f is None:
                continue
            if f in columns:
                problems.append(f"columns {columns[f] + 1} and {index + 1} both map to {f}")
            columns.setdefault(f, index)
        if REQUIRED[layout] <= columns.keys():
            return layout, columns, problems
    return None


def _metadata(rows: list[tuple[Any, ...]]) -> dict[str, str]:
    """`Key: value` in one cell or `Key` and value in two adjacent cells."""
    lookup = {alias: f for f, alist in META_KEYS.items() for alias in alist}
    found: dict[str, str] = {}
    for row in rows:
        cells = [(i, v) for i, v in enumerate(row) if fold(v)]
        if not cells:
            continue
        index, first = cells[0]
        text = fold(first)
        key, value = text, ""
        if ":" in text:
            key, value = (part.strip() for part in text.split(":", 1))
        if not value and index + 1 < len(row) and fold(row[index + 1]):
            value = fold(row[index + 1])
            if isinstance(row[index + 1], float) and row[index + 1].is_integer():
                value = str(int(row[index + 1]))
        f = lookup.get(key.rstrip(":").strip().casefold())
        if f and value and f not in found:
            found[f] = value
    return found


def _names_from_path(path: Path) -> dict[str, str]:
    """`<cycle>_<field>_<occupation>.xlsx`, and a cycle from a year-named folder."""
    names: dict[str, str] = {}
    parts = path.stem.split("_")
    if re.fullmatch(r"\d{4}", parts[0]):
        names["cycle"] = parts[0]
    if len(parts) == 3:
        names["field"], names["occupation"] = parts[1], parts[2]
    if "cycle" not in names and re.fullmatch(r"\d{4}", path.parent.name):
        names["cycle"] = path.parent.name
    return names


def _is_footer(row: tuple[Any, ...]) -> bool:
    first = next((fold(v) for v in row if fold(v)), "")
    return first.casefold().startswith(FOOTERS)


def _sheet_rows(ws) -> list[tuple[Any, ...]]:
    rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    # A merged range shows its top-left value over the whole range.
    for rng in ws.merged_cells.ranges:
        top = rows[rng.min_row - 1][rng.min_col - 1]
        for r in range(rng.min_row - 1, rng.max_row):
            row = list(rows[r])
            for c in range(rng.min_col - 1, rng.max_col):
                row[c] = top
            rows[r] = tuple(row)
    return rows


def _find_header(rows) -> tuple[int, tuple] | None:
    for number, row in enumerate(rows[:HEADER_ROWS]):
        found = _header(row)
        if found:
            return number, found
    return None


def read_sheet(ws, path: Path, label: str, out: Reading) -> None:
    rows = _sheet_rows(ws)
    located = _find_header(rows)
    if not located:
        out.skipped.append((label, ws.title))
        return
    number, (layout, columns, header_problems) = located
    where = f"{label} › {ws.title}"
    out.problems += [f"{where} › row {number + 1}: {p}" for p in header_problems]
    # The sheet's own metadata wins over the file and folder names.
    meta = {**_names_from_path(path), **_metadata(rows[:number])}
    missing = [k for k in ("cycle", "field", "occupation") if not meta.get(k)]
    if missing:
        out.problems.append(f"{where}: {', '.join(missing)} unknown (not in sheet nor file name)")
        return
    try:
        cycle = int(Decimal(meta["cycle"]))
    except InvalidOperation:
        out.problems.append(f"{where}: cycle {meta['cycle']!r} is not a year")
        return
    hidden = ws.sheet_state != "visible"
    survey = Survey(
        cycle, slug(meta["field"]), slug(meta["occupation"]), layout, label, ws.title, hidden
    )
    if any(s.key == survey.key for s in out.surveys):
        out.problems.append(f"{where}: survey {survey.key} read twice")
        return
    out.surveys.append(survey)
    table = _Table(rows[number], columns, survey, where, out)
    for offset, row in enumerate(rows[number + 1 :]):
        if not any(fold(v) for v in row):
            continue  # blank rows inside a table
        if _is_footer(row):
            break
        table.read(row, number + 2 + offset)


class _Table:
    """The rows of one data sheet below its header."""

    def __init__(self, header, columns, survey: Survey, where: str, out: Reading) -> None:
        self.header, self.columns, self.survey, self.where, self.out = (
            header,
            columns,
            survey,
            where,
            out,
        )
        self.area = ""
        self.seen: dict[tuple[str, str, str], int] = {}
        self.problems: list[str] = []

    def cell(self, row, f):
        index = self.columns.get(f)
        return row[index] if index is not None and index < len(row) else None

    def value(self, parser, row, f, excel_row, *args):
        if f not in self.columns:
            return None
        value, problem = parser(self.cell(row, f), *args)
        if problem:
            column = fold(self.header[self.columns[f]])
            self.problems.append(f"{self.where} › row {excel_row} › {column}: {problem}")
        return value

    def read(self, row, excel_row: int) -> None:
        self.problems = []
        if fold(self.cell(row, "area")):
            self.area = fold(self.cell(row, "area"))  # blank and merged cells inherit
        text = fold(self.cell(row, "item"))  # never inherits
        if not text:
            self.out.problems.append(f"{self.where} › row {excel_row}: no item text")
            return
        code = fold(self.cell(row, "item_code"))
        kind = self.value(parse_kind, row, "kind", excel_row) or ""
        common = (self.survey.key, excel_row)
        if self.survey.layout == "A":
            rating = self._rating(row, excel_row, text)
            if not self.problems:
                self.out.ratings.append(
                    Rating(*common, *rating[:3], code, self.area, kind, *rating[3:])
                )
        else:
            n = self.value(parse_count, row, "n_organisations", excel_row)
            means = [self.value(parse_mean, row, f, excel_row) for f in ("mean_now", "mean_future")]
            extras = [
                self.value(parse_plain, row, f, excel_row, f)
                for f in ("sd_now", "sd_future", "change")
            ]
            if not self.problems:
                self.out.summaries.append(
                    Summary(*common, text, code, self.area, kind, n, *means, *extras)
                )
        self.out.problems += self.problems

    def _rating(self, row, excel_row: int, text: str):
        org_name, respondent_name = (
            fold(self.cell(row, f)) for f in ("organisation", "respondent")
        )
        self.out.names.update(n for n in (org_name, respondent_name) if n)
        org, respondent = org_name.casefold(), respondent_name.casefold()
        now = self.value(parse_rating, row, "importance_now", excel_row)
        future = self.value(parse_rating, row, "importance_future", excel_row)
        if not org:
            self.problems.append(f"{self.where} › row {excel_row}: no organisation")
        twice = (org, respondent, item_key(text))
        if twice in self.seen:
            self.problems.append(
                f"{self.where} › rows {self.seen[twice]} and {excel_row}: the same organisation "
                "rates the same item twice"
            )
        self.seen.setdefault(twice, excel_row)
        return org, respondent, text, now, future


def read_workbook(path: Path, label: str, out: Reading) -> None:
    wb = openpyxl.load_workbook(path, data_only=True)
    skipped = len(out.skipped)
    for ws in wb.worksheets:
        read_sheet(ws, path, label, out)
    if len(out.skipped) - skipped == len(wb.worksheets):
        out.problems.append(f"{label}: no data sheet (no sheet has a recognised header row)")


def read_raw(raw: Path) -> Reading:
    """Every workbook anywhere under `raw` (sorted, so the result is deterministic)."""
    out = Reading()
    paths = sorted(p for p in raw.rglob("*") if p.suffix.lower() in (".xlsx", ".xlsm"))
    for path in paths:
        if path.name.startswith("~$"):
            continue
        read_workbook(path, path.relative_to(raw).as_posix(), out)
    return out
