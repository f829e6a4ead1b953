"""Typed errors. ``pipeline.cli`` is the one place that turns them into messages and exit codes.

Exit codes (README, "Exit codes"): 0 success; 1 the data, the configuration or a check
failed (fix the input); 2 the command was used wrongly; 3 the environment stopped the run
(disk full, no permission, another run or program holds the build folder or the store);
4 rendering failed inside a library (a bug to report, not bad data).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

SEP = " › "
MAX_REPORTED = 200  # problems printed per run; the rest are counted


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can.

    Rendered as ``file › sheet › row › column: message``; parts that do not apply
    (a whole file, a whole sheet) are left out.
    """

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    message: str = ""
    # A stable identifier of the kind of problem ("rating.out_of_scale"), for code and
    # tests to branch on; messages are for people and may be reworded.
    code: str = field(default="", compare=False)

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet is not None:
            where.append(self.sheet)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{SEP.join(where)}: {self.message}"


class OsaajaError(Exception):
    """Base class. ``exit_code`` is what the CLI exits with."""

    exit_code = 1

    def lines(self) -> list[str]:
        return [str(self)]


class UsageError(OsaajaError):
    """The command was called wrongly (bad option, unknown profile id...)."""

    exit_code = 2


class DataError(OsaajaError):
    """Input data breaks the contract. Carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem], headline: str | None = None):
        self.problems = sorted(set(problems), key=_problem_order)
        self.headline = (
            headline or f"{len(self.problems)} problem(s) in the input; nothing was changed."
        )
        super().__init__(self.headline)

    def lines(self) -> list[str]:
        shown = [str(p) for p in self.problems[:MAX_REPORTED]]
        rest = len(self.problems) - len(shown)
        if rest > 0:
            shown.append(f"... and {rest} more problem(s) not shown")
        return [*shown, self.headline]


class ConfigError(DataError):
    """A configuration file (themes.yaml, profiles.yaml, sign-offs...) is invalid."""


class CheckFailed(OsaajaError):
    """Quality checks or sign-off status block publication."""


class EnvironmentFailure(OsaajaError):
    """The machine, not the data, stopped the run: a full disk, a folder without write
    permission, a build folder or store held by another process. One line says what to do."""

    exit_code = 3


class RenderFailure(OsaajaError):
    """A rendering library (Jinja, WeasyPrint) failed on valid input: a bug, not bad data."""

    exit_code = 4


def _problem_order(p: Problem) -> tuple:
    return (p.file, p.sheet or "", p.row or 0, p.column or "", p.message)
