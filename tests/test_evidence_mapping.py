"""Survey items <-> requirements: Finnish-aware proposals, the reviewed map read with its
lines, the review queue, and the gap on a profile whose answer is known."""

from __future__ import annotations

import pytest
from evidence_factories import peruste, req, text_item, unit, write_json

from pipeline.evidence import terms
from pipeline.evidence.eperusteet import read_peruste
from pipeline.evidence.mapping import (
    RequirementMap,
    check_map,
    coverage,
    find_qualification,
    load_requirement_map,
    propose,
    review_queue,
    similarity,
)


@pytest.fixture
def kitchen(tmp_path):
    """A small kitchen qualification."""
    data = peruste(
        [
            unit(
                1,
                "200001",
                "Ruokapalvelujen tuottaminen",
                vaatimukset=[
                    req("801", "noudattaa elintarvikehygieniaa ja hygieniamääräyksiä"),
                    req("802", "vähentää ruokahävikkiä"),
                    req("803", "lajitella jätteet ohjeiden mukaisesti"),
                    req("804", "käyttää ammattikeittiön laitteita ja koneita turvallisesti"),
                    req("805", "toimia ravitsemussuositusten mukaisesti"),
                    req("806", "palvella asiakkaita ystävällisesti ja tunnistaa heidän tarpeensa"),
                ],
            )
        ]
    )
    q, problems = read_peruste(write_json(tmp_path / "kitchen.json", data))
    assert problems == []
    return q


# The profile whose answer is known: five items, three growing by at least 0.3.
ITEMS = [
    text_item("Vähentää ruokahävikkiä", change=0.69),  # growing, required (confirmed 802)
    text_item("Käyttää keittiön tilaus- ja ohjausjärjestelmiä", change=0.80),  # growing, gap
    text_item("Palvelee asiakkaita englanniksi", change=0.80),  # growing, 806 rejected
    text_item("Noudattaa hygieniamääräyksiä", change=0.0),  # required (confirmed 801)
    text_item("Säästää energiaa, vettä ja materiaaleja", change=0.9, suppressed=True),
    text_item("Tuntee ravitsemussuositukset", change=0.29),  # not growing, not mapped
    text_item("Hyödyntää lähiruokaa", change=4.3 - 4.0),  # 0.2999...: shown, and growing, as 0.30
]

MAP = """\
pairs:
  - {item: "Vähentää ruokahävikkiä", requirement: "802", status: confirmed}
  - {item: "  NOUDATTAA hygieniamääräyksiä ", requirement: 801, status: confirmed}
  - {item: "Palvelee asiakkaita englanniksi", requirement: "806", status: rejected}
"""


def rmap(tmp_path, text=MAP) -> RequirementMap:
    path = tmp_path / "requirement_map.yaml"
    path.write_text(text, encoding="utf-8")
    result, problems = load_requirement_map(path)
    assert problems == []
    return result


def test_words_match_in_any_inflected_or_compound_form():
    assert terms.content_words("Käyttää kassa- ja mobiilimaksujärjestelmiä") == [
        "kassa",
        "mobiilimaksujärjestelmiä",
    ]
    words = terms.words("Hallitset kassajärjestelmän ja vähennät ruokahävikkiä kielellä")
    assert terms.all_in(["kassa"], words)  # inside a compound
    assert terms.all_in(["hävikki"], words)  # a compound's last part, inflected
    assert terms.all_in(["kieli"], words)  # inflected: kieli -> kielellä
    assert not terms.all_in(["työ"], terms.words("työpaikka"))  # short roots: whole words only
    assert not terms.word_matches("sähköposti", "sähköiseen")
    assert terms.word_matches("ravitsemussuositukset", "ravitsemussuositusten")


def test_words_match_by_voikko_lemmas_and_compound_parts():
    # lemmas, where stems of the forms differ: kohtaa ~ kohdata, myy ~ myydä, mittaa ~ mitata
    assert terms.lemma("kohtaa") == terms.lemma("kohdata") == "kohdata"
    assert terms.word_matches("myy", "myydä") and terms.word_matches("mittaa", "mitata")
    # compound parts: a term at a compound's start, or a long term anywhere in it
    assert terms.word_matches("mobiilimaksu", "mobiilimaksujärjestelmiä")
    assert terms.word_matches("hävikki", "ruokahävikkiä")
    # ... but not a short, common head alone, nor a word that merely starts alike
    assert not terms.word_matches("ohjeiden", "työturvallisuusohjeita")
    assert not terms.word_matches("laitteita", "laitoshuoltaja")
    assert not terms.word_matches("siivouskoneita", "siivous")
    assert not terms.word_matches("toimintakykyä", "toiminnoissa")
    # derivations of one stem, and a form Voikko reads as another word (kirjaa as kirja)
    assert terms.word_matches("aseptisia", "aseptiikkaa")
    assert terms.word_matches("kirjaa", "kirjata")
    # words Voikko does not know fall back to their stems
    assert terms.reading("rfid") == ("rfid", ("rfid",), False)
    assert terms.reading("teamsissa") == ("teams", ("teams",), False)
    assert terms.word_matches("teams", "teamsissa") and terms.all_in(
        ["rfid"], terms.words("RFID-tekniikka")
    )


def test_similarity_is_on_lemmas_not_raw_strings():
    score, shared = similarity("Vähentää ruokahävikkiä", "vähentää ruokahävikkiä")
    assert (score, shared) == (1.0, ("vähentää", "ruokahävikkiä"))
    # different inflections of the same words still pair
    assert similarity("Tuntee ravitsemussuositukset", "toimia ravitsemussuositusten mukaisesti")[
        0
    ] == pytest.approx(1.0)
    # the generic verbs alone pair nothing
    assert similarity("Noudattaa hygieniamääräyksiä", "noudattaa tietoturvaohjeita")[0] == 0.0


def test_proposals_are_the_best_requirements_per_item(kitchen):
    proposals = propose([(i.item_id, i.item) for i in ITEMS], kitchen.requirements)
    got = [(p.item, p.requirement_id, p.score, p.shared) for p in proposals]
    assert got == [
        ("Vähentää ruokahävikkiä", "802", 1.0, ("vähentää", "ruokahävikkiä")),
        ("Palvelee asiakkaita englanniksi", "806", 0.5, ("palvelee", "asiakkaita")),
        ("Noudattaa hygieniamääräyksiä", "801", 0.667, ("hygieniamääräyksiä",)),
        ("Tuntee ravitsemussuositukset", "805", 1.0, ("ravitsemussuositukset",)),
    ]
    first = proposals[0]
    assert (first.unit_code, first.unit_name) == ("200001", "Ruokapalvelujen tuottaminen")
    assert (
        first.url
        == "https://eperusteet.opintopolku.fi/#/fi/ammatillinen/7000001/tutkinnonosat/1001"
    )


def test_the_queue_holds_undecided_proposals_of_unmapped_items(tmp_path, kitchen):
    queue = review_queue("kokki", ITEMS, kitchen, rmap(tmp_path))
    # 802 and 801 are confirmed (items mapped), 806 rejected: only 805 waits
    assert [(e.profile_id, e.proposal.item, e.proposal.requirement_id) for e in queue] == [
        ("kokki", "Tuntee ravitsemussuositukset", "805")
    ]
    everything = review_queue("kokki", ITEMS, kitchen, rmap(tmp_path, "pairs: []\n"))
    assert len(everything) == 4


def test_coverage_of_a_profile_whose_answer_is_known(tmp_path, kitchen):
    m = rmap(tmp_path)
    queue = review_queue("kokki", ITEMS, kitchen, m)
    cov = coverage("kokki", ITEMS, kitchen, m, threshold=0.3, queue=queue)
    assert cov.peruste_id == 7000001 and cov.threshold == 0.3
    assert [(c.item, tuple(r.id for r in c.requirements)) for c in cov.required] == [
        ("Vähentää ruokahävikkiä", ("802",)),
        ("Noudattaa hygieniamääräyksiä", ("801",)),
    ]
    # growing, not required, largest change first; the suppressed item has no publishable
    # change and is left out; the rejected proposal does not count as coverage
    assert [(g.item, g.change, g.pending) for g in cov.gaps] == [
        ("Käyttää keittiön tilaus- ja ohjausjärjestelmiä", 0.80, ()),
        ("Palvelee asiakkaita englanniksi", 0.80, ()),
        ("Hyödyntää lähiruokaa", 4.3 - 4.0, ()),
    ]
    # with a lower threshold, the item still awaiting review shows its pending proposal
    low = coverage("kokki", ITEMS, kitchen, m, threshold=0.2, queue=queue)
    assert ("Tuntee ravitsemussuositukset", ("805",)) in [(g.item, g.pending) for g in low.gaps]


def test_a_pair_confirmed_for_another_qualification_does_not_cover(tmp_path, kitchen):
    m = rmap(
        tmp_path,
        'pairs:\n  - {item: "Vähentää ruokahävikkiä", requirement: "999", status: confirmed}\n',
    )
    cov = coverage("kokki", ITEMS[:1], kitchen, m, threshold=0.3)
    assert cov.required == () and [g.item for g in cov.gaps] == ["Vähentää ruokahävikkiä"]
    # ... and the item still waits for a decision on this qualification's proposal
    queue = review_queue("kokki", ITEMS[:1], kitchen, m)
    assert [e.proposal.requirement_id for e in queue] == ["802"]


def test_items_are_named_by_text_code_or_identity(tmp_path, kitchen):
    m = rmap(
        tmp_path,
        "pairs:\n"
        "  - {item_code: K-7, requirement: '802', status: confirmed}\n"
        "  - {item_id: 'text:noudattaa hygieniamääräyksiä', requirement: '801', status: confirmed}\n",
    )
    coded = type(ITEMS[0])("code:K-7", "Vähentää hävikkiä", None, 0.5, False)
    assert m.confirmed_for(coded) == ("802",)
    assert m.confirmed_for(ITEMS[3]) == ("801",)


def test_map_problems_name_their_lines(tmp_path):
    path = tmp_path / "requirement_map.yaml"
    path.write_text(
        """\
pairs:
  - {item: "A", requirement: "1", status: confirmed}
  - {item: "a", requirement: "1", status: rejected}
  - {requirement: "2", status: confirmed}
  - {item: "B", item_code: "X", requirement: "2", status: confirmed}
  - {item: "C", requirement: "", status: confirmed}
  - {item: "D", requirement: "3", status: maybe}
  - {item: "E", requirement: "3", status: confirmed, reviewed_by: x}
  - just text
""",
        encoding="utf-8",
    )
    m, problems = load_requirement_map(path)
    assert [str(p).replace(str(path), "map.yaml") for p in problems] == [
        "map.yaml › row 3: this pair is already decided on line 2; keep one",
        "map.yaml › row 4: name the item once: item (its text), item_code or item_id",
        "map.yaml › row 5: name the item once: item (its text), item_code or item_id",
        "map.yaml › row 6: requirement must be the requirement's id: its ePerusteet code, e.g. '90312'",
        "map.yaml › row 7: status 'maybe' is not accepted; accepted: confirmed, rejected",
        "map.yaml › row 8: unknown key 'reviewed_by'; accepted: item, item_code, item_id, "
        "requirement, status, note, reviewer, date",
        "map.yaml › row 9: a pair is a mapping: item (or item_code), requirement, status",
    ]
    assert [(d.item_ref, d.requirement_id, d.line) for d in m.decisions] == [("text:a", "1", 2)]
    assert {p.code for p in problems} >= {"map.duplicate", "map.status", "map.key"}


def test_a_missing_map_is_empty_and_a_broken_one_is_a_problem(tmp_path):
    assert load_requirement_map(tmp_path / "none.yaml")[0].decisions == ()
    path = tmp_path / "m.yaml"
    path.write_text("pairs:\n  - {item: [\n", encoding="utf-8")
    _, problems = load_requirement_map(path)
    assert [p.row for p in problems] == [3] and problems[0].message.startswith("not valid YAML")
    path.write_text("- item: A\n", encoding="utf-8")
    assert [p.message for p in load_requirement_map(path)[1]] == [
        "expected a mapping with one key, 'pairs' (a list of pairs)"
    ]


def test_pairs_to_requirements_no_saved_peruste_lists_are_reported(tmp_path, kitchen):
    m = rmap(
        tmp_path,
        'pairs:\n  - {item: "A", requirement: "802", status: confirmed}\n'
        '  - {item: "B", requirement: "8020", status: confirmed}\n',
    )
    assert [(p.row, p.message) for p in check_map(m, [kitchen])] == [
        (
            3,
            "requirement '8020' is in no qualification under raw/evidence/eperusteet/; "
            "use a requirement code the saved perusteet list",
        )
    ]


def test_a_profile_finds_its_qualification_by_code_diaarinumero_or_id(kitchen):
    assert find_qualification([kitchen], "399999") is kitchen
    assert find_qualification([kitchen], "OPH-1-2020") is kitchen
    assert find_qualification([kitchen], 7000001) is kitchen
    assert find_qualification([kitchen], "371101") is None
    assert find_qualification([kitchen], None) is None
