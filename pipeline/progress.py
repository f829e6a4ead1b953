"""Progress of long stages (reading workbooks, rendering PDFs).

The library reports steps to a ``Progress``; it never prints. The CLI hands in a bar on a
terminal and nothing in pipes, CI or with ``--quiet`` (``NO_PROGRESS``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Protocol


class Progress(Protocol):
    def stage(
        self, label: str, total: int
    ) -> contextlib.AbstractContextManager[Callable[[int], None]]:
        """A context for one stage of ``total`` steps; it yields ``advance(n)``."""


class _Silent:
    @contextlib.contextmanager
    def stage(self, label: str, total: int) -> Iterator[Callable[[int], None]]:
        yield lambda n=1: None


NO_PROGRESS: Progress = _Silent()
