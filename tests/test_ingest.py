"""The input contract (shared/spec/cq-export.md): every variant, every bad-input rule."""

from __future__ import annotations

import math
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from workbooks import HEADER_A, HEADER_B, META, ratings_rows, write

from pipeline.contract import cell_text, header_name, item_key
from pipeline.errors import DataError
from pipeline.ingest import ingest
from pipeline.slugs import slugify as slug


def run(raw: Path, **kw):
    return ingest(raw, **kw)


def messages(raw: Path) -> list[str]:
    with pytest.raises(DataError) as err:
        ingest(raw)
    return [str(p) for p in err.value.problems]


# --- normalisation ----------------------------------------------------------------------


def test_item_key_folds_case_and_all_whitespace():
    assert item_key("  Palvelee\u00a0asiakkaita\nENGLANNIKSI ") == "palvelee asiakkaita englanniksi"
    assert item_key("Käyttää  sähköpostia") == item_key("käyttää sähköpostia")


def test_header_name_drops_unit_and_folds_whitespace():
    assert header_name("Nykytarve\n(1-5)") == "nykytarve"
    assert header_name("  TULEVA   tarve ") == "tuleva tarve"
    assert header_name("Nykytarve ka.") == "nykytarve ka."


def test_slug_and_cell_text():
    assert slug("Matkailupalvelujen tuottaja") == "matkailupalvelujen-tuottaja"
    assert slug("Sosiaali- ja terveysala") == "sosiaali-ja-terveysala"
    assert slug("Lähihoitaja") == "lahihoitaja"
    assert cell_text(12.0) == "12"
    assert cell_text(3.5) == "3.5"


# --- layout A variants ------------------------------------------------------------------


def test_layout_a_with_one_cell_metadata(tmp_path):
    rows = [
        ["Kartoitus: Matkailualan kartoitus"],
        ["Ala: Matkailu"],
        ["Ammatti: Opas"],
        ["Alue: Rovaniemi"],
        ["Kierros: 2022"],
        ["Ajankohta: 15.3.2022"],
        ["Tarkasteluväli: 3–5 vuotta"],
        ["Yhteyshenkilö: X"],
        [],
        *ratings_rows(),
    ]
    write(tmp_path / "raw" / "export.xlsx", {"Arviot": rows})
    result = run(tmp_path / "raw")
    src = result.sources.iloc[0]
    assert (src.cycle, src.field, src.occupation, src.region, src.survey) == (
        2022,
        "Matkailu",
        "Opas",
        "Rovaniemi",
        "Matkailualan kartoitus",
    )
    assert (src.date, src.horizon, src.layout, src.rows_read) == (
        "15.3.2022",
        "3–5 vuotta",
        "A",
        12,
    )
    assert src.survey_id == "2022_matkailu_opas"
    assert '"Yhteyshenkilö": "X"' in src.metadata  # unknown keys kept as free metadata
    ratings = result.ratings
    assert len(ratings) == 12
    first = ratings.iloc[0]
    assert (first.file, first.sheet, first.row) == ("export.xlsx", "Arviot", 11)  # lineage


def test_two_cell_metadata_swedish_and_english_keys(tmp_path):
    rows = [
        ["Omgång", 2022.0],
        ["Bransch:", "Turism"],
        ["Yrke", "Guide"],
        ["Region", "Lappi"],
        [],
        *ratings_rows(),
    ]
    write(tmp_path / "raw" / "x.xlsx", {"S": rows})
    src = run(tmp_path / "raw").sources.iloc[0]
    assert (src.cycle, src.field, src.occupation, src.region) == (2022, "Turism", "Guide", "Lappi")


def test_metadata_dates_and_numeric_years_as_excel_stores_them(tmp_path):
    rows = [
        ["Ajankohta", datetime(2022, 3, 15)],
        ["Kierros", 2022.0],
        ["Ala: A"],
        ["Ammatti: B"],
        *ratings_rows(),
    ]
    write(tmp_path / "raw" / "x.xlsx", {"S": rows})
    src = run(tmp_path / "raw").sources.iloc[0]
    assert (src.date, src.cycle) == ("2022-03-15", 2022)


def test_missing_metadata_comes_from_file_name_and_year_folder(tmp_path):
    write(tmp_path / "raw" / "2019_matkailu_opas.xlsx", {"S": ratings_rows()})
    write(
        tmp_path / "raw" / "2022" / "kartoitus.xlsx",
        {"S": [["Ala", "Kauppa"], ["Ammatti", "Myyjä"], *ratings_rows()]},
    )
    sources = run(tmp_path / "raw").sources.sort_values("cycle")
    assert list(sources.survey_id) == ["2019_matkailu_opas", "2022_kauppa_myyja"]


def test_sheet_metadata_wins_over_file_name(tmp_path):
    write(
        tmp_path / "raw" / "2019_matkailu_opas.xlsx",
        {"S": [["Kierros: 2020"], ["Ammatti: Kokki"], *ratings_rows()]},
    )
    src = run(tmp_path / "raw").sources.iloc[0]
    assert (src.cycle, src.field, src.occupation) == (2020, "matkailu", "Kokki")


def test_header_aliases_any_order_units_and_extra_columns(tmp_path):
    header = [
        "Importance future (1-5)",
        "Competence",
        "Organisation",
        "Extra info",
        "Competence area",
        "VIKT NU",
        "Respondent",
        "Kod",
    ]
    rows = [
        *META,
        header,
        [5, "Serves customers in English", "Org A", "note a", "Service", 4, "Anna", "X1"],
        [3, "Serves customers in English", "Org B", "", None, 3, "Ben", "X1"],
    ]
    write(tmp_path / "raw" / "x.xlsx", {"S": rows})
    ratings = run(tmp_path / "raw").ratings
    assert list(ratings.importance_now) == [4, 3]
    assert list(ratings.importance_future) == [5, 3]
    assert list(ratings.area) == ["Service", "Service"]
    assert list(ratings.respondent) == ["Anna", "Ben"]
    assert list(ratings.item_code) == ["X1", "X1"]
    assert ratings.extra.iloc[0] == '{"Extra info": "note a"}'
    assert ratings.extra.iloc[1] == "{}"


def test_header_within_first_20_rows_only(tmp_path):
    write(
        tmp_path / "raw" / "ok.xlsx",
        {"S": [*([["Kierros: 2022"], ["Ala: A"], ["Ammatti: B"]]), *([[]] * 16), *ratings_rows()]},
    )
    assert len(run(tmp_path / "raw").ratings) == 12
    write(tmp_path / "raw2" / "late.xlsx", {"S": [*META, *([[]] * 20), *ratings_rows()]})
    (msg,) = messages(tmp_path / "raw2")
    assert (
        msg.startswith("raw2/late.xlsx: has no data sheet: no sheet has a header row")
        or "has no data sheet" in msg
    )


def test_fill_down_merged_cells_and_sub_area_reset(tmp_path):
    header = ["Organisaatio", "Osaamisalue", "Osa-alue", "Osaaminen", "Nykytarve", "Tuleva tarve"]
    rows = [
        *META,
        header,
        ["Org", "Hoito", "Lääkehoito", "Item 1", 3, 4],
        ["Org", None, None, "Item 2", 3, 4],
        ["Org", None, "Kohtaaminen", "Item 3", 3, 4],
        ["Org", "Digi", None, "Item 4", 3, 4],
        ["Org", None, None, "Item 5", 3, 4],
    ]
    write(tmp_path / "raw" / "x.xlsx", {"S": rows}, merged={"S": ["B5:B7"]})
    r = run(tmp_path / "raw").ratings
    assert list(r.area) == ["Hoito", "Hoito", "Hoito", "Digi", "Digi"]
    assert [None if pd.isna(v) else v for v in r.sub_area] == [
        "Lääkehoito",
        "Lääkehoito",
        "Kohtaaminen",
        None,
        None,
    ]


def test_numbers_as_text_decimal_commas_and_not_assessed(tmp_path):
    rows = [*META, HEADER_A]
    for i, now in enumerate(["4", " 5 ", 3.0, "-", "0", 0, "ei arvioitu", "N/A", None]):
        rows.append([f"Org {i}", "Alue", "Item", "Taito", now, "2"])
    write(tmp_path / "raw" / "x.xlsx", {"S": rows})
    r = run(tmp_path / "raw").ratings
    assert [None if pd.isna(v) else int(v) for v in r.importance_now] == [
        4,
        5,
        3,
        None,
        None,
        None,
        None,
        None,
        None,
    ]
    assert list(r.importance_future) == [2] * 9


def test_blank_rows_skipped_and_footer_ends_table(tmp_path):
    rows = [
        *META,
        HEADER_A,
        ["Org", "A", "Item 1", None, 3, 3],
        [],
        [None, None, None],
        ["Org", "A", "Item 2", None, 4, 4],
        ["Yhteensä", None, None, None, 7, 7],
        ["garbage after the footer", "", "", "", "x", "y"],
    ]
    write(tmp_path / "raw" / "x.xlsx", {"S": rows})
    result = run(tmp_path / "raw")
    assert list(result.ratings.item) == ["Item 1", "Item 2"]
    assert result.sources.iloc[0].rows_skipped == 2


@pytest.mark.parametrize("footer", ["Keskiarvo", "TOTAL", "Summa:", "  yhteensä"])
def test_every_footer_word(tmp_path, footer):
    rows = [*META, HEADER_A, ["Org", "A", "Item 1", None, 3, 3], [footer, None, None, None, 3, 3]]
    write(tmp_path / "raw" / "x.xlsx", {"S": rows})
    assert len(run(tmp_path / "raw").ratings) == 1


def test_kinds_in_three_languages(tmp_path):
    rows = [*META, HEADER_A]
    for i, kind in enumerate(["Tieto", "skill", "Attityd", "KUNSKAP", "Färdighet", "Asenne", None]):
        rows.append(["Org", "A", f"Item {i}", kind, 3, 3])
    write(tmp_path / "raw" / "x.xlsx", {"S": rows})
    kinds = [None if pd.isna(k) else k for k in run(tmp_path / "raw").ratings.kind]
    assert kinds == ["knowledge", "skill", "attitude", "knowledge", "skill", "attitude", None]


def test_extra_sheets_skipped_hidden_sheet_read_and_several_data_sheets(tmp_path):
    write(
        tmp_path / "raw" / "x.xlsx",
        {
            "Ohje": [["Tämä on ohje."]],
            "Opas": [
                ["Ammatti: Opas"],
                ["Ala: Matkailu"],
                ["Kierros: 2022"],
                *ratings_rows(seed=2),
            ],
            "Kokki": [
                ["Ammatti: Kokki"],
                ["Ala: Ravintola"],
                ["Kierros: 2022"],
                *ratings_rows(seed=3),
            ],
        },
        hidden=("Kokki",),
    )
    result = run(tmp_path / "raw")
    assert sorted(result.sources.survey_id) == ["2022_matkailu_opas", "2022_ravintola_kokki"]
    assert result.sources.set_index("sheet").hidden.to_dict() == {"Opas": False, "Kokki": True}
    assert any("Ohje: skipped" in n for n in result.notes)
    assert any("Kokki: hidden sheet read as data" in n for n in result.notes)
    assert list(result.files.skipped_sheets.iloc[0]) == ["Ohje"]


def test_item_text_variants_are_one_item_and_unicode_survives(tmp_path):
    rows = [
        *META,
        HEADER_A,
        ["Org 1", "Å–ö ”quoted”", "Palvelee  asiakkaita\nruotsiksi", None, 3, 4],
        ["Org 2", None, "palvelee\u00a0asiakkaita ruotsiksi ", None, 5, 5],
    ]
    write(tmp_path / "raw" / "x.xlsx", {"S": rows})
    r = run(tmp_path / "raw").ratings
    assert r.item_key.nunique() == 1
    assert list(r.item) == ["Palvelee asiakkaita ruotsiksi", "palvelee asiakkaita ruotsiksi"]
    assert r.area.iloc[1] == "Å–ö ”quoted”"


def test_two_respondents_of_one_organisation_allowed(tmp_path):
    header = [*HEADER_A, "Vastaaja"]
    rows = [
        *META,
        header,
        ["Org", "A", "Item", None, 3, 4, "Anna"],
        ["Org", "A", "Item", None, 5, 5, "Ben"],
    ]
    write(tmp_path / "raw" / "x.xlsx", {"S": rows})
    assert len(run(tmp_path / "raw").ratings) == 2


def test_layout_b_summary(tmp_path):
    header = [*HEADER_B, "Nykytarve kh.", "Muutos"]
    rows = [
        ["Osaamiskartoitus: Sote"],
        ["Ammatti", "Lähihoitaja"],
        ["Kierros", 2022],
        [],
        header,
        ["Hoito", "Toteuttaa lääkehoitoa", "Taito", 6, "4,2", "5,0", "0,4", "+0,8"],
        [None, "Kohtaa asiakkaan", "Asenne", " 9 ", 4.5, "5", None, None],
        [None, "Ei arvioitu kohta", None, 2, "-", "ei arvioitu", None, None],
    ]
    write(tmp_path / "raw" / "2022_sote_lahihoitaja.xlsx", {"S": rows})
    s = run(tmp_path / "raw").summary_rows
    assert list(s.n_organisations) == [6, 9, 2]
    assert s.mean_now.iloc[0] == 4.2 and s.mean_future.iloc[0] == 5.0 and s.change.iloc[0] == 0.8
    assert s.sd_now.iloc[0] == 0.4 and math.isnan(s.sd_now.iloc[1])
    assert math.isnan(s.mean_now.iloc[2]) and math.isnan(s.mean_future.iloc[2])
    assert list(s.area) == ["Hoito"] * 3


def test_xlsm_is_accepted(tmp_path):
    write(tmp_path / "raw" / "2022_a_b.xlsm", {"S": ratings_rows()})
    assert len(run(tmp_path / "raw").ratings) == 12


# --- bad input: exact messages ---------------------------------------------------------


def test_rating_out_of_range_and_not_whole(tmp_path):
    rows = [
        *META,
        HEADER_A,
        ["Org", "A", "Item", None, 7, 3],
        ["Org", "A", "Item 2", None, "3,5", 3],
    ]
    write(tmp_path / "raw" / "x.xlsx", {"Arviot": rows})
    assert messages(tmp_path / "raw") == [
        f"{tmp_path}/raw/x.xlsx › Arviot › row 5 › column E (Nykytarve (1-5)): rating '7' is not accepted; "
        "accepted: a whole number 1-5, or blank, -, 0, ei arvioitu or n/a for not assessed",
        f"{tmp_path}/raw/x.xlsx › Arviot › row 6 › column E (Nykytarve (1-5)): rating '3,5' is not accepted; "
        "accepted: a whole number 1-5, or blank, -, 0, ei arvioitu or n/a for not assessed",
    ]


def test_a_negative_rating_is_an_error_not_not_assessed(tmp_path):
    """-1 (a number, text, or with a real minus sign) is outside the scale: the contract's
    markers and blanks are the only ways to say "not assessed"."""
    rows = [
        *META,
        HEADER_A,
        ["Org", "A", "Item", None, -1, 3],
        ["Org", "A", "Item 2", None, "\u22121", "-2"],
    ]
    write(tmp_path / "raw" / "x.xlsx", {"Arviot": rows})
    accepted = "accepted: a whole number 1-5, or blank, -, 0, ei arvioitu or n/a for not assessed"
    where = f"{tmp_path}/raw/x.xlsx › Arviot"
    assert messages(tmp_path / "raw") == [
        f"{where} › row 5 › column E (Nykytarve (1-5)): rating '-1' is not accepted; {accepted}",
        f"{where} › row 6 › column E (Nykytarve (1-5)): rating '−1' is not accepted; {accepted}",
        f"{where} › row 6 › column F (Tuleva tarve (1-5)): rating '-2' is not accepted; {accepted}",
    ]


def test_every_problem_of_a_run_is_reported_across_files(tmp_path):
    write(
        tmp_path / "raw" / "a.xlsx",
        {"S": [*META, HEADER_A, ["Org", "A", "Item", "Tyyppi X", 3, 3]]},
    )
    write(
        tmp_path / "raw" / "b.xlsx",
        {
            "S": [
                *META[:1],
                HEADER_A,
                ["Org", None, "Item", None, 3, 3],
                [None, "A", None, None, 3, 9],
            ]
        },
    )
    msgs = messages(tmp_path / "raw")
    raw = f"{tmp_path}/raw"
    assert msgs == [
        f"{raw}/a.xlsx › S › row 5 › column D (Tyyppi): kind 'Tyyppi X' is not recognised; accepted: "
        "Tieto/Knowledge/Kunskap, Taito/Skill/Färdighet, Asenne/Attitude/Attityd, or blank",
        f"{raw}/b.xlsx › S: field, occupation unknown; write them above the header (e.g. 'Kierros: 2022', "
        "'Ala: Matkailu', 'Ammatti: Matkailupalvelujen tuottaja') or name the file <cycle>_<field>_<occupation>.xlsx",
    ]


def test_row_level_problems_all_listed(tmp_path):
    rows = [*META, HEADER_A, ["Org", None, "Item", None, 3, 3], [None, "A", None, None, 3, 9]]
    write(tmp_path / "raw" / "b.xlsx", {"S": rows})
    raw = f"{tmp_path}/raw/b.xlsx › S"
    assert messages(tmp_path / "raw") == [
        f"{raw} › row 5 › column B (Osaamisalue): area is empty and there is no area above it; write the "
        "competence area in the first row of its group",
        f"{raw} › row 6 › column A (Organisaatio): organisation is empty; every rating row names the "
        "organisation that gave it",
        f"{raw} › row 6 › column C (Osaaminen): competence text is empty; every row needs its item "
        "(items never inherit from above)",
        f"{raw} › row 6 › column F (Tuleva tarve (1-5)): rating '9' is not accepted; accepted: a whole number "
        "1-5, or blank, -, 0, ei arvioitu or n/a for not assessed",
    ]


def test_same_organisation_twice_names_both_rows(tmp_path):
    rows = [
        *META,
        HEADER_A,
        ["Org", "A", "Item", None, 3, 3],
        ["Org", "A", "Other", None, 3, 3],
        ["Org", "A", " ITEM", None, 4, 4],
    ]
    write(tmp_path / "raw" / "x.xlsx", {"S": rows})
    assert messages(tmp_path / "raw") == [
        f"{tmp_path}/raw/x.xlsx › S › row 5: organisation 'Org' rates the item 'Item' again in row 7; keep "
        "one rating, or fill in the Vastaaja (respondent) column when several people of one organisation answered"
    ]


def test_two_columns_for_one_field(tmp_path):
    rows = [*META, [*HEADER_A, "Yritys"], ["Org", "A", "Item", None, 3, 3, "Org"]]
    write(tmp_path / "raw" / "x.xlsx", {"S": rows})
    assert messages(tmp_path / "raw") == [
        f"{tmp_path}/raw/x.xlsx › S › row 4: columns A (Organisaatio), G (Yritys) all mean 'Organisaatio'; "
        "keep one of them or rename the others"
    ]


def test_cycle_not_a_year_and_mean_out_of_range(tmp_path):
    write(
        tmp_path / "raw" / "x.xlsx",
        {"S": [["Kierros: syksy"], ["Ala: A"], ["Ammatti: B"], *ratings_rows()]},
    )
    write(tmp_path / "raw" / "2022_a_c.xlsx", {"S": [HEADER_B, ["A", "Item", None, 3, "5,5", 4]]})
    assert messages(tmp_path / "raw") == [
        f"{tmp_path}/raw/2022_a_c.xlsx › S › row 2 › column E (Nykytarve ka.): '5,5' is not accepted; "
        "accepted: a number 1-5 (3,5 or 3.5), or blank, -, 0, ei arvioitu or n/a for not assessed",
        f"{tmp_path}/raw/x.xlsx › S › row 1: cycle 'syksy' is not a year; accepted: a four-digit year such as 2022",
    ]


def test_unreadable_files_get_one_line_each(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "empty.xlsx").write_bytes(b"")
    (raw / "text.xlsx").write_text("not a workbook")
    (raw / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    (raw / "locked.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    (raw / "sheet.ods").write_bytes(b"PK\x03\x04")
    good = write(tmp_path / "good.xlsx", {"S": [*META, *ratings_rows()]})
    (raw / "truncated.xlsx").write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    r = f"{raw}"
    save = "save it as an Excel workbook (.xlsx) and run again"
    assert messages(raw) == [
        f"{r}/empty.xlsx: is an empty file (0 bytes); {save}",
        f"{r}/locked.xlsx: is password-protected or a legacy .xls saved with an .xlsx name (an OLE2 container, "
        f"not a zip); remove the password or {save}",
        f"{r}/old.xls: legacy Excel 97-2003 (.xls) is not supported; {save}",
        f"{r}/sheet.ods: OpenDocument spreadsheet (.ods) is not supported; {save}",
        f"{r}/text.xlsx: is not an Excel workbook (not a zip archive); {save}",
        f"{r}/truncated.xlsx: is a damaged or truncated workbook (File is not a zip file); {save} again",
    ]


def test_zip_bomb_and_entity_tricks_refused_before_parsing(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    good = write(tmp_path / "good.xlsx", {"S": [*META, *ratings_rows()]})
    with (
        zipfile.ZipFile(good) as src,
        zipfile.ZipFile(raw / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data + b" " * (50 * 2**20)  # 50 MiB of spaces deflates ~1000:1
            dst.writestr(info.filename, data)
    with (
        zipfile.ZipFile(good) as src,
        zipfile.ZipFile(raw / "dtd.xlsx", "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/workbook.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + data
            dst.writestr(info.filename, data)
    msgs = messages(raw)
    assert msgs[0].startswith(f"{raw}/bomb.xlsx: part xl/worksheets/sheet1.xml inflates ")
    assert msgs[0].endswith(":1 (limit 250:1); refused as a possible zip bomb")
    assert msgs[1] == (
        f"{raw}/dtd.xlsx: part xl/workbook.xml declares a DTD or XML entities, which Excel "
        "never writes; refused as unsafe"
    )


def test_no_workbooks_at_all(tmp_path):
    (tmp_path / "raw").mkdir()
    assert messages(tmp_path / "raw") == [
        f"{tmp_path}/raw: holds no workbooks (.xlsx or .xlsm); put the survey exports here"
    ]


def test_keep_going_loads_good_files_and_lists_bad_ones(tmp_path):
    write(tmp_path / "raw" / "2022_a_b.xlsx", {"S": ratings_rows()})
    (tmp_path / "raw" / "bad.xlsx").write_text("nope")
    result = ingest(tmp_path / "raw", keep_going=True)
    assert len(result.ratings) == 12
    assert result.skipped_files == [f"{tmp_path}/raw/bad.xlsx"]
    assert len(result.problems) == 1


def test_lock_files_are_skipped_with_a_note(tmp_path):
    write(tmp_path / "raw" / "2022_a_b.xlsx", {"S": ratings_rows()})
    (tmp_path / "raw" / "~$2022_a_b.xlsx").write_bytes(b"lock")
    result = ingest(tmp_path / "raw")
    assert any("lock file" in n for n in result.notes)


def test_same_survey_in_two_sheets_is_an_error(tmp_path):
    write(tmp_path / "raw" / "2022_a_b.xlsx", {"S": ratings_rows()})
    write(tmp_path / "raw" / "2022" / "2022_a_b.xlsx", {"T": ratings_rows()})
    (msg,) = messages(tmp_path / "raw")
    assert msg == (
        f"{tmp_path}/raw/2022_a_b.xlsx › S: survey 2022_a_b (cycle, field, occupation) is already in "
        f"{tmp_path}/raw/2022/2022_a_b.xlsx › T; each survey must come from one sheet — remove one or "
        "fix its metadata"
    )


def test_keep_going_keeps_only_the_first_sheet_of_a_duplicated_survey(tmp_path):
    write(tmp_path / "raw" / "2022" / "2022_a_b.xlsx", {"T": ratings_rows(n_orgs=2)})
    write(tmp_path / "raw" / "2022_a_b.xlsx", {"S": ratings_rows(n_orgs=5)})
    result = ingest(tmp_path / "raw", keep_going=True)
    assert list(result.sources.file) == ["2022/2022_a_b.xlsx"]
    assert len(result.ratings) == 2 * 3  # not 7 organisations' worth
    assert result.skipped_files == [f"{tmp_path}/raw/2022_a_b.xlsx › S"]


def test_parallel_reading_gives_the_same_result(tmp_path, monkeypatch):
    for i in range(3):
        write(tmp_path / "raw" / f"2022_f_o{i}.xlsx", {"S": ratings_rows(n_orgs=6, seed=i)})
    sequential = ingest(tmp_path / "raw", workers=1)
    monkeypatch.setattr("pipeline.ingest.PARALLEL_MIN_BYTES", 0)
    parallel = ingest(tmp_path / "raw", workers=2)
    pd.testing.assert_frame_equal(sequential.ratings, parallel.ratings)
    pd.testing.assert_frame_equal(sequential.sources, parallel.sources)


def test_a_file_too_large_to_be_a_survey_export_is_refused_unread(tmp_path, monkeypatch):
    write(tmp_path / "raw" / "2022_a_b.xlsx", {"S": ratings_rows()})
    monkeypatch.setattr("pipeline.workbook.MAX_UNCOMPRESSED_BYTES", 1024)
    assert messages(tmp_path / "raw") == [
        f"{tmp_path}/raw/2022_a_b.xlsx: is larger than 0 MiB; refused as unsafe"
    ]
