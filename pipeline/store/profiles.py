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
# other entries add items to it. This is where the publication rule of docs/figures.md
# decides which figures rest on enough organisations (``now_published``,
# ``future_published``); ``pipeline.figures`` rounds what is published.
#
# Counts: organisations with a rating of that measure, layout A by name across the
# profile's surveys (an organisation in two surveys counts once), layout B by the file's
# count. Means: the mean of all ratings given (each respondent's rating counts; a layout B
# mean counts as its n ratings). A figure is published when its count reaches the minimum
# AND each survey's part of it does (secondary suppression: a published single-survey
# figure subtracted from a pooled one must not reveal fewer organisations than that).
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
), a_ratings AS (
    SELECT p.profile_id, p.cycle, p.item_id, p.survey_id, r.organisation,
           r.importance_now AS now, r.importance_future AS future
    FROM picked p JOIN ratings_raw r ON r.survey_id = p.survey_id AND r.item_key = p.item_key
    WHERE p.layout = 'A' AND (r.importance_now IS NOT NULL OR r.importance_future IS NOT NULL)
), a_pooled AS (
    SELECT profile_id, cycle, item_id,
           count(DISTINCT organisation) AS n_any,
           count(DISTINCT organisation) FILTER (WHERE now IS NOT NULL) AS n_now,
           count(DISTINCT organisation) FILTER (WHERE future IS NOT NULL) AS n_future,
           count(now) AS w_now, sum(now) AS s_now, count(future) AS w_future, sum(future) AS s_future,
           stddev_samp(now) AS sd_now, stddev_samp(future) AS sd_future
    FROM a_ratings GROUP BY ALL
), b_pooled AS (
    SELECT profile_id, cycle, item_id,
           sum(n_organisations) AS n_any,
           coalesce(sum(n_organisations) FILTER (WHERE mean_now IS NOT NULL), 0) AS n_now,
           coalesce(sum(n_organisations) FILTER (WHERE mean_future IS NOT NULL), 0) AS n_future,
           sum(mean_now * n_organisations) FILTER (WHERE mean_now IS NOT NULL) AS s_now,
           sum(mean_future * n_organisations) FILTER (WHERE mean_future IS NOT NULL) AS s_future,
           count(*) AS n_files, any_value(sd_now) AS sd_now, any_value(sd_future) AS sd_future
    FROM picked WHERE layout = 'B' GROUP BY ALL
), parts AS (
    SELECT profile_id, cycle, item_id, survey_id,
           count(DISTINCT organisation) FILTER (WHERE now IS NOT NULL) AS n_now,
           count(DISTINCT organisation) FILTER (WHERE future IS NOT NULL) AS n_future
    FROM a_ratings GROUP BY ALL
    UNION ALL
    SELECT profile_id, cycle, item_id, survey_id,
           CASE WHEN mean_now IS NOT NULL THEN n_organisations ELSE 0 END,
           CASE WHEN mean_future IS NOT NULL THEN n_organisations ELSE 0 END
    FROM picked WHERE layout = 'B'
), smallest_part AS (
    SELECT profile_id, cycle, item_id,
           min(n_now) FILTER (WHERE n_now > 0) AS part_now,
           min(n_future) FILTER (WHERE n_future > 0) AS part_future
    FROM parts GROUP BY ALL
), texts AS (
    SELECT profile_id, cycle, item_id,
           arg_min(item, entry) AS item, arg_min(kind, entry) AS kind, arg_min(area, entry) AS area,
           arg_min(theme, entry) AS theme, arg_min(theme_tags, entry) AS theme_tags,
           arg_min(theme_doubt, entry) AS theme_doubt,
           list(DISTINCT survey_id ORDER BY survey_id) AS surveys,
           min(entry) AS first_entry
    FROM picked GROUP BY ALL
), pooled AS (
    SELECT t.*,
           CAST(coalesce(a.n_any, 0) + coalesce(b.n_any, 0) AS INTEGER) AS n_organisations,
           CAST(coalesce(a.n_now, 0) + coalesce(b.n_now, 0) AS INTEGER) AS n_now,
           CAST(coalesce(a.n_future, 0) + coalesce(b.n_future, 0) AS INTEGER) AS n_future,
           (coalesce(a.s_now, 0) + coalesce(b.s_now, 0))
               / nullif(coalesce(a.w_now, 0) + coalesce(b.n_now, 0), 0) AS mean_now,
           (coalesce(a.s_future, 0) + coalesce(b.s_future, 0))
               / nullif(coalesce(a.w_future, 0) + coalesce(b.n_future, 0), 0) AS mean_future,
           -- the ratings' spread; a summary export's own SD only when it is the only source
           CASE WHEN b.n_files IS NULL THEN a.sd_now
                WHEN a.n_any IS NULL AND b.n_files = 1 THEN b.sd_now END AS sd_now,
           CASE WHEN b.n_files IS NULL THEN a.sd_future
                WHEN a.n_any IS NULL AND b.n_files = 1 THEN b.sd_future END AS sd_future,
           sp.part_now, sp.part_future
    FROM texts t
    LEFT JOIN a_pooled a USING (profile_id, cycle, item_id)
    LEFT JOIN b_pooled b USING (profile_id, cycle, item_id)
    LEFT JOIN smallest_part sp USING (profile_id, cycle, item_id)
), judged AS (
    SELECT *,
           mean_now IS NOT NULL AND n_now >= $min_organisations
               AND coalesce(part_now, 0) >= $min_organisations AS now_published,
           mean_future IS NOT NULL AND n_future >= $min_organisations
               AND coalesce(part_future, 0) >= $min_organisations AS future_published
    FROM pooled
)
SELECT profile_id, cycle, item_id, item, kind, area, theme,
       coalesce(theme_tags, []) AS theme_tags, theme_doubt,
       n_organisations, n_now, n_future, mean_now, mean_future,
       mean_future - mean_now AS change, sd_now, sd_future,
       now_published, future_published,
       NOT (now_published AND future_published) AS suppressed,
       part_now, part_future, surveys, first_entry
FROM judged
ORDER BY profile_id, cycle, item_id;

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
           arg_min(src.field, p.entry) FILTER (WHERE src.field IS NOT NULL) AS field,
           list(DISTINCT [CAST(src.cycle AS VARCHAR), src.field_slug, src.occupation_slug]) AS survey_refs,
           list(DISTINCT [CAST(src.cycle AS VARCHAR), src.field_slug, src.occupation_slug,
                          src.survey, src.field, src.occupation]) AS survey_names
    FROM surveys s JOIN sources src USING (survey_id)
    JOIN profile_surveys p ON p.profile_id = s.profile_id AND p.field_slug = src.field_slug
         AND p.occupation_slug = src.occupation_slug
    GROUP BY ALL
)
SELECT m.profile_id, m.cycle, CAST(coalesce(a.n, 0) + coalesce(b.n, 0) AS INTEGER) AS n_organisations,
       m.region, m.horizon, m.survey_period, m.field, m.survey_refs, m.survey_names,
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
    """A profile's items for one cycle as they may be published: a figure that does not
    rest on enough organisations is NULL here (docs/figures.md), so nothing downstream can
    publish it by mistake. With the trend since the previous cycle, in a stable order."""
    cur = con.execute(
        """
        SELECT i.profile_id, i.cycle, i.item_id, i.item, i.kind, i.area, i.theme, i.theme_tags,
               i.n_organisations, i.n_now, i.n_future, i.suppressed, i.surveys,
               i.theme_doubt IS NOT NULL AS doubtful,
               CASE WHEN i.now_published THEN i.mean_now END AS mean_now,
               CASE WHEN i.future_published THEN i.mean_future END AS mean_future,
               CASE WHEN i.now_published AND i.future_published THEN i.change END AS change,
               CASE WHEN i.now_published THEN i.sd_now END AS sd_now,
               CASE WHEN i.future_published THEN i.sd_future END AS sd_future,
               t.trend, t.previous_mean_future
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
