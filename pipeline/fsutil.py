"""All-or-nothing file output: write beside the target, then swap it in.

A failed run must leave ``build/`` as it was, so every stage writes into a temporary
sibling and only replaces the target once everything succeeded.

Temporary siblings are named ``.<name>.<random>.tmp`` (and ``.<name>.<random>.old`` for
a folder being replaced); ``.gitignore`` covers both anywhere. They are removed on every
failure path that runs Python code (exceptions, Ctrl-C, and SIGTERM/SIGHUP once
``raise_on_termination`` is installed); what a ``kill -9`` leaves is removed by
``clean_stale`` at the next start, under the build lock (``pipeline.lock``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import EnvironmentFailure


@contextlib.contextmanager
def atomic_file(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    tmp_path.unlink()  # callers (DuckDB) want to create the file themselves
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        # DuckDB writes a write-ahead log beside its file.
        for leftover in (tmp_path, tmp_path.with_name(tmp_path.name + ".wal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


@contextlib.contextmanager
def atomic_dir(target: Path) -> Iterator[Path]:
    """Yield an empty temporary directory beside ``target``; on success it replaces ``target``.

    The old directory is moved aside first and removed only after the new one is in
    place, so at every moment either the old or the new tree is complete.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    # mkdtemp makes 0700 folders; published folders must be readable by a web server.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)
    try:
        yield tmp
        old = None
        if target.exists():
            old = Path(
                tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent)
            )
            old.rmdir()
            os.replace(target, old)
        os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


# --- leftovers of crashed runs ------------------------------------------------------------

# Inside a build folder: anything a stage writes temporarily (atomic_file's
# ".<name>.<random>.tmp", DuckDB's "<that>.wal", the PDF cache's "<name>.tmp", review
# packets' ".review-*" folders). Nothing else in build/ ends like this.
_TEMP_INSIDE = re.compile(r"(?:.+\.tmp(?:\.wal)?|\..+\.old|\.review-.+)\Z", re.DOTALL)


def _temp_sibling(name: str) -> re.Pattern:
    return re.compile(re.escape(f".{name}.") + r"[^/]+\.(?:tmp|old)\Z")


def clean_stale(build: Path) -> list[Path]:
    """Remove what killed runs left: staging and old copies beside ``build`` and temporary
    files inside it, so they never travel into a new build. Call it holding the build
    lock. Returns what was removed."""
    build = Path(os.path.abspath(build))
    removed: list[Path] = []
    sibling = _temp_sibling(build.name)
    with contextlib.suppress(OSError):
        for entry in os.scandir(build.parent):
            if sibling.match(entry.name):
                _remove(Path(entry.path), removed)
    if build.is_dir() and not build.is_symlink():
        for folder, dirs, files in os.walk(build):
            for name in [*dirs]:
                if _TEMP_INSIDE.match(name):
                    dirs.remove(name)
                    _remove(Path(folder) / name, removed)
            for name in files:
                if _TEMP_INSIDE.match(name):
                    _remove(Path(folder) / name, removed)
    return removed


def _remove(path: Path, removed: list[Path]) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
        removed.append(path)
    except FileNotFoundError:
        pass


# --- termination ---------------------------------------------------------------------------


class Terminated(SystemExit):
    """SIGTERM or SIGHUP arrived: unwinds like Ctrl-C, so every ``finally`` (staging
    removal, lock release, worker shutdown) runs. Exit status 128 + signal number."""


def _raise_terminated(signum: int, _frame: object) -> None:
    # Once is enough: a second signal while cleaning up must not interrupt the cleanup.
    signal.signal(signum, signal.SIG_IGN)
    raise Terminated(128 + signum)


def raise_on_termination() -> None:
    """Make SIGTERM and SIGHUP raise ``Terminated`` in the main thread (Python's default
    is to die at once, leaving staging folders and temporary files behind)."""
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_terminated)


# --- environment -----------------------------------------------------------------------------

PREFLIGHT_MARGIN = 64 * 2**20  # bytes beyond the copy of build/: a new store, new pages


def tree_size(path: Path) -> int:
    """Bytes the files under ``path`` occupy on disk (0 when it does not exist)."""
    total = 0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(folder, name)).st_blocks * 512
    return total


def preflight(build: Path, *, copy: bool = True) -> None:
    """Check, in milliseconds, that a build into ``build`` can finish: its parent is
    writable and lets a folder be renamed, ``build`` is a real folder on the same file
    system (not a mount point or a symbolic link, which cannot be swapped), and there is
    room for a copy of it (``copy``). Raises ``EnvironmentFailure`` with what to do."""
    build = Path(os.path.abspath(build))
    parent = build.parent
    if build.is_symlink():
        raise EnvironmentFailure(
            f"{build} is a symbolic link; the finished build replaces the folder, which would "
            f"replace the link: pass --build {os.path.realpath(build)}"
        )
    if build.exists() and not build.is_dir():
        raise EnvironmentFailure(
            f"{build} is a file, not a folder; move it away or pass another --build"
        )
    if build.is_dir() and (os.path.ismount(build) or build.stat().st_dev != parent.stat().st_dev):
        raise EnvironmentFailure(
            f"{build} is a mount point; the finished build replaces the folder by renaming, "
            f"which a mount point does not allow: pass --build with a folder inside it, e.g. {build / 'out'}"
        )
    try:
        parent.mkdir(parents=True, exist_ok=True)
        probe = Path(tempfile.mkdtemp(prefix=f".{build.name}.", suffix=".tmp", dir=parent))
        try:
            moved = probe.with_name(probe.name[: -len(".tmp")] + ".old")
            os.replace(probe, moved)
            probe = moved
        finally:
            os.rmdir(probe)
    except OSError as err:
        raise EnvironmentFailure(
            f"cannot write beside {build} in {parent} ({err.strerror}); the build writes a "
            "new folder there and swaps it in: make the folder writable or pass another --build"
        ) from None
    if copy and build.is_dir():
        need = tree_size(build) + PREFLIGHT_MARGIN
        free = shutil.disk_usage(parent).free
        if free < need:
            raise EnvironmentFailure(
                f"not enough free space for the build: it needs about {_mib(need)} beside {build} "
                f"(a copy of it and the new files) and {_mib(free)} is free; free some space "
                "and run again"
            )


def _mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


_ERRNO_ADVICE = {
    errno.ENOSPC: "no space left on the device; free some space and run again",
    errno.EDQUOT: "disk quota exceeded; free some space and run again",
    errno.EACCES: "permission denied; fix the permissions or pass another --build",
    errno.EPERM: "operation not permitted; fix the permissions or pass another --build",
    errno.EROFS: "the file system is read-only; pass a --build on a writable disk",
    errno.EBUSY: "the folder is busy (a mount point, or open in another program); pass "
    "another --build or close the program",
    errno.EXDEV: "the staging folder and the build folder are on different file systems; "
    "pass a --build whose parent folder is on the same disk",
    errno.EMFILE: "too many open files; raise the limit (ulimit -n) and run again",
    errno.ENAMETOOLONG: "a file name is too long for this file system; use a shorter path",
}

# DuckDB reports I/O failures as its own exceptions, with the OS text inside.
_DUCKDB_TEXT = (
    ("No space left on device", errno.ENOSPC),
    ("Disk quota exceeded", errno.EDQUOT),
    ("Permission denied", errno.EACCES),
    ("Read-only file system", errno.EROFS),
)


def environment_failure(err: BaseException) -> EnvironmentFailure | None:
    """The one-line ``EnvironmentFailure`` for an error the machine caused (disk full, no
    permission, read-only or busy file system, the store held by another program), or
    None when ``err`` is not one. For the CLI's last line of defence."""
    if isinstance(err, EnvironmentFailure):
        return err
    if isinstance(err, OSError) and err.errno in _ERRNO_ADVICE:
        where = f" ({path_text(err.filename)})" if err.filename else ""
        return EnvironmentFailure(f"{_ERRNO_ADVICE[err.errno]}{where}")
    if type(err).__module__.startswith("duckdb"):
        text = str(err)
        if "Could not set lock on file" in text:
            return EnvironmentFailure(
                "the store is open in another program (a DuckDB session or another osaaja "
                "run); close it and run again"
            )
        for needle, code in _DUCKDB_TEXT:
            if needle in text:
                return EnvironmentFailure(_ERRNO_ADVICE[code])
    return None


def path_text(path: object) -> str:
    from pipeline.sanitize import path_label

    return path_label(path if isinstance(path, str | bytes | os.PathLike) else str(path))
