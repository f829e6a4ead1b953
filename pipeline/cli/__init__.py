"""The ``osaaja`` command: parses options, calls a stage runner, prints its result.

``base`` holds the group, shared options and error handling; the commands are grouped
as in the README: ``data`` (ingest, themes, diff, new cycle, query), ``review`` (checks,
sign-off), ``output`` (render, publish, build) and ``translations``. Importing them registers them.
"""

from pipeline.cli import data, output, review, translations  # noqa: F401  (registers the commands)
from pipeline.cli.base import cli


def main() -> None:
    cli(standalone_mode=True)


__all__ = ["cli", "main"]
