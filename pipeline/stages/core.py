"""What every stage runner takes (a ``Run``) and gives back (a ``StageResult``)."""

from __future__ import annotations

from dataclasses import dataclass, field

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
