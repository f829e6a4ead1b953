"""Hostile workbooks: entities anywhere, renamed files, memory bombs (issue 11, finding 10)."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
import python_calamine

from pipeline import workbook

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "</Types>",
    "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS_NS}">'
    f'<Relationship Id="rId1" Type="{DOC_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" '
    f'xmlns:r="{DOC_REL}"><sheets><sheet name="Arviot" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS_NS}">'
    f'<Relationship Id="rId1" Type="{DOC_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{DOC_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
}


def xlsx(
    path: Path, rows: str, *, sst: list[str] = (), prolog: str = "", encoding: str = "utf-8"
) -> Path:
    """A workbook whose only sheet holds ``rows`` (row elements) after ``prolog``."""
    sheet = f'<?xml version="1.0" encoding="{encoding.upper()}"?>{prolog}<worksheet xmlns="{NS}"><sheetData>{rows}</sheetData></worksheet>'
    strings = "".join(f"<si><t>{s}</t></si>" for s in sst)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in PARTS.items():
            zf.writestr(name, text)
        zf.writestr("xl/worksheets/sheet1.xml", sheet.encode(encoding))
        zf.writestr("xl/sharedStrings.xml", f'<sst xmlns="{NS}">{strings}</sst>')
    return path


def refusal(path: Path) -> str | None:
    start = time.perf_counter()
    data, problem = workbook.read_untrusted(path, path.name)
    assert time.perf_counter() - start < 5
    return problem.message if problem else None


ENTITY = '<!DOCTYPE worksheet [<!ENTITY e "x">]>'
DTD_REFUSAL = (
    "part xl/worksheets/sheet1.xml declares a DTD or XML entities, which Excel never writes; "
    "refused as unsafe"
)


def test_an_entity_declaration_after_the_first_4_kb_is_refused(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "late.xlsx",
        '<row r="1"><c r="A1"><v>1</v></c></row>',
        prolog=" " * 5000 + ENTITY,
    )
    assert refusal(path) == DTD_REFUSAL


def test_an_entity_declaration_deep_in_a_big_part_is_refused(tmp_path: Path) -> None:
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 60_000))
    path = xlsx(tmp_path / "deep.xlsx", rows + f"<!-- {ENTITY} -->")
    assert refusal(path) == DTD_REFUSAL


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_an_entity_declaration_in_utf16_is_refused(tmp_path: Path, encoding: str) -> None:
    path = xlsx(
        tmp_path / "u16.xlsx",
        '<row r="1"><c r="A1"><v>1</v></c></row>',
        prolog=ENTITY,
        encoding=encoding,
    )
    assert refusal(path) == DTD_REFUSAL


def test_an_xlsx_renamed_xls_is_told_apart_from_legacy_excel(tmp_path: Path) -> None:
    renamed = xlsx(tmp_path / "a.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row>').rename(
        tmp_path / "a.xls"
    )
    assert (
        refusal(renamed)
        == "is an Excel workbook (.xlsx) with a .xls name; rename it to .xlsx and run again"
    )
    legacy = tmp_path / "b.xls"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert refusal(legacy) == (
        "legacy Excel 97-2003 (.xls) is not supported; save it as an Excel workbook (.xlsx) and run again"
    )
    web = tmp_path / "c.xls"
    web.write_text("<html><body><table><tr><td>1</td></tr></table></body></html>")
    assert refusal(web) == (
        "is a web page (HTML table) with an .xls name, as some systems export; open it in Excel or "
        "LibreOffice and save it as an Excel workbook (.xlsx) and run again"
    )


def test_a_sparse_grid_is_refused_before_the_reader_allocates_it(tmp_path: Path) -> None:
    # A1 and XFD1048576: a 17-billion-cell grid; python-calamine aborts the process on it.
    rows = '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'
    assert refusal(xlsx(tmp_path / "sparse.xlsx", rows)) == (
        "part xl/worksheets/sheet1.xml has a used range of 17,179,869,184 cells (limit 16,000,000); "
        "refused as unsafe: remove far-away cells or split the sheet"
    )


def test_a_sparse_grid_with_prefixed_elements_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "prefixed.xlsx"
    sheet = (
        f'<?xml version="1.0"?><x:worksheet xmlns:x="{NS}"><x:sheetData>'
        '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
        '<x:row r="900000"><x:c r="ZZ900000"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>'
    )
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in PARTS.items():
            zf.writestr(name, text)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    assert "has a used range of 631,800,000 cells" in refusal(path)


def test_a_wide_row_without_references_is_refused(tmp_path: Path) -> None:
    wide = '<row r="1">' + "<c><v>1</v></c>" * 16_000 + "</row>"
    narrow = "".join(f'<row r="{r}"><c><v>1</v></c></row>' for r in range(2, 50_002))
    assert "has a used range of 800,016,000 cells" in refusal(
        xlsx(tmp_path / "wide.xlsx", wide + narrow)
    )


def test_references_beyond_excels_grid_are_refused(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="AAAA1"><v>1</v></c></row>'
    assert refusal(xlsx(tmp_path / "beyond.xlsx", rows)) == (
        "part xl/worksheets/sheet1.xml refers to cells beyond Excel's 1,048,576 rows x 16,384 columns; "
        "refused as unsafe"
    )


def test_repeated_shared_strings_are_counted_at_their_length(tmp_path: Path) -> None:
    # One 200 KB string referenced 5,000 times: a small file, a gigabyte in the reader.
    text = "".join(chr(97 + (i * 7919) % 26) for i in range(200_000))
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(1, 5001))
    path = xlsx(tmp_path / "sst.xlsx", rows, sst=[text])
    assert path.stat().st_size < 1_000_000
    message = refusal(path)
    assert (
        message.startswith("would need about 1,9")
        and "MiB of memory to read (5,000 cells, 954 MiB of text" in message
    )
    assert message.endswith(
        "limit 800 MiB): split it into smaller workbooks, e.g. one per occupation"
    )


def test_ordinary_workbooks_read_as_before(tmp_path: Path) -> None:
    corpus = sorted(Path(__file__).parent.joinpath("corpus").rglob("*.xlsx"))
    demo = sorted(Path(__file__).parent.parent.joinpath("raw").rglob("*.xlsx"))
    compared = 0
    for path in [*corpus, *demo]:
        data, problem = workbook.read_untrusted(path, path.name)
        if problem:
            continue
        sheets, _ = workbook.read_sheets(data, path.name)
        if not sheets:
            continue
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
        for sheet in sheets:
            expected = wb.get_sheet_by_name(sheet.name).to_python(skip_empty_area=True)
            assert sheet.rows == expected, (path, sheet.name)
            compared += 1
    assert compared > 20


def test_equal_values_share_one_object_and_keep_their_type(tmp_path: Path) -> None:
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>Yritys Oy</t></is></c><c r="B{r}"><v>1</v></c>'
        f'<c r="C{r}" t="b"><v>1</v></c></row>'
        for r in range(1, 4)
    )
    data, _ = workbook.read_untrusted(xlsx(tmp_path / "same.xlsx", rows), "same")
    [sheet], _ = workbook.read_sheets(data, "same")
    assert sheet.rows == [["Yritys Oy", 1.0, True]] * 3
    assert sheet.rows[0][0] is sheet.rows[2][0] and sheet.rows[0][1] is sheet.rows[2][1]
    assert type(sheet.rows[1][1]) is float and sheet.rows[1][2] is True
