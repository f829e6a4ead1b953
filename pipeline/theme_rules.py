"""The theme rule set (``themes.yaml``): load, validate, compile terms to lemmas.

Loading is all-or-nothing: every problem (schema, duplicate ids and priorities, a term
that is not a lemma, colour contrast) is reported with its line, and nothing is used.
The rule language is documented in ``docs/themes.md``; matching is ``theme_match``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from pipeline import yamlfile
from pipeline.errors import ConfigError, Problem
from pipeline.morphology import Morphology, normalise_text, stem_of
from pipeline.project import REPO_ROOT
from pipeline.theme_match import Matcher, Rule, Term, TermWord

SCHEMA_PATH = REPO_ROOT / "schemas" / "themes.schema.json"
MIN_CONTRAST = 4.5  # WCAG 2.1 AA for normal text
_TERM_WORD = re.compile(r"^\w+$")


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
    """A validated ``themes.yaml``; ``themes`` are in CV order. Its matcher holds the
    build's word cache (each distinct word is analysed once)."""

    path: str
    sha256: str  # "sha256:<hex>" of the file's bytes: the rules version profiles cite
    themes: tuple[Theme, ...]
    light_heads: tuple[str, ...]
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

    @property
    def theme_priority(self) -> dict[str, int]:
        return {t.id: t.priority for t in self.themes}

    @property
    def theme_order(self) -> dict[str, int]:
        return {t.id: i for i, t in enumerate(self.themes)}


def load_rules(path: Path, morphology: Morphology | None = None) -> RuleSet:
    """Read and validate ``themes.yaml``; every problem is reported with its line number."""
    path = Path(path)
    try:
        data_bytes = path.read_bytes()
    except OSError as err:
        raise ConfigError(
            [Problem(str(path), message=f"cannot read the theme rules: {err.strerror}")]
        ) from None
    data, lines = yamlfile.read(path, data_bytes)  # bytes: a bad byte is one line, not a crash
    headline = f"{path} is not a valid theme rule set; nothing was changed."
    problems = _schema_problems(path, data, lines)
    if problems:
        raise ConfigError(problems, headline=headline)
    morphology = morphology or Morphology()
    themes, problems = _build_themes(path, data, lines, morphology)
    if problems:
        raise ConfigError(problems, headline=headline)
    themes = sorted(themes, key=lambda t: t.order)
    light = tuple(normalise_text(w) for w in data.get("light_heads", []))
    matcher = Matcher([r for t in themes for r in t.rules], light, morphology)
    sha = "sha256:" + hashlib.sha256(data_bytes).hexdigest()
    return RuleSet(str(path), sha, tuple(themes), light, matcher)


def _line(node: Any, at: Iterable) -> int | None:
    return yamlfile.line_of(node, at)


@cache
def _schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _schema_problems(path: Path, data: Any, lines: Any) -> list[Problem]:
    validator = jsonschema.Draft202012Validator(_schema())
    problems = []
    for err in validator.iter_errors(data):
        at = tuple(err.absolute_path)
        where = "/".join(str(p) for p in at) or "top level"
        problems.append(
            Problem(
                str(path),
                row=_line(lines, at),
                message=f"{where}: {_explain(err)}",
                code="themes.schema",
            )
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
    path: Path, data: dict, lines: Any, morphology: Morphology
) -> tuple[list[Theme], list[Problem]]:
    """Checks the schema cannot express: unique ids and priorities, terms, contrast."""
    problems: list[Problem] = []

    def problem(at: Iterable, message: str, code: str) -> None:
        problems.append(Problem(str(path), row=_line(lines, at), message=message, code=code))

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
                "themes.contrast",
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
                    "themes.duplicate_rule",
                )
            seen_rules[rule_id] = raw["id"]
            terms: list[Term] = []
            excludes: list[Term] = []
            for key, bucket in (("match", terms), ("exclude", excludes)):
                for lang, words in (rule_raw.get(key) or {}).items():
                    for wi, text in enumerate(words):
                        where = (*rat, key, lang, wi)
                        try:
                            bucket.append(compile_term(text, lang, morphology, _line(lines, where)))
                        except ValueError as err:
                            problem(
                                where, f"theme {raw['id']} › rule {rule_id}: {err}", "themes.term"
                            )
            rules.append(
                Rule(
                    id=rule_id,
                    theme=raw["id"],
                    priority=rule_raw.get("priority", raw["priority"]),
                    mode=rule_raw.get("mode", "whole"),
                    terms=tuple(terms),
                    exclude=tuple(excludes),
                    fields=frozenset(rule_raw.get("fields", ())),
                    occupations=frozenset(rule_raw.get("occupations", ())),
                    line=_line(lines, rat),
                    tags=rule_raw.get("tags", True),
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
                    "themes.duplicate",
                )
            first.setdefault(raw[key], ti)
    return themes, problems


def compile_term(text: str, lang: str, morphology: Morphology, line: int | None = None) -> Term:
    """A term is a lemma or a phrase of lemmas. Finnish lemmas are split into compound
    parts by Voikko; a word Voikko does not know (GDPR) matches as written, or weakly by
    its stem; a word Voikko knows only as a form of another lemma is refused."""
    words = []
    for raw in text.split():
        word = normalise_text(raw)
        if not _TERM_WORD.match(word):
            old = word.strip("*=")
            hint = (
                f"; the rule language reads lemmas now: write {old!r} and set the rule's mode "
                "(whole, head or part) to say where in a compound it may stand"
                if _TERM_WORD.match(old)
                else "; a term is words of letters and digits (hyphens split words: "
                "write 'raaka aine' for raaka-aine)"
            )
            raise ValueError(f"term {text!r}: cannot read {raw!r}{hint}")
        if lang != "fi":
            words.append(TermWord(word, (word,), stem_of(word, lang)))
            continue
        analysis, lemmas = morphology.lemma(word)
        if analysis is None and lemmas:
            raise ValueError(
                f"term {text!r}: {word!r} is not a lemma; Voikko reads it as a form of "
                f"{', '.join(lemmas)}; write the dictionary form (or a compound that is one)"
            )
        parts = analysis.parts if analysis else (word,)
        words.append(TermWord(word, parts, stem_of(word, "fi")))
    if not words:
        raise ValueError("empty term; write at least one word")
    return Term(text=text, lang=lang, words=tuple(words), line=line)


# --- colour contrast (WCAG 2.1) ---------------------------------------------------------


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(background: str, text: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours, 1.0 to 21.0."""
    light, dark = sorted((_luminance(background), _luminance(text)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
