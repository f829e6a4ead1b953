"""Reviewer sign-off: files bound by a content hash to exactly the profile version reviewed.

A sign-off is ``raw/signoffs/<profile-id>/<reviewer-slug>.yaml`` (schema:
``schemas/signoff.schema.json``, guide: ``docs/signoff.md``). It carries the reviewer's
decision, the ``content_hash`` of the profile version they judged and, written by osaaja,
``reviewed_content``: the canonical snapshot that hash was taken over. The snapshot lets
``status`` say *what* changed after a sign-off, and lets us refuse a file whose hash does
not belong to its own snapshot (a typed-in or edited hash).

This is an integrity check, not a signature: who signed is recorded by git history and
the store's ``signoff_history`` table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from pipeline.errors import ConfigError, Problem
from pipeline.fsutil import atomic_dir
from pipeline.model import Profile, ProfileItem
from pipeline.project import REPO_ROOT
from pipeline.yamlfile import line_of

SCHEMA_FILE = REPO_ROOT / "schemas" / "signoff.schema.json"
HASH_ALGORITHM = "sha256"
_HASHERS: dict[str, Callable[[bytes], Any]] = {"sha256": hashlib.sha256, "sha512": hashlib.sha512}
ROLES = ("head_of_field", "teacher", "other")
DECISIONS = ("approved", "changes_requested")
STATES = ("approved", "stale", "changes_requested", "missing")
ROLE_LABELS = {
    "fi": {"head_of_field": "toimialapäällikkö", "teacher": "opettaja", "other": "muu arvioija"},
    "en": {"head_of_field": "head of field", "teacher": "teacher", "other": "other reviewer"},
}
# Figures are judged as published: means rounded to one decimal (the CV page's precision).
FIGURE_DECIMALS = 1
FIGURES = {
    "now": "importance now",
    "future": "future importance",
    "change": "change",
    "previous_future": "previous future importance",
}


# --- canonical content and its hash -----------------------------------------------------


def _figure(value: float | None) -> float | None:
    # float() because the store may hand numpy floats (YAML cannot represent them) or NaN
    # for a missing mean; + 0.0 turns -0.0 into 0.0 so the JSON does not depend on its sign.
    if value is None or math.isnan(float(value)):
        return None
    return round(float(value), FIGURE_DECIMALS) + 0.0


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _localized(value: Mapping[str, str] | None) -> dict[str, str] | None:
    return None if value is None else {str(k): str(v) for k, v in sorted(value.items())}


def _item_content(item: ProfileItem) -> dict[str, Any]:
    hidden = item.suppressed  # suppressed figures are not published, so not judged
    return {
        "id": str(item.item_id),
        "text": str(item.item),
        "kind": _text(item.kind),
        "area": _text(item.area),
        "theme": _text(item.theme),
        "tags": sorted(str(t) for t in item.tags),
        "n": int(item.n_organisations),
        "now": None if hidden else _figure(item.mean_now),
        "future": None if hidden else _figure(item.mean_future),
        "change": None if hidden else _figure(item.change),
        "suppressed": bool(item.suppressed),
        "trend": _text(item.trend),
        "previous_future": None if hidden else _figure(item.previous_mean_future),
    }


def reviewed_content(profile: Profile) -> dict[str, Any]:
    """What a reviewer judges, as plain JSON-able data: texts, items, themes, figures
    rounded as published, suppression. Not styling, template, rule-set version or dates of
    the build: changing those must not invalidate a sign-off."""
    q = profile.qualification
    return {
        "profile": profile.id,
        "cycle": int(profile.cycle),
        "title": _localized(profile.title),
        "description": _localized(profile.description),
        "notes": _localized(profile.notes),
        "qualification": None
        if q is None
        else {"name": _localized(q.name), "code": _text(q.code), "url": _text(q.url)},
        "region": _text(profile.region),
        "horizon": _text(profile.horizon),
        "survey_period": _text(profile.survey_period),
        "n_organisations": int(profile.n_organisations),
        "surveys": [
            {"cycle": int(s.cycle), "field": str(s.field), "occupation": str(s.occupation)}
            for s in sorted(profile.surveys, key=lambda s: (s.cycle, s.field, s.occupation))
        ],
        "emerging": bool(profile.emerging),
        "previous_cycle": _int(profile.previous_cycle),
        "dropped_items": sorted(str(t) for t in profile.dropped_items),
        # Sorted by identity (then by everything, should two items share an id): the page's
        # order is derived from themes and figures, which are in the content already.
        "items": sorted(
            (_item_content(i) for i in profile.items),
            key=lambda c: (c["id"], canonical_json(c)),
        ),
    }


def canonical_json(content: Mapping[str, Any]) -> bytes:
    return json.dumps(
        content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def digest(content: Mapping[str, Any], algorithm: str = HASH_ALGORITHM) -> str:
    """``<algorithm>:<hex>`` of the canonical JSON of ``content``."""
    return f"{algorithm}:{_HASHERS[algorithm](canonical_json(content)).hexdigest()}"


def content_hash(profile: Profile) -> str:
    return digest(reviewed_content(profile))


# --- YAML with line numbers -------------------------------------------------------------


# libyaml's parser when present: a sign-off carries a snapshot of ~100 items, and the pure
# Python parser takes about 0.4 s per file.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
    """Safe loader that keeps dates as text, so the schema sees what was written."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml_located(text: str) -> tuple[Any, yaml.Node | None]:
    """Parse YAML once, returning the data and its node tree (for line numbers)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return data, node


def duplicate_keys(node: yaml.Node | None) -> list[tuple[str, int]]:
    """YAML silently keeps the last of two equal keys; for a decision that is a trap."""
    found: list[tuple[str, int]] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if key.value in seen:
                found.append((str(key.value), key.start_mark.line + 1))
            seen.add(key.value)
            found.extend(duplicate_keys(value))
    elif isinstance(node, yaml.SequenceNode):
        for value in node.value:
            found.extend(duplicate_keys(value))
    return found


def settings_line(settings_file: Path | None, path: Iterable[Any]) -> int | None:
    """Line of a key in ``raw/osaaja.yaml`` for messages about our settings sections."""
    if settings_file is None or not settings_file.exists():
        return None
    try:
        _, node = load_yaml_located(settings_file.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return None
    return line_of(node, path)


# --- sign-off files ---------------------------------------------------------------------


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
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


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
            message = f"{where}: {err.instance!r} is not accepted; use one of: " + ", ".join(
                "null" if v is None else str(v) for v in err.validator_value
            )
        elif err.validator == "required":
            message = f"{where}: {err.message}"
        else:
            hint = _HINTS.get(str(path[-1])) if path and path[0] != "reviewed_content" else None
            message = f"{where}: {err.message}" + (f"; expected {hint}" if hint else "")
            if path and path[0] == "reviewed_content":
                message += " (reviewed_content is written by osaaja; do not edit it)"
        problems.append(Problem(file, row=line_of(node, path), message=message))
    return problems


def _parse_one(path: Path, profile_dir: str) -> tuple[SignOff | None, list[Problem]]:
    file = str(path)
    try:
        data, node = load_yaml_located(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None, [Problem(file, message="not UTF-8 text; save the sign-off as UTF-8")]
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        row = mark.line + 1 if mark else None
        return None, [
            Problem(file, row=row, message=f"not valid YAML: {getattr(err, 'problem', err)}")
        ]
    problems = [
        Problem(file, row=line, message=f"key {key!r} appears twice; keep one")
        for key, line in duplicate_keys(node)
    ]
    problems += schema_problems(file, data, node)
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
        bad(["date"], f"date: {data['date']!r} is not a real date; expected YYYY-MM-DD")
    content = data["reviewed_content"]
    for key in ("profile", "cycle"):
        if content[key] != data[key]:
            bad(
                ["reviewed_content", key],
                f"reviewed_content.{key} {content[key]!r} differs from "
                f"{key} {data[key]!r}; the file was edited after osaaja wrote it",
            )
    algorithm = data["content_hash"].split(":", 1)[0]
    if algorithm not in _HASHERS:
        bad(
            ["content_hash"],
            f"content_hash: unknown algorithm {algorithm!r}; accepted: {', '.join(_HASHERS)}",
        )
    elif digest(content, algorithm) != data["content_hash"]:
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


def load_signoffs(signoffs_dir: Path) -> tuple[list[SignOff], list[Problem]]:
    """Read and verify every sign-off file. Invalid or tampered files are refused (left out
    of the list) and reported as problems; the caller decides whether that stops the run."""
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
        signoff, found = _parse_one(path, rel.parts[0])
        problems.extend(found)
        if signoff is not None:
            signoffs.append(signoff)
    return signoffs, sorted(problems)


# --- the publication rule ---------------------------------------------------------------


@dataclass(frozen=True)
class PublicationRule:
    """``publication:`` in ``raw/osaaja.yaml``. Defaults: one approved, current sign-off by
    a head of field or a teacher, and no current change request."""

    approving_roles: tuple[str, ...] = ("head_of_field", "teacher")
    min_approvals: int = 1
    changes_requested_blocks: bool = True
    show_reviewer_names: bool = False
    # Figure changes larger than this are listed one by one in a stale status.
    change_tolerance: float = 0.2

    @classmethod
    def from_settings(
        cls, publication: Mapping[str, Any] | None, settings_file: Path | None = None
    ) -> PublicationRule:
        """Validate the ``publication`` section; problems name the file and line."""
        data = dict(publication or {})
        file = str(settings_file or "osaaja.yaml")
        problems = []

        def bad(key: str, message: str) -> None:
            problems.append(
                Problem(
                    file,
                    row=settings_line(settings_file, ["publication", key]),
                    message=f"publication.{key}: {message}",
                )
            )

        fields = cls.__dataclass_fields__
        for key in sorted(set(data) - set(fields)):
            bad(key, f"unknown setting; accepted: {', '.join(fields)}")
        roles = data.get("approving_roles", list(cls.approving_roles))
        if not (isinstance(roles, list) and roles and all(r in ROLES for r in roles)):
            bad(
                "approving_roles",
                f"{roles!r} is not accepted; expected a list of: {', '.join(ROLES)}",
            )
        n = data.get("min_approvals", cls.min_approvals)
        if not (isinstance(n, int) and not isinstance(n, bool) and n >= 1):
            bad("min_approvals", f"{n!r} is not accepted; expected a whole number ≥ 1")
        for key in ("changes_requested_blocks", "show_reviewer_names"):
            if not isinstance(data.get(key, False), bool):
                bad(key, f"{data[key]!r} is not accepted; expected true or false")
        tol = data.get("change_tolerance", cls.change_tolerance)
        if not (isinstance(tol, int | float) and not isinstance(tol, bool) and 0 <= tol <= 4):
            bad("change_tolerance", f"{tol!r} is not accepted; expected a number from 0 to 4")
        if problems:
            raise ConfigError(problems, headline="The publication rule in the settings is invalid.")
        known = {k: v for k, v in data.items() if k in fields}
        if "approving_roles" in known:
            known["approving_roles"] = tuple(known["approving_roles"])
        return cls(**known)

    def describe(self) -> str:
        who = " or ".join(ROLE_LABELS["en"][r] for r in self.approving_roles)
        text = f"at least {self.min_approvals} approved, current sign-off(s) by a {who}"
        return text + (", and no current change request" if self.changes_requested_blocks else "")


# --- what changed since a sign-off ------------------------------------------------------


CHANGE_KINDS = (
    "profile",
    "added",
    "removed",
    "moved",
    "suppression",
    "figure",
    "text",
    "detail",
    "minor",
)


@dataclass(frozen=True)
class Change:
    kind: str  # one of CHANGE_KINDS
    subject: str  # item text or profile field
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.subject}" + (f" ({self.detail})" if self.detail else "")


def _fmt(value: Any) -> str:
    return "—" if value is None else str(value)


def _profile_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    changes = []
    for key in sorted(set(old) | set(new)):
        if key == "items" or old.get(key) == new.get(key):
            continue
        a, b = old.get(key), new.get(key)
        if isinstance(a, dict) and isinstance(b, dict) and key != "qualification":
            langs = sorted(lang for lang in set(a) | set(b) if a.get(lang) != b.get(lang))
            changes.append(Change("profile", key, f"text changed: {', '.join(langs)}"))
        elif isinstance(a, int | float) and isinstance(b, int | float) or a is None or b is None:
            changes.append(Change("profile", key, f"{_fmt(a)} → {_fmt(b)}"))
        else:
            changes.append(Change("profile", key, "changed"))
    return changes


def _item_changes(
    old: Mapping[str, Any], new: Mapping[str, Any], tolerance: float
) -> tuple[list[Change], int]:
    text = new["text"]
    changes: list[Change] = []
    minor = 0
    if old["theme"] != new["theme"]:
        changes.append(Change("moved", text, f"{_fmt(old['theme'])} → {_fmt(new['theme'])}"))
    if old["suppressed"] != new["suppressed"]:
        changes.append(
            Change(
                "suppression",
                text,
                "figures now hidden (too few organisations)"
                if new["suppressed"]
                else "figures now shown",
            )
        )
    if old["n"] != new["n"]:
        changes.append(Change("figure", text, f"organisations {old['n']} → {new['n']}"))
    if old["suppressed"] == new["suppressed"]:
        moved = []  # one line per item: "future importance 3.7 → 4.3; change -0.4 → 0.2"
        for key, label in FIGURES.items():
            a, b = old[key], new[key]
            if a == b:
                continue
            if a is None or b is None or round(abs(a - b), 6) > tolerance:
                moved.append(f"{label} {_fmt(a)} → {_fmt(b)}")
            else:
                minor += 1
        if moved:
            changes.append(Change("figure", text, "; ".join(moved)))
    if old["text"] != new["text"]:
        changes.append(Change("text", text, f"was: {old['text']}"))
    details = [k for k in ("kind", "area", "tags", "trend") if old[k] != new[k]]
    if details:
        changes.append(
            Change(
                "detail", text, ", ".join(f"{k} {_fmt(old[k])} → {_fmt(new[k])}" for k in details)
            )
        )
    return changes, minor


def diff_content(
    old: Mapping[str, Any], new: Mapping[str, Any], tolerance: float = 0.2
) -> list[Change]:
    """What changed from the reviewed snapshot ``old`` to the current ``new``: profile
    fields, items added, removed, moved between themes, figures beyond ``tolerance``
    (smaller figure changes are counted in one ``minor`` line), text and details."""
    changes = _profile_changes(old, new)
    old_items = {i["id"]: i for i in old.get("items", [])}
    new_items = {i["id"]: i for i in new.get("items", [])}
    pairs = [(key, key) for key in sorted(set(old_items) & set(new_items))]
    # An item whose identity changed (a new alias, a code added) but whose text did not is
    # the same item to a reviewer: pair it by text instead of listing it removed and added.
    added = {k: new_items[k] for k in sorted(set(new_items) - set(old_items))}
    removed = {k: old_items[k] for k in sorted(set(old_items) - set(new_items))}
    by_text = {}
    for key, item in added.items():
        by_text.setdefault(item["text"], []).append(key)
    for old_key, item in list(removed.items()):
        match = by_text.get(item["text"], [])
        if len(match) == 1:
            new_key = match.pop()
            pairs.append((old_key, new_key))
            del removed[old_key], added[new_key]
            changes.append(Change("detail", item["text"], f"item identity {old_key} → {new_key}"))
    for item in added.values():
        changes.append(Change("added", item["text"], f"theme {_fmt(item['theme'])}"))
    for item in removed.values():
        changes.append(Change("removed", item["text"], f"theme {_fmt(item['theme'])}"))
    minor = 0
    for old_key, new_key in pairs:
        found, small = _item_changes(old_items[old_key], new_items[new_key], tolerance)
        changes.extend(found)
        minor += small
    if minor:
        changes.append(Change("minor", f"{minor} figure(s)", f"changed by at most {tolerance}"))
    order = {kind: n for n, kind in enumerate(CHANGE_KINDS)}
    return sorted(changes, key=lambda c: (order[c.kind], c.subject, c.detail))


# --- status of every profile ------------------------------------------------------------


@dataclass(frozen=True)
class StaleSignOff:
    signoff: SignOff
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class ProfileStatus:
    """Where a profile stands. ``state`` is one of STATES; ``reason`` is one line for people."""

    profile_id: str
    cycle: int
    state: str
    publishable: bool
    reason: str
    content_hash: str
    approvals: tuple[SignOff, ...] = ()  # current approvals, any role
    requests: tuple[SignOff, ...] = ()  # current change requests
    stale: tuple[StaleSignOff, ...] = ()  # sign-offs of an older version, newest first

    @property
    def changes(self) -> tuple[Change, ...]:
        """Changes since the newest stale sign-off."""
        return self.stale[0].changes if self.stale else ()

    @property
    def comments(self) -> tuple[str, ...]:
        return tuple(f"{ROLE_LABELS['en'][s.role]} {s.date}: {s.comments}" for s in self.requests)


def _who(s: SignOff) -> str:
    return f"{ROLE_LABELS['en'][s.role]} on {s.date.isoformat()}"


def _is_current(s: SignOff, content: Mapping[str, Any], hashes: dict[str, str]) -> bool:
    if s.algorithm not in hashes:
        hashes[s.algorithm] = digest(content, s.algorithm)
    return s.content_hash == hashes[s.algorithm]


def _status_one(profile: Profile, signoffs: list[SignOff], rule: PublicationRule) -> ProfileStatus:
    content = reviewed_content(profile)
    hashes = {HASH_ALGORITHM: digest(content)}
    order = sorted(signoffs, key=lambda s: (s.date, s.reviewer), reverse=True)
    current = [s for s in order if _is_current(s, content, hashes)]
    old = [s for s in order if s not in current]
    approvals = tuple(s for s in current if s.decision == "approved")
    requests = tuple(s for s in current if s.decision == "changes_requested")
    qualifying = [s for s in approvals if s.role in rule.approving_roles]
    stale = tuple(
        StaleSignOff(s, tuple(diff_content(s.reviewed_content, content, rule.change_tolerance)))
        for s in old
    )
    base = {
        "profile_id": profile.id,
        "cycle": profile.cycle,
        "content_hash": hashes[HASH_ALGORITHM],
        "approvals": approvals,
        "requests": requests,
        "stale": stale,
    }

    if requests and rule.changes_requested_blocks:
        more = f" (+{len(requests) - 1} more)" if len(requests) > 1 else ""
        return ProfileStatus(
            state="changes_requested",
            publishable=False,
            reason=f"changes requested by {_who(requests[0])}{more}; see the comments",
            **base,
        )
    if len(qualifying) >= rule.min_approvals:
        return ProfileStatus(
            state="approved",
            publishable=True,
            reason="approved by " + "; ".join(_who(s) for s in qualifying),
            **base,
        )
    if stale:
        newest = stale[0]
        what = (
            "changes were requested by"
            if newest.signoff.decision == "changes_requested"
            else "signed off by"
        )
        n = len(newest.changes)
        return ProfileStatus(
            state="stale",
            publishable=False,
            reason=(
                f"content changed since {what} {_who(newest.signoff)} ({n} change(s)); "
                "send a new review packet"
            ),
            **base,
        )
    need = " or ".join(ROLE_LABELS["en"][r] for r in rule.approving_roles)
    have = f"; {len(qualifying)} of {rule.min_approvals} so far" if qualifying else ""
    others = " (approved only by other reviewers)" if approvals and not qualifying else ""
    return ProfileStatus(
        state="missing",
        publishable=False,
        reason=f"no current approval by a {need}{have}{others}",
        **base,
    )


def status(
    profiles: list[Profile], signoffs: list[SignOff], rule: PublicationRule
) -> list[ProfileStatus]:
    """The sign-off state of every profile, in the order given."""
    by_profile: dict[str, list[SignOff]] = {}
    for s in signoffs:
        by_profile.setdefault(s.profile, []).append(s)
    return [_status_one(p, by_profile.get(p.id, []), rule) for p in profiles]


def status_lines(statuses: Iterable[ProfileStatus], max_changes: int = 25) -> list[str]:
    """The terminal report of ``osaaja signoff status``: a line per profile, then what
    changed (stale) or the reviewers' comments (changes requested)."""
    statuses = list(statuses)
    width = max((len(s.profile_id) for s in statuses), default=10)
    lines = []
    for s in statuses:
        lines.append(f"{s.profile_id:<{width}}  {s.state.upper():<17}  {s.reason}")
        if s.state == "stale":
            for change in s.changes[:max_changes]:
                lines.append(f"{'':<{width}}    {change}")
            if len(s.changes) > max_changes:
                lines.append(
                    f"{'':<{width}}    ... and {len(s.changes) - max_changes} more change(s)"
                )
        for request in s.requests:
            lines.append(
                f"{'':<{width}}    {ROLE_LABELS['en'][request.role]} {request.reviewer}, "
                f"{request.date.isoformat()}:"
            )
            lines += [f"{'':<{width}}      {text}" for text in request.comments.splitlines()]
    counts = {state: sum(1 for s in statuses if s.state == state) for state in STATES}
    lines.append(
        ", ".join(f"{n} {state.replace('_', ' ')}" for state, n in counts.items())
        + f" ({len(statuses)} profile(s))"
    )
    return lines


def blocked_reasons(statuses: Iterable[ProfileStatus], check_report: Any = None) -> dict[str, str]:
    """Profile id -> why it must not be published: its sign-off state, and quality-check
    errors when ``check_report`` (``checks.CheckReport``) is given. Publishable profiles
    are absent. ``publish`` uses this to copy only approved, current, check-passing ones."""
    reasons: dict[str, list[str]] = {}
    for s in statuses:
        if not s.publishable:
            reasons.setdefault(s.profile_id, []).append(f"{s.state.replace('_', ' ')}: {s.reason}")
    if check_report is not None:
        for pid, why in check_report.blocked_profiles().items():
            reasons.setdefault(pid, []).append(why)
    return {pid: "; ".join(why) for pid, why in reasons.items()}


def unknown_profiles(profiles: Iterable[Profile], signoffs: Iterable[SignOff]) -> list[Problem]:
    """Sign-offs for profiles that do not exist (renamed or removed profiles)."""
    ids = {p.id for p in profiles}
    return [
        Problem(s.file, message=f"no profile {s.profile!r}; this sign-off is not used")
        for s in signoffs
        if s.profile not in ids
    ]


def role_label(role: str, lang: str | None = None) -> str:
    """ "toimialapäällikkö" (fi), "head of field" (en); both, Finnish first, for ``None``."""
    if lang is None:
        return " / ".join(ROLE_LABELS[code][role] for code in ("fi", "en"))
    return ROLE_LABELS.get(lang, ROLE_LABELS["en"])[role]


def colophon(
    status: ProfileStatus, show_names: bool, lang: str | None = None
) -> list[tuple[str, dt.date]]:
    """(role label, date) per current approval, oldest first, for the published page.

    The label is in ``lang``, or in Finnish and English when ``lang`` is None (one
    colophon serves both language pages). The date is a ``datetime.date`` so each page
    can write it its own way. Names are added only when the configuration says
    ``show_reviewer_names: true``."""
    rows: list[tuple[str, dt.date]] = []
    for s in sorted(status.approvals, key=lambda s: (s.date, ROLES.index(s.role), s.reviewer)):
        label = role_label(s.role, lang)
        row = (f"{label}: {s.reviewer}" if show_names else label, s.date)
        if row not in rows:
            rows.append(row)
    return rows


def history_rows(signoffs: Iterable[SignOff]) -> list[dict[str, Any]]:
    """Rows for the store's ``signoff_history`` table (``store.record_signoffs``)."""
    return [
        {
            "profile": s.profile,
            "cycle": s.cycle,
            "reviewer": s.reviewer,
            "role": s.role,
            "decision": s.decision,
            "date": s.date,
            "content_hash": s.content_hash,
            "comments": s.comments,
            "file": s.file,
        }
        for s in sorted(signoffs, key=lambda s: (s.profile, s.cycle, s.date, s.reviewer))
    ]


# --- review packets ---------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


class _Flow(dict):
    """A mapping written on one line: one item of reviewed_content per line."""


_Dumper.add_representer(
    _Flow,
    lambda d, data: d.represent_mapping(
        "tag:yaml.org,2002:map", list(data.items()), flow_style=True
    ),
)


def _flowed(content: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in content.items():
        if key in ("items", "surveys"):
            out[key] = [_Flow(v) for v in value]
        elif isinstance(value, dict):
            out[key] = _Flow(value)
        else:
            out[key] = value
    return out


def _scalar(value: Any) -> str:
    if isinstance(value, str) and "\n" in value:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value  # our loader keeps dates as text, so no quotes are needed
    return (
        yaml.dump(value, Dumper=_Dumper, allow_unicode=True, width=10**6, default_flow_style=True)
        .removesuffix("\n...\n")
        .strip()
    )


def signoff_yaml(
    profile: Profile,
    *,
    reviewer: str = "",
    role: str = "",
    decision: str = "",
    date: str = "",
    comments: str = "",
) -> str:
    """A sign-off file for the current version of ``profile``: blank fields for the
    reviewer to fill (a review packet), or filled (tests, demo data)."""
    content = reviewed_content(profile)
    title = " / ".join(
        profile.title.get(lang, "") for lang in ("fi", "en") if profile.title.get(lang)
    )
    head = [
        f"# osaaja sign-off: {title} (profile {profile.id}, cycle {profile.cycle})",
        "#",
        "# FI: Täytä reviewer, role, decision, date ja comments. Älä muuta muita kenttiä.",
        "# EN: Fill in reviewer, role, decision, date and comments. Leave the rest as it is.",
        "#   role:     head_of_field (toimialapäällikkö) | teacher (opettaja) | other (muu)",
        "#   decision: approved (hyväksytty) | changes_requested (muutoksia pyydetään)",
        "#   date:     YYYY-MM-DD",
        f"# Saved as raw/signoffs/{profile.id}/<reviewer-name>.yaml, e.g. raw/signoffs/{profile.id}/aino-virtanen.yaml",
        f"profile: {_scalar(profile.id)}",
        f"cycle: {int(profile.cycle)}",
        f"reviewer: {_scalar(reviewer)}",
        f"role: {_scalar(role)}",
        f"decision: {_scalar(decision)}",
        f"date: {_scalar(date)}",
        f"comments: {_scalar(comments)}",
        f"content_hash: {digest(content)}",
        "# What was reviewed, written by osaaja: do not edit. `osaaja signoff status` uses it",
        "# to list what changed after the sign-off; the hash above is taken over it.",
    ]
    body = yaml.dump(
        {"reviewed_content": _flowed(content)},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=10**6,
        default_flow_style=False,
    )
    return "\n".join(head) + "\n" + body


def write_review_packets(
    profiles: Iterable[Profile], out_dir: Path, *, render_fn: Callable[[Profile, Path], Any]
) -> list[Path]:
    """Write ``out_dir/<profile-id>/``: the draft HTML and PDF (``render_fn(profile, folder)``
    writes them) and ``<profile-id>.signoff.yaml`` pre-filled with the current hash.
    Each packet folder is replaced whole, so a failed render leaves the old packet."""
    written = []
    for profile in profiles:
        target = out_dir / profile.id
        with atomic_dir(target) as tmp:
            render_fn(profile, tmp)
            (tmp / f"{profile.id}.signoff.yaml").write_text(signoff_yaml(profile), encoding="utf-8")
        written.append(target)
    return written
