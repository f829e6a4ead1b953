"""The site-level pages: the index (profile cards) and the overview ("Katsaus", a short
publication: what the profiles share, then one page per profile): view dataclasses and
the pure functions that build them."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pipeline.i18n import Catalogue, Text
from pipeline.model import Profile, Review, ThemeInfo
from pipeline.pdf import ASSETS_DIR
from pipeline.translations import Catalogue as TextCatalogue
from pipeline.views.cv import CvSheet, cv_sheet
from pipeline.views.find import FindView
from pipeline.views.page import (
    Alternate,
    Language,
    PageMeta,
    cv_page_name,
    index_name,
    language_label,
)
from pipeline.views.profile import ProfileView, profile_view
from pipeline.views.summary import OpenDataView, SummaryView

DATAPACKAGE = "datapackage.json"
OVERVIEW_PER_THEME = 2  # strongest competences per theme on an overview page
SHARED_COUNT = 10  # competences listed as shared


@dataclass(frozen=True)
class Card:
    """One profile on the index page.

    id; title, description: in the page language or Finnish; href, pdf_href (or None):
    its page and PDF; csv_href, json_href: its open data; facts: short line
    ("2022 · Lapland · 14 organisations · 18 competences"); emerging: an emerging occupation.
    """

    id: str
    title: Text
    description: Text
    href: str
    pdf_href: str | None
    csv_href: str
    json_href: str
    facts: str
    emerging: bool


@dataclass(frozen=True)
class IndexPage:
    """Context of ``index.html.j2``. meta; cards: published profiles in configuration order;
    overview_href, overview_pdf_href (or None); datapackage_href: the open-data descriptor;
    whats_new_href: the what's-new page (None on a drafts site); summary: what the
    profiles share (``views.summary``), or None; find: the find-and-compare form
    (``views.find``), or None; open_data: the site's open-data files and licence, or None."""

    meta: PageMeta
    cards: tuple[Card, ...]
    overview_href: str
    overview_pdf_href: str | None
    datapackage_href: str
    whats_new_href: str | None = None
    summary: SummaryView | None = None
    find: FindView | None = None
    open_data: OpenDataView | None = None


@dataclass(frozen=True)
class TocEntry:
    """One line of the overview's table of contents: href ("#<id>-title") and title."""

    href: str
    title: Text


@dataclass(frozen=True)
class SharedItem:
    """A competence several profiles share. text: in the page language; profiles: in how
    many profiles; growing: in how many of them it is among the five growing most."""

    text: Text
    profiles: int
    growing: int


@dataclass(frozen=True)
class SharedTheme:
    """A theme and in how many profiles (``profiles``) it holds one of the five growing
    most competences. label, marker, colour, text_colour: as drawn in the CV sections."""

    label: Text
    marker: str
    colour: str
    text_colour: str
    profiles: int


@dataclass(frozen=True)
class SharedView:
    """What the profiles share. count: profiles in the overview; cycles: their survey
    years; themes: themes where the need grows most, by how many profiles; items:
    competences found in several profiles."""

    count: int
    cycles: tuple[int, ...]
    themes: tuple[SharedTheme, ...]
    items: tuple[SharedItem, ...]


@dataclass(frozen=True)
class OverviewProfile:
    """One profile in the overview: its CV (``profile``) and what its page shows
    (``sheet``: page 1 of the CV); href: its own web page."""

    profile: ProfileView
    sheet: CvSheet
    href: str


@dataclass(frozen=True)
class OverviewPage:
    """Context of ``overview.html.j2``. meta; shared: what the profiles share; toc:
    contents; profiles: one page each; summary: the cross-profile charts
    (``views.summary``), or None."""

    meta: PageMeta
    shared: SharedView
    toc: tuple[TocEntry, ...]
    profiles: tuple[OverviewProfile, ...]
    summary: SummaryView | None = None


def overview_name(lang: str, ext: str = "html") -> str:
    return f"overview.{lang}.{ext}"


def _site_page_meta(
    catalogue: Catalogue,
    lang: str,
    title_key: str,
    name,
    *,
    pdf_href: str | None,
    draft: bool,
    site_languages: Sequence[str],
) -> PageMeta:
    """The head of a site-level page (index, overview): ``name(lang)`` is its file name."""
    t = Language(catalogue, lang).t
    return PageMeta(
        lang=lang,
        title=t(title_key),
        description=t("index_intro"),
        author=t("author"),
        assets_href=f"{ASSETS_DIR}/",
        index_href=index_name(lang),
        index_lang=lang,
        alternates=tuple(
            Alternate(o, name(o), language_label(catalogue, o)) for o in site_languages if o != lang
        ),
        pdf_href=pdf_href,
        draft=draft,
    )


def index_page(
    profiles: Sequence[Profile],
    catalogue: Catalogue,
    lang: str,
    *,
    pdf: bool,
    draft: bool = False,
    texts: TextCatalogue | None = None,
    site_languages: Sequence[str] = ("fi", "en"),
    whats_new_href: str | None = None,
) -> IndexPage:
    language = Language(catalogue, lang, texts)
    t = language.t
    cards = []
    for p in profiles:
        region = language.text(p.region)
        facts = (
            [str(p.cycle)]
            + ([region.text] if region else [])
            + [t("card_organisations", n=p.n_organisations), t("card_competences", n=len(p.items))]
        )
        cards.append(
            Card(
                id=p.id,
                title=language.pick(p.title) or Text(p.id, lang),
                description=language.pick(p.description) or Text("", lang),
                href=f"{p.id}/{cv_page_name(p.id, lang)}",
                pdf_href=f"{p.id}/{cv_page_name(p.id, lang, 'pdf')}" if pdf else None,
                csv_href=f"{p.id}/{p.id}.csv",
                json_href=f"{p.id}/{p.id}.json",
                facts=" · ".join(facts),
                emerging=p.emerging,
            )
        )
    meta = _site_page_meta(
        catalogue,
        lang,
        "site_title",
        index_name,
        pdf_href=None,
        draft=draft,
        site_languages=site_languages,
    )
    return IndexPage(
        meta=meta,
        cards=tuple(cards),
        overview_href=overview_name(lang),
        overview_pdf_href=overview_name(lang, "pdf") if pdf else None,
        datapackage_href=DATAPACKAGE,
        whats_new_href=whats_new_href,
    )


def shared_view(
    profiles: Sequence[Profile], views: Sequence[ProfileView], themes: Sequence[ThemeInfo], lang
) -> SharedView:
    """Counts only (of profiles), no new figures: which themes hold the competences growing
    most, and which competences several profiles share."""
    by_theme = {th.id: th for th in themes}
    theme_of = {(p.id, i.item_id): i.theme for p in profiles for i in p.items}
    growing_ids = {v.id: {e.item_id for e in v.glance.growing} for v in views}
    theme_counts: Counter[str] = Counter()
    for pid, ids in growing_ids.items():
        theme_counts.update({theme_of[(pid, i)] for i in ids if theme_of.get((pid, i))})
    shared_themes = tuple(
        SharedTheme(
            label=lang.pick(by_theme[tid].label) or Text(tid, lang.code),
            marker=by_theme[tid].marker,
            colour=by_theme[tid].colour,
            text_colour=by_theme[tid].text_colour,
            profiles=n,
        )
        for tid, n in sorted(
            theme_counts.items(), key=lambda kv: (-kv[1], by_theme[kv[0]].order, kv[0])
        )
        if tid in by_theme
    )
    holders: dict[str, set[str]] = defaultdict(set)
    text_of: dict[str, str] = {}
    for p in profiles:
        for i in p.items:
            holders[i.item_id].add(p.id)
            text_of.setdefault(i.item_id, i.item)
    least = 2 if len(profiles) < 6 else 3
    grows = {iid: sum(iid in ids for ids in growing_ids.values()) for iid in holders}
    ranked = sorted(
        (iid for iid, ps in holders.items() if len(ps) >= least),
        key=lambda iid: (-grows[iid], -len(holders[iid]), text_of[iid].casefold(), iid),
    )
    items = tuple(
        SharedItem(
            text=lang.text(text_of[iid]) or Text(text_of[iid], lang.code),
            profiles=len(holders[iid]),
            growing=grows[iid],
        )
        for iid in ranked[:SHARED_COUNT]
    )
    return SharedView(
        count=len(profiles),
        cycles=tuple(sorted({p.cycle for p in profiles})),
        themes=shared_themes,
        items=items,
    )


def overview_page(
    profiles: Sequence[Profile],
    themes: Sequence[ThemeInfo],
    catalogue: Catalogue,
    lang: str,
    *,
    reviews: Mapping[str, Review | None],
    pdf: bool,
    draft: bool = False,
    texts: TextCatalogue | None = None,
    site_languages: Sequence[str] = ("fi", "en"),
) -> OverviewPage:
    language = Language(catalogue, lang, texts)
    views = tuple(
        profile_view(p, themes, language, anchor=f"{p.id}-", review=reviews.get(p.id))
        for p in profiles
    )
    meta = _site_page_meta(
        catalogue,
        lang,
        "overview_title",
        overview_name,
        pdf_href=overview_name(lang, "pdf") if pdf else None,
        draft=draft,
        site_languages=site_languages,
    )
    toc = tuple(TocEntry(href=f"#{v.anchor}title", title=v.title) for v in views)
    return OverviewPage(
        meta=meta,
        shared=shared_view(profiles, views, themes, language),
        toc=toc,
        profiles=tuple(
            OverviewProfile(
                profile=v,
                sheet=cv_sheet(v, OVERVIEW_PER_THEME, 0),
                href=f"{v.id}/{cv_page_name(v.id, lang)}",
            )
            for v in views
        ),
    )
