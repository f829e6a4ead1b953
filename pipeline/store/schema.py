"""The store's tables, filled by ingest, and the item views over them.

The views are the analysts' public interface (documented in docs/store.md): keep their
names and columns stable.
"""

from __future__ import annotations

from typing import Any

import duckdb

from pipeline.store.connection import SCHEMA_VERSION, bulk_insert

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
-- evidence: which rule matched which word, and how; doubt: why the rules' theme is weak
-- (doubt codes of pipeline.theme_review joined by ", "), NULL when confident or pinned.
CREATE TABLE item_themes(
    item_key VARCHAR PRIMARY KEY, theme VARCHAR, tags VARCHAR[], theme_source VARCHAR,
    rules_sha256 VARCHAR, evidence VARCHAR, doubt VARCHAR);
-- Each item text and the identity it has across surveys and cycles (pipeline.identity:
-- normalised texts linked by codes and raw/item_aliases.yaml).
CREATE TABLE item_identity(item_key VARCHAR PRIMARY KEY, item_id VARCHAR NOT NULL);
"""

VIEWS_SQL = """
CREATE OR REPLACE VIEW ratings AS
SELECT cycle, field, occupation, survey_id, organisation, respondent, area, sub_area, item,
       item_key, item_code, kind, importance_now, importance_future, sector, org_size, comment,
       extra, file, sheet, "row"
FROM ratings_raw;

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
           count(DISTINCT organisation) FILTER (WHERE importance_now IS NOT NULL) AS n_now,
           count(DISTINCT organisation) FILTER (WHERE importance_future IS NOT NULL) AS n_future,
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
           max(n_organisations) FILTER (WHERE mean_now IS NOT NULL) AS n_now,
           max(n_organisations) FILTER (WHERE mean_future IS NOT NULL) AS n_future,
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
       s.item_code, i.item_id, s.kind, s.n_organisations, s.n_now, s.n_future,
       s.n_ratings_now, s.n_ratings_future,
       s.mean_now, s.mean_future, s.change, s.sd_now, s.sd_future, s.layout,
       t.theme, t.tags AS theme_tags, t.theme_source, t.evidence AS theme_evidence,
       t.doubt AS theme_doubt
FROM item_scores_base s
LEFT JOIN item_identity i ON i.item_key = s.item_key
LEFT JOIN item_themes t ON t.item_key = s.item_key;

-- Items per cycle, survey and primary theme (theme NULL = the unthemed queue).
CREATE OR REPLACE VIEW theme_counts AS
SELECT cycle, field, occupation, survey_id, theme,
       count(*) AS n_items,
       count(*) FILTER (WHERE theme_source = 'override') AS n_overridden
FROM item_scores
GROUP BY ALL
ORDER BY cycle, field, occupation, theme NULLS LAST;
"""


LOAD_MEMORY = "256MB"  # buffer memory of the bulk load (see load)


def load(con: duckdb.DuckDBPyConnection, result: Any) -> None:
    """Create the schema and bulk-load an ``IngestResult`` (one statement per table)."""
    con.execute(TABLES_SQL)
    con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
    # DuckDB keeps what it loads and aggregates in its buffer pool, up to 80% of RAM by
    # default. The load and its stored aggregates only write blocks to the store file (or
    # spill beside it), so a cap costs little time: a million ratings load in ~460 MiB
    # instead of ~800 (bench/ingest.py). Later queries get DuckDB's default back.
    con.execute(f"SET memory_limit = '{LOAD_MEMORY}'")
    try:
        bulk_insert(con, "files", result.files)
        bulk_insert(con, "sources", result.sources)
        for frame in result.rating_frames:
            bulk_insert(con, "ratings_raw", frame)
        for frame in result.summary_frames:
            bulk_insert(con, "summary_raw", frame)
        con.execute(VIEWS_SQL)
    finally:
        con.execute("RESET memory_limit")


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: Any) -> None:
    """Record a setting the views read (as data, never pasted into SQL text)."""
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, str(value)])
