"""Stage runners: the library calls behind each command, with their summaries.

The CLI only parses options and prints what these return, so the same runs are
available to scripts and tests without click.
"""

from __future__ import annotations

import pandas as pd

from pipeline import ingest as ingest_mod
from pipeline import profiles as profiles_mod
from pipeline import store
from pipeline.errors import ConfigError
from pipeline.model import Profile
from pipeline.project import Project
from pipeline.settings import load_settings


def run_ingest(project: Project, *, keep_going: bool = False) -> list[str]:
    """Read raw/ and rebuild the store; returns the lines of the run summary.

    The new store is complete before it replaces the old one: item aliases and, when
    ``raw/profiles.yaml`` exists, the profile tables are computed inside it (themes come
    with ``run_theme``)."""
    result = ingest_mod.ingest(project.raw, keep_going=keep_going)

    def finish(con) -> None:
        # Sign-off history spans cycles and is not in raw/: carry it into the new store.
        store.carry_signoff_history(con, project.store_path)
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
    store.compute_profiles(con, specs, min_organisations=settings.min_organisations,
                           trend_threshold=settings.trend_threshold)
    store.create_cycle_views(con, trend_threshold=settings.trend_threshold)


def run_theme(project: Project) -> list[str]:
    """Theme the stored items (analyst workbooks too), then recompute the profiles, whose
    content depends on the themes."""
    from pipeline import themes

    lines = themes.run_stage(project)
    with store.rewrite(project.store_path) as con:
        finish_store(con, project)
    return lines


def load_profiles(project: Project, *, cycle: int | None = None) -> list[Profile]:
    """Every profile of ``raw/profiles.yaml`` as the store computed it, for its latest cycle
    (or ``cycle``). Profiles without data in that cycle are left out."""
    specs = profiles_mod.load_profiles(project.profiles_file)
    settings = load_settings(project.settings_file)
    con = store.open_store(project.store_path)
    try:
        cycles = store.profile_cycles(con)
        rules_version = store.rules_version(con)
        out = []
        for spec in specs:
            rows = cycles[cycles.profile_id == spec.id]
            if cycle is not None:
                rows = rows[rows.cycle == cycle]
            if rows.empty:
                continue
            row = rows.sort_values("cycle").iloc[-1].to_dict()
            row = {k: (None if _is_missing(v) else v) for k, v in row.items()}
            items = store.profile_item_rows(con, spec.id, int(row["cycle"]))
            dropped = (store.dropped_items(con, spec.id, int(row["cycle"]), int(row["previous_cycle"]))
                       if row["previous_cycle"] is not None else [])
            out.append(profiles_mod.assemble(spec, row, items, dropped, min_organisations=settings.min_organisations,
                                             rules_version=rules_version))
        return out
    finally:
        con.close()


def _is_missing(value) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
