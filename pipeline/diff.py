"""What changed in each profile between two survey cycles (``osaaja diff``): the table
printed on screen and the colour-coded analyst workbook.

The statuses come from the store's one change rule (``pipeline.store.changes``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from openpyxl import Workbook

from pipeline import analyst, figures, store
from pipeline.contract import item_key
from pipeline.errors import UsageError
from pipeline.morphology import Morphology, words_of

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
class Rewording:
    """A new item that may be a dropped item of the same profile reworded: the alias that
    would make them one item, if the analyst accepts it."""

    item: str  # the new text
    was: str  # the dropped (earlier) text
    similarity: float  # 0-1: shared lemmas and compound parts (``similarity``)


@dataclass(frozen=True)
class ProfileDiff:
    profile_id: str
    title: str
    previous_n_organisations: int
    n_organisations: int
    changes: tuple[ItemChange, ...]  # in STATUS_ORDER, biggest change first
    shares: tuple[ThemeShare, ...]
    rewordings: tuple[Rewording, ...] = ()  # new items paired with similar dropped ones

    def count(self, status: str) -> int:
        return sum(1 for c in self.changes if c.status == status)


@dataclass(frozen=True)
class CycleDiff:
    previous_cycle: int
    cycle: int
    trend_threshold: float
    profiles: tuple[ProfileDiff, ...]
    not_compared: tuple[tuple[str, str], ...]  # (profile id, why) for profiles left out
    min_organisations: int = 3


def cycle_diff(
    con: Any,
    specs: Sequence[Any],
    previous_cycle: int,
    cycle: int,
    *,
    trend_threshold: float,
    min_organisations: int = 3,
) -> CycleDiff:
    """What changed in every profile of ``specs`` between two cycles of the store."""
    if previous_cycle >= cycle:
        raise UsageError(
            f"diff: the earlier cycle comes first: osaaja diff {min(previous_cycle, cycle)} "
            f"{max(previous_cycle, cycle)}"
        )
    morphology = None
    known = store.cycles_in_store(con)
    missing = [c for c in (previous_cycle, cycle) if c not in known]
    if missing:
        raise UsageError(
            f"diff: no cycle {', '.join(map(str, missing))} in the store; "
            f"it has: {', '.join(map(str, known)) or 'none'}"
        )
    changes = store.cycle_changes(con, previous_cycle, cycle)
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
        if morphology is None:
            morphology = Morphology()
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
                rewordings=rewordings(items, morphology),
            )
        )
    return CycleDiff(
        previous_cycle,
        cycle,
        float(trend_threshold),
        tuple(profiles),
        tuple(left_out),
        min_organisations,
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


# --- rewordings: new items that look like dropped ones -----------------------------------

REWORDING_THRESHOLD = 0.34  # aliases in the demo score 0.43-0.62; unrelated items 0-0.2
REWORDING_CANDIDATES = 3  # dropped items shown per new item
# Words that join rather than mean: they make two texts look alike without being alike.
FILLER = frozenset({"ja", "sekä", "tai", "myös", "eri", "kuten", "esim", "mm", "jne"})


def word_parts(text: str, morphology: Morphology) -> frozenset[str]:
    """What a text says, read by Voikko: each word's lemma and its compound parts
    ("kassajärjestelmää" -> kassajärjestelmä, kassa, järjestelmä), without filler words."""
    out: set[str] = set()
    for word in words_of(text):
        if word in FILLER or word.isdigit():
            continue
        analysis = morphology.analyse(word)
        out.add(analysis.lemma)
        out.update(analysis.parts)
    return frozenset(out)


def similarity(a: str, b: str, morphology: Morphology) -> float:
    """Shared lemmas and compound parts over all of them (Jaccard), 0-1: inflection,
    compounding and added words count for little ("Käyttää kassajärjestelmää" and
    "Käyttää kassa- ja mobiilimaksujärjestelmiä": 0.43)."""
    x, y = word_parts(a, morphology), word_parts(b, morphology)
    return len(x & y) / len(x | y) if x | y else 0.0


def rewordings(changes: Sequence[ItemChange], morphology: Morphology) -> tuple[Rewording, ...]:
    """Each new item with the dropped items of the same profile it resembles most (at
    least ``REWORDING_THRESHOLD``), best first."""
    new = [c.item for c in changes if c.status == "new"]
    dropped = [c.item for c in changes if c.status == "dropped"]
    out = []
    for item in sorted(new, key=str.casefold):
        scored = sorted(
            ((similarity(item, was, morphology), was) for was in dropped),
            key=lambda pair: (-pair[0], pair[1].casefold()),
        )
        out += [
            Rewording(item, was, round(score, 2))
            for score, was in scored[:REWORDING_CANDIDATES]
            if score >= REWORDING_THRESHOLD
        ]
    return tuple(out)


def alias_lines(diff: CycleDiff, profile_id: str | None = None) -> list[str]:
    """The rewordings of every profile as ``raw/item_aliases.yaml`` entries to accept: the
    best candidate of each new item as an entry, other candidates as comments."""
    lines = []
    for p in diff.profiles:
        if profile_id not in (None, p.profile_id) or not p.rewordings:
            continue
        lines.append(
            f"  # {p.profile_id}: new in {diff.cycle} ↔ dropped since {diff.previous_cycle}"
        )
        seen: set[str] = set()
        for r in p.rewordings:
            quoted_was = json.dumps(r.was, ensure_ascii=False)
            if r.item in seen:
                lines.append(f"  #   or was: {quoted_was}  (similarity {r.similarity:.2f})")
                continue
            seen.add(r.item)
            lines += [
                f"  - item: {json.dumps(r.item, ensure_ascii=False)}",
                f"    was: {quoted_was}",
                f'    note: "reworded in {diff.cycle}, {p.profile_id} (similarity {r.similarity:.2f})"',
            ]
    if not lines:
        return []
    return [
        "",
        "Possible rewordings: a new item that resembles a dropped one is often the same "
        "competence reworded. To count them as one item, add the entries you accept under "
        "`aliases:` in raw/item_aliases.yaml and build again:",
        *lines,
    ]


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
    return lines + alias_lines(diff, profile_id)


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
    ("Julkaistavissa / Publishable", 30),
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
                    figures.workbook(c.previous_mean_future),
                    c.n_organisations,
                    figures.workbook(c.mean_future),
                    figures.workbook(c.future_change),
                    analyst.NOT_FOR_PUBLICATION.format(min=diff.min_organisations)
                    if c.below_minimum
                    else "kyllä / yes",
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
