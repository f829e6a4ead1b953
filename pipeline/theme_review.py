"""The review queues and learning from decisions.

* The **doubtful** queue: items the rules themed on weak evidence (a fallback stem, a
  compound's modifier only, a tie, a stronger contradicting hit, a scoped rule without
  the item's field, an undetermined language). They are published with their theme, but
  listed beside the unthemed queue with the one override line that accepts or changes it.
* **Promotion**: the analysts' overrides are decisions; ``promote_overrides`` writes them
  into ``themes.yaml`` as examples of their theme, so the rule set's tests grow with
  every cycle (``osaaja themes check`` then says which examples no rule reaches yet).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline import yamlfile
from pipeline.contract import item_key
from pipeline.errors import ConfigError, Problem

DOUBT_TEXT = {
    "fallback": "Voikko does not know the word; matched by its stem",
    "modifier": "matched a compound's modifier, not its head",
    "tie": "another theme matched with the same priority",
    "conflict": "another theme had stronger evidence",
    "scope": "a field-scoped rule decided, but the item's field was not given",
    "language": "the item's language could not be told",
}
_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#]*$")


@dataclass(frozen=True)
class QueueItem:
    """One item of the doubtful queue (theme set) or the unthemed queue (theme None)."""

    item_key: str
    text: str
    theme: str | None
    rule_id: str | None
    doubts: tuple[str, ...]
    evidence: str

    @property
    def reasons(self) -> str:
        return "; ".join(DOUBT_TEXT.get(d, d) for d in self.doubts)

    def override_line(self, theme: str | None = None) -> str:
        """The line of ``raw/theme_overrides.yaml`` that settles the item: accept the
        rules' theme, or put another theme id in its place."""
        return override_line(self.text or self.item_key, theme or self.theme or "<theme id>")


def override_line(text: str, theme: str) -> str:
    return f"  - {{item: {json.dumps(text, ensure_ascii=False)}, theme: {theme}}}"


def doubtful_queue(assignments: Mapping[str, Any]) -> list[QueueItem]:
    """Items themed by rules on weak evidence (not pinned by an override), by item key."""
    return [
        QueueItem(k, a.text or k, a.theme, a.rule_id, tuple(a.doubts), a.evidence)
        for k, a in sorted(assignments.items())
        if a.doubts and a.source != "override"
    ]


def unthemed_queue(assignments: Mapping[str, Any]) -> list[QueueItem]:
    return [
        QueueItem(k, a.text or k, None, None, (), "")
        for k, a in sorted(assignments.items())
        if a.theme is None
    ]


def queue_table(assignments: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Both queues as plain rows (for ``checks.html`` or JSON): kind, text, theme, rule,
    reasons, evidence and the override line to paste."""
    rows = []
    for kind, queue in (
        ("unthemed", unthemed_queue(assignments)),
        ("doubtful", doubtful_queue(assignments)),
    ):
        for q in queue:
            rows.append(
                {
                    "queue": kind,
                    "item_key": q.item_key,
                    "item": q.text,
                    "theme": q.theme,
                    "rule": q.rule_id,
                    "doubts": list(q.doubts),
                    "reasons": q.reasons,
                    "evidence": q.evidence,
                    "override": q.override_line(),
                }
            )
    return rows


# --- promotion ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Promotion:
    text: str  # the new themes.yaml text (unchanged when nothing was promoted)
    promoted: tuple[tuple[str, str], ...]  # (theme id, example text)
    skipped: tuple[str, ...]  # why an override was not promoted, one line each


def promote_overrides(
    themes_path: Path | str, themes_text: str, overrides: Iterable[Any]
) -> Promotion:
    """Add each override by item text to ``examples.match`` of its theme in ``themes.yaml``.

    Pure: returns the new text (comments and layout kept: lines are inserted after the
    theme's last example). Skipped, with the reason: overrides by item code (no text to
    write), items that already are an example of any theme, unknown themes, and themes
    whose examples are written as a flow list ``[...]``.
    """
    data, root = yamlfile.read(themes_path, themes_text)
    themes_node = yamlfile.child(root, "themes")
    if not isinstance(data, dict) or themes_node is None:
        raise ConfigError([Problem(str(themes_path), message="expected a themes: list")])
    existing = {
        item_key(e)
        for t in data["themes"]
        for kind in ("match", "no_match")
        for e in (t.get("examples") or {}).get(kind) or ()
    }
    inserts: dict[int, list[str]] = {}  # 0-based line index to insert before -> lines
    promoted, skipped = [], []
    for o in overrides:
        if o.text is None:
            skipped.append(f"{o.label}: pinned by code, so there is no text to write as an example")
            continue
        key = item_key(o.text)
        if key in existing:
            skipped.append(f"{o.text!r}: already an example in {Path(themes_path).name}")
            continue
        index = next((i for i, t in enumerate(data["themes"]) if t.get("id") == o.theme), None)
        if index is None:
            skipped.append(f"{o.text!r}: theme {o.theme!r} is not in {Path(themes_path).name}")
            continue
        match = yamlfile.child(
            yamlfile.child(yamlfile.child(themes_node, index), "examples"), "match"
        )
        if not isinstance(match, yaml.SequenceNode) or match.flow_style or not match.value:
            skipped.append(f"{o.text!r}: examples.match of theme {o.theme} is not a block list")
            continue
        last = match.value[-1]
        at = last.end_mark.line + (1 if last.end_mark.column > 0 else 0)
        indent = " " * (last.start_mark.column - 2)
        inserts.setdefault(at, []).append(f"{indent}- {_scalar(o.text)}")
        existing.add(key)
        promoted.append((o.theme, o.text))
    if not promoted:
        return Promotion(themes_text, (), tuple(skipped))
    lines = themes_text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    for at in sorted(inserts, reverse=True):
        lines[at:at] = [line + "\n" for line in inserts[at]]
    return Promotion("".join(lines), tuple(promoted), tuple(skipped))


def _scalar(text: str) -> str:
    """The example as YAML: plain when it reads back as the same string, else quoted."""
    if _PLAIN.match(text) and ": " not in text:
        try:
            if yaml.safe_load(text) == text:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)
