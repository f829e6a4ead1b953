"""Two runs at once, kill -9 at awkward moments, preflight checks (issue 11).

Each scenario runs a real child Python process and kills it the hard way."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import namedtuple
from pathlib import Path

import pytest

from pipeline import fsutil, lock
from pipeline.errors import EnvironmentFailure

ROOT = Path(__file__).resolve().parent.parent
shutil_usage = namedtuple("usage", "total used free")


def start(script: str, *args: str) -> subprocess.Popen:
    """A child Python running ``script``; it prints "ready" when it reached the point to test."""
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    assert line.strip() == "ready", (line, proc.stderr.read() if proc.poll() is not None else "")
    return proc


def kill9(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)


def alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


HOLD = """
import sys, time
from pathlib import Path
from pipeline import lock
with lock.hold(Path(sys.argv[1]), "build"):
    print("ready", flush=True)
    time.sleep(60)
"""


def test_a_second_run_is_refused_while_the_first_holds_the_lock(tmp_path: Path) -> None:
    build = tmp_path / "build"
    holder = start(HOLD, str(build))
    try:
        with pytest.raises(EnvironmentFailure) as caught, lock.hold(build, "ingest"):
            pass
        message = str(caught.value)
        assert message.startswith(f"{build} is in use by `osaaja build` (process {holder.pid} on ")
        assert message.endswith("; wait for it to finish (or stop it) and run again")
        assert caught.value.exit_code == 3
    finally:
        kill9(holder)


def test_the_lock_of_a_killed_run_is_recovered(tmp_path: Path) -> None:
    build = tmp_path / "build"
    holder = start(HOLD, str(build))
    kill9(holder)
    with lock.hold(build, "build") as held:
        assert held.stale is not None and held.stale.pid == holder.pid
        assert lock.lock_path(build) == tmp_path / ".build.lock"
    with lock.hold(build, "build") as again:  # released cleanly: nothing stale any more
        assert again.stale is None


def test_the_lock_is_reentrant_within_a_process(tmp_path: Path) -> None:
    build = tmp_path / "build"
    with lock.hold(build), lock.hold(build, "ingest"):
        assert lock.is_held(build)
    assert not lock.is_held(build)


STAGE_AND_HANG = """
import sys, time
import duckdb
from pathlib import Path
from pipeline import fsutil, lock
build = Path(sys.argv[1])
build.mkdir(exist_ok=True)
with lock.hold(build):
    with fsutil.atomic_file(build / "skills.duckdb") as tmp:  # what a killed ingest leaves
        con = duckdb.connect(str(tmp))
        con.execute("CREATE TABLE t AS SELECT range AS x FROM range(1000)")
        with fsutil.atomic_dir(build) as staging:
            (staging / "skills.duckdb").write_bytes(b"organisation names")
            (staging / "site").mkdir()
            print("ready", flush=True)
            time.sleep(60)
"""


def test_staging_and_temp_files_of_a_killed_run_are_removed_at_the_next_start(
    tmp_path: Path,
) -> None:
    build = tmp_path / "build"
    writer = start(STAGE_AND_HANG, str(build))
    kill9(writer)
    left = sorted(p.name for p in tmp_path.iterdir()) + sorted(p.name for p in build.iterdir())
    assert any(n.startswith(".build.") and n.endswith(".tmp") for n in left), left
    assert any(n.startswith(".skills.duckdb.") and n.endswith(".tmp.wal") for n in left), left
    with lock.hold(build):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build.lock", "build"]
    assert list(build.iterdir()) == []


def test_sigterm_removes_staging_at_once(tmp_path: Path) -> None:
    build = tmp_path / "build"
    script = "from pipeline import fsutil\nfsutil.raise_on_termination()\n" + textwrap.dedent(
        STAGE_AND_HANG
    )
    writer = start(script, str(build))
    writer.send_signal(signal.SIGTERM)
    assert writer.wait(timeout=10) == 128 + signal.SIGTERM
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build.lock", "build"]
    assert list(build.iterdir()) == []


RENDER = """
import sys
from pathlib import Path
from pipeline import pdf
out = Path(sys.argv[1])
html = "<html><body>" + "<p>Osaaminen " * 20000 + "</body></html>"
templates = str(Path("templates").resolve())
jobs = [pdf.PdfJob(html, str(out / f"{i}.pdf"), "p/p.html", templates) for i in range(4)]
print("ready", flush=True)
pdf.write_pdfs(jobs, workers=2)
"""


def test_pdf_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    parent = start(RENDER, str(tmp_path))
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
        workers = [p for p in children(parent.pid) if alive(p)]
    assert len(workers) == 2, "the PDF pool did not start"
    kill9(parent)
    deadline = time.monotonic() + 10
    while any(alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    orphans = [p for p in workers if alive(p)]
    for pid in orphans:  # do not leave them running if the test fails
        os.kill(pid, signal.SIGKILL)
    assert orphans == []


# --- preflight --------------------------------------------------------------------------


def test_preflight_accepts_an_ordinary_folder_and_leaves_nothing(tmp_path: Path) -> None:
    (tmp_path / "build").mkdir()
    fsutil.preflight(tmp_path / "build")
    fsutil.preflight(tmp_path / "new" / "build")  # not there yet: fine
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "new"]


def test_preflight_refuses_links_files_mount_points_and_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    with pytest.raises(EnvironmentFailure, match="is a symbolic link; .* pass --build .*real"):
        fsutil.preflight(tmp_path / "link")
    (tmp_path / "file").write_text("x")
    with pytest.raises(EnvironmentFailure, match="is a file, not a folder"):
        fsutil.preflight(tmp_path / "file")
    monkeypatch.setattr(os.path, "ismount", lambda p: str(p) == str(real))
    with pytest.raises(EnvironmentFailure) as caught:
        fsutil.preflight(real)
    assert str(caught.value) == (
        f"{real} is a mount point; the finished build replaces the folder by renaming, which "
        f"a mount point does not allow: pass --build with a folder inside it, e.g. {real / 'out'}"
    )
    monkeypatch.undo()
    (real / "skills.duckdb").write_bytes(b"x" * 4096)
    monkeypatch.setattr(
        fsutil.shutil,
        "disk_usage",
        lambda p: os.statvfs_result((0,) * 10) and type("U", (), {"free": 10 * 2**20})(),
    )
    with pytest.raises(
        EnvironmentFailure,
        match=r"^not enough free space for the build: it needs about 64 MiB .* and 10 MiB is free; free some space and run again$",
    ):
        fsutil.preflight(real)


def test_preflight_says_when_the_parent_is_not_writable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> str:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(fsutil.tempfile, "mkdtemp", refuse)
    with pytest.raises(EnvironmentFailure) as caught:
        fsutil.preflight(tmp_path / "build")
    assert str(caught.value) == (
        f"cannot write beside {tmp_path / 'build'} in {tmp_path} (Permission denied); the build "
        "writes a new folder there and swaps it in: make the folder writable or pass another --build"
    )


def test_environment_failures_become_one_line() -> None:
    full = OSError(errno.ENOSPC, "No space left on device", "/data/build/x.pdf")
    assert str(fsutil.environment_failure(full)) == (
        "no space left on the device; free some space and run again (/data/build/x.pdf)"
    )
    assert fsutil.environment_failure(ValueError("x")) is None
    import duckdb

    try:
        duckdb.connect(":memory:").execute("SELECT * FROM read_csv('/nonexistent/x.csv')")
    except duckdb.Error as err:
        assert fsutil.environment_failure(err) is None
    fake = type("IOException", (Exception,), {"__module__": "duckdb"})
    err = fake('FatalException: could not write file "x": No space left on device')
    assert str(fsutil.environment_failure(err)) == (
        "no space left on the device; free some space and run again"
    )
