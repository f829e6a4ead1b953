"""The next survey round (``osaaja new-cycle``): ``raw/<year>/`` with what to drop in and
the sign-offs to renew. Never overwrites anything, so running it again is harmless."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import Problem, UsageError
from pipeline.fsutil import atomic_file

CYCLE = re.compile(r"^(19|20|21)\d\d$")


@dataclass(frozen=True)
class PreparedCycle:
    folder: Path
    created: tuple[Path, ...]  # files written by this run
    kept: tuple[Path, ...]  # files that were there already (left untouched)
    notes: tuple[str, ...]


def existing_cycles(raw: Path) -> list[int]:
    """The cycles that have a folder in raw/ (``raw/2019/`` ...)."""
    return (
        sorted(int(p.name) for p in Path(raw).iterdir() if p.is_dir() and CYCLE.match(p.name))
        if Path(raw).is_dir()
        else []
    )


def prepare_cycle(
    project: Any,
    cycle: int,
    specs: Sequence[Any],
    signoffs: Sequence[Any],
    refused: Sequence[Problem],
) -> PreparedCycle:
    """Prepare ``raw/<cycle>/`` for the next survey round; never overwrites anything.

    Writes ``README.md`` (what to drop in, the expected file names) and ``REREVIEW.md``
    (every existing sign-off, to be renewed for this cycle), and an empty
    ``item_aliases.yaml`` when there is none. Files that exist are kept as they are, so a
    second run changes nothing.
    """
    if not CYCLE.match(str(cycle)):
        raise UsageError(f"new-cycle: {cycle!r} is not a survey year; expected e.g. 2025")
    raw = Path(project.raw)
    if not raw.is_dir():
        raise UsageError(
            f"new-cycle: {raw} is not a folder; pass --raw with the project's raw/ folder"
        )
    cycles = existing_cycles(raw)
    if cycles and cycle < max(cycles):
        raise UsageError(
            f"new-cycle: {cycle} is before the latest cycle {max(cycles)}; "
            "a new cycle comes after the ones in raw/"
        )
    folder = raw / str(cycle)
    files = {
        folder / "README.md": cycle_readme(cycle, specs, cycles, project),
        folder / "REREVIEW.md": rereview_md(cycle, signoffs, refused, project),
        project.aliases_file: ALIASES_STUB,
    }
    created, kept = [], []
    folder.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        if path.exists():
            kept.append(path)
            continue
        with atomic_file(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
        created.append(path)
    notes = [
        f"profiles carried over: {len(specs)} profile(s) in {project.profiles_file} name their surveys by "
        f"field and occupation, so they pick up the {cycle} exports by themselves",
        f"kept as they are: {project.overrides_file} (theme overrides), {project.aliases_file} (item aliases)",
        f"{len(signoffs)} sign-off(s) listed for re-review in {folder / 'REREVIEW.md'}",
    ]
    if refused:
        notes.append(f"{len(refused)} sign-off file problem(s) listed there too")
    return PreparedCycle(folder, tuple(created), tuple(kept), tuple(notes))


def unfed_survey_lines(
    rows: Sequence[dict], profile_ids: Sequence[str], profiles_file: Any
) -> list[str]:
    """A warning per field and occupation whose surveys feed no profile, with a ready
    ``profiles.yaml`` entry to paste (``store.unfed_surveys`` rows). The titles and the
    description are placeholders to write; the rest works as it is."""
    lines = []
    taken = set(profile_ids)
    for row in rows:
        pid = row["occupation_slug"]
        if pid in taken:
            pid = f"{row['field_slug']}-{row['occupation_slug']}"
        taken.add(pid)
        title = str(row["occupation"] or row["occupation_slug"]).strip()
        title = title[:1].upper() + title[1:]
        surveys = ", ".join(row["survey_ids"])
        files = ", ".join(row["files"])
        lines += [
            f"warning: survey {surveys} ({files}) feeds no profile: it was read into the "
            f"store but nothing is published from it. To publish it, add to {profiles_file}:",
            f"  - id: {pid}",
            f'    title: {{fi: {json.dumps(title, ensure_ascii=False)}, en: "TODO: English title"}}',
            '    description: {fi: "TODO: kuvaus ammatista", en: "TODO: a description of the occupation"}',
            "    surveys:",
            f"      - {{field: {row['field_slug']}, occupation: {row['occupation_slug']}}}",
        ]
    return lines


ALIASES_STUB = """\
# Reworded items: a later cycle's item and the earlier item it continues, so that the two
# count as one item across cycles (docs/queries.md, "Cycles and item identity").
# Items with the same code in both cycles need no entry; an entry pointing at no item is
# reported by `osaaja build`.
#
# aliases:
#   - item: "Käyttää sähköpostia ja pikaviestimiä"   # the later text (or code: <later code>)
#     was: "Käyttää sähköpostia"                     # the earlier text (or was_code: <code>)
#     note: "reworded in 2022"                       # optional
aliases: []
"""


def cycle_readme(cycle: int, specs: Sequence[Any], cycles: Sequence[int], project: Any) -> str:
    surveys = sorted({(s.field, s.occupation) for spec in specs for s in spec.surveys})
    expected = "\n".join(f"- `{cycle}_{f}_{o}.xlsx`" for f, o in surveys) or "- (no profiles yet)"
    previous = f"the {max(cycles)} round" if cycles else "earlier rounds"
    return f"""\
# Survey round {cycle}

Drop the {cycle} competence-survey exports (C&Q "osaamiskartoitus" Excel files, `.xlsx`)
into this folder, one workbook per survey, named `{cycle}_<field>_<occupation>.xlsx` like
those of {previous}. The input contract is `../shared/spec/cq-export.md`; a file that breaks
it is reported with its sheet, row and column, and nothing is changed.

The surveys the profiles in `{project.profiles_file.name}` expect:

{expected}

A survey with no file this round keeps its profile at its latest cycle. A new occupation
needs a new entry in `{project.profiles_file.name}`: `osaaja build` names every survey no
profile uses and prints the entry to paste.

Carried over without any change:

- **Profiles** (`{project.profiles_file.name}`) name their surveys by field and occupation
  slug, so each one picks up its {cycle} survey by itself.
- **Theme overrides** (`{project.overrides_file.name}`) and **item aliases**
  (`{project.aliases_file.name}`) are kept. An item reworded since the last round needs an
  alias (`item:` the new text, `was:` the old one) unless it keeps its item code; without
  one it shows up as new, and the old wording as dropped. `osaaja diff` pairs new items
  with similar dropped ones and prints the alias lines to accept.
- **Sign-offs** are bound to the content reviewed: once {cycle} data is in, every profile
  needs a new sign-off. Until it has one, the site keeps its approved version with an
  "update in review" note. `REREVIEW.md` lists who signed what before.

Then run `osaaja build`, `osaaja diff {max(cycles) if cycles else cycle - 3} {cycle}` for what changed,
`osaaja signoff request --all` for the reviewers' packets and `osaaja signoff import FILE...`
for what they send back.
"""


def rereview_md(
    cycle: int, signoffs: Sequence[Any], refused: Sequence[Problem], project: Any
) -> str:
    rows = "\n".join(
        f"| {s.profile} | {s.cycle} | {s.reviewer} | {s.role} | {s.decision} | {s.date.isoformat()} | "
        f"`{Path(s.file).relative_to(project.raw).as_posix() if Path(s.file).is_relative_to(project.raw) else s.file}` |"
        for s in sorted(signoffs, key=lambda s: (s.profile, s.reviewer, s.cycle))
    )
    table = (
        (
            "| profile | cycle | reviewer | role | decision | date | file |\n|---|---|---|---|---|---|---|\n"
            + rows
        )
        if signoffs
        else "No sign-offs yet."
    )
    problems = (
        (
            "\n\nSign-off files that were refused (fix or remove them):\n\n"
            + "\n".join(f"- {p}" for p in refused)
        )
        if refused
        else ""
    )
    return f"""\
# Sign-offs to renew for the {cycle} round

Every sign-off below was given for an earlier cycle and **needs re-review for {cycle}**.
A sign-off is bound to the content its reviewer saw (`docs/signoff.md`); when the {cycle}
data is in, each profile's content changes and `osaaja signoff status` shows it as stale
until the reviewer signs the new version (`osaaja signoff request <profile>`). The old
decisions stay in the store's `signoff_history`.

{table}{problems}

Written by `osaaja new-cycle {cycle}`, which never overwrites it: delete this file and run
the command again to list sign-offs given since.
"""
