"""Surveys as analysts see them: one row per survey (cycle, field, occupation, how many
organisations, respondents and items, the layout, the profiles it feeds), and the surveys
that feed no profile (``osaaja build`` warns about them)."""

from __future__ import annotations

import duckdb

from pipeline.store.connection import rows_as_dicts, table_exists

# The profiles each survey feeds come from profile_surveys (raw/profiles.yaml); without
# profiles configured, the list is empty for every survey.
SURVEYS_SQL = """
CREATE OR REPLACE VIEW surveys AS
WITH src AS (
    SELECT survey_id, min(cycle) AS cycle, min(field) AS field, min(occupation) AS occupation,
           min(field_slug) AS field_slug, min(occupation_slug) AS occupation_slug,
           string_agg(DISTINCT layout, ',' ORDER BY layout) AS layout,
           list(DISTINCT file ORDER BY file) AS files,
           min(region) AS region, min(date) AS date
    FROM sources GROUP BY survey_id
), a AS (
    SELECT survey_id, count(DISTINCT organisation) AS organisations,
           count(DISTINCT organisation || chr(31) || coalesce(respondent, '')) AS respondents
    FROM ratings_raw GROUP BY survey_id
), b AS (
    SELECT survey_id, max(n_organisations) AS organisations FROM summary_raw GROUP BY survey_id
), items AS (
    SELECT survey_id, count(*) AS items FROM item_scores_base GROUP BY survey_id
), fed AS (
    SELECT s.survey_id, list(DISTINCT p.profile_id ORDER BY p.profile_id) AS profiles
    FROM src s JOIN {profile_surveys} p
      ON p.field_slug = s.field_slug AND p.occupation_slug = s.occupation_slug
    GROUP BY s.survey_id
)
SELECT s.cycle, s.survey_id, s.field, s.occupation, s.field_slug, s.occupation_slug,
       s.region, s.date,
       greatest(coalesce(a.organisations, 0), coalesce(b.organisations, 0)) AS organisations,
       a.respondents,
       coalesce(i.items, 0) AS items,
       s.layout, s.files,
       coalesce(f.profiles, []::VARCHAR[]) AS profiles
FROM src s
LEFT JOIN a USING (survey_id)
LEFT JOIN b USING (survey_id)
LEFT JOIN items i USING (survey_id)
LEFT JOIN fed f USING (survey_id)
ORDER BY s.cycle, s.survey_id;
"""
NO_PROFILES = "(SELECT NULL::VARCHAR AS profile_id, NULL::VARCHAR AS field_slug, NULL::VARCHAR AS occupation_slug WHERE false)"


def create_survey_view(con: duckdb.DuckDBPyConnection) -> None:
    """The ``surveys`` view (after the profiles are computed, when they are)."""
    source = "profile_surveys" if table_exists(con, "profile_surveys") else NO_PROFILES
    con.execute(SURVEYS_SQL.format(profile_surveys=source))


def unfed_surveys(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Surveys that feed no profile, one row per field and occupation (all its cycles):
    field_slug, occupation_slug, occupation (as written, latest), cycles, survey_ids, files."""
    cur = con.execute("""
        SELECT field_slug, occupation_slug, arg_max(occupation, cycle) AS occupation,
               list(DISTINCT cycle ORDER BY cycle) AS cycles,
               list(survey_id ORDER BY cycle, survey_id) AS survey_ids,
               flatten(list(files ORDER BY cycle, survey_id)) AS files
        FROM surveys WHERE len(profiles) = 0
        GROUP BY field_slug, occupation_slug ORDER BY field_slug, occupation_slug
    """)
    return rows_as_dicts(cur)
