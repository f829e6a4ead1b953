"""Interview notes: only publishable quotes come out, never with a name; a publishable quote
that names an organisation or a person is refused with its file and quote number."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from pipeline.evidence.interviews import mentions_name, read_interviews, read_note

THEMES = frozenset({"digitaidot", "vastuullisuus", "kieli-ja-viestinta"})
SURVEY_ORGANISATIONS = ["Hoivapalvelut Kaamos Oy", "Lapin Hoivakoti Oy", "Rovaniemen kaupunki"]

NOTE = """\
profile: lahihoitaja
date: 2024-02-14
interviewee_role: Kotihoidon esihenkilö
organisation_type: Yksityinen kotihoidon palveluntuottaja
organisation: Kotihoito Ruijanpolku Oy
interviewee: Aino Kotkavaara
quotes:
  - text: "Kirjaaminen tehdään   mobiililaitteella asiakkaan luona."
    publishable: true
    items: ["Kirjaa rakenteisesti sähköiseen potilastietojärjestelmään"]
    themes: [digitaidot]
  - text: "Ruijanpolulla on pulaa sijaisista."
    publishable: false
    themes: [digitaidot]
  - text: "Ainon tiimissä etähoito toimii hyvin."
    publishable: true
    themes: [digitaidot]
  - text: "Kaamoksella kirjataan jo tabletilla."
    publishable: true
    themes: [digitaidot]
  - text: "Pimeään kaamoksen aikaan poro ja kala maistuvat."
    publishable: true
    themes: [vastuullisuus]
"""


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_only_publishable_quotes_without_names_are_published(tmp_path):
    path = write(tmp_path, "note.yaml", NOTE)
    interview, quotes, problems = read_note(path, SURVEY_ORGANISATIONS, THEMES)
    assert [(q.index, q.line, q.text) for q in quotes] == [
        (1, 8, "Kirjaaminen tehdään mobiililaitteella asiakkaan luona."),
        (5, 21, "Pimeään kaamoksen aikaan poro ja kala maistuvat."),  # common nouns
    ]
    first = quotes[0]
    assert (first.profile_id, first.date, first.interviewee_role, first.organisation_type) == (
        "lahihoitaja",
        date(2024, 2, 14),
        "Kotihoidon esihenkilö",
        "Yksityinen kotihoidon palveluntuottaja",
    )
    assert first.items == ("Kirjaa rakenteisesti sähköiseen potilastietojärjestelmään",)
    assert first.themes == ("digitaidot",)
    # quote 2 is not publishable (and names the organisation): silently left out;
    # quote 3 names the interviewee, quote 4 a survey organisation: refused, with a problem
    assert [str(p).replace(str(path), "note.yaml") for p in problems] == [
        "note.yaml › row 15: quote 3 contains the confidential name 'Aino Kotkavaara' and is "
        "not published; rephrase it without names or set publishable: false",
        "note.yaml › row 18: quote 4 contains the confidential name 'Hoivapalvelut Kaamos Oy' "
        "and is not published; rephrase it without names or set publishable: false",
    ]
    assert {p.code for p in problems} == {"interview.name"}
    assert (interview.n_quotes, interview.n_published) == (5, 2)
    # names never leave the reader
    fields = {f.name for f in dataclasses.fields(first)} | {
        f.name for f in dataclasses.fields(interview)
    }
    assert not fields & {"organisation", "interviewee", "interviewer"}
    assert "Ruijanpolku" not in repr((interview, quotes)) and "Kotkavaara" not in repr(quotes)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Meillä Kaamoksella kirjataan kaikki.", "Hoivapalvelut Kaamos Oy"),
        ("Lapin hoivakodissa on pulaa hoitajista.", "Lapin Hoivakoti Oy"),  # generic words, whole
        ("Työskentelen Rovaniemellä.", "Rovaniemen kaupunki"),
        ("Kerroin Ainolle asiasta.", "Aino Kotkavaara"),
        ("Kotkavaaran mukaan kirjaaminen on tärkeää.", "Aino Kotkavaara"),
        ("Lapin kotihoidossa digitaidot korostuvat.", None),  # generic words alone
        ("kaamoksen aikaan on pimeää", None),  # a common noun in lower case
        ("Selkokieli auttaa.", None),
    ],
)
def test_names_are_found_in_their_inflected_forms(text, named):
    names = [*SURVEY_ORGANISATIONS, "Aino Kotkavaara"]
    assert mentions_name(text, names) == named


def test_a_markdown_note_reads_its_front_matter_and_keeps_file_lines(tmp_path):
    text = "---\n" + NOTE + "---\n\nVapaat muistiinpanot, Ruijanpolun Ainon kanssa.\n"
    path = write(tmp_path, "note.md", text)
    _, quotes, problems = read_note(path, [], THEMES)  # no survey names: quote 4 passes
    assert [(q.index, q.line) for q in quotes] == [(1, 9), (4, 19), (5, 22)]
    # lines are the file's; the body is never read, so its names do not matter
    assert [(p.row, p.message[:28]) for p in problems] == [(16, "quote 3 contains the confide")]
    broken = write(tmp_path, "b.md", "---\nprofile: [\n---\n")
    assert [(p.row, p.message[:14]) for p in read_note(broken)[2]] == [(3, "not valid YAML")]
    plain = write(tmp_path, "c.md", "# Haastattelu\n")
    assert [str(p).replace(str(plain), "c.md") for p in read_note(plain)[2]] == [
        "c.md › row 1: a Markdown note starts with YAML front matter between '---' lines"
    ]


def test_bad_notes_are_reported_with_their_lines(tmp_path):
    path = write(
        tmp_path,
        "bad.yaml",
        """\
profile: kokki
date: 14.2.2024
interviewee_role: Keittiöpäällikkö
organisation_type: Ravintola Kaarnikan keittiö
organisation: Ravintola Kaarnikka Oy
quotes:
  - text: "Hyvä."
    publishable: yes please
    themes: [digitaidot]
colour: red
""",
    )
    interview, quotes, problems = read_note(path, [], THEMES)
    assert interview is None and quotes == []
    assert [str(p).replace(str(path), "bad.yaml") for p in problems] == [
        "bad.yaml › row 10: unknown key 'colour'; accepted: profile, date, interviewee_role, "
        "organisation_type, organisation, interviewee, interviewer, quotes",
        "bad.yaml › row 2: date '14.2.2024' is not accepted; accepted: 2024-02-14",
        "bad.yaml › row 4: organisation_type contains the confidential name 'Ravintola Kaarnikka "
        "Oy'; describe, not name",
    ]


def test_bad_quotes_are_reported_by_number(tmp_path):
    path = write(
        tmp_path,
        "q.yaml",
        NOTE.split("quotes:")[0]
        + """\
quotes:
  - {text: "A", publishable: "yes", themes: [digitaidot]}
  - {text: "", publishable: true, themes: [digitaidot]}
  - {text: "C", publishable: true}
  - {text: "D", publishable: true, themes: [tekoäly]}
  - {text: "E", publishable: true, themes: [digitaidot], source: x}
  - "F"
""",
    )
    _, quotes, problems = read_note(path, [], THEMES)
    assert quotes == []
    assert [(p.row, p.message) for p in problems] == [
        (8, "quote 1: publishable must be true or false (nothing is published unasked)"),
        (9, "quote 2: text is required"),
        (10, "quote 3: name the items and/or themes it supports (lists of texts)"),
        (
            11,
            "quote 4: unknown theme 'tekoäly'; accepted: digitaidot, kieli-ja-viestinta, "
            "vastuullisuus",
        ),
        (
            12,
            "quote 5: unknown key 'source'; accepted: text, publishable, items, themes, note",
        ),
        (13, "quote 6: expected {text, publishable, items, themes}"),
    ]


def test_a_folder_of_notes(tmp_path):
    write(tmp_path, "a.yaml", NOTE)
    sub = tmp_path / "kokki"
    sub.mkdir()
    write(sub, "b.md", "---\n" + NOTE.replace("lahihoitaja", "kokki") + "---\n")
    write(tmp_path, "readme.txt", "not a note")
    interviews, quotes, problems = read_interviews(tmp_path, SURVEY_ORGANISATIONS, THEMES)
    assert [i.profile_id for i in interviews] == ["lahihoitaja", "kokki"]
    assert len(quotes) == 4 and len(problems) == 4
