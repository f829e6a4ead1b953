"""Typed errors. ``pipeline.cli`` is the one place that turns them into messages and exit codes.

Exit codes: 0 success, 1 data or check failure, 2 usage.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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


def _problem_order(p: Problem) -> tuple:
    return (p.file, p.sheet or "", p.row or 0, p.column or "", p.message)
