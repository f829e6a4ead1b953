"""The streaming pre-scan of untrusted workbook parts (pipeline.xlsxscan): what it counts
and what it refuses, on tiny hand-written parts."""

from __future__ import annotations

import io
import zipfile

import pytest

from pipeline import xlsxscan

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def part(rows: str) -> zipfile.ZipFile:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "xl/worksheets/sheet1.xml", f"<worksheet {NS}><sheetData>{rows}</sheetData></worksheet>"
        )
    return zipfile.ZipFile(io.BytesIO(buf.getvalue()))


def cell(ref: str, value: str = "1", shared: bool = False) -> str:
    t = ' t="s"' if shared else ""
    return f'<c r="{ref}"{t}><v>{value}</v></c>'


def test_the_grid_bound_follows_the_largest_reference():
    totals = xlsxscan.scan(part(f'<row r="3">{cell("B3")}{cell("AB3")}</row>'))
    assert totals.cells == 2
    assert totals.grid == 3 * 28  # rows 1-3, columns A-AB


def test_the_last_cell_of_excels_grid_is_accepted():
    totals = xlsxscan.scan(part(f'<row r="1048576">{cell("XFD1048576")}</row>'))
    assert totals.grid == 1_048_576 * 16_384


@pytest.mark.parametrize(
    "ref",
    ["XFD1048577", "XFE1", "AAAA1", "A123456789012", "A12345678"],
)
def test_a_reference_beyond_excels_grid_is_refused(ref):
    with pytest.raises(xlsxscan.Refused, match="beyond Excel's 1,048,576 rows x 16,384 columns"):
        xlsxscan.scan(part(f"<row>{cell(ref)}</row>"))


def test_shared_string_references_are_weighed_by_the_strings_length():
    sst = f"<sst {NS}><si><t>{'x' * 1000}</t></si><si><t>y</t></si></sst>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/sharedStrings.xml", sst)
        rows = "".join(f'<row r="{r}">{cell(f"A{r}", "0", shared=True)}</row>' for r in range(1, 6))
        zf.writestr(
            "xl/worksheets/sheet1.xml", f"<worksheet {NS}><sheetData>{rows}</sheetData></worksheet>"
        )
    totals = xlsxscan.scan(zipfile.ZipFile(io.BytesIO(buf.getvalue())))
    # each of the 5 references copies string 0: its <si> element as written
    assert totals.shared_text == 5 * len("<si><t>" + "x" * 1000 + "</t>")


def test_a_huge_shared_string_index_is_counted_in_bulk_not_dropped():
    sst = f"<sst {NS}><si><t>{'x' * 500}</t></si></sst>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/sharedStrings.xml", sst)
        row = f'<row r="1">{cell("A1", "123456789", shared=True)}</row>'
        zf.writestr(
            "xl/worksheets/sheet1.xml", f"<worksheet {NS}><sheetData>{row}</sheetData></worksheet>"
        )
    totals = xlsxscan.scan(zipfile.ZipFile(io.BytesIO(buf.getvalue())))
    # past the tracked indexes: weighed by the longest string, never dropped
    assert totals.shared_text == len("<si><t>" + "x" * 500 + "</t>")


def test_a_dtd_is_refused_in_any_encoding():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "xl/worksheets/sheet1.xml",
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><worksheet/>'.encode("utf-16-le"),
        )
    with pytest.raises(xlsxscan.Refused, match="declares a DTD or XML entities"):
        xlsxscan.scan(zipfile.ZipFile(io.BytesIO(buf.getvalue())))
