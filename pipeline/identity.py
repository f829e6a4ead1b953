"""Item identity across surveys and cycles (docs/figures.md, "One identity per competence").

The one place that decides which item texts are the same competence. Every row links its
normalised text to its code; every alias in ``raw/item_aliases.yaml`` links its two ends;
the linked groups are the competences. A group's id is ``code:<code>`` when the group has
exactly one code, else ``text:<its smallest text>`` (several codes for one competence
come from surveys with different code lists). The store's views join the resulting
``item_identity`` table instead of deciding again.

Conflicts inside one survey are reported to the analyst (warnings; the rule decides):
one code on two different texts (that code links neither of them), and one text with two
codes (both codes are linked to it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline import yamlfile
from pipeline.contract import item_key
from pipeline.errors import ConfigError, Problem

ALIAS_KEYS = ("item", "code", "was", "was_code", "note")
ALIAS_SHAPE = (
    "expected 'aliases:' followed by a list of {item: <later text> or code: <later code>, "
    "was: <earlier text> or was_code: <earlier code>, note: <optional>} entries"
)


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
        return _node(self.item_key, self.item_code)

    @property
    def target(self) -> str:
        return _node(self.was_key, self.was_code)


@dataclass(frozen=True)
class Occurrence:
    """Where an item text (with its code, if any) first occurs in one survey."""

    survey_id: str
    item_key: str
    item_code: str | None
    item: str  # as written
    file: str
    sheet: str
    row: int


def _node(key: str | None, code: str | None) -> str:
    return f"text:{key}" if key is not None else f"code:{code}"


class _Groups:
    """Union-find over nodes ``text:<key>`` and ``code:<code>``."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, node: str) -> str:
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)  # deterministic whatever the order


def resolve(
    occurrences: Iterable[Occurrence], aliases: Iterable[Alias], aliases_file: Path | str
) -> tuple[dict[str, str], list[Problem], list[Problem]]:
    """(item_key -> item_id for every text, alias problems, conflicts).

    Alias problems (an alias naming no item, or an item itself) stop the run; conflicts
    are warnings with the file, sheet and row of each occurrence."""
    occurrences = list(occurrences)
    keys_by_code: dict[tuple[str, str], dict[str, Occurrence]] = defaultdict(dict)
    codes_by_key: dict[tuple[str, str], dict[str, Occurrence]] = defaultdict(dict)
    for o in occurrences:
        if o.item_code is not None:
            keys_by_code[(o.survey_id, o.item_code)].setdefault(o.item_key, o)
            codes_by_key[(o.survey_id, o.item_key)].setdefault(o.item_code, o)
    conflicts = [
        _conflict(found, "code_two_texts") for found in keys_by_code.values() if len(found) > 1
    ] + [_conflict(found, "text_two_codes") for found in codes_by_key.values() if len(found) > 1]
    groups = _Groups()
    for o in occurrences:
        groups.find(f"text:{o.item_key}")
        if o.item_code is not None and len(keys_by_code[(o.survey_id, o.item_code)]) == 1:
            groups.union(f"text:{o.item_key}", f"code:{o.item_code}")
    problems = []
    known = set(groups.parent)
    for alias in aliases:
        missing = [
            (side, node)
            for side, node in (("later", alias.source), ("earlier", alias.target))
            if node not in known
        ]
        for side, node in missing:
            kind, _, value = node.partition(":")
            what = "item text" if kind == "text" else "item code"
            problems.append(
                Problem(
                    str(aliases_file),
                    row=alias.line,
                    message=f"points at nothing: no survey has the {side} {what} {value!r}; "
                    f"write the {side} item's text (or code) as it is in the export",
                    code="identity.alias_unknown",
                )
            )
        if alias.source == alias.target:
            problems.append(
                Problem(
                    str(aliases_file),
                    row=alias.line,
                    message="maps an item to itself; remove the entry",
                    code="identity.alias_self",
                )
            )
        elif not missing:
            groups.union(alias.source, alias.target)
    members: dict[str, list[str]] = defaultdict(list)
    for node in sorted(groups.parent):
        members[groups.find(node)].append(node)
    ids = {}
    for nodes in members.values():
        codes = [n for n in nodes if n.startswith("code:")]
        texts = [n for n in nodes if n.startswith("text:")]
        group_id = codes[0] if len(codes) == 1 else texts[0]
        for text in texts:
            ids[text.removeprefix("text:")] = group_id
    return ids, sorted(problems), sorted(conflicts)


def _conflict(found: dict[str, Occurrence], kind: str) -> Problem:
    first = min(found.values(), key=lambda o: (o.file, o.sheet, o.row))
    where = "; ".join(
        f"{(k if kind == 'text_two_codes' else repr(o.item))} (row {o.row})"
        for k, o in sorted(found.items(), key=lambda kv: kv[1].row)
    )
    if kind == "code_two_texts":
        message = (
            f"code {first.item_code!r} labels different items in one survey: {where}; the code "
            "does not link them (each keeps its text's identity); fix the codes in the export"
        )
    else:
        message = (
            f"item {first.item!r} carries several codes in one survey: {where}; all are linked "
            "to it as one item; fix the codes in the export if they are different items"
        )
    return Problem(first.file, first.sheet, first.row, None, message, code=f"identity.{kind}")


def parse_aliases(path: Path) -> tuple[list[Alias], list[Problem]]:
    """The entries of ``raw/item_aliases.yaml`` (none when the file is missing), each problem
    with its line."""
    path = Path(path)
    if not path.exists():
        return [], []
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
