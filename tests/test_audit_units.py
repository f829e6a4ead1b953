"""Unit tests of the auditor (tests/audit/): its reader, recomputation and checks,
on tiny workbooks made here with openpyxl (fixed data)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from audit import published as pub
from audit.reader import read_raw
from audit.recompute import (
    Entry,
    Identity,
    ProfileSpec,
    Settings,
    open_data,
    page,
    recompute,
    round_half_up,
)
from openpyxl import Workbook

META_A = [["Kartoitus: Testi"], ["Ala: Matkailu"], ["Ammatti: Opas"], ["Kierros: 2022"], []]
HEAD_A = [
    "Tuleva tarve (1-5)",
    "Koodi",
    "Osaaminen",
    "Osaamisalue",
    "Organisaatio",
    "Nykytarve\n(1-5)",
]


def book(path: Path, sheets: dict, merged=None, hidden=()) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in (merged or {}).get(name, []):
            ws.merge_cells(rng)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.properties.created = wb.properties.modified = datetime(2022, 1, 1)
    wb.save(path)
    return path


def a_rows(ratings: list[tuple]) -> list[list]:
    """(org, item, code, area, now, future) rows in layout A, odd column order."""
    return [[fut, code, item, area, org, now] for org, item, code, area, now, fut in ratings]


# --- reader -------------------------------------------------------------------------------


def test_reader_layout_a_variants(tmp_path):
    rows = [
        *META_A,
        HEAD_A,
        *a_rows(
            [
                ("Org Yksi", "Opastaa  asiakkaita", "X-1", "Palvelu", " 4 ", "5"),
                ("Org Yksi", "Käyttää\xa0sähköpostia", "", None, "-", "ei arvioitu"),
                ("Org Yksi", "Toimii turvallisesti", "", "Turvallisuus", 0, "0"),
            ]
        ),
        [],
        *a_rows([("Org Kaksi", "opastaa asiakkaita", "X-1", "Palvelu", "n/a", 3.0)]),
        *a_rows([("Org Kaksi", "Käyttää sähköpostia", "", None, None, "2")]),
        ["Yhteensä", None, "2 organisaatiota"],
        *a_rows([("Org Kolme", "Jälkeen yhteenvedon", "", "X", 5, 5)]),
    ]
    book(
        tmp_path / "raw/x.xlsx",
        {"Ohje": [["Lue tämä"]], "Data": rows},
        merged={"Data": ["D7:D8"]},
        hidden=("Data",),
    )
    r = read_raw(tmp_path / "raw")
    assert r.problems == []
    assert r.skipped == [("x.xlsx", "Ohje")]
    (s,) = r.surveys
    assert (s.key, s.layout, s.hidden) == ((2022, "matkailu", "opas"), "A", True)
    got = [(x.organisation, x.item, x.code, x.area, x.now, x.future) for x in r.ratings]
    assert got == [
        ("org yksi", "Opastaa asiakkaita", "X-1", "Palvelu", 4, 5),
        ("org yksi", "Käyttää sähköpostia", "", "Palvelu", None, None),
        ("org yksi", "Toimii turvallisesti", "", "Turvallisuus", None, None),
        ("org kaksi", "opastaa asiakkaita", "X-1", "Palvelu", None, 3),
        ("org kaksi", "Käyttää sähköpostia", "", "Palvelu", None, 2),
    ]
    assert "Org Yksi" in r.names


def test_reader_layout_b_with_two_cell_metadata_and_decimal_commas(tmp_path):
    rows = [
        ["Osaamisluettelo – otsikko"],
        ["Toimiala:", "Ravintola"],
        ["Ammattiryhmä:", "Kokki"],
        ["Vuosi", "2019"],
        [],
        [
            "Osaamisalue",
            "Osaaminen",
            "Organisaatioita",
            "Nykytarve ka.\n(1–5)",
            "Tuleva tarve ka.",
            "Nykytarve kh.",
            "Muutos",
        ],
        ["Ruoka", "Valmistaa ruokaa", "9", "3,33", " 4,38 ", "0,60", "1,05"],
        [None, "Leipoo", 8, 4.25, 4.0, None, -0.25],
        ["Keskiarvo", None, None, "3,79", "4,19"],
    ]
    book(tmp_path / "raw/2019/kokki.xlsx", {"Luettelo": rows}, merged={"Luettelo": ["A7:A8"]})
    r = read_raw(tmp_path / "raw")
    assert r.problems == []
    assert [s.key for s in r.surveys] == [(2019, "ravintola", "kokki")]
    got = [
        (x.area, x.item, x.n, x.mean_now, x.mean_future, x.sd_now, x.change) for x in r.summaries
    ]
    assert got == [
        (
            "Ruoka",
            "Valmistaa ruokaa",
            9,
            Decimal("3.33"),
            Decimal("4.38"),
            Decimal("0.60"),
            Decimal("1.05"),
        ),
        ("Ruoka", "Leipoo", 8, Decimal("4.25"), Decimal("4.0"), None, Decimal("-0.25")),
    ]


def test_reader_names_from_file_name_folder_and_each_sheet(tmp_path):
    plain = [
        ["Organisaatio", "Osaamisalue", "Osaaminen", "Nykytarve", "Tuleva tarve"],
        ["O", "A", "I", 3, 4],
    ]
    book(tmp_path / "raw/2019/2019_puhtaus_toimitilahuoltaja.xlsx", {"T": plain})
    book(
        tmp_path / "raw/2022/vienti.xlsx",
        {"T": [["Ala", "ICT"], ["Ammatti", "ICT-tukihenkilö"], *plain]},
    )
    two = {
        "Yksi": [["Kierros:", 2019], ["Ala:", "Rakennus"], ["Ammatti:", "Talonrakentaja"], *plain],
        "Kaksi": [
            ["Kierros", "2019"],
            ["Ala", "Logistiikka"],
            ["Ammatti", "Varastonhoitaja"],
            *plain,
        ],
    }
    book(tmp_path / "raw/2019/2019_rakennus-ja-logistiikka.xlsx", two)
    book(tmp_path / "raw/2022/2022_ala.xlsx", {"T": plain})
    r = read_raw(tmp_path / "raw")
    assert sorted(s.key for s in r.surveys) == [
        (2019, "logistiikka", "varastonhoitaja"),
        (2019, "puhtaus", "toimitilahuoltaja"),
        (2019, "rakennus", "talonrakentaja"),
        (2022, "ict", "ict-tukihenkilo"),
    ]
    assert r.problems == [
        "2022/2022_ala.xlsx › T: field, occupation unknown (not in sheet nor file name)"
    ]


@pytest.mark.parametrize("bad", [-1, "-1", -2, 6, 3.5, "kolme"])
def test_reader_refuses_ratings_outside_the_scale(tmp_path, bad):
    """-1 is an error like any other number outside 1..5, never 'not assessed'."""
    book(tmp_path / "raw/x.xlsx", {"S": [*META_A, HEAD_A, *a_rows([("O", "I", "", "A", bad, 4)])]})
    r = read_raw(tmp_path / "raw")
    assert r.problems == [
        f"x.xlsx › S › row 7 › Nykytarve (1-5): rating {bad!r} is not a whole number 1 to 5 "
        "nor a not-assessed marker (blank, -, 0, ei arvioitu, n/a)"
    ]
    assert r.ratings == []


def test_reader_same_organisation_twice_unless_respondents_differ(tmp_path):
    head = ["Organisaatio", "Vastaaja", "Osaamisalue", "Osaaminen", "Nykytarve", "Tuleva tarve"]
    rows = [
        *META_A,
        head,
        ["O", "Anna", "A", "I", 3, 4],
        ["O", "Ben", "A", "I", 4, 4],
        ["O", "Anna", "A", " i ", 5, 5],
    ]
    book(tmp_path / "raw/x.xlsx", {"S": rows})
    r = read_raw(tmp_path / "raw")
    assert r.problems == [
        "x.xlsx › S › rows 7 and 9: the same organisation rates the same item twice"
    ]
    assert len(r.ratings) == 2


# --- rounding -----------------------------------------------------------------------------


def test_rounding_half_up_then_one_decimal_from_the_open_data_value():
    assert page(open_data(Fraction(17, 4))) == Decimal("4.3")  # 4.25 -> 4.3, not 4.2
    change = open_data(Fraction("4.38") - Fraction("3.33"))
    assert (change, page(change)) == (Decimal("1.05"), Decimal("1.1"))
    assert open_data(Fraction("4.245")) == Decimal("4.25")
    assert open_data(Fraction(49, 11)) == Decimal("4.45")  # not 4.455 -> 4.46
    assert round_half_up(Fraction("-0.25"), 1) == Decimal("-0.3")  # away from zero
    assert open_data(Fraction("1.0049999999999")) == Decimal("1.01")  # the 9-decimal step first


# --- identity and figures -----------------------------------------------------------------


def _survey(tmp_path, name, meta, ratings):
    rows = [*meta, HEAD_A, *a_rows(ratings)]
    book(tmp_path / "raw" / name, {"S": rows})


def _meta(cycle, field, occupation):
    return [[f"Kierros: {cycle}"], [f"Ala: {field}"], [f"Ammatti: {occupation}"], []]


def _figures(tmp_path, specs, themes=None, aliases=(), settings=None):
    r = read_raw(tmp_path / "raw")
    assert r.problems == []
    identity = Identity(r, list(aliases))

    def theme_of(profile, item_id):
        return (themes or {}).get(item_id, set())

    return r, identity, recompute(r, identity, specs, settings or Settings(), theme_of)


def test_identity_links_code_text_and_alias_and_names_a_two_code_group_by_text(tmp_path):
    orgs = ["O1", "O2", "O3"]
    _survey(
        tmp_path,
        "a.xlsx",
        _meta(2022, "A", "Yksi"),
        [(o, "Käyttää sähköpostia", "MAT-016", "D", 4, 5) for o in orgs],
    )
    _survey(
        tmp_path,
        "b.xlsx",
        _meta(2022, "B", "Kaksi"),
        [(o, "käyttää  sähköpostia", "", "D", 3, 4) for o in orgs],
    )
    _survey(
        tmp_path,
        "c.xlsx",
        _meta(2022, "C", "Kolme"),
        [(o, "Sähköposti", "LOG-015", "D", 3, 4) for o in orgs],
    )
    aliases = [(("text", "sähköposti"), ("text", "käyttää sähköpostia"))]
    r, identity, _ = _figures(tmp_path, [], aliases=aliases)
    # two codes in the group: it is named by its smallest text, not by one survey's code
    assert {identity.of_text(x.item) for x in r.ratings} == {"text:käyttää sähköpostia"}
    assert identity.of_published_id("code:LOG-015") == "text:käyttää sähköpostia"
    assert identity.warnings == []


def test_identity_one_code_two_texts_in_one_survey_does_not_link(tmp_path):
    rows = [("O", "Eka", "K-1", "A", 3, 3), ("O", "Toka", "K-1", "A", 3, 3)]
    _survey(tmp_path, "a.xlsx", _meta(2022, "A", "Yksi"), rows)
    r, identity, _ = _figures(tmp_path, [])
    assert [identity.of_text(x.item) for x in r.ratings] == ["text:eka", "text:toka"]
    assert identity.warnings == [
        "identity.code_two_texts: (2022, 'a', 'yksi') K-1: ['eka', 'toka']"
    ]


def test_pooled_counts_and_means_weight_every_rating(tmp_path):
    own = [
        ("O1", "Jaettu", "", "A", 4, 4),
        ("O2", "Jaettu", "", "A", 2, 5),
        ("O3", "Jaettu", "", "A", None, 5),
    ]
    other = [(f"P{i}", "Jaettu", "", "A", 3, 4) for i in range(4)] + [
        ("O1", "Jaettu", "", "A", 5, 5)
    ]
    _survey(tmp_path, "own.xlsx", _meta(2022, "A", "Oma"), own)
    _survey(tmp_path, "other.xlsx", _meta(2022, "B", "Muu"), other)
    spec = ProfileSpec("p", (Entry("a", "oma"), Entry("b", "muu", frozenset({"t"}))))
    _, _, figures = _figures(tmp_path, [spec], themes={"text:jaettu": {"t"}})
    shared = figures["p"][2022]["text:jaettu"]
    # O1 answered both surveys: one organisation, but both of its ratings count.
    assert (shared.n_organisations, shared.n_now, shared.n_future) == (7, 6, 7)
    assert shared.exact == {"mean_now": Fraction(23, 7), "mean_future": Fraction(35, 8)}
    # The own survey's now-part rests on O1 and O2 only: the pooled mean_now would give
    # it away next to the other survey's own figure (secondary suppression).
    assert shared.contributing("now") == {(2022, "a", "oma"): 2, (2022, "b", "muu"): 5}
    assert (shared.values["mean_now"], shared.values["mean_future"]) == (None, Decimal("4.38"))
    assert (shared.values["change"], shared.suppressed) == (None, True)


def test_a_theme_filter_leaves_out_other_items(tmp_path):
    own = [(f"O{i}", "Oma", "", "A", 3, 3) for i in range(3)]
    other = [(f"P{i}", t, "", "A", 3, 3) for i in range(3) for t in ("Digi", "Muu")]
    _survey(tmp_path, "own.xlsx", _meta(2022, "A", "Oma"), own)
    _survey(tmp_path, "other.xlsx", _meta(2022, "B", "Muu"), other)
    spec = ProfileSpec("p", (Entry("a", "oma"), Entry("b", "muu", frozenset({"digitaidot"}))))
    _, _, figures = _figures(
        tmp_path, [spec], themes={"text:digi": {"digitaidot"}, "text:muu": {"x"}}
    )
    assert sorted(figures["p"][2022]) == ["text:digi", "text:oma"]


def _secondary(tmp_path):
    own = [("O1", "Jaettu", "", "A", 2, 2)] + [(f"O{i}", "Muu", "", "A", 3, 3) for i in range(2, 5)]
    other = [(f"P{i}", "Jaettu", "", "A", 4, 4) for i in range(10)]
    _survey(tmp_path, "own.xlsx", _meta(2022, "A", "Oma"), own)
    _survey(tmp_path, "other.xlsx", _meta(2022, "B", "Muu"), other)
    specs = [
        ProfileSpec("p", (Entry("a", "oma"), Entry("b", "muu"))),
        ProfileSpec("q", (Entry("b", "muu"),)),
    ]
    return _figures(tmp_path, specs)


def test_secondary_suppression_of_a_pooled_figure(tmp_path):
    _, _, figures = _secondary(tmp_path)
    pooled, alone = figures["p"][2022]["text:jaettu"], figures["q"][2022]["text:jaettu"]
    assert (pooled.n_now, pooled.values["mean_now"], pooled.suppressed) == (11, None, True)
    assert alone.values["mean_now"] == Decimal("4.00")


def _cycles(tmp_path):
    old = [
        ("O1", "Harvinainen", "", "A", 5, 5),
        ("O1", "Nouseva", "", "A", 2, 3),
        ("O2", "Nouseva", "", "A", 3, 3),
    ]
    old += [("O3", "Nouseva", "", "A", 3, 3)]
    new = [
        (f"O{i}", t, "", "A", 4, 4) for i in range(1, 4) for t in ("Harvinainen", "Nouseva", "Uusi")
    ]
    new += [("O4", "Kaksi", "", "A", 4, 5), ("O5", "Kaksi", "", "A", 4, None)]
    _survey(tmp_path, "2019/2019_a_b.xlsx", [], old)
    _survey(tmp_path, "2022/2022_a_b.xlsx", [], new)
    return _figures(tmp_path, [ProfileSpec("p", (Entry("a", "b"),))])


def test_primary_suppression_previous_cycle_and_trend(tmp_path):
    _, _, figures = _cycles(tmp_path)
    now = figures["p"][2022]
    rare = now["text:harvinainen"]
    assert (rare.values["previous_mean_future"], rare.trend) == (
        None,
        None,
    )  # 2019: one organisation
    rising = now["text:nouseva"]
    assert (rising.values["previous_mean_future"], rising.trend) == (Decimal("3.00"), "rising")
    assert now["text:uusi"].trend == "new"
    two = now["text:kaksi"]
    assert (two.n_organisations, two.n_now, two.n_future) == (2, 2, 1)
    assert two.values["mean_now"] is None and two.values["change"] is None and two.suppressed


# --- the checks on published output -------------------------------------------------------


def _table(rows, label="p/p.csv"):
    return pub.Table(
        label, set(pub.COLUMNS), [{c: r.get(c, "") for c in pub.COLUMNS} for r in rows]
    )


def test_checks_find_duplicates_small_figures_and_subtraction(tmp_path):
    _, identity, figures = _secondary(tmp_path)
    row = {"cycle": "2022", "item": "Jaettu", "mean_now": "3.82", "n_now": "11"}
    tables = [
        _table(
            [
                {**row, "profile_id": "p", "item_id": "text:jaettu"},
                {**row, "profile_id": "p", "item_id": "text:jaettu"},
            ]
        ),
        _table(
            [{**row, "profile_id": "q", "item_id": "text:jaettu", "mean_now": "4.00"}], "q/q.csv"
        ),
    ]
    dup = pub.duplicates(tables, identity)
    assert [(m.kind, m.where) for m in dup] == [
        ("duplicate competence", "p/p.csv › p 2022 › text:jaettu")
    ]
    found = pub.recoverable(tables, figures, identity, Settings())
    kinds = sorted({m.kind for m in found})
    assert kinds == ["recoverable by subtraction: mean_now", "recoverable part: mean_now"]
    assert "leaves 1 organisation(s)" in next(m.detail for m in found if "subtraction" in m.kind)
    mismatches = pub.compare_open_data(tables, figures, identity)
    assert "mean_now: published although not publishable" in {m.kind for m in mismatches}


def test_below_minimum_counts_the_measure_the_figure_rests_on(tmp_path):
    _, identity, figures = _cycles(tmp_path)
    base = {"profile_id": "p", "cycle": "2022"}
    tables = [
        _table(
            [
                {**base, "item_id": "text:kaksi", "item": "Kaksi", "mean_future": "5.00"},
                {
                    **base,
                    "item_id": "text:harvinainen",
                    "item": "Harvinainen",
                    "previous_mean_future": "5.00",
                },
                {
                    **base,
                    "item_id": "text:nouseva",
                    "item": "Nouseva",
                    "mean_now": "4.00",
                    "trend": "rising",
                },
            ]
        )
    ]
    found = pub.below_minimum(tables, figures, identity, Settings())
    assert [(m.kind, m.detail) for m in found] == [
        ("below minimum: mean_future", "rests on 1 organisation(s) rating future (minimum 3)"),
        (
            "below minimum: previous_mean_future",
            "rests on 1 organisation(s) rating future (minimum 3)",
        ),
    ]


def test_pages_compare_value_and_rounded_text(tmp_path):
    site = tmp_path / "site"
    (site / "p").mkdir(parents=True)
    tables = [
        _table(
            [
                {
                    "profile_id": "p",
                    "cycle": "2022",
                    "item_id": "code:X",
                    "mean_now": "4.25",
                    "change": "1.05",
                    "n_now": "7",
                }
            ]
        )
    ]

    def tag(value, measure, text):
        return f'<data value="{value}" data-item="code:X" data-measure="{measure}">{text}</data>'

    fi = tag("4.25", "mean_now", "4,3") + tag("1.05", "change", "+1,1") + tag("7", "n_now", "7")
    (site / "p/p.fi.html").write_text(f"<p>{fi}</p>", encoding="utf-8")
    (site / "p/p.en.html").write_text(
        tag("4.25", "mean_now", "4.2") + tag("1.05", "change", "1,1"), encoding="utf-8"
    )
    found, marked = pub.compare_pages(site, tables, ["p"])
    assert marked == {"p": 5}
    assert [(m.kind, m.where) for m in found] == [
        ("page: text", "p/p.en.html › code:X › mean_now"),
        ("page: text", "p/p.en.html › code:X › change"),
    ]
