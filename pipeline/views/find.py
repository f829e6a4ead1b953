"""Find and compare on the index: the filter form (field, region, theme, year, a search
over competences) and what each profile card carries for it. Without JavaScript the index
is the plain list of profiles and the form stays hidden; ``assets/find.js`` shows the form
and filters the cards as the reader types, offline (everything it needs is in the page)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline import overview, slugs
from pipeline.i18n import SOURCE_LANGUAGE, Text
from pipeline.model import Profile, ThemeInfo
from pipeline.views.page import Language

FIND_SCRIPT = "find.js"  # in the assets folder


@dataclass(frozen=True)
class Option:
    """One choice of a filter: value (what the card's data attribute holds), label."""

    value: str
    label: str


@dataclass(frozen=True)
class CardCompetence:
    """A competence listed (hidden) in a card for the search: text (the profile's wording in
    the page language, else Finnish, marked), href (its competence page), theme (its theme id in this profile)."""

    text: Text
    href: str
    theme: str


@dataclass(frozen=True)
class CardFilter:
    """What one card carries for the filters: field, region, year (option values), themes
    (space-separated theme ids the profile has competences in), competences (for the
    search, shown under the card when they match)."""

    field: str
    region: str
    year: str
    themes: str
    competences: tuple[CardCompetence, ...]


@dataclass(frozen=True)
class FindView:
    """The filter form: title; fields, regions, themes, years (options, "all" first in the
    template); count_template (the "{n}/{total}" text for the script, with {n} and {total}
    left in); cards: profile id -> CardFilter; script (the script's path, relative)."""

    title: str
    fields: tuple[Option, ...]
    regions: tuple[Option, ...]
    themes: tuple[Option, ...]
    years: tuple[Option, ...]
    count_template: str
    cards: dict[str, CardFilter]
    script: str


def _label(text: str) -> str:
    return text[:1].upper() + text[1:]


def find_view(
    profiles: Sequence[Profile],
    themes: Sequence[ThemeInfo],
    language: Language,
    *,
    threshold: float,
    competence_href: Callable[[overview.Competence], str],
    assets_href: str,
) -> FindView:
    t = language.t
    index = overview.competence_index(profiles, themes, threshold)
    by_profile: dict[str, list[CardCompetence]] = {p.id: [] for p in profiles}
    for c in index:
        for need in c.needs:
            by_profile[need.profile_id].append(
                CardCompetence(
                    language.text(need.item) or Text(need.item, SOURCE_LANGUAGE),
                    competence_href(c),
                    need.theme,
                )
            )
    fields: dict[str, str] = {}
    regions: dict[str, str] = {}
    cards = {}
    for p in profiles:
        field = slugs.slugify(p.field or "") or "-"
        region = slugs.slugify(p.region or "") or "-"
        fields.setdefault(field, _label(p.field or "–"))
        shown = language.text(p.region)
        regions.setdefault(region, shown.text if shown else "–")
        used = sorted({i.theme or overview.UNTHEMED for i in p.items})
        cards[p.id] = CardFilter(
            field=field,
            region=region,
            year=str(p.cycle),
            themes=" ".join(used),
            competences=tuple(sorted(by_profile[p.id], key=lambda c: c.text.text.casefold())),
        )
    used_themes = {th for card in cards.values() for th in card.themes.split()}
    theme_options = tuple(
        Option(th.id, overview.theme_label(th.id, themes, t))
        for th in sorted(themes, key=lambda th: (th.order, th.id))
        if th.id in used_themes
    )
    return FindView(
        title=t("find_title"),
        fields=tuple(
            Option(k, v) for k, v in sorted(fields.items(), key=lambda kv: kv[1].casefold())
        ),
        regions=tuple(
            Option(k, v) for k, v in sorted(regions.items(), key=lambda kv: kv[1].casefold())
        ),
        themes=theme_options,
        years=tuple(Option(y, y) for y in sorted({str(p.cycle) for p in profiles}, reverse=True)),
        count_template=t("find_count", n="{n}", total="{total}"),
        cards=cards,
        script=f"{assets_href}{FIND_SCRIPT}",
    )
