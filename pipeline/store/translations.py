"""The survey texts pages show, for the translation catalogue (``osaaja translations``)."""

from __future__ import annotations

import duckdb

# Every text of every survey (all cycles, so that a reworded item finds its earlier
# wording), with the profiles that show it: a survey without a profile is named by its id.
# A survey without a name is named on pages by its field and occupation.
SOURCES_SQL = """
WITH owners AS (
    SELECT DISTINCT src.survey_id, coalesce(ps.profile_id, src.survey_id) AS "where"
    FROM sources src
    LEFT JOIN profile_surveys ps
      ON ps.field_slug = src.field_slug AND ps.occupation_slug = src.occupation_slug
), items AS (
    SELECT DISTINCT cycle, survey_id, item, item_id, area, sub_area FROM item_scores
)
SELECT 'item' AS kind, i.item AS text, o."where", i.item_id, i.cycle
FROM items i JOIN owners o USING (survey_id)
UNION SELECT 'area', i.area, o."where", NULL, NULL FROM items i JOIN owners o USING (survey_id)
UNION SELECT 'sub-area', i.sub_area, o."where", NULL, NULL FROM items i JOIN owners o USING (survey_id)
UNION SELECT 'region', s.region, o."where", NULL, NULL FROM sources s JOIN owners o USING (survey_id)
UNION SELECT 'horizon', s.horizon, o."where", NULL, NULL FROM sources s JOIN owners o USING (survey_id)
UNION SELECT 'survey', s.survey, o."where", NULL, NULL FROM sources s JOIN owners o USING (survey_id)
UNION SELECT 'field', s.field, o."where", NULL, NULL FROM sources s JOIN owners o USING (survey_id)
    WHERE s.survey IS NULL
UNION SELECT 'occupation', s.occupation, o."where", NULL, NULL FROM sources s JOIN owners o USING (survey_id)
    WHERE s.survey IS NULL
ORDER BY 1, 2, 3, 4, 5
"""


def translation_source_rows(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """(kind, text, where, item_id, cycle) of every survey text; empty texts left out."""
    cur = con.execute(SOURCES_SQL)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall() if row[1]]
