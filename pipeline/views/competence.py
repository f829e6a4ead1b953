"""The competence-centred pages: one page per competence (item identity) listing the
published profiles that need it with their figures, and the list of every competence by
theme. Figures come from ``pipeline.overview`` (published figures only; a withheld figure
is shown as a dash and explained)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline import figures, overview, slugs
from pipeline.i18n import SOURCE_LANGUAGE, Text
from pipeline.model import Profile, ThemeInfo
from pipeline.pdf import ASSETS_DIR
from pipeline.views.page import (
    Alternate,
    Language,
    PageMeta,
    cv_page_name,
    index_name,
    language_label,
)

COMPETENCES_DIR = "competences"


def competence_key(item_id: str, text: str) -> str:
    """A competence's file name stem: its wording as a slug, and a short hash of its
    identity so two competences never share a page."""
    stem = slugs.slugify(text)[:60].strip("-") or "osaaminen"
    return f"{stem}-{hashlib.sha1(item_id.encode('utf-8')).hexdigest()[:6]}"


def competence_path(c: overview.Competence, lang: str) -> str:
    """The page of ``c`` relative to the site root."""
    return f"{COMPETENCES_DIR}/{competence_key(c.item_id, c.text)}.{lang}.html"


def competences_list_path(lang: str) -> str:
    return f"{COMPETENCES_DIR}/index.{lang}.html"


@dataclass(frozen=True)
class NeedRow:
    """One profile on a competence page: profile (its title), href (its page), wording
    (the profile's own wording when it differs, else None), now, future, change (written
    figures; "–" when withheld), trend (written, or None), n_organisations, grows."""

    profile: Text
    href: str
    wording: Text | None
    now: str
    future: str
    change: str
    trend: str | None
    n_organisations: int
    grows: bool


@dataclass(frozen=True)
class CompetencePage:
    """Context of ``competence.html.j2``. meta; text (the competence, Finnish); theme (its
    theme's name); summary ("Tarvitaan 4 profiilissa 9:stä; kasvaa 3:ssa"); columns (the
    table's headings); rows (the profiles, by future importance); withheld_note (why a
    dash, or None when no figure is withheld); growth_note; list_href (every competence)."""

    meta: PageMeta
    text: Text
    theme: str
    summary: str
    columns: tuple[str, ...]
    rows: tuple[NeedRow, ...]
    withheld_note: str | None
    growth_note: str
    list_href: str


@dataclass(frozen=True)
class CompetenceLink:
    """One competence on the list: text, href, n_profiles, n_growing, facts (written)."""

    text: Text
    href: str
    n_profiles: int
    n_growing: int
    facts: str


@dataclass(frozen=True)
class CompetenceGroup:
    """The competences of one theme: id (anchor), label, entries (most profiles first)."""

    id: str
    label: str
    entries: tuple[CompetenceLink, ...]


@dataclass(frozen=True)
class CompetenceListPage:
    """Context of ``competences.html.j2``. meta; intro; groups (themes in CV order)."""

    meta: PageMeta
    intro: str
    groups: tuple[CompetenceGroup, ...]


def _meta(
    language: Language,
    title: str,
    description: str,
    name,
    *,
    draft: bool,
    site_languages: Sequence[str],
) -> PageMeta:
    lang = language.code
    alternates = tuple(
        Alternate(o, name(o), language_label(language.strings, o))
        for o in site_languages
        if o != lang
    )
    return PageMeta(
        lang=lang,
        title=title,
        description=description,
        author=language.t("author"),
        assets_href=f"../{ASSETS_DIR}/",
        index_href=f"../{index_name(lang)}",
        index_lang=lang,
        alternates=alternates,
        pdf_href=None,
        draft=draft,
    )


def _trend(trend: str | None, t) -> str | None:
    return t(f"competence_trend_{trend}") if trend else None


def competence_page(
    c: overview.Competence,
    profiles: Sequence[Profile],
    themes: Sequence[ThemeInfo],
    language: Language,
    *,
    threshold: float,
    draft: bool = False,
    site_languages: Sequence[str] = ("fi", "en"),
) -> CompetencePage:
    t, lang = language.t, language.code
    titles = {p.id: language.pick(p.title) or Text(p.id, SOURCE_LANGUAGE) for p in profiles}
    text = language.text(c.text) or Text(c.text, SOURCE_LANGUAGE)
    dash = "–"
    rows = tuple(
        NeedRow(
            profile=titles[n.profile_id],
            href=f"../{n.profile_id}/{cv_page_name(n.profile_id, lang)}",
            wording=(language.text(n.item) or Text(n.item, SOURCE_LANGUAGE))
            if n.item != c.text
            else None,
            now=figures.fmt_number(n.mean_now, lang) if n.mean_now is not None else dash,
            future=figures.fmt_number(n.mean_future, lang) if n.mean_future is not None else dash,
            change=figures.fmt_change(n.change, lang) if n.change is not None else dash,
            trend=_trend(n.trend, t),
            n_organisations=n.n_organisations,
            grows=n.grows,
        )
        for n in c.needs
    )
    withheld = any(n.mean_now is None or n.mean_future is None for n in c.needs)
    theme = overview.theme_label(c.theme, themes, t)
    summary = t("competence_summary", n=c.n_profiles, total=len(profiles), growing=c.n_growing)
    meta = _meta(
        language,
        f"{text.text} – {t('site_title')}",
        t("competence_description", text=text.text, n=c.n_profiles, theme=theme),
        lambda o: f"{competence_key(c.item_id, c.text)}.{o}.html",
        draft=draft,
        site_languages=site_languages,
    )
    return CompetencePage(
        meta=meta,
        text=text,
        theme=theme,
        summary=summary,
        columns=(
            t("summary_profile"),
            t("col_now"),
            t("col_future"),
            t("col_change"),
            t("competence_col_trend"),
            t("competence_col_organisations"),
        ),
        rows=rows,
        withheld_note=t("competence_withheld", n=profiles[0].min_organisations if profiles else 3)
        if withheld
        else None,
        growth_note=t("growth_note", threshold=figures.fmt_number(threshold, lang)),
        list_href=f"index.{lang}.html",
    )


def competence_list_page(
    index: Sequence[overview.Competence],
    themes: Sequence[ThemeInfo],
    language: Language,
    *,
    n_profiles: int,
    draft: bool = False,
    site_languages: Sequence[str] = ("fi", "en"),
) -> CompetenceListPage:
    t, lang = language.t, language.code
    order = {th.id: (th.order, th.id) for th in themes}
    grouped: dict[str, list[overview.Competence]] = {}
    for c in index:
        grouped.setdefault(c.theme, []).append(c)
    groups = tuple(
        CompetenceGroup(
            id=f"theme-{theme}",
            label=overview.theme_label(theme, themes, t),
            entries=tuple(
                CompetenceLink(
                    text=language.text(c.text) or Text(c.text, SOURCE_LANGUAGE),
                    href=f"{competence_key(c.item_id, c.text)}.{lang}.html",
                    n_profiles=c.n_profiles,
                    n_growing=c.n_growing,
                    facts=t(
                        "competence_facts", n=c.n_profiles, total=n_profiles, growing=c.n_growing
                    ),
                )
                for c in grouped[theme]
            ),
        )
        for theme in sorted(grouped, key=lambda th: order.get(th, (10**6, th)))
    )
    meta = _meta(
        language,
        f"{t('competence_list_title')} – {t('site_title')}",
        t("competences_intro", n=len(index), profiles=n_profiles),
        lambda o: f"index.{o}.html",
        draft=draft,
        site_languages=site_languages,
    )
    return CompetenceListPage(
        meta=meta, intro=t("competences_intro", n=len(index), profiles=n_profiles), groups=groups
    )
