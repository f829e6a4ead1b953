"""Finnish words as a dictionary reads them: lemma, compound parts and head (Voikko).

Theming matches rule terms on what a word *is*, not on the letters it starts with:
"palvelimiin" is the lemma *palvelin* (a server), not a form of *palvelu*; "datakeskuksen"
is the compound *data* + *keskus*; "noudattaen" is *noudattaa*. Voikko (libvoikko with the
voikko-fi dictionary, installed by ``scripts/setup.sh``) gives every analysis of a word;
this module picks one of them by a fixed order (below) and turns its ``WORDBASES`` into
compound parts.

A **part** is written as its lemma: ``ranskanletti`` -> (ranska, letti). A part that
carries a derivational suffix is written as the derived word, which is what a reader
sees: ``vieraskielisten`` -> (vieras, kielinen), ``asiakaspalvelutilanteissa`` ->
(asiakas, palvelu, tilanne). The **head** is the last part.

Words Voikko does not know (abbreviations, brand names, typos, Swedish and English
words) fall back to their Snowball stem; ``Morphology.unknown`` lists them so that a
build can report them. Every word is analysed once per ``Morphology`` (one per build).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import snowballstemmer

from pipeline.errors import EnvironmentFailure

VOIKKO = "voikko"
FALLBACK = "fallback"
LANGUAGES = ("fi", "sv", "en")
STEMMER_NAMES = {"fi": "finnish", "sv": "swedish", "en": "english"}
PROPER_NAME_CLASSES = frozenset({"nimi", "etunimi", "sukunimi", "paikannimi"})

# Words that mark a text as Swedish or English. Only words that are not Finnish words
# ("on", "it", "ja" are Finnish, or an abbreviation used in Finnish) and frequent enough
# to occur in a short competence statement.
SV_MARKERS = frozenset(
    [
        "och",
        "i",
        "på",
        "med",
        "för",
        "av",
        "att",
        "som",
        "till",
        "ett",
        "den",
        "det",
        "de",
        "är",
        "har",
        "kan",
        "ska",
        "vid",
        "om",
        "från",
        "eller",
        "samt",
        "sitt",
        "sina",
        "sin",
        "sig",
        "egen",
        "eget",
        "egna",
        "olika",
        "nya",
        "nytt",
    ]
)
EN_MARKERS = frozenset(
    [
        "and",
        "the",
        "of",
        "in",
        "with",
        "for",
        "to",
        "an",
        "is",
        "are",
        "at",
        "by",
        "from",
        "or",
        "as",
        "its",
        "their",
        "own",
        "new",
    ]
)

_WORD = re.compile(r"\w+")
_SEGMENT = re.compile(r"\+([^+(]*)((?:\([^)]*\))*)")
_PAREN = re.compile(r"\(([^)]*)\)")


def normalise_text(text: str) -> str:
    """The form both rules and item texts are compared in: NFC, case-folded."""
    return unicodedata.normalize("NFC", text).casefold()


def words_of(text: str) -> list[str]:
    """Split a text into words: Unicode letters and digits (hyphens and punctuation split)."""
    return _WORD.findall(normalise_text(text))


@cache
def stemmer(lang: str):
    return snowballstemmer.stemmer(STEMMER_NAMES[lang])


def stem_of(word: str, lang: str = "fi") -> str:
    return stemmer(lang).stemWord(word)


@dataclass(frozen=True)
class Analysis:
    """One word: its lemma, its compound parts as lemmas (one part when not a compound)."""

    word: str
    lemma: str
    parts: tuple[str, ...]
    source: str  # VOIKKO or FALLBACK
    stem: str  # the Snowball Finnish stem (what a fallback word is matched by)

    @property
    def head(self) -> str:
        return self.parts[-1]

    @property
    def known(self) -> bool:
        return self.source == VOIKKO

    def describe(self) -> str:
        """``palvelimiin=palvelin``, ``datakeskuksen=data+keskus``, ``gdpr~gdpr(fallback)``."""
        if not self.known:
            return f"{self.word}~{self.stem}(fallback)"
        return f"{self.word}={'+'.join(self.parts)}"


@cache
def _voikko():
    """One Voikko handle per process (opening the dictionary takes a few milliseconds)."""
    try:
        import libvoikko

        return libvoikko.Voikko("fi")
    except Exception as err:  # ImportError, OSError (no library), libvoikko.VoikkoException
        raise EnvironmentFailure(
            "theming needs Voikko and its Finnish dictionary, which are not installed "
            f"({type(err).__name__}: {err}); run scripts/setup.sh (Debian packages "
            "libvoikko1 and voikko-fi, Python package libvoikko)"
        ) from None


def voikko_available() -> bool:
    try:
        _voikko()
    except EnvironmentFailure:
        return False
    return True


def _parts(wordbases: str | None, lemma: str) -> tuple[tuple[str, ...], int, int]:
    """Compound parts from Voikko's WORDBASES, plus how many derivational segments and how
    many parts whose written form differs from their lemma (both rank analyses).

    ``+asiakas(asiakas)+palvel(palvella)+u(+u)+tilanne(tilanne)``: a segment with a lemma
    starts a part; a segment whose lemma starts with ``+`` (a derivational suffix), or one
    with no lemma after a part (``+lli``), extends the current part, which is then written
    as the derived word (palvel + u = palvelu).
    """
    if not wordbases:
        return (lemma,), 0, 0
    parts: list[list[str]] = []  # [lemma or derived surface, ...]
    derivations, mismatches = 0, 0
    derived: list[bool] = []
    for surface, parens in _SEGMENT.findall(wordbases):
        surface = surface.replace("=", "").casefold()
        if surface in ("", "-"):
            continue
        groups = _PAREN.findall(parens)
        base = groups[0] if groups else ""
        if base.startswith("+") or (not base and parts):
            derivations += 1
            parts[-1].append(surface)
            derived[-1] = True
            continue
        base = (base or surface).replace("=", "").casefold()
        mismatches += surface != base
        parts.append([base, surface])
        # +matkail(matkata)(+la): a stem with its derivation in one segment
        derivations += sum(g.startswith("+") for g in groups[1:])
        derived.append(any(g.startswith("+") for g in groups[1:]))
    out = []
    for segs, was_derived in zip(parts, derived, strict=True):
        # Derived: the stem's written form and the suffixes (kiel + inen = kielinen).
        out.append("".join(segs[1:]) if was_derived else segs[0])
    return (tuple(out) or (lemma,)), derivations, mismatches


def _lemma_of(analysis: dict, word: str) -> str:
    lemma = (analysis.get("BASEFORM") or word).replace("=", "").casefold()
    return _adverb(lemma) if _is_adverb(analysis) else lemma


def _is_adverb(analysis: dict) -> bool:
    """A manner adverb in -sti (turvallisesti): Voikko reads it as a case of the adjective."""
    return analysis.get("SIJAMUOTO") == "kerrontosti"


def _adverb(adjective: str) -> str:
    """turvallinen -> turvallisesti, kestävä -> kestävästi. A manner adverb is a lemma of
    its own here: it says how a task is done, which rules weigh apart from what it is."""
    if adjective.endswith("nen"):
        return adjective[:-3] + "sesti"
    if adjective.endswith(("as", "äs", "is")):  # kohtelias -> kohteliaasti
        return adjective[:-1] + adjective[-2] + "sti"
    return adjective + "sti"


def _adverb_parts(analysis: dict, lemma: str) -> tuple[str, ...]:
    parts, _, _ = _parts(analysis.get("WORDBASES"), lemma)
    return (*parts[:-1], _adverb(parts[-1])) if _is_adverb(analysis) else parts


def _rare(analysis: dict) -> bool:
    """A reading a competence statement almost never means when the word reads otherwise
    too: a possessive suffix on a case other than the partitive and the locatives
    (kaivokseen as kaivo + translative + -en, not the illative of kaivos), the instructive,
    and the archaic plural genitive in -in (poronhoitolain as hoitola's "hoitolain", not
    the genitive of poronhoitolaki)."""
    case = analysis.get("SIJAMUOTO")
    if case == "keinonto":
        return True
    if analysis.get("POSSESSIVE") and case not in _POSSESSIVE_CASES:
        return True
    fst = analysis.get("FSTOUTPUT") or ""
    return case == "omanto" and analysis.get("NUMBER") == "plural" and fst.endswith("in")


# Cases in which a possessive suffix is ordinary in a statement (osaamistaan,
# työasennoistaan, kuulonsa; työssään, käsiinsä).
_POSSESSIVE_CASES = frozenset(
    {"nimento", "omanto", "osanto", "sisaolento", "sisaeronto", "sisatulento", "ulkoolento"}
)


def _rank(analysis: dict) -> tuple:
    """The order in which analyses are preferred; the first one is used.

    Common words before proper names (ruotsi before Ruotsi, datakeskus before a company
    Datakeskus); ordinary readings before rare ones (``_rare``: poronhoitolaki = poro +
    hoito + laki, not poro + hoitola); fewer derivational suffixes (noudattaa, not
    nouta-ttaa; suoja + käsine, not suo-ja + käsine); fewer parts (the lexicalised ajoneuvo
    over ajo + neuvo); parts written as their own lemma (turva, not turpa); then the lemma
    and the analysis text, so that the choice never depends on Voikko's order.
    """
    lemma = (analysis.get("BASEFORM") or "").casefold()
    parts, derivations, mismatches = _parts(analysis.get("WORDBASES"), lemma)
    return (
        analysis.get("CLASS") in PROPER_NAME_CLASSES,
        _rare(analysis),
        derivations,
        len(parts),
        mismatches,
        lemma,
        analysis.get("WORDBASES") or "",
    )


class Morphology:
    """Analyses words once each; one instance per build (its cache is the build's)."""

    def __init__(self) -> None:
        self._voikko = _voikko()
        self._cache: dict[str, Analysis] = {}

    def analyse(self, word: str) -> Analysis:
        """``word`` is one case-folded word as ``words_of`` gives it."""
        found = self._cache.get(word)
        if found is None:
            found = self._cache[word] = self._analyse(word)
        return found

    def _analyse(self, word: str) -> Analysis:
        stem = stem_of(word, "fi")
        analyses = self._voikko.analyze(word) if word else []
        if not analyses:
            return Analysis(word, word, (word,), FALLBACK, stem)
        best = min(analyses, key=_rank)
        lemma = _lemma_of(best, word)
        parts = _adverb_parts(best, lemma)
        return Analysis(word, lemma, parts, VOIKKO, stem)

    def lemma(self, word: str) -> tuple[Analysis | None, tuple[str, ...]]:
        """``word`` read as a lemma (a rule term): its analysis among those whose lemma is
        the word itself, and the lemmas Voikko offers otherwise (empty: an unknown word).
        (None, ("kieliä",)) says that Voikko reads "kielinen" as a form of kieliä."""
        analyses = self._voikko.analyze(word) if word else []
        own = [a for a in analyses if _lemma_of(a, word) == word]
        if not own:
            return None, tuple(sorted({_lemma_of(a, word) for a in analyses}))
        best = min(own, key=_rank)
        parts = _adverb_parts(best, word)
        return Analysis(word, word, parts, VOIKKO, stem_of(word, "fi")), (word,)

    @property
    def unknown(self) -> list[str]:
        """Words analysed so far that Voikko does not know (matched by their stem), sorted."""
        return sorted(w for w, a in self._cache.items() if not a.known and not w.isdigit())

    def __len__(self) -> int:
        return len(self._cache)


def detect_languages(words: Iterable[str], morphology: Morphology) -> frozenset[str]:
    """The language(s) a short text is in: {"fi"}, {"sv"}, {"en"}, or several when unsure.

    Finnish words Voikko knows against Swedish and English marker words (och, på; and,
    the). Finnish when its known words outnumber the markers and the unknown words; else
    Swedish or English by its markers; a single word may be any of the three; a text of
    mostly unknown words without markers is Swedish or English.
    """
    finnish = sv = en = unknown = 0
    for word in words:
        if word in SV_MARKERS or "å" in word:
            sv += 1
        elif word in EN_MARKERS:
            en += 1
        elif morphology.analyse(word).known:
            finnish += 1
        elif not word.isdigit():
            unknown += 1
    if finnish > sv + en and finnish >= unknown:
        return frozenset({"fi"})
    if sv > en:
        return frozenset({"sv"})
    if en > sv:
        return frozenset({"en"})
    if sv == en == 0 and finnish + unknown <= 1:
        return frozenset(LANGUAGES)  # one word (an abbreviation): nothing to tell by
    return frozenset({"sv", "en"})
