"""Whole runs under attack (issue 11): two builds at once, and kill -9 at several points of a
build, PDF rendering included. Real processes on a copy of the demo."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from pipeline.project import REPO_ROOT

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="uses /proc and signals")


@pytest.fixture
def demo(tmp_path) -> Path:
    shutil.copytree(REPO_ROOT / "raw", tmp_path / "raw")
    return tmp_path


def start_build(root: Path, marker: str, *extra: str) -> subprocess.Popen:
    """``osaaja build`` in a child process; every process it starts inherits ``marker``."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipeline",
            "--raw",
            str(root / "raw"),
            "--build",
            str(root / "build"),
            "--themes",
            str(REPO_ROOT / "themes.yaml"),
            "build",
            *extra,
        ],
        cwd=REPO_ROOT,
        env={**os.environ, "OSAAJA_TEST_MARKER": marker},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def processes_with(marker: str) -> list[int]:
    """Live processes (not zombies) whose environment carries ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if f"OSAAJA_TEST_MARKER={marker}".encode() in environ and state != "Z":
            found.append(int(entry.name))
    return found


def leftovers(root: Path) -> list[str]:
    """Staging folders and temporary files anywhere under ``root`` (the lock file is not one)."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.name.endswith((".tmp", ".old", ".wal")) or ".tmp." in p.name
    )


def wait_for(condition, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.05)


def test_two_builds_at_once_give_one_success_and_one_clear_refusal(demo):
    first = start_build(demo, uuid.uuid4().hex, "--no-pdf")
    wait_for(lambda: (demo / ".build.lock").exists() and (demo / ".build.lock").stat().st_size > 0)
    second = start_build(demo, uuid.uuid4().hex, "--no-pdf")
    out2, err2 = second.communicate(timeout=120)
    out1, err1 = first.communicate(timeout=300)
    assert first.returncode == 0, err1
    assert second.returncode == 3, err2
    assert "is in use by" in err2 and "osaaja build" in err2 and "Traceback" not in err2
    assert "published 9 profile(s)" in out1


def staging_with_pdfs(root: Path) -> bool:
    return any(root.glob(".build.*.tmp/profiles/*/*.pdf"))


@pytest.mark.parametrize(
    "when",
    [
        "reading",  # ingest: the lock is taken, no staging yet
        "staging",  # the staging copy exists
        "pdf",  # PDF workers are rendering into the staging copy
    ],
)
def test_kill_9_leaves_no_staging_no_orphan_and_no_temp_file_after_the_next_start(demo, when):
    marker = uuid.uuid4().hex
    run = start_build(demo, marker)
    conditions = {
        "reading": lambda: (demo / ".build.lock").exists(),
        "staging": lambda: any(demo.glob(".build.*.tmp")),
        "pdf": lambda: staging_with_pdfs(demo),
    }
    wait_for(conditions[when])
    if when == "pdf":  # the parent and its PDF workers are alive at the kill
        assert len(processes_with(marker)) >= 2
    os.kill(run.pid, signal.SIGKILL)
    run.wait(timeout=30)
    # Worker processes die with their parent (the PDF pool's initializer asks the kernel).
    wait_for(lambda: processes_with(marker) == [], timeout=20)
    # The next start takes the lock, cleans what the killed run left, and builds.
    again = start_build(demo, uuid.uuid4().hex, "--no-pdf")
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert leftovers(demo) == []
    assert "published 9 profile(s)" in out
