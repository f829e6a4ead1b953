"""The site-level pages: the index (profile cards) and the overview (every published
profile in turn): view dataclasses and the pure functions that build them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.i18n import Catalogue, Text, Translator, pick
from pipeline.model import PUBLISHED_LANGUAGES, Profile, ThemeInfo
from pipeline.pdf import ASSETS_DIR
from pipeline.views.page import (
    Alternate,
    PageMeta,
    cv_page_name,
    index_name,
    language_label,
)
from pipeline.views.profile import ProfileView, profile_view

DATAPACKAGE = "datapackage.json"


@dataclass(frozen=True)
class Card:
    """One profile on the index page.

    id; title, description: in the page language or Finnish; href, pdf_href (or None):
    its page and PDF; csv_href, json_href: its open data; facts: short line
    ("2022 · Lappi · 14 organisations · 18 competences"); emerging: an emerging occupation.
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
    whats_new_href: the what's-new page (None on a drafts site)."""

    meta: PageMeta
    cards: tuple[Card, ...]
    overview_href: str
    overview_pdf_href: str | None
    datapackage_href: str
    whats_new_href: str | None = None


@dataclass(frozen=True)
class TocEntry:
    """One line of the overview's table of contents: href ("#<id>-title") and title."""

    href: str
    title: Text


@dataclass(frozen=True)
class OverviewPage:
    """Context of ``overview.html.j2``. meta; toc: contents; profiles: CV bodies in turn."""

    meta: PageMeta
    toc: tuple[TocEntry, ...]
    profiles: tuple[ProfileView, ...]


def overview_name(lang: str, ext: str = "html") -> str:
    return f"overview.{lang}.{ext}"


def _alternates(catalogue: Catalogue, lang: str, name) -> tuple[Alternate, ...]:
    return tuple(
        Alternate(o, name(o), language_label(catalogue, o))
        for o in PUBLISHED_LANGUAGES
        if o != lang
    )


def _site_page_meta(
    catalogue: Catalogue, lang: str, title_key: str, name, *, pdf_href: str | None, draft: bool
) -> PageMeta:
    """The head of a site-level page (index, overview): ``name(lang)`` is its file name."""
    t = Translator(catalogue, lang)
    return PageMeta(
        lang=lang,
        title=t(title_key),
        description=t("index_intro"),
        author=t("author"),
        assets_href=f"{ASSETS_DIR}/",
        index_href=index_name(lang),
        alternates=_alternates(catalogue, lang, name),
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
    whats_new_href: str | None = None,
) -> IndexPage:
    t = Translator(catalogue, lang)
    cards = []
    for p in profiles:
        facts = (
            [str(p.cycle)]
            + ([p.region] if p.region else [])
            + [t("card_organisations", n=p.n_organisations), t("card_competences", n=len(p.items))]
        )
        cards.append(
            Card(
                id=p.id,
                title=pick(p.title, lang) or Text(p.id, lang),
                description=pick(p.description, lang) or Text("", lang),
                href=f"{p.id}/{cv_page_name(p.id, lang)}",
                pdf_href=f"{p.id}/{cv_page_name(p.id, lang, 'pdf')}" if pdf else None,
                csv_href=f"{p.id}/{p.id}.csv",
                json_href=f"{p.id}/{p.id}.json",
                facts=" · ".join(facts),
                emerging=p.emerging,
            )
        )
    meta = _site_page_meta(catalogue, lang, "site_title", index_name, pdf_href=None, draft=draft)
    return IndexPage(
        meta=meta,
        cards=tuple(cards),
        overview_href=overview_name(lang),
        overview_pdf_href=overview_name(lang, "pdf") if pdf else None,
        datapackage_href=DATAPACKAGE,
        whats_new_href=whats_new_href,
    )


def overview_page(
    profiles: Sequence[Profile],
    themes: Sequence[ThemeInfo],
    catalogue: Catalogue,
    lang: str,
    *,
    colophons: dict[str, Any],
    pdf: bool,
    draft: bool = False,
) -> OverviewPage:
    t = Translator(catalogue, lang)
    views = tuple(
        profile_view(p, themes, t, anchor=f"{p.id}-", colophon=colophons.get(p.id))
        for p in profiles
    )
    meta = _site_page_meta(
        catalogue,
        lang,
        "overview_title",
        overview_name,
        pdf_href=overview_name(lang, "pdf") if pdf else None,
        draft=draft,
    )
    toc = tuple(TocEntry(href=f"#{v.anchor}title", title=v.title) for v in views)
    return OverviewPage(meta=meta, toc=toc, profiles=views)
