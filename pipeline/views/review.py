"""Where a profile's review stands, as its pages say it: the colophon of a published page,
and on drafts the whole truth (approved, stale with what changed, changes requested with
the reviewers' comments, or awaiting review)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pipeline.i18n import Text
from pipeline.localise import ROLE_LABELS
from pipeline.model import Review, ReviewEntry
from pipeline.views.page import Language

MAX_CHANGES = 12  # changes listed on a draft; the rest are counted


@dataclass(frozen=True)
class ReviewLine:
    """One reviewer's decision. role: in the page language; date: as the language writes
    it; name: only when the publication rule shows names, else None; comments: a change
    request's comments (as the reviewer wrote them, in Finnish), else ""."""

    role: str
    date: str
    name: str | None
    comments: str


@dataclass(frozen=True)
class ChangeLine:
    """One change since the earlier review. kind: what changed, in the page language;
    subject: the item or profile field; detail: the figures or values (English, as the
    sign-off report writes them)."""

    kind: str
    subject: Text
    detail: Text | None


@dataclass(frozen=True)
class ReviewView:
    """The review of one profile version.

    state: approved | stale | changes_requested | missing; label: the state in the page
    language; summary: one sentence saying who decided what and when; approvals: current
    approvals, oldest first; requests: current change requests with their comments;
    changes: what changed since the earlier review (stale drafts); more_changes: how many
    more changes there are than listed.
    """

    state: str
    label: str
    summary: str
    approvals: tuple[ReviewLine, ...]
    requests: tuple[ReviewLine, ...]
    changes: tuple[ChangeLine, ...]
    more_changes: int


def _role_of(label: str) -> tuple[str, str | None]:
    """(role code, reviewer name or None) of a colophon label ``signoff.colophon_of`` wrote:
    "toimialapäällikkö / head of field" or "toimialapäällikkö / head of field: Name"."""
    for role in ROLE_LABELS["fi"]:
        both = f"{ROLE_LABELS['fi'][role]} / {ROLE_LABELS['en'][role]}"
        for known in (both, *(labels[role] for labels in ROLE_LABELS.values())):
            if label == known:
                return role, None
            if label.startswith(known + ": "):
                return role, label[len(known) + 2 :]
    return "other", None


def colophon_review(colophon: Iterable[tuple[Any, Any]] | None) -> Review | None:
    """An approved version's review from its colophon ((role label, date) pairs of
    ``pipeline.versions``), so that each page writes roles and dates in its language."""
    if not colophon:
        return None
    approvals = []
    for label, date in colophon:
        role, name = _role_of(str(label))
        when = dt.date.fromisoformat(date) if isinstance(date, str) else date
        approvals.append(ReviewEntry(role, when, name))
    return Review("approved", approvals=tuple(approvals))


def _line(entry: ReviewEntry, lang: Language) -> ReviewLine:
    return ReviewLine(lang.role(entry.role), lang.date(entry.date), entry.name, entry.comments)


def _who(lines: tuple[ReviewLine, ...], lang: Language) -> str:
    return lang.t("review_and").join(
        f"{r.role}{f' ({r.name})' if r.name else ''} {r.date}" for r in lines
    )


def review_view(review: Review | None, lang: Language) -> ReviewView:
    """``review`` None: nobody has reviewed any version yet."""
    t = lang.t
    review = review or Review("missing")
    approvals = tuple(_line(e, lang) for e in review.approvals)
    requests = tuple(_line(e, lang) for e in review.requests)
    state = review.state
    if state == "approved":
        summary = t("review_approved_by", who=_who(approvals, lang))
    elif state == "changes_requested":
        summary = t("review_requested_by", who=_who(requests, lang))
    elif state == "stale" and review.earlier is not None:
        summary = t(
            "review_stale_since",
            who=_who((_line(review.earlier, lang),), lang),
            n=len(review.changes),
        )
    elif approvals:
        summary = t("review_partly_approved", who=_who(approvals, lang))
    else:
        summary = t("review_awaiting_text")
    changes = tuple(
        ChangeLine(
            kind=t(f"change_{c.kind}") if f"change_{c.kind}" in lang.strings else c.kind,
            subject=lang.text(c.subject) or Text(c.subject, lang.code),
            detail=Text(c.detail, "en") if c.detail else None,
        )
        for c in review.changes[:MAX_CHANGES]
    )
    return ReviewView(
        state=state,
        label=t(f"review_state_{state}"),
        summary=summary,
        approvals=approvals,
        requests=requests,
        changes=changes,
        more_changes=max(0, len(review.changes) - MAX_CHANGES),
    )
