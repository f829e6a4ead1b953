"""Finnish lemmas, compound parts and heads from Voikko; the Snowball fallback; languages."""

from __future__ import annotations

import pytest

from pipeline import morphology
from pipeline.morphology import Morphology, detect_languages, words_of


@pytest.fixture(scope="module")
def morph() -> Morphology:
    return Morphology()


@pytest.mark.parametrize(
    ("word", "lemma", "parts"),
    [
        ("palvelimiin", "palvelin", ("palvelin",)),  # a server, not palvelu (service)
        ("datakeskuksen", "datakeskus", ("data", "keskus")),
        ("noudattaen", "noudattaa", ("noudattaa",)),  # not noutaa + -ttaa, not "data"
        ("tabletit", "tabletti", ("tabletti",)),
        ("ranskanletti", "ranskanletti", ("ranska", "letti")),
        ("poronkieli", "poronkieli", ("poro", "kieli")),
        ("paineet", "paine", ("paine",)),
        ("laitetelineisiin", "laiteteline", ("laite", "teline")),
        ("systemaattisesti", "systemaattisesti", ("systemaattisesti",)),  # an adverb: own lemma
        ("miljöön", "miljöö", ("miljöö",)),
        ("työasennoistaan", "työasento", ("työ", "asento")),
        ("jarrujärjestelmä", "jarrujärjestelmä", ("jarru", "järjestelmä")),
        ("sähköverkko", "sähköverkko", ("sähkö", "verkko")),
        # derived parts are written as the derived word
        ("vieraskielisten", "vieraskielinen", ("vieras", "kielinen")),
        ("asiakaspalvelutilanteissa", "asiakaspalvelutilanne", ("asiakas", "palvelu", "tilanne")),
        ("työturvallisuusohjeita", "työturvallisuusohje", ("työ", "turvallisuus", "ohje")),
        # several analyses: suoja + käsine, not suo-da + -ja + käsine
        ("suojakäsineitä", "suojakäsine", ("suoja", "käsine")),
        # a common noun before a proper name, the lexicalised word before its parts
        ("ruotsiksi", "ruotsi", ("ruotsi",)),
        ("ajoneuvon", "ajoneuvo", ("ajoneuvo",)),
        # ordinary readings before rare ones: the genitive of poronhoitolaki, not the
        # archaic plural genitive of poronhoitola; the illative of kaivos, not kaivo +
        # translative + possessive suffix
        ("poronhoitolain", "poronhoitolaki", ("poro", "hoito", "laki")),
        ("kaivokseen", "kaivos", ("kaivos",)),
        # a possessive suffix where statements use one stays readable
        ("osaamistaan", "osata", ("osata",)),
    ],
)
def test_lemma_and_compound_parts(morph, word, lemma, parts):
    analysis = morph.analyse(word)
    assert (analysis.lemma, analysis.parts, analysis.source) == (lemma, parts, "voikko")
    assert analysis.head == parts[-1]


def test_unknown_words_fall_back_to_snowball_stems_and_are_listed():
    fresh = Morphology()
    gdpr = fresh.analyse("gdpr")
    assert (gdpr.lemma, gdpr.parts, gdpr.source, gdpr.stem) == (
        "gdpr",
        ("gdpr",),
        "fallback",
        "gdpr",
    )
    fresh.analyse("palvelimiin")
    fresh.analyse("rfid")
    fresh.analyse("365")  # numbers are not words to report
    assert fresh.unknown == ["gdpr", "rfid"]
    assert gdpr.describe() == "gdpr~gdpr(fallback)"
    assert fresh.analyse("datakeskuksen").describe() == "datakeskuksen=data+keskus"


def test_each_word_is_analysed_once(morph, monkeypatch):
    fresh = Morphology()
    calls = []
    real = fresh._voikko.analyze
    monkeypatch.setattr(fresh._voikko, "analyze", lambda w: calls.append(w) or real(w))
    for _ in range(3):
        fresh.analyse("palvelimiin")
    assert calls == ["palvelimiin"] and len(fresh) == 1


def test_the_choice_among_analyses_does_not_depend_on_voikkos_order():
    analyses = [
        {"BASEFORM": "suojakäsine", "WORDBASES": "+suo(suoda)+ja(+ja)+käsine(käsine)"},
        {"BASEFORM": "suojakäsine", "WORDBASES": "+suoja(suoja)+käsine(käsine)"},
    ]
    assert min(analyses, key=morphology._rank) is analyses[1]
    assert min(reversed(analyses), key=morphology._rank) is analyses[1]


@pytest.mark.parametrize(
    ("text", "languages"),
    [
        ("Palvelee asiakkaita ruotsiksi", {"fi"}),
        ("Tuntee Sustainable Travel Finland -ohjelman kriteerit", {"fi"}),
        ("Hanterar lagret och plockar beställningar", {"sv"}),
        ("Samarbetar i ett mångprofessionellt team", {"sv"}),
        ("Operates a forklift in the warehouse", {"en"}),
        ("GDPR", {"fi", "sv", "en"}),  # nothing to tell by
    ],
)
def test_detect_languages(morph, text, languages):
    assert detect_languages(words_of(text), morph) == languages


def test_missing_voikko_is_an_environment_failure(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_voikko(name, *args, **kwargs):
        if name == "libvoikko":
            raise ImportError("No module named 'libvoikko'")
        return real_import(name, *args, **kwargs)

    morphology._voikko.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_voikko)
    try:
        with pytest.raises(morphology.EnvironmentFailure, match="run scripts/setup.sh"):
            Morphology()
        assert morphology.voikko_available() is False
    finally:
        monkeypatch.undo()
        morphology._voikko.cache_clear()
    assert morphology.voikko_available() is True
