"""Sign-off files: ``raw/signoffs/<profile-id>/<reviewer-slug>.yaml`` (schema:
``schemas/signoff.schema.json``, guide: ``docs/signoff.md``), read and verified.

A file carries the reviewer's decision, the ``content_hash`` of the profile version they
judged and ``reviewed_content``, the snapshot that hash was taken over (written by
osaaja). A file whose hash does not belong to its own snapshot is refused.
"""

from __future__ import annotations

import datetime as dt
import json
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
    "date": "a date written YYYY-MM-DD, e.g. 2024-05-02",
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


def _parse_one(
    path: Path, profile_dir: str, today: dt.date
) -> tuple[SignOff | None, list[Problem]]:
    file = str(path)
    try:
        # Dates stay text, so the schema sees what was written.
        data, node = yamlfile.read(path, dates_as_text=True)
    except ConfigError as err:
        return None, err.problems
    problems = schema_problems(file, data, node)
    if problems:
        return None, problems

    def bad(where: list[str], message: str) -> None:
        problems.append(Problem(file, row=line_of(node, where), message=message))

    profile = data["profile"]
    if profile != profile_dir:
        bad(
            ["profile"],
            f"profile {profile!r} does not match the folder {profile_dir!r}; "
            f"a sign-off for {profile!r} belongs in signoffs/{profile}/",
        )
    slug = reviewer_slug(data["reviewer"])
    if path.stem != slug:
        bad(
            ["reviewer"],
            f"file name should be the reviewer's slug: {slug}.yaml (one file per reviewer)",
        )
    try:
        date = dt.date.fromisoformat(data["date"])
    except ValueError:
        bad(["date"], f"date: {excerpt(data['date'])} is not a real date; expected YYYY-MM-DD")
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
    )
    return signoff, []


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
        if len(rel.parts) != 2:
            problems.append(
                Problem(
                    str(path),
                    message=(f"misplaced; expected {signoffs_dir}/<profile-id>/<reviewer>.yaml"),
                )
            )
            continue
        signoff, found = _parse_one(path, rel.parts[0], today or dt.date.today())
        problems.extend(found)
        if signoff is not None:
            signoffs.append(signoff)
    return signoffs, sorted(problems)
