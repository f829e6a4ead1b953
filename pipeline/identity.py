"""Item identity across surveys and cycles (docs/figures.md, "One identity per competence").

The one place that decides which item texts and codes are the same competence:
``identity_frame`` gives every (item_key, item_code) pair of the store its ``item_id``,
and the store's views join that table instead of deciding again.

Rule: ``code:<item code>`` where the export gives a code, else ``text:<item key>``;
``raw/item_aliases.yaml`` maps a reworded item of a later cycle to the earlier item, and
the alias overrides both for the texts it names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from pipeline import yamlfile
from pipeline.contract import item_key
from pipeline.errors import ConfigError, Problem

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
        return item_id_of(self.item_key, self.item_code)

    @property
    def target(self) -> str:
        """The identity the aliased items take: the earlier item's ``item_id``."""
        return item_id_of(self.was_key, self.was_code)


def load_aliases(
    path: Path, known: Iterable[tuple[str, str | None]]
) -> tuple[pd.DataFrame, list[Problem]]:
    """``parse_aliases`` then ``resolve_aliases`` (one call for tests and scripts)."""
    aliases, problems = parse_aliases(path)
    frame, more = resolve_aliases(path, aliases, known)
    return frame, sorted(problems + more)


def resolve_aliases(
    path: Path, aliases: list[Alias], known: Iterable[tuple[str, str | None]]
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
    empty = pd.DataFrame({"item_key": pd.Series(dtype=object), "item_id": pd.Series(dtype=object)})
    if not aliases:
        return empty, []
    problems: list[Problem] = []
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


def parse_aliases(path: Path) -> tuple[list[Alias], list[Problem]]:
    """The entries of ``raw/item_aliases.yaml`` (none when the file is missing)."""
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


def item_id_of(key: str, code: str | None) -> str:
    """The identity of an item that no alias names."""
    return f"code:{code}" if code is not None else f"text:{key}"


def identity_frame(aliased: pd.DataFrame, pairs: Iterable[tuple[str, str | None]]) -> pd.DataFrame:
    """The ``item_identity`` table: every (item_key, item_code) pair with its item_id
    (``aliased``: the item_key -> item_id rows of ``resolve_aliases``)."""
    by_alias = dict(zip(aliased["item_key"], aliased["item_id"], strict=True))
    rows = [(key, code, by_alias.get(key) or item_id_of(key, code)) for key, code in pairs]
    return pd.DataFrame(rows, columns=["item_key", "item_code", "item_id"])
