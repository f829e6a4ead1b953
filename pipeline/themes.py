"""Theme rules (``themes.yaml``): Finnish-aware matching, overrides and the examples check.

Every distinct competence item gets exactly one primary theme (its colour and CV section)
and, optionally, further themes as tags. The rule language is documented in
``docs/themes.md``; in short, a term is a word or phrase written in its dictionary form,
and Snowball's stemmers turn it into a root that matches inflected forms and compounds::

    asiakaspalvelu   -> root "asiakaspalvel": asiakaspalvelun, Asiakaspalveluosaaminen
    *kieli           -> root "kiel" anywhere in a word: kielellä, kielitaito, vieraskielisten
    kiel*            -> the root exactly as written, no stemming
    =eu              -> this word only (abbreviations)

Matching runs in Python over distinct texts (never RE2/DuckDB regex, whose ``\\b`` and
``\\w`` are ASCII-only) and caches per distinct word, so theming costs little next to ingest.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import snowballstemmer

from pipeline import yamlfile
from pipeline.contract import item_key
from pipeline.errors import ConfigError, Problem
from pipeline.model import ThemeInfo
from pipeline.project import REPO_ROOT

SCHEMA_PATH = REPO_ROOT / "schemas" / "themes.schema.json"
LANGUAGES = ("fi", "sv", "en")
STEMMER_NAMES = {"fi": "finnish", "sv": "swedish", "en": "english"}
MIN_CONTRAST = 4.5  # WCAG 2.1 AA for normal text
# A Finnish stem alternates in its last letter between forms (kieli/kielen/kieliä,
# turvallisuus/turvallisuuden, digitaalinen/digitaalisen), so the root drops it, but never
# below this many letters: short roots would match unrelated words.
FI_MIN_ROOT = 4
OVERRIDE = "override"

_WORD = re.compile(r"\w+")
_TERM_WORD = re.compile(r"^(=)?(\*)?(\w+)(\*)?$")


# --- the rule set -----------------------------------------------------------------------


@dataclass(frozen=True)
class WordPattern:
    """One word of a term, compiled: ``root`` is what a text word is compared with."""

    how: str  # "prefix" (word starts with root), "infix" (root anywhere in word), "exact"
    root: str
    stemmed: str | None = (
        None  # language whose stems the root is also compared with; None: as written
    )


@dataclass(frozen=True)
class Term:
    """A word or a phrase (consecutive words) as the rule author wrote it."""

    text: str
    lang: str
    words: tuple[WordPattern, ...]
    line: int | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    theme: str
    priority: int  # the theme's priority unless the rule declares its own
    terms: tuple[Term, ...]
    exclude: tuple[Term, ...]
    line: int | None = None


@dataclass(frozen=True)
class Example:
    text: str
    line: int | None = None


@dataclass(frozen=True)
class Theme:
    id: str
    label: dict[str, str]
    description: dict[str, str]
    colour: str
    text_colour: str
    marker: str
    order: int
    priority: int
    rules: tuple[Rule, ...]
    match_examples: tuple[Example, ...]
    no_match_examples: tuple[Example, ...]
    line: int | None = None


@dataclass(frozen=True)
class RuleSet:
    """A validated ``themes.yaml``; ``themes`` are in CV order."""

    path: str
    sha256: str  # "sha256:<hex>" of the file's bytes: the rules version profiles cite
    themes: tuple[Theme, ...]
    matcher: Matcher = field(repr=False, compare=False)

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.themes)

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(r for t in self.themes for r in t.rules)


def theme_infos(rules: RuleSet) -> list[ThemeInfo]:
    """What pages need to draw each theme, in CV order."""
    return [
        ThemeInfo(
            id=t.id,
            label=dict(t.label),
            description=dict(t.description),
            colour=t.colour,
            text_colour=t.text_colour,
            marker=t.marker,
            order=t.order,
        )
        for t in rules.themes
    ]


def load_rules(path: Path) -> RuleSet:
    """Read and validate ``themes.yaml``; every problem is reported with its line number."""
    path = Path(path)
    try:
        data_bytes = path.read_bytes()
    except OSError as err:
        raise ConfigError(
            [Problem(str(path), message=f"cannot read the theme rules: {err.strerror}")]
        ) from None
    text = data_bytes.decode("utf-8", errors="replace")
    data, lines = _load_yaml(path, text)
    problems = _schema_problems(path, data, lines)
    if problems:
        raise ConfigError(
            problems, headline=f"{path} is not a valid theme rule set; nothing was changed."
        )
    themes, problems = _build_themes(path, data, lines)
    if problems:
        raise ConfigError(
            problems, headline=f"{path} is not a valid theme rule set; nothing was changed."
        )
    themes = tuple(sorted(themes, key=lambda t: t.order))
    sha = "sha256:" + hashlib.sha256(data_bytes).hexdigest()
    return RuleSet(path=str(path), sha256=sha, themes=themes, matcher=Matcher(themes))


def _load_yaml(path: Path, text: str) -> tuple[Any, Any]:
    """Parse YAML once: the data and the node tree that gives every value's line."""
    return yamlfile.read(path, text)


def _line(node: Any, at: Iterable) -> int | None:
    return yamlfile.line_of(node, at)


@cache
def _schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _schema_problems(path: Path, data: Any, lines: dict[tuple, int]) -> list[Problem]:
    validator = jsonschema.Draft202012Validator(_schema())
    problems = []
    for err in validator.iter_errors(data):
        at = tuple(err.absolute_path)
        where = "/".join(str(p) for p in at) or "top level"
        problems.append(
            Problem(str(path), row=_line(lines, at), message=f"{where}: {_explain(err)}")
        )
    return problems


def _explain(err: jsonschema.ValidationError) -> str:
    """The validator's message plus what would be accepted, from the schema itself."""
    schema = err.schema if isinstance(err.schema, dict) else {}
    if err.validator == "additionalProperties":
        allowed = ", ".join(sorted(schema.get("properties", {})))
        return f"{err.message}; accepted keys: {allowed}"
    if err.validator == "required":
        return f"{err.message}; required keys: {', '.join(schema.get('required', []))}"
    accepted = schema.get("description")
    return f"{err.message}; expected {accepted}" if accepted else err.message


def _build_themes(
    path: Path, data: dict, lines: dict[tuple, int]
) -> tuple[list[Theme], list[Problem]]:
    """Checks the schema cannot express: unique ids and priorities, term syntax, contrast."""
    problems: list[Problem] = []

    def problem(at: Iterable, message: str) -> None:
        problems.append(Problem(str(path), row=_line(lines, at), message=message))

    themes = []
    seen_rules: dict[str, str] = {}
    for ti, raw in enumerate(data["themes"]):
        at = ("themes", ti)
        ratio = contrast_ratio(raw["colour"], raw["text_colour"])
        if ratio < MIN_CONTRAST:
            problem(
                (*at, "colour"),
                f"theme {raw['id']}: text {raw['text_colour']} on {raw['colour']} has "
                f"contrast {ratio:.2f}:1; WCAG AA needs at least {MIN_CONTRAST}:1 "
                "(darken one colour or lighten the other)",
            )
        rules = []
        for ri, rule_raw in enumerate(raw["rules"]):
            rat = (*at, "rules", ri)
            rule_id = rule_raw["id"]
            if rule_id in seen_rules:
                problem(
                    (*rat, "id"),
                    f"rule id {rule_id!r} is used twice (also in theme "
                    f"{seen_rules[rule_id]}); rule ids must be unique across the file",
                )
            seen_rules[rule_id] = raw["id"]
            terms, excludes = [], []
            for key, bucket in (("match", terms), ("exclude", excludes)):
                for lang, words in (rule_raw.get(key) or {}).items():
                    for wi, text in enumerate(words):
                        try:
                            bucket.append(
                                compile_term(text, lang, _line(lines, (*rat, key, lang, wi)))
                            )
                        except ValueError as err:
                            problem(
                                (*rat, key, lang, wi), f"theme {raw['id']} › rule {rule_id}: {err}"
                            )
            rules.append(
                Rule(
                    id=rule_id,
                    theme=raw["id"],
                    priority=rule_raw.get("priority", raw["priority"]),
                    terms=tuple(terms),
                    exclude=tuple(excludes),
                    line=_line(lines, rat),
                )
            )
        examples = raw["examples"]
        themes.append(
            Theme(
                id=raw["id"],
                label=raw["label"],
                description=raw["description"],
                colour=raw["colour"].lower(),
                text_colour=raw["text_colour"].lower(),
                marker=raw["marker"],
                order=raw["order"],
                priority=raw["priority"],
                rules=tuple(rules),
                match_examples=tuple(
                    Example(e, _line(lines, (*at, "examples", "match", i)))
                    for i, e in enumerate(examples["match"])
                ),
                no_match_examples=tuple(
                    Example(e, _line(lines, (*at, "examples", "no_match", i)))
                    for i, e in enumerate(examples.get("no_match", []))
                ),
                line=_line(lines, at),
            )
        )
    for key, what in (("id", "theme id"), ("order", "order"), ("priority", "priority")):
        first: dict[Any, int] = {}
        for ti, raw in enumerate(data["themes"]):
            if raw[key] in first:
                why = (
                    " (ties between themes go by priority, so each needs its own)"
                    if key == "priority"
                    else ""
                )
                problem(
                    ("themes", ti, key),
                    f"{what} {raw[key]!r} of theme {raw['id']} is also used by theme "
                    f"{data['themes'][first[raw[key]]]['id']}; each theme needs its own{why}",
                )
            first.setdefault(raw[key], ti)
    return themes, problems


@cache
def _stemmer(lang: str):
    return snowballstemmer.stemmer(STEMMER_NAMES[lang])


def normalise_text(text: str) -> str:
    """The form both rules and item texts are compared in: NFC, case-folded."""
    return unicodedata.normalize("NFC", text).casefold()


def words_of(text: str) -> list[str]:
    """Split a text into words: Unicode letters and digits (hyphens and punctuation split)."""
    return _WORD.findall(normalise_text(text))


def stem_of(word: str, lang: str) -> str:
    return _stemmer(lang).stemWord(word)


def root_of(word: str, lang: str) -> str:
    """The root a dictionary-form word matches by.

    Snowball's stem; in Finnish less its last letter (the stem alternates there:
    kieli/kielen/kieliä), and never shorter than four letters: where the stemmer cuts
    deeper (lapsi -> lap, taking -si for a possessive suffix) the word's first four
    letters are the root instead.
    """
    stem = stem_of(word, lang)
    if lang != "fi":
        return stem
    if len(stem) > FI_MIN_ROOT:
        return stem[:-1]
    return stem if len(stem) == FI_MIN_ROOT else word[:FI_MIN_ROOT]


def compile_term(text: str, lang: str, line: int | None = None) -> Term:
    """Turn ``asiakaspalvelu``, ``*kieli``, ``kiel*``, ``=eu`` or a phrase into word patterns."""
    words = []
    for raw in text.split():
        m = _TERM_WORD.match(normalise_text(raw))
        if not m:
            raise ValueError(
                f"term {text!r}: cannot read {raw!r}; a term is words of letters/digits, each "
                "optionally written *word (also inside compounds), word* (this root exactly), "
                "*word* or =word (this word only); hyphens split words, write 'it tuki' for IT-tuki"
            )
        exact, lead, core, trail = m.groups()
        if exact and (lead or trail):
            raise ValueError(f"term {text!r}: '=' (this word only) cannot be combined with '*'")
        verbatim = bool(exact or trail)
        words.append(
            WordPattern(
                how="exact" if exact else "infix" if lead else "prefix",
                root=core if verbatim else root_of(core, lang),
                stemmed=None if verbatim else lang,
            )
        )
    if not words:
        raise ValueError("empty term; write at least one word")
    return Term(text=text, lang=lang, words=tuple(words), line=line)


# --- matching ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleHit:
    """One rule that matched a text, with the term and the words that made it match."""

    rule: Rule
    term: Term
    words: tuple[str, ...]


class Matcher:
    """Indexes every word pattern of a rule set; per distinct word, which patterns match it.

    A word is compared as written and, for stemmed patterns, as its Snowball stem in the
    pattern's language too (the stemmer also undoubles consonants: keittiö -> keitiö, so
    a root taken from a stem must meet stems). Looking a word's prefixes and substrings up
    in dicts is exact (no regex) and costs O(len(word)^2) at worst; results are cached
    per distinct word, so texts that share vocabulary (all of them) are cheap.
    """

    def __init__(self, themes: Iterable[Theme]):
        self.rules = [r for t in themes for r in t.rules]
        self._patterns: dict[WordPattern, int] = {}
        # (how, stemmed language or None) -> root -> pattern ids
        self._index: dict[tuple[str, str | None], dict[str, list[int]]] = defaultdict(dict)
        # (term, rule index, is_exclusion) grouped by the pattern id of the term's first word
        self._terms_by_first: dict[int, list[tuple[tuple[int, ...], Term, int, bool]]] = (
            defaultdict(list)
        )
        for ri, rule in enumerate(self.rules):
            for terms, is_exclusion in ((rule.terms, False), (rule.exclude, True)):
                for term in terms:
                    ids = tuple(self._pattern_id(p) for p in term.words)
                    self._terms_by_first[ids[0]].append((ids, term, ri, is_exclusion))
        self._infix_lengths = {
            key: sorted({len(root) for root in roots})
            for key, roots in self._index.items()
            if key[0] == "infix"
        }
        self._word_cache: dict[str, frozenset[int]] = {}

    def _pattern_id(self, pattern: WordPattern) -> int:
        if pattern not in self._patterns:
            self._patterns[pattern] = len(self._patterns)
            self._index[(pattern.how, pattern.stemmed)].setdefault(pattern.root, []).append(
                self._patterns[pattern]
            )
        return self._patterns[pattern]

    def _word_patterns(self, word: str) -> frozenset[int]:
        found = self._word_cache.get(word)
        if found is not None:
            return found
        ids: set[int] = set()
        for (how, lang), roots in self._index.items():
            forms = {word, stem_of(word, lang)} if lang else {word}
            for form in forms:
                if how == "exact":
                    ids.update(roots.get(form, ()))
                elif how == "prefix":
                    for end in range(1, len(form) + 1):
                        ids.update(roots.get(form[:end], ()))
                else:
                    for size in self._infix_lengths[(how, lang)]:
                        for start in range(len(form) - size + 1):
                            ids.update(roots.get(form[start : start + size], ()))
        found = frozenset(ids)
        self._word_cache[word] = found
        return found

    def hits(self, text: str) -> list[RuleHit]:
        """Every rule that matches ``text`` (in rule-set order), exclusions applied."""
        words = words_of(text)
        per_word = [self._word_patterns(w) for w in words]
        spans: dict[int, list[tuple[Term, range]]] = defaultdict(list)
        excluded: dict[int, set[int]] = defaultdict(set)
        for start, pids in enumerate(per_word):
            for pid in pids:
                for ids, term, ri, is_exclusion in self._terms_by_first.get(pid, ()):
                    end = start + len(ids)
                    if end > len(words) or not all(
                        ids[k] in per_word[start + k] for k in range(1, len(ids))
                    ):
                        continue
                    if is_exclusion:
                        excluded[ri].update(range(start, end))
                    else:
                        spans[ri].append((term, range(start, end)))
        found = []
        for ri in sorted(spans):
            for term, span in spans[ri]:
                if not excluded[ri].intersection(span):
                    found.append(RuleHit(self.rules[ri], term, tuple(words[i] for i in span)))
                    break
        return found


@dataclass(frozen=True)
class Decision:
    """What the rules alone say about one text."""

    theme: str | None
    rule: Rule | None
    tags: tuple[str, ...]
    hits: tuple[RuleHit, ...]


def decide(rules: RuleSet, text: str) -> Decision:
    """Primary theme = the hit rule with the highest priority; ties go to the theme's priority.

    Theme priorities are unique (checked on load), so the choice never depends on the order
    of a dict or of the file. Every other theme hit becomes a tag, in CV order.
    """
    hits = rules.matcher.hits(text)
    if not hits:
        return Decision(None, None, (), ())
    theme_priority = {t.id: t.priority for t in rules.themes}
    best = max(hits, key=lambda h: (h.rule.priority, theme_priority[h.rule.theme]))
    order = {t.id: i for i, t in enumerate(rules.themes)}
    tags = sorted({h.rule.theme for h in hits} - {best.rule.theme}, key=order.__getitem__)
    return Decision(best.rule.theme, best.rule, tuple(tags), tuple(hits))


# --- the examples check -----------------------------------------------------------------


def check_examples(rules: RuleSet) -> list[Problem]:
    """Every ``match`` example must get the theme as its primary theme; no ``no_match``
    example may be matched by any of the theme's rules. Problems name theme, rule, example."""
    problems = []
    for theme in rules.themes:
        for example in theme.match_examples:
            d = decide(rules, example.text)
            if d.theme == theme.id:
                continue
            if d.theme is None:
                why = "no rule matched it"
            else:
                own = [h for h in d.hits if h.rule.theme == theme.id]
                won = (
                    f"rule {d.rule.id} of theme {d.theme} (priority {d.rule.priority}) "
                    f"won on {' '.join(_hit_words(d.hits, d.rule))!r}"
                )
                why = (
                    f"{won} over rule {own[0].rule.id} (priority {own[0].rule.priority})"
                    if own
                    else f"none of its rules matched; {won}"
                )
            problems.append(
                Problem(
                    rules.path,
                    row=example.line,
                    message=(
                        f"theme {theme.id} › example {example.text!r} should get this theme, but {why}"
                    ),
                )
            )
        for example in theme.no_match_examples:
            for hit in rules.matcher.hits(example.text):
                if hit.rule.theme == theme.id:
                    problems.append(
                        Problem(
                            rules.path,
                            row=example.line,
                            message=(
                                f"theme {theme.id} › rule {hit.rule.id} › example {example.text!r} must not match, "
                                f"but term {hit.term.text!r} matched {' '.join(hit.words)!r} "
                                "(add an exclusion to the rule or narrow the term)"
                            ),
                        )
                    )
    return problems


def _hit_words(hits: Iterable[RuleHit], rule: Rule) -> tuple[str, ...]:
    return next(h.words for h in hits if h.rule is rule)


# --- overrides --------------------------------------------------------------------------


@dataclass(frozen=True)
class Override:
    theme: str
    item_key: str | None = None
    item_code: str | None = None
    tags: tuple[str, ...] | None = None  # None: keep the tags the rules give
    line: int | None = None

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
    data, lines = _load_yaml(path, path.read_text(encoding="utf-8"))
    if data is None:
        return Overrides(str(path))
    problems: list[Problem] = []

    def problem(at: Iterable, message: str) -> None:
        problems.append(Problem(str(path), row=_line(lines, at), message=message))

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
            line=_line(lines, at),
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


# --- classify ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Assignment:
    """The theme one distinct item gets. ``source``: rule id, "override", or None (unthemed)."""

    item_key: str
    theme: str | None
    tags: tuple[str, ...]
    source: str | None
    rule_theme: str | None = None  # what the rules alone say (differs from theme under an override)
    rule_id: str | None = None  # the rule behind rule_theme


def classify(
    rules: RuleSet, items: Iterable[tuple[str, str | None, str]], overrides: Overrides | None = None
) -> tuple[dict[str, Assignment], list[Problem]]:
    """Theme distinct ``(item_key, item_code, display_text)`` items.

    An override by item key wins over one by item code, which wins over the rules.
    Returns one ``Assignment`` per item key and problems such as overrides that match no
    item (stale). Raises ``ConfigError`` when an override names an unknown theme.
    """
    overrides = overrides or Overrides("")
    bad = check_overrides(rules, overrides)
    if bad:
        raise ConfigError(
            bad, headline=f"{overrides.path} names theme(s) that themes.yaml does not have."
        )
    by_key, by_code = overrides.by_key(), overrides.by_code()
    used: set[Override] = set()
    # One item key can arrive with several codes (the same text in two surveys);
    # the code that sorts first decides, so the result never depends on input order.
    codes: dict[str, set[str]] = defaultdict(set)
    texts: dict[str, str] = {}
    for key, code, text in items:
        texts.setdefault(key, text)
        if code:
            codes[key].add(str(code))
    result = {}
    for key in sorted(texts):
        d = decide(rules, texts[key])
        pinned = by_key.get(key) or next(
            (by_code[c] for c in sorted(codes[key]) if c in by_code), None
        )
        rule_id = d.rule.id if d.rule else None
        if pinned is None:
            result[key] = Assignment(key, d.theme, d.tags, rule_id, d.theme, rule_id)
            continue
        used.add(pinned)
        if pinned.tags is not None:
            tags = pinned.tags
        else:
            order = {t: i for i, t in enumerate(rules.theme_ids)}
            tags = tuple(sorted(({d.theme, *d.tags} - {None, pinned.theme}), key=order.__getitem__))
        result[key] = Assignment(key, pinned.theme, tags, OVERRIDE, d.theme, rule_id)
    problems = [
        Problem(
            overrides.path,
            row=o.line,
            message=f"stale override: {o.label} matches no item in "
            "the store; remove it or correct the text/code",
        )
        for o in overrides.entries
        if o not in used
    ]
    return result, problems


# --- summary ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    items: int
    by_rules: int  # themed by rules alone (whatever an override then says)
    by_override: int
    unthemed: int

    @property
    def share_by_rules(self) -> float:
        return self.by_rules / self.items if self.items else 1.0


def coverage(assignments: dict[str, Assignment]) -> Coverage:
    values = assignments.values()
    return Coverage(
        items=len(assignments),
        by_rules=sum(a.rule_theme is not None for a in values),
        by_override=sum(a.source == OVERRIDE for a in values),
        unthemed=sum(a.theme is None for a in values),
    )


# --- colour contrast (WCAG 2.1) ---------------------------------------------------------


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(background: str, text: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours, 1.0 to 21.0."""
    light, dark = sorted((_luminance(background), _luminance(text)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# --- the stage --------------------------------------------------------------------------

UNTHEMED_SHOWN = 20  # unthemed items listed in the run summary; the workbook has them all


def summary_lines(
    rules: RuleSet,
    assignments: dict[str, Assignment],
    problems: list[Problem],
    rows: Iterable[Any],
    written: Iterable[Path],
) -> list[str]:
    """The run summary: coverage by rules alone, per-theme counts, stale overrides, the queue."""
    cov = coverage(assignments)
    per_theme = Counter(a.theme for a in assignments.values())
    lines = [
        f"themed {cov.items} distinct item(s) with {rules.path} ({rules.sha256[:19]}…): "
        f"{cov.by_rules} by rules alone ({cov.share_by_rules:.1%}), {cov.by_override} pinned by override, "
        f"{cov.unthemed} unthemed",
        "by theme: "
        + ", ".join(f"{t} {per_theme[t]}" for t in rules.theme_ids)
        + f", unthemed {per_theme[None]}",
    ]
    lines += [f"warning: {p}" for p in problems]
    surveys: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row.theme is None:
            surveys[row.item_key].add(row.survey_id)
    queue = sorted(
        (k for k, a in assignments.items() if a.theme is None), key=lambda k: (-len(surveys[k]), k)
    )
    if queue:
        lines.append(
            f"unthemed queue: {len(queue)} item(s) (pin them in an overrides file or add a rule):"
        )
        lines += [f"  {len(surveys[k])} survey(s)  {k}" for k in queue[:UNTHEMED_SHOWN]]
        if len(queue) > UNTHEMED_SHOWN:
            lines.append(
                f"  ... and {len(queue) - UNTHEMED_SHOWN} more (sheet 'Teemoittamattomat - Unthemed')"
            )
    lines += [f"wrote {path}" for path in written]
    return lines


def explain(rules: RuleSet, text: str) -> list[str]:
    """Why ``text`` gets its theme: the words and stems compared, every rule hit, the decision."""
    d = decide(rules, text)
    words = " ".join(f"{w}({stem_of(w, 'fi')})" for w in words_of(text))
    lines = [repr(text), f"  words (Finnish stem): {words}"]
    for hit in d.hits:
        lines.append(
            f"  hit: rule {hit.rule.id} [{hit.rule.theme}, priority {hit.rule.priority}] "
            f"term {hit.term.text!r} on {' '.join(hit.words)!r}"
        )
    if d.rule is None:
        lines.append("  primary: none (unthemed)")
    else:
        lines.append(
            f"  primary: {d.theme} (rule {d.rule.id})"
            + (f"; tags: {', '.join(d.tags)}" if d.tags else "")
        )
    return lines
