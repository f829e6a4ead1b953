"""The data stages: ingest, theming, the theme rules' own checks, change between cycles
and the next round (``osaaja ingest``, ``theme``, ``themes``, ``diff``, ``new-cycle``)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb

from pipeline import analyst, diff, newcycle, signoff, store, theme_review, themes
from pipeline.errors import ConfigError, Problem, UsageError
from pipeline.fsutil import atomic_file
from pipeline.ingest import IngestResult, ingest
from pipeline.project import Project
from pipeline.stages.core import Run, StageResult, holding_build_lock
from pipeline.stages.derive import Derived, derive
from pipeline.stages.review import profiles_store, theme_infos


def ingest_lines(result: IngestResult, store_path: Path) -> list[str]:
    lines = list(result.notes)
    if result.skipped_files:
        lines += [str(p) for p in result.problems]
        lines.append(
            f"skipped {len(result.skipped_files)} file(s) with problems (--keep-going): "
            + ", ".join(result.skipped_files)
        )
    lines.append(
        f"ingested {len(result.files)} file(s), {len(result.sources)} survey sheet(s): "
        f"{result.n_ratings} rating rows, {result.n_summary_rows} summary rows -> {store_path}"
    )
    return lines


def load_new_store(
    con: duckdb.DuckDBPyConnection, run: Run, result: IngestResult, old_store: Path
) -> Derived:
    """Fill a new store: the ratings, everything derived from them, and the sign-off
    history, which spans cycles and is not in raw/ (carried from ``old_store``)."""
    store.load(con, result)
    derived = derive(con, run)
    store.carry_signoff_history(con, old_store)
    return derived


@holding_build_lock("ingest")
def run_ingest(run: Run, *, keep_going: bool = False) -> StageResult:
    """Read raw/ and rebuild the store (with themes, identities and profiles)."""
    result = ingest(run.project.raw, keep_going=keep_going, progress=run.progress)
    path = run.project.store_path
    with store.writing(path, from_existing=False) as con:
        derived = load_new_store(con, run, result, path)
    return StageResult(ingest_lines(result, path) + derived.evidence, derived.warning_lines())


def analyst_workbooks(con: duckdb.DuckDBPyConnection, run: Run, derived: Derived):
    """The themed rows of every survey, and per cycle the analyst workbook's bytes."""
    rows = [analyst.AnalystRow(*r[:15], tuple(r[15]), *r[16:]) for r in store.analyst_rows(con)]
    rules = run.config.rules
    return rows, analyst.cycle_workbooks(
        rows, themes.theme_infos(rules), rules.sha256, run.config.min_organisations
    )


def write_workbooks(project: Project, books: dict[int, bytes]) -> list[Path]:
    written = []
    for cycle, data in books.items():
        target = project.analyst_dir / f"{cycle}_themes.xlsx"
        with atomic_file(target) as tmp:
            tmp.write_bytes(data)
        written.append(target)
    return written


def theme_result(
    run: Run, con: duckdb.DuckDBPyConnection, derived: Derived
) -> tuple[StageResult, dict[int, bytes]]:
    rows, books = analyst_workbooks(con, run, derived)
    lines = themes.summary_lines(run.config.rules, derived.assignments, derived.warnings, rows, [])
    return StageResult(lines + derived.evidence, derived.warning_lines()), books


@holding_build_lock("theme")
def run_theme(run: Run) -> StageResult:
    """Theme the stored items again (and everything that depends on themes) and write the
    analyst workbooks BUILD/analyst/<cycle>_themes.xlsx."""
    with store.writing(run.project.store_path, from_existing=True) as con:
        derived = derive(con, run)
        result, books = theme_result(run, con, derived)
    result.lines += [f"wrote {path}" for path in write_workbooks(run.project, books)]
    return result


def run_themes_check(project: Project) -> StageResult:
    """Validate themes.yaml and run every theme's examples; overrides name known themes."""
    rules = themes.load_rules(project.themes_file)
    problems = themes.check_examples(rules) + themes.check_overrides(
        rules, themes.load_overrides(project.overrides_file)
    )
    if problems:
        raise ConfigError(
            problems,
            headline=f"{len(problems)} problem(s) in the theme rules; fix them and run again.",
        )
    n_examples = sum(len(t.match_examples) + len(t.no_match_examples) for t in rules.themes)
    lowest = min(themes.contrast_ratio(t.colour, t.text_colour) for t in rules.themes)
    return StageResult(
        [
            f"{rules.path}: {len(rules.themes)} themes, {len(rules.rules)} rules, "
            f"{n_examples} examples pass; lowest colour contrast {lowest:.1f}:1 "
            f"(AA needs 4.5:1); {rules.sha256}"
        ]
    )


def run_themes_promote(project: Project, *, dry_run: bool = False) -> StageResult:
    """Write the overrides of RAW/theme_overrides.yaml into themes.yaml as examples of
    their themes (all-or-nothing, comments kept), then run the examples and list the
    promoted ones that no rule reaches yet."""
    path = project.themes_file
    rules = themes.load_rules(path)
    overrides = themes.load_overrides(project.overrides_file)
    bad = themes.check_overrides(rules, overrides)
    if bad:
        raise ConfigError(bad, headline=f"{overrides.path} names theme(s) {path} does not have.")
    promotion = theme_review.promote_overrides(
        path, path.read_text(encoding="utf-8"), overrides.entries
    )
    lines = [f"  skipped {why}" for why in promotion.skipped]
    if not promotion.promoted:
        return StageResult(
            [f"nothing to promote from {overrides.path}; {path} is unchanged", *lines]
        )
    verb = "would promote" if dry_run else "promoted"
    head = f"{verb} {len(promotion.promoted)} override(s) into {path} as examples:"
    lines[:0] = [head, *(f"  {theme}: {text}" for theme, text in promotion.promoted)]
    if dry_run:
        with tempfile.TemporaryDirectory() as tmp:
            draft = Path(tmp) / path.name
            draft.write_text(promotion.text, encoding="utf-8")
            unreached = _unreached(_promoted_rules(draft, path), promotion.promoted)
    else:
        with atomic_file(path) as tmp:
            tmp.write_text(promotion.text, encoding="utf-8")
            promoted = _promoted_rules(tmp, path)  # never swap in a file that does not load
        unreached = _unreached(promoted, promotion.promoted)
    if unreached:
        lines.append(
            f"{len(unreached)} promoted example(s) no rule reaches yet: `osaaja themes check` "
            "fails on them until a rule does (their overrides keep pinning the items):"
        )
        lines += [f"  {p.message}" for p in unreached]
    else:
        lines.append("the rules already give every promoted example its theme")
    return StageResult(lines)


def _promoted_rules(draft: Path, path: Path) -> themes.RuleSet:
    try:
        return themes.load_rules(draft)
    except ConfigError as err:
        raise ConfigError(
            err.problems, headline=f"promoting the overrides would break {path}; it is unchanged."
        ) from None


def _unreached(rules: themes.RuleSet, promoted: tuple[tuple[str, str], ...]) -> list[Problem]:
    """The examples check's problems with the promoted examples, in promotion order."""
    wanted = set(promoted)
    lines = {
        e.line: (t.id, e.text)
        for t in rules.themes
        for e in t.match_examples
        if (t.id, e.text) in wanted
    }
    found = [p for p in themes.check_examples(rules) if p.row in lines]
    order = {pair: i for i, pair in enumerate(promoted)}
    return sorted(found, key=lambda p: order[lines[p.row]])


def run_themes_explain(
    project: Project,
    texts: tuple[str, ...],
    field: str | None = None,
    occupation: str | None = None,
) -> StageResult:
    rules = themes.load_rules(project.themes_file)
    return StageResult(
        [line for text in texts for line in themes.explain(rules, text, field, occupation)]
    )


@holding_build_lock("diff")
def run_diff(run: Run, previous_cycle: int, cycle: int, profile_id: str | None) -> StageResult:
    """The change table between two cycles; writes BUILD/analyst/diff_<then>_<now>.xlsx."""
    specs = run.config.require_profiles(run.project)
    if profile_id is not None and profile_id not in {s.id for s in specs}:
        raise UsageError(
            f"diff: unknown profile {profile_id!r}; known: {', '.join(sorted(s.id for s in specs))}"
        )
    with profiles_store(run) as con:
        change = diff.cycle_diff(
            con,
            specs,
            previous_cycle,
            cycle,
            trend_threshold=run.config.trend_threshold,
            min_organisations=run.config.min_organisations,
        )
    lines = diff.diff_lines(change, profile_id)
    target = run.project.analyst_dir / f"diff_{previous_cycle}_{cycle}.xlsx"
    with atomic_file(target) as tmp:
        tmp.write_bytes(diff.diff_workbook(change, theme_infos(run)))
    return StageResult([*lines, "", f"wrote {target}"])


def run_new_cycle(run: Run, cycle: int) -> StageResult:
    """Prepare RAW/<cycle>/ for the next survey round."""
    signoffs, refused = signoff.load_signoffs(run.project.signoffs_dir)
    prepared = newcycle.prepare_cycle(
        run.project, cycle, list(run.config.profiles or ()), signoffs, refused
    )
    lines = [f"created {path}" for path in prepared.created]
    lines += [f"kept    {path} (exists; not overwritten)" for path in prepared.kept]
    lines += list(prepared.notes)
    lines.append(f"next: drop the {cycle} exports into {prepared.folder}/ and run `osaaja build`")
    return StageResult(lines)
