"""Evidence beyond the survey in the store: qualification requirements (ePerusteet), job
ads and interviews, with lineage in every row, and the views pages, open data and the
overview read (docs/store.md, section Evidence; docs/evidence.md).

Confidential, for checking only (never read by anything published): ``evidence_ads.title``
(an ad's title may name its employer). Employer names, ad texts, interviewees' and their
organisations' names are never stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import duckdb
import pandas as pd

from pipeline.evidence.collect import EvidenceInputs, ProfileEvidence
from pipeline.evidence.config import EvidenceSetup
from pipeline.store.connection import bulk_insert, rows_as_dicts, table_exists

TABLES_SQL = """
CREATE OR REPLACE TABLE evidence_qualifications(
    peruste_id BIGINT, diaarinumero VARCHAR, name JSON, codes VARCHAR[], koulutustyyppi VARCHAR,
    url VARCHAR, api_url VARCHAR, file VARCHAR, sha256 VARCHAR);
CREATE OR REPLACE TABLE evidence_requirements(
    peruste_id BIGINT, requirement_id VARCHAR, listing INTEGER, code VARCHAR, uri VARCHAR,
    text_fi VARCHAR, text_sv VARCHAR, text_en VARCHAR, area_fi VARCHAR, unit_id BIGINT,
    unit_code VARCHAR, unit_name_fi VARCHAR, unit_name_sv VARCHAR, url VARCHAR, file VARCHAR,
    json_path VARCHAR);
CREATE OR REPLACE TABLE evidence_requirement_map(
    item_ref VARCHAR, requirement_id VARCHAR, status VARCHAR, note VARCHAR, file VARCHAR,
    "row" INTEGER);
CREATE OR REPLACE TABLE profile_qualifications(
    profile_id VARCHAR, peruste_id BIGINT, reference VARCHAR, source VARCHAR);
CREATE OR REPLACE TABLE profile_item_requirement_pairs(
    profile_id VARCHAR, cycle INTEGER, item_id VARCHAR, requirement_id VARCHAR, file VARCHAR,
    "row" INTEGER);
CREATE OR REPLACE TABLE profile_item_coverage(
    profile_id VARCHAR, cycle INTEGER, item_id VARCHAR, item VARCHAR, theme VARCHAR,
    change DOUBLE, growing BOOLEAN, status VARCHAR, requirement_ids VARCHAR[],
    pending_requirement_ids VARCHAR[], threshold DOUBLE);
CREATE OR REPLACE TABLE profile_requirement_queue(
    profile_id VARCHAR, cycle INTEGER, item_id VARCHAR, item VARCHAR, requirement_id VARCHAR,
    requirement VARCHAR, unit_code VARCHAR, unit_name VARCHAR, url VARCHAR, score DOUBLE,
    shared VARCHAR[]);
CREATE OR REPLACE TABLE evidence_ads(
    ad_id VARCHAR, title VARCHAR, date DATE, region VARCHAR, occupation VARCHAR,
    occupation_code VARCHAR, file VARCHAR, "row" INTEGER);
CREATE OR REPLACE TABLE profile_ads(profile_id VARCHAR, ad_id VARCHAR);
CREATE OR REPLACE TABLE evidence_ad_mentions(
    profile_id VARCHAR, cycle INTEGER, item_id VARCHAR, ad_id VARCHAR, term VARCHAR,
    file VARCHAR, "row" INTEGER);
CREATE OR REPLACE TABLE profile_ad_evidence(
    profile_id VARCHAR, cycle INTEGER, item_id VARCHAR, n_mentions INTEGER, n_ads INTEGER,
    period_start DATE, period_end DATE, terms VARCHAR[], terms_source VARCHAR);
CREATE OR REPLACE TABLE evidence_interviews(
    profile_id VARCHAR, date DATE, interviewee_role VARCHAR, organisation_type VARCHAR,
    n_quotes INTEGER, n_published INTEGER, file VARCHAR);
CREATE OR REPLACE TABLE evidence_quotes(
    profile_id VARCHAR, quote_index INTEGER, text VARCHAR, date DATE, interviewee_role VARCHAR,
    organisation_type VARCHAR, items VARCHAR[], themes VARCHAR[], file VARCHAR, line INTEGER);
CREATE OR REPLACE TABLE profile_item_quotes(
    profile_id VARCHAR, cycle INTEGER, item_id VARCHAR, file VARCHAR, quote_index INTEGER);
"""

# The published views: counts, codes and texts that are published anyway; no names.
VIEWS_SQL = """
-- Each confirmed pair with what a page shows of its requirement (its first listing).
CREATE OR REPLACE VIEW profile_item_requirements AS
SELECT p.profile_id, p.cycle, p.item_id, p.requirement_id, r.code, r.text_fi, r.text_sv,
       r.text_en, r.unit_code, r.unit_name_fi, r.unit_name_sv, r.url, q.peruste_id,
       p.file, p."row"
FROM profile_item_requirement_pairs p
JOIN profile_qualifications q USING (profile_id)
JOIN evidence_requirements r
  ON r.peruste_id = q.peruste_id AND r.requirement_id = p.requirement_id AND r.listing = 1
ORDER BY p.profile_id, p.cycle, p.item_id, p.requirement_id;

-- Per profile item, its evidence from every source: the survey's organisations, the
-- qualification's requirement codes and coverage, the ads that mention it, quotes.
CREATE OR REPLACE VIEW profile_item_evidence AS
WITH reqs AS (
    SELECT profile_id, cycle, item_id,
           list(requirement_id ORDER BY requirement_id) AS requirement_ids,
           list(code ORDER BY requirement_id) FILTER (WHERE code IS NOT NULL) AS requirement_codes
    FROM profile_item_requirements GROUP BY ALL
), quotes AS (
    SELECT profile_id, cycle, item_id, count(*) AS n_quotes
    FROM profile_item_quotes GROUP BY ALL
)
SELECT i.profile_id, i.cycle, i.item_id, i.item, i.theme, i.n_organisations,
       coalesce(r.requirement_ids, []) AS requirement_ids,
       coalesce(r.requirement_codes, []) AS requirement_codes,
       c.status AS coverage, coalesce(c.pending_requirement_ids, []) AS pending_requirement_ids,
       a.n_mentions AS n_ad_mentions, a.n_ads, a.period_start AS ad_period_start,
       a.period_end AS ad_period_end, a.terms_source AS ad_terms_source,
       CAST(coalesce(q.n_quotes, 0) AS INTEGER) AS n_quotes
FROM profile_items i
LEFT JOIN reqs r USING (profile_id, cycle, item_id)
LEFT JOIN profile_item_coverage c USING (profile_id, cycle, item_id)
LEFT JOIN profile_ad_evidence a USING (profile_id, cycle, item_id)
LEFT JOIN quotes q USING (profile_id, cycle, item_id)
ORDER BY i.profile_id, i.cycle, i.item_id;

-- Per profile, cycle and theme: growing competences, and how many of them the
-- qualification's requirements do not cover (profiles with a saved qualification only).
CREATE OR REPLACE VIEW theme_requirement_gaps AS
SELECT profile_id, cycle, theme,
       CAST(count(*) FILTER (WHERE growing) AS INTEGER) AS n_growing,
       CAST(count(*) FILTER (WHERE status = 'gap') AS INTEGER) AS n_not_required
FROM profile_item_coverage
GROUP BY profile_id, cycle, theme
ORDER BY profile_id, cycle, theme NULLS LAST;
"""


def write_evidence(
    con: duckdb.DuckDBPyConnection,
    setup: EvidenceSetup,
    inputs: EvidenceInputs,
    profiles: Sequence[ProfileEvidence],
    references: Iterable[tuple[str, int, str, str]],
) -> None:
    """Every evidence table and view, anew (``references``: profile id, peruste id, the
    reference written, and where: ``osaaja.yaml`` or ``profiles.yaml``)."""
    con.execute(TABLES_SQL)
    _insert(con, "evidence_qualifications", _qualifications(inputs))
    _insert(con, "evidence_requirements", _requirements(inputs))
    rmap = setup.requirement_map
    _insert(
        con,
        "evidence_requirement_map",
        [
            (d.item_ref, d.requirement_id, d.status, d.note, rmap.path, d.line)
            for d in rmap.decisions
        ],
    )
    _insert(con, "profile_qualifications", list(references))
    pairs, cover, queue, ads, mentions, per_item, quote_links = [], [], [], [], [], [], []
    for p in profiles:
        pairs += [(p.profile_id, p.cycle, i, r, rmap.path, line) for i, r, line in p.confirmed]
        cover += _coverage_rows(p)
        queue += [
            (
                e.profile_id,
                p.cycle,
                e.proposal.item_id,
                e.proposal.item,
                e.proposal.requirement_id,
                e.proposal.requirement,
                e.proposal.unit_code,
                e.proposal.unit_name,
                e.proposal.url,
                e.proposal.score,
                list(e.proposal.shared),
            )
            for e in p.queue
        ]
        ads += [(p.profile_id, ad_id) for ad_id in p.ad_ids or ()]
        mentions += [
            (m.profile_id, p.cycle, m.item_id, m.ad_id, m.term, m.file, m.row) for m in p.mentions
        ]
        per_item += [
            (
                e.profile_id,
                p.cycle,
                e.item_id,
                e.n_mentions,
                e.n_ads,
                e.period.start if e.period else None,
                e.period.end if e.period else None,
                list(e.terms),
                e.terms_source,
            )
            for e in p.ads
        ]
        quote_links += [(p.profile_id, p.cycle, i, f, n) for i, f, n in p.quote_links]
    _insert(con, "profile_item_requirement_pairs", pairs)
    _insert(con, "profile_item_coverage", cover)
    _insert(con, "profile_requirement_queue", queue)
    _insert(
        con,
        "evidence_ads",
        [
            (a.id, a.title, a.date, a.region, a.occupation, a.occupation_code, a.file, a.row)
            for a in inputs.ads
        ],
    )
    _insert(con, "profile_ads", sorted(set(ads)))
    _insert(con, "evidence_ad_mentions", mentions)
    _insert(con, "profile_ad_evidence", per_item)
    _insert(
        con,
        "evidence_interviews",
        [
            (
                n.profile_id,
                n.date,
                n.interviewee_role,
                n.organisation_type,
                n.n_quotes,
                n.n_published,
                n.file,
            )
            for n in inputs.interviews
        ],
    )
    _insert(
        con,
        "evidence_quotes",
        [
            (
                q.profile_id,
                q.index,
                q.text,
                q.date,
                q.interviewee_role,
                q.organisation_type,
                list(q.items),
                list(q.themes),
                q.file,
                q.line,
            )
            for q in inputs.quotes
        ],
    )
    _insert(con, "profile_item_quotes", quote_links)
    con.execute(VIEWS_SQL)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list) -> None:
    if rows:
        columns = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall()]
        bulk_insert(con, table, pd.DataFrame(rows, columns=columns))


def _qualifications(inputs: EvidenceInputs) -> list[tuple]:
    return [
        (
            q.peruste_id,
            q.diaarinumero,
            json.dumps(q.name, ensure_ascii=False, sort_keys=True),
            list(q.codes),
            q.koulutustyyppi,
            q.url,
            q.api_url,
            q.file,
            q.sha256,
        )
        for q in inputs.qualifications
    ]


def _requirements(inputs: EvidenceInputs) -> list[tuple]:
    rows = []
    for q in inputs.qualifications:
        listings: dict[str, int] = {}
        for r in q.requirements:
            listings[r.id] = listings.get(r.id, 0) + 1
            rows.append(
                (
                    q.peruste_id,
                    r.id,
                    listings[r.id],
                    r.code,
                    r.uri,
                    r.text.get("fi"),
                    r.text.get("sv"),
                    r.text.get("en"),
                    (r.area or {}).get("fi"),
                    r.unit_id,
                    r.unit_code,
                    r.unit_name.get("fi"),
                    r.unit_name.get("sv"),
                    r.url,
                    r.file,
                    r.path,
                )
            )
    return rows


def _coverage_rows(p: ProfileEvidence) -> list[tuple]:
    cov = p.coverage
    if cov is None:
        return []
    required = {c.item_id: c for c in cov.required}
    gaps = {g.item_id: g for g in cov.gaps}
    rows = []
    for it in p.items:
        item_id = it.item_id
        ids = [r.id for r in required[item_id].requirements] if item_id in required else []
        status = "required" if ids else "gap" if item_id in gaps else "not_growing"
        pending = list(gaps[item_id].pending) if item_id in gaps else []
        rows.append(
            (
                p.profile_id,
                p.cycle,
                item_id,
                it.item,
                it.theme,
                it.change,
                item_id in p.growing,
                status,
                ids,
                pending,
                cov.threshold,
            )
        )
    return rows


# --- reading ---------------------------------------------------------------------------------


def has_evidence(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether this store was built with the evidence tables (every build since issue 16)."""
    return table_exists(con, "profile_item_coverage")


def confidential_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every organisation and respondent name of the survey: quotes must name none."""
    return [
        r[0]
        for r in con.execute("""
            SELECT DISTINCT name FROM (
                SELECT organisation AS name FROM ratings_raw
                UNION ALL SELECT respondent FROM ratings_raw)
            WHERE name IS NOT NULL AND trim(name) <> '' ORDER BY name
        """).fetchall()
    ]


def item_identities(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """item key -> item id, for every text any survey has."""
    return dict(con.execute("SELECT item_key, item_id FROM item_identity").fetchall())


def item_evidence_rows(con: duckdb.DuckDBPyConnection, profile_id: str, cycle: int) -> list[dict]:
    """``profile_item_evidence`` of one profile's cycle, with each item's requirements."""
    rows = rows_as_dicts(
        con.execute(
            "SELECT * FROM profile_item_evidence WHERE profile_id = ? AND cycle = ?",
            [profile_id, cycle],
        )
    )
    reqs: dict[str, list[dict]] = {}
    for r in rows_as_dicts(
        con.execute(
            "SELECT * FROM profile_item_requirements WHERE profile_id = ? AND cycle = ?",
            [profile_id, cycle],
        )
    ):
        reqs.setdefault(r["item_id"], []).append(r)
    for row in rows:
        row["requirements"] = reqs.get(row["item_id"], [])
    return rows


def profile_evidence_row(con: duckdb.DuckDBPyConnection, profile_id: str, cycle: int) -> dict:
    """One profile's evidence: its qualification (or None), ads, interviews and quotes."""
    qual = rows_as_dicts(
        con.execute(
            """
            SELECT q.*, pq.reference,
                   (SELECT count(*) FROM profile_item_coverage c WHERE c.profile_id = $p
                    AND c.cycle = $c AND c.status = 'required') AS n_required,
                   (SELECT count(*) FROM profile_item_coverage c WHERE c.profile_id = $p
                    AND c.cycle = $c AND c.status = 'gap') AS n_gaps,
                   (SELECT any_value(threshold) FROM profile_item_coverage c
                    WHERE c.profile_id = $p AND c.cycle = $c) AS threshold
            FROM profile_qualifications pq JOIN evidence_qualifications q USING (peruste_id)
            WHERE pq.profile_id = $p
            """,
            {"p": profile_id, "c": cycle},
        )
    )
    ads = con.execute(
        """
        SELECT (SELECT count(*) FROM profile_ads WHERE profile_id = $p),
               any_value(period_start), any_value(period_end), count(*) > 0
        FROM profile_ad_evidence WHERE profile_id = $p AND cycle = $c
        """,
        {"p": profile_id, "c": cycle},
    ).fetchone()
    quotes = rows_as_dicts(
        con.execute(
            """
            SELECT q.text, q.date, q.interviewee_role, q.organisation_type, q.themes,
                   coalesce((SELECT list(l.item_id ORDER BY l.item_id) FROM profile_item_quotes l
                    WHERE l.profile_id = q.profile_id AND l.cycle = $c AND l.file = q.file
                      AND l.quote_index = q.quote_index), []) AS item_ids
            FROM evidence_quotes q WHERE q.profile_id = $p
            ORDER BY q.date, q.file, q.quote_index
            """,
            {"p": profile_id, "c": cycle},
        )
    )
    n_interviews = con.execute(
        "SELECT count(*) FROM evidence_interviews WHERE profile_id = ?", [profile_id]
    ).fetchone()[0]
    return {
        "qualification": qual[0] if qual else None,
        "n_ads": ads[0] if ads[3] else None,
        "ads_period_start": ads[1],
        "ads_period_end": ads[2],
        "n_interviews": n_interviews,
        "quotes": quotes,
    }


def requirement_queue_rows(
    con: duckdb.DuckDBPyConnection, profile_ids: Sequence[str] = ()
) -> list[dict]:
    """The review queue (undecided proposals of the latest cycles), by profile and item."""
    return rows_as_dicts(
        con.execute(
            """
            SELECT * FROM profile_requirement_queue
            WHERE len($ids) = 0 OR list_contains($ids, profile_id)
            ORDER BY profile_id, item, score DESC, requirement_id
            """,
            {"ids": list(profile_ids)},
        )
    )


def evidence_status_rows(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Per profile's latest cycle: what evidence it has (counts only)."""
    return rows_as_dicts(
        con.execute("""
        WITH latest AS (SELECT profile_id, max(cycle) AS cycle FROM profile_cycles GROUP BY ALL)
        SELECT l.profile_id, l.cycle, pq.peruste_id, pq.reference,
               CAST(count(c.item_id) FILTER (WHERE c.status = 'required') AS INTEGER) AS n_required,
               CAST(count(c.item_id) FILTER (WHERE c.status = 'gap') AS INTEGER) AS n_gaps,
               (SELECT CAST(count(*) AS INTEGER) FROM profile_requirement_queue r
                WHERE r.profile_id = l.profile_id) AS n_queue,
               (SELECT CAST(count(*) AS INTEGER) FROM profile_ads a
                WHERE a.profile_id = l.profile_id) AS n_ads,
               (SELECT count(*) > 0 FROM profile_ad_evidence e
                WHERE e.profile_id = l.profile_id) AS ads_configured,
               (SELECT CAST(count(*) FILTER (WHERE e.n_mentions > 0) AS INTEGER)
                FROM profile_ad_evidence e
                WHERE e.profile_id = l.profile_id AND e.cycle = l.cycle) AS n_items_in_ads,
               (SELECT CAST(count(*) AS INTEGER) FROM evidence_interviews i
                WHERE i.profile_id = l.profile_id) AS n_interviews,
               (SELECT CAST(count(*) AS INTEGER) FROM evidence_quotes q
                WHERE q.profile_id = l.profile_id) AS n_quotes
        FROM latest l
        LEFT JOIN profile_qualifications pq USING (profile_id)
        LEFT JOIN profile_item_coverage c ON c.profile_id = l.profile_id AND c.cycle = l.cycle
        GROUP BY ALL ORDER BY l.profile_id
        """)
    )
