"""Versioned publication: which version of each profile the site shows, and every approved
version kept at its own address (docs/signoff.md, "Versions").

The source of truth is the sign-off files under ``raw/signoffs/`` (committed): an approved
version is exactly the content its approvals were taken over (``reviewed_content``). So a
fresh clone, or a build folder thrown away, publishes the same versions again. Its
profile comes from the store when the store still computes that content (same hash), else
it is rebuilt from the signed snapshot (``signoff.profile_from_content``) and checked to
give the signed hash back. Nothing else is trusted: a page is never published from
content no reviewer approved.

Rules:

- the site shows, per profile, its **latest approved version** (highest survey cycle,
  then latest approval); newer content in review (stale, changes requested, missing, or
  failing a quality check) never takes it down, and its page says an update is in review;
- an approved version stays publishable while the store computes **the same survey data**
  for its cycle (item texts, counts and figures as published): a new round, a new alias,
  a changed theme rule or an edited description do not withdraw it. When its round's
  data changed after the approval (a corrected export, late answers), its figures are no
  longer true: it is withdrawn until the new content is approved;
- every cycle's latest approved version stays at ``<cycle>/<id>/``, a stable address; an
  archived version that is no longer the published one says so and links to it;
- the current content counts as approved only when the sign-off gate says so (the rule
  and the quality checks); an earlier version counts when its own sign-offs meet the rule.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline import figures, signoff
from pipeline.model import Profile
from pipeline.sanitize import reviewer_key

SOURCES = ("store", "signoff")  # where a version's profile came from


@dataclass(frozen=True)
class Version:
    """One approved version of a profile.

    profile: the content (as the store computes it, or rebuilt from the sign-off);
    content_hash: what its reviewers signed; colophon: (role label, date) per approval;
    approved_on: the latest approval's date; source: "store" (the store computes exactly
    this content) or "signoff" (rebuilt from the signed snapshot, with the store's exact
    figures and its evidence beside the survey where the store still has that round's data).
    """

    profile: Profile
    content_hash: str
    colophon: tuple[tuple[str, dt.date], ...]
    approved_on: dt.date
    source: str

    @property
    def cycle(self) -> int:
        return self.profile.cycle


@dataclass(frozen=True)
class ProfileVersions:
    """Where one profile stands on the site.

    current: the store's latest content; current_hash: its content hash; blocked: why the
    current content is not published (sign-off state, check errors) or None; published:
    the version the site shows at ``<id>/`` (None: nothing approved yet); archive: each
    cycle's latest approved version, oldest first; refused: approved versions that could
    not be rebuilt, with the reason.
    """

    id: str
    current: Profile
    current_hash: str
    blocked: str | None
    published: Version | None
    archive: tuple[Version, ...]
    refused: tuple[str, ...] = ()

    @property
    def in_review(self) -> bool:
        """Newer content than the published version waits for approval."""
        return self.published is not None and self.published.content_hash != self.current_hash

    def page_note(self) -> dict[str, Any] | None:
        """The note of the page at ``<id>/``: an update in review, or None."""
        if not self.in_review:
            return None
        return {"state": "in_review", "cycle": self.current.cycle, "shown": self.published.cycle}

    def archive_note(self, version: Version) -> dict[str, Any] | None:
        """The note of an archived version's page: the published one's note, else
        "superseded" with the cycle of the version the site shows now."""
        if version.content_hash == self.published.content_hash:
            return self.page_note()
        return {"state": "superseded", "cycle": self.published.cycle, "shown": version.cycle}


@dataclass(frozen=True)
class Publication:
    """The versions to publish. profiles: each profile's ``ProfileVersions``, in configuration order."""

    profiles: tuple[ProfileVersions, ...]

    def excluded(self) -> dict[str, str]:
        """Profiles with nothing to publish, and why."""
        return {p.id: p.blocked or "not approved" for p in self.profiles if p.published is None}

    def published(self) -> list[ProfileVersions]:
        return [p for p in self.profiles if p.published is not None]

    def lines(self) -> list[str]:
        """Approved versions that could not be rebuilt (warnings)."""
        return [f"warning: {p.id}: {why}" for p in self.profiles for why in p.refused]

    @classmethod
    def simple(
        cls,
        profiles: Sequence[Profile],
        excluded: dict[str, str] | None = None,
        colophons: dict[str, Any] | None = None,
    ) -> Publication:
        """Each profile's current content as its only version, unless ``excluded`` (tests,
        and the drafts site, where every profile is shown as it is now)."""
        excluded, colophons = excluded or {}, colophons or {}
        out = []
        for p in profiles:
            digest = signoff.content_hash(p)
            version = None
            if p.id not in excluded:
                colophon = tuple(tuple(row) for row in colophons.get(p.id) or ())
                dates = [
                    d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d))
                    for _, d in colophon
                ]
                version = Version(p, digest, colophon, max(dates, default=dt.date.min), "store")
            out.append(
                ProfileVersions(
                    id=p.id,
                    current=p,
                    current_hash=digest,
                    blocked=excluded.get(p.id),
                    published=version,
                    archive=(version,) if version else (),
                )
            )
        return cls(tuple(out))


def _meets_rule(signoffs: list[signoff.SignOff], rule: signoff.PublicationRule) -> bool:
    approvals = [s for s in signoffs if s.decision == "approved"]
    if rule.changes_requested_blocks and any(s.decision == "changes_requested" for s in signoffs):
        return False
    qualifying = {reviewer_key(s.reviewer) for s in approvals if s.role in rule.approving_roles}
    return len(qualifying) >= rule.min_approvals


DATA_KEYS = (
    "text",
    "kind",
    "area",
    "n",
    "n_now",
    "n_future",
    "now",
    "future",
    "change",
    "suppressed",
)


def same_data(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Two snapshots (``reviewed_content``) hold the same survey data: organisations,
    surveys, and per item text its counts and figures as published. Identities, themes,
    trends and the profile's texts may differ (configuration, not data)."""

    def data(content: dict[str, Any]) -> tuple:
        items = sorted(tuple(str(i.get(k)) for k in DATA_KEYS) for i in content["items"])
        return content["n_organisations"], str(content["surveys"]), items

    return data(old) == data(new)


def with_figures(signed: Profile, computed: Profile) -> Profile:
    """The signed profile with the store's own figures (open-data precision, standard
    deviations) where they round to what was signed: the page is unchanged, the open data
    exact. Items are matched by text."""
    by_text = {i.item: i for i in computed.items}
    items = []
    for item in signed.items:
        found = by_text.get(item.item)
        if found is None:
            items.append(item)
            continue
        changes: dict[str, Any] = {"sd_now": found.sd_now, "sd_future": found.sd_future}
        for key in ("mean_now", "mean_future", "change", "previous_mean_future"):
            if figures.page(getattr(found, key)) == figures.page(getattr(item, key)):
                changes[key] = getattr(found, key)
        items.append(dataclasses.replace(item, **changes))
    return dataclasses.replace(signed, items=tuple(items))


def with_evidence(signed: Profile, computed: Profile) -> Profile:
    """The signed profile with the store's evidence beside the survey, which is not signed
    but reviewed on its own (docs/evidence.md): a version rebuilt from its sign-off shows
    the same evidence as one taken from the store. Items are matched by text."""
    by_text = {i.item: i.evidence for i in computed.items}
    items = tuple(
        dataclasses.replace(i, evidence=by_text.get(i.item, i.evidence)) for i in signed.items
    )
    return dataclasses.replace(signed, items=items, evidence=computed.evidence)


def plan(
    profiles: Sequence[Profile],
    statuses: Sequence[signoff.ProfileStatus],
    excluded: dict[str, str],
    signoffs: Sequence[signoff.SignOff],
    rule: signoff.PublicationRule,
    *,
    min_organisations: int,
    store_profiles: Callable[[int], Sequence[Profile]],
) -> Publication:
    """Every profile's published version and archive.

    ``profiles`` and ``statuses`` are the current content and its sign-off state;
    ``excluded`` the gate's verdict (profile id -> why its current content may not be
    published); ``store_profiles(cycle)`` the profiles the store computes for an earlier
    cycle (called only when a version of that cycle is needed)."""
    by_status = {s.profile_id: s for s in statuses}
    cache: dict[int, dict[str, Profile]] = {}

    def stored(pid: str, cycle: int) -> Profile | None:
        if cycle not in cache:
            cache[cycle] = {p.id: p for p in store_profiles(cycle)}
        return cache[cycle].get(pid)

    out = []
    for profile in profiles:
        status = by_status[profile.id]
        groups: dict[str, list[signoff.SignOff]] = {}
        for s in signoffs:
            if s.profile == profile.id:
                groups.setdefault(s.content_hash, []).append(s)
        versions, refused = [], []
        for digest, group in sorted(groups.items()):
            current = digest == status.content_hash
            if current and profile.id in excluded:
                continue  # the gate judged the current content (rule and checks)
            if not current and not _meets_rule(group, rule):
                continue
            approvals = [s for s in group if s.decision == "approved"]
            colophon = tuple(signoff.colophon_of(approvals, rule.show_reviewer_names))
            when = max(s.date for s in approvals)
            snapshot = group[0].reviewed_content
            if current:
                versions.append(Version(profile, digest, colophon, when, "store"))
                continue
            found = stored(profile.id, int(snapshot["cycle"]))
            if found is not None and signoff.content_hash(found) == digest:
                versions.append(Version(found, digest, colophon, when, "store"))
                continue
            if found is not None and not same_data(snapshot, signoff.reviewed_content(found)):
                continue  # its round's data changed since: stale, not publishable
            rebuilt = signoff.profile_from_content(snapshot, min_organisations=min_organisations)
            if found is not None:
                with_store = with_figures(rebuilt, found)
                if signoff.content_hash(with_store) == digest:
                    rebuilt = with_store
            if signoff.content_hash(rebuilt) != digest:
                refused.append(
                    f"the approved {snapshot['cycle']} version ({digest[:19]}…) cannot be "
                    f"rebuilt from {group[0].file}; it is not published"
                )
                continue
            if found is not None:
                rebuilt = with_evidence(rebuilt, found)
            versions.append(Version(rebuilt, digest, colophon, when, "signoff"))
        order = sorted(versions, key=lambda v: (v.cycle, v.approved_on, v.source == "store"))
        latest_per_cycle = {v.cycle: v for v in order}
        published = order[-1] if order else None
        out.append(
            ProfileVersions(
                id=profile.id,
                current=profile,
                current_hash=status.content_hash,
                blocked=excluded.get(profile.id),
                published=published,
                archive=tuple(latest_per_cycle[c] for c in sorted(latest_per_cycle)),
                refused=tuple(refused),
            )
        )
    return Publication(tuple(out))
