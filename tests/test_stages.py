"""The run's owner: configuration read once per build, the store written once, one result
shape, and what the CLI makes of it (--quiet, progress only on a terminal)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from cycle_factories import profiles_project
from signoff_factories import write_signoff

from pipeline import stages, store, yamlfile
from pipeline.cli import cli
from pipeline.cli.base import TerminalProgress, progress_for
from pipeline.progress import NO_PROGRESS
from pipeline.stages import Run, StageResult


@pytest.fixture
def project(tmp_path):
    project, profiles = profiles_project(tmp_path, ("kokki", "myyja"))
    write_signoff(project.raw / "signoffs", profiles[0])
    (project.raw / "osaaja.yaml").write_text("min_organisations: 3\n", encoding="utf-8")
    (project.raw / "theme_overrides.yaml").write_text("overrides: []\n", encoding="utf-8")
    (project.raw / "item_aliases.yaml").write_text("aliases: []\n", encoding="utf-8")
    return project


def test_a_build_reads_each_configuration_file_once_and_writes_the_store_once(project, monkeypatch):
    reads: Counter[str] = Counter()
    writes: list[Path] = []
    read, writing = yamlfile.read, store.writing

    def counting_read(path, *args, **kwargs):
        reads[Path(path).name] += 1
        return read(path, *args, **kwargs)

    def counting_writing(path, **kwargs):
        writes.append(Path(path))
        return writing(path, **kwargs)

    monkeypatch.setattr(yamlfile, "read", counting_read)
    monkeypatch.setattr(store, "writing", counting_writing)
    result = stages.run_build(Run.of(project), pdf=False)
    assert isinstance(result, StageResult) and result.blocked is None
    assert "published 1 profile(s)" in "\n".join(result.lines)
    assert reads == {
        "osaaja.yaml": 1,
        "profiles.yaml": 1,
        "themes.yaml": 1,
        "theme_overrides.yaml": 1,
        "item_aliases.yaml": 1,
        "strings.yaml": 1,
        "aino-virtanen.yaml": 1,  # the one sign-off file
    }
    assert [p.name for p in writes] == ["skills.duckdb"]
    # the run's own theme assignments give checks.html its review queues
    html = (project.build / "checks.html").read_text(encoding="utf-8")
    assert '<h2 id="unthemed">' in html and '<h2 id="doubtful">' in html


def test_configuration_problems_of_all_files_come_at_once(project):
    (project.raw / "osaaja.yaml").write_text("min_organisations: 0\n", encoding="utf-8")
    (project.raw / "item_aliases.yaml").write_text("aliases: nope\n", encoding="utf-8")
    (project.raw / "profiles.yaml").write_text("profiles: []\n", encoding="utf-8")
    result = CliRunner().invoke(cli, [*args(project), "ingest"])
    assert result.exit_code == 1
    out = result.output
    assert "osaaja.yaml › row 1: min_organisations 0 is not accepted" in out
    assert "item_aliases.yaml › row 1: expected 'aliases:'" in out
    assert "profiles.yaml: expected 'profiles:' with a list of profiles" in out
    assert "3 problem(s) in the configuration" in out and "Traceback" not in out


def args(project) -> list[str]:
    return [
        "--raw",
        str(project.raw),
        "--build",
        str(project.build),
        "--themes",
        str(project.themes_file),
    ]


def test_quiet_prints_only_warnings_and_errors(project):
    loud = CliRunner().invoke(cli, [*args(project), "signoff", "status"])
    assert loud.exit_code == 1 and "MISSING" in loud.stdout
    for quiet in ([*args(project), "signoff", "status", "--quiet"], ["-q", *args(project)]):
        if quiet[0] == "-q":
            quiet = [*quiet, "signoff", "status"]
        result = CliRunner().invoke(cli, quiet)
        assert result.exit_code == 1
        assert result.stdout == ""  # the table is gone ...
        assert (
            "publication is blocked: not publishable: myyja" in result.stderr
        )  # ... not the error


def test_progress_shows_on_a_terminal_only(monkeypatch):
    class Tty:
        def isatty(self):
            return True

    assert progress_for(quiet=False) is NO_PROGRESS  # pytest's stderr is not a terminal
    monkeypatch.setattr("sys.stderr", Tty())
    assert isinstance(progress_for(quiet=False), TerminalProgress)
    assert progress_for(quiet=True) is NO_PROGRESS
