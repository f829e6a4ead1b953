"""Read what a build published (open data, pages) and compare it with the recomputation.

Every comparison returns a list of `Mismatch`; the tests fail with all of them listed.
A published row is tied to its competence through the auditor's own identity
(`recompute.Identity`), so a row keyed by code and another keyed by text of the same
competence count as the same item.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path

from .reader import item_key
from .recompute import Figures, Identity, Settings, page, round_half_up

COLUMNS = [
    "profile_id",
    "cycle",
    "theme",
    "item_id",
    "item",
    "kind",
    "area",
    "suppressed",
    "n_organisations",
    "n_now",
    "n_future",
    "mean_now",
    "mean_future",
    "change",
    "sd_now",
    "sd_future",
    "trend",
    "previous_mean_future",
]
COUNTS = {"n_organisations", "n_now", "n_future"}
DECIMALS = {"mean_now", "mean_future", "change", "sd_now", "sd_future", "previous_mean_future"}
FIGURES = ["suppressed", *sorted(COUNTS), *sorted(DECIMALS), "trend"]
# Which organisations a figure rests on: (cycle "current"/"previous", measure).
RESTS_ON = {
    "mean_now": [("current", "now")],
    "sd_now": [("current", "now")],
    "mean_future": [("current", "future")],
    "sd_future": [("current", "future")],
    "change": [("current", "now"), ("current", "future")],
    "previous_mean_future": [("previous", "future")],
    "trend": [("current", "future"), ("previous", "future")],
}


@dataclass(frozen=True)
class Mismatch:
    kind: str
    where: str
    detail: str

    def __str__(self) -> str:
        return f"[{self.kind}] {self.where}: {self.detail}"


def summary(mismatches: list[Mismatch]) -> str:
    """Counts per kind, then every mismatch: the failure message of the tests."""
    counts = Counter(m.kind for m in mismatches)
    head = [f"{n:5d}  {kind}" for kind, n in sorted(counts.items())]
    return "\n".join([f"{len(mismatches)} mismatch(es):", *head, "", *map(str, mismatches)])


# --- open data ----------------------------------------------------------------------------


@dataclass
class Table:
    label: str
    columns: set[str]
    rows: list[dict]


def read_tables(site: Path) -> list[Table]:
    """Every CSV and JSON with item rows under the site (per profile and any combined file)."""
    tables = []
    for path in sorted(site.rglob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            rows = list(reader)
            if "item_id" not in (reader.fieldnames or ()):
                continue  # profiles.csv, themes_by_profile.csv: no item rows
            tables.append(Table(path.relative_to(site).as_posix(), set(reader.fieldnames), rows))
    for path in sorted(site.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("items"), list):
            rows = data["items"]
            columns = set().union(*(r.keys() for r in rows)) if rows else set()
            tables.append(Table(path.relative_to(site).as_posix(), columns, rows))
    return tables


def value(column: str, raw):
    """A published cell as the auditor compares it: None = not published."""
    if raw is None or raw == "":
        return None
    if column == "suppressed":
        return raw if isinstance(raw, bool) else str(raw).strip().lower() == "true"
    if column in COUNTS | DECIMALS | {"cycle"}:
        try:
            number = Decimal(repr(raw) if isinstance(raw, float) else str(raw).strip())
        except InvalidOperation:
            return str(raw)
        return number
    return str(raw)


def expected(f: Figures, column: str):
    if column in COUNTS:
        return Decimal(getattr(f, column))
    if column == "trend":
        return f.trend
    if column == "suppressed":
        return f.suppressed
    return f.values.get(column)


def _difference(column: str, got, want) -> str | None:
    if got == want:
        return None
    if want is None:
        return "published although not publishable"
    if got is None:
        return "not published although publishable"
    if column in DECIMALS and isinstance(got, Decimal):
        if round_half_up(Fraction(got), 2) == want:
            return "more decimals than 2"
        if abs(got - want) <= Decimal("0.01"):
            return "rounding"
    return "value"


def resolve(row: dict, identity: Identity) -> tuple[str | None, list[str]]:
    """The competence of a published row, and what is wrong with its identity."""
    by_id = identity.of_published_id(str(row.get("item_id", "")))
    by_text = identity.of_text(row["item"]) if row.get("item") else None
    problems = []
    if by_text is not None and by_id is not None and by_text != by_id:
        problems.append(f"item_id {row.get('item_id')} and text {row.get('item')!r} are two items")
    group = by_id or by_text
    if group is not None and row.get("item_id") != group:
        problems.append(f"item_id {row.get('item_id')!r}, the rule gives {group!r}")
    return group, problems


def published_rows(tables, identity):
    """(table, profile, cycle, group, row, identity problems) for every published row."""
    for t in tables:
        for row in t.rows:
            cycle = value("cycle", row.get("cycle"))
            group, problems = resolve(row, identity)
            yield (
                t,
                row.get("profile_id"),
                int(cycle) if cycle is not None else None,
                group,
                row,
                problems,
            )


def compare_open_data(tables: list[Table], figures, identity: Identity) -> list[Mismatch]:
    out: list[Mismatch] = []
    for t in tables:
        for column in COLUMNS:
            if column not in t.columns:
                out.append(Mismatch(f"column absent: {column}", t.label, "not compared"))
    seen: dict[tuple, dict[str, int]] = defaultdict(Counter)
    for t, profile, cycle, group, row, problems in published_rows(tables, identity):
        where = f"{t.label} › {profile} {cycle} › {row.get('item_id')}"
        for p in problems:
            out.append(Mismatch("identity: item_id", where, p))
        wanted = figures.get(profile, {}).get(cycle)
        if wanted is None:
            out.append(Mismatch("no such profile and cycle", where, "nothing to recompute"))
            continue
        if group is None:
            out.append(Mismatch("identity: unknown item", where, f"{row.get('item')!r}"))
            continue
        seen[(t.label, profile, cycle)][group] += 1
        f = wanted.get(group)
        if f is None:
            out.append(Mismatch("item not in profile", where, f"{row.get('item')!r}"))
            continue
        out += _attributes(row, f, where)
        for column in FIGURES:
            if column not in t.columns:
                continue
            got, want = value(column, row.get(column)), expected(f, column)
            why = _difference(column, got, want)
            if why:
                out.append(
                    Mismatch(f"{column}: {why}", where, f"published {got}, recomputed {want}")
                )
    for (label, profile, cycle), groups in seen.items():
        for group, n in groups.items():
            if n > 1:
                out.append(
                    Mismatch(
                        "duplicate competence",
                        f"{label} › {profile} {cycle}",
                        f"{group} listed {n} times",
                    )
                )
        for group in sorted(set(figures.get(profile, {}).get(cycle, {})) - set(groups)):
            out.append(Mismatch("item missing", f"{label} › {profile} {cycle}", group))
    return out


def _attributes(row: dict, f: Figures, where: str) -> list[Mismatch]:
    """Text, kind and area must be one of the competence's own (any contributing survey)."""
    parts = f.parts.values()
    out = []
    texts = {item_key(t) for p in parts for t in p.texts}
    if row.get("item") is not None and item_key(row["item"]) not in texts:
        out.append(Mismatch("attribute: item", where, f"{row['item']!r} not among {sorted(texts)}"))
    for column, allowed in (
        ("kind", {k for p in parts for k in p.kinds}),
        ("area", {a for p in parts for a in p.areas}),
    ):
        got = row.get(column) or ""
        if column in row and got not in allowed:
            out.append(
                Mismatch(f"attribute: {column}", where, f"{got!r} not among {sorted(allowed)}")
            )
    return out


def duplicates(tables, identity) -> list[Mismatch]:
    groups: dict[tuple, list[str]] = defaultdict(list)
    for t, profile, cycle, group, row, _ in published_rows(tables, identity):
        if group is not None:
            groups[(t.label, profile, cycle, group)].append(
                f"{row.get('item_id')} {row.get('item')!r}"
            )
    return [
        Mismatch("duplicate competence", f"{label} › {profile} {cycle} › {group}", "; ".join(rows))
        for (label, profile, cycle, group), rows in groups.items()
        if len(rows) > 1
    ]


# --- suppression --------------------------------------------------------------------------


def _published_figures(tables, figures, identity):
    """(where, column, Figures of the cycle it rests on, measure) per published figure."""
    for t, profile, cycle, group, row, _ in published_rows(tables, identity):
        f = figures.get(profile, {}).get(cycle, {}).get(group)
        if f is None:
            continue
        where = f"{t.label} › {profile} {cycle} › {row.get('item_id')}"
        for column, rests in RESTS_ON.items():
            got = value(column, row.get(column))
            if got is None or (column == "trend" and got == "new"):
                continue
            for which, measure in rests:
                yield where, column, f if which == "current" else f.previous, measure


def below_minimum(tables, figures, identity, settings: Settings) -> list[Mismatch]:
    out = []
    for where, column, f, measure in _published_figures(tables, figures, identity):
        n = 0 if f is None else (f.n_now if measure == "now" else f.n_future)
        if n < settings.min_organisations:
            out.append(
                Mismatch(
                    f"below minimum: {column}",
                    where,
                    f"rests on {n} organisation(s) rating {measure} (minimum {settings.min_organisations})",
                )
            )
    return out


def recoverable(tables, figures, identity, settings: Settings) -> list[Mismatch]:
    """Secondary suppression: no published figure lets one subtract a small part out."""
    out = []
    low = settings.min_organisations
    published: dict[tuple, dict[frozenset, tuple[str, Figures]]] = defaultdict(dict)
    for where, column, f, measure in _published_figures(tables, figures, identity):
        if f is None:
            continue
        parts = f.contributing(measure)
        for survey, n in sorted(parts.items()):
            if len(parts) > 1 and n < low:
                out.append(
                    Mismatch(
                        f"recoverable part: {column}", where, f"survey {survey} part rests on {n}"
                    )
                )
        if column not in ("mean_now", "mean_future", "previous_mean_future"):
            continue  # differences of means; the other figures follow their means
        cycle = next(iter(parts))[0] if parts else None
        published[(f.item_id, cycle, measure)].setdefault(frozenset(parts), (where, f))
    for (item_id, cycle, measure), sets in sorted(published.items(), key=str):
        for small, (where_small, _) in sets.items():
            for big, (where_big, f) in sets.items():
                if small < big:
                    orgs = set()
                    b_count = 0
                    for s in big - small:
                        part = f.parts[s]
                        if part.layout == "B":
                            b_count += part.count(measure)
                        orgs |= part.orgs[measure]
                    n = len(orgs) + b_count
                    if 0 < n < low:
                        out.append(
                            Mismatch(
                                f"recoverable by subtraction: mean_{measure}",
                                f"{item_id} {cycle}",
                                f"{where_big} minus {where_small} leaves {n} organisation(s)",
                            )
                        )
    return out


# --- pages --------------------------------------------------------------------------------


class _DataTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[dict, str]] = []
        self._open: dict | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "data" and "data-measure" in dict(attrs):
            self._open, self._text = dict(attrs), []

    def handle_data(self, data):
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "data" and self._open is not None:
            self.found.append((self._open, "".join(self._text)))
            self._open = None


def page_figures(site: Path, profile_ids) -> dict[str, list[tuple[str, str, dict, str]]]:
    """{profile: [(page, language, attributes, text)]} for each published profile's pages."""
    out: dict[str, list] = {}
    for profile in profile_ids:
        out[profile] = []
        for path in sorted((site / profile).glob("*.html")):
            parser = _DataTags()
            parser.feed(path.read_text(encoding="utf-8"))
            lang = path.name.split(".")[-2]
            out[profile] += [
                (path.relative_to(site).as_posix(), lang, a, t) for a, t in parser.found
            ]
    return out


def _page_text(text: str, lang: str, decimals: int) -> Decimal | None:
    """The number a page shows, or None when it is not written as the language writes it."""
    text = text.strip().replace("\u2212", "-").replace("\xa0", "")
    if text.startswith(("+", "±")):  # "±0,0": a change that rounds to zero
        text = text[1:]
    sep = "," if lang in ("fi", "sv") else "."
    pattern = r"-?\d+" + (rf"{re.escape(sep)}\d{{{decimals}}}" if decimals else "")
    if not re.fullmatch(pattern, text):
        return None
    return Decimal(text.replace(",", "."))


def compare_pages(
    site: Path, tables: list[Table], profile_ids
) -> tuple[list[Mismatch], dict[str, int]]:
    csv_values: dict[tuple[str, str, str], object] = {}
    for t in tables:
        if t.label.endswith(".csv"):
            latest: dict[str, int] = {}  # pages show each profile's latest cycle
            for r in t.rows:
                latest[r["profile_id"]] = max(latest.get(r["profile_id"], 0), int(r["cycle"]))
            for r in t.rows:
                if int(r["cycle"]) == latest[r["profile_id"]]:
                    for column in COUNTS | DECIMALS:
                        if column in r:
                            csv_values.setdefault(
                                (r["profile_id"], r["item_id"], column), value(column, r[column])
                            )
    out: list[Mismatch] = []
    marked: dict[str, int] = {}
    for profile, found in page_figures(site, profile_ids).items():
        marked[profile] = len(found)
        for page_name, lang, attrs, text in found:
            item, measure = attrs.get("data-item"), attrs.get("data-measure")
            where = f"{page_name} › {item} › {measure}"
            key = (profile, item, measure)
            if key not in csv_values:
                out.append(Mismatch("page: figure not in open data", where, f"shows {text!r}"))
                continue
            want = csv_values[key]
            if want is None:
                out.append(Mismatch("page: suppressed figure shown", where, f"shows {text!r}"))
                continue
            got = value(measure, attrs.get("value"))
            if got != want:
                out.append(
                    Mismatch(
                        "page: value", where, f"value={attrs.get('value')!r}, open data {want}"
                    )
                )
            shown = _page_text(text, lang, 0 if measure in COUNTS else 1)
            rounded = want if measure in COUNTS else page(want)
            if shown != rounded:
                out.append(
                    Mismatch(
                        "page: text", where, f"shows {text!r}, open data {want} rounds to {rounded}"
                    )
                )
    return out, marked


# --- confidentiality ----------------------------------------------------------------------


def names_published(site: Path, names: set[str]) -> list[Mismatch]:
    out = []
    wanted = {n.casefold(): n for n in names if len(n) >= 4}
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".csv", ".json", ".txt", ".xml"):
            continue
        text = path.read_text(encoding="utf-8").casefold()
        for folded, name in sorted(wanted.items()):
            if folded in text:
                out.append(
                    Mismatch("confidential name published", path.relative_to(site).as_posix(), name)
                )
    return out
