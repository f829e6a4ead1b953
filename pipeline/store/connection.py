"""Opening the store, and the one way it is written: a new file beside the old one,
swapped in when complete.

Analysts open ``BUILD/skills.duckdb`` from notebooks; a read-write connection there (the
default of ``duckdb.connect(path)``) locks the file. Opening it then gives one line that
says what holds it and what to do, never a traceback.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.errors import DataError, EnvironmentFailure, Problem
from pipeline.fsutil import atomic_file

SCHEMA_VERSION = 1

# Never reach for the network: the `excel` extension and friends cannot be installed here,
# and DuckDB would otherwise try to auto-install known extensions on first use.
OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}

NO_STORE = "no store yet; run `osaaja ingest` (or `osaaja build`) first"


def connect(path: Path | str = ":memory:", *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only, config=dict(OFFLINE))
    except duckdb.IOException as err:
        raise busy(path, err) from None


def busy(path: Path | str, err: Exception) -> EnvironmentFailure:
    """The store is locked by another process (a notebook's read-write connection)."""
    holder = re.search(r"\(PID (\d+)\)", str(err))
    who = f"process {holder[1]}" if holder else "another program"
    if "lock" not in str(err).lower():
        return EnvironmentFailure(f"cannot open the store {path}: {str(err).splitlines()[0]}")
    return EnvironmentFailure(
        f"the store {path} is open for writing in {who} (a notebook or another DuckDB "
        "client?); close that connection, or open the store read-only there: "
        "duckdb.connect(path, read_only=True)"
    )


def open_store(path: Path) -> duckdb.DuckDBPyConnection:
    """The existing store, read-only. A clear message when there is none yet."""
    if not Path(path).exists():
        raise DataError([Problem(str(path), message=NO_STORE, code="store.missing")])
    return connect(path, read_only=True)


@contextlib.contextmanager
def writing(path: Path, *, from_existing: bool) -> Iterator[duckdb.DuckDBPyConnection]:
    """The one way the store is written: a new file beside ``path`` (empty, or a copy of
    the current store when ``from_existing``), swapped in only when the block succeeds."""
    if from_existing and not Path(path).exists():
        raise DataError([Problem(str(path), message=NO_STORE, code="store.missing")])
    with atomic_file(path) as tmp:
        if from_existing:
            shutil.copyfile(path, tmp)
        con = connect(tmp)
        try:
            yield con
            con.execute("CHECKPOINT")
        finally:
            con.close()


def bulk_insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """One INSERT ... SELECT from the DataFrame (DuckDB's bulk path; never row by row)."""
    columns = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall()]
    con.register("_frame", frame[columns] if len(frame.columns) else frame)
    try:
        quoted = ", ".join(f'"{c}"' for c in columns)
        con.execute(f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM _frame")
    finally:
        con.unregister("_frame")


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchall()[0][0]
    )


def rows_as_dicts(cur: duckdb.DuckDBPyConnection) -> list[dict]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
