"""Ad-hoc read-only SQL for analysts (``osaaja query``)."""

from __future__ import annotations

import re
from pathlib import Path

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


def read_query(path: Path, sql: str) -> tuple[list[str], list[tuple]]:
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
            str(path), read_only=True, config={**OFFLINE, "enable_external_access": False}
        )
    except duckdb.IOException as err:
        raise busy(path, err) from None
    try:
        cur = con.execute(statement.query)
        columns = [d[0] for d in cur.description] if cur.description else []
        return columns, cur.fetchall()
    except duckdb.Error as err:
        raise UsageError(
            f'query: {_first_line(err)} (the tables and views: osaaja query "SHOW TABLES")'
        ) from None
    finally:
        con.close()


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0]
