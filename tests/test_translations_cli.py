"""`osaaja translations export|import|status` through the command line, on a small built
store: the spreadsheet round trip, what is missing, problems with their places, and
the pages that then speak English."""

from __future__ import annotations

from pathlib import Path

import pytest
from cycle_factories import profiles_project
from factories import parse_html, run_cli
from openpyxl import load_workbook


@pytest.fixture
def project(tmp_path):
    project, _ = profiles_project(tmp_path, ("kokki", "myyja"))
    return project


osaaja = run_cli  # osaaja … on the project, through CliRunner


def translate(path: Path, status: str = "reviewed") -> int:
    """Fill every translation of an exported workbook ("EN " + the Finnish source)."""
    wb = load_workbook(path)
    ws = wb.active
    rows = 0
    for row in ws.iter_rows(min_row=2):
        row[2].value, row[3].value = f"EN {row[1].value}", status
        rows += 1
    wb.save(path)
    return rows


def test_status_export_import_and_the_pages_speak_english(project):
    before = osaaja(project, "translations", "status")
    assert before.exit_code == 0, before.output
    first = before.output.splitlines()[0]
    assert first.startswith("en: 0/") and "0 reviewed" in first and "missing" in first
    assert "  en missing: Osaaminen kokki 0 (item; kokki)" in before.output

    exported = osaaja(project, "translations", "export", "en")
    assert exported.exit_code == 0, exported.output
    sheet = project.build / "translations" / "en.xlsx"
    assert f"wrote {sheet}" in exported.output
    n = translate(sheet)
    assert n == int(first.split("/")[1].split()[0])  # one row per text to translate

    imported = osaaja(project, "translations", "import", str(sheet))
    assert imported.exit_code == 0, imported.output
    target = project.raw / "translations" / "en.yaml"
    assert f"en: {n} added, 0 changed, 0 removed -> {target}" in imported.output
    assert "osaaminen kokki 0:\n  fi: Osaaminen kokki 0\n  en: EN Osaaminen kokki 0\n" in (
        target.read_text(encoding="utf-8")
    )
    after = osaaja(project, "translations", "status")
    assert (
        after.output.splitlines()[0]
        == f"en: {n}/{n} translated ({n} reviewed), 0 missing, 0 stale, 0 unused"
    )

    again = osaaja(project, "translations", "export", "en")
    assert again.exit_code == 0
    assert osaaja(project, "translations", "import", str(sheet)).output.strip() == (
        "no changes to the catalogue"
    )

    built = osaaja(project, "build", "--no-pdf")
    assert built.exit_code in (0, 1), built.output  # unsigned profiles are not published
    page = project.build / "profiles" / "kokki" / "kokki.en.html"
    doc = parse_html(page.read_text(encoding="utf-8"))
    texts = [n.text() for n in doc.find_all("span", class_="item-text")]
    assert texts and all(t.startswith("EN Osaaminen kokki") for t in texts)
    assert "missing_translations   > 0      -        PASS   0 of 2" in built.output


def test_missing_translations_are_a_check_per_profile_and_language(project):
    result = osaaja(project, "check")
    assert "missing_translations   > 0      -        WARN   2 of 2" in result.output
    assert (
        "  WARN  missing_translations › kokki › en: 9 (Ala; kokki; Osaaminen kokki 0; Alue; "
        "Osaaminen kokki 1; ... 4 more)" in result.output
    )


def test_a_bad_row_is_reported_with_its_place_and_the_rest_is_imported(project):
    osaaja(project, "translations", "export", "en")
    sheet = project.build / "translations" / "en.xlsx"
    translate(sheet)
    wb = load_workbook(sheet)
    wb.active["D3"] = "valmis"
    wb.save(sheet)
    result = osaaja(project, "translations", "import", str(sheet))
    assert result.exit_code == 1
    assert (
        f"{sheet} › en › row 3 › column D: status 'valmis' is not accepted; accepted: draft, reviewed, needs update"
        in result.output
    )
    assert "row(s) with problems were not imported" in result.output
    assert "en: " in result.output and " added" in result.output  # the good rows are in


@pytest.mark.parametrize(
    "args, message",
    [
        (["export", "fi"], "cannot export 'fi': the survey texts are Finnish"),
        (["export", "de"], "cannot export 'de'"),
        (["export", "en", "--out", "{raw}/en.xlsx"], "keep translation spreadsheets outside"),
        (["import", "{build}/nothing.xlsx"], "no such file"),
    ],
)
def test_wrong_use_is_exit_2_with_a_message(project, args, message):
    args = [a.format(raw=project.raw, build=project.build) for a in args]
    result = osaaja(project, "translations", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not list(project.raw.glob("*.xlsx"))
