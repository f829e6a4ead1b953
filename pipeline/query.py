"""Ad-hoc read-only queries on the store (``osaaja query``) and their output formats.

The query runs in ``store.read_query`` (read statements only, read-only connection, no
access to other files). Here the result becomes text:

- ``table`` (default): aligned columns for a terminal; numbers right-aligned, decimals
  shown with two digits;
- ``markdown``: a pipe table (what ``docs/queries.md`` shows), numbers as in ``table``;
- ``csv`` and ``json``: full precision, for scripts (``json`` is a list of objects).

NULL is an empty cell in table, markdown and csv, and ``null`` in json. Text cells of
``csv`` output pass through ``sanitize.csv_cell`` (formula injection, see there).

Limits (``store.adhoc.execute_limited``): a query stops after ``DEFAULT_TIMEOUT_S`` seconds, may use
``DEFAULT_MEMORY_LIMIT`` of memory in DuckDB (no spilling to disk: nothing is written
beside the store) and return ``DEFAULT_MAX_ROWS`` rows; ``--timeout``, ``--memory-limit``
and ``--max-rows`` raise them. A cross join of two large tables ends with one line
instead of running until killed.

``python -m pipeline.query docs/queries.md --store build/skills.duckdb`` reruns every
query of the cookbook and rewrites the output shown under it.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import store
from pipeline.sanitize import csv_cell, csv_row

FORMATS = ("table", "csv", "json", "markdown")


@dataclass(frozen=True)
class QueryResult:
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


def run_query(store_path: Path, sql: str, **limits: Any) -> QueryResult:
    """``limits``: timeout, memory_limit, max_rows (``store.adhoc.execute_limited``)."""
    columns, rows = store.read_query(store_path, sql, **limits)
    return QueryResult(tuple(columns), tuple(tuple(r) for r in rows))


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """The result as text in one of ``FORMATS`` (ends with a newline)."""
    return {"table": as_table, "csv": as_csv, "json": as_json, "markdown": as_markdown}[fmt](result)


def _display(value: Any) -> str:
    """A value as shown in table and markdown output."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float | decimal.Decimal):
        return f"{value:.2f}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_display(v) for v in value) + "]"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return " ".join(str(value).split())  # one line per row, whatever the text holds


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | decimal.Decimal) and not isinstance(value, bool)


def as_table(result: QueryResult) -> str:
    cells = [[_display(v) for v in row] for row in result.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(result.columns)]
    numeric = [
        bool(result.rows) and all(_is_number(r[i]) or r[i] is None for r in result.rows)
        for i in range(len(result.columns))
    ]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ).rstrip()

    out = [line(result.columns), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    out.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def as_markdown(result: QueryResult) -> str:
    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|")

    numeric = [
        bool(result.rows) and all(_is_number(r[i]) or r[i] is None for r in result.rows)
        for i in range(len(result.columns))
    ]
    out = [
        "| " + " | ".join(cell(c) for c in result.columns) + " |",
        "|" + "|".join("---:" if num else "---" for num in numeric) + "|",
    ]
    out += ["| " + " | ".join(cell(_display(v)) for v in row) + " |" for row in result.rows]
    return "\n".join(out) + "\n"


def as_csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(csv_row(result.columns))
    for row in result.rows:
        writer.writerow(["" if v is None else csv_cell(_plain(v)) for v in row])
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    """csv: lists as JSON, booleans as true/false, everything else as Python writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    return value


def as_json(result: QueryResult) -> str:
    records = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
    return json.dumps(records, ensure_ascii=False, indent=2, default=_json_default) + "\n"


def _json_default(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return str(value)


# --- the cookbook (docs/queries.md) ------------------------------------------------------

# A ```sql block, optionally followed by the output block this module writes.
_RECIPE = re.compile(
    r"```sql\n(?P<sql>.*?)```\n(?:\n<!-- output -->\n(?P<output>.*?)<!-- /output -->\n)?", re.DOTALL
)


def cookbook_queries(markdown: str) -> list[str]:
    """The SQL of every ```sql block of a markdown text, in order."""
    return [m["sql"].strip() for m in _RECIPE.finditer(markdown)]


def cookbook_outputs(markdown: str) -> list[str | None]:
    """The output shown under each ```sql block (None where there is none)."""
    return [m["output"] for m in _RECIPE.finditer(markdown)]


def refresh_cookbook(markdown: str, run: Callable[[str], QueryResult]) -> str:
    """Rerun every ```sql block and put its output (a markdown table) under it."""

    def replace(m: re.Match) -> str:
        return f"```sql\n{m['sql']}```\n\n<!-- output -->\n{as_markdown(run(m['sql']))}<!-- /output -->\n"

    return _RECIPE.sub(replace, markdown)


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        description="Rerun the cookbook's queries and rewrite their output."
    )
    parser.add_argument("cookbook", type=Path)
    parser.add_argument("--store", type=Path, default=Path("build/skills.duckdb"))
    args = parser.parse_args(argv)
    text = args.cookbook.read_text(encoding="utf-8")
    fresh = refresh_cookbook(text, lambda sql: run_query(args.store, sql))
    if fresh != text:
        from pipeline.fsutil import atomic_file

        with atomic_file(args.cookbook) as tmp:
            tmp.write_text(fresh, encoding="utf-8")
    print(
        f"{args.cookbook}: {len(cookbook_queries(fresh))} queries, "
        f"{'rewritten' if fresh != text else 'already current'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
