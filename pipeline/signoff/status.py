"""Where each profile stands: approved, stale, changes requested or missing; the
colophon of a published page; rows for the store's history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pipeline import hashing
from pipeline.errors import Problem
from pipeline.model import Profile
from pipeline.sanitize import reviewer_key
from pipeline.signoff.changes import Change, diff_content
from pipeline.signoff.content import HASH_ALGORITHM, reviewed_content
from pipeline.signoff.files import ROLE_LABELS, ROLES, STATES, SignOff
from pipeline.signoff.rule import PublicationRule


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
        hashes[s.algorithm] = hashing.of_content(content, s.algorithm)
    return s.content_hash == hashes[s.algorithm]


def _status_one(profile: Profile, signoffs: list[SignOff], rule: PublicationRule) -> ProfileStatus:
    content = reviewed_content(profile)
    hashes = {HASH_ALGORITHM: hashing.of_content(content)}
    order = sorted(signoffs, key=lambda s: (s.date, s.reviewer), reverse=True)
    current = [s for s in order if _is_current(s, content, hashes)]
    old = [s for s in order if s not in current]
    approvals = tuple(s for s in current if s.decision == "approved")
    requests = tuple(s for s in current if s.decision == "changes_requested")
    qualifying = [s for s in approvals if s.role in rule.approving_roles]
    # One person counts once, however their name is spelled in two files (case, accents,
    # look-alike letters from other scripts): docs/signoff.md.
    reviewers = {reviewer_key(s.reviewer) for s in qualifying}
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
    if len(reviewers) >= rule.min_approvals:
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
        n = sum(1 for c in newest.changes if not c.consequence)
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
    have = f"; {len(reviewers)} of {rule.min_approvals} so far" if qualifying else ""
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


def status_lines(
    statuses: Iterable[ProfileStatus], max_changes: int = 25, *, verbose: bool = False
) -> list[str]:
    """The terminal report of ``osaaja signoff status``: a line per profile, then what
    changed (stale) or the reviewers' comments (changes requested). Changes that follow
    from a new round itself (``Change.consequence``) are counted in one line unless
    ``verbose``; so is everything past ``max_changes`` (``verbose`` lists all)."""
    statuses = list(statuses)
    width = max((len(s.profile_id) for s in statuses), default=10)
    lines = []
    for s in statuses:
        lines.append(f"{s.profile_id:<{width}}  {s.state.upper():<17}  {s.reason}")
        if s.state == "stale":
            shown = [c for c in s.changes if verbose or not c.consequence]
            follows = len(s.changes) - len(shown)
            limit = len(shown) if verbose else max_changes
            for change in shown[:limit]:
                lines.append(f"{'':<{width}}    {change}")
            if len(shown) > limit:
                lines.append(
                    f"{'':<{width}}    ... and {len(shown) - limit} more change(s) (--verbose lists them)"
                )
            if follows:
                lines.append(
                    f"{'':<{width}}    (+{follows} change(s) that follow from the new round itself: "
                    "trends, previous figures, survey fields; --verbose lists them)"
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
    return colophon_of(status.approvals, show_names, lang)


def colophon_of(
    approvals: Iterable[SignOff], show_names: bool, lang: str | None = None
) -> list[tuple[str, dt.date]]:
    """The colophon of any approved version: (role label, date) per approval, oldest first."""
    rows: list[tuple[str, dt.date]] = []
    for s in sorted(approvals, key=lambda s: (s.date, ROLES.index(s.role), s.reviewer)):
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
