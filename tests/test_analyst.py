"""Analyst workbooks: grouping, colours, formula safety, determinism, LibreOffice."""

from __future__ import annotations

import dataclasses
import io
import random
import shutil
import subprocess
import zipfile

import openpyxl
import pytest

from pipeline import analyst
from pipeline.model import ThemeInfo

THEMES = [
    ThemeInfo(
        "kieli",
        {"fi": "Kieli", "en": "Language", "sv": "Språk"},
        {"fi": "K", "en": "L"},
        "#ecdff5",
        "#1b1b1b",
        "KV",
        2,
    ),
    ThemeInfo(
        "perus",
        {"fi": "Perus", "en": "Core", "sv": "Kärna"},
        {"fi": "P", "en": "C"},
        "#dbe9f6",
        "#102030",
        "AP",
        1,
    ),
]
HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+1+2", "-3+4", "@SUM(A1:A2)", "=1+1"]


def row(
    text: str,
    theme: str | None,
    future: float | None,
    *,
    survey: str = "2022_ala_kokki",
    occupation: str = "Kokki",
    cycle: int = 2022,
) -> analyst.AnalystRow:
    return analyst.AnalystRow(
        cycle=cycle,
        survey_id=survey,
        field="Ala",
        occupation=occupation,
        area="Alue",
        sub_area=None,
        item=text,
        item_key=text.casefold(),
        item_code=None,
        kind="skill",
        n_organisations=5,
        mean_now=3.0,
        mean_future=future,
        change=None if future is None else future - 3.0,
        theme=theme,
        theme_tags=(),
        theme_source=None if theme is None else f"{theme}-rule",
    )


def some_rows(seed: int = 3) -> list[analyst.AnalystRow]:
    rng = random.Random(seed)
    rows = [
        row(f"Osaaminen {i}", rng.choice(["kieli", "perus", None]), round(rng.uniform(1, 5), 2))
        for i in range(30)
    ]
    rows += [row(text, "kieli", 4.0) for text in HOSTILE]
    rows.append(row("Ei arvioitu", "perus", None))
    return rows


def open_book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def survey_sheet(wb: openpyxl.Workbook):
    return wb["Kokki"]


def test_sheets_one_per_survey_plus_legend_coverage_unthemed():
    rows = some_rows() + [
        row("Muu", "perus", 3.0, survey="2022_ala_tarjoilija", occupation="Tarjoilija")
    ]
    wb = open_book(analyst.workbook_bytes(2022, rows, THEMES, "sha256:abc"))
    assert wb.sheetnames == [
        analyst.LEGEND,
        analyst.COVERAGE,
        "Kokki",
        "Tarjoilija",
        analyst.UNTHEMED,
        analyst.DOUBTFUL,
    ]


def test_rows_are_grouped_by_theme_in_cv_order_then_by_future_importance():
    rows = some_rows()
    ws = survey_sheet(open_book(analyst.workbook_bytes(2022, rows, THEMES, "sha256:abc")))
    body = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(body) == len(rows)
    labels = [r[1] for r in body]
    order = {"Perus": 0, "Kieli": 1, analyst.UNTHEMED_LABEL: 2}
    assert [order[label] for label in labels] == sorted(order[label] for label in labels)
    for label in order:
        futures = [r[9] for r in body if r[1] == label]
        known = [f for f in futures if f is not None]
        assert known == sorted(known, reverse=True)
        assert futures[: len(known)] == known  # not-assessed last within its theme


def test_each_row_is_filled_with_its_theme_colour_and_marked():
    ws = survey_sheet(open_book(analyst.workbook_bytes(2022, some_rows(), THEMES, "sha256:abc")))
    colours = {t.label["fi"]: t for t in THEMES}
    seen = set()
    for cells in ws.iter_rows(min_row=2):
        label = cells[1].value
        if label == analyst.UNTHEMED_LABEL:
            assert cells[4].fill.fill_type is None and cells[0].value is None
            continue
        theme = colours[label]
        seen.add(theme.id)
        assert cells[0].value == theme.marker  # colour is never the only signal
        for cell in cells:
            assert cell.fill.fgColor.rgb == "FF" + theme.colour[1:].upper()
            assert cell.font.color.rgb == "FF" + theme.text_colour[1:].upper()
    assert seen == {"kieli", "perus"}


def test_text_that_looks_like_a_formula_is_written_as_text():
    data = analyst.workbook_bytes(2022, some_rows(), THEMES, "sha256:abc")
    ws = survey_sheet(open_book(data))
    cells = {c.value: c for c in ws["E"][1:]}
    for text in HOSTILE:
        cell = cells[text]
        assert cell.data_type == "s", text
        assert cell.quotePrefix, text
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name


def test_header_is_frozen_filtered_and_columns_have_widths():
    wb = open_book(analyst.workbook_bytes(2022, some_rows(), THEMES, "sha256:abc"))
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        assert ws.column_dimensions["A"].width > 0, ws.title
    ws = survey_sheet(wb)
    assert ws.auto_filter.ref == f"A1:N{ws.max_row}"
    assert ws.column_dimensions["E"].width == 60


def test_legend_lists_themes_in_cv_order_with_their_colours_and_the_rules_version():
    ws = open_book(analyst.workbook_bytes(2022, some_rows(), THEMES, "sha256:abc"))[analyst.LEGEND]
    assert [ws.cell(row=r, column=3).value for r in (2, 3)] == ["perus", "kieli"]
    assert ws.cell(row=2, column=1).fill.fgColor.rgb == "FFDBE9F6"
    assert any("sha256:abc" in str(c.value) for c in ws["A"])


def test_unthemed_sheet_lists_each_unthemed_item_once_with_its_surveys():
    rows = [
        row("Soittaa kannelta", None, 3.0),
        row("Soittaa kannelta", None, 3.5, survey="2022_ala_opas", occupation="Opas"),
        row("Laulaa", None, 2.0),
        row("Kieli", "kieli", 4.0),
    ]
    ws = open_book(analyst.workbook_bytes(2022, rows, THEMES, "sha256:abc"))[analyst.UNTHEMED]
    body = list(ws.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[3]) for r in body] == [
        ("Soittaa kannelta", 2, "2022_ala_kokki, 2022_ala_opas"),
        ("Laulaa", 1, "2022_ala_kokki"),
    ]


def test_doubtful_sheet_lists_each_weakly_themed_item_once_with_its_override_line():
    def doubtful(r, doubt, evidence, **changes):
        return analyst.AnalystRow(
            **{**r.__dict__, "theme_doubt": doubt, "theme_evidence": evidence, **changes}
        )

    rows = [
        doubtful(row("Hoitaa skriptit", "perus", 3.0), "fallback, conflict", "p: skript~skript"),
        doubtful(
            row("Hoitaa skriptit", "perus", 3.5, survey="2022_ala_opas", occupation="Opas"),
            "fallback, conflict",
            "p: skript~skript",
        ),
        doubtful(row("Kielitaito", "kieli", 4.0), "modifier", "k: kielitaito=kieli+taito"),
        row("Varma", "kieli", 4.0),  # confident: not in the queue
        row("Ei teemaa", None, 2.0),  # unthemed: the other queue
    ]
    ws = open_book(analyst.workbook_bytes(2022, rows, THEMES, "sha256:abc"))[analyst.DOUBTFUL]
    assert [c.value for c in ws[1]][:4] == [
        "Osaaminen / Item",
        "Teema / Theme",
        "Sääntö / Rule",
        "Miksi epävarma / Why doubtful",
    ]
    body = list(ws.iter_rows(min_row=2, values_only=True))
    assert body == [
        (
            "Hoitaa skriptit",
            "Perus",
            "perus-rule",
            "Voikko does not know the word; matched by its stem; "
            "another theme had stronger evidence",
            "p: skript~skript",
            2,
            '- {item: "Hoitaa skriptit", theme: perus}',
            "hoitaa skriptit",
        ),
        (
            "Kielitaito",
            "Kieli",
            "kieli-rule",
            "matched a compound's modifier, not its head",
            "k: kielitaito=kieli+taito",
            1,
            '- {item: "Kielitaito", theme: kieli}',
            "kielitaito",
        ),
    ]
    # The override line starts with "-": text, never a formula.
    assert ws["G2"].data_type == "s" and ws["G2"].quotePrefix
    assert ws["A2"].fill.fgColor.rgb == "FFDBE9F6"  # the theme's colour, as in survey sheets


def test_coverage_sheet_counts_rules_overrides_and_unthemed():
    rows = [row("A", "kieli", 3.0), row("B", None, 3.0), row("C", "perus", 3.0)]
    rows.append(
        analyst.AnalystRow(
            **{**rows[0].__dict__, "item": "D", "item_key": "d", "theme_source": "override"}
        )
    )
    ws = open_book(analyst.workbook_bytes(2022, rows, THEMES, "sha256:abc"))[analyst.COVERAGE]
    header = [c.value for c in ws[1]]
    survey = dict(zip(header, [c.value for c in ws[2]], strict=True))
    assert survey["Osaamisia / Items"] == 4 and survey["Säännöillä / By rules"] == 2
    assert survey["Ohitus / Override"] == 1 and survey["Ilman / Unthemed"] == 1
    assert survey["Osuus säännöillä / Share by rules"] == pytest.approx(0.5)
    assert survey["KV Kieli"] == 2 and survey["AP Perus"] == 1


def test_same_rows_give_the_same_bytes():
    first = analyst.workbook_bytes(2022, some_rows(), THEMES, "sha256:abc")
    again = analyst.workbook_bytes(2022, list(reversed(some_rows())), THEMES, "sha256:abc")
    assert first == again
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {analyst.ZIP_TIME}
        assert b"2000-01-01" in archive.read("docProps/core.xml")


def test_one_workbook_per_cycle():
    rows = [row("A", "kieli", 3.0, cycle=2019, survey="2019_ala_kokki"), row("B", "perus", 3.0)]
    books = analyst.cycle_workbooks(rows, THEMES, "sha256:abc")
    assert sorted(books) == [2019, 2022]


def test_sheet_names_are_legal_and_unique():
    taken: set[str] = set()
    names = [
        analyst._sheet_name(n, taken)
        for n in ["Kokki/Tarjoilija [A]", "kokki/tarjoilija [a]", "x" * 40]
    ]
    assert names == ["Kokki-Tarjoilija -A-", "kokki-tarjoilija -a- (2)", "x" * 31]


def test_characters_xml_cannot_carry_are_dropped():
    ws = survey_sheet(
        open_book(analyst.workbook_bytes(2022, [row("Kello\x07 soi", "kieli", 3.0)], THEMES, "s"))
    )
    assert ws["E2"].value == "Kello soi"


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_workbook(tmp_path):
    book = tmp_path / "2022_themes.xlsx"
    book.write_bytes(analyst.workbook_bytes(2022, some_rows(), THEMES, "sha256:abc"))
    result = subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path / "out"),
            str(book),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    # CSV export is of the first sheet (the legend): its theme labels came through.
    text = (tmp_path / "out" / "2022_themes.csv").read_text(encoding="utf-8", errors="replace")
    assert "Perus" in text and "Kieli" in text


def test_rows_resting_on_fewer_organisations_than_the_minimum_are_marked_not_for_publication():
    rows = [
        dataclasses.replace(row("Laaja", "perus", 4.0), n_now=5, n_future=5),
        dataclasses.replace(row("Kapea", "perus", 4.5), n_now=5, n_future=2),
    ]
    ws = survey_sheet(open_book(analyst.workbook_bytes(2022, rows, THEMES, "sha256:abc", 3)))
    header = [c.value for c in ws[1]]
    column = header.index("Julkaistavissa / Publishable")
    marks = {r[4].value: r[column].value for r in ws.iter_rows(min_row=2)}
    assert marks == {
        "Laaja": "kyllä / yes",
        "Kapea": "EI JULKAISTA / NOT FOR PUBLICATION: alle 3 org. / under 3 orgs.",
    }
