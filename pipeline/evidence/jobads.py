"""Job ads: read a folder of exported ads and count, per profile and competence, the ads of
the profile's occupation in a period that mention the competence's key terms.

Exports differ in their column names, so the columns are mapped in configuration
(``raw/osaaja.yaml``, section ``job_ads``; see docs/evidence.md)::

    columns: {id: ilmoitus_id, title: otsikko, text: kuvaus, date: julkaistu,
              region: maakunta, occupation: ammatti, occupation_code: ammattikoodi}

Employer names may be in the export and in the ads' texts; they never leave this module:
an ``Ad`` has no employer field and the counts carry no text of any ad.
The evidence terms per item are reviewable in ``raw/evidence/ad_terms.yaml`` (``terms_file``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pipeline import yamlfile
from pipeline.contract import item_key
from pipeline.errors import ConfigError, Problem
from pipeline.evidence import terms

REQUIRED = ("id", "title", "text", "date")
OPTIONAL = ("region", "occupation", "occupation_code")
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S")
DATE_ACCEPTED = "a date like 2024-03-15 or 15.3.2024"


@dataclass(frozen=True)
class AdColumns:
    """Which export column holds each field (JSON: which key)."""

    id: str
    title: str
    text: str
    date: str
    region: str | None = None
    occupation: str | None = None  # an occupation name as the export writes it
    occupation_code: str | None = None  # or its code (e.g. Statistics Finland's 5223)


@dataclass(frozen=True)
class Ad:
    id: str
    title: str
    text: str
    date: date
    region: str | None
    occupation: str | None
    occupation_code: str | None
    file: str
    row: int  # CSV: line number of the record (header = 1); JSON: 1-based record number


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def label(self) -> str:
        """'1/2024–12/2025', as pages print a period."""
        return f"{self.start.month}/{self.start.year}–{self.end.month}/{self.end.year}"

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Occupation:
    """Which ads belong to a profile: by occupation name (case-insensitive) or by code."""

    names: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()

    def admits(self, ad: Ad) -> bool:
        if ad.occupation_code and ad.occupation_code in self.codes:
            return True
        folded = {item_key(n) for n in self.names}
        return bool(ad.occupation) and item_key(ad.occupation) in folded


@dataclass(frozen=True)
class AdsConfig:
    folder: str  # relative to raw/
    columns: AdColumns
    period: Period | None = None  # None: every ad's date counts
    regions: tuple[str, ...] = ()  # empty: every region
    occupations: Mapping[str, Occupation] = field(default_factory=dict)  # profile id -> ads
    terms_file: str | None = None  # relative to raw/
    delimiter: str | None = None  # CSV; None: sniffed among , ; and tab
    records: str | None = None  # JSON: the key holding the list, when not at the top


# --- reading ---------------------------------------------------------------------------------


def read_ads(
    folder: Path, columns: AdColumns, delimiter: str | None = None, records: str | None = None
) -> tuple[list[Ad], list[Problem]]:
    """Every ``*.csv`` and ``*.json`` in the folder (name order); an id seen twice is a problem."""
    ads: list[Ad] = []
    problems: list[Problem] = []
    first_seen: dict[str, tuple[str, int]] = {}
    for path in sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in (".csv", ".json")):
        if path.suffix.lower() == ".csv":
            rows, file_problems = _csv_rows(path, delimiter)
        else:
            rows, file_problems = _json_rows(path, records)
        found = list(file_problems)
        for row, record in rows:
            ad, row_problems = _ad(path, row, record, columns)
            found += row_problems
            if ad is None:
                continue
            if ad.id in first_seen:
                where = first_seen[ad.id]
                found.append(
                    Problem(
                        str(path),
                        row=row,
                        column=columns.id,
                        message=f"ad id {ad.id!r} is also on row {where[1]} of {where[0]}; "
                        "each ad once",
                        code="ads.duplicate",
                    )
                )
                continue
            first_seen[ad.id] = (Path(ad.file).name, row)
            ads.append(ad)
        problems += sorted(found, key=lambda p: p.row or 0)  # in file order
    return ads, problems


def _csv_rows(path: Path, delimiter: str | None):
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [_p(path, None, None, "is not UTF-8 text; export the ads as UTF-8", "encoding")]
    if delimiter is None:
        header = text.split("\n", 1)[0]
        delimiter = max((";", ",", "\t"), key=header.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    for record in reader:
        if None in record:  # more cells than the header has
            return rows, [
                _p(
                    path,
                    reader.line_num,
                    None,
                    f"this row has more cells than the header ({len(reader.fieldnames)}); "
                    f"is the delimiter {delimiter!r} right?",
                    "shape",
                )
            ]
        if any((v or "").strip() for v in record.values()):
            rows.append((reader.line_num, record))
    if reader.fieldnames is None:
        return [], [_p(path, 1, None, "the file is empty; expected a header row", "empty")]
    return rows, []


def _json_rows(path: Path, records: str | None):
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        return [], [_p(path, None, None, "is not UTF-8 text; export the ads as UTF-8", "encoding")]
    except json.JSONDecodeError as err:
        return [], [
            _p(path, err.lineno, None, f"not valid JSON: {err.msg} (column {err.colno})", "json")
        ]
    if records and isinstance(data, dict):
        data = data.get(records)
    if not isinstance(data, list):
        where = f"under {records!r}" if records else "at the top"
        return [], [_p(path, None, None, f"expected a list of ads {where}", "shape")]
    rows, problems = [], []
    for i, record in enumerate(data, start=1):
        if isinstance(record, dict):
            rows.append((i, {str(k): v for k, v in record.items()}))
        else:
            problems.append(_p(path, i, None, "an ad must be an object of fields", "shape"))
    return rows, problems


def _ad(path: Path, row: int, record: dict, columns: AdColumns):
    problems = []
    values: dict[str, Any] = {}
    for name in REQUIRED + OPTIONAL:
        column = getattr(columns, name)
        if column is None:
            values[name] = None
            continue
        if column not in record:
            problems.append(
                _p(
                    path,
                    row,
                    column,
                    f"column {column!r} (mapped to {name}) is missing; the ads have: "
                    f"{', '.join(sorted(record))}",
                    "column",
                )
            )
            continue
        value = record[column]
        values[name] = " ".join(str(value).split()) if value is not None else ""
    if problems:
        return None, problems
    for name in ("id", "title", "text"):
        if not values[name]:
            problems.append(_p(path, row, getattr(columns, name), f"the ad has no {name}", "empty"))
    day = parse_date(values["date"])
    if day is None:
        problems.append(
            _p(
                path,
                row,
                columns.date,
                f"date {values['date']!r} is not accepted; accepted: {DATE_ACCEPTED}",
                "date",
            )
        )
    if (columns.occupation or columns.occupation_code) and not (
        values["occupation"] or values["occupation_code"]
    ):
        problems.append(
            _p(
                path,
                row,
                columns.occupation or columns.occupation_code,
                "the ad has no occupation",
                "empty",
            )
        )
    if problems:
        return None, problems
    return Ad(
        id=values["id"],
        title=values["title"],
        text=values["text"],
        date=day,
        region=values["region"] or None,
        occupation=values["occupation"] or None,
        occupation_code=values["occupation_code"] or None,
        file=str(path),
        row=row,
    ), []


def parse_date(text: str) -> date | None:
    text = text.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _p(path: Path, row, column, message: str, kind: str) -> Problem:
    return Problem(str(path), row=row, column=column, message=message, code=f"ads.{kind}")


# --- the evidence terms -----------------------------------------------------------------------


@dataclass(frozen=True)
class ItemTerms:
    """What counts as a mention of one item. Reviewed: any of ``terms``, each a word or a
    phrase whose words occur consecutively in the ad. Default (not reviewed): one entry,
    the item's content words, every one of which must occur somewhere in the ad. Words
    match in any inflected or compound form (``terms.word_matches``)."""

    item_id: str
    item: str
    terms: tuple[str, ...]
    source: str  # "default" (the item's content words, all of them) or "reviewed"


def default_terms(item: str) -> tuple[str, ...]:
    """Until reviewed: the item's content words as one entry (all must occur, anywhere)."""
    words = terms.content_words(item)
    return (" ".join(words),) if words else ()


def load_terms(path: Path) -> tuple[dict[str, tuple[str, ...]], list[Problem]]:
    """``raw/evidence/ad_terms.yaml``: ``items: [{item: <text> | item_id: <id>, terms: [...]}]``.
    Returns item reference ("text:<key>" or the id as written) -> terms."""
    path = Path(path)
    if not path.exists():
        return {}, []
    try:
        data, root = yamlfile.read(path)
    except ConfigError as err:
        return {}, list(err.problems)
    found: dict[str, tuple[str, ...]] = {}
    problems: list[Problem] = []

    def problem(at, message):
        problems.append(
            Problem(str(path), row=yamlfile.line_of(root, at), message=message, code="terms.entry")
        )

    entries = data.get("items") if isinstance(data, dict) else None
    if data is not None and not isinstance(entries, list):
        problem([], "expected a mapping with 'items': a list of {item, terms}")
        return {}, problems
    for i, entry in enumerate(entries or []):
        if not isinstance(entry, dict) or set(entry) - {"item", "item_id", "terms", "note"}:
            problem(["items", i], "an entry has item (or item_id), terms and optionally note")
            continue
        ref = (
            "text:" + item_key(str(entry["item"]))
            if entry.get("item")
            else str(entry.get("item_id") or "")
        )
        words = entry.get("terms")
        if not ref or not isinstance(words, list) or not words:
            problem(["items", i], "an entry needs item (or item_id) and a non-empty terms list")
            continue
        if not all(isinstance(w, str) and terms.words(w) for w in words):
            problem(["items", i, "terms"], "each term is a word or a phrase of words")
            continue
        if ref in found:
            problem(["items", i], "this item already has terms above; keep one entry")
            continue
        found[ref] = tuple(words)
    return found, problems


def item_terms(item_id: str, item: str, reviewed: Mapping[str, tuple[str, ...]]) -> ItemTerms:
    for ref in (item_id, "text:" + item_key(item)):
        if ref in reviewed:
            return ItemTerms(item_id, item, reviewed[ref], "reviewed")
    return ItemTerms(item_id, item, default_terms(item), "default")


# --- counting ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdMention:
    """Lineage: which ad mentioned which item, and by which term."""

    profile_id: str
    item_id: str
    ad_id: str
    file: str
    row: int
    term: str


@dataclass(frozen=True)
class AdEvidence:
    """'mentioned in N of M ads, period' for one profile item."""

    profile_id: str
    item_id: str
    item: str
    n_mentions: int
    n_ads: int
    period: Period | None  # None: all dates
    terms: tuple[str, ...]
    terms_source: str

    def label(self) -> str:
        span = f", {self.period.label()}" if self.period else ""
        return f"mentioned in {self.n_mentions} of {self.n_ads} ads{span}"


def profile_ads(
    ads: Iterable[Ad], occupation: Occupation, period: Period | None, regions: Sequence[str] = ()
) -> list[Ad]:
    """The ads of one profile: its occupation, the period and (if given) the regions."""
    wanted = {item_key(r) for r in regions}
    return [
        ad
        for ad in ads
        if occupation.admits(ad)
        and (period is None or ad.date in period)
        and (not wanted or (ad.region is not None and item_key(ad.region) in wanted))
    ]


def count_mentions(
    profile_id: str,
    items: Iterable[tuple[str, str]],
    ads: Sequence[Ad],
    period: Period | None,
    reviewed: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[list[AdEvidence], list[AdMention]]:
    """Pure: for each (item_id, item text), how many of ``ads`` (already the profile's, see
    :func:`profile_ads`) mention it. An ad counts once per item, whichever term hit first."""
    words = [(ad, terms.words(f"{ad.title} {ad.text}")) for ad in ads]
    evidence, mentions = [], []
    for item_id, text in items:
        it = item_terms(item_id, text, reviewed or {})
        phrases = [(t, terms.words(t)) for t in it.terms]
        found = terms.phrase_in if it.source == "reviewed" else terms.all_in
        n = 0
        for ad, ad_words in words:
            hit = next((t for t, tw in phrases if tw and found(tw, ad_words)), None)
            if hit is not None:
                n += 1
                mentions.append(AdMention(profile_id, item_id, ad.id, ad.file, ad.row, hit))
        evidence.append(
            AdEvidence(profile_id, item_id, text, n, len(ads), period, it.terms, it.source)
        )
    return evidence, mentions
