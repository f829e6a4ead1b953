"""Profiles as the store computed them, the quality checks, and the sign-off gate that
decides what may be published (``osaaja check``, ``osaaja signoff``)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb

from pipeline import profiles as profiles_mod
from pipeline import signoff, store, theme_review, themes, versions
from pipeline.checks import CheckContext, CheckReport, run_checks, write_checks_html
from pipeline.errors import DataError, Problem
from pipeline.model import Profile, Review, ReviewChange, ReviewEntry, ThemeInfo
from pipeline.stages.core import Run, StageResult, holding_build_lock


@contextlib.contextmanager
def profiles_store(run: Run) -> Iterator[duckdb.DuckDBPyConnection]:
    """The store, read-only, with a clear message when its profiles were never computed."""
    con = store.open_store(run.project.store_path)
    try:
        if not store.has_profiles(con):
            raise DataError(
                [
                    Problem(
                        str(run.project.store_path),
                        message="has no profiles computed yet; run `osaaja build` first",
                        code="store.no_profiles",
                    )
                ]
            )
        yield con
    finally:
        con.close()


def profiles_in(
    con: duckdb.DuckDBPyConnection, run: Run, *, cycle: int | None = None
) -> list[Profile]:
    """Every profile of ``raw/profiles.yaml`` as the store computed it, for its latest cycle
    (or ``cycle``). Profiles without data in that cycle are left out."""
    specs = run.config.require_profiles(run.project)
    rules_version = store.rules_version(con)
    with_evidence = store.has_evidence(con)
    out = []
    for spec in specs:
        cycles = [c for c in store.profile_cycles(con, spec.id) if cycle in (None, c["cycle"])]
        if not cycles:
            continue
        row = cycles[-1]
        items = store.profile_item_rows(con, spec.id, row["cycle"])
        previous = row["previous_cycle"]
        dropped = (
            store.dropped_items(con, spec.id, row["cycle"], previous)
            if previous is not None
            else []
        )
        item_evidence = evidence = None
        if with_evidence:
            rows = store.item_evidence_rows(con, spec.id, row["cycle"])
            item_evidence = {r["item_id"]: r for r in rows}
            evidence = store.profile_evidence_row(con, spec.id, row["cycle"])
        out.append(
            profiles_mod.assemble(
                spec,
                row,
                items,
                dropped,
                min_organisations=run.config.min_organisations,
                rules_version=rules_version,
                trend_threshold=run.config.trend_threshold,
                item_evidence=item_evidence,
                evidence=evidence,
            )
        )
    return out


def load_profiles(run: Run, *, cycle: int | None = None) -> list[Profile]:
    with profiles_store(run) as con:
        return profiles_in(con, run, cycle=cycle)


def theme_infos(run: Run) -> list[ThemeInfo]:
    """The themes (CV sections) pages draw, in CV order."""
    return themes.theme_infos(run.config.rules)


def context(run: Run) -> CheckContext:
    """What the checks read besides the profiles (translations, languages)."""
    return CheckContext(run.config.translations, run.config.languages)


@dataclass(frozen=True)
class Gate:
    """What decides publication: sign-off states, quality checks, and their verdict."""

    statuses: list[signoff.ProfileStatus]
    check_report: CheckReport
    excluded: dict[str, str]  # profile id -> why it is kept off the site
    colophons: dict[str, list]  # publishable profile id -> (role label, date) pairs
    refused: list[Problem]  # sign-off files that were refused
    signoffs: list[signoff.SignOff]
    reviews: dict[str, Review] = field(default_factory=dict)  # every profile, for its pages

    def refused_lines(self) -> list[str]:
        return [f"refused sign-off: {p}" for p in self.refused]


def publication_gate(run: Run, profiles: list[Profile], report: CheckReport | None = None) -> Gate:
    """Which profiles may be published, and their colophons (``report``: checks already run)."""
    rule = run.config.publication
    signoffs, refused = signoff.load_signoffs(run.project.signoffs_dir)
    statuses = signoff.status(profiles, signoffs, rule)
    report = report if report is not None else run_checks(profiles, run.config.checks, context(run))
    excluded = signoff.blocked_reasons(statuses, report)
    colophons = {
        s.profile_id: signoff.colophon(s, rule.show_reviewer_names)
        for s in statuses
        if s.profile_id not in excluded
    }
    reviews = {s.profile_id: review_of(s, rule.show_reviewer_names) for s in statuses}
    return Gate(statuses, report, excluded, colophons, refused, signoffs, reviews)


def review_of(status: signoff.ProfileStatus, show_names: bool) -> Review:
    """Where one profile's review stands, as its pages say it (``model.Review``)."""

    def entry(s: signoff.SignOff) -> ReviewEntry:
        return ReviewEntry(s.role, s.date, s.reviewer if show_names else None, s.comments)

    def by_date(signoffs) -> tuple[ReviewEntry, ...]:
        ordered = sorted(signoffs, key=lambda s: (s.date, signoff.ROLES.index(s.role), s.reviewer))
        return tuple(entry(s) for s in ordered)

    return Review(
        state=status.state,
        approvals=by_date(status.approvals),
        requests=by_date(status.requests),
        earlier=entry(status.stale[0].signoff) if status.stale else None,
        changes=tuple(ReviewChange(c.kind, c.subject, c.detail) for c in status.changes),
    )


def publication_plan(
    run: Run, con: duckdb.DuckDBPyConnection, profiles: list[Profile], gate: Gate
) -> versions.Publication:
    """Every profile's published version and archive (``pipeline.versions``), with the
    store open for earlier cycles' profiles."""
    return versions.plan(
        profiles,
        gate.statuses,
        gate.excluded,
        gate.signoffs,
        run.config.publication,
        min_organisations=run.config.min_organisations,
        store_profiles=lambda cycle: profiles_in(con, run, cycle=cycle),
    )


def check_result(
    run: Run,
    report: CheckReport,
    assignments: Mapping[str, themes.Assignment] | None = None,
    requirements: Sequence[Mapping[str, Any]] | None = None,
) -> StageResult:
    """The checks' table, BUILD/checks.html, and what blocks publication. With the items'
    ``assignments``, the page also lists the theme review queues (unthemed, doubtful), and
    with ``requirements`` the requirement proposals awaiting review."""
    queue = None if assignments is None else theme_review.queue_table(assignments)
    path = write_checks_html(
        report, run.project.build / "checks.html", run.project.templates, queue, requirements
    )
    blocked = None
    if not report.passed:
        blocked = "quality check errors block publication of: " + ", ".join(
            report.blocked_profiles()
        )
    return StageResult([*report.table_lines(), f"report: {path}"], blocked=blocked)


@holding_build_lock("check")
def run_check(run: Run) -> StageResult:
    """Quality checks on every profile; writes BUILD/checks.html with the theme review
    queues of the stored items."""
    with profiles_store(run) as con:
        profiles = profiles_in(con, run)
        assignments = themes.stored_assignments(store.item_theme_rows(con))
        requirements = store.requirement_queue_rows(con) if store.has_evidence(con) else None
    report = run_checks(profiles, run.config.checks, context(run))
    return check_result(run, report, assignments, requirements)


def record_history(run: Run, signoffs: list[signoff.SignOff]) -> int:
    """Add new sign-offs to the store's history (the store is rewritten only when there is
    something new); returns how many were added."""
    if not run.project.store_path.exists():
        return 0
    rows = signoff.history_rows(signoffs)
    con = store.open_store(run.project.store_path)
    try:
        fresh = store.new_signoffs(con, rows)
    finally:
        con.close()
    if not fresh:
        return 0
    with store.writing(run.project.store_path, from_existing=True) as con:
        return store.record_signoffs(con, fresh)


def status_result(
    run: Run, profiles: list[Profile], gate: Gate, *, verbose: bool = False
) -> StageResult:
    """Every profile's sign-off state, and why publication is blocked (or None)."""
    warnings = [f"refused: {p}" for p in gate.refused]
    warnings += [f"warning: {p}" for p in signoff.unknown_profiles(profiles, gate.signoffs)]
    lines = signoff.status_lines(gate.statuses, verbose=verbose)
    blocked = [s.profile_id for s in gate.statuses if not s.publishable]
    parts = [f"{len(gate.refused)} sign-off problem(s)"] if gate.refused else []
    parts += [f"not publishable: {', '.join(blocked)}"] if blocked else []
    why = ("publication is blocked: " + "; ".join(parts)) if parts else None
    return StageResult(lines, warnings, why)


@holding_build_lock("signoff status")
def run_signoff_status(run: Run, *, verbose: bool = False) -> StageResult:
    """Every profile's sign-off state; new sign-offs are added to the store's history.
    ``verbose``: every change of a stale profile, also those a new round brings by itself."""
    profiles = load_profiles(run)
    gate = publication_gate(run, profiles)
    result = status_result(run, profiles, gate, verbose=verbose)
    added = record_history(run, gate.signoffs)
    if added:
        result.lines.insert(-1, f"recorded {added} new sign-off(s) in the store's history")
    result.lines.append(f"rule: {run.config.publication.describe()}")
    return result


def staged(run: Run, build: Path) -> Run:
    """The same run with its outputs under ``build`` (a staging copy)."""
    return replace(run, project=replace(run.project, build=build))
