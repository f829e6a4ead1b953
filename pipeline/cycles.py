"""Survey cycles: item identity across cycles, change between two cycles, the next round.

- ``load_aliases``: ``raw/item_aliases.yaml`` maps a reworded item of a later cycle to the
  earlier item, so the two count as one item across cycles (``item_aliases`` in the store).
- ``cycle_diff`` / ``diff_lines`` / ``diff_workbook``: what changed in each profile between
  two cycles (``osaaja diff``).
- ``prepare_cycle``: ``raw/<year>/`` for the next round (``osaaja new-cycle``).

Identity rule (the store's ``item_id``): ``code:<item code>`` where the export gives a code,
else ``text:<item key>``; an alias overrides both for the texts it names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from pipeline import yamlfile
from pipeline.contract import item_key
from pipeline.errors import ConfigError, Problem, UsageError

ALIAS_KEYS = ("item", "code", "was", "was_code", "note")
ALIAS_SHAPE = (
    "expected 'aliases:' followed by a list of {item: <later text> or code: <later code>, "
    "was: <earlier text> or was_code: <earlier code>, note: <optional>} entries"
)


# --- item aliases ----------------------------------------------------------------------


@dataclass(frozen=True)
class Alias:
    """One entry of ``item_aliases.yaml``: the later item and the earlier item it continues."""

    line: int | None
    item_key: str | None = None  # later item by text (normalised) ...
    item_code: str | None = None  # ... or by code
    was_key: str | None = None  # earlier item by text (normalised) ...
    was_code: str | None = None  # ... or by code

    @property
    def source(self) -> str:
        return f"text:{self.item_key}" if self.item_key is not None else f"code:{self.item_code}"

    @property
    def target(self) -> str:
        """The identity the aliased items take: the earlier item's ``item_id``."""
        return f"text:{self.was_key}" if self.was_key is not None else f"code:{self.was_code}"


def load_aliases(
    path: Path, known: Iterable[tuple[str, str | None]]
) -> tuple[pd.DataFrame, list[Problem]]:
    """Read ``raw/item_aliases.yaml`` against the items in the store.

    ``known``: every distinct (item_key, item_code) pair of every cycle
    (``store.item_key_codes``). Returns the rows for the store's ``item_aliases`` table
    (item_key, item_id) and the problems found, each naming the file and line: an alias
    that points at nothing, an item aliased to two different earlier items, a loop. A
    missing file means no aliases.

    An alias gives the reworded text the earlier item's identity in every survey where
    the text occurs. Texts tied to it by a shared item code follow it, so that a survey
    that carries codes (where the code already links the two wordings) stays linked too.
    """
    path = Path(path)
    empty = pd.DataFrame({"item_key": pd.Series(dtype=object), "item_id": pd.Series(dtype=object)})
    if not path.exists():
        return empty, []
    aliases, problems = _parse_aliases(path)
    if problems and not aliases:
        return empty, problems
    keys_by_code: dict[str, set[str]] = defaultdict(set)
    codes_by_key: dict[str, set[str]] = defaultdict(set)
    for key, code in known:
        codes_by_key[key]
        if code is not None:
            keys_by_code[code].add(key)
            codes_by_key[key].add(code)

    def bad(alias: Alias, message: str) -> None:
        problems.append(Problem(str(path), row=alias.line, message=message))

    def keys_of(key: str | None, code: str | None) -> set[str]:
        """The texts an alias side names: its own text, or every text carrying its code."""
        if key is not None:
            return {key} if key in codes_by_key else set()
        return set(keys_by_code.get(code, ()))

    valid: list[tuple[Alias, set[str]]] = []
    for alias in aliases:
        sources = keys_of(alias.item_key, alias.item_code)
        targets = keys_of(alias.was_key, alias.was_code)
        if not sources:
            bad(
                alias,
                f"points at nothing: no survey has the {_describe(alias.item_key, alias.item_code)}; "
                "write the later item's text (or code) as it is in the export",
            )
        if not targets:
            bad(
                alias,
                f"points at nothing: no survey has the earlier {_describe(alias.was_key, alias.was_code)}; "
                "write the earlier item's text (or code) as it is in the export",
            )
        if alias.source == alias.target:
            bad(alias, "maps an item to itself; remove the entry")
        elif sources and targets:
            valid.append((alias, sources | targets))

    # One group per set of texts tied together by aliases and shared codes.
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(keys: Iterable[str]) -> None:
        keys = sorted(keys)
        for other in keys[1:]:
            parent[find(other)] = find(keys[0])

    for _alias, keys in valid:
        union(keys)
    # Texts sharing a code with an aliased text join its group (and so on, transitively).
    queue, done = sorted(parent), set()
    while queue:
        for code in sorted(codes_by_key[queue.pop()] - done):
            done.add(code)
            union(keys_by_code[code])
            queue += sorted(keys_by_code[code])
    groups: dict[str, list[Alias]] = defaultdict(list)
    for alias, keys in valid:
        groups[find(next(iter(keys)))].append(alias)
    members: dict[str, list[str]] = defaultdict(list)
    for key in sorted(parent):
        members[find(key)].append(key)

    rows = []
    for root, group in sorted(groups.items()):
        sources = {a.source for a in group}
        finals = sorted({a.target for a in group} - sources)
        if len(finals) != 1:
            lines = ", ".join(str(a.line) for a in group)
            why = (
                f"these entries (lines {lines}) loop without reaching an earlier item"
                if not finals
                else f"these entries (lines {lines}) tie the same items to different earlier items "
                f"({', '.join(finals)}); an item continues one earlier item"
            )
            bad(group[0], why)
            continue
        rows += [
            (key, finals[0])
            for key in members[root]
            if not (finals[0] == f"text:{key}" and not codes_by_key[key])
        ]  # no-op rows left out
    frame = pd.DataFrame(rows, columns=["item_key", "item_id"]) if rows else empty
    return frame, sorted(problems)


def _describe(key: str | None, code: str | None) -> str:
    return f"item text {key!r}" if key is not None else f"item code {code!r}"


def _parse_aliases(path: Path) -> tuple[list[Alias], list[Problem]]:
    try:
        data, root = yamlfile.read(path)
    except UnicodeDecodeError:
        return [], [Problem(str(path), message="not UTF-8 text; save the file as UTF-8")]
    except ConfigError as err:
        return [], err.problems
    if data is None:
        return [], []
    if (
        not isinstance(data, dict)
        or set(data) != {"aliases"}
        or not isinstance(data["aliases"] or [], list)
    ):
        return [], [Problem(str(path), row=1, message=ALIAS_SHAPE)]
    nodes = yamlfile.child(root, "aliases")
    aliases, problems, seen = [], [], {}
    for i, raw in enumerate(data["aliases"] or []):
        node = nodes.value[i] if isinstance(nodes, yaml.SequenceNode) else None
        line = node.start_mark.line + 1 if node is not None else None

        def bad(message: str, line: int | None = line) -> None:
            problems.append(Problem(str(path), row=line, message=message))

        if not isinstance(raw, dict):
            bad("expected a mapping: {item: <later text>, was: <earlier text>}")
            continue
        unknown = sorted(set(raw) - set(ALIAS_KEYS))
        if unknown:
            bad(f"unknown key(s) {', '.join(unknown)}; accepted: {', '.join(ALIAS_KEYS)}")
            continue
        if ("item" in raw) == ("code" in raw) or ("was" in raw) == ("was_code" in raw):
            bad(
                "give exactly one of item/code (the later item) and one of was/was_code (the earlier item)"
            )
            continue
        values = {k: raw[k] for k in ("item", "code", "was", "was_code") if k in raw}
        if not all(isinstance(v, str | int) and str(v).strip() for v in values.values()):
            bad("item, code, was and was_code must be non-empty text")
            continue
        alias = Alias(
            line=line,
            item_key=item_key(str(values["item"])) if "item" in values else None,
            item_code=str(values["code"]).strip() if "code" in values else None,
            was_key=item_key(str(values["was"])) if "was" in values else None,
            was_code=str(values["was_code"]).strip() if "was_code" in values else None,
        )
        if alias.source in seen:
            bad(f"{alias.source} is aliased twice (also on line {seen[alias.source]}); keep one")
            continue
        seen[alias.source] = line
        aliases.append(alias)
    return aliases, problems


def apply_aliases(con: Any, path: Path) -> list[Problem]:
    """Fill the store's ``item_aliases`` from ``path``; returns the problems of the file and
    of the identities that result (two items of one survey with one identity)."""
    from pipeline import store

    frame, problems = load_aliases(path, store.item_key_codes(con))
    store.write_item_aliases(con, frame)
    for survey_id, item_id, items in store.identity_collisions(con):
        problems.append(
            Problem(
                str(path),
                message=f"survey {survey_id}: {' / '.join(map(repr, items))} share the "
                f"identity {item_id} and would be counted as one item; an alias or a shared code "
                "ties them (fix the alias, or the codes in the export)",
            )
        )
    return problems


# --- change between two cycles ---------------------------------------------------------

STATUS_LABELS = {  # (Finnish / English, a symbol so the status never rests on colour alone)
    "new": ("uusi / new", "+"),
    "rising": ("nouseva / rising", "▲"),
    "falling": ("laskeva / falling", "▼"),
    "dropped": ("poistunut / dropped", "×"),
    "not_compared": ("ei verrattu / not compared", "?"),
    "steady": ("ennallaan / steady", "="),
}
STATUS_ORDER = {s: i for i, s in enumerate(STATUS_LABELS)}


@dataclass(frozen=True)
class ItemChange:
    """One item of one profile between two cycles (a row of the ``item_changes`` view)."""

    item_id: str
    item: str  # text now (the earlier text for a dropped item)
    previous_item: str | None  # text then (differs from ``item`` when reworded)
    theme: str | None
    status: str  # one of STATUS_LABELS
    previous_n_organisations: int | None
    n_organisations: int | None
    previous_mean_future: float | None
    mean_future: float | None
    future_change: float | None
    below_minimum: bool  # a figure rests on fewer organisations than the minimum


@dataclass(frozen=True)
class ThemeShare:
    theme: str | None  # None = unthemed
    previous_n_items: int
    previous_share: float
    n_items: int
    share: float


@dataclass(frozen=True)
class ProfileDiff:
    profile_id: str
    title: str
    previous_n_organisations: int
    n_organisations: int
    changes: tuple[ItemChange, ...]  # in STATUS_ORDER, biggest change first
    shares: tuple[ThemeShare, ...]

    def count(self, status: str) -> int:
        return sum(1 for c in self.changes if c.status == status)


@dataclass(frozen=True)
class CycleDiff:
    previous_cycle: int
    cycle: int
    trend_threshold: float
    profiles: tuple[ProfileDiff, ...]
    not_compared: tuple[tuple[str, str], ...]  # (profile id, why) for profiles left out


def cycle_diff(
    con: Any, specs: Sequence[Any], previous_cycle: int, cycle: int, *, trend_threshold: float
) -> CycleDiff:
    """What changed in every profile of ``specs`` between two cycles of the store."""
    from pipeline import store

    if previous_cycle >= cycle:
        raise UsageError(
            f"diff: the earlier cycle comes first: osaaja diff {min(previous_cycle, cycle)} "
            f"{max(previous_cycle, cycle)}"
        )
    known = store.cycles_in_store(con)
    missing = [c for c in (previous_cycle, cycle) if c not in known]
    if missing:
        raise UsageError(
            f"diff: no cycle {', '.join(map(str, missing))} in the store; "
            f"it has: {', '.join(map(str, known)) or 'none'}"
        )
    changes = store.cycle_changes(con, previous_cycle, cycle, trend_threshold=trend_threshold)
    shares = store.theme_share_pairs(con, previous_cycle, cycle)
    organisations = store.profile_organisations(con, [previous_cycle, cycle])
    profiles, left_out = [], []
    for spec in specs:
        rows = changes[changes.profile_id == spec.id]
        if rows.empty:
            absent = [str(c) for c in (previous_cycle, cycle) if (spec.id, c) not in organisations]
            left_out.append((spec.id, f"no data in {' and '.join(absent)}"))
            continue
        items = sorted((_item_change(r) for r in rows.to_dict("records")), key=_change_order)
        profiles.append(
            ProfileDiff(
                profile_id=spec.id,
                title=spec.title.get("fi", spec.id),
                previous_n_organisations=organisations[(spec.id, previous_cycle)],
                n_organisations=organisations[(spec.id, cycle)],
                changes=tuple(items),
                shares=tuple(
                    ThemeShare(
                        r["theme"],
                        int(r["previous_n_items"]),
                        float(r["previous_share"]),
                        int(r["n_items"]),
                        float(r["share"]),
                    )
                    for r in _records(shares[shares.profile_id == spec.id])
                ),
            )
        )
    return CycleDiff(
        previous_cycle, cycle, float(trend_threshold), tuple(profiles), tuple(left_out)
    )


def _records(frame: pd.DataFrame) -> list[dict]:
    return [
        {k: (None if _missing(v) else v) for k, v in r.items()} for r in frame.to_dict("records")
    ]


def _missing(value: Any) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _item_change(row: dict) -> ItemChange:
    row = {k: (None if _missing(v) else v) for k, v in row.items()}

    def number(key: str) -> float | None:
        return None if row[key] is None else float(row[key])

    def count(key: str) -> int | None:
        return None if row[key] is None else int(row[key])

    return ItemChange(
        item_id=row["item_id"],
        item=row["item"],
        previous_item=row["previous_item"],
        theme=row["theme"],
        status=row["status"],
        previous_n_organisations=count("previous_n_organisations"),
        n_organisations=count("n_organisations"),
        previous_mean_future=number("previous_mean_future"),
        mean_future=number("mean_future"),
        future_change=number("future_change"),
        below_minimum=bool(row["below_minimum"]),
    )


def _change_order(c: ItemChange) -> tuple:
    """Status order; within a status the biggest change first (new and dropped items:
    the most important first)."""
    if c.future_change is not None:
        size = abs(c.future_change)
    else:
        size = c.mean_future if c.mean_future is not None else (c.previous_mean_future or 0.0)
    return (STATUS_ORDER[c.status], -size, c.item.casefold(), c.item_id)


LISTED = ("new", "rising", "falling", "dropped", "not_compared")  # steady items are only counted


def diff_lines(diff: CycleDiff, profile_id: str | None = None) -> list[str]:
    """The change table as printed by ``osaaja diff``: per profile the new, rising, falling,
    dropped and not-compared items with the figures and organisations behind them."""
    chosen = [p for p in diff.profiles if profile_id in (None, p.profile_id)]
    before, after = diff.previous_cycle, diff.cycle
    lines = [
        f"Changes {before} → {after} (rising/falling: future importance changed by at least "
        f"{diff.trend_threshold:g}; n = organisations behind the figure)"
    ]
    for p in chosen:
        counts = ", ".join(f"{p.count(s)} {s.replace('_', ' ')}" for s in STATUS_LABELS)
        lines += [
            "",
            f"{p.profile_id} ({p.title}): {p.previous_n_organisations} → {p.n_organisations} "
            f"organisations; {counts}",
        ]
        table = [
            ("status", "item", "theme", f"future {before} (n)", f"future {after} (n)", "change")
        ]
        table += [
            (
                c.status.replace("_", " "),
                _clip(c.item, 60),
                c.theme or "-",
                _figure(c.previous_mean_future, c.previous_n_organisations),
                _figure(c.mean_future, c.n_organisations),
                f"{c.future_change:+.2f}" if c.future_change is not None else "",
            )
            for c in p.changes
            if c.status in LISTED
        ]
        if len(table) > 1:
            lines += ["  " + line for line in _aligned(table, right={3, 4, 5})]
        shares = ", ".join(
            f"{s.theme or 'unthemed'} {s.previous_share:.0%} → {s.share:.0%}"
            for s in sorted(p.shares, key=lambda s: (-s.share, s.theme or "~"))
        )
        lines.append(f"  theme shares: {shares}")
    for pid, why in diff.not_compared:
        if profile_id in (None, pid):
            lines += ["", f"{pid}: not compared, {why}"]
    return lines


def _figure(mean: float | None, n: int | None) -> str:
    if n is None:
        return "-"
    return f"{mean:.2f} ({n})" if mean is not None else f"- ({n})"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _aligned(rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.rjust(w) if i in right else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


# --- the diff workbook -----------------------------------------------------------------

CHANGE_COLUMNS: list[tuple[str, int]] = [
    ("Ammattiprofiili / Profile", 30),
    ("Tila / Status", 22),
    ("Tilan merkki / Status symbol", 10),
    ("Merkki / Marker", 9),
    ("Teema / Theme", 26),
    ("Osaaminen / Item", 60),
    ("Aiempi muotoilu / Earlier wording", 40),
    ("Tunniste / Item id", 30),
    ("Org. ennen / Orgs then", 12),
    ("Tuleva tarve ennen / Future then", 14),
    ("Org. nyt / Orgs now", 12),
    ("Tuleva tarve nyt / Future now", 14),
    ("Muutos / Change", 12),
    ("Alle minimin / Below minimum", 12),
]
SHARE_COLUMNS: list[tuple[str, int]] = [
    ("Ammattiprofiili / Profile", 30),
    ("Merkki / Marker", 9),
    ("Teema / Theme", 30),
    ("Osaamisia ennen / Items then", 14),
    ("Osuus ennen / Share then", 14),
    ("Osaamisia nyt / Items now", 14),
    ("Osuus nyt / Share now", 14),
    ("Muutos / Change", 14),
]


def diff_workbook(diff: CycleDiff, themes: Sequence[Any]) -> bytes:
    """``BUILD/analyst/diff_<then>_<now>.xlsx``: a legend, every item change and the theme
    shares, rows coloured by theme like the analyst workbook. Same diff, same bytes."""
    from openpyxl import Workbook

    from pipeline import analyst

    by_id = {t.id: t for t in themes}
    wb = Workbook()
    legend = wb.active
    legend.title = "Selite - Legend"
    analyst._header(
        legend,
        [("Tila / Status", 26), ("Tilan merkki / Status symbol", 10), ("Selitys / Meaning", 90)],
    )
    meanings = {
        "new": "not in the earlier cycle's profile (nor under an alias)",
        "rising": f"future importance up by at least {diff.trend_threshold:g}",
        "falling": f"future importance down by at least {diff.trend_threshold:g}",
        "dropped": "in the earlier cycle's profile, not in the later one",
        "not_compared": "a figure rests on fewer organisations than the minimum (or is missing)",
        "steady": f"future importance changed by less than {diff.trend_threshold:g}",
    }
    for status, (label, marker) in STATUS_LABELS.items():
        analyst._append(legend, [label, marker, meanings[status]], None)
    analyst._finish(legend, 3)
    legend.append([])
    for note in (
        f"Kierrokset / Cycles: {diff.previous_cycle} → {diff.cycle}",
        *(f"Ei verrattu / Not compared: {pid} ({why})" for pid, why in diff.not_compared),
    ):
        analyst._append(legend, [note], None)

    ws = wb.create_sheet("Muutokset - Changes")
    analyst._header(ws, CHANGE_COLUMNS)
    for p in diff.profiles:
        for c in p.changes:
            info = by_id.get(c.theme) if c.theme else None
            analyst._append(
                ws,
                [
                    p.profile_id,
                    STATUS_LABELS[c.status][0],
                    STATUS_LABELS[c.status][1],
                    info.marker if info else "",
                    info.label["fi"] if info else (c.theme or analyst.UNTHEMED_LABEL),
                    c.item,
                    c.previous_item if _reworded(c) else "",
                    c.item_id,
                    c.previous_n_organisations,
                    _round(c.previous_mean_future),
                    c.n_organisations,
                    _round(c.mean_future),
                    _round(c.future_change),
                    "x" if c.below_minimum else "",
                ],
                info,
            )
            for column, fmt in {10: "0.00", 12: "0.00", 13: "+0.00;-0.00;0.00"}.items():
                ws.cell(row=ws.max_row, column=column).number_format = fmt
    analyst._finish(ws, len(CHANGE_COLUMNS))

    ws = wb.create_sheet("Teemaosuudet - Theme shares")
    analyst._header(ws, SHARE_COLUMNS)
    for p in diff.profiles:
        for s in sorted(
            p.shares,
            key=lambda s: (by_id[s.theme].order if s.theme in by_id else 10**6, s.theme or ""),
        ):
            info = by_id.get(s.theme) if s.theme else None
            analyst._append(
                ws,
                [
                    p.profile_id,
                    info.marker if info else "",
                    info.label["fi"] if info else (s.theme or analyst.UNTHEMED_LABEL),
                    s.previous_n_items,
                    s.previous_share,
                    s.n_items,
                    s.share,
                    s.share - s.previous_share,
                ],
                info,
            )
            for column, fmt in {5: "0.0%", 7: "0.0%", 8: "+0.0%;-0.0%;0.0%"}.items():
                ws.cell(row=ws.max_row, column=column).number_format = fmt
    analyst._finish(ws, len(SHARE_COLUMNS))
    return analyst._deterministic_bytes(wb)


def _reworded(c: ItemChange) -> bool:
    """The earlier wording differs from the later one (not only in case or spacing)."""
    return c.previous_item is not None and item_key(c.previous_item) != item_key(c.item)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


# --- the next cycle ----------------------------------------------------------------------

CYCLE = re.compile(r"^(19|20|21)\d\d$")


@dataclass(frozen=True)
class PreparedCycle:
    folder: Path
    created: tuple[Path, ...]  # files written by this run
    kept: tuple[Path, ...]  # files that were there already (left untouched)
    notes: tuple[str, ...]


def existing_cycles(raw: Path) -> list[int]:
    """The cycles that have a folder in raw/ (``raw/2019/`` ...)."""
    return (
        sorted(int(p.name) for p in Path(raw).iterdir() if p.is_dir() and CYCLE.match(p.name))
        if Path(raw).is_dir()
        else []
    )


def prepare_cycle(project: Any, cycle: int) -> PreparedCycle:
    """Prepare ``raw/<cycle>/`` for the next survey round; never overwrites anything.

    Writes ``README.md`` (what to drop in, the expected file names) and ``REREVIEW.md``
    (every existing sign-off, to be renewed for this cycle), and an empty
    ``item_aliases.yaml`` when there is none. Files that exist are kept as they are, so a
    second run changes nothing.
    """
    from pipeline import profiles as profiles_mod
    from pipeline import signoff
    from pipeline.fsutil import atomic_file

    if not CYCLE.match(str(cycle)):
        raise UsageError(f"new-cycle: {cycle!r} is not a survey year; expected e.g. 2025")
    raw = Path(project.raw)
    if not raw.is_dir():
        raise UsageError(
            f"new-cycle: {raw} is not a folder; pass --raw with the project's raw/ folder"
        )
    cycles = existing_cycles(raw)
    if cycles and cycle < max(cycles):
        raise UsageError(
            f"new-cycle: {cycle} is before the latest cycle {max(cycles)}; "
            "a new cycle comes after the ones in raw/"
        )
    specs = (
        profiles_mod.load_profiles(project.profiles_file) if project.profiles_file.exists() else []
    )
    signoffs, refused = signoff.load_signoffs(project.signoffs_dir)
    folder = raw / str(cycle)
    files = {
        folder / "README.md": cycle_readme(cycle, specs, cycles, project),
        folder / "REREVIEW.md": rereview_md(cycle, signoffs, refused, project),
        project.aliases_file: ALIASES_STUB,
    }
    created, kept = [], []
    folder.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        if path.exists():
            kept.append(path)
            continue
        with atomic_file(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
        created.append(path)
    notes = [
        f"profiles carried over: {len(specs)} profile(s) in {project.profiles_file} name their surveys by "
        f"field and occupation, so they pick up the {cycle} exports by themselves",
        f"kept as they are: {project.overrides_file} (theme overrides), {project.aliases_file} (item aliases)",
        f"{len(signoffs)} sign-off(s) listed for re-review in {folder / 'REREVIEW.md'}",
    ]
    if refused:
        notes.append(f"{len(refused)} sign-off file problem(s) listed there too")
    return PreparedCycle(folder, tuple(created), tuple(kept), tuple(notes))


ALIASES_STUB = """\
# Reworded items: a later cycle's item and the earlier item it continues, so that the two
# count as one item across cycles (docs/queries.md, "Cycles and item identity").
# Items with the same code in both cycles need no entry; an entry pointing at no item is
# reported by `osaaja build`.
#
# aliases:
#   - item: "Käyttää sähköpostia ja pikaviestimiä"   # the later text (or code: <later code>)
#     was: "Käyttää sähköpostia"                     # the earlier text (or was_code: <code>)
#     note: "reworded in 2022"                       # optional
aliases: []
"""


def cycle_readme(cycle: int, specs: Sequence[Any], cycles: Sequence[int], project: Any) -> str:
    surveys = sorted({(s.field, s.occupation) for spec in specs for s in spec.surveys})
    expected = "\n".join(f"- `{cycle}_{f}_{o}.xlsx`" for f, o in surveys) or "- (no profiles yet)"
    previous = f"the {max(cycles)} round" if cycles else "earlier rounds"
    return f"""\
# Survey round {cycle}

Drop the {cycle} competence-survey exports (C&Q "osaamiskartoitus" Excel files, `.xlsx`)
into this folder, one workbook per survey, named `{cycle}_<field>_<occupation>.xlsx` like
those of {previous}. The input contract is `../shared/spec/cq-export.md`; a file that breaks
it is reported with its sheet, row and column, and nothing is changed.

The surveys the profiles in `{project.profiles_file.name}` expect:

{expected}

A survey with no file this round keeps its profile at its latest cycle. A new occupation
needs a new entry in `{project.profiles_file.name}`.

Carried over without any change:

- **Profiles** (`{project.profiles_file.name}`) name their surveys by field and occupation
  slug, so each one picks up its {cycle} survey by itself.
- **Theme overrides** (`{project.overrides_file.name}`) and **item aliases**
  (`{project.aliases_file.name}`) are kept. An item reworded since the last round needs an
  alias (`item:` the new text, `was:` the old one) unless it keeps its item code; without
  one it shows up as new, and the old wording as dropped.
- **Sign-offs** are bound to the content reviewed: once {cycle} data is in, every profile
  needs a new sign-off. `REREVIEW.md` lists who signed what before.

Then run `osaaja build`, and `osaaja diff {max(cycles) if cycles else cycle - 3} {cycle}` for what changed.
"""


def rereview_md(
    cycle: int, signoffs: Sequence[Any], refused: Sequence[Problem], project: Any
) -> str:
    rows = "\n".join(
        f"| {s.profile} | {s.cycle} | {s.reviewer} | {s.role} | {s.decision} | {s.date.isoformat()} | "
        f"`{Path(s.file).relative_to(project.raw).as_posix() if Path(s.file).is_relative_to(project.raw) else s.file}` |"
        for s in sorted(signoffs, key=lambda s: (s.profile, s.reviewer, s.cycle))
    )
    table = (
        (
            "| profile | cycle | reviewer | role | decision | date | file |\n|---|---|---|---|---|---|---|\n"
            + rows
        )
        if signoffs
        else "No sign-offs yet."
    )
    problems = (
        (
            "\n\nSign-off files that were refused (fix or remove them):\n\n"
            + "\n".join(f"- {p}" for p in refused)
        )
        if refused
        else ""
    )
    return f"""\
# Sign-offs to renew for the {cycle} round

Every sign-off below was given for an earlier cycle and **needs re-review for {cycle}**.
A sign-off is bound to the content its reviewer saw (`docs/signoff.md`); when the {cycle}
data is in, each profile's content changes and `osaaja signoff status` shows it as stale
until the reviewer signs the new version (`osaaja signoff request <profile>`). The old
decisions stay in the store's `signoff_history`.

{table}{problems}

Written by `osaaja new-cycle {cycle}`, which never overwrites it: delete this file and run
the command again to list sign-offs given since.
"""
