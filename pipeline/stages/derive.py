"""Everything the store derives from its ratings and the configuration, in order:
themes, item identity, profiles and the views over them, and the evidence beside the
survey (``stages.evidence``). Run inside the one write of the store (``store.writing``),
so a failure, a bad evidence file included, leaves the old store as it was."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from pipeline import identity, newcycle, store, themes
from pipeline.errors import ConfigError, Problem
from pipeline.stages.core import Run
from pipeline.stages.evidence import derive_evidence


@dataclass(frozen=True)
class Derived:
    assignments: dict[str, themes.Assignment]  # item key -> its theme
    warnings: list[Problem]  # stale theme overrides
    conflicts: list[Problem]  # codes and texts that disagree inside one survey
    unfed: list[str] = field(default_factory=list)  # surveys no profile uses, with stubs
    evidence: list[str] = field(default_factory=list)  # the evidence's run summary

    def warning_lines(self) -> list[str]:
        return [f"identity conflict: {p}" for p in self.conflicts] + self.unfed


def derive(con: duckdb.DuckDBPyConnection, run: Run) -> Derived:
    config = run.config
    # With the fields and occupations the items were surveyed in: scoped rules need them.
    assignments, stale = themes.classify(
        config.rules, store.distinct_item_surveys(con), config.overrides
    )
    store.write_item_themes(con, assignments, config.rules.sha256)

    occurrences = [identity.Occurrence(*row) for row in store.item_occurrences(con)]
    aliases_file = run.project.aliases_file
    ids, problems, conflicts = identity.resolve(occurrences, config.aliases, aliases_file)
    store.write_item_identity(con, ids)
    problems += [_collision(aliases_file, *c) for c in store.identity_collisions(con)]
    if problems:
        raise ConfigError(problems)

    store.set_meta(con, "min_organisations", config.min_organisations)
    store.set_meta(con, "trend_threshold", config.trend_threshold)
    evidence: list[str] = []
    if config.profiles is not None:
        store.compute_profiles(
            con, list(config.profiles), min_organisations=config.min_organisations
        )
        store.create_views(con)
        evidence = derive_evidence(con, run)
    store.create_survey_view(con)
    unfed = []
    if config.profiles is not None:
        unfed = newcycle.unfed_survey_lines(
            store.unfed_surveys(con), [p.id for p in config.profiles], run.project.profiles_file
        )
    return Derived(assignments, stale, conflicts, unfed, evidence)


def _collision(path: Any, survey_id: str, item_id: str, items: list[str]) -> Problem:
    return Problem(
        str(path),
        message=f"survey {survey_id}: {' / '.join(map(repr, items))} share the "
        f"identity {item_id} and would be counted as one item; an alias or a shared code "
        "ties them (fix the alias, or the codes in the export)",
        code="identity.collision",
    )
