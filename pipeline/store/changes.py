"""Change between survey cycles, by item identity: one rule for new, dropped, rising,
falling and steady items, read by the diff report, the profiles' trend badges and the
analysts' ``item_changes`` view alike.

The threshold is the ``trend_threshold`` recorded in ``meta`` when the profiles were
computed (a value, never pasted into SQL text). A figure resting on fewer organisations
than the minimum, or missing, is not compared.
"""

from __future__ import annotations

import duckdb
import pandas as pd

CHANGE_STATUSES = ("new", "rising", "falling", "dropped", "not_compared", "steady")

CHANGES_SQL = """
-- Every pair of cycles of a profile, earlier first.
CREATE OR REPLACE VIEW profile_cycle_pairs AS
SELECT a.profile_id, a.cycle AS previous_cycle, b.cycle
FROM profile_cycles a JOIN profile_cycles b ON a.profile_id = b.profile_id AND a.cycle < b.cycle;

CREATE OR REPLACE VIEW item_changes_any AS
WITH threshold AS (
    SELECT CAST(value AS DOUBLE) AS t FROM meta WHERE key = 'trend_threshold'
), keys AS (
    SELECT DISTINCT pr.profile_id, pr.previous_cycle, pr.cycle, i.item_id
    FROM profile_cycle_pairs pr JOIN profile_items i
      ON i.profile_id = pr.profile_id AND i.cycle IN (pr.previous_cycle, pr.cycle)
)
SELECT k.profile_id, f.field_slug AS field, k.previous_cycle, k.cycle, k.item_id,
       coalesce(c.item, b.item) AS item,
       b.item AS previous_item,
       coalesce(c.theme, b.theme) AS theme,
       CASE WHEN b.item_id IS NULL THEN 'new'
            WHEN c.item_id IS NULL THEN 'dropped'
            WHEN NOT (c.future_published AND b.future_published) THEN 'not_compared'
            -- 9 decimals first: 4.3 - 4.0 is 0.2999… in binary and must count as 0.3
            WHEN round(c.mean_future - b.mean_future, 9) >= th.t THEN 'rising'
            WHEN round(c.mean_future - b.mean_future, 9) <= -th.t THEN 'falling'
            ELSE 'steady' END AS status,
       b.n_organisations AS previous_n_organisations,
       c.n_organisations,
       b.mean_future AS previous_mean_future,
       c.mean_future,
       c.mean_future - b.mean_future AS future_change,
       coalesce(b.future_published, false) AS previous_future_published,
       coalesce(c.future_published, false) AS future_published,
       coalesce(b.suppressed, false) OR coalesce(c.suppressed, false) AS below_minimum
FROM keys k
CROSS JOIN threshold th
LEFT JOIN profile_surveys f ON f.profile_id = k.profile_id AND f.entry = 0
LEFT JOIN profile_items c ON c.profile_id = k.profile_id AND c.cycle = k.cycle AND c.item_id = k.item_id
LEFT JOIN profile_items b ON b.profile_id = k.profile_id AND b.cycle = k.previous_cycle AND b.item_id = k.item_id
ORDER BY k.profile_id, k.previous_cycle, k.cycle, k.item_id;

-- Each profile's items since its previous cycle.
CREATE OR REPLACE VIEW item_changes AS
SELECT ch.* FROM item_changes_any ch
SEMI JOIN profile_cycles pc
    ON pc.profile_id = ch.profile_id AND pc.cycle = ch.cycle AND pc.previous_cycle = ch.previous_cycle
ORDER BY ch.profile_id, ch.cycle, ch.item_id;

-- The trend badge of each item of a profile's cycle (none for a first cycle, or when a
-- figure is not compared), and the previous figure where it may be published.
CREATE OR REPLACE VIEW profile_item_trends AS
SELECT profile_id, cycle, item_id, previous_cycle,
       CASE WHEN previous_future_published THEN previous_mean_future END AS previous_mean_future,
       CASE WHEN status = 'not_compared' THEN NULL ELSE status END AS trend
FROM item_changes WHERE status <> 'dropped';

CREATE OR REPLACE VIEW theme_shares AS
SELECT profile_id, cycle, theme, count(*) AS n_items,
       count(*) / sum(count(*)) OVER (PARTITION BY profile_id, cycle) AS share
FROM profile_items
GROUP BY profile_id, cycle, theme
ORDER BY profile_id, cycle, theme NULLS LAST;
"""


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """The change views (after ``profiles.compute_profiles`` and ``meta.trend_threshold``)."""
    con.execute(CHANGES_SQL)


def cycles_in_store(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [
        r[0] for r in con.execute("SELECT DISTINCT cycle FROM sources ORDER BY cycle").fetchall()
    ]


def cycle_changes(con: duckdb.DuckDBPyConnection, previous_cycle: int, cycle: int) -> pd.DataFrame:
    """Each profile's items between two cycles (any two, not only consecutive ones); only
    profiles with data in both. Columns as the ``item_changes`` view."""
    return con.execute(
        """
        SELECT * FROM item_changes_any WHERE previous_cycle = $prev AND cycle = $cur
        ORDER BY profile_id, cycle, item_id
    """,
        {"prev": int(previous_cycle), "cur": int(cycle)},
    ).df()


def theme_share_pairs(
    con: duckdb.DuckDBPyConnection, previous_cycle: int, cycle: int
) -> pd.DataFrame:
    """Theme shares of each profile then and now (profiles with data in both cycles)."""
    return con.execute(
        """
        WITH shares AS (
            SELECT * FROM theme_shares WHERE cycle IN ($prev, $cur)
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
