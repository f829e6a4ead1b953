"""Job ads: columns mapped in configuration, rows validated with file/row/column, and the
counting checked on a small fixture counted by hand."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import yaml

from pipeline import yamlfile
from pipeline.evidence.config import EvidenceConfig, load_evidence_config
from pipeline.evidence.jobads import (
    AdColumns,
    Occupation,
    Period,
    count_mentions,
    item_terms,
    load_terms,
    profile_ads,
    read_ads,
)

COLUMNS = AdColumns(
    id="ilmoitus_id",
    title="otsikko",
    text="kuvaus",
    date="julkaistu",
    region="maakunta",
    occupation="ammatti",
    occupation_code="ammattikoodi",
)
HEADER = "ilmoitus_id;otsikko;kuvaus;julkaistu;maakunta;ammatti;ammattikoodi;tyonantaja"
EMPLOYER = "Ravintola Salakala Oy"
# Eight ads. Counted by hand below (see test_counting_matches_the_hand_count).
CSV = f"""{HEADER}
A1;Kokki;Vähennämme ruokahävikkiä ja lajittelemme jätteet. Hygieniapassi vaaditaan.;1.2.2024;Lappi;Kokki;5120;{EMPLOYER}
A2;Kokki;{EMPLOYER} hakee kokkia. Keittiössä on sähköinen tilausjärjestelmä. Englannin kielen taito on eduksi.;15.3.2024;Lappi;Kokki;5120;{EMPLOYER}
A3;Kokki;Hävikin vähentäminen on meille tärkeää.;2024-05-20;Lappi;Kokki;5120;{EMPLOYER}
A4;Kokki;Vähennämme ruokahävikkiä.;31.12.2023;Lappi;Kokki;5120;{EMPLOYER}
A5;Kokki;Vähennämme ruokahävikkiä.;1.6.2024;Uusimaa;Kokki;5120;{EMPLOYER}
A6;Myyjä;Hävikki kuriin.;1.7.2024;Lappi;Myyjä;5223;{EMPLOYER}

A7;Kokki kesäksi;Lajittelu ja kierrätys ovat arkea. Jätteet lajitellaan.;1.8.2024;Lappi;KOKKI;;{EMPLOYER}
"""
JSON_ADS = [
    {
        "ilmoitus_id": "A8",
        "otsikko": "Kokki",
        "kuvaus": "Osaat käyttää kassajärjestelmää ja sähköpostia.",
        "julkaistu": "2024-09-10",
        "maakunta": "Lappi",
        "ammatti": "Kokki",
        "ammattikoodi": "5120",
        "tyonantaja": EMPLOYER,
    }
]
REVIEWED = """\
items:
  - {item: "Vähentää ruokahävikkiä", terms: [hävikki]}
  - {item: "Lajittelee jätteet ja vähentää jätteen määrää", terms: [lajittelee jätteet, kierrätys]}
  - {item_id: "code:K-9", terms: [englanti]}
"""
KOKKI = Occupation(names=("Kokki",), codes=("5120",))
YEAR = Period(date(2024, 1, 1), date(2024, 12, 31))


def fixture(tmp_path):
    folder = tmp_path / "ads"
    folder.mkdir()
    (folder / "a.csv").write_text(CSV, encoding="utf-8")
    (folder / "b.json").write_text(json.dumps(JSON_ADS, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "ad_terms.yaml").write_text(REVIEWED, encoding="utf-8")
    return folder


def test_ads_are_read_with_their_rows_and_without_employers(tmp_path):
    ads, problems = read_ads(fixture(tmp_path), COLUMNS)
    assert problems == []
    assert [(a.id, a.row, a.date) for a in ads] == [
        ("A1", 2, date(2024, 2, 1)),
        ("A2", 3, date(2024, 3, 15)),
        ("A3", 4, date(2024, 5, 20)),
        ("A4", 5, date(2023, 12, 31)),
        ("A5", 6, date(2024, 6, 1)),
        ("A6", 7, date(2024, 7, 1)),
        ("A7", 9, date(2024, 8, 1)),  # the blank line 8 is skipped, lines keep counting
        ("A8", 1, date(2024, 9, 10)),  # JSON: the record's number
    ]
    assert "employer" not in {f.name for f in dataclasses.fields(ads[0])}
    assert ads[6].occupation_code is None and ads[6].occupation == "KOKKI"


def test_counting_matches_the_hand_count(tmp_path):
    ads, _ = read_ads(fixture(tmp_path), COLUMNS)
    reviewed, problems = load_terms(tmp_path / "ad_terms.yaml")
    assert problems == []
    mine = profile_ads(ads, KOKKI, YEAR, regions=["lappi"])
    # A4 is before the period, A5 outside Lapland, A6 another occupation; A7 is a cook by
    # its occupation name only: five ads remain
    assert [a.id for a in mine] == ["A1", "A2", "A3", "A7", "A8"]
    items = [
        ("text:vähentää ruokahävikkiä", "Vähentää ruokahävikkiä"),
        ("text:lajittelee jätteet", "Lajittelee jätteet ja vähentää jätteen määrää"),
        ("text:käyttää keittiön", "Käyttää keittiön tilaus- ja ohjausjärjestelmiä"),
        ("code:K-9", "Palvelee asiakkaita englanniksi"),
        ("text:käyttää sähköpostia", "Käyttää sähköpostia ja pikaviestimiä"),
    ]
    evidence, mentions = count_mentions("kokki", items, mine, YEAR, reviewed)
    # by hand: hävikki in A1 (ruokahävikkiä) and A3 (Hävikin); "lajittelee jätteet" as a
    # phrase in A1, kierrätys in A7 (A7's "Jätteet lajitellaan" is not the phrase); the
    # unreviewed items need all their words: A2 has keittiö and tilaus but no ohjaus, A8
    # sähköposti but no pikaviestin; englanti in A2 (Englannin) by the item's code
    assert [(e.item, e.n_mentions, e.n_ads, e.terms_source) for e in evidence] == [
        ("Vähentää ruokahävikkiä", 2, 5, "reviewed"),
        ("Lajittelee jätteet ja vähentää jätteen määrää", 2, 5, "reviewed"),
        ("Käyttää keittiön tilaus- ja ohjausjärjestelmiä", 0, 5, "default"),
        ("Palvelee asiakkaita englanniksi", 1, 5, "reviewed"),
        ("Käyttää sähköpostia ja pikaviestimiä", 0, 5, "default"),
    ]
    assert evidence[0].label() == "mentioned in 2 of 5 ads, 1/2024–12/2024"
    assert evidence[2].terms == ("keittiön tilaus ohjausjärjestelmiä",)
    assert [(m.item_id, m.ad_id, m.row, m.term) for m in mentions] == [
        ("text:vähentää ruokahävikkiä", "A1", 2, "hävikki"),
        ("text:vähentää ruokahävikkiä", "A3", 4, "hävikki"),
        ("text:lajittelee jätteet", "A1", 2, "lajittelee jätteet"),
        ("text:lajittelee jätteet", "A7", 9, "kierrätys"),
        ("code:K-9", "A2", 3, "englanti"),
    ]
    # nothing that leaves the counting carries the employer or an ad's text
    published = repr((evidence, mentions))
    assert EMPLOYER not in published and "Salakala" not in published
    assert "Hygieniapassi" not in published


def test_reviewed_terms_override_by_identity_or_text():
    reviewed = {"text:a b": ("x",), "code:K": ("y",)}
    assert item_terms("code:K", "A  B", reviewed).terms == ("y",)
    assert item_terms("text:a b", "A B", reviewed).terms == ("x",)
    assert item_terms("text:z", "Toimii kustannustietoisesti", reviewed).terms == (
        "kustannustietoisesti",
    )


def test_bad_rows_are_reported_with_file_row_and_column(tmp_path):
    folder = tmp_path / "ads"
    folder.mkdir()
    (folder / "a.csv").write_text(
        f"""{HEADER}
B1;Kokki;Teksti;1.2.2024;Lappi;Kokki;5120;x
;Kokki;Teksti;1.2.2024;Lappi;Kokki;5120;x
B3;Kokki;Teksti;helmikuu 2024;Lappi;Kokki;5120;x
B4;Kokki;;1.2.2024;Lappi;;;x
B1;Kokki;Teksti;1.2.2024;Lappi;Kokki;5120;x
""",
        encoding="utf-8",
    )
    (folder / "b.json").write_text('{"ads": [1]}', encoding="utf-8")
    (folder / "c.json").write_text('[{"ilmoitus_id": "C1"}, 7]', encoding="utf-8")
    (folder / "d.csv").write_text("ilmoitus_id,otsikko\nD1,Kokki,extra,cells\n", encoding="utf-8")
    (folder / "notes.txt").write_text("ignored", encoding="utf-8")
    ads, problems = read_ads(folder, COLUMNS)
    assert [a.id for a in ads] == ["B1"]
    assert [str(p).replace(str(folder) + "/", "") for p in problems] == [
        "a.csv › row 3 › column ilmoitus_id: the ad has no id",
        "a.csv › row 4 › column julkaistu: date 'helmikuu 2024' is not accepted; accepted: a date "
        "like 2024-03-15 or 15.3.2024",
        "a.csv › row 5 › column kuvaus: the ad has no text",
        "a.csv › row 5 › column ammatti: the ad has no occupation",
        "a.csv › row 6 › column ilmoitus_id: ad id 'B1' is also on row 2 of a.csv; each ad once",
        "b.json: expected a list of ads at the top",
        "c.json › row 1 › column otsikko: column 'otsikko' (mapped to title) is missing; "
        "the ads have: ilmoitus_id",
        "c.json › row 1 › column kuvaus: column 'kuvaus' (mapped to text) is missing; "
        "the ads have: ilmoitus_id",
        "c.json › row 1 › column julkaistu: column 'julkaistu' (mapped to date) is "
        "missing; the ads have: ilmoitus_id",
        "c.json › row 1 › column maakunta: column 'maakunta' (mapped to region) is "
        "missing; the ads have: ilmoitus_id",
        "c.json › row 1 › column ammatti: column 'ammatti' (mapped to occupation) is "
        "missing; the ads have: ilmoitus_id",
        "c.json › row 1 › column ammattikoodi: column 'ammattikoodi' (mapped to "
        "occupation_code) is missing; the ads have: ilmoitus_id",
        "c.json › row 2: an ad must be an object of fields",
        "d.csv › row 2: this row has more cells than the header (2); is the delimiter ',' right?",
    ]
    assert (
        read_ads(folder, COLUMNS, records="ads")[1][5].message
        == "an ad must be an object of fields"
    )


def test_terms_file_problems_name_their_lines(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(
        "items:\n  - {item: A, terms: []}\n  - {item: B, terms: [ok], colour: red}\n"
        "  - {item: C, terms: [ok]}\n  - {item: c, terms: [again]}\n  - {item: D, terms: [5]}\n",
        encoding="utf-8",
    )
    found, problems = load_terms(path)
    assert found == {"text:c": ("ok",)}
    assert [(p.row, p.message) for p in problems] == [
        (2, "an entry needs item (or item_id) and a non-empty terms list"),
        (3, "an entry has item (or item_id), terms and optionally note"),
        (5, "this item already has terms above; keep one entry"),
        (6, "each term is a word or a phrase of words"),
    ]


SETTINGS = """\
min_organisations: 3
evidence:
  interviews: evidence/haastattelut
  gap_threshold: 0.5
  qualifications: {kokki: 381204}
  job_ads:
    folder: evidence/ads
    columns: {id: ilmoitus_id, title: otsikko, text: kuvaus, date: julkaistu,
              region: maakunta, occupation_code: ammattikoodi}
    period: {start: 2024-01-01, end: 2025-12-31}
    regions: [Lappi]
    occupations:
      kokki: {names: [Kokki], codes: ["5120"]}
    terms_file: evidence/ad_terms.yaml
"""


def test_the_evidence_settings_section(tmp_path):
    data = yaml.safe_load(SETTINGS)
    config, problems = load_evidence_config(data["evidence"], "osaaja.yaml")
    assert problems == []
    assert (
        config.eperusteet == "evidence/eperusteet" and config.interviews == "evidence/haastattelut"
    )
    assert config.gap_threshold == 0.5 and config.qualifications == {"kokki": "381204"}
    ads = config.job_ads
    assert ads.columns.occupation_code == "ammattikoodi" and ads.columns.occupation is None
    assert ads.period.label() == "1/2024–12/2025"
    assert ads.occupations["kokki"] == Occupation(("Kokki",), ("5120",))
    assert load_evidence_config(None, "osaaja.yaml") == (EvidenceConfig(), [])


def test_evidence_settings_problems_name_their_lines(tmp_path):
    path = tmp_path / "osaaja.yaml"
    path.write_text(
        """\
evidence:
  gap_threshold: -1
  colour: red
  job_ads:
    columns: {id: nro, title: otsikko, body: kuvaus}
    period: {start: 2025-01-01, end: 2024-01-01}
    occupations:
      kokki: {names: []}
""",
        encoding="utf-8",
    )
    data, root = yamlfile.read(path)
    _, problems = load_evidence_config(data["evidence"], "osaaja.yaml", root)
    assert [str(p) for p in problems] == [
        "osaaja.yaml › row 3: unknown key 'colour' in evidence; accepted: eperusteet, "
        "requirement_map, interviews, gap_threshold, qualifications, job_ads",
        "osaaja.yaml › row 2: gap_threshold is a number above 0, such as 0.3",
        "osaaja.yaml › row 4: folder (relative to raw/) is required, e.g. evidence/ads",
        "osaaja.yaml › row 5: unknown field 'body'; accepted: id, title, text, date, region, "
        "occupation, occupation_code",
        "osaaja.yaml › row 5: columns lacks text, date; required: id, title, text, date",
        "osaaja.yaml › row 5: map occupation or occupation_code: ads are counted per occupation",
        "osaaja.yaml › row 6: period needs start and end dates (start <= end), e.g. "
        "{start: 2024-01-01, end: 2025-12-31}",
        "osaaja.yaml › row 8: kokki: give names and/or codes, e.g. {names: [Myyjä], codes: ['5223']}",
    ]
