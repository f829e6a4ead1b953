"""Theme rules (``themes.yaml``): matching on Finnish lemmas, overrides, the review queue.

Every distinct competence item gets exactly one primary theme (its colour and CV section)
and, optionally, further themes as tags. A rule term is a lemma; Voikko reads every word
of an item into its lemma and compound parts (``pipeline.morphology``), and each rule says
whether its terms must be the whole word, the compound's head or any part of it
(``pipeline.theme_match``). Every assignment keeps its evidence; weak evidence sends the
item to the **doubtful** queue beside the unthemed one (``pipeline.theme_review``).
The rules are read by ``pipeline.theme_rules``, the analysts' overrides by
``pipeline.theme_overrides``.

This module is the facade the rest of the pipeline imports: ``load_rules``,
``load_overrides``, ``classify``, ``decide``, ``explain``, ``check_examples``,
``check_overrides``, ``theme_infos``, ``coverage``, ``contrast_ratio``, ``summary_lines``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import theme_review
from pipeline.errors import ConfigError, Problem
from pipeline.model import ThemeInfo
from pipeline.morphology import LANGUAGES, normalise_text, stem_of, words_of
from pipeline.theme_match import Decision, ItemText, Matcher, Rule, RuleHit, Term
from pipeline.theme_match import decide as _decide
from pipeline.theme_overrides import Override, Overrides, check_overrides, load_overrides
from pipeline.theme_rules import (
    MIN_CONTRAST,
    SCHEMA_PATH,
    Example,
    RuleSet,
    Theme,
    compile_term,
    contrast_ratio,
    load_rules,
)

__all__ = [
    "LANGUAGES",
    "MIN_CONTRAST",
    "OVERRIDE",
    "SCHEMA_PATH",
    "Assignment",
    "Coverage",
    "Decision",
    "Example",
    "ItemText",
    "Matcher",
    "Override",
    "Overrides",
    "Rule",
    "RuleHit",
    "RuleSet",
    "Term",
    "Theme",
    "check_examples",
    "check_overrides",
    "classify",
    "compile_term",
    "contrast_ratio",
    "coverage",
    "decide",
    "explain",
    "load_overrides",
    "load_rules",
    "normalise_text",
    "stem_of",
    "stored_assignments",
    "summary_lines",
    "theme_infos",
    "words_of",
]

OVERRIDE = "override"


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


def decide(rules: RuleSet, item: ItemText | str) -> Decision:
    """What the rules alone say about one text (or item with its field): the primary
    theme (highest rule priority, ties to the theme priority), tags, hits and doubts."""
    return _decide(rules.matcher, rules.theme_priority, rules.theme_order, item)


# --- the examples check -----------------------------------------------------------------


def check_examples(rules: RuleSet) -> list[Problem]:
    """Every ``match`` example must get the theme as its primary theme; no ``no_match``
    example may be matched by any of the theme's rules. Problems name theme, rule, example.

    Examples carry no field, so scoped rules apply to them as to any item whose field is
    not given."""
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
                    code="themes.example",
                )
            )
        for example in theme.no_match_examples:
            for hit in decide(rules, example.text).hits:
                if hit.rule.theme == theme.id:
                    problems.append(
                        Problem(
                            rules.path,
                            row=example.line,
                            message=(
                                f"theme {theme.id} › rule {hit.rule.id} › example {example.text!r} must not match, "
                                f"but term {hit.term.text!r} matched {' '.join(hit.words)!r} "
                                f"({hit.kind}; add an exclusion to the rule, narrow the term or its mode)"
                            ),
                            code="themes.example",
                        )
                    )
    return problems


def _hit_words(hits: Iterable[RuleHit], rule: Rule) -> tuple[str, ...]:
    return next(h.words for h in hits if h.rule is rule)


# --- classify ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Assignment:
    """The theme one distinct item gets. ``source``: rule id, "override", or None (unthemed).

    ``evidence`` says which rule matched which word and how (``kielet:
    selkokieltä=selko+kieli (head)``); ``doubts`` why the rules' decision is weak (empty:
    confident, or pinned by an override)."""

    item_key: str
    theme: str | None
    tags: tuple[str, ...]
    source: str | None
    rule_theme: str | None = None  # what the rules alone say (differs from theme under an override)
    rule_id: str | None = None  # the rule behind rule_theme
    text: str = ""  # the item as written (the first of its texts)
    evidence: str = ""
    doubts: tuple[str, ...] = ()

    @property
    def doubtful(self) -> bool:
        return bool(self.doubts)


def item_texts(
    items: Iterable[tuple[str, str | None, str] | tuple[str, str | None, str, str, str] | ItemText],
) -> tuple[dict[str, ItemText], dict[str, set[str]]]:
    """One ``ItemText`` per item key from store rows, and each key's item codes.

    Rows are ``(item_key, item_code, text)``, ``(item_key, item_code, text, field_slug,
    occupation_slug)`` or ``ItemText``; an item surveyed in several fields carries them
    all (a scoped rule applies when one of them is in its scope)."""
    texts: dict[str, ItemText] = {}
    fields: dict[str, set[str]] = defaultdict(set)
    occupations: dict[str, set[str]] = defaultdict(set)
    codes: dict[str, set[str]] = defaultdict(set)
    langs: dict[str, str] = {}
    for row in items:
        if isinstance(row, ItemText):
            key, code, text = row.item_key, row.item_code, row.text
            fields[key].update(row.fields)
            occupations[key].update(row.occupations)
            if row.lang:
                langs.setdefault(key, row.lang)
        else:
            key, code, text = row[0], row[1], row[2]
            if len(row) > 3:
                fields[key].update(f for f in row[3:4] if f)
                occupations[key].update(o for o in row[4:5] if o)
        texts.setdefault(key, ItemText(key, None, text))
        if code:
            codes[key].add(str(code))
    out = {
        key: ItemText(
            key,
            None,
            t.text,
            tuple(sorted(fields[key])),
            tuple(sorted(occupations[key])),
            langs.get(key),
        )
        for key, t in texts.items()
    }
    return out, codes


def classify(
    rules: RuleSet,
    items: Iterable[tuple[str, str | None, str] | tuple[str, str | None, str, str, str] | ItemText],
    overrides: Overrides | None = None,
) -> tuple[dict[str, Assignment], list[Problem]]:
    """Theme distinct items: ``(item_key, item_code, display_text)`` rows, the same with
    ``field_slug, occupation_slug`` appended, or ``ItemText`` (see ``item_texts``).

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
    texts, codes = item_texts(items)
    result = {}
    for key in sorted(texts):
        d = decide(rules, texts[key])
        pinned = by_key.get(key) or next(
            (by_code[c] for c in sorted(codes[key]) if c in by_code), None
        )
        rule_id = d.rule.id if d.rule else None
        text = texts[key].text
        if pinned is None:
            result[key] = Assignment(
                key, d.theme, d.tags, rule_id, d.theme, rule_id, text, d.evidence, d.doubts
            )
            continue
        used.add(pinned)
        if pinned.tags is not None:
            tags = pinned.tags
        else:
            order = {t: i for i, t in enumerate(rules.theme_ids)}
            tags = tuple(sorted(({d.theme, *d.tags} - {None, pinned.theme}), key=order.__getitem__))
        # A person decided: not doubtful, whatever the rules' evidence was.
        result[key] = Assignment(
            key, pinned.theme, tags, OVERRIDE, d.theme, rule_id, text, d.evidence, ()
        )
    problems = [
        Problem(
            overrides.path,
            row=o.line,
            message=f"stale override: {o.label} matches no item in "
            "the store; remove it or correct the text/code",
            code="themes.stale_override",
        )
        for o in overrides.entries
        if o not in used
    ]
    return result, problems


def stored_assignments(rows: Iterable[tuple]) -> dict[str, Assignment]:
    """Assignments as the store keeps them (``store.item_theme_rows``), for readers of a
    finished build such as ``osaaja check``. What the rules alone said is not stored for
    overridden items (their ``rule_theme`` is None)."""
    out = {}
    for key, text, theme, tags, source, evidence, doubt in rows:
        by_rules = source not in (None, OVERRIDE)
        out[key] = Assignment(
            key,
            theme,
            tuple(tags or ()),
            source,
            theme if by_rules else None,
            source if by_rules else None,
            text,
            evidence or "",
            tuple(doubt.split(", ")) if doubt else (),
        )
    return out


# --- summary ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    items: int
    by_rules: int  # themed by rules alone (whatever an override then says)
    by_override: int
    unthemed: int
    doubtful: int = 0  # themed by rules on weak evidence, not pinned: the review queue

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
        doubtful=sum(a.doubtful for a in values),
    )


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
        f"{cov.unthemed} unthemed, {cov.doubtful} doubtful",
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
    doubtful = theme_review.doubtful_queue(assignments)
    if doubtful:
        lines.append(
            f"doubtful queue: {len(doubtful)} item(s) themed on weak evidence; accept or change "
            "each with its line in the overrides file:"
        )
        for q in doubtful[:UNTHEMED_SHOWN]:
            lines.append(f"  {q.theme} by {q.evidence} [{', '.join(q.doubts)}]")
            lines.append(f"  {q.override_line()}")
        if len(doubtful) > UNTHEMED_SHOWN:
            lines.append(
                f"  ... and {len(doubtful) - UNTHEMED_SHOWN} more (sheet 'Epävarmat - Doubtful')"
            )
    unknown = rules.matcher.morphology.unknown
    if unknown:
        shown = ", ".join(unknown[:UNTHEMED_SHOWN])
        more = f" and {len(unknown) - UNTHEMED_SHOWN} more" if len(unknown) > UNTHEMED_SHOWN else ""
        lines.append(f"words Voikko does not know (matched by their stem only): {shown}{more}")
    lines += [f"wrote {path}" for path in written]
    return lines


def explain(
    rules: RuleSet, text: str, field: str | None = None, occupation: str | None = None
) -> list[str]:
    """Why ``text`` gets its theme: each word's lemma and parts, every rule hit with its
    evidence, the decision and its doubts. ``field``/``occupation``: slugs for scoped rules."""
    item = ItemText("", None, text, (field,) if field else (), (occupation,) if occupation else ())
    d = decide(rules, item)
    morph = rules.matcher.morphology
    words = " ".join(morph.analyse(w).describe() for w in words_of(text))
    lines = [repr(text), f"  language: {'/'.join(sorted(d.languages))}", f"  words: {words}"]
    for hit in d.hits:
        scope = f", only in {hit.rule.scope_text}" if hit.rule.scoped else ""
        lines.append(
            f"  hit: rule {hit.rule.id} [{hit.rule.theme}, priority {hit.rule.priority}, "
            f"mode {hit.rule.mode}{scope}] term {hit.term.text!r}: {hit.evidence()}"
        )
    if d.rule is None:
        lines.append("  primary: none (unthemed)")
    else:
        lines.append(
            f"  primary: {d.theme} (rule {d.rule.id})"
            + (f"; tags: {', '.join(d.tags)}" if d.tags else "")
        )
        if d.doubts:
            reasons = "; ".join(theme_review.DOUBT_TEXT[x] for x in d.doubts)
            lines.append(f"  doubtful: {reasons}")
            lines.append(f"  accept or change: {theme_review.override_line(text, d.theme)}")
    return lines
