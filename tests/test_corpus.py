"""Real odd and broken spreadsheets (tests/corpus/odd-workbooks, sources and licences in
INDEX.tsv): each ends in a clean result or one clear line, within 10 s, without large memory."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).parent / "corpus" / "odd-workbooks"
MAX_RSS_MIB = 600  # python + pandas + duckdb imports take ~150 MiB


def corpus_files() -> list[Path]:
    with (CORPUS / "INDEX.tsv").open(encoding="utf-8") as fh:
        return [CORPUS / row["filename"] for row in csv.DictReader(fh, delimiter="\t")]


@pytest.fixture(scope="module")
def outcomes() -> dict[str, dict]:
    files = corpus_files()
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).parent / "corpus_probe.py"), *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=15 * len(files),
    )
    assert proc.returncode == 0, proc.stderr
    found = [json.loads(line) for line in proc.stdout.splitlines()]
    return {o["file"]: o for o in found}


def test_every_corpus_file_is_listed_and_present():
    files = corpus_files()
    assert len(files) >= 30
    assert all(f.exists() for f in files)


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_odd_workbook_ends_cleanly_or_in_one_clear_line(outcomes, path):
    outcome = outcomes[path.name]
    # A hang guard, not a speed measurement: the probe stops a file after 10 s.
    assert not outcome.get("timeout"), f"{path.name} did not finish within 10 s"
    assert "crash" not in outcome, outcome.get("crash")
    if not outcome["ok"]:
        (line,) = outcome["lines"]  # exactly one line
        assert line.split(":", 1)[0].endswith(path.name) or f"{path.name} ›" in line
        assert "Traceback" not in line and len(line) < 400


def test_memory_stays_small(outcomes):
    assert max(o["maxrss_mib"] for o in outcomes.values()) < MAX_RSS_MIB


def test_expected_refusals(outcomes):
    def line(name):
        return outcomes[name]["lines"][0]

    assert "password-protected" in line("calamine__pass_protected.xlsx")
    assert "OpenDocument" in line("calamine__issue_594_dos.ods")  # the cell bomb is never parsed
    assert "is an empty file" in line("pycalamine__empty_file.xlsx")
    assert "no [Content_Types].xml" in line("openpyxl__null_archive.xlsx")
    assert "has no data sheet" in line("openpyxl__bigfoot.xlsx")
