"""Sign-off history: every sign-off ever seen, across cycles and rebuilds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from pipeline.store.connection import connect, rows_as_dicts, table_exists

# Every sign-off ever seen, across cycles. The rest of the store is rebuilt from raw/ on
# every ingest; this table is history (a file in raw/signoffs/ is replaced when the same
# reviewer signs the next cycle), so a rebuild carries it over (``carry_signoff_history``).
SIGNOFF_HISTORY_SQL = """
CREATE TABLE IF NOT EXISTS signoff_history(
    profile VARCHAR NOT NULL, cycle INTEGER NOT NULL, reviewer VARCHAR NOT NULL,
    role VARCHAR NOT NULL, decision VARCHAR NOT NULL, date DATE NOT NULL,
    content_hash VARCHAR NOT NULL, comments VARCHAR, file VARCHAR,
    PRIMARY KEY (profile, cycle, reviewer, content_hash, decision, date));
"""
_SIGNOFF_COLUMNS = [
    "profile",
    "cycle",
    "reviewer",
    "role",
    "decision",
    "date",
    "content_hash",
    "comments",
    "file",
]


def _signoff_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=_SIGNOFF_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    return frame.astype({"cycle": "int64"})


def new_signoffs(
    con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The rows (``signoff.history_rows``) not yet in ``signoff_history``; all of them when
    the store has no history table yet. Lets a caller skip rewriting an unchanged store."""
    if not rows:
        return []
    if not table_exists(con, "signoff_history"):
        return list(rows)
    con.register("_signoffs", _signoff_frame(rows))
    try:
        found = con.execute("""
            SELECT s.profile, s.cycle, s.reviewer, s.content_hash, s.decision, s.date FROM _signoffs s
            SEMI JOIN signoff_history h USING (profile, cycle, reviewer, content_hash, decision, date)
        """).fetchall()
    finally:
        con.unregister("_signoffs")
    seen = set(found)
    return [
        r
        for r in rows
        if (r["profile"], r["cycle"], r["reviewer"], r["content_hash"], r["decision"], r["date"])
        not in seen
    ]


def record_signoffs(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> int:
    """Add sign-offs to ``signoff_history`` (idempotent); returns how many were new."""
    con.execute(SIGNOFF_HISTORY_SQL).fetchall()
    fresh = new_signoffs(con, rows)
    if fresh:
        con.register("_signoffs", _signoff_frame(fresh))
        try:
            quoted = ", ".join(_SIGNOFF_COLUMNS)
            con.execute(f"INSERT INTO signoff_history ({quoted}) SELECT {quoted} FROM _signoffs")
        finally:
            con.unregister("_signoffs")
    return len(fresh)


def signoff_history(
    con: duckdb.DuckDBPyConnection, profile: str | None = None
) -> list[dict[str, Any]]:
    """The recorded sign-offs, oldest first (optionally of one profile)."""
    if not table_exists(con, "signoff_history"):
        return []
    cur = con.execute(
        f"""
        SELECT {", ".join(_SIGNOFF_COLUMNS)} FROM signoff_history
        WHERE ? IS NULL OR profile = ?
        ORDER BY profile, cycle, date, reviewer, decision, content_hash
    """,
        [profile, profile],
    )
    return rows_as_dicts(cur)


def carry_signoff_history(con: duckdb.DuckDBPyConnection, old_store: Path) -> int:
    """Copy ``signoff_history`` from the store being replaced into the new one (``con``).
    Call it while building a new store, before the swap; returns the rows carried."""
    if not Path(old_store).exists():
        return 0
    try:
        old = connect(old_store, read_only=True)
        try:
            rows = signoff_history(old)
        finally:
            old.close()
    except duckdb.Error:
        return 0  # an older store without the table (or not a store at all): nothing to carry
    return record_signoffs(con, rows)
