"""Survey items <-> qualification requirements: proposals, the reviewed map, the gap.

osaaja proposes pairs by Finnish-aware similarity of the texts' content words (lemmas,
compounds and inflection handled by ``terms``); an analyst confirms or rejects them in
``raw/evidence/requirement_map.yaml``; undecided proposals form a review queue (shown next
to the unthemed queue). From the confirmed pairs, :func:`coverage` tells per profile which
competences the qualification already requires and which growing ones it does not cover.

The map refers to an item by its text (``item``), its export code (``item_code``) or its
identity (``item_id``), and to a requirement by its id (its ePerusteet code, see
``eperusteet.Requirement.id``). Pairs hold across profiles: a confirmed pair is a statement
about what the two texts mean.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pipeline import figures, yamlfile
from pipeline.contract import item_key
from pipeline.errors import ConfigError, Problem
from pipeline.evidence import terms
from pipeline.evidence.eperusteet import QualificationRequirements, Requirement

STATUSES = ("confirmed", "rejected")
PAIR_KEYS = ("item", "item_code", "item_id", "requirement", "status", "note", "reviewer", "date")
MIN_SCORE = 0.3  # below this a proposal is noise (tuned on the demo profiles)
PER_ITEM = 3  # proposals kept per item, best first


class ItemLike(Protocol):
    """What mapping needs of a profile item (``pipeline.model.ProfileItem`` fits)."""

    item_id: str
    item: str
    theme: str | None
    change: float | None
    suppressed: bool


# --- proposals ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    item_id: str
    item: str
    requirement_id: str
    requirement: str  # Finnish text
    unit_code: str | None
    unit_name: str  # Finnish name
    url: str | None
    score: float  # 0-1, rounded to 3 decimals
    shared: tuple[str, ...]  # the item's words that matched, for the reviewer


def similarity(a: str, b: str) -> tuple[float, tuple[str, ...]]:
    """Share of content words of both texts that find a match in the other (0-1), and the
    first text's matching words. Symmetric in the score."""
    wa, wb = terms.content_words(a), terms.content_words(b)
    if not wa or not wb:
        return 0.0, ()
    hit_a = [w for w in wa if any(_pair(w, x) for x in wb)]
    hit_b = [x for x in wb if any(_pair(w, x) for w in wa)]
    return (len(hit_a) + len(hit_b)) / (len(wa) + len(wb)), tuple(hit_a)


def _pair(a: str, b: str) -> bool:
    return terms.word_matches(a, b) or terms.word_matches(b, a)


def propose(
    items: Iterable[tuple[str, str]],
    requirements: Sequence[Requirement],
    min_score: float = MIN_SCORE,
    per_item: int = PER_ITEM,
) -> list[Proposal]:
    """Best requirement candidates per (item_id, item text), best first; deterministic."""
    found = []
    unique = {r.id: r for r in requirements}  # a code listed in two units is one requirement
    for item_id, text in items:
        scored = []
        for req in unique.values():
            score, shared = similarity(text, req.text["fi"])
            if score >= min_score:
                scored.append((-round(score, 3), req.id, req, shared))
        for neg, _, req, shared in sorted(scored, key=lambda s: (s[0], s[1]))[:per_item]:
            found.append(
                Proposal(
                    item_id=item_id,
                    item=text,
                    requirement_id=req.id,
                    requirement=req.text["fi"],
                    unit_code=req.unit_code,
                    unit_name=req.unit_name.get("fi", ""),
                    url=req.url,
                    score=-neg,
                    shared=shared,
                )
            )
    return found


# --- the reviewed map ----------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    item_ref: str  # "text:<item key>", "code:<code>" or an item_id as written
    requirement_id: str
    status: str  # confirmed | rejected
    note: str | None
    line: int | None


@dataclass(frozen=True)
class RequirementMap:
    path: str
    decisions: tuple[Decision, ...]

    def decided(self, item: ItemLike, requirement_id: str) -> Decision | None:
        refs = item_refs(item)
        return next(
            (
                d
                for d in self.decisions
                if d.requirement_id == requirement_id and d.item_ref in refs
            ),
            None,
        )

    def confirmed_for(self, item: ItemLike) -> tuple[str, ...]:
        refs = item_refs(item)
        return tuple(
            sorted(
                {
                    d.requirement_id
                    for d in self.decisions
                    if d.status == "confirmed" and d.item_ref in refs
                }
            )
        )


def item_refs(item: ItemLike) -> set[str]:
    """Every way the map may name this item: its identity and its current text."""
    return {item.item_id, "text:" + item_key(item.item)}


def load_requirement_map(path: Path) -> tuple[RequirementMap, list[Problem]]:
    """The reviewed pairs; a missing file is an empty map. Problems carry their lines."""
    path = Path(path)
    empty = RequirementMap(str(path), ())
    if not path.exists():
        return empty, []
    try:
        data, root = yamlfile.read(path)
    except ConfigError as err:
        return empty, list(err.problems)
    if data is None:
        return empty, []

    problems: list[Problem] = []

    def problem(at: list, message: str, kind: str) -> None:
        problems.append(
            Problem(str(path), row=yamlfile.line_of(root, at), message=message, code=f"map.{kind}")
        )

    if not isinstance(data, dict) or set(data) - {"pairs"}:
        problem([], "expected a mapping with one key, 'pairs' (a list of pairs)", "shape")
        return empty, problems
    pairs = data.get("pairs") or []
    if not isinstance(pairs, list):
        problem(["pairs"], "'pairs' must be a list of pairs", "shape")
        return empty, problems
    decisions: list[Decision] = []
    seen: dict[tuple[str, str], int | None] = {}
    for i, pair in enumerate(pairs):
        at = ["pairs", i]
        line = yamlfile.line_of(root, at)
        if not isinstance(pair, dict):
            problem(at, "a pair is a mapping: item (or item_code), requirement, status", "shape")
            continue
        unknown = sorted(set(map(str, pair)) - set(PAIR_KEYS))
        if unknown:
            problem(
                [*at, unknown[0]],
                f"unknown key {unknown[0]!r}; accepted: {', '.join(PAIR_KEYS)}",
                "key",
            )
            continue
        named = [k for k in ("item", "item_code", "item_id") if pair.get(k) not in (None, "")]
        if len(named) != 1:
            problem(at, "name the item once: item (its text), item_code or item_id", "item")
            continue
        value = str(pair[named[0]]).strip()
        ref = {"item": "text:" + item_key(value), "item_code": "code:" + value}.get(named[0], value)
        req = pair.get("requirement")
        if not isinstance(req, str | int) or isinstance(req, bool) or not str(req).strip():
            problem(
                [*at, "requirement"],
                "requirement must be the requirement's id: its ePerusteet code, e.g. '90312'",
                "requirement",
            )
            continue
        status = pair.get("status")
        if status not in STATUSES:
            problem(
                [*at, "status"],
                f"status {status!r} is not accepted; accepted: confirmed, rejected",
                "status",
            )
            continue
        key = (ref, str(req).strip())
        if key in seen:
            problem(at, f"this pair is already decided on line {seen[key]}; keep one", "duplicate")
            continue
        seen[key] = line
        note = pair.get("note")
        decisions.append(Decision(ref, key[1], status, str(note) if note else None, line))
    return RequirementMap(str(path), tuple(decisions)), problems


def check_map(
    rmap: RequirementMap, qualifications: Iterable[QualificationRequirements]
) -> list[Problem]:
    """Pairs whose requirement is in no saved qualification: a typo or an outdated code."""
    known = {r.id for q in qualifications for r in q.requirements}
    return [
        Problem(
            rmap.path,
            row=d.line,
            message=f"requirement {d.requirement_id!r} is in no qualification under "
            "raw/evidence/eperusteet/; use a requirement code the saved perusteet list",
            code="map.unknown_requirement",
        )
        for d in rmap.decisions
        if d.requirement_id not in known
    ]


# --- queue and coverage ----------------------------------------------------------------------


@dataclass(frozen=True)
class QueueEntry:
    """An undecided proposal, for the analyst's review queue."""

    profile_id: str
    proposal: Proposal


def review_queue(
    profile_id: str,
    items: Sequence[ItemLike],
    qualification: QualificationRequirements,
    rmap: RequirementMap,
    min_score: float = MIN_SCORE,
    per_item: int = PER_ITEM,
) -> list[QueueEntry]:
    """Proposals nobody has decided yet, for items with no confirmed requirement of this
    qualification (an item already mapped needs no more suggestions; a pair confirmed for
    another qualification does not map it here); in item order, best first."""
    ids = {r.id for r in qualification.requirements}
    open_items = [i for i in items if not ids.intersection(rmap.confirmed_for(i))]
    by_id = {i.item_id: i for i in open_items}
    proposals = propose(
        [(i.item_id, i.item) for i in open_items], qualification.requirements, min_score, per_item
    )
    return [
        QueueEntry(profile_id, p)
        for p in proposals
        if rmap.decided(by_id[p.item_id], p.requirement_id) is None
    ]


@dataclass(frozen=True)
class Covered:
    item_id: str
    item: str
    theme: str | None
    requirements: tuple[Requirement, ...]


@dataclass(frozen=True)
class Gap:
    item_id: str
    item: str
    theme: str | None
    change: float
    pending: tuple[str, ...]  # requirement ids still awaiting review for this item


@dataclass(frozen=True)
class Coverage:
    """Per profile: what the qualification already requires, and the growing gap."""

    profile_id: str
    peruste_id: int
    threshold: float
    required: tuple[Covered, ...]  # items with a confirmed requirement, in item order
    gaps: tuple[Gap, ...]  # growing items (change >= threshold) with none, largest change first


def coverage(
    profile_id: str,
    items: Sequence[ItemLike],
    qualification: QualificationRequirements,
    rmap: RequirementMap,
    threshold: float,
    queue: Sequence[QueueEntry] = (),
) -> Coverage:
    """Pure: which items the qualification requires (confirmed pairs only) and which growing
    ones it does not yet cover. Suppressed items have no publishable change, so they are
    never in the gap. ``queue`` marks gaps that still have proposals awaiting review."""
    by_id: dict[str, list[Requirement]] = {}
    for req in qualification.requirements:
        by_id.setdefault(req.id, []).append(req)
    pending: dict[str, list[str]] = {}
    for entry in queue:
        pending.setdefault(entry.proposal.item_id, []).append(entry.proposal.requirement_id)
    required, gaps = [], []
    for item in items:
        confirmed = [r for rid in rmap.confirmed_for(item) for r in by_id.get(rid, [])[:1]]
        if confirmed:
            required.append(Covered(item.item_id, item.item, item.theme, tuple(confirmed)))
        elif not item.suppressed and item.change is not None and growing(item.change, threshold):
            gaps.append(
                Gap(
                    item.item_id,
                    item.item,
                    item.theme,
                    item.change,
                    tuple(pending.get(item.item_id, ())),
                )
            )
    gaps.sort(key=lambda g: (-g.change, g.item))
    return Coverage(profile_id, qualification.peruste_id, threshold, tuple(required), tuple(gaps))


def growing(change: float, threshold: float) -> bool:
    """The project's one growth rule (``figures.grows``): the published change reaches the
    threshold."""
    return figures.grows(change, threshold)


def find_qualification(
    qualifications: Iterable[QualificationRequirements], ref: Any
) -> QualificationRequirements | None:
    """The saved peruste a profile's qualification reference (peruste id, diaarinumero or
    qualification code) points at; None when none does."""
    return next((q for q in qualifications if ref is not None and q.matches(ref)), None)
