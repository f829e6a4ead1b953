"""Analysts' decisions on themes: ``raw/theme_overrides.yaml``.

An override pins one item (by its text or its code) to a theme, whatever the rules say;
``themes.classify`` applies them, ``theme_review.promote_overrides`` turns them into
examples of ``themes.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline import yamlfile
from pipeline.contract import item_key
from pipeline.errors import ConfigError, Problem
from pipeline.theme_rules import RuleSet


@dataclass(frozen=True)
class Override:
    theme: str
    item_key: str | None = None
    item_code: str | None = None
    tags: tuple[str, ...] | None = None  # None: keep the tags the rules give
    line: int | None = None
    text: str | None = None  # the item text as the override wrote it
    note: str | None = None

    @property
    def label(self) -> str:
        return (
            f"item {self.item_key!r}" if self.item_key is not None else f"code {self.item_code!r}"
        )


@dataclass(frozen=True)
class Overrides:
    path: str
    entries: tuple[Override, ...] = ()

    def by_key(self) -> dict[str, Override]:
        return {o.item_key: o for o in self.entries if o.item_key is not None}

    def by_code(self) -> dict[str, Override]:
        return {o.item_code: o for o in self.entries if o.item_code is not None}


def load_overrides(path: Path) -> Overrides:
    """Read ``raw/theme_overrides.yaml``; a missing file means no overrides.

    Shape: ``overrides: [{item: <text> | code: <item code>, theme: <id>, tags: [<id>...]}]``.
    """
    path = Path(path)
    if not path.exists():
        return Overrides(str(path))
    data, lines = yamlfile.read(path)
    if data is None:
        return Overrides(str(path))
    problems: list[Problem] = []

    def problem(at: Iterable, message: str) -> None:
        problems.append(Problem(str(path), row=yamlfile.line_of(lines, at), message=message))

    if (
        not isinstance(data, dict)
        or set(data) - {"overrides"}
        or not isinstance(data.get("overrides") or [], list)
    ):
        raise ConfigError(
            [
                Problem(
                    str(path),
                    row=1,
                    message="expected 'overrides:' followed by a list of "
                    "{item: <text> or code: <code>, theme: <theme id>, tags: [...]} entries",
                )
            ]
        )
    entries, seen = [], {}
    for i, raw in enumerate(data.get("overrides") or []):
        at = ("overrides", i)
        if not isinstance(raw, dict):
            problem(at, "expected a mapping with item or code, and theme")
            continue
        unknown = sorted(set(raw) - {"item", "code", "theme", "tags", "note"})
        if unknown:
            problem(
                (*at, unknown[0]),
                f"unknown key(s) {', '.join(unknown)}; accepted: item, code, theme, tags, note",
            )
        if ("item" in raw) == ("code" in raw):
            problem(at, "give exactly one of item (the item text) or code (the item code)")
            continue
        if not isinstance(raw.get("theme"), str):
            problem(at, "theme is required: one theme id from themes.yaml")
            continue
        tags = raw.get("tags")
        if tags is not None and not (
            isinstance(tags, list) and all(isinstance(t, str) for t in tags)
        ):
            problem((*at, "tags"), "tags must be a list of theme ids")
            continue
        value = raw.get("item", raw.get("code"))
        if not isinstance(value, str | int) or not str(value).strip():
            problem(at, "item/code must be non-empty text")
            continue
        entry = Override(
            theme=raw["theme"],
            tags=tuple(tags) if tags is not None else None,
            item_key=item_key(str(value)) if "item" in raw else None,
            item_code=str(value).strip() if "code" in raw else None,
            line=yamlfile.line_of(lines, at),
            text=str(value).strip() if "item" in raw else None,
            note=raw.get("note") if isinstance(raw.get("note"), str) else None,
        )
        if entry.label in seen:
            problem(
                at, f"{entry.label} is pinned twice (also on line {seen[entry.label]}); keep one"
            )
        seen.setdefault(entry.label, entry.line)
        entries.append(entry)
    if problems:
        raise ConfigError(
            problems, headline=f"{path} is not a valid overrides file; nothing was changed."
        )
    return Overrides(str(path), tuple(entries))


def check_overrides(rules: RuleSet, overrides: Overrides) -> list[Problem]:
    """Overrides must name themes the rule set has."""
    known = set(rules.theme_ids)
    problems = []
    for o in overrides.entries:
        for theme in (o.theme, *(o.tags or ())):
            if theme not in known:
                problems.append(
                    Problem(
                        overrides.path,
                        row=o.line,
                        message=(
                            f"{o.label}: unknown theme {theme!r}; accepted: {', '.join(rules.theme_ids)}"
                        ),
                    )
                )
    return problems
