"""Stage runners: the library calls behind each command, with their summaries.

The CLI only parses options and prints what these return, so the same runs are
available to scripts and tests without click.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline import ingest as ingest_mod
from pipeline import profiles as profiles_mod
from pipeline import store
from pipeline.errors import ConfigError, DataError, Problem, UsageError
from pipeline.fsutil import atomic_dir, atomic_file
from pipeline.model import Profile
from pipeline.project import Project
from pipeline.settings import load_settings


def run_ingest(
    project: Project, *, keep_going: bool = False, with_profiles: bool = True
) -> list[str]:
    """Read raw/ and rebuild the store; returns the lines of the run summary.

    The new store is complete before it replaces the old one: item aliases and, when
    ``raw/profiles.yaml`` exists, the profile tables are computed inside it (themes come
    with ``run_theme``, which computes them again; ``with_profiles=False`` leaves that
    to it)."""
    result = ingest_mod.ingest(project.raw, keep_going=keep_going)

    def finish(con) -> None:
        # Sign-off history spans cycles and is not in raw/: carry it into the new store.
        store.carry_signoff_history(con, project.store_path)
        if with_profiles:
            finish_store(con, project)

    store.build_store(project.store_path, result, finish=finish)
    lines = list(result.notes)
    if result.skipped_files:
        lines += [str(p) for p in result.problems]
        lines.append(
            f"skipped {len(result.skipped_files)} file(s) with problems (--keep-going): "
            + ", ".join(result.skipped_files)
        )
    n_ratings, n_summary = result.n_ratings, result.n_summary_rows
    lines.append(
        f"ingested {len(result.files)} file(s), {len(result.sources)} survey sheet(s): "
        f"{n_ratings} rating rows, {n_summary} summary rows -> {project.store_path}"
    )
    return lines


def finish_store(con, project: Project) -> None:
    """Item identities across cycles, profiles and the views over them, inside ``con``.

    Run after every change to what these depend on (ratings, aliases, themes, profiles.yaml)."""
    from pipeline import cycles

    problems = cycles.apply_aliases(con, project.aliases_file)
    if problems:
        raise ConfigError(problems)
    if not project.profiles_file.exists():
        return
    settings = load_settings(project.settings_file)
    specs = profiles_mod.load_profiles(project.profiles_file)
    store.compute_profiles(
        con,
        specs,
        min_organisations=settings.min_organisations,
        trend_threshold=settings.trend_threshold,
    )
    store.create_cycle_views(con, trend_threshold=settings.trend_threshold)


def run_theme(project: Project) -> list[str]:
    """Theme the stored items (analyst workbooks too), then recompute the profiles, whose
    content depends on the themes."""
    from pipeline import themes

    return themes.run_stage(project, finish=lambda con: finish_store(con, project))


def open_profiles_store(project: Project):
    """The store, read-only, with a clear message when its profiles were never computed."""
    con = store.open_store(project.store_path)
    if not store.has_profiles(con):
        con.close()
        raise DataError(
            [
                Problem(
                    str(project.store_path),
                    message="has no profiles computed yet; run `osaaja build` first",
                )
            ]
        )
    return con


def load_profiles(project: Project, *, cycle: int | None = None) -> list[Profile]:
    """Every profile of ``raw/profiles.yaml`` as the store computed it, for its latest cycle
    (or ``cycle``). Profiles without data in that cycle are left out."""
    specs = profiles_mod.load_profiles(project.profiles_file)
    settings = load_settings(project.settings_file)
    con = open_profiles_store(project)
    try:
        rules_version = store.rules_version(con)
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
            out.append(
                profiles_mod.assemble(
                    spec,
                    row,
                    items,
                    dropped,
                    min_organisations=settings.min_organisations,
                    rules_version=rules_version,
                )
            )
        return out
    finally:
        con.close()


# --- themes for pages -------------------------------------------------------------------


def theme_infos(project: Project) -> list:
    """The themes (``model.ThemeInfo``) pages draw, in CV order, from the theme rule set."""
    from pipeline import themes

    return themes.theme_infos(themes.load_rules(project.themes_file))


# --- checks and the sign-off gate (issue 5) ---------------------------------------------


@dataclass(frozen=True)
class Gate:
    """What decides publication: sign-off states, quality checks, and their verdict."""

    statuses: list
    check_report: object
    excluded: dict[str, str]  # profile id -> why it is kept off the site
    colophons: dict[str, list]  # publishable profile id -> (role label, date) pairs
    refused: list  # sign-off files that were refused (Problems)
    signoffs: list


def signoff_states(project: Project, profiles: list[Profile]):
    """(rule, sign-offs, refused files, status per profile) from RAW/signoffs/."""
    from pipeline import signoff

    settings = load_settings(project.settings_file)
    rule = signoff.PublicationRule.from_settings(settings.publication, project.settings_file)
    signoffs, refused = signoff.load_signoffs(project.signoffs_dir)
    return rule, signoffs, refused, signoff.status(profiles, signoffs, rule)


def check_report(project: Project, profiles: list[Profile]):
    """The quality checks of RAW/osaaja.yaml run on ``profiles``."""
    from pipeline.checks import CheckConfig, run_checks

    settings = load_settings(project.settings_file)
    return run_checks(profiles, CheckConfig.from_settings(settings.checks, project.settings_file))


def publication_gate(project: Project, profiles: list[Profile], report=None) -> Gate:
    """Which profiles may be published, and their colophons (``report``: checks already run)."""
    from pipeline import signoff

    rule, signoffs, refused, statuses = signoff_states(project, profiles)
    report = report if report is not None else check_report(project, profiles)
    excluded = signoff.blocked_reasons(statuses, report)
    colophons = {
        s.profile_id: signoff.colophon(s, rule.show_reviewer_names)
        for s in statuses
        if s.profile_id not in excluded
    }
    return Gate(statuses, report, excluded, colophons, refused, signoffs)


def refused_lines(gate: Gate) -> list[str]:
    return [f"refused sign-off: {p}" for p in gate.refused]


def record_signoff_history(project: Project, signoffs: list) -> int:
    """Add new sign-offs to the store's history table (the store is rewritten only when
    there is something new); returns how many were added."""
    from pipeline import signoff

    if not project.store_path.exists():
        return 0
    rows = signoff.history_rows(signoffs)
    con = store.open_store(project.store_path)
    try:
        fresh = store.new_signoffs(con, rows)
    finally:
        con.close()
    if not fresh:
        return 0
    with store.rewrite(project.store_path) as con:
        return store.record_signoffs(con, fresh)


def run_signoff_status(
    project: Project, profiles: list[Profile]
) -> tuple[list[str], list[str], str | None]:
    """(lines, warnings, why publication is blocked or None) of every profile's sign-off
    state; new sign-offs are added to the store's history."""
    from pipeline import signoff

    rule, signoffs, refused, statuses = signoff_states(project, profiles)
    warnings = [f"refused: {p}" for p in refused]
    warnings += [f"warning: {p}" for p in signoff.unknown_profiles(profiles, signoffs)]
    lines = signoff.status_lines(statuses)
    added = record_signoff_history(project, signoffs)
    if added:
        lines.append(f"recorded {added} new sign-off(s) in the store's history")
    lines.append(f"rule: {rule.describe()}")
    blocked = [s.profile_id for s in statuses if not s.publishable]
    parts = [f"{len(refused)} sign-off problem(s)"] if refused else []
    parts += [f"not publishable: {', '.join(blocked)}"] if blocked else []
    return lines, warnings, ("publication is blocked: " + "; ".join(parts)) if parts else None


def review_render_fn(project: Project):
    """A function that renders one profile's draft HTML and PDF into a review packet folder."""
    import tempfile

    from pipeline import render

    infos = theme_infos(project)

    def render_fn(profile: Profile, folder: Path) -> None:
        project.build.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=project.build, prefix=".review-") as tmp:
            render.render_profiles(
                [profile], infos, Path(tmp), templates=project.templates, draft=True
            )
            for path in sorted((Path(tmp) / profile.id).iterdir()):
                shutil.move(str(path), str(folder / path.name))

    return render_fn


def run_signoff_request(
    project: Project, profiles: list[Profile], profile_ids, *, all_profiles: bool, render_fn
) -> list[str]:
    """A review packet per profile in BUILD/review/: draft pages and a pre-filled sign-off."""
    from pipeline.signoff import write_review_packets

    if not profile_ids and not all_profiles:
        raise UsageError(
            "name at least one PROFILE (or use --all); see `osaaja signoff request --help`"
        )
    by_id = {p.id: p for p in profiles}
    unknown = [pid for pid in profile_ids if pid not in by_id]
    if unknown:
        raise UsageError(
            f"unknown profile(s): {', '.join(unknown)}; known: {', '.join(sorted(by_id)) or 'none'}"
        )
    chosen = profiles if all_profiles else [by_id[pid] for pid in dict.fromkeys(profile_ids)]
    return [
        f"review packet: {path}"
        for path in write_review_packets(chosen, project.review_dir, render_fn=render_fn)
    ]


def run_check(project: Project, profiles: list[Profile] | None = None):
    """Quality checks on every profile; writes BUILD/checks.html. Returns (report, lines)."""
    from pipeline.checks import write_checks_html

    report = check_report(project, profiles if profiles is not None else load_profiles(project))
    path = write_checks_html(report, project.build / "checks.html", project.templates)
    return report, [*report.table_lines(), f"report: {path}"]


# --- render and publish (issue 4) -------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """What rendering and publishing read: profiles, themes and the publication gate.
    ``run_build`` makes it once for both stages; a single command makes its own."""

    profiles: list[Profile]
    themes: list
    gate: Gate

    @classmethod
    def of(cls, project: Project) -> Inputs:
        profiles = load_profiles(project)
        return cls(profiles, theme_infos(project), publication_gate(project, profiles))


def run_render(
    project: Project,
    *,
    draft: bool = False,
    pdf: bool = True,
    workers: int | None = None,
    inputs: Inputs | None = None,
) -> list[str]:
    """Render every profile (HTML and PDF, fi and en). Final pages go to BUILD/profiles/,
    drafts to BUILD/drafts/profiles/ so they can never be mistaken for final pages."""
    from pipeline import render

    lines = []
    if inputs is None:
        inputs = Inputs.of(project)
        lines += refused_lines(inputs.gate)
    report = render.render_profiles(
        inputs.profiles,
        inputs.themes,
        project.drafts_profiles_dir if draft else project.profiles_dir,
        templates=project.templates,
        colophons=inputs.gate.colophons,
        draft=draft,
        pdf=pdf,
        workers=workers,
    )
    return lines + report.lines()


def run_publish(
    project: Project,
    *,
    draft: bool = False,
    pdf: bool = True,
    workers: int | None = None,
    inputs: Inputs | None = None,
) -> list[str]:
    """Assemble the site from rendered pages. The public site (BUILD/site/) takes only
    approved, current, check-passing profiles; ``draft`` renders every profile as a draft
    and assembles BUILD/drafts/site/ instead (never the public folder)."""
    from pipeline import publish

    lines = []
    if inputs is None:
        inputs = Inputs.of(project)
        lines += refused_lines(inputs.gate)
    if draft:
        lines += run_render(project, draft=True, pdf=pdf, workers=workers, inputs=inputs)
    report = publish.publish_site(
        inputs.profiles,
        inputs.themes,
        project.drafts_profiles_dir if draft else project.profiles_dir,
        project.drafts_site_dir if draft else project.site_dir,
        templates=project.templates,
        excluded=None if draft else inputs.gate.excluded,
        pdf=pdf,
        workers=workers,
        draft=draft,
    )
    return lines + report.lines()


# --- cycles (issue 6) ------------------------------------------------------------------


def run_diff(
    project: Project, previous_cycle: int, cycle: int, profile_id: str | None = None
) -> list[str]:
    """The change table between two cycles; writes BUILD/analyst/diff_<then>_<now>.xlsx."""
    from pipeline import cycles

    settings = load_settings(project.settings_file)
    specs = profiles_mod.load_profiles(project.profiles_file)
    if profile_id is not None and profile_id not in {s.id for s in specs}:
        raise UsageError(
            f"diff: unknown profile {profile_id!r}; known: {', '.join(sorted(s.id for s in specs))}"
        )
    con = open_profiles_store(project)
    try:
        diff = cycles.cycle_diff(
            con, specs, previous_cycle, cycle, trend_threshold=settings.trend_threshold
        )
    finally:
        con.close()
    lines = cycles.diff_lines(diff, profile_id)
    target = project.analyst_dir / f"diff_{previous_cycle}_{cycle}.xlsx"
    with atomic_file(target) as tmp:
        tmp.write_bytes(cycles.diff_workbook(diff, theme_infos(project)))
    return [*lines, "", f"wrote {target}"]


# --- the whole chain --------------------------------------------------------------------


def run_build(project: Project, *, pdf: bool = True, workers: int | None = None) -> list[str]:
    """ingest → theme → check → sign-off status → render → publish, all or nothing.

    Every stage works on a copy of BUILD/ (so unchanged PDFs are reused), which replaces
    BUILD/ only when the whole chain succeeded. Profiles that are not approved and
    current, or that fail quality checks, are left off the site and listed; that is the
    workflow, not a failure."""
    from pipeline import signoff

    lines: list[str] = []
    with atomic_dir(project.build) as staging:
        if project.build.exists():
            shutil.copytree(project.build, staging, symlinks=True, dirs_exist_ok=True)
        stage = replace(project, build=staging)
        # Profiles depend on the themes: theming computes them, so ingest need not.
        lines += run_ingest(stage, with_profiles=False)
        lines += run_theme(stage)
        profiles = load_profiles(stage)
        report, check_lines = run_check(stage, profiles)
        lines += check_lines
        inputs = Inputs(profiles, theme_infos(stage), publication_gate(stage, profiles, report))
        lines += refused_lines(inputs.gate)
        lines += signoff.status_lines(inputs.gate.statuses)
        added = record_signoff_history(stage, inputs.gate.signoffs)
        if added:
            lines.append(f"recorded {added} new sign-off(s) in the store's history")
        lines += run_render(stage, pdf=pdf, workers=workers, inputs=inputs)
        lines += run_publish(stage, pdf=pdf, workers=workers, inputs=inputs)
        lines = [line.replace(str(staging), str(project.build)) for line in lines]
    return lines
