"""The translation catalogue: loading with located problems, lookup with a visible
fallback, sources and status, the languages setting; dates and roles per language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline import yamlfile
from pipeline.i18n import Text
from pipeline.localise import format_date, role_label
from pipeline.translations import (
    LanguagePlan,
    SourceRow,
    carry_over,
    collect_sources,
    dump_language,
    load_translations,
    lookup,
    make_entry,
    parse_languages,
    status,
    status_lines,
)


def catalogue(*entries, lang="en"):
    return {lang: {e.key: e for e in sorted(entries, key=lambda e: e.key)}}


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- loading ------------------------------------------------------------------------


def test_a_dumped_language_loads_back_identically(tmp_path):
    cat = catalogue(
        make_entry("Tekee lisämyyntiä", "Makes add-on sales", "reviewed"),
        make_entry("Laskee  kulut", "=SUM(costs)", "draft"),  # folded, starts with '='
        make_entry("Käyttää kassaa", "yes", "needs update"),  # YAML would read yes as True
    )
    write(tmp_path / "t", "en.yaml", dump_language(cat["en"], "en"))
    assert load_translations(tmp_path / "t") == (cat, [])


def test_the_file_is_sorted_with_one_value_per_line(tmp_path):
    cat = catalogue(make_entry("Tekee lisämyyntiä", "Makes add-on sales", "reviewed"))
    assert dump_language(cat["en"], "en").splitlines()[3:] == [
        "tekee lisämyyntiä:",
        "  fi: Tekee lisämyyntiä",
        "  en: Makes add-on sales",
        "  status: reviewed",
    ]


def test_no_folder_is_an_empty_catalogue(tmp_path):
    assert load_translations(tmp_path / "missing") == ({}, [])


def test_loader_problems_name_file_and_line(tmp_path):
    path = write(
        tmp_path / "t",
        "en.yaml",
        "tekee lisämyyntiä:\n"  # 1: good
        "  fi: Tekee lisämyyntiä\n"
        "  en: Makes add-on sales\n"
        "  status: reviewed\n"
        "käsittelee käteistä:\n"  # 5: key does not match the Finnish text
        "  fi: Käsittelee käteistä rahaa\n"
        "  en: Handles cash\n"
        "  status: reviewed\n"
        "tuntee tuotteet:\n"  # 9: bad status, unknown field
        "  fi: Tuntee tuotteet\n"
        "  en: Knows the products\n"
        "  status: done\n"
        "  comment: later\n"
        "antaa ensiapua:\n"  # 14: missing status, number as text
        "  fi: Antaa ensiapua\n"
        "  en: 12\n"
        "hoitaa kassan: Handles the till\n"  # 17: not a mapping
        "palvelee:\n"  # 18: empty translation
        "  fi: Palvelee\n"
        "  en: ''\n"
        "  status: draft\n",
    )
    cat, problems = load_translations(path.parent)
    assert list(cat["en"]) == ["tekee lisämyyntiä"]  # entries with problems are left out
    assert [(p.row, p.message, p.code) for p in problems] == [
        (
            5,
            "entry 'käsittelee käteistä': the key is not the normalised Finnish text; "
            "expected 'käsittelee käteistä rahaa'",
            "translations.key",
        ),
        (
            13,
            "entry 'tuntee tuotteet': unknown field 'comment'; accepted: fi, en, status",
            "translations.field",
        ),
        (
            12,
            "entry 'tuntee tuotteet': status 'done' is not accepted; accepted: draft, reviewed, "
            "needs update",
            "translations.status",
        ),
        (16, "entry 'antaa ensiapua': en 12 is not text; quote it", "translations.field"),
        (14, "entry 'antaa ensiapua': status is missing", "translations.field"),
        (
            17,
            "entry 'hoitaa kassan' is not a mapping; expected {fi: ..., en: ..., status: ...}",
            "translations.shape",
        ),
        (
            20,
            "entry 'palvelee': the en translation is empty; write it or remove the entry",
            "translations.empty",
        ),
    ]
    assert {p.file for p in problems} == {str(path)}


def test_an_entry_written_twice_is_refused_with_both_lines(tmp_path):
    path = write(
        tmp_path / "t",
        "en.yaml",
        "tekee lisämyyntiä: {fi: Tekee lisämyyntiä, en: Makes add-on sales, status: reviewed}\n"
        "tekee lisämyyntiä: {fi: Tekee lisämyyntiä, en: Does upselling, status: draft}\n",
    )
    _cat, problems = load_translations(path.parent)
    assert [(p.row, p.message) for p in problems] == [
        (
            2,
            "key 'tekee lisämyyntiä' appears twice (lines 1 and 2); YAML would silently keep "
            "the last one: keep one",
        )
    ]


def test_bad_files_and_names_are_reported(tmp_path):
    folder = tmp_path / "t"
    write(folder, "fi.yaml", "{}\n")
    write(folder, "english.yaml", "{}\n")
    write(folder, "sv.yaml", "- a list\n")
    write(folder, "de.yaml", "a: [unclosed\n")
    cat, problems = load_translations(folder)
    assert cat == {"de": {}, "sv": {}}
    assert [(Path(p.file).name, p.row, p.message) for p in problems] == [
        ("de.yaml", 2, "not valid YAML: expected ',' or ']', but got '<stream end>'"),
        (
            "english.yaml",
            None,
            "the file name is not a language code; name the file after its language, "
            "e.g. en.yaml or sv.yaml",
        ),
        (
            "fi.yaml",
            None,
            "Finnish is the source language and needs no translation file; remove it "
            "(the Finnish texts come from the exports)",
        ),
        (
            "sv.yaml",
            1,
            "expected a mapping of normalised Finnish text to {fi, sv, status}; "
            "write it with `osaaja translations import`",
        ),
    ]


# --- lookup -------------------------------------------------------------------------


def test_lookup_finds_the_translation_by_the_normalised_text():
    cat = catalogue(make_entry("Tekee lisämyyntiä", "Makes add-on sales", "reviewed"))
    assert lookup(cat, "  tekee   LISÄMYYNTIÄ ", "en") == Text("Makes add-on sales", "en")


def test_without_a_usable_translation_the_finnish_text_comes_back_marked():
    cat = catalogue(
        make_entry("Tekee lisämyyntiä", "Makes add-on sales", "draft"),
        make_entry("Käyttää kassajärjestelmää", "Uses the till", "needs update"),
    )
    assert lookup(cat, "Tekee lisämyyntiä", "en") == Text("Makes add-on sales", "en")  # draft
    # A translation of an earlier wording is not shown: the page marks the Finnish text.
    assert lookup(cat, "Käyttää kassajärjestelmää", "en") == Text("Käyttää kassajärjestelmää", "fi")
    assert lookup(cat, "Käsittelee käteistä rahaa", "en") == Text("Käsittelee käteistä rahaa", "fi")
    assert lookup(cat, "Tekee lisämyyntiä", "sv") == Text("Tekee lisämyyntiä", "fi")
    assert lookup(cat, "Tekee lisämyyntiä", "fi") == Text("Tekee lisämyyntiä", "fi")
    assert lookup(cat, None, "en") is None
    assert lookup(cat, "  ", "en") is None


# --- sources and status --------------------------------------------------------------


def rows():
    return [
        SourceRow("item", "Tekee lisämyyntiä", "myyja", "text:tekee lisämyyntiä", 2022),
        SourceRow("item", "tekee  lisämyyntiä", "kokki", "text:tekee lisämyyntiä", 2022),
        SourceRow("item", "Käyttää kassajärjestelmää", "myyja", "text:käyttää kassa", 2019),
        SourceRow(
            "item",
            "Käyttää kassa- ja mobiilimaksujärjestelmiä",
            "myyja",
            "text:käyttää kassa",
            2022,
        ),
        SourceRow("area", "Myyntityö", "myyja"),
        SourceRow("region", "Lappi", "myyja"),
        SourceRow("region", "Lappi", "kokki"),
        SourceRow("horizon", "3–5 vuotta", "kokki"),
        SourceRow("survey", None, "kokki"),  # no survey name in the export
    ]


def test_sources_are_distinct_texts_with_where_and_earlier_wordings():
    sources = {s.key: s for s in collect_sources(rows())}
    assert sorted(sources) == [
        "3–5 vuotta",
        "käyttää kassa- ja mobiilimaksujärjestelmiä",
        "käyttää kassajärjestelmää",
        "lappi",
        "myyntityö",
        "tekee lisämyyntiä",
    ]
    assert sources["tekee lisämyyntiä"].text == "Tekee lisämyyntiä"  # the capitalised variant
    assert sources["tekee lisämyyntiä"].where == ("kokki", "myyja")
    assert sources["lappi"].kinds == ("region",)
    assert sources["käyttää kassa- ja mobiilimaksujärjestelmiä"].previous == (
        "käyttää kassajärjestelmää",
    )
    assert sources["käyttää kassajärjestelmää"].previous == ()


def test_status_counts_translated_missing_stale_and_unused():
    cat = {
        "en": {
            e.key: e
            for e in [
                make_entry("Tekee lisämyyntiä", "Makes add-on sales", "reviewed"),
                make_entry("Lappi", "Lapland", "draft"),
                make_entry("Myyntityö", "Sales", "needs update"),
                make_entry("Käyttää kassajärjestelmää", "Uses the till", "reviewed"),
                make_entry("Hoitaa kassan", "Works the till", "reviewed"),  # no longer used
            ]
        },
        "sv": {"lappi": make_entry("Lappi", "Lappland", "reviewed")},
    }
    result = status(cat, collect_sources(rows()), ["fi", "en", LanguagePlan("sv", ("kokki",))])
    assert list(result) == ["en", "sv"]  # Finnish is the source, not a target
    en, sv = result["en"], result["sv"]
    assert [s.key for s in en.translated] == [
        "käyttää kassajärjestelmää",
        "lappi",
        "tekee lisämyyntiä",
    ]
    assert en.reviewed == 2
    assert [s.key for s in en.missing] == ["3–5 vuotta"]
    # needs update, and a reworded item whose earlier wording is translated
    assert [s.key for s in en.stale] == ["käyttää kassa- ja mobiilimaksujärjestelmiä", "myyntityö"]
    assert en.unused == ("hoitaa kassan",)
    # Swedish covers only the profiles configured for it.
    assert ([s.key for s in sv.translated], [s.key for s in sv.missing]) == (
        ["lappi"],
        ["3–5 vuotta", "tekee lisämyyntiä"],
    )
    assert status_lines(result, limit=1) == [
        "en: 3/6 translated (2 reviewed), 1 missing, 2 stale, 1 unused",
        "sv: 1/3 translated (1 reviewed), 2 missing, 0 stale, 0 unused",
        "  en missing: 3–5 vuotta (horizon; kokki)",
        "  en stale: Käyttää kassa- ja mobiilimaksujärjestelmiä (item; myyja)",
        "  en stale: ... and 1 more",
        "  sv missing: 3–5 vuotta (horizon; kokki)",
        "  sv missing: ... and 1 more",
    ]


def test_carry_over_starts_a_reworded_item_from_its_old_translation():
    old = make_entry("Käyttää kassajärjestelmää", "Uses the till", "reviewed")
    cat = carry_over(catalogue(old), collect_sources(rows()), "en")
    new = cat["en"]["käyttää kassa- ja mobiilimaksujärjestelmiä"]
    assert (new.fi, new.text, new.status) == (
        "Käyttää kassa- ja mobiilimaksujärjestelmiä",
        "Uses the till",
        "needs update",
    )
    assert cat["en"]["käyttää kassajärjestelmää"] == old
    assert len(cat["en"]) == 2


# --- the languages setting -----------------------------------------------------------


def test_languages_setting():
    assert parse_languages(None) == ((LanguagePlan("fi"), LanguagePlan("en")), [])
    value = {"fi": "all", "en": "all", "sv": ["myyja", "kokki"]}
    assert parse_languages(value, known_profiles=["myyja", "kokki"]) == (
        (LanguagePlan("fi"), LanguagePlan("en"), LanguagePlan("sv", ("myyja", "kokki"))),
        [],
    )


def test_bad_languages_setting_is_reported_with_lines():
    text = "min_organisations: 3\nlanguages:\n  en: all\n  de: all\n  sv: [myyja, cook]\n"
    data, root = yamlfile.read("osaaja.yaml", text)
    plans, problems = parse_languages(
        data["languages"], root, "osaaja.yaml", known_profiles=["myyja"]
    )
    assert plans == (LanguagePlan("fi"), LanguagePlan("en"))
    assert [str(p) for p in problems] == [
        "osaaja.yaml › row 2: Finnish comes first and covers every profile: start with `fi: all`",
        "osaaja.yaml › row 4: language 'de' is not supported; supported: fi, en, sv (a new "
        "language needs its UI strings, dates and role labels)",
        "osaaja.yaml › row 5: sv: unknown profile(s) cook; see raw/profiles.yaml",
    ]


# --- dates and roles -----------------------------------------------------------------


def test_dates_per_language():
    day = date(2022, 9, 14)
    assert [format_date(day, lang) for lang in ("fi", "en", "sv")] == [
        "14.9.2022",
        "14 September 2022",
        "14 september 2022",
    ]
    assert format_date(date(2023, 5, 1), "sv") == "1 maj 2023"
    with pytest.raises(ValueError, match="no date format for language 'de'; supported: fi, en, sv"):
        format_date(day, "de")


def test_role_labels_per_language():
    assert [role_label(r, "sv") for r in ("head_of_field", "teacher", "other")] == [
        "branschchef",
        "lärare",
        "annan granskare",
    ]
    assert role_label("head_of_field", "fi") == "toimialapäällikkö"
    assert role_label("other", "en") == "other reviewer"
    with pytest.raises(ValueError, match="unknown reviewer role 'dean'"):
        role_label("dean", "en")
