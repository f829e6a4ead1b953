"""Evidence beyond the survey: read inside the one store write (``derive``), and the
analyst's review commands (``osaaja evidence status``, ``osaaja evidence proposals``).

A bad evidence file stops the run as a bad workbook does: every problem of every evidence
file is listed and the store stays as it was (docs/evidence.md).
"""

from __future__ import annotations

import duckdb

from pipeline import store
from pipeline.errors import DataError, UsageError
from pipeline.evidence import collect
from pipeline.stages.core import Run, StageResult
from pipeline.stages.review import profiles_store


def derive_evidence(con: duckdb.DuckDBPyConnection, run: Run) -> list[str]:
    """Read the evidence files, check them against the survey in ``con``, and write the
    evidence tables and views (after the profiles are computed). Returns the run
    summary's lines: what was read, and the requirement review queue."""
    config = run.config
    setup = config.evidence
    specs = config.profiles or ()
    inputs, problems = collect.read_inputs(
        setup, store.confidential_names(con), [t.id for t in config.rules.themes]
    )
    identity_of = collect.identity_resolver(store.item_identities(con))
    problems += collect.check_inputs(inputs, setup, [s.id for s in specs], identity_of)
    if problems:
        files = sorted({p.file for p in problems})
        raise DataError(
            problems,
            headline=f"{len(problems)} problem(s) in the evidence ({', '.join(files)}); "
            "nothing was changed.",
        )
    threshold = setup.config.gap_threshold or config.trend_threshold
    store.set_meta(con, "gap_threshold", threshold)
    results, references = [], []
    for spec in specs:
        code = spec.qualification.code if spec.qualification else None
        qualification = collect.qualification_of(spec.id, code, setup, inputs)
        if qualification is not None:
            written = setup.config.qualifications.get(spec.id)
            source = "osaaja.yaml" if written is not None else "profiles.yaml"
            references.append((spec.id, qualification.peruste_id, written or code, source))
        cycles = [int(r["cycle"]) for r in store.profile_cycles(con, spec.id)]
        for cycle in cycles:
            items = [
                collect.EvidenceItem(
                    r["item_id"], r["item"], r["theme"], _float(r["change"]), bool(r["suppressed"])
                )
                for r in store.profile_item_rows(con, spec.id, cycle)
            ]
            results.append(
                collect.profile_evidence(
                    spec.id,
                    cycle,
                    items,
                    latest=cycle == cycles[-1],
                    qualification=qualification,
                    setup=setup,
                    inputs=inputs,
                    threshold=threshold,
                    identity_of=identity_of,
                )
            )
    store.write_evidence(con, setup, inputs, results, references)
    return summary_lines(inputs, results)


def summary_lines(
    inputs: collect.EvidenceInputs, results: list[collect.ProfileEvidence]
) -> list[str]:
    """One line of what was read, and the requirement queue next to the theme queues."""
    if not (inputs.qualifications or inputs.ads or inputs.interviews):
        return []
    with_evidence = {
        r.profile_id for r in results if r.qualification or r.ad_ids is not None or r.quote_links
    }
    n_quotes = len(inputs.quotes)
    lines = [
        f"evidence: {len(inputs.qualifications)} qualification(s), {len(inputs.ads)} job ad(s), "
        f"{len(inputs.interviews)} interview note(s) with {n_quotes} publishable quote(s); "
        f"{len(with_evidence)} profile(s) have evidence beside the survey"
    ]
    queue = [e for r in results for e in r.queue]
    if queue:
        items = len({(e.profile_id, e.proposal.item_id) for e in queue})
        lines.append(
            f"requirement queue: {len(queue)} proposal(s) for {items} item(s) await review "
            "(`osaaja evidence proposals` prints lines for the requirement map)"
        )
    return lines


def _float(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if value != value else value


# --- review commands -----------------------------------------------------------------------


def run_evidence_status(run: Run) -> StageResult:
    """Per profile: its qualification and coverage, the review queue, ads and interviews."""
    with profiles_store(run) as con:
        _require_evidence(run, con)
        rows = store.evidence_status_rows(con)
        queue = store.requirement_queue_rows(con)
    ads = run.config.evidence.config.job_ads
    period = ads.period.label() if ads is not None and ads.period else "every date"
    lines = [
        f"{'profile':<38} {'qualification':<14} {'required':>8} {'gaps':>5} {'queue':>6} "
        f"{'ads':>5} {'in ads':>7} {'notes':>6} {'quotes':>7}"
    ]
    for r in rows:
        lines.append(
            f"{r['profile_id']:<38} {_dash(r['peruste_id']):<14} "
            f"{_dash(r['n_required'], r['peruste_id']):>8} {_dash(r['n_gaps'], r['peruste_id']):>5} "
            f"{r['n_queue']:>6} {_dash(r['n_ads'], r['ads_configured']):>5} "
            f"{_dash(r['n_items_in_ads'], r['ads_configured']):>7} {r['n_interviews']:>6} "
            f"{r['n_quotes']:>7}"
        )
    n_with = sum(1 for r in rows if r["peruste_id"] or r["ads_configured"] or r["n_quotes"])
    lines.append(
        f"{n_with} of {len(rows)} profile(s) have evidence beside the survey; ads counted "
        f"in {period}; {len(queue)} requirement proposal(s) await review"
    )
    if queue:
        lines.append(
            "review them: `osaaja evidence proposals` prints lines for "
            f"{run.config.evidence.requirement_map.path or 'raw/evidence/requirement_map.yaml'}"
        )
    return StageResult(lines)


def run_evidence_proposals(run: Run, profile_ids: tuple[str, ...]) -> StageResult:
    """The review queue as lines ready for the requirement map, each under a comment with
    the requirement, its unit, the score and the words that matched."""
    known = {s.id for s in run.config.require_profiles(run.project)}
    unknown = [p for p in profile_ids if p not in known]
    if unknown:
        raise UsageError(
            f"unknown profile(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    with profiles_store(run) as con:
        _require_evidence(run, con)
        queue = store.requirement_queue_rows(con, profile_ids)
    if not queue:
        return StageResult(["no requirement proposals await review"])
    path = run.config.evidence.requirement_map.path
    lines = [
        f"# {len(queue)} proposal(s) awaiting review. Paste the pairs under 'pairs:' in {path};",
        "# keep status: confirmed where the requirement covers the competence, write",
        "# status: rejected where it does not (a rejected pair is not proposed again).",
    ]
    seen: set[tuple[str, str]] = set()
    current = None
    for row in queue:
        key = (row["item_id"], row["requirement_id"])
        if key in seen:  # the same pair proposed for two profiles: one decision holds for both
            continue
        seen.add(key)
        if row["profile_id"] != current:
            current = row["profile_id"]
            lines.append(f"  # --- {current} (cycle {row['cycle']})")
        unit = f"{row['unit_name']} ({row['unit_code']})" if row["unit_code"] else row["unit_name"]
        item = f"item: {_quoted(row['item'])}"
        if row["item_id"].startswith("code:"):  # the export's code outlives rewordings
            item = f"item_code: {_quoted(row['item_id'][5:])}"
            lines.append(f"  # {row['item']}")
        lines.append(
            f"  # {row['score']:.2f} · {unit} · {row['requirement']} · "
            f"matched: {', '.join(row['shared'])}"
        )
        lines.append(
            f"  - {{{item}, requirement: {_quoted(row['requirement_id'])}, status: confirmed}}"
        )
    return StageResult(lines)


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _dash(value, present=True) -> str:
    return "-" if value is None or not present else str(value)


def _require_evidence(run: Run, con: duckdb.DuckDBPyConnection) -> None:
    if not store.has_evidence(con):
        raise DataError(
            [],
            headline=f"{run.project.store_path} was built before evidence was stored; "
            "run `osaaja build` first",
        )
