"""Sign-off files: ``raw/signoffs/<profile-id>/<reviewer-slug>.yaml`` (schema:
``schemas/signoff.schema.json``, guide: ``docs/signoff.md``), read and verified.

A file carries the reviewer's decision, the ``content_hash`` of the profile version they
judged and ``reviewed_content``, the snapshot that hash was taken over (written by
osaaja). A file whose hash does not belong to its own snapshot is refused.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from pipeline import hashing, slugs, yamlfile
from pipeline.errors import ConfigError, Problem
from pipeline.localise import ROLE_LABELS  # noqa: F401  (re-exported: one table of role labels)
from pipeline.messages import excerpt, schema_message
from pipeline.project import REPO_ROOT
from pipeline.yamlfile import line_of

SCHEMA_FILE = REPO_ROOT / "schemas" / "signoff.schema.json"
ROLES = ("head_of_field", "teacher", "other")
DECISIONS = ("approved", "changes_requested")
STATES = ("approved", "stale", "changes_requested", "missing")
# Finnish values a reviewer may write instead of the codes (any case; read as the code).
FINNISH_VALUES = {
    "role": {
        "toimialapäällikkö": "head_of_field",
        "opettaja": "teacher",
        "muu": "other",
        "muu arvioija": "other",
    },
    "decision": {"hyväksytty": "approved", "muutoksia pyydetään": "changes_requested"},
}
FINNISH_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")


@dataclass(frozen=True)
class SignOff:
    """One reviewer's decision on one profile version (one file)."""

    file: str
    profile: str
    cycle: int
    reviewer: str
    role: str  # one of ROLES
    decision: str  # one of DECISIONS
    date: dt.date
    content_hash: str  # "<algorithm>:<hex>"
    comments: str
    reviewed_content: dict[str, Any] = field(repr=False, compare=False)
    rows: dict[str, int | None] = field(default_factory=dict, repr=False, compare=False)

    @property
    def algorithm(self) -> str:
        return self.content_hash.split(":", 1)[0]


def reviewer_slug(name: str) -> str:
    """File name stem for a reviewer: "Aino Mäkelä" -> "aino-makela"."""
    return slugs.slugify(name)


@cache
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


_HINTS = {
    "profile": "a profile id: lowercase letters, digits and hyphens",
    "cycle": "the survey year, e.g. 2022",
    "reviewer": "the reviewer's name",
    "date": "a date written YYYY-MM-DD or D.M.YYYY, e.g. 2024-05-02 or 2.5.2024",
    "content_hash": "the value `osaaja signoff request` wrote, e.g. sha256:<64 hex digits>",
    "comments": "text saying what should change (required when changes are requested)",
}


def schema_problems(file: str, data: Any, node: yaml.Node | None) -> list[Problem]:
    """Validate a sign-off document, locating each error at its line."""
    problems = []
    for err in sorted(
        _validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path))
    ):
        path = list(err.absolute_path)
        where = ".".join(str(p) for p in path) or "(top level)"
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = err.schema.get("properties", {})
            for extra in sorted(set(err.instance) - set(allowed)):
                problems.append(
                    Problem(
                        file,
                        row=line_of(node, [*path, extra]),
                        message=(f"unknown key {extra!r}; accepted: {', '.join(allowed)}"),
                    )
                )
            continue
        if err.validator == "enum":
            message = f"{where}: {excerpt(err.instance)} is not accepted; use one of: " + ", ".join(
                "null" if v is None else str(v) for v in err.validator_value
            )
        elif err.validator == "required":
            message = f"{where}: {schema_message(err)}"
        else:
            hint = _HINTS.get(str(path[-1])) if path and path[0] != "reviewed_content" else None
            message = f"{where}: {schema_message(err)}" + (f"; expected {hint}" if hint else "")
            if path and path[0] == "reviewed_content":
                message += " (reviewed_content is written by osaaja; do not edit it)"
        problems.append(Problem(file, row=line_of(node, path), message=message))
    return problems


def normalise(data: Any) -> Any:
    """Finnish values read as the codes (``role: toimialapäällikkö`` is ``head_of_field``,
    ``decision: hyväksytty`` is ``approved``, any case), English codes in any case too,
    and ``date: 2.6.2025`` as ``2025-06-02``. Anything else is left for the schema to judge."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for key, finnish in FINNISH_VALUES.items():
        value = out.get(key)
        if isinstance(value, str):
            folded = " ".join(value.split()).casefold()
            codes = {c for c in (ROLES if key == "role" else DECISIONS)}
            if folded in finnish:
                out[key] = finnish[folded]
            elif folded in codes:
                out[key] = folded
    date = out.get("date")
    if isinstance(date, str) and (found := FINNISH_DATE.match(date)):
        day, month, year = (int(g) for g in found.groups())
        with contextlib.suppress(ValueError):  # not a real date: the check below names it
            out["date"] = dt.date(year, month, day).isoformat()
    return out


def read_signoff(path: Path, today: dt.date) -> tuple[SignOff | None, list[Problem]]:
    """One sign-off file on its own: schema, Finnish values, date, and the content hash
    over its snapshot. Where the file lies (folder, file name) is checked by the callers."""
    file = str(path)
    try:
        # Dates stay text, so the schema sees what was written.
        data, node = yamlfile.read(path, dates_as_text=True)
    except ConfigError as err:
        return None, err.problems
    data = normalise(data)
    problems = schema_problems(file, data, node)
    if problems:
        return None, problems

    def bad(where: list[str], message: str) -> None:
        problems.append(Problem(file, row=line_of(node, where), message=message))

    profile = data["profile"]
    try:
        date = dt.date.fromisoformat(data["date"])
    except ValueError:
        bad(
            ["date"],
            f"date: {excerpt(data['date'])} is not a real date; expected YYYY-MM-DD or D.M.YYYY",
        )
    else:
        if date > today:
            bad(
                ["date"],
                f"date: {date.isoformat()} is in the future; a sign-off is dated the day it "
                "was given (today or earlier)",
            )
    content = data["reviewed_content"]
    for key in ("profile", "cycle"):
        if content[key] != data[key]:
            bad(
                ["reviewed_content", key],
                f"reviewed_content.{key} {content[key]!r} differs from "
                f"{key} {data[key]!r}; the file was edited after osaaja wrote it",
            )
    algorithm = data["content_hash"].split(":", 1)[0]
    if algorithm not in hashing.ALGORITHMS:
        bad(
            ["content_hash"],
            f"content_hash: unknown algorithm {algorithm!r}; "
            f"accepted: {', '.join(hashing.ALGORITHMS)}",
        )
    elif hashing.of_content(content, algorithm) != data["content_hash"]:
        bad(
            ["content_hash"],
            "content_hash does not match reviewed_content: the hash or the content "
            "was edited; refused. Ask the reviewer to sign the file from a fresh "
            "`osaaja signoff request`",
        )
    if problems:
        return None, problems
    signoff = SignOff(
        file=file,
        profile=profile,
        cycle=data["cycle"],
        reviewer=data["reviewer"].strip(),
        role=data["role"],
        decision=data["decision"],
        date=date,
        content_hash=data["content_hash"],
        comments=(data.get("comments") or "").strip(),
        reviewed_content=content,
        rows={key: line_of(node, [key]) for key in ("profile", "cycle", "reviewer")},
    )
    return signoff, []


def placement_problems(signoff: SignOff, rel: tuple[str, ...]) -> list[Problem]:
    """A file lies at ``<profile>/<reviewer-slug>.yaml``, or kept for an earlier version at
    ``<profile>/<cycle>/<reviewer-slug>.yaml`` (``osaaja signoff import`` moves it there)."""
    file, rows = signoff.file, signoff.rows
    problems = []
    if rel[0] != signoff.profile:
        problems.append(
            Problem(
                file,
                row=rows.get("profile"),
                message=f"profile {signoff.profile!r} does not match the folder {rel[0]!r}; "
                f"a sign-off for {signoff.profile!r} belongs in signoffs/{signoff.profile}/",
            )
        )
    if len(rel) == 3 and rel[1] != str(signoff.cycle):
        problems.append(
            Problem(
                file,
                row=rows.get("cycle"),
                message=f"cycle {signoff.cycle} does not match the folder {rel[1]!r}; a kept "
                f"sign-off of an earlier version lies in signoffs/{signoff.profile}/{signoff.cycle}/",
            )
        )
    slug = reviewer_slug(signoff.reviewer)
    if Path(rel[-1]).stem != slug:
        problems.append(
            Problem(
                file,
                row=rows.get("reviewer"),
                message=f"file name should be the reviewer's slug: {slug}.yaml (one file per reviewer)",
            )
        )
    return problems


def load_signoffs(
    signoffs_dir: Path, today: dt.date | None = None
) -> tuple[list[SignOff], list[Problem]]:
    """Read and verify every sign-off file. Invalid or tampered files, and files dated after
    ``today``, are refused (left out of the list) and reported as problems; the caller
    decides whether that stops the run."""
    signoffs: list[SignOff] = []
    problems: list[Problem] = []
    if not signoffs_dir.exists():
        return signoffs, problems
    for path in sorted(signoffs_dir.rglob("*")):
        rel = path.relative_to(signoffs_dir)
        if any(part.startswith(".") for part in rel.parts) or path.is_dir():
            continue
        if path.suffix not in (".yaml", ".yml"):
            if path.name.lower() not in ("readme.md", "readme.txt"):
                problems.append(
                    Problem(str(path), message="not a sign-off file; expected <reviewer>.yaml")
                )
            continue
        if not (len(rel.parts) == 2 or (len(rel.parts) == 3 and rel.parts[1].isdigit())):
            problems.append(
                Problem(
                    str(path),
                    message=(
                        f"misplaced; expected {signoffs_dir}/<profile-id>/<reviewer>.yaml "
                        f"(or <profile-id>/<cycle>/<reviewer>.yaml for an earlier version)"
                    ),
                )
            )
            continue
        signoff, found = read_signoff(path, today or dt.date.today())
        if signoff is not None:
            found = placement_problems(signoff, rel.parts)
        problems.extend(found)
        if signoff is not None and not found:
            signoffs.append(signoff)
    return signoffs, sorted(problems)
