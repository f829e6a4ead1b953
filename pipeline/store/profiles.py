"""Profiles in the store: which surveys feed each profile (``raw/profiles.yaml``), its items
per cycle with pooled figures, and the rows the model is assembled from."""

from __future__ import annotations

import dataclasses
import json

import duckdb
import pandas as pd

from pipeline.store.connection import bulk_insert, rows_as_dicts

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
"""


def compute_profiles(
    con: duckdb.DuckDBPyConnection, specs: list, *, min_organisations: int
) -> None:
    """(Re)compute ``profile_items`` and ``profile_cycles`` from the profile specs."""
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
    bulk_insert(con, "profile_surveys", surveys)
    specs_frame = pd.DataFrame(
        [
            (spec.id, json.dumps(dataclasses.asdict(spec), ensure_ascii=False, sort_keys=True))
            for spec in specs
        ],
        columns=["profile_id", "spec"],
    )
    bulk_insert(con, "profile_specs", specs_frame)
    params = {"min_organisations": min_organisations}
    for statement in filter(str.strip, PROFILE_ITEMS_SQL.split(";\n")):
        con.execute(statement, {k: v for k, v in params.items() if f"${k}" in statement})


def profile_cycles(con: duckdb.DuckDBPyConnection, profile_id: str | None = None) -> list[dict]:
    """Rows of ``profile_cycles`` (of one profile, or all), oldest cycle first."""
    cur = con.execute(
        "SELECT * FROM profile_cycles WHERE $p IS NULL OR profile_id = $p ORDER BY profile_id, cycle",
        {"p": profile_id},
    )
    return rows_as_dicts(cur)


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
    return rows_as_dicts(cur)


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


def has_profiles(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether profiles were computed into this store (``compute_profiles``)."""
    return con.execute("""
        SELECT count(*) = 2 FROM information_schema.tables
        WHERE table_name IN ('profile_items', 'profile_cycles')
    """).fetchone()[0]
