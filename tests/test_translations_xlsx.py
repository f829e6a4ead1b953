"""The translators' spreadsheet: export and import round-trip exactly, formula-like text
stays text, bad rows are reported by sheet, row and column."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from pipeline.translations import SourceRow, collect_sources, make_entry
from pipeline.translations_xlsx import HEADERS, export_xlsx, import_file, import_xlsx

FORMULA_LIKE = ("=SUM(A1)", "+358 40 123", "-5 %", "@home", "\tindented", "\rreturn")


def sample():
    entries = [
        make_entry("Tekee lisämyyntiä", "Makes add-on sales", "reviewed"),
        make_entry("Laskee kulut", "=SUM(costs)", "draft"),
        make_entry("Käyttää kassajärjestelmää", "Uses the till", "needs update"),
        make_entry("Hoitaa kassan", "Works the till", "reviewed"),  # no source uses it
    ]
    catalogue = {
        "en": {e.key: e for e in sorted(entries, key=lambda e: e.key)},
        "sv": {"lappi": make_entry("Lappi", "Lappland", "reviewed")},
    }
    sources = collect_sources(
        [
            SourceRow("item", "Tekee lisämyyntiä", "myyja"),
            SourceRow("item", "Laskee kulut", "kokki"),
            SourceRow("item", "Käyttää kassajärjestelmää", "myyja", "t:kassa", 2019),
            SourceRow(
                "item", "Käyttää kassa- ja mobiilimaksujärjestelmiä", "myyja", "t:kassa", 2022
            ),
            SourceRow("region", "Lappi", "myyja"),
        ]
    )
    return catalogue, sources


def rows_of(data: bytes, sheet: str = "en") -> list[tuple]:
    return [tuple(r) for r in load_workbook(io.BytesIO(data))[sheet].iter_rows(values_only=True)]


def test_export_lists_entries_and_untranslated_sources():
    catalogue, sources = sample()
    assert rows_of(export_xlsx(catalogue, sources, "en")) == [
        tuple(name.format(lang="en") for name, _ in HEADERS),
        (
            "hoitaa kassan",
            "Hoitaa kassan",
            "Works the till",
            "reviewed",
            "ei käytössä / not used",
            None,
        ),
        (
            "käyttää kassa- ja mobiilimaksujärjestelmiä",
            "Käyttää kassa- ja mobiilimaksujärjestelmiä",
            None,
            None,
            "item: myyja",
            "Käyttää kassajärjestelmää",
        ),
        (
            "käyttää kassajärjestelmää",
            "Käyttää kassajärjestelmää",
            "Uses the till",
            "needs update",
            "item: myyja",
            None,
        ),
        ("lappi", "Lappi", None, None, "region: myyja", None),
        ("laskee kulut", "Laskee kulut", "=SUM(costs)", "draft", "item: kokki", None),
        (
            "tekee lisämyyntiä",
            "Tekee lisämyyntiä",
            "Makes add-on sales",
            "reviewed",
            "item: myyja",
            None,
        ),
    ]


def test_export_is_deterministic():
    catalogue, sources = sample()
    assert export_xlsx(catalogue, sources, "en") == export_xlsx(catalogue, sources, "en")


def test_export_then_import_gives_the_same_catalogue():
    catalogue, sources = sample()
    data = export_xlsx(catalogue, sources, "en")
    assert import_xlsx(data, "en.xlsx", catalogue) == (catalogue, [])
    # From nothing, the workbook alone gives back the language (untranslated rows add nothing).
    assert import_xlsx(data, "en.xlsx") == ({"en": catalogue["en"]}, [])


def test_formula_like_text_is_written_as_text_and_comes_back_unchanged():
    entries = [make_entry(f"Teksti {i}", "x", "draft") for i in range(len(FORMULA_LIKE))]
    # make_entry folds whitespace; tab and CR at the start are set directly to test them.
    catalogue = {
        "en": {
            e.key: e.__class__(e.key, e.fi, t, e.status)
            for e, t in zip(entries, FORMULA_LIKE, strict=True)
        }
    }
    data = export_xlsx(catalogue, [], "en")
    sheet = load_workbook(io.BytesIO(data))["en"]
    cells = [sheet.cell(row=r, column=3) for r in range(2, 2 + len(FORMULA_LIKE))]
    # XML reads a carriage return back as a line feed; what matters is the quote prefix.
    assert [(c.value.replace("\n", "\r"), c.data_type, c.quotePrefix) for c in cells] == [
        (text, "s", True) for text in FORMULA_LIKE
    ]
    imported, problems = import_xlsx(data, "en.xlsx")
    assert problems == []
    # '=' '+' '-' '@' come back as written; whitespace is folded like every text.
    assert [e.text for e in imported["en"].values()] == [
        "=SUM(A1)",
        "+358 40 123",
        "-5 %",
        "@home",
        "indented",
        "return",
    ]


def edited(data: bytes, changes: dict[str, object], append: list[list] = ()) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    for ref, value in changes.items():
        wb["en"][ref] = value
    for row in append:
        wb["en"].append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_translator_edits_are_imported():
    catalogue, sources = sample()
    data = edited(
        export_xlsx(catalogue, sources, "en"),
        {
            "C3": "Uses POS and mobile payment systems",  # was untranslated; no status: draft
            "C4": "Uses the POS system",
            "D4": "Reviewed",  # case does not matter
            "C7": None,  # cleared: the translation is removed
            "D7": None,
        },
    )
    result, problems = import_xlsx(data, "en.xlsx", catalogue)
    assert problems == []
    en = result["en"]
    assert (
        en["käyttää kassa- ja mobiilimaksujärjestelmiä"].text,
        en["käyttää kassa- ja mobiilimaksujärjestelmiä"].status,
    ) == (
        "Uses POS and mobile payment systems",
        "draft",
    )
    assert (en["käyttää kassajärjestelmää"].text, en["käyttää kassajärjestelmää"].status) == (
        "Uses the POS system",
        "reviewed",
    )
    assert "tekee lisämyyntiä" not in en
    assert result["sv"] == catalogue["sv"]  # other languages untouched


def test_bad_rows_are_reported_by_sheet_row_and_column():
    catalogue, sources = sample()
    data = edited(
        export_xlsx(catalogue, sources, "en"),
        {
            "B2": "Hoitaa kassaa",  # Finnish source edited
            "D6": "done",  # unknown status
            "C7": None,  # status without a translation
            "D7": "reviewed",
        },
        append=[
            ["tekee lisämyyntiä", "Tekee lisämyyntiä", "Upsells", "draft"],  # key twice
            [None, "Uusi teksti", "New text", "draft"],  # no key
        ],
    )
    result, problems = import_xlsx(data, "en.xlsx", catalogue)
    assert [str(p) for p in problems] == [
        "en.xlsx › en › row 2 › column B: the Finnish source does not match the key "
        "'hoitaa kassan'; keep columns A and B as exported",
        "en.xlsx › en › row 6 › column D: status 'done' is not accepted; accepted: draft, "
        "reviewed, needs update",
        "en.xlsx › en › row 7 › column D: status 'reviewed' needs a translation; write it in "
        "column C or clear the status",
        "en.xlsx › en › row 8 › column A: key 'tekee lisämyyntiä' is also on row 7; keep one row",
        "en.xlsx › en › row 9 › column A: the key is empty; keep columns A and B as exported",
    ]
    assert [p.code for p in problems] == [
        "translations.source",
        "translations.status",
        "translations.status",
        "translations.duplicate",
        "translations.key",
    ]
    assert result == catalogue  # rows with problems keep what the catalogue had


def test_a_workbook_not_made_by_export_is_refused(tmp_path):
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.active.append(["key", "fi", "en"])
    out = io.BytesIO()
    wb.save(out)
    assert [str(p) for p in import_xlsx(out.getvalue(), "x.xlsx")[1]] == [
        "x.xlsx: expected one sheet named by its language code, such as en or sv; found "
        "sheets: Sheet1. Use a workbook made by `osaaja translations export`"
    ]
    wb.active.title = "en"
    out = io.BytesIO()
    wb.save(out)
    assert [str(p) for p in import_xlsx(out.getvalue(), "x.xlsx")[1]] == [
        f"x.xlsx › en › row 1 › column {col}: the header should read {name!r}; keep the "
        "exported headers"
        for col, name in zip(
            "ABCD",
            [h.format(lang="en") for h, _ in HEADERS[:4]],
            strict=True,
        )
    ]
    path = tmp_path / "en.xlsx"
    path.write_bytes(b"not a workbook")
    assert [str(p) for p in import_file(path)[1]] == [
        f"{path.as_posix()}: is not an Excel workbook (not a zip archive); save it as an "
        "Excel workbook (.xlsx) and run again"
    ]
