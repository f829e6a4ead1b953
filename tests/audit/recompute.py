"""Recompute every published figure from the raw rows, per `docs/figures.md`.

Independent of the pipeline: the rows come from `audit.reader`, the configuration is read
here with plain YAML, and all arithmetic is exact (`Fraction`), rounded by the document's
rule at the end. Themes are an attribute, not a figure: composed profiles that select
items of a survey by theme take each item's theme from the caller (the published CSV).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import yaml

from .reader import Reading, item_key

MEASURES = ("now", "future")


# --- configuration ----------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    min_organisations: int = 3
    trend_threshold: Fraction = Fraction(3, 10)


@dataclass(frozen=True)
class Entry:
    field: str
    occupation: str
    themes: frozenset[str] | None = None
    areas: frozenset[str] | None = None


@dataclass(frozen=True)
class ProfileSpec:
    id: str
    entries: tuple[Entry, ...]


def _yaml(path: Path) -> dict:
    if not path.exists():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def load_settings(raw: Path) -> Settings:
    data = _yaml(raw / "osaaja.yaml")
    return Settings(
        int(data.get("min_organisations", 3)),
        Fraction(str(data.get("trend_threshold", "0.3"))),
    )


def load_profiles(raw: Path) -> list[ProfileSpec]:
    out = []
    for p in _yaml(raw / "profiles.yaml").get("profiles", []):
        entries = tuple(
            Entry(
                s["field"],
                s["occupation"],
                frozenset(s["themes"]) if s.get("themes") else None,
                frozenset(s["areas"]) if s.get("areas") else None,
            )
            for s in p["surveys"]
        )
        out.append(ProfileSpec(p["id"], entries))
    return out


def load_aliases(raw: Path) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """(later node, earlier node); a node is ("text", normalised text) or ("code", code)."""
    pairs = []
    for a in _yaml(raw / "item_aliases.yaml").get("aliases", []) or []:
        later = ("code", str(a["code"]).strip()) if a.get("code") else ("text", item_key(a["item"]))
        earlier = (
            ("code", str(a["was_code"]).strip())
            if a.get("was_code")
            else ("text", item_key(a["was"]))
        )
        pairs.append((later, earlier))
    return pairs


# --- identity (figures.md section 1) ------------------------------------------------------


class Identity:
    """Union of texts, codes and aliases; a group's id is its code when it has exactly one,
    else its smallest text."""

    def __init__(self, reading: Reading, aliases) -> None:
        self.parent: dict[tuple[str, str], tuple[str, str]] = {}
        self.warnings: list[str] = []
        rows = [*reading.ratings, *reading.summaries]
        texts_of_code: dict[tuple, set[str]] = defaultdict(set)
        codes_of_text: dict[tuple, set[str]] = defaultdict(set)
        for r in rows:
            self._find(("text", item_key(r.item)))
            if r.code:
                texts_of_code[(r.survey, r.code)].add(item_key(r.item))
                codes_of_text[(r.survey, item_key(r.item))].add(r.code)
        for (survey, code), texts in sorted(texts_of_code.items()):
            if len(texts) > 1:
                self.warnings.append(f"identity.code_two_texts: {survey} {code}: {sorted(texts)}")
        for (survey, text), codes in sorted(codes_of_text.items()):
            if len(codes) > 1:
                self.warnings.append(f"identity.text_two_codes: {survey} {text!r}: {sorted(codes)}")
        for r in rows:
            if r.code and len(texts_of_code[(r.survey, r.code)]) == 1:
                self._union(("text", item_key(r.item)), ("code", r.code))
        for later, earlier in aliases:
            self._union(later, earlier)
        members: dict[tuple, list[tuple[str, str]]] = defaultdict(list)
        for node in list(self.parent):
            members[self._find(node)].append(node)
        self.ids = {}
        for root, nodes in members.items():
            codes = sorted(v for k, v in nodes if k == "code")
            texts = sorted(v for k, v in nodes if k == "text")
            self.ids[root] = f"code:{codes[0]}" if len(codes) == 1 else f"text:{texts[0]}"
        # Not a rule of figures.md, but worth a word: two items of one survey that the
        # linking makes one competence (their ratings are then pooled as one item).
        texts_of_id: dict[tuple, set[str]] = defaultdict(set)
        for r in rows:
            texts_of_id[(r.survey, self.of_text(r.item))].add(item_key(r.item))
        for (survey, item_id), texts in sorted(texts_of_id.items()):
            if len(texts) > 1:
                self.warnings.append(
                    f"identity.merged_in_survey: {survey} {item_id}: {sorted(texts)}"
                )

    def _find(self, node):
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def _union(self, a, b) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def of_text(self, text: str) -> str:
        return self.ids[self._find(("text", item_key(text)))]

    def of_published_id(self, item_id: str) -> str | None:
        """The group of a published `code:`/`text:` id, None when no row or alias has it."""
        kind, _, value = item_id.partition(":")
        node = (kind, value if kind == "code" else item_key(value))
        return self.ids[self._find(node)] if node in self.parent else None


# --- rounding (figures.md section 4) ------------------------------------------------------


def round_half_up(value: Fraction, places: int) -> Decimal:
    scaled = abs(value) * 10**places
    whole = math.floor(scaled + Fraction(1, 2))
    return Decimal(whole if value >= 0 else -whole).scaleb(-places)


def open_data(value: Fraction | None) -> Decimal | None:
    """9 decimals (float noise), then 2 decimals half up."""
    if value is None:
        return None
    return round_half_up(Fraction(round_half_up(value, 9)), 2)


def page(value: Decimal) -> Decimal:
    """The open-data value rounded to 1 decimal half up."""
    return round_half_up(Fraction(value), 1)


# --- figures (sections 2, 3, 5, 6) --------------------------------------------------------


@dataclass
class Part:
    """One survey's contribution to one item: organisations and ratings per measure."""

    layout: str
    orgs: dict[str, set[str]] = field(default_factory=lambda: {"now": set(), "future": set()})
    values: dict[str, list[int]] = field(default_factory=lambda: {"now": [], "future": []})
    n: int = 0  # layout B: the file's count
    means: dict[str, Decimal | None] = field(default_factory=dict)
    sds: dict[str, Decimal | None] = field(default_factory=dict)
    texts: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    areas: set[str] = field(default_factory=set)

    def count(self, m: str) -> int:
        if self.layout == "B":
            return self.n if self.means.get(m) is not None else 0
        return len(self.orgs[m])


@dataclass
class Figures:
    """Every open-data figure of one item of one profile and cycle (None = not published)."""

    item_id: str
    parts: dict[tuple[int, str, str], Part]
    n_organisations: int = 0
    n_now: int = 0
    n_future: int = 0
    exact: dict[str, Fraction | None] = field(default_factory=dict)  # mean_now, mean_future
    published: dict[str, bool] = field(default_factory=dict)  # now, future
    values: dict[str, Decimal | None] = field(default_factory=dict)
    trend: str | None = None
    suppressed: bool = False
    previous: Figures | None = None

    def contributing(self, m: str) -> dict[tuple[int, str, str], int]:
        """Surveys whose part has ratings of measure m, with their organisations."""
        return {s: p.count(m) for s, p in self.parts.items() if p.count(m) > 0}


def _pool(f: Figures, settings: Settings) -> None:
    parts = list(f.parts.values())
    a_orgs = {m: set().union(*(p.orgs[m] for p in parts)) for m in MEASURES}
    b_count = sum(p.n for p in parts if p.layout == "B")
    f.n_now = len(a_orgs["now"]) + sum(p.count("now") for p in parts if p.layout == "B")
    f.n_future = len(a_orgs["future"]) + sum(p.count("future") for p in parts if p.layout == "B")
    f.n_organisations = len(a_orgs["now"] | a_orgs["future"]) + b_count
    for m in MEASURES:
        total, weight = Fraction(0), 0
        for p in parts:
            if p.layout == "A":
                total += sum(p.values[m])
                weight += len(p.values[m])
            elif p.means.get(m) is not None:
                total += Fraction(p.means[m]) * p.n
                weight += p.n
        f.exact[f"mean_{m}"] = total / weight if weight else None
        n = f.n_now if m == "now" else f.n_future
        f.published[m] = (
            f.exact[f"mean_{m}"] is not None
            and n >= settings.min_organisations
            and all(c >= settings.min_organisations for c in f.contributing(m).values())
        )
        f.values[f"mean_{m}"] = open_data(f.exact[f"mean_{m}"]) if f.published[m] else None
        f.values[f"sd_{m}"] = _sd(parts, m) if f.published[m] else None
    both = f.published["now"] and f.published["future"]
    change = f.exact["mean_future"] - f.exact["mean_now"] if both else None
    f.values["change"] = open_data(change)
    f.suppressed = not both


def _sd(parts: list[Part], m: str) -> Decimal | None:
    contributing = [p for p in parts if p.count(m) > 0]
    if len(contributing) == 1 and contributing[0].layout == "B":
        sd = contributing[0].sds.get(m)
        return open_data(Fraction(sd)) if sd is not None else None
    if any(p.layout == "B" for p in contributing):
        return None  # no ratings behind a summary file's mean: no pooled spread
    values = [v for p in contributing for v in p.values[m]]
    if len(values) < 2:
        return None
    mean = Fraction(sum(values), len(values))
    variance = sum((v - mean) ** 2 for v in values) / (len(values) - 1)
    with localcontext() as ctx:
        ctx.prec = 40
        root = (Decimal(variance.numerator) / Decimal(variance.denominator)).sqrt()
    return open_data(Fraction(root))


def _parts(reading: Reading, identity: Identity) -> dict[tuple, dict[str, Part]]:
    """{survey key: {item id: Part}} over every survey."""
    layouts = {s.key: s.layout for s in reading.surveys}
    out: dict[tuple, dict[str, Part]] = defaultdict(dict)
    for r in reading.ratings:
        p = out[r.survey].setdefault(identity.of_text(r.item), Part("A"))
        for m in MEASURES:
            value = r.now if m == "now" else r.future
            if value is not None:
                p.orgs[m].add(r.organisation)
                p.values[m].append(value)
        p.texts.add(r.item), p.kinds.add(r.kind), p.areas.add(r.area)
    for r in reading.summaries:
        p = out[r.survey].setdefault(identity.of_text(r.item), Part("B"))
        p.n += r.n
        p.means = {"now": r.mean_now, "future": r.mean_future}
        p.sds = {"now": r.sd_now, "future": r.sd_future}
        p.texts.add(r.item), p.kinds.add(r.kind), p.areas.add(r.area)
    assert set(out) <= set(layouts)
    return out


ThemeOf = Callable[[str, str], set[str]]  # (profile id, item id) -> its themes


def profile_items(
    spec: ProfileSpec, cycle: int, by_survey, theme_of: ThemeOf
) -> dict[str, dict[tuple, Part]]:
    """{item id: {survey key: Part}} of one profile in one cycle (docs/profiles.md)."""
    items: dict[str, dict[tuple, Part]] = defaultdict(dict)
    for entry in spec.entries:
        key = (cycle, entry.field, entry.occupation)
        for item_id, part in by_survey.get(key, {}).items():
            if entry.themes is not None and not theme_of(spec.id, item_id) & entry.themes:
                continue
            if entry.areas is not None and not part.areas & entry.areas:
                continue
            items[item_id][key] = part
    return items


def recompute(
    reading: Reading, identity: Identity, profiles, settings: Settings, theme_of: ThemeOf
) -> dict[str, dict[int, dict[str, Figures]]]:
    """{profile id: {cycle: {item id: Figures}}} for every cycle in which a profile exists."""
    by_survey = _parts(reading, identity)
    cycles = sorted({s.cycle for s in reading.surveys})
    out: dict[str, dict[int, dict[str, Figures]]] = {}
    for spec in profiles:
        first = spec.entries[0]
        present = [c for c in cycles if (c, first.field, first.occupation) in by_survey]
        out[spec.id] = {}
        for c in present:
            figures = {}
            for item_id, parts in profile_items(spec, c, by_survey, theme_of).items():
                f = Figures(item_id, parts)
                _pool(f, settings)
                figures[item_id] = f
            out[spec.id][c] = figures
        for before, c in zip(present, present[1:], strict=False):
            for f in out[spec.id][c].values():
                _trend(f, out[spec.id][before].get(f.item_id), settings)
    return out


def _trend(f: Figures, previous: Figures | None, settings: Settings) -> None:
    """Section 6; called only when the profile has a previous cycle."""
    f.previous = previous
    if previous is None:
        f.trend = "new"
        return
    f.values["previous_mean_future"] = previous.values["mean_future"]
    if not (f.published["future"] and previous.published["future"]):
        return
    step = round_half_up(f.exact["mean_future"], 9) - round_half_up(
        previous.exact["mean_future"], 9
    )
    threshold = Decimal(settings.trend_threshold.numerator) / settings.trend_threshold.denominator
    f.trend = "rising" if step >= threshold else "falling" if step <= -threshold else "steady"
