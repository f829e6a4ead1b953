"""What the published profiles share: the cross-profile numbers of the overview (pure).

Everything here is computed from the **published** profiles only, and from their
published figures only: a figure the store withholds is None in the model and is left
out of every mean here (counts are always published). Figures are rounded through
``pipeline.figures`` (docs/figures.md), so each number here can be recomputed from the
combined open data.

- ``heat_map``: themes × profiles: each cell's number of competences, their share of the
  profile's competences, the mean of their published future importance, and how many grow;
- ``competence_index``: per competence (item identity, docs/figures.md §1) the profiles
  that need it, with each profile's figures;
- ``growing_competences``: the competences that grow in the most profiles;
- ``related_profiles``: for each profile the profiles that share the most competences;
- ``headline``: the few findings the overview opens with, with their numbers, and
  ``headline_text`` writes them in a page language.

A competence **grows** in a profile when its published change (future importance minus
importance now, at open-data precision) is at least ``threshold`` scale points; the
overview passes the project's ``trend_threshold`` (default 0.3), the same step that
counts as rising between survey rounds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pipeline import figures
from pipeline.i18n import Translator, pick
from pipeline.model import Profile, ProfileItem, ThemeInfo

UNTHEMED = "unthemed"  # the row of items without a theme (as in the open data)
RELATED_COUNT = 5  # related profiles listed per profile
RELATED_MINIMUM = 3  # shared competences a related profile needs
GROWING_COUNT = 10  # competences listed as growing in the most profiles
HEADLINE_THEMES = 4  # themes named in the headline


def grows(item: ProfileItem, threshold: float) -> bool:
    """The item's published change is at least ``threshold`` (``figures.grows``)."""
    return figures.grows(item.change, threshold)


def _theme(item: ProfileItem) -> str:
    return item.theme or UNTHEMED


# --- heat map -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One theme in one profile.

    n_items: the profile's competences in the theme; share: n_items / the profile's
    competences (0.00-1.00); mean_future: mean of the published future importance of those
    items (None when none is published); n_future: the items that mean rests on;
    n_growing: items that grow.
    """

    theme: str
    profile_id: str
    n_items: int
    share: Decimal
    mean_future: Decimal | None
    n_future: int
    n_growing: int


@dataclass(frozen=True)
class ThemeRow:
    """One theme across the profiles: n_profiles with items in it, n_items in all,
    n_growing items in all, growing_in: profiles in which at least one of its items grows."""

    theme: str
    n_profiles: int
    n_items: int
    n_growing: int
    growing_in: int


@dataclass(frozen=True)
class HeatMap:
    """themes: row ids in CV order (themes with items; ``unthemed`` last); profiles:
    column ids in the order given; cells: (theme, profile id) -> Cell (absent: no items);
    rows: theme -> ThemeRow."""

    themes: tuple[str, ...]
    profiles: tuple[str, ...]
    cells: dict[tuple[str, str], Cell]
    rows: dict[str, ThemeRow]

    def cell(self, theme: str, profile_id: str) -> Cell | None:
        return self.cells.get((theme, profile_id))


def heat_map(profiles: Sequence[Profile], themes: Sequence[ThemeInfo], threshold: float) -> HeatMap:
    order = {th.id: (th.order, th.id) for th in themes}
    cells: dict[tuple[str, str], Cell] = {}
    for profile in profiles:
        groups: dict[str, list[ProfileItem]] = {}
        for item in profile.items:
            groups.setdefault(_theme(item), []).append(item)
        for theme, items in groups.items():
            futures = [i.mean_future for i in items if i.mean_future is not None]
            cells[theme, profile.id] = Cell(
                theme=theme,
                profile_id=profile.id,
                n_items=len(items),
                share=figures.share(len(items), len(profile.items)),
                mean_future=figures.mean_of(futures),
                n_future=len(futures),
                n_growing=sum(grows(i, threshold) for i in items),
            )
    used = {theme for theme, _ in cells}
    rows_order = sorted(used - {UNTHEMED}, key=lambda t: order.get(t, (10**6, t)))
    if UNTHEMED in used:
        rows_order.append(UNTHEMED)
    rows = {}
    for theme in rows_order:
        mine = [c for (t, _), c in cells.items() if t == theme]
        rows[theme] = ThemeRow(
            theme=theme,
            n_profiles=len(mine),
            n_items=sum(c.n_items for c in mine),
            n_growing=sum(c.n_growing for c in mine),
            growing_in=sum(c.n_growing > 0 for c in mine),
        )
    return HeatMap(tuple(rows_order), tuple(p.id for p in profiles), cells, rows)


# --- growing needs outside the qualification ------------------------------------------------


@dataclass(frozen=True)
class ThemeGap:
    """One theme in the published profiles that have a saved qualification.

    n_growing: their competences in the theme that grow (each profile's
    ``QualificationEvidence.threshold``); n_not_required: of those, the ones no confirmed
    requirement of the profile's qualification covers (the gap); n_pending: of the gap, the
    ones with a proposed requirement awaiting a teacher's review.
    """

    theme: str
    n_growing: int
    n_not_required: int
    n_pending: int


@dataclass(frozen=True)
class QualificationGaps:
    """profiles: ids of the published profiles compared with a qualification, in the order
    given; rows: the themes with growing competences there, in CV order (unthemed last)."""

    profiles: tuple[str, ...]
    rows: tuple[ThemeGap, ...]


def qualification_gaps(
    profiles: Sequence[Profile], themes: Sequence[ThemeInfo]
) -> QualificationGaps:
    """Per theme, the growing competences the qualifications do not yet cover (the store's
    ``theme_requirement_gaps`` summed over these profiles)."""
    compared = [p for p in profiles if p.evidence.qualification is not None]
    counts: dict[str, list[int]] = {}
    for profile in compared:
        step = profile.evidence.qualification.threshold
        for item in profile.items:
            if not figures.grows(item.change, step):
                continue
            row = counts.setdefault(_theme(item), [0, 0, 0])
            row[0] += 1
            if item.evidence.coverage == "gap":
                row[1] += 1
                row[2] += bool(item.evidence.pending_requirements)
    order = {th.id: (th.order, th.id) for th in themes}
    ids = sorted(counts, key=lambda t: (t == UNTHEMED, order.get(t, (10**6, t))))
    return QualificationGaps(
        tuple(p.id for p in compared), tuple(ThemeGap(t, *counts[t]) for t in ids)
    )


# --- competences across profiles -----------------------------------------------------------------


@dataclass(frozen=True)
class Need:
    """One profile's figures of one competence (open-data precision; None where withheld).

    profile_id; item: the text as that profile's survey writes it; theme; n_organisations;
    mean_now, mean_future, change; grows: the change is at least the threshold; trend:
    since the profile's previous round (new, rising, falling, steady or None).
    """

    profile_id: str
    item: str
    theme: str
    n_organisations: int
    mean_now: Decimal | None
    mean_future: Decimal | None
    change: Decimal | None
    grows: bool
    trend: str | None


@dataclass(frozen=True)
class Competence:
    """One competence (item identity) across the published profiles.

    item_id; text: its most common wording (ties: the first profile's); theme: its most
    common theme (ties: CV order); needs: the profiles that have it, by future importance
    (withheld last), then profile order; n_growing: profiles in which it grows.
    """

    item_id: str
    text: str
    theme: str
    needs: tuple[Need, ...]
    n_growing: int

    @property
    def n_profiles(self) -> int:
        return len(self.needs)


def competence_index(
    profiles: Sequence[Profile], themes: Sequence[ThemeInfo], threshold: float
) -> tuple[Competence, ...]:
    """Every competence of the published profiles, by the number of profiles that need it
    (most first), then by text."""
    position = {p.id: n for n, p in enumerate(profiles)}
    theme_order = {th.id: (th.order, th.id) for th in themes}
    found: dict[str, list[tuple[Profile, ProfileItem]]] = {}
    for profile in profiles:
        for item in profile.items:
            found.setdefault(item.item_id, []).append((profile, item))
    index = []
    for item_id, pairs in found.items():
        needs = [
            Need(
                profile_id=p.id,
                item=i.item,
                theme=_theme(i),
                n_organisations=i.n_organisations,
                mean_now=figures.open_data(i.mean_now),
                mean_future=figures.open_data(i.mean_future),
                change=figures.open_data(i.change),
                grows=grows(i, threshold),
                trend=i.trend,
            )
            for p, i in pairs
        ]
        needs.sort(
            key=lambda n: (
                n.mean_future is None,
                -(n.mean_future or 0),
                position[n.profile_id],
            )
        )
        texts = Counter(i.item for _, i in pairs)
        first_text = {}
        for _, i in pairs:
            first_text.setdefault(i.item, len(first_text))
        text = min(texts, key=lambda t: (-texts[t], first_text[t]))
        theme_counts = Counter(_theme(i) for _, i in pairs)
        theme = min(
            theme_counts,
            key=lambda t: (-theme_counts[t], theme_order.get(t, (10**6, t))),
        )
        index.append(Competence(item_id, text, theme, tuple(needs), sum(n.grows for n in needs)))
    index.sort(key=lambda c: (-c.n_profiles, c.text.casefold(), c.item_id))
    return tuple(index)


def growing_competences(
    index: Sequence[Competence], limit: int = GROWING_COUNT
) -> tuple[Competence, ...]:
    """The competences that grow in the most profiles (at least two), most first; ties by
    the share of their profiles in which they grow, then by text."""
    chosen = [c for c in index if c.n_growing >= 2]
    chosen.sort(
        key=lambda c: (-c.n_growing, -c.n_growing / c.n_profiles, c.text.casefold(), c.item_id)
    )
    return tuple(chosen[:limit])


# --- related profiles --------------------------------------------------------------------------


@dataclass(frozen=True)
class Related:
    """A profile related to another: profile_id; n_shared competences (item identity);
    shared: their item ids, sorted."""

    profile_id: str
    n_shared: int
    shared: tuple[str, ...]


def related_profiles(
    profiles: Sequence[Profile],
    limit: int = RELATED_COUNT,
    minimum: int = RELATED_MINIMUM,
) -> dict[str, tuple[Related, ...]]:
    """For each profile, the published profiles sharing at least ``minimum`` competences
    with it, most shared first (ties: the smaller profile first, as its share of shared
    competences is larger; then the order given), at most ``limit``."""
    ids = {p.id: {i.item_id for i in p.items} for p in profiles}
    position = {p.id: n for n, p in enumerate(profiles)}
    related: dict[str, tuple[Related, ...]] = {}
    for profile in profiles:
        mine = ids[profile.id]
        others = [
            Related(other, len(mine & theirs), tuple(sorted(mine & theirs)))
            for other, theirs in ids.items()
            if other != profile.id and len(mine & theirs) >= minimum
        ]
        others.sort(key=lambda r: (-r.n_shared, len(ids[r.profile_id]), position[r.profile_id]))
        related[profile.id] = tuple(others[:limit])
    return related


# --- headline ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """The overview's opening findings, with their numbers.

    n_profiles; n_competences: distinct competences; n_shared: competences in at least two
    profiles; core: the vocational-core theme (the first CV section), left out of
    growth_themes; growth_themes: other themes by the number of profiles in which they
    have a growing competence (then by growing competences); top: the competence that
    grows in the most profiles, or None.
    """

    n_profiles: int
    n_competences: int
    n_shared: int
    core: str | None
    growth_themes: tuple[ThemeRow, ...]
    top: Competence | None


def headline(
    profiles: Sequence[Profile],
    themes: Sequence[ThemeInfo],
    threshold: float,
    *,
    limit: int = HEADLINE_THEMES,
) -> Headline:
    grid = heat_map(profiles, themes, threshold)
    index = competence_index(profiles, themes, threshold)
    core = min(themes, key=lambda th: (th.order, th.id)).id if themes else None
    candidates = [
        row for row in grid.rows.values() if row.theme not in (core, UNTHEMED) and row.n_growing
    ]
    candidates.sort(key=lambda r: (-r.growing_in, -r.n_growing, grid.themes.index(r.theme)))
    growing = growing_competences(index, limit=1)
    return Headline(
        n_profiles=len(profiles),
        n_competences=len(index),
        n_shared=sum(c.n_profiles >= 2 for c in index),
        core=core,
        growth_themes=tuple(candidates[:limit]),
        top=growing[0] if growing else None,
    )


def theme_label(theme: str, themes: Sequence[ThemeInfo], t: Translator) -> str:
    """A theme's label in the page language (Finnish when it has none)."""
    for th in themes:
        if th.id == theme:
            text = pick(th.label, t.lang)
            return text.text if text else theme
    return t("unthemed_label") if theme == UNTHEMED else theme


def _and(items: list[str], t: Translator) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + t("list_and") + items[-1]


def headline_text(found: Headline, themes: Sequence[ThemeInfo], t: Translator) -> tuple[str, ...]:
    """The findings as sentences in the page language (UI strings: ``headline_*``)."""
    sentences = [
        t(
            "headline_counts",
            profiles=found.n_profiles,
            competences=found.n_competences,
            shared=found.n_shared,
        )
    ]
    if found.growth_themes:
        named = [
            t(
                "headline_theme",
                theme=theme_label(row.theme, themes, t),
                profiles=row.growing_in,
                total=found.n_profiles,
            )
            for row in found.growth_themes
        ]
        core = theme_label(found.core, themes, t) if found.core else ""
        sentences.append(t("headline_growth", core=core, themes=_and(named, t)))
    if found.top is not None:
        sentences.append(
            t(
                "headline_top",
                competence=found.top.text,
                profiles=found.top.n_growing,
                total=found.n_profiles,
            )
        )
    return tuple(sentences)
