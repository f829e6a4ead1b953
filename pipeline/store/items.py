"""Items in the store: their distinct texts, identities and themes."""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from pipeline.store.connection import bulk_insert


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


def distinct_item_surveys(
    con: duckdb.DuckDBPyConnection,
) -> list[tuple[str, str | None, str, str | None, str | None]]:
    """Distinct (item_key, item_code, text, field_slug, occupation_slug), sorted: every
    field and occupation an item was surveyed in (``themes.classify`` applies a scoped
    rule when one of them is in the rule's scope). The slugs come from the item's sheet
    in ``sources``."""
    return con.execute("""
        WITH rows AS (
            SELECT item_key, item_code, item, file, sheet FROM ratings_raw
            UNION
            SELECT item_key, item_code, item, file, sheet FROM summary_raw
        )
        SELECT DISTINCT r.item_key, r.item_code, r.item, s.field_slug, s.occupation_slug
        FROM rows r LEFT JOIN sources s USING (file, sheet)
        ORDER BY ALL NULLS FIRST
    """).fetchall()


def item_occurrences(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Each (survey, item text, code) once, where it first occurs: (survey_id, item_key,
    item_code, item, file, sheet, row), in a stable order (``identity.Occurrence``)."""
    return con.execute("""
        WITH rows AS (
            SELECT survey_id, item_key, item_code, item, file, sheet, "row" FROM ratings_raw
            UNION ALL
            SELECT survey_id, item_key, item_code, item, file, sheet, "row" FROM summary_raw
        )
        SELECT survey_id, item_key, item_code, arg_min(item, "row"), arg_min(file, "row"),
               arg_min(sheet, "row"), min("row")
        FROM rows GROUP BY survey_id, item_key, item_code
        ORDER BY survey_id, item_key, item_code NULLS FIRST
    """).fetchall()


def write_item_identity(con: duckdb.DuckDBPyConnection, ids: dict[str, str]) -> None:
    """Replace ``item_identity`` with item_key -> item_id."""
    con.execute("DELETE FROM item_identity")
    frame = pd.DataFrame(sorted(ids.items()), columns=["item_key", "item_id"])
    if len(frame):
        bulk_insert(con, "item_identity", frame)


def identity_collisions(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, list[str]]]:
    """(survey_id, item_id, texts) where one survey has two different items with one identity
    (an alias or a shared code would pool them into one profile item)."""
    return con.execute("""
        SELECT survey_id, item_id, list(item ORDER BY item_key) AS items
        FROM item_scores GROUP BY survey_id, item_id
        HAVING count(DISTINCT item_key) > 1
        ORDER BY survey_id, item_id
    """).fetchall()


def write_item_themes(
    con: duckdb.DuckDBPyConnection, assignments: dict[str, Any], rules_sha256: str
) -> None:
    """Replace ``item_themes`` with one row per item key (``themes.Assignment`` objects):
    the theme, its evidence and its doubts (codes joined by ", "; NULL when confident)."""
    frame = pd.DataFrame(
        [
            (
                a.item_key,
                a.theme,
                list(a.tags),
                a.source,
                rules_sha256,
                a.evidence or None,
                ", ".join(a.doubts) or None,
            )
            for a in sorted(assignments.values(), key=lambda a: a.item_key)
        ],
        columns=[
            "item_key",
            "theme",
            "tags",
            "theme_source",
            "rules_sha256",
            "evidence",
            "doubt",
        ],
    )
    con.execute("DELETE FROM item_themes")
    if len(frame):
        bulk_insert(con, "item_themes", frame)


def item_theme_rows(
    con: duckdb.DuckDBPyConnection,
) -> list[tuple[str, str, str | None, list[str], str | None, str | None, str | None]]:
    """Every themed item as stored: (item_key, text, theme, tags, theme_source, evidence,
    doubt), by item key; the text is the item's first as written (as theming takes it)."""
    return con.execute("""
        WITH texts AS (
            SELECT item_key, min(item) AS item FROM (
                SELECT item_key, item FROM ratings_raw
                UNION SELECT item_key, item FROM summary_raw
            ) GROUP BY item_key
        )
        SELECT t.item_key, coalesce(x.item, t.item_key), t.theme, coalesce(t.tags, []),
               t.theme_source, t.evidence, t.doubt
        FROM item_themes t LEFT JOIN texts x USING (item_key)
        ORDER BY t.item_key
    """).fetchall()


def rules_version(con: duckdb.DuckDBPyConnection) -> str:
    """The sha256 of the themes.yaml the items were themed with ('' when not themed)."""
    row = con.execute("SELECT min(rules_sha256) FROM item_themes").fetchone()
    return row[0] or ""


def analyst_rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Every item of every survey with its theme, in the field order of ``analyst.AnalystRow``."""
    return con.execute("""
        SELECT cycle, survey_id, field, occupation, area, sub_area, item, item_key, item_code, kind,
               n_organisations, mean_now, mean_future, change, theme,
               coalesce(theme_tags, []) AS theme_tags, theme_source, theme_evidence, theme_doubt,
               n_now, n_future
        FROM item_scores
        ORDER BY cycle, survey_id, item_key
    """).fetchall()
