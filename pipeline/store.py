"""The DuckDB store at ``BUILD/skills.duckdb``: schema, bulk loads, views, every query.

All SQL of the project lives here. The views are the analysts' public interface
(documented in docs/store.md): keep their names and columns stable.

Writes are all-or-nothing: a new store is built in a temporary file beside the old one
and swapped in only when complete (``pipeline.fsutil.atomic_file``); a command that
changes an existing store works on a copy and swaps it in the same way.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from pipeline.errors import DataError, Problem
from pipeline.fsutil import atomic_file

SCHEMA_VERSION = 1

# Never reach for the network: the `excel` extension and friends cannot be installed here,
# and DuckDB would otherwise try to auto-install known extensions on first use.
OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def connect(path: Path | str = ":memory:", *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=read_only, config=dict(OFFLINE))


def open_store(path: Path) -> duckdb.DuckDBPyConnection:
    """The existing store, read-only. A clear message when there is none yet."""
    if not path.exists():
        raise DataError(
            [
                Problem(
                    str(path), message="no store yet; run `osaaja ingest` (or `osaaja build`) first"
                )
            ]
        )
    return connect(path, read_only=True)


@contextlib.contextmanager
def rewrite(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Change an existing store all-or-nothing: work on a copy, swap it in on success."""
    if not path.exists():
        raise DataError(
            [
                Problem(
                    str(path), message="no store yet; run `osaaja ingest` (or `osaaja build`) first"
                )
            ]
        )
    with atomic_file(path) as tmp:
        shutil.copyfile(path, tmp)
        con = connect(tmp)
        try:
            yield con
            con.execute("CHECKPOINT")
        finally:
            con.close()


# --- ingest (issue 2) -------------------------------------------------------------------

TABLES_SQL = """
CREATE TABLE meta(key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE files(
    file VARCHAR PRIMARY KEY, sha256 VARCHAR, size_bytes BIGINT, layouts VARCHAR,
    sheets VARCHAR[], skipped_sheets VARCHAR[], metadata JSON);
CREATE TABLE sources(
    file VARCHAR, sha256 VARCHAR, sheet VARCHAR, layout VARCHAR, cycle INTEGER, field VARCHAR,
    occupation VARCHAR, field_slug VARCHAR, occupation_slug VARCHAR, survey_id VARCHAR,
    region VARCHAR, survey VARCHAR, date VARCHAR, horizon VARCHAR, hidden BOOLEAN,
    rows_read INTEGER, rows_skipped INTEGER, metadata JSON, PRIMARY KEY (file, sheet));
CREATE TABLE ratings_raw(
    cycle INTEGER, field VARCHAR, occupation VARCHAR, survey_id VARCHAR, organisation VARCHAR,
    respondent VARCHAR, area VARCHAR, sub_area VARCHAR, item VARCHAR, item_key VARCHAR,
    item_code VARCHAR, kind VARCHAR, importance_now TINYINT, importance_future TINYINT,
    sector VARCHAR, org_size VARCHAR, comment VARCHAR, extra JSON, file VARCHAR, sheet VARCHAR,
    "row" INTEGER);
CREATE TABLE summary_raw(
    cycle INTEGER, field VARCHAR, occupation VARCHAR, survey_id VARCHAR, area VARCHAR,
    sub_area VARCHAR, item VARCHAR, item_key VARCHAR, item_code VARCHAR, kind VARCHAR,
    n_organisations INTEGER, mean_now DOUBLE, mean_future DOUBLE, sd_now DOUBLE, sd_future DOUBLE,
    change DOUBLE, extra JSON, file VARCHAR, sheet VARCHAR, "row" INTEGER);
CREATE TABLE item_themes(
    item_key VARCHAR PRIMARY KEY, theme VARCHAR, tags VARCHAR[], theme_source VARCHAR,
    rules_sha256 VARCHAR);
-- Reworded items of a later cycle mapped to the earlier item's identity (raw/item_aliases.yaml).
CREATE TABLE item_aliases(item_key VARCHAR PRIMARY KEY, item_id VARCHAR);
"""

VIEWS_SQL = """
CREATE OR REPLACE VIEW ratings AS
SELECT cycle, field, occupation, survey_id, organisation, respondent, area, sub_area, item,
       item_key, item_code, kind, importance_now, importance_future, sector, org_size, comment,
       extra, file, sheet, "row"
FROM ratings_raw;

CREATE OR REPLACE VIEW item_identity AS
SELECT DISTINCT r.item_key, r.item_code,
       coalesce(a.item_id, CASE WHEN r.item_code IS NOT NULL THEN 'code:' || r.item_code
                                ELSE 'text:' || r.item_key END) AS item_id
FROM (SELECT item_key, item_code FROM ratings_raw UNION SELECT item_key, item_code FROM summary_raw) r
LEFT JOIN item_aliases a USING (item_key);

-- The per-survey aggregation is stored once per build (it reads every rating); the public
-- view adds identity and themes, which later stages change without re-aggregating.
CREATE OR REPLACE TABLE item_scores_base AS
WITH a AS (
    SELECT cycle, field, occupation, survey_id, item_key,
           arg_min(area, "row") AS area,
           arg_min(sub_area, "row") AS sub_area,
           arg_min(item, "row") AS item,
           max(item_code) AS item_code,
           arg_min(kind, "row") FILTER (WHERE kind IS NOT NULL) AS kind,
           count(DISTINCT organisation) FILTER (
               WHERE importance_now IS NOT NULL OR importance_future IS NOT NULL) AS n_organisations,
           count(importance_now) AS n_ratings_now,
           count(importance_future) AS n_ratings_future,
           avg(importance_now) AS mean_now,
           avg(importance_future) AS mean_future,
           stddev_samp(importance_now) AS sd_now,
           stddev_samp(importance_future) AS sd_future,
           'A' AS layout
    FROM ratings_raw
    GROUP BY ALL
), b AS (
    SELECT cycle, field, occupation, survey_id, item_key,
           arg_min(area, "row") AS area, arg_min(sub_area, "row") AS sub_area,
           arg_min(item, "row") AS item, max(item_code) AS item_code,
           arg_min(kind, "row") FILTER (WHERE kind IS NOT NULL) AS kind,
           max(n_organisations) AS n_organisations,
           CAST(NULL AS BIGINT) AS n_ratings_now, CAST(NULL AS BIGINT) AS n_ratings_future,
           arg_min(mean_now, "row") AS mean_now, arg_min(mean_future, "row") AS mean_future,
           arg_min(sd_now, "row") AS sd_now, arg_min(sd_future, "row") AS sd_future,
           'B' AS layout,
           arg_min(change, "row") AS file_change
    FROM summary_raw
    GROUP BY ALL
), scores AS (
    SELECT *, mean_future - mean_now AS change FROM a
    UNION ALL BY NAME
    SELECT * EXCLUDE (file_change), coalesce(file_change, mean_future - mean_now) AS change FROM b
)
SELECT * FROM scores ORDER BY cycle, survey_id, item_key;

CREATE OR REPLACE VIEW item_scores AS
SELECT s.cycle, s.field, s.occupation, s.survey_id, s.area, s.sub_area, s.item, s.item_key,
       s.item_code, coalesce(al.item_id, CASE WHEN s.item_code IS NOT NULL THEN 'code:' || s.item_code
                                              ELSE 'text:' || s.item_key END) AS item_id,
       s.kind, s.n_organisations, s.n_ratings_now, s.n_ratings_future, s.mean_now, s.mean_future,
       s.change, s.sd_now, s.sd_future, s.layout,
       t.theme, t.tags AS theme_tags, t.theme_source
FROM item_scores_base s
LEFT JOIN item_aliases al USING (item_key)
LEFT JOIN item_themes t USING (item_key);
"""


def build_store(path: Path, result: Any, *, finish=None) -> None:
    """Build a fresh store from an ``IngestResult`` beside ``path`` and swap it in.

    ``finish(con)`` may add derived tables before the swap; if it fails, nothing changes."""
    with atomic_file(path) as tmp:
        con = connect(tmp)
        try:
            load(con, result)
            if finish is not None:
                finish(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()


def load(con: duckdb.DuckDBPyConnection, result: Any) -> None:
    """Create the schema and bulk-load an ``IngestResult`` (one statement per table)."""
    con.execute(TABLES_SQL)
    con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
    _bulk_insert(con, "files", result.files)
    _bulk_insert(con, "sources", result.sources)
    for frame in result.rating_frames:
        _bulk_insert(con, "ratings_raw", frame)
    for frame in result.summary_frames:
        _bulk_insert(con, "summary_raw", frame)
    create_views(con)


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(VIEWS_SQL)
    con.execute(THEME_VIEWS_SQL)


def _bulk_insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """One INSERT ... SELECT from the DataFrame (DuckDB's bulk path; never row by row)."""
    columns = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall()]
    con.register("_frame", frame[columns] if len(frame.columns) else frame)
    try:
        quoted = ", ".join(f'"{c}"' for c in columns)
        con.execute(f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM _frame")
    finally:
        con.unregister("_frame")


def write_item_themes(
    con: duckdb.DuckDBPyConnection, assignments: dict[str, Any], rules_sha256: str
) -> None:
    """Replace ``item_themes`` with one row per item key (``Assignment`` objects)."""
    frame = pd.DataFrame(
        [
            (a.item_key, a.theme, list(a.tags), a.source, rules_sha256)
            for a in sorted(assignments.values(), key=lambda a: a.item_key)
        ],
        columns=["item_key", "theme", "tags", "theme_source", "rules_sha256"],
    )
    con.execute("DELETE FROM item_themes")
    if len(frame):
        _bulk_insert(con, "item_themes", frame)


# --- themes (issue 3) -------------------------------------------------------------------

THEME_VIEWS_SQL = """
-- Items per cycle, survey and primary theme (theme NULL = the unthemed queue).
CREATE OR REPLACE VIEW theme_counts AS
SELECT cycle, field, occupation, survey_id, theme,
       count(*) AS n_items,
       count(*) FILTER (WHERE theme_source = 'override') AS n_overridden
FROM item_scores
GROUP BY ALL
ORDER BY cycle, field, occupation, theme NULLS LAST;
"""


def distinct_item_texts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str | None, str]]:
    """Distinct (item_key, item_code, text) triples, sorted; several per key are possible.

    Theming compares case-folded words, and texts with one key fold to the same words,
    so no per-key first occurrence is searched for.
    """
    return con.execute("""
        SELECT item_key, item_code, item FROM ratings_raw
        UNION
        SELECT item_key, item_code, item FROM summary_raw
        ORDER BY item_key, item_code NULLS FIRST, item
    """).fetchall()


def analyst_rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Every item of every survey with its theme, in the field order of ``analyst.AnalystRow``."""
    return con.execute("""
        SELECT cycle, survey_id, field, occupation, area, sub_area, item, item_key, item_code, kind,
               n_organisations, mean_now, mean_future, change, theme,
               coalesce(theme_tags, []) AS theme_tags, theme_source
        FROM item_scores
        ORDER BY cycle, survey_id, item_key
    """).fetchall()


# --- profiles (issue 4) -----------------------------------------------------------------

PROFILE_TABLES_SQL = """
CREATE OR REPLACE TABLE profile_surveys(
    profile_id VARCHAR, entry INTEGER, field_slug VARCHAR, occupation_slug VARCHAR,
    themes VARCHAR[], areas VARCHAR[]);
CREATE OR REPLACE TABLE profile_specs(profile_id VARCHAR PRIMARY KEY, spec JSON);
"""

# A profile exists for a cycle when its own (first) survey has data in that cycle; the
# other entries add items to it. Figures of an item that comes from several surveys are
# pooled: organisations counted once each (layout A by name; layout B by the file's count)
# and means weighted by the number of ratings behind them.
PROFILE_ITEMS_SQL = """
CREATE OR REPLACE TABLE profile_items AS
WITH rows AS (
    SELECT p.profile_id, p.entry, s.*
    FROM profile_surveys p
    JOIN sources src ON src.field_slug = p.field_slug AND src.occupation_slug = p.occupation_slug
    JOIN item_scores s ON s.survey_id = src.survey_id
    WHERE (p.themes IS NULL OR list_contains(p.themes, s.theme))
      AND (p.areas IS NULL OR list_contains(p.areas, s.area))
), own_cycles AS (
    SELECT DISTINCT profile_id, cycle FROM rows WHERE entry = 0
), picked AS (
    SELECT r.* FROM rows r JOIN own_cycles USING (profile_id, cycle)
), a_orgs AS (
    SELECT p.profile_id, p.cycle, p.item_id, count(DISTINCT r.organisation) AS n
    FROM picked p JOIN ratings_raw r ON r.survey_id = p.survey_id AND r.item_key = p.item_key
    WHERE p.layout = 'A' AND (r.importance_now IS NOT NULL OR r.importance_future IS NOT NULL)
    GROUP BY ALL
), pooled AS (
    SELECT profile_id, cycle, item_id,
           arg_min(item, entry) AS item, arg_min(kind, entry) AS kind, arg_min(area, entry) AS area,
           arg_min(theme, entry) AS theme, arg_min(theme_tags, entry) AS theme_tags,
           coalesce(sum(n_organisations) FILTER (WHERE layout = 'B'), 0) AS n_b,
           sum(mean_now * coalesce(n_ratings_now, n_organisations))
               / sum(coalesce(n_ratings_now, n_organisations)) FILTER (WHERE mean_now IS NOT NULL) AS mean_now,
           sum(mean_future * coalesce(n_ratings_future, n_organisations))
               / sum(coalesce(n_ratings_future, n_organisations)) FILTER (WHERE mean_future IS NOT NULL) AS mean_future,
           list(DISTINCT survey_id ORDER BY survey_id) AS surveys,
           min(entry) AS first_entry
    FROM picked GROUP BY ALL
)
SELECT p.profile_id, p.cycle, p.item_id, p.item, p.kind, p.area, p.theme,
       coalesce(p.theme_tags, []) AS theme_tags,
       CAST(p.n_b + coalesce(a.n, 0) AS INTEGER) AS n_organisations,
       p.mean_now, p.mean_future, p.mean_future - p.mean_now AS change,
       p.n_b + coalesce(a.n, 0) < $min_organisations AS suppressed,
       p.surveys, p.first_entry
FROM pooled p LEFT JOIN a_orgs a USING (profile_id, cycle, item_id)
ORDER BY p.profile_id, p.cycle, p.item_id;

CREATE OR REPLACE TABLE profile_cycles AS
WITH surveys AS (
    SELECT DISTINCT pi.profile_id, pi.cycle, unnest(pi.surveys) AS survey_id FROM profile_items pi
), a AS (
    SELECT s.profile_id, s.cycle, count(DISTINCT r.organisation) AS n
    FROM surveys s JOIN ratings_raw r USING (survey_id) GROUP BY ALL
), b AS (
    SELECT profile_id, cycle, sum(n) AS n FROM (
        SELECT s.profile_id, s.cycle, s.survey_id, max(r.n_organisations) AS n
        FROM surveys s JOIN summary_raw r USING (survey_id) GROUP BY ALL) GROUP BY ALL
), meta AS (
    SELECT s.profile_id, s.cycle,
           arg_min(src.region, p.entry) FILTER (WHERE src.region IS NOT NULL) AS region,
           arg_min(src.horizon, p.entry) FILTER (WHERE src.horizon IS NOT NULL) AS horizon,
           arg_min(src.date, p.entry) FILTER (WHERE src.date IS NOT NULL) AS survey_period,
           list(DISTINCT [CAST(src.cycle AS VARCHAR), src.field_slug, src.occupation_slug]) AS survey_refs
    FROM surveys s JOIN sources src USING (survey_id)
    JOIN profile_surveys p ON p.profile_id = s.profile_id AND p.field_slug = src.field_slug
         AND p.occupation_slug = src.occupation_slug
    GROUP BY ALL
)
SELECT m.profile_id, m.cycle, CAST(coalesce(a.n, 0) + coalesce(b.n, 0) AS INTEGER) AS n_organisations,
       m.region, m.horizon, m.survey_period, m.survey_refs,
       (SELECT max(o.cycle) FROM (SELECT DISTINCT profile_id, cycle FROM profile_items) o
        WHERE o.profile_id = m.profile_id AND o.cycle < m.cycle) AS previous_cycle
FROM meta m LEFT JOIN a USING (profile_id, cycle) LEFT JOIN b USING (profile_id, cycle)
ORDER BY m.profile_id, m.cycle;

-- Change since the previous cycle of the same profile (issue 6): by item identity.
CREATE OR REPLACE TABLE profile_item_trends AS
SELECT cur.profile_id, cur.cycle, cur.item_id, pc.previous_cycle,
       prev.mean_future AS previous_mean_future,
       CASE WHEN pc.previous_cycle IS NULL THEN NULL
            WHEN prev.item_id IS NULL THEN 'new'
            -- a figure resting on too few organisations says nothing about direction
            WHEN cur.suppressed OR prev.suppressed THEN NULL
            WHEN cur.mean_future - prev.mean_future >= $trend_threshold THEN 'rising'
            WHEN cur.mean_future - prev.mean_future <= -$trend_threshold THEN 'falling'
            ELSE 'steady' END AS trend
FROM profile_items cur
JOIN profile_cycles pc USING (profile_id, cycle)
LEFT JOIN profile_items prev
       ON prev.profile_id = cur.profile_id AND prev.cycle = pc.previous_cycle AND prev.item_id = cur.item_id;
"""


def compute_profiles(
    con: duckdb.DuckDBPyConnection, specs: list, *, min_organisations: int, trend_threshold: float
) -> None:
    """(Re)compute ``profile_items``, ``profile_cycles`` and ``profile_item_trends`` from specs."""
    con.execute(PROFILE_TABLES_SQL)
    surveys = pd.DataFrame(
        [
            (
                spec.id,
                i,
                s.field,
                s.occupation,
                list(s.themes) if s.themes else None,
                list(s.areas) if s.areas else None,
            )
            for spec in specs
            for i, s in enumerate(spec.surveys)
        ],
        columns=["profile_id", "entry", "field_slug", "occupation_slug", "themes", "areas"],
    )
    _bulk_insert(con, "profile_surveys", surveys)
    specs_frame = pd.DataFrame(
        [
            (spec.id, json.dumps(dataclasses.asdict(spec), ensure_ascii=False, sort_keys=True))
            for spec in specs
        ],
        columns=["profile_id", "spec"],
    )
    _bulk_insert(con, "profile_specs", specs_frame)
    params = {"min_organisations": min_organisations, "trend_threshold": trend_threshold}
    for statement in filter(str.strip, PROFILE_ITEMS_SQL.split(";\n")):
        con.execute(statement, {k: v for k, v in params.items() if f"${k}" in statement})


def rules_version(con: duckdb.DuckDBPyConnection) -> str:
    """The sha256 of the themes.yaml the items were themed with ('' when not themed)."""
    row = con.execute("SELECT min(rules_sha256) FROM item_themes").fetchone()
    return row[0] or ""


def profile_cycles(con: duckdb.DuckDBPyConnection, profile_id: str | None = None) -> list[dict]:
    """Rows of ``profile_cycles`` (of one profile, or all), oldest cycle first."""
    cur = con.execute(
        "SELECT * FROM profile_cycles WHERE $p IS NULL OR profile_id = $p ORDER BY profile_id, cycle",
        {"p": profile_id},
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def profile_item_rows(con: duckdb.DuckDBPyConnection, profile_id: str, cycle: int) -> list[dict]:
    """A profile's items for one cycle with their trend, in a stable order."""
    cur = con.execute(
        """
        SELECT i.*, t.trend, t.previous_mean_future
        FROM profile_items i
        LEFT JOIN profile_item_trends t USING (profile_id, cycle, item_id)
        WHERE i.profile_id = ? AND i.cycle = ?
        ORDER BY i.item_id
    """,
        [profile_id, cycle],
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def dropped_items(
    con: duckdb.DuckDBPyConnection, profile_id: str, cycle: int, previous: int
) -> list[str]:
    """Display texts of items the previous cycle had and this one has not."""
    return [
        r[0]
        for r in con.execute(
            """
        SELECT prev.item FROM profile_items prev
        WHERE prev.profile_id = $p AND prev.cycle = $prev
          AND prev.item_id NOT IN (SELECT item_id FROM profile_items WHERE profile_id = $p AND cycle = $cur)
        ORDER BY prev.item
    """,
            {"p": profile_id, "prev": previous, "cur": cycle},
        ).fetchall()
    ]


# --- checks and sign-off (issue 5) ------------------------------------------------------

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
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'signoff_history'"
    ).fetchall()[0][0]
    if not exists:
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
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'signoff_history'"
    ).fetchall()[0][0]
    if not exists:
        return []
    cur = con.execute(
        f"""
        SELECT {", ".join(_SIGNOFF_COLUMNS)} FROM signoff_history
        WHERE ? IS NULL OR profile = ?
        ORDER BY profile, cycle, date, reviewer, decision, content_hash
    """,
        [profile, profile],
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


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


# --- cycles and queries (issue 6) -------------------------------------------------------

# Item identity across cycles: raw/item_aliases.yaml (pipeline.cycles) fills ``item_aliases``.


def item_key_codes(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str | None]]:
    """Every distinct (item_key, item_code) pair of every cycle: what an alias may point at."""
    return con.execute("""
        SELECT DISTINCT item_key, item_code FROM ratings_raw
        UNION SELECT DISTINCT item_key, item_code FROM summary_raw
        ORDER BY item_key, item_code NULLS FIRST
    """).fetchall()


def write_item_aliases(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> None:
    """Replace ``item_aliases`` with ``frame`` (columns item_key, item_id; ``cycles.load_aliases``)."""
    con.execute("DELETE FROM item_aliases")
    if len(frame):
        _bulk_insert(con, "item_aliases", frame.sort_values("item_key"))


def identity_collisions(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, list[str]]]:
    """(survey_id, item_id, texts) where one survey has two different items with one identity
    (an alias or a shared code would pool them into one profile item)."""
    return con.execute("""
        SELECT survey_id, item_id, list(item ORDER BY item_key) AS items
        FROM item_scores GROUP BY survey_id, item_id
        HAVING count(DISTINCT item_key) > 1
        ORDER BY survey_id, item_id
    """).fetchall()


# Change between two cycles of each profile. ``{pairs}`` is filled with a query giving
# (profile_id, previous_cycle, cycle); the rule is the one of ``profile_item_trends``:
# a figure resting on fewer organisations than the minimum, or missing, is not compared.
_CHANGES_SQL = """
WITH pairs AS ({pairs}),
keys AS (
    SELECT DISTINCT pr.profile_id, pr.previous_cycle, pr.cycle, i.item_id
    FROM pairs pr JOIN profile_items i
      ON i.profile_id = pr.profile_id AND i.cycle IN (pr.previous_cycle, pr.cycle)
)
SELECT k.profile_id, k.previous_cycle, k.cycle, k.item_id,
       coalesce(c.item, b.item) AS item,
       b.item AS previous_item,
       coalesce(c.theme, b.theme) AS theme,
       CASE WHEN b.item_id IS NULL THEN 'new'
            WHEN c.item_id IS NULL THEN 'dropped'
            WHEN c.suppressed OR b.suppressed
                 OR c.mean_future IS NULL OR b.mean_future IS NULL THEN 'not_compared'
            WHEN c.mean_future - b.mean_future >= {threshold} THEN 'rising'
            WHEN c.mean_future - b.mean_future <= -{threshold} THEN 'falling'
            ELSE 'steady' END AS status,
       b.n_organisations AS previous_n_organisations,
       c.n_organisations,
       b.mean_future AS previous_mean_future,
       c.mean_future,
       c.mean_future - b.mean_future AS future_change,
       coalesce(b.suppressed, false) OR coalesce(c.suppressed, false) AS below_minimum
FROM keys k
LEFT JOIN profile_items c ON c.profile_id = k.profile_id AND c.cycle = k.cycle AND c.item_id = k.item_id
LEFT JOIN profile_items b ON b.profile_id = k.profile_id AND b.cycle = k.previous_cycle AND b.item_id = k.item_id
ORDER BY k.profile_id, k.cycle, k.item_id
"""

CHANGE_STATUSES = ("new", "rising", "falling", "dropped", "not_compared", "steady")


def create_cycle_views(con: duckdb.DuckDBPyConnection, *, trend_threshold: float) -> None:
    """Views over the profile tables (call after ``compute_profiles``): ``item_changes``
    (each profile's items since its previous cycle) and ``theme_shares``."""
    threshold = float(trend_threshold)  # a number, so inlining it into the view is safe
    consecutive = "SELECT profile_id, previous_cycle, cycle FROM profile_cycles WHERE previous_cycle IS NOT NULL"
    con.execute(
        "CREATE OR REPLACE VIEW item_changes AS "
        + _CHANGES_SQL.format(pairs=consecutive, threshold=repr(threshold))
    )
    con.execute("""
        CREATE OR REPLACE VIEW theme_shares AS
        SELECT profile_id, cycle, theme, count(*) AS n_items,
               count(*) / sum(count(*)) OVER (PARTITION BY profile_id, cycle) AS share
        FROM profile_items
        GROUP BY profile_id, cycle, theme
        ORDER BY profile_id, cycle, theme NULLS LAST
    """)


def has_profiles(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether profiles were computed into this store (``compute_profiles``)."""
    return con.execute("""
        SELECT count(*) = 2 FROM information_schema.tables
        WHERE table_name IN ('profile_items', 'profile_cycles')
    """).fetchone()[0]


def cycles_in_store(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [
        r[0] for r in con.execute("SELECT DISTINCT cycle FROM sources ORDER BY cycle").fetchall()
    ]


def cycle_changes(
    con: duckdb.DuckDBPyConnection, previous_cycle: int, cycle: int, *, trend_threshold: float
) -> pd.DataFrame:
    """Each profile's items between two cycles (any two, not only consecutive ones); only
    profiles with data in both. Columns as the ``item_changes`` view."""
    pairs = f"""
        SELECT a.profile_id, {int(previous_cycle)} AS previous_cycle, {int(cycle)} AS cycle
        FROM profile_cycles a JOIN profile_cycles b USING (profile_id)
        WHERE a.cycle = {int(previous_cycle)} AND b.cycle = {int(cycle)}"""
    return con.execute(
        _CHANGES_SQL.format(pairs=pairs, threshold=repr(float(trend_threshold)))
    ).df()


def theme_share_pairs(
    con: duckdb.DuckDBPyConnection, previous_cycle: int, cycle: int
) -> pd.DataFrame:
    """Theme shares of each profile then and now (profiles with data in both cycles)."""
    return con.execute(
        """
        WITH shares AS (
            SELECT profile_id, cycle, theme, count(*) AS n_items,
                   count(*) / sum(count(*)) OVER (PARTITION BY profile_id, cycle) AS share
            FROM profile_items WHERE cycle IN ($prev, $cur) GROUP BY profile_id, cycle, theme
        ), both_cycles AS (
            SELECT profile_id FROM profile_cycles WHERE cycle = $prev
            INTERSECT SELECT profile_id FROM profile_cycles WHERE cycle = $cur
        ), themes AS (
            SELECT DISTINCT s.profile_id, s.theme FROM shares s SEMI JOIN both_cycles USING (profile_id)
        )
        SELECT t.profile_id, t.theme,
               coalesce(b.n_items, 0) AS previous_n_items, coalesce(b.share, 0.0) AS previous_share,
               coalesce(c.n_items, 0) AS n_items, coalesce(c.share, 0.0) AS share
        FROM themes t
        LEFT JOIN shares b ON b.profile_id = t.profile_id AND b.theme IS NOT DISTINCT FROM t.theme AND b.cycle = $prev
        LEFT JOIN shares c ON c.profile_id = t.profile_id AND c.theme IS NOT DISTINCT FROM t.theme AND c.cycle = $cur
        ORDER BY t.profile_id, t.theme NULLS LAST
    """,
        {"prev": int(previous_cycle), "cur": int(cycle)},
    ).df()


def profile_organisations(
    con: duckdb.DuckDBPyConnection, cycles: list[int]
) -> dict[tuple[str, int], int]:
    """(profile_id, cycle) -> organisations behind the profile."""
    rows = con.execute(
        "SELECT profile_id, cycle, n_organisations FROM profile_cycles WHERE list_contains(?, cycle)",
        [list(cycles)],
    ).fetchall()
    return {(p, c): n for p, c, n in rows}


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
    import re

    from pipeline.errors import UsageError

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
        raise DataError(
            [
                Problem(
                    str(path), message="no store yet; run `osaaja ingest` (or `osaaja build`) first"
                )
            ]
        )
    con = duckdb.connect(
        str(path), read_only=True, config={**OFFLINE, "enable_external_access": False}
    )
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
