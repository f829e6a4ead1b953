"""The documented data model shared by the stages after the store.

These dataclasses are a contract: the store builds them from its tables, checks and
sign-off judge them, and the template is rendered from them (nothing else reaches a
template). Keep field names stable; the content hash of a profile (``pipeline.signoff``)
is taken over a canonical form of ``Profile``.

Languages: published output is Finnish first, English second; ``Localized`` values are
dicts keyed by language code (``fi``, ``en``, optionally ``sv``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date

PUBLISHED_LANGUAGES = ("fi", "en")  # order matters: Finnish first
KINDS = ("knowledge", "skill", "attitude")

Localized = dict[str, str]


@dataclass(frozen=True)
class ThemeInfo:
    """What a page needs to draw one theme (a CV section)."""

    id: str
    label: Localized  # fi, en, sv
    description: Localized
    colour: str  # background, "#rrggbb"
    text_colour: str  # text drawn on ``colour`` (AA contrast is checked by themes)
    marker: str  # short symbol/letters so colour is never the only signal
    order: int  # CV section order


@dataclass(frozen=True, order=True)
class SurveyRef:
    """One survey (cycle, field, occupation) that feeds a profile.

    ``field`` and ``occupation`` are slugs; ``name``, ``field_name`` and
    ``occupation_name`` are the survey's name, field and occupation as its export writes
    them (pages name the survey in words, never by its slugs)."""

    cycle: int
    field: str
    occupation: str
    name: str | None = None
    field_name: str | None = None
    occupation_name: str | None = None


@dataclass(frozen=True)
class Qualification:
    """The qualification a profile leads to. ``eperusteet_id``: the qualification's id in
    ePerusteet (its page is linked only when the id is known); ``url``: another page about
    it (never a site's front page)."""

    name: Localized
    code: str | None = None
    url: str | None = None
    eperusteet_id: int | None = None


# --- evidence beyond the survey (docs/evidence.md) ---------------------------------------
# Not part of what reviewers sign (pipeline.signoff.content): each source has its own
# review (the requirement map, the ads' terms, the notes' publishable flags).

COVERAGE = ("required", "gap", "not_growing")


@dataclass(frozen=True)
class RequirementRef:
    """A qualification requirement (ammattitaitovaatimus) that covers a competence."""

    id: str  # the map's id: the ePerusteet code, or "<unit code>-<n>" when it has none
    code: str | None  # the ePerusteet code (koodi arvo), None when the requirement has none
    text: Localized  # fi, and sv/en where the qualification has them
    unit_code: str | None  # its tutkinnon osa's code
    unit_name: Localized  # its tutkinnon osa's name
    url: str | None  # the tutkinnon osa's page on eperusteet.opintopolku.fi


@dataclass(frozen=True)
class AdCount:
    """How many of the profile's job ads mention a competence: "mentioned in N of M ads,
    period". ``n_ads`` 0: no ads of the occupation in the period."""

    n_mentions: int
    n_ads: int
    period_start: date | None  # None: ads of every date counted
    period_end: date | None
    reviewed_terms: bool  # the terms were reviewed (ad_terms.yaml), else the item's own words


@dataclass(frozen=True)
class ItemEvidence:
    """A competence's evidence beside the survey (whose evidence is ``n_organisations``).

    ``coverage`` is None when the profile has no saved qualification; else ``required``
    (a confirmed requirement covers it), ``gap`` (growing: change >= the profile's
    ``QualificationEvidence.threshold``, and not in the requirements) or ``not_growing``.
    """

    requirements: tuple[RequirementRef, ...] = ()  # confirmed pairs, in requirement id order
    coverage: str | None = None  # one of COVERAGE, or None
    pending_requirements: tuple[str, ...] = ()  # ids of proposals awaiting review (gaps only)
    ads: AdCount | None = None  # None: no job ads are configured for the profile
    n_quotes: int = 0  # publishable interview quotes that name this competence


@dataclass(frozen=True)
class Quote:
    """A publishable, anonymised interview quote: no names, only role and kind of
    organisation (names are refused when the notes are read)."""

    text: str  # Finnish, as said
    date: date  # of the interview
    interviewee_role: str
    organisation_type: str
    item_ids: tuple[str, ...]  # competences of this profile it names (ProfileItem.item_id)
    themes: tuple[str, ...]  # theme ids it speaks to


@dataclass(frozen=True)
class QualificationEvidence:
    """The qualification a profile is compared with (a saved ePerusteet peruste)."""

    peruste_id: int
    name: Localized
    diaarinumero: str | None
    codes: tuple[str, ...]  # koulutuskoodi(t), e.g. ("371101",)
    url: str  # its page on eperusteet.opintopolku.fi
    threshold: float  # growing: change >= this
    n_required: int  # competences of the profile a confirmed requirement covers
    n_gaps: int  # growing competences it does not cover


@dataclass(frozen=True)
class ProfileEvidence:
    """A profile's evidence beside the survey; the per-competence part is on its items."""

    qualification: QualificationEvidence | None = None  # None: no saved qualification
    n_ads: int | None = None  # the occupation's ads in the period; None: ads not configured
    ads_period_start: date | None = None
    ads_period_end: date | None = None
    n_interviews: int = 0  # interview notes for the profile
    quotes: tuple[Quote, ...] = ()  # publishable quotes, by date then note order


@dataclass(frozen=True)
class Classification:
    """Where a profile sits in the public classifications (``raw/profiles.yaml``: ``esco``,
    ``isco``), checked against the ESCO occupations list osaaja ships (``pipeline.esco``).

    isco: ISCO-08 unit group, four digits ("5120"); esco_uri: the ESCO occupation's URI,
    or None when the profile names none (an emerging role may have an ISCO group only);
    esco_code: ESCO's own code of it ("5120.1"); esco_label: its Finnish preferred label;
    esco_alt_labels: its Finnish alternative titles (ESCO v1.1, © European Union).
    """

    isco: str
    esco_uri: str | None = None
    esco_code: str | None = None
    esco_label: str | None = None
    esco_alt_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProfileItem:
    """One competence item as it appears in one profile.

    Figures are means on the 1-5 scale of the ratings behind the item (docs/figures.md).
    A figure that does not rest on enough organisations is None here, so nothing
    downstream can publish it; ``suppressed`` is true when either mean is withheld (the
    text and the counts are still published).
    """

    item_id: str  # identity across cycles: "code:<code>" or "text:<normalised text>"
    item: str  # display text, as written in the export
    kind: str | None  # one of KINDS or None (unspecified)
    area: str | None
    theme: str | None  # primary theme id; None = unthemed
    tags: tuple[str, ...]
    n_organisations: int  # organisations that rated the item (now or future)
    mean_now: float | None
    mean_future: float | None
    change: float | None  # mean_future - mean_now, when both are published
    suppressed: bool
    # Change since the previous cycle (issue 6); None for a first cycle.
    trend: str | None = None  # "new" | "rising" | "falling" | "steady" | None
    previous_mean_future: float | None = None
    n_now: int | None = None  # organisations behind mean_now (None: not known)
    n_future: int | None = None  # organisations behind mean_future
    sd_now: float | None = None  # spread of the ratings (sample standard deviation)
    sd_future: float | None = None
    doubtful: bool = False  # its theme rests on weak evidence (the doubtful queue)
    evidence: ItemEvidence = ItemEvidence()  # beside the survey (not signed; docs/evidence.md)


@dataclass(frozen=True)
class Profile:
    """One future skills profile for one cycle, as the store computed it."""

    id: str  # URL-safe slug
    title: Localized
    description: Localized
    cycle: int
    region: str | None
    horizon: str | None
    survey_period: str | None  # e.g. "15.3.2022" or "3-5/2022", from the exports' metadata
    n_organisations: int  # distinct organisations behind the profile (max per survey for B)
    surveys: tuple[SurveyRef, ...]
    items: tuple[ProfileItem, ...]
    qualification: Qualification | None = None
    notes: Localized | None = None
    emerging: bool = False
    min_organisations: int = 3
    trend_threshold: float = 0.3  # change between cycles that counts as up or down
    rules_version: str = ""  # sha256 of themes.yaml used, "sha256:<hex>"
    previous_cycle: int | None = None
    dropped_items: tuple[str, ...] = field(default=())  # display texts gone since previous cycle
    evidence: ProfileEvidence = ProfileEvidence()  # beside the survey (not signed)
    classification: Classification | None = None  # ESCO occupation and ISCO-08 group
    field: str | None = None  # the field of its own survey, as the export names it ("Matkailu")

    @property
    def next_update(self) -> int:
        """Surveys are repeated about every three years."""
        return self.cycle + 3


# --- review, as pages show it ------------------------------------------------------------

REVIEW_STATES = ("approved", "stale", "changes_requested", "missing")


@dataclass(frozen=True)
class ReviewEntry:
    """One reviewer's current decision: role (``signoff.ROLES``), date, the name only when
    the publication rule shows names (``show_reviewer_names``), comments of a change
    request."""

    role: str
    date: dt.date
    name: str | None = None
    comments: str = ""


@dataclass(frozen=True)
class ReviewChange:
    """One change since a reviewer signed an older version (``signoff.Change``)."""

    kind: str  # signoff.CHANGE_KINDS
    subject: str  # an item text or a profile field
    detail: str  # as the sign-off report writes it (English)


@dataclass(frozen=True)
class Review:
    """Where a profile's review stands, for its pages (drafts say the truth).

    state: one of REVIEW_STATES; approvals: current approvals, oldest first; requests:
    current change requests; earlier: the newest sign-off of an older version (stale);
    changes: what changed since ``earlier``."""

    state: str
    approvals: tuple[ReviewEntry, ...] = ()
    requests: tuple[ReviewEntry, ...] = ()
    earlier: ReviewEntry | None = None
    changes: tuple[ReviewChange, ...] = ()

    def plain(self) -> dict:
        """JSON-safe form (kept in the render manifest)."""

        def entry(e: ReviewEntry | None) -> dict | None:
            if e is None:
                return None
            return {
                "role": e.role,
                "date": e.date.isoformat(),
                "name": e.name,
                "comments": e.comments,
            }

        return {
            "state": self.state,
            "approvals": [entry(e) for e in self.approvals],
            "requests": [entry(e) for e in self.requests],
            "earlier": entry(self.earlier),
            "changes": [[c.kind, c.subject, c.detail] for c in self.changes],
        }

    @classmethod
    def from_plain(cls, data: dict | None) -> Review | None:
        if not data:
            return None

        def entry(e: dict | None) -> ReviewEntry | None:
            if e is None:
                return None
            return ReviewEntry(
                e["role"], dt.date.fromisoformat(e["date"]), e.get("name"), e.get("comments", "")
            )

        return cls(
            state=data["state"],
            approvals=tuple(entry(e) for e in data.get("approvals", ())),
            requests=tuple(entry(e) for e in data.get("requests", ())),
            earlier=entry(data.get("earlier")),
            changes=tuple(ReviewChange(*c) for c in data.get("changes", ())),
        )
