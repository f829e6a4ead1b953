"""Finnish-aware words for evidence matching: the ONE place that turns text into lemmas.

Matching survey items to qualification requirements and finding an item's key terms in
job ads both compare words, not raw strings. Finnish inflects and compounds heavily
(``kassajärjestelmää``, ``omavalvonnan``, ``ruokahävikkiä``), so every comparison goes
through :func:`lemma`: Voikko's base form (``pipeline.morphology``, the same reading
theming uses: *kielellä* -> kieli, *tarjoilee* -> tarjoilla), or the Snowball stem of a
word Voikko does not know (abbreviations, brand names). Matching compares lemmas, and
*roots* of lemmas and of the written word, as prefixes or inside compounds.

A word of a term matches a word of a text when both have the same lemma, or one of the
term word's roots

- equals the text word or its lemma, or
- starts the text word or its lemma (inflection: kieli -> kielellä), or
- with at least ``INFIX_MIN`` letters, occurs inside it (compounds: hävikki -> ruokahävikkiä),

or when both words, or both lemmas, share all but their last ``ENDING_MAX`` letters, and
at least ``SHARED_MIN`` (derivations of one stem: *aseptinen* / *aseptiikka*, *palvelu* /
*palvella*).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache

from pipeline.morphology import Morphology

_WORD = re.compile(r"\w+(?:-\w+)*")
ROOT_MIN = 4  # shorter roots match whole words only ("työ" does not match "työpaikka")
INFIX_MIN = 5  # a root must be this long to count inside a compound
ENDING_MAX = 4  # letters two forms of one word may differ in after their shared beginning
COMPOUND_MIN = 6  # a term this long counts anywhere inside a compound (hävikki), shorter ones
# only as its first part (kassa ~ kassajärjestelmä, not ohje ~ työturvallisuusohje)
SHARED_MIN = 6  # ... which must be this long: "sähkö" alone does not make sähköposti sähköinen

# Words that carry no evidence: function words, and the generic verbs competence texts
# start with ("toimii", "tuntee", "käyttää"), which would otherwise pair unrelated items.
_STOPWORDS_TEXT = """
    ja tai sekä että eli myös mm esim esimerkiksi sen niiden hänen oman omaa oma omat
    se ne niistä niitä niihin siitä sitä siihen heidän hänen jotka joita jonka kertoa kertoo
    on ovat olla ei kuten mukaan mukaisesti mukaisia mukaisen eri kaikki muut muiden muita
    kanssa avulla aikana osana yhdessä tarvittaessa itse hyvin ym jne
    toimia toimii toimien tuntea tuntee osata osaa hallita hallitsee noudattaa
    käyttää käyttäen huolehtia huolehtii ottaa ottaen huomioida huomioiden tehdä tekee
    työskentelee työskennellä
    och eller att som med för till av på den det de sin sitt sina är vara
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def words(text: str) -> list[str]:
    """The words of a text, case-folded; hyphenated parts are separate words
    ("kassa- ja mobiilimaksujärjestelmiä" -> kassa, ja, mobiilimaksujärjestelmiä)."""
    return [w for token in _WORD.findall(normalise(text)) for w in token.split("-") if w]


@cache
def lemma(word: str) -> str:
    """The lemma of one case-folded word: Voikko's base form, or for a word Voikko does
    not know its Snowball stem (so its inflected forms still meet)."""
    analysis = _morphology().analyse(word)
    return analysis.lemma if analysis.known else analysis.stem


def lemmas(text: str) -> list[str]:
    """text -> lemmas, in order."""
    return [lemma(w) for w in words(text)]


def is_stopword(word: str) -> bool:
    return word in STOPWORDS or lemma(word) in _stop_lemmas() or word.isdigit()


def content_words(text: str) -> list[str]:
    """Words that carry evidence: no stopwords, no numbers, in order, each once."""
    seen: dict[str, None] = {}
    for w in words(text):
        if not is_stopword(w) and len(w) > 1:
            seen.setdefault(w, None)
    return list(seen)


@cache
def reading(word: str) -> tuple[str, tuple[str, ...], bool]:
    """(lemma, compound parts, known) of one case-folded word: Voikko's reading
    (*mobiilimaksujärjestelmiä* -> mobiilimaksujärjestelmä, (mobiili, maksu, järjestelmä)),
    or for a word Voikko does not know its stem as a single part, and known False."""
    analysis = _morphology().analyse(word)
    if analysis.known:
        return analysis.lemma, analysis.parts, True
    return analysis.stem, (analysis.stem,), False


@cache
def roots(word: str) -> tuple[str, ...]:
    """What a word Voikko does not know matches by: its lemma less the last letter
    (Finnish stems alternate there: kieli/kielen, hävikki/hävikin) and the written word
    less its last letter; roots shorter than ``ROOT_MIN`` are kept whole and match whole
    words only."""
    found = []
    for base in (lemma(word), word):
        root = base[:-1] if len(base) > ROOT_MIN else base
        if root not in found:
            found.append(root)
    return tuple(found)


@cache
def word_matches(term_word: str, text_word: str) -> bool:
    """Does one (case-folded) term word match one (case-folded) text word?

    Words Voikko knows match by their reading: the same lemma (*kielellä* ~ kieli); a
    compound that contains the term's parts in order, at its start (*kassa* ~
    kassajärjestelmää) or, for a term of ``COMPOUND_MIN`` letters or more, anywhere
    (*hävikki* ~ ruokahävikkiä; a short head such as *ohje* or *hoito* alone is too common
    to count); derivations of one stem with as many parts (*aseptinen* ~ aseptiikka, not
    *siivous* ~ siivouskone); or, where Voikko's reading of a form is another word
    (*kirjaa* read as kirja, *säästämme* as säkä), the written word's root as the start
    of the other (*kirjaa* ~ kirjata). A word Voikko does not know (an abbreviation, a
    brand) matches by its roots."""
    t_lemma, t_parts, t_known = reading(term_word)
    x_lemma, x_parts, x_known = reading(text_word)
    if t_lemma == x_lemma or term_word == text_word:
        return True
    if t_known and x_known:
        return (
            _compound_of(x_parts, t_parts, t_lemma)
            or (len(t_parts) == len(x_parts) and _same_stem(t_lemma, x_lemma))
            or _written_root(term_word, (text_word, x_lemma))
            or _same_stem(term_word, text_word)
        )
    forms = (text_word, x_lemma)
    for root in roots(term_word):
        if len(root) < ROOT_MIN:
            if root in forms or term_word in forms:
                return True
            continue
        for form in forms:
            if form.startswith(root) or (len(root) >= INFIX_MIN and root in form):
                return True
    return _same_stem(term_word, text_word)


def _compound_of(parts: tuple[str, ...], run: tuple[str, ...], term_lemma: str) -> bool:
    """The text's compound parts hold the term's parts in order: at the start for a term
    of ``ROOT_MIN`` letters or more, anywhere for one of ``COMPOUND_MIN`` or more."""
    if len(term_lemma) < ROOT_MIN or len(run) >= len(parts):
        return False
    if parts[: len(run)] == run:
        return True
    return len(term_lemma) >= COMPOUND_MIN and _contains(parts, run)


def _written_root(word: str, forms: tuple[str, ...]) -> bool:
    root = word[:-1]
    return len(root) > ROOT_MIN and any(f.startswith(root) for f in forms)


def _contains(parts: tuple[str, ...], run: tuple[str, ...]) -> bool:
    n = len(run)
    return any(parts[i : i + n] == run for i in range(len(parts) - n + 1))


def _same_stem(a: str, b: str) -> bool:
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return shared >= SHARED_MIN and max(len(a), len(b)) - shared <= ENDING_MAX


def all_in(term: Iterable[str], text_words: Sequence[str]) -> bool:
    """Every word of a term occurs somewhere among the text's words, in any form."""
    return all(any(word_matches(t, w) for w in text_words) for t in term)


def phrase_in(term: Sequence[str], text_words: Sequence[str]) -> bool:
    """The term's words occur consecutively and in order in the text, each in any form
    ("asiakkaan tarpeet" in "tunnistat asiakkaan tarpeet", not in "asiakkaat ... tarpeen")."""
    n = len(term)
    if n == 0:
        return False
    return any(
        all(word_matches(t, w) for t, w in zip(term, text_words[i : i + n], strict=True))
        for i in range(len(text_words) - n + 1)
    )


@cache
def _morphology() -> Morphology:
    """One reader per process: its cache holds every word evidence matching has seen."""
    return Morphology()


@cache
def _stop_lemmas() -> frozenset[str]:
    return frozenset(lemma(w) for w in STOPWORDS)
