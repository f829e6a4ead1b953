"""Ad-hoc read-only SQL for analysts (``osaaja query``)."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import duckdb

from pipeline.errors import DataError, Problem, UsageError
from pipeline.store.connection import NO_STORE, OFFLINE, busy

# Ad-hoc queries (``osaaja query``): read statements only, on a read-only connection that
# cannot touch any other file (no COPY TO, no read_csv of /etc/..., no ATTACH, no INSTALL).
READ_STATEMENTS = {
    "SELECT",
    "EXPLAIN",
}  # SELECT covers WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, UNPIVOT
READ_PRAGMAS = {
    "table_info",
    "show",
    "show_tables",
    "show_tables_expanded",
    "database_size",
    "storage_info",
    "version",
    "platform",
    "functions",
    "collations",
    "metadata_info",
}


DEFAULT_TIMEOUT_S = 30.0
DEFAULT_MEMORY_LIMIT = "1GB"
DEFAULT_MAX_ROWS = 1_000_000
# Connection settings for ad-hoc queries, merged into duckdb.connect's config: no spilling
# to a temporary folder beside the store (the memory limit is the limit).
QUERY_CONFIG = {"temp_directory": ""}

_MEMORY = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*", re.IGNORECASE)


def parse_memory_limit(text: str) -> str:
    """A memory size as DuckDB takes it ("512MB", "2 GB", "1.5GiB"); ``UsageError`` otherwise.
    Validated here because the value goes into a SET statement."""
    match = _MEMORY.fullmatch(str(text))
    if match is None or float(match[1]) <= 0:
        raise UsageError(
            f"--memory-limit {text!r} is not a memory size; write e.g. 512MB, 2GB or 1.5GiB"
        )
    units = {u.lower(): u for u in ("B", "KB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB")}
    return f"{match[1]}{units[match[2].lower()]}"


def execute_limited(
    con: Any,
    sql: str,
    *,
    timeout: float = DEFAULT_TIMEOUT_S,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    threads: int | None = None,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> tuple[list[str], list[tuple]]:
    """Run one (already vetted read-only) statement on a DuckDB connection within limits:
    (column names, rows). Past ``timeout`` seconds the query is interrupted; over
    ``memory_limit`` or ``max_rows`` it stops; each is a ``UsageError`` naming the option
    that raises the limit. Other DuckDB errors are raised as they are."""
    con.execute(f"SET memory_limit = '{parse_memory_limit(memory_limit)}'")
    if threads is not None:
        con.execute(f"SET threads = {max(1, int(threads))}")
    fired = threading.Event()

    def stop() -> None:
        fired.set()
        con.interrupt()

    timer = threading.Timer(timeout, stop)
    timer.daemon = True
    timer.start()
    try:
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description] if cursor.description else []
        rows = cursor.fetchmany(max_rows + 1)
    except duckdb.InterruptException:
        if not fired.is_set():
            raise
        raise UsageError(f"query stopped after {timeout:g} s (--timeout to raise it)") from None
    except duckdb.OutOfMemoryException:
        raise UsageError(
            f"query needs more than {memory_limit} of memory (--memory-limit to raise it)"
        ) from None
    finally:
        timer.cancel()
    if fired.is_set():  # fired just as the last rows arrived: the answer may be cut short
        raise UsageError(f"query stopped after {timeout:g} s (--timeout to raise it)")
    if len(rows) > max_rows:
        raise UsageError(
            f"query returns more than {max_rows:,} rows; add a LIMIT, or --max-rows to raise it"
        )
    return columns, rows


def read_query(
    path: Path,
    sql: str,
    *,
    timeout: float = DEFAULT_TIMEOUT_S,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> tuple[list[str], list[tuple]]:
    """Run one read statement on the store; (column names, rows). A write or a
    statement that is not a single read raises ``UsageError``."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as err:
        raise UsageError(f"query: {_first_line(err)}") from None
    if len(statements) != 1:
        raise UsageError(
            f"query: give exactly one statement (got {len(statements)}); "
            "run several queries one by one"
        )
    statement = statements[0]
    kind = statement.type.name
    words = re.match(
        r"(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*(\w+)(?:\s+(\w+))?", statement.query, re.DOTALL
    )
    first, second = (words[1].lower(), (words[2] or "").lower()) if words else ("", "")
    readable = (
        kind in READ_STATEMENTS
        or (kind == "PRAGMA" and first == "pragma" and second in READ_PRAGMAS)
        # PIVOT without an IN list runs as two statements (it looks up the values first)
        or (kind == "MULTI" and first in ("pivot", "with"))
    )
    if not readable:
        what = first.upper() if kind == "MULTI" and first else kind
        raise UsageError(
            f"query: refused a {what} statement: the store is read-only here; accepted: "
            "SELECT (also WITH, FROM, PIVOT, DESCRIBE, SHOW, SUMMARIZE), EXPLAIN and "
            f"PRAGMA {', '.join(sorted(READ_PRAGMAS))}"
        )
    if not Path(path).exists():
        raise DataError([Problem(str(path), message=NO_STORE, code="store.missing")])
    try:
        con = duckdb.connect(
            str(path),
            read_only=True,
            config={**OFFLINE, "enable_external_access": False, **QUERY_CONFIG},
        )
    except duckdb.IOException as err:
        raise busy(path, err) from None
    try:
        return execute_limited(
            con, statement.query, timeout=timeout, memory_limit=memory_limit, max_rows=max_rows
        )
    except duckdb.Error as err:
        raise UsageError(
            f'query: {_first_line(err)} (the tables and views: osaaja query "SHOW TABLES")'
        ) from None
    finally:
        con.close()


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0]
