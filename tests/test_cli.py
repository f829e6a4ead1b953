"""The command line: every command documented with an example; errors become exit codes."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner
from workbooks import META, ratings_rows, write

from pipeline.cli import cli


def all_commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found += all_commands(command, f"{prefix}{name} ")
    return found


@pytest.mark.parametrize(
    "name,command", all_commands(cli), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_command_has_help_with_an_example(name, command):
    result = CliRunner().invoke(cli, [*name.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert command.help and "Example:" in command.help, f"`osaaja {name}` lacks an Example: block"
    assert "osaaja" in command.help.split("Example:", 1)[1]


def test_main_group_help_has_an_example():
    assert "Example:" in cli.help


def test_ingest_fills_the_store(tmp_path):
    write(tmp_path / "raw" / "2022_matkailu_opas.xlsx", {"Arviot": ratings_rows()})
    result = CliRunner().invoke(
        cli, ["--raw", str(tmp_path / "raw"), "--build", str(tmp_path / "build"), "ingest"]
    )
    assert result.exit_code == 0, result.output
    assert "ingested 1 file(s), 1 survey sheet(s): 12 rating rows, 0 summary rows" in result.output
    assert (tmp_path / "build" / "skills.duckdb").exists()


def test_bad_input_exits_1_with_every_problem_and_no_traceback(tmp_path):
    write(
        tmp_path / "raw" / "a.xlsx",
        {"S": [*META, *ratings_rows(), ["Org 9", "A", "Item", None, 6, 1]]},
    )
    (tmp_path / "raw" / "b.xlsx").write_text("nope")
    result = CliRunner().invoke(
        cli, ["--raw", str(tmp_path / "raw"), "--build", str(tmp_path / "build"), "ingest"]
    )
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0].endswith(
        "a.xlsx › S › row 17 › column E (Nykytarve (1-5)): rating '6' is not accepted; "
        "accepted: a whole number 1-5, or blank, -, 0, ei arvioitu or n/a for not assessed"
    )
    assert lines[1].endswith(
        "b.xlsx: is not an Excel workbook (not a zip archive); save it as an Excel workbook "
        "(.xlsx) and run again"
    )
    assert lines[2].startswith("2 problem(s) in ") and "nothing was changed" in lines[2]
    assert "Traceback" not in result.output
    assert not (tmp_path / "build" / "skills.duckdb").exists()


def test_keep_going_loads_the_rest_and_lists_skipped(tmp_path):
    write(tmp_path / "raw" / "2022_matkailu_opas.xlsx", {"S": ratings_rows()})
    (tmp_path / "raw" / "b.xlsx").write_text("nope")
    result = CliRunner().invoke(
        cli,
        [
            "--raw",
            str(tmp_path / "raw"),
            "--build",
            str(tmp_path / "build"),
            "ingest",
            "--keep-going",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "skipped 1 file(s) with problems (--keep-going)" in result.output
    assert "12 rating rows" in result.output


def test_usage_error_exits_2(tmp_path):
    result = CliRunner().invoke(cli, ["ingest", "--no-such-option"])
    assert result.exit_code == 2


def test_python_dash_m_pipeline_runs():
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True
    )
    assert proc.returncode == 0 and "Usage:" in proc.stdout


def test_a_folder_that_cannot_be_written_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    write(tmp_path / "raw" / "2022_matkailu_opas.xlsx", {"Arviot": ratings_rows()})

    def no_space(*args, **kwargs):
        raise OSError(28, "No space left on device", str(tmp_path / "build"))

    monkeypatch.setattr("pipeline.store.writing", no_space)
    result = CliRunner().invoke(
        cli, ["--raw", str(tmp_path / "raw"), "--build", str(tmp_path / "build"), "ingest"]
    )
    assert result.exit_code == 3  # the environment, not the data
    assert (
        result.output == "no space left on the device; free some space and run again "
        f"({tmp_path / 'build'}); nothing was changed\n"
    )
