"""Matching theme rules on lemmas and compound parts, with the evidence of every hit.

A Finnish rule term is a lemma (or a phrase of lemmas); Voikko splits it into compound
parts the same way it splits the item's words (``pipeline.morphology``). A term matches a
word when the term's parts occur in the word's parts, and the rule's **mode** says where:

* ``whole``: the word is the term (palvelimiin = palvelin; not asiakaspalvelu),
* ``head``: the term is the word's head, the compound's last part (selkokieli = selko +
  *kieli*; not kielitaito),
* ``part``: the term is any part (kielitaito = *kieli* + taito); a match that is not at the
  head is evidence of kind **modifier**, weaker than a head.

Semantically light heads (ohje, määräys, taito, osaaminen...; ``light_heads`` in
``themes.yaml``) say little about a compound, so they are set aside first:
työturvallisuus\\ *ohje* is read as a turvallisuus word with *turvallisuus* as its head.

Words Voikko does not know match a term only when written exactly as the term (an
abbreviation such as GDPR: evidence ``whole``), or by their Snowball stem (evidence
``fallback``, weak). Swedish and English terms are compared by Snowball stems of their
language. Terms match only text in their language: the item's, or the one detected.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline.morphology import (
    FALLBACK,
    Analysis,
    Morphology,
    detect_languages,
    stem_of,
    words_of,
)

MODES = ("whole", "head", "part")
# Evidence kinds, strongest first.
WHOLE, HEAD, MODIFIER, FALLBACK_KIND = "whole", "head", "modifier", FALLBACK
STRENGTH = {WHOLE: 3, HEAD: 2, MODIFIER: 1, FALLBACK_KIND: 0}
WEAK = frozenset({MODIFIER, FALLBACK_KIND})
MIN_STEM = 4  # a fallback stem shorter than this matches too much

# Why a decision goes to the doubtful queue.
DOUBT_FALLBACK = "fallback"  # decided by a word Voikko does not know, matched by its stem
DOUBT_MODIFIER = "modifier"  # decided by a compound's modifier only, not its head
DOUBT_TIE = "tie"  # another theme matched with the same rule priority
DOUBT_CONFLICT = "conflict"  # another theme had stronger evidence but a lower priority
DOUBT_SCOPE = "scope"  # a scoped rule decided, but the item's field was not given
DOUBT_LANGUAGE = "language"  # the item's language could not be told


@dataclass(frozen=True)
class TermWord:
    """One word of a term: its written lemma, its parts (Finnish) or stem (sv/en)."""

    text: str
    parts: tuple[str, ...]
    stem: str


@dataclass(frozen=True)
class Term:
    text: str
    lang: str
    words: tuple[TermWord, ...]
    line: int | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    theme: str
    priority: int
    mode: str
    terms: tuple[Term, ...]
    exclude: tuple[Term, ...]
    fields: frozenset[str] = frozenset()
    occupations: frozenset[str] = frozenset()
    line: int | None = None
    tags: bool = True  # False: a hit decides only when nothing else matched, never tags

    @property
    def scoped(self) -> bool:
        return bool(self.fields or self.occupations)

    @property
    def scope_text(self) -> str:
        parts = []
        if self.fields:
            parts.append("field " + "/".join(sorted(self.fields)))
        if self.occupations:
            parts.append("occupation " + "/".join(sorted(self.occupations)))
        return " or ".join(parts)


@dataclass(frozen=True)
class ItemText:
    """One distinct item as theming needs it: the text and where it was surveyed.

    ``fields``/``occupations`` are the slugs of the surveys the item appears in (empty:
    not given, so scoped rules apply and say so); ``lang`` the export's language when
    known (else detected per item)."""

    item_key: str
    item_code: str | None
    text: str
    fields: tuple[str, ...] = ()
    occupations: tuple[str, ...] = ()
    lang: str | None = None


@dataclass(frozen=True)
class WordMatch:
    word: str
    analysis: str  # "selkokieltä=selko+kieli"
    kind: str  # WHOLE, HEAD, MODIFIER, FALLBACK_KIND


@dataclass(frozen=True)
class RuleHit:
    """One rule that matched a text: the term, the words and how strongly."""

    rule: Rule
    term: Term
    matches: tuple[WordMatch, ...]
    scope_unknown: bool = False

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(m.word for m in self.matches)

    @property
    def kind(self) -> str:
        return min((m.kind for m in self.matches), key=STRENGTH.__getitem__)

    @property
    def weak(self) -> bool:
        return self.kind in WEAK

    def evidence(self) -> str:
        """``kielet: selkokieltä=selko+kieli (head)``."""
        words = " ".join(m.analysis for m in self.matches)
        scope = " [field not given]" if self.scope_unknown else ""
        return f"{self.rule.id}: {words} ({self.kind}){scope}"


@dataclass(frozen=True)
class Decision:
    """What the rules alone say about one text, and how sure they are."""

    theme: str | None
    rule: Rule | None
    tags: tuple[str, ...]
    hits: tuple[RuleHit, ...]
    doubts: tuple[str, ...] = ()
    languages: frozenset[str] = field(default_factory=frozenset)

    @property
    def evidence(self) -> str:
        """The deciding hit first, then the others: one line for the store and workbook."""
        if self.rule is None:
            return ""
        first = [h for h in self.hits if h.rule is self.rule]
        return "; ".join(h.evidence() for h in first + [h for h in self.hits if h not in first])


class Matcher:
    """Every term of a rule set, indexed; per distinct word, which term words match it.

    Finnish term words are looked up by the tuple of their parts among the contiguous
    runs of a word's parts (a word has at most a handful of parts), so a word costs a few
    dict look-ups; results are cached per word and language for the whole build.
    """

    def __init__(self, rules: Iterable[Rule], light_heads: Iterable[str], morphology: Morphology):
        self.rules = list(rules)
        self.light_heads = frozenset(light_heads)
        self.morphology = morphology
        self._word_ids: dict[tuple[str, TermWord], int] = {}
        self._words: list[tuple[str, TermWord]] = []
        self._fi_by_parts: dict[tuple[str, ...], list[int]] = defaultdict(list)
        self._fi_by_text: dict[str, list[int]] = defaultdict(list)
        self._fi_by_stem: dict[str, list[int]] = defaultdict(list)
        self._other: dict[str, list[int]] = defaultdict(list)  # sv/en word ids
        # (term word ids, term, rule index, is_exclusion) by the id of the term's first word
        self._terms_by_first: dict[int, list[tuple[tuple[int, ...], Term, int, bool]]] = (
            defaultdict(list)
        )
        for ri, rule in enumerate(self.rules):
            for terms, is_exclusion in ((rule.terms, False), (rule.exclude, True)):
                for term in terms:
                    ids = tuple(self._word_id(term.lang, w) for w in term.words)
                    self._terms_by_first[ids[0]].append((ids, term, ri, is_exclusion))
        self._cache: dict[tuple[str, str], dict[int, tuple[str, str]]] = {}

    def _word_id(self, lang: str, word: TermWord) -> int:
        key = (lang, word)
        if key not in self._word_ids:
            self._word_ids[key] = len(self._words)
            self._words.append(key)
            wid = self._word_ids[key]
            if lang == "fi":
                self._fi_by_parts[word.parts].append(wid)
                self._fi_by_text[word.text].append(wid)
                self._fi_by_stem[word.stem].append(wid)
            else:
                self._other[lang].append(wid)
        return self._word_ids[key]

    # --- per word -------------------------------------------------------------------

    def word_matches(self, word: str, lang: str) -> dict[int, tuple[str, str]]:
        """Term word id -> (evidence kind, analysis text) for one text word in ``lang``."""
        key = (word, lang)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = (
                self._finnish(self.morphology.analyse(word))
                if lang == "fi"
                else self._other_language(word, lang)
            )
        return found

    def _finnish(self, a: Analysis) -> dict[int, tuple[str, str]]:
        out: dict[int, tuple[str, str]] = {}
        if not a.known:
            # Written exactly as a term (GDPR, RFID): as good as a lemma. Else the stem.
            for wid in self._fi_by_text.get(a.word, ()):
                out[wid] = (WHOLE, a.describe())
            if len(a.stem) >= MIN_STEM:
                for wid in self._fi_by_stem.get(a.stem, ()):
                    out.setdefault(wid, (FALLBACK_KIND, a.describe()))
            return out
        parts = a.parts
        # A light head (ohje, määräys...) steps aside: the part before it is the head.
        core = parts[:-1] if len(parts) > 1 and parts[-1] in self.light_heads else parts
        for reading in {parts, core}:
            n = len(reading)
            for start in range(n):
                for end in range(start + 1, n + 1):
                    ids = self._fi_by_parts.get(reading[start:end])
                    if not ids:
                        continue
                    kind = WHOLE if (start, end) == (0, n) else HEAD if end == n else MODIFIER
                    for wid in ids:
                        if wid not in out or STRENGTH[kind] > STRENGTH[out[wid][0]]:
                            out[wid] = (kind, a.describe())
        return out

    def _other_language(self, word: str, lang: str) -> dict[int, tuple[str, str]]:
        stem = stem_of(word, lang)
        described = f"{word}~{stem}"
        out: dict[int, tuple[str, str]] = {}
        for wid in self._other.get(lang, ()):
            t = self._words[wid][1]
            # Without a dictionary, an inflected form is a word that starts with the stem
            # (lagret, lager: lag); a compound's head ends with it (säkerhetsinstruktioner).
            if (
                stem == t.stem
                or word == t.text
                or (len(t.stem) >= 3 and (word.startswith(t.stem) or stem.startswith(t.stem)))
            ):
                out[wid] = (WHOLE, described)
            elif len(t.stem) >= MIN_STEM and stem.endswith(t.stem):
                out[wid] = (HEAD, described)
            elif len(t.stem) >= MIN_STEM and t.stem in stem:
                out[wid] = (MODIFIER, described)
        return out

    # --- per text -------------------------------------------------------------------

    def hits(self, item: ItemText | str) -> tuple[list[RuleHit], frozenset[str]]:
        """Every rule that matches the item (in rule-set order), and the item's languages."""
        if isinstance(item, str):
            item = ItemText("", None, item)
        words = words_of(item.text)
        languages = (
            frozenset({item.lang}) if item.lang else detect_languages(words, self.morphology)
        )
        per_word: list[dict[int, tuple[str, str]]] = []
        for w in words:
            merged: dict[int, tuple[str, str]] = {}
            for lang in sorted(languages):
                merged.update(self.word_matches(w, lang))
            if "fi" in languages and len(languages) == 1 and not self.morphology.analyse(w).known:
                # A word Finnish does not know in a Finnish text may be a Swedish or English
                # name or loan ("Sustainable Travel Finland"): those terms may match it, weakly.
                for lang in ("en", "sv"):
                    for wid, (_, described) in self.word_matches(w, lang).items():
                        merged.setdefault(wid, (FALLBACK_KIND, described))
            per_word.append(merged)
        fields, occupations = set(item.fields), set(item.occupations)
        spans: dict[int, list[tuple[Term, range, tuple[WordMatch, ...]]]] = defaultdict(list)
        excluded: dict[int, set[int]] = defaultdict(set)
        for start, found in enumerate(per_word):
            for wid in found:
                for ids, term, ri, is_exclusion in self._terms_by_first.get(wid, ()):
                    end = start + len(ids)
                    if end > len(words) or not all(
                        ids[k] in per_word[start + k] for k in range(len(ids))
                    ):
                        continue
                    if is_exclusion:
                        excluded[ri].update(range(start, end))
                        continue
                    matches = tuple(
                        WordMatch(words[start + k], *reversed(per_word[start + k][ids[k]]))
                        for k in range(len(ids))
                    )
                    # Swedish and English words have no compound analysis: any place counts.
                    if term.lang != "fi" or all(
                        _allowed(self.rules[ri].mode, m.kind) for m in matches
                    ):
                        spans[ri].append((term, range(start, end), matches))
        found_hits = []
        for ri in sorted(spans):
            rule = self.rules[ri]
            unknown_scope = False
            if rule.scoped:
                if fields or occupations:
                    if not (rule.fields & fields or rule.occupations & occupations):
                        continue
                else:
                    unknown_scope = True
            candidates = [
                (term, matches)
                for term, span, matches in spans[ri]
                if not excluded[ri].intersection(span)
            ]
            if candidates:
                # The strongest evidence names the hit; the first such term in the file.
                term, matches = max(
                    candidates,
                    key=lambda c: min(STRENGTH[m.kind] for m in c[1]),
                )
                found_hits.append(RuleHit(rule, term, matches, unknown_scope))
        return found_hits, languages


def _allowed(mode: str, kind: str) -> bool:
    if kind == FALLBACK_KIND:
        return True  # a stem says nothing of compound structure; weak whatever the mode
    if mode == "whole":
        return kind == WHOLE
    if mode == "head":
        return kind in (WHOLE, HEAD)
    return True


def decide(
    matcher: Matcher,
    theme_priority: dict[str, int],
    theme_order: dict[str, int],
    item: ItemText | str,
) -> Decision:
    """Primary theme = the hit rule with the highest priority; ties go to the theme's
    priority (unique). Every other theme hit becomes a tag, in CV order. The decision is
    doubtful when its evidence is weak, tied, contradicted, or rests on guesses."""
    hits, languages = matcher.hits(item)
    if not hits:
        return Decision(None, None, (), (), (), languages)
    best = max(hits, key=lambda h: (h.rule.priority, theme_priority[h.rule.theme]))
    tags = sorted(
        {h.rule.theme for h in hits if h.rule.tags} - {best.rule.theme},
        key=theme_order.__getitem__,
    )
    doubts = []
    if best.kind == FALLBACK_KIND:
        doubts.append(DOUBT_FALLBACK)
    elif best.kind == MODIFIER:
        doubts.append(DOUBT_MODIFIER)
    others = [h for h in hits if h.rule.theme != best.rule.theme and h.rule.tags]
    if any(h.rule.priority == best.rule.priority for h in others):
        doubts.append(DOUBT_TIE)
    if any(STRENGTH[h.kind] > STRENGTH[best.kind] for h in others) and best.weak:
        doubts.append(DOUBT_CONFLICT)
    if best.scope_unknown:
        doubts.append(DOUBT_SCOPE)
    if len(languages) > 1:
        doubts.append(DOUBT_LANGUAGE)
    return Decision(best.rule.theme, best.rule, tuple(tags), tuple(hits), tuple(doubts), languages)
