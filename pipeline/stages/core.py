"""What every stage runner takes (a ``Run``) and gives back (a ``StageResult``)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline import lock
from pipeline.config import Config
from pipeline.progress import NO_PROGRESS, Progress
from pipeline.project import Project


@dataclass
class StageResult:
    """One shape for every command: ``lines`` are the summary (standard output),
    ``warnings`` go to standard error, and ``blocked`` says why the command must exit 1
    although it ran (publication blocked, quality checks failed), or is None."""

    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    blocked: str | None = None

    def add(self, other: StageResult) -> StageResult:
        self.lines += other.lines
        self.warnings += other.warnings
        self.blocked = self.blocked or other.blocked
        return self


@dataclass(frozen=True)
class Run:
    """One command's run: where the project is, its configuration (read once), and where
    progress goes."""

    project: Project
    config: Config
    progress: Progress = NO_PROGRESS

    @classmethod
    def of(cls, project: Project, progress: Progress = NO_PROGRESS) -> Run:
        return cls(project, Config.load(project), progress)


def holding_build_lock(command: str) -> Callable:
    """For runners that write under BUILD/: one run at a time per build folder (a second
    one is refused with who holds it; ``pipeline.lock``), and leftovers of crashed runs
    cleaned when the lock is taken."""

    def decorate(runner: Callable) -> Callable:
        @functools.wraps(runner)
        def wrapper(run: Run, *args, **kwargs):
            with lock.hold(run.project.build, command):
                return runner(run, *args, **kwargs)

        return wrapper

    return decorate
