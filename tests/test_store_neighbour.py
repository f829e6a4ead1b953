"""The store as a neighbour: another program holding it read-write gets one clear line
from every command that opens it, never a traceback; docs/store.md names every table and
view the store has, and the surveys view and item_changes' field say what they should."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from click.testing import CliRunner
from cycle_factories import demo_store, profiles_project, survey

from pipeline import stages, store
from pipeline.cli import cli
from pipeline.project import REPO_ROOT
from pipeline.stages import Run

HOLDER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])  # read-write: what a notebook does by default
print("holding", flush=True)
sys.stdin.read()  # until the test closes our stdin
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("neighbour")
    project, _ = profiles_project(root, ("kokki", "myyja"))
    return project


@pytest.fixture
def held(project):
    """A second process with a read-write connection to the store."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(project.store_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "holding"
    yield proc
    proc.stdin.close()
    proc.wait(timeout=30)


@pytest.mark.parametrize(
    "command",
    [
        ["query", "SELECT count(*) FROM surveys"],
        ["signoff", "status"],
        ["check"],
        ["diff", "2019", "2022"],
    ],
)
def test_a_store_held_read_write_elsewhere_gives_one_line_and_exit_3(project, held, command):
    root = [
        "--raw",
        str(project.raw),
        "--build",
        str(project.build),
        "--themes",
        str(project.themes_file),
    ]
    result = CliRunner().invoke(cli, [*root, *command])
    assert result.exit_code == 3, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert lines == [
        f"the store {project.store_path} is open for writing in process {held.pid} (a notebook "
        "or another DuckDB client?); close that connection, or open the store read-only "
        "there: duckdb.connect(path, read_only=True)"
    ]
    assert "Traceback" not in result.output


def test_store_md_documents_every_table_and_view(tmp_path_factory):
    project = demo_store(tmp_path_factory)  # with evidence: every table a store can have
    con = store.open_store(project.store_path)
    try:
        names = {r[0] for r in con.execute("SHOW TABLES").fetchall()}
    finally:
        con.close()
    # signoff_history appears with the first sign-off a build records
    names.add("signoff_history")
    text = (REPO_ROOT / "docs" / "store.md").read_text(encoding="utf-8")
    section = text.split("## Every table and view", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `(\w+)` \| (?:table|view) \|", section, re.M))
    assert documented == names


def test_surveys_view_counts_and_lists_the_profiles_each_survey_feeds(tmp_path):
    raw = tmp_path / "raw"
    survey(
        raw / "2025" / "2025_data_asentaja.xlsx",
        2025,
        "Data",
        "Asentaja",
        [("Asentaa palvelimia", None, 4, 5), ("Tuntee sähköturvallisuuden", None, 5, 3)],
    )
    project, _ = profiles_project(tmp_path, ("kokki",))
    con = store.open_store(project.store_path)
    try:
        rows = con.execute(
            "SELECT cycle, survey_id, field, occupation, organisations, respondents, items, "
            "layout, profiles FROM surveys ORDER BY survey_id"
        ).fetchall()
    finally:
        con.close()
    assert rows == [
        (2022, "2022_ala_kokki", "Ala", "kokki", 6, 6, 6, "A", ["kokki"]),
        (2025, "2025_data_asentaja", "Data", "Asentaja", 5, 5, 2, "A", []),
    ]
    warnings = stages.run_ingest(Run.of(project)).warnings
    assert warnings == [
        "warning: survey 2025_data_asentaja (2025/2025_data_asentaja.xlsx) feeds no profile: "
        f"it was read into the store but nothing is published from it. To publish it, add to "
        f"{project.profiles_file}:",
        "  - id: asentaja",
        '    title: {fi: "Asentaja", en: "TODO: English title"}',
        '    description: {fi: "TODO: kuvaus ammatista", en: "TODO: a description of the occupation"}',
        "    surveys:",
        "      - {field: data, occupation: asentaja}",
    ]
    # The stub is ready: pasted as it is, the survey feeds a profile and nothing warns.
    text = project.profiles_file.read_text(encoding="utf-8")
    project.profiles_file.write_text(
        text + "\n".join(w for w in warnings[1:]) + "\n", encoding="utf-8"
    )
    assert stages.run_ingest(Run.of(project)).warnings == []
    assert [p.id for p in stages.load_profiles(Run.of(project))] == ["kokki", "asentaja"]


def test_item_changes_carry_the_profiles_field(tmp_path_factory):
    project = demo_store(tmp_path_factory)
    con = store.open_store(project.store_path)
    try:
        rows = con.execute(
            "SELECT profile_id, field, count(*) FROM item_changes "
            "WHERE profile_id IN ('myyja', 'hyvinvointiteknologian-tukihenkilo', 'kokki') "
            "GROUP BY ALL ORDER BY 1"
        ).fetchall()
    finally:
        con.close()
    # hyvinvointiteknologian-tukihenkilo has no earlier cycle: no rows
    assert [(p, f) for p, f, _ in rows] == [("kokki", "ravintola"), ("myyja", "kauppa")]
