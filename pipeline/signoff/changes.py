"""What changed between the snapshot a reviewer signed and the current content.

Between two survey rounds, some changes follow from the round itself and say nothing a
reviewer must judge: the cycle and survey fields, each item's trend (new in 2022 is
steady or rising in 2025) and its previous figure. They are marked ``consequence`` so
reports can leave them out (``osaaja signoff status --verbose`` lists them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pipeline.signoff.content import FIGURES

CHANGE_KINDS = (
    "profile",
    "added",
    "removed",
    "moved",
    "suppression",
    "figure",
    "text",
    "detail",
    "minor",
)


# Profile fields that change with every new round (the items say what really changed).
ROUND_FIELDS = ("cycle", "previous_cycle", "surveys", "survey_period", "dropped_items")


@dataclass(frozen=True)
class Change:
    kind: str  # one of CHANGE_KINDS
    subject: str  # item text or profile field
    detail: str
    consequence: bool = False  # follows from a new survey round itself (not from the data)

    def __str__(self) -> str:
        return f"{self.kind}: {self.subject}" + (f" ({self.detail})" if self.detail else "")


def _fmt(value: Any) -> str:
    return "—" if value is None else str(value)


def _profile_changes(
    old: Mapping[str, Any], new: Mapping[str, Any], round_change: bool
) -> list[Change]:
    changes = []
    for key in sorted(set(old) | set(new)):
        if key == "items" or old.get(key) == new.get(key):
            continue
        a, b = old.get(key), new.get(key)
        follows = round_change and key in ROUND_FIELDS
        if isinstance(a, dict) and isinstance(b, dict) and key != "qualification":
            langs = sorted(lang for lang in set(a) | set(b) if a.get(lang) != b.get(lang))
            changes.append(Change("profile", key, f"text changed: {', '.join(langs)}", follows))
        elif isinstance(a, int | float) and isinstance(b, int | float) or a is None or b is None:
            changes.append(Change("profile", key, f"{_fmt(a)} → {_fmt(b)}", follows))
        else:
            changes.append(Change("profile", key, "changed", follows))
    return changes


def _item_changes(
    old: Mapping[str, Any], new: Mapping[str, Any], tolerance: float, round_change: bool = False
) -> tuple[list[Change], int]:
    text = new["text"]
    changes: list[Change] = []
    minor = 0
    if old["theme"] != new["theme"]:
        changes.append(Change("moved", text, f"{_fmt(old['theme'])} → {_fmt(new['theme'])}"))
    if old["suppressed"] != new["suppressed"]:
        changes.append(
            Change(
                "suppression",
                text,
                "figures now hidden (too few organisations)"
                if new["suppressed"]
                else "figures now shown",
            )
        )
    if old["n"] != new["n"]:
        changes.append(Change("figure", text, f"organisations {old['n']} → {new['n']}"))
    if old["suppressed"] == new["suppressed"]:
        moved = []  # one line per item: "future importance 3.7 → 4.3; change -0.4 → 0.2"
        for key, label in FIGURES.items():
            a, b = old[key], new[key]
            if a == b:
                continue
            if round_change and key == "previous_future":
                changes.append(Change("figure", text, f"{label} {_fmt(a)} → {_fmt(b)}", True))
                continue
            if a is None or b is None or round(abs(a - b), 6) > tolerance:
                moved.append(f"{label} {_fmt(a)} → {_fmt(b)}")
            else:
                minor += 1
        if moved:
            changes.append(Change("figure", text, "; ".join(moved)))
    if old["text"] != new["text"]:
        changes.append(Change("text", text, f"was: {old['text']}"))
    details = [k for k in ("kind", "area", "tags", "trend") if old[k] != new[k]]
    if round_change and "trend" in details:
        details.remove("trend")
        changes.append(
            Change("detail", text, f"trend {_fmt(old['trend'])} → {_fmt(new['trend'])}", True)
        )
    if details:
        changes.append(
            Change(
                "detail", text, ", ".join(f"{k} {_fmt(old[k])} → {_fmt(new[k])}" for k in details)
            )
        )
    return changes, minor


def diff_content(
    old: Mapping[str, Any], new: Mapping[str, Any], tolerance: float = 0.2
) -> list[Change]:
    """What changed from the reviewed snapshot ``old`` to the current ``new``: profile
    fields, items added, removed, moved between themes, figures beyond ``tolerance``
    (smaller figure changes are counted in one ``minor`` line), text and details."""
    round_change = old.get("cycle") != new.get("cycle")
    changes = _profile_changes(old, new, round_change)
    old_items = {i["id"]: i for i in old.get("items", [])}
    new_items = {i["id"]: i for i in new.get("items", [])}
    pairs = [(key, key) for key in sorted(set(old_items) & set(new_items))]
    # An item whose identity changed (a new alias, a code added) but whose text did not is
    # the same item to a reviewer: pair it by text instead of listing it removed and added.
    added = {k: new_items[k] for k in sorted(set(new_items) - set(old_items))}
    removed = {k: old_items[k] for k in sorted(set(old_items) - set(new_items))}
    by_text = {}
    for key, item in added.items():
        by_text.setdefault(item["text"], []).append(key)
    for old_key, item in list(removed.items()):
        match = by_text.get(item["text"], [])
        if len(match) == 1:
            new_key = match.pop()
            pairs.append((old_key, new_key))
            del removed[old_key], added[new_key]
            changes.append(Change("detail", item["text"], f"item identity {old_key} → {new_key}"))
    for item in added.values():
        changes.append(Change("added", item["text"], f"theme {_fmt(item['theme'])}"))
    for item in removed.values():
        changes.append(Change("removed", item["text"], f"theme {_fmt(item['theme'])}"))
    minor = 0
    for old_key, new_key in pairs:
        found, small = _item_changes(
            old_items[old_key], new_items[new_key], tolerance, round_change
        )
        changes.extend(found)
        minor += small
    if minor:
        changes.append(Change("minor", f"{minor} figure(s)", f"changed by at most {tolerance}"))
    order = {kind: n for n, kind in enumerate(CHANGE_KINDS)}
    return sorted(changes, key=lambda c: (order[c.kind], c.subject, c.detail))
