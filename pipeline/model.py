"""The documented data model shared by the stages after the store.

These dataclasses are a contract: the store builds them from its tables, checks and
sign-off judge them, and the template is rendered from them (nothing else reaches a
template). Keep field names stable; the content hash of a profile (``pipeline.signoff``)
is taken over a canonical form of ``Profile``.

Languages: published output is Finnish first, English second; ``Localized`` values are
dicts keyed by language code (``fi``, ``en``, optionally ``sv``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    """One survey (cycle, field, occupation) that feeds a profile."""

    cycle: int
    field: str
    occupation: str


@dataclass(frozen=True)
class Qualification:
    name: Localized
    code: str | None = None
    url: str | None = None


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
    rules_version: str = ""  # sha256 of themes.yaml used, "sha256:<hex>"
    previous_cycle: int | None = None
    dropped_items: tuple[str, ...] = field(default=())  # display texts gone since previous cycle
    classification: Classification | None = None  # ESCO occupation and ISCO-08 group
    field: str | None = None  # the field of its own survey, as the export names it ("Matkailu")

    @property
    def next_update(self) -> int:
        """Surveys are repeated about every three years."""
        return self.cycle + 3
