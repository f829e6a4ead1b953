"""One run at a time per build folder.

Two builds on one folder would both succeed and the last swap would silently win. So every
command that writes into a build folder holds its lock: a file beside the folder
(``.build.lock`` for ``build/``) locked with ``flock``. The kernel releases an ``flock``
when its holder exits in any way, ``kill -9`` included, so a crashed run never leaves a
lock behind that must be removed by hand; the file itself stays (ignored by git) and
records who holds it - process id, host, start time and command - for the refusal
message of a second run.

The lock is beside the folder, not inside it, because a build replaces the whole folder
at its end: a lock file inside would be swapped away with it.

Locks are re-entrant within a process (``run_build`` may call stages that also lock).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import EnvironmentFailure


@dataclass(frozen=True)
class Holder:
    pid: int
    host: str
    started: str  # ISO 8601, local time with offset
    command: str

    def describe(self) -> str:
        return (
            f"`osaaja {self.command}` (process {self.pid} on {self.host}, started {self.started})"
        )


def lock_path(build: Path) -> Path:
    """``.<name>.lock`` beside the build folder."""
    build = Path(os.path.abspath(build))
    return build.parent / f".{build.name}.lock"


# path -> [fd, depth]: re-entrant holds within this process
_HELD: dict[str, list[int]] = {}


class BuildLock:
    """The lock of one build folder. ``acquire`` raises ``EnvironmentFailure`` when another
    process holds it; ``stale`` is the holder recorded by a run that ended without
    releasing (it crashed or was killed), or None."""

    def __init__(self, build: Path, command: str = "build"):
        self.build = Path(build)
        self.path = lock_path(self.build)
        self.command = command
        self.stale: Holder | None = None

    def acquire(self) -> BuildLock:
        key = str(self.path)
        if key in _HELD:
            _HELD[key][1] += 1
            return self
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as err:
            raise EnvironmentFailure(
                f"cannot create the lock file {self.path} ({err.strerror}); the folder above "
                f"{self.build} must be writable: fix its permissions or pass another --build"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = _read_holder(fd)
            os.close(fd)
            who = holder.describe() if holder else "another osaaja run"
            raise EnvironmentFailure(
                f"{self.build} is in use by {who}; wait for it to finish (or stop it) and run again"
            ) from None
        self.stale = _read_holder(fd)
        me = Holder(
            pid=os.getpid(),
            host=socket.gethostname(),
            started=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            command=self.command,
        )
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(me.__dict__) + "\n").encode("utf-8"), 0)
        _HELD[key] = [fd, 1]
        return self

    def release(self) -> None:
        key = str(self.path)
        held = _HELD.get(key)
        if held is None:
            return
        held[1] -= 1
        if held[1] > 0:
            return
        del _HELD[key]
        fd = held[0]
        try:
            os.ftruncate(fd, 0)  # an empty file: released cleanly, nothing stale
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def __enter__(self) -> BuildLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _read_holder(fd: int) -> Holder | None:
    try:
        data = json.loads(os.pread(fd, 4096, 0).decode("utf-8") or "null")
        return Holder(**data) if isinstance(data, dict) else None
    except (OSError, ValueError, TypeError):
        return None


def is_held(build: Path) -> bool:
    """True when this process holds the lock of ``build``."""
    return str(lock_path(build)) in _HELD


@contextlib.contextmanager
def hold(build: Path, command: str = "build", *, clean: bool = True) -> Iterator[BuildLock]:
    """Hold the lock of ``build`` for the block. On first acquisition (not when re-entered)
    leftovers of crashed runs are removed (``fsutil.clean_stale``): nobody else can be
    writing them while we hold the lock."""
    first = not is_held(build)
    lock = BuildLock(build, command).acquire()
    try:
        if first and clean:
            from pipeline.fsutil import clean_stale

            clean_stale(Path(build))
        yield lock
    finally:
        lock.release()
