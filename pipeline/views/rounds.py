"""The what's-new pages: per survey round, the profiles approved in it and their main
changes. ``whats-new.<lang>.html`` at the site's root lists every round, newest first;
``<cycle>/index.html`` (and ``index.en.html``) is one round's page, the front page of
that round's archive folder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.figures import fmt_change
from pipeline.i18n import SOURCE_LANGUAGE, Catalogue, Text, Translator, pick
from pipeline.model import PUBLISHED_LANGUAGES, Profile
from pipeline.pdf import ASSETS_DIR
from pipeline.translations import lookup
from pipeline.views.page import (
    Alternate,
    PageMeta,
    cv_page_name,
    fmt_date,
    index_name,
    language_label,
)

HIGHLIGHTS = 2  # new and rising items named per profile


@dataclass(frozen=True)
class Highlight:
    """One of a profile's main changes. text: the item; label: "uusi" / "new" or the
    change of its future importance ("+0,6")."""

    text: Text
    label: str


@dataclass(frozen=True)
class RoundEntry:
    """One profile approved in a round.

    id; title: in the page language or Finnish; href: the page of this version; approved:
    the date of its latest approval; current: the site shows this version now; summary:
    counts of new, rising, falling and dropped items (or, for a profile's first survey,
    its number of competences); highlights: the main new and rising items.
    """

    id: str
    title: Text
    href: str
    approved: str
    current: bool
    summary: str
    highlights: tuple[Highlight, ...]


@dataclass(frozen=True)
class RoundView:
    """One survey round. cycle; anchor: element id of its heading; href: the round's own
    page (None on that page); entries: its profiles, in configuration order."""

    cycle: int
    anchor: str
    href: str | None
    entries: tuple[RoundEntry, ...]


@dataclass(frozen=True)
class WhatsNewPage:
    """Context of ``whats_new.html.j2``. meta; heading: the page's title; rounds: newest
    first; index_href: the site's front page in this language."""

    meta: PageMeta
    heading: str
    rounds: tuple[RoundView, ...]
    index_href: str


def whats_new_name(lang: str) -> str:
    return f"whats-new.{lang}.html"


def _highlights(
    profile: Profile, lang: str, t: Translator, texts: Any = None
) -> tuple[Highlight, ...]:
    def text(item: str) -> Text:  # in the page language when the catalogue has it
        return lookup(texts or {}, item, lang) or Text(item, SOURCE_LANGUAGE)

    new = sorted(
        (i for i in profile.items if i.trend == "new"),
        key=lambda i: (-(i.mean_future or 0.0), i.item.casefold()),
    )
    rising = sorted(
        (
            i
            for i in profile.items
            if i.trend == "rising" and i.mean_future is not None and i.previous_mean_future
        ),
        key=lambda i: (-(i.mean_future - i.previous_mean_future), i.item.casefold()),
    )
    out = [Highlight(text(i.item), t("mark_new")) for i in new[:HIGHLIGHTS]]
    out += [
        Highlight(text(i.item), fmt_change(i.mean_future - i.previous_mean_future, lang))
        for i in rising[:HIGHLIGHTS]
    ]
    return tuple(out)


def _summary(profile: Profile, t: Translator) -> str:
    if profile.previous_cycle is None:
        return t("whats_new_first", n=len(profile.items))
    trends = [i.trend for i in profile.items]
    return t(
        "whats_new_counts",
        previous=profile.previous_cycle,
        new=trends.count("new"),
        rising=trends.count("rising"),
        falling=trends.count("falling"),
        dropped=len(profile.dropped_items),
    )


def round_views(
    publication: Any, t: Translator, *, cycle: int | None = None, texts: Any = None
) -> tuple[RoundView, ...]:
    """The rounds of a ``versions.Publication``, newest first (only ``cycle`` when given)."""
    lang = t.lang
    by_cycle: dict[int, list[RoundEntry]] = {}
    for pv in publication.published():
        for v in pv.archive:
            if cycle is not None and v.cycle != cycle:
                continue
            page = cv_page_name(pv.id, lang)
            by_cycle.setdefault(v.cycle, []).append(
                RoundEntry(
                    id=pv.id,
                    title=pick(v.profile.title, lang) or Text(pv.id, lang),
                    href=f"{pv.id}/{page}" if cycle is not None else f"{v.cycle}/{pv.id}/{page}",
                    approved=fmt_date(v.approved_on, lang),
                    current=v.content_hash == pv.published.content_hash,
                    summary=_summary(v.profile, t),
                    highlights=_highlights(v.profile, lang, t, texts),
                )
            )
    return tuple(
        RoundView(
            cycle=c,
            anchor=f"round-{c}",
            href=None if cycle is not None else f"{c}/{index_name(lang)}",
            entries=tuple(by_cycle[c]),
        )
        for c in sorted(by_cycle, reverse=True)
    )


def whats_new_page(
    publication: Any,
    catalogue: Catalogue,
    lang: str,
    *,
    cycle: int | None = None,
    languages: Sequence[str] = PUBLISHED_LANGUAGES,
    texts: Any = None,
) -> WhatsNewPage:
    """The site's what's-new page (every round), or with ``cycle`` that round's own page
    (it lies in the round's folder ``<cycle>/``, one level below the root); ``texts``: the
    translation catalogue of the survey texts."""
    t = Translator(catalogue, lang)
    up = "" if cycle is None else "../"
    name = whats_new_name if cycle is None else index_name
    heading = t("whats_new_title") if cycle is None else t("whats_new_round_title", cycle=cycle)
    meta = PageMeta(
        lang=lang,
        title=f"{heading} – {t('site_title')}",
        description=t("whats_new_intro"),
        author=t("author"),
        assets_href=f"{up}{ASSETS_DIR}/",
        index_href=f"{up}{index_name(lang)}",
        index_lang=lang,
        alternates=tuple(
            Alternate(o, name(o), language_label(catalogue, o)) for o in languages if o != lang
        ),
        pdf_href=None,
        draft=False,
    )
    return WhatsNewPage(
        meta=meta,
        heading=heading,
        rounds=round_views(publication, t, cycle=cycle, texts=texts),
        index_href=f"{up}{index_name(lang)}",
    )
