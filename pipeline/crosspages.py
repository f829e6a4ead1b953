"""What the published profiles give the site together (issue 15): the combined open-data
tables and ``datapackage.json``, one page per competence and the list of every competence,
the summary and find-and-compare views of the index and the overview, and the sitemap.
``publish_site`` calls these; the numbers come from ``pipeline.overview``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from jinja2 import Environment

from pipeline import datapackage as package
from pipeline import overview
from pipeline.i18n import STRINGS_FILE, Catalogue
from pipeline.model import Profile, ThemeInfo
from pipeline.opendata import item_record, ordered_items
from pipeline.render import profile_languages
from pipeline.sitemap import canonical, site_map
from pipeline.templating import render_template
from pipeline.translations import DEFAULT_LANGUAGES
from pipeline.translations import Catalogue as TextCatalogue
from pipeline.versions import Publication
from pipeline.views import cv_page_name, plain_colophon
from pipeline.views.competence import (
    competence_list_page,
    competence_page,
    competence_path,
    competences_list_path,
)
from pipeline.views.find import FindView, find_view
from pipeline.views.page import Language
from pipeline.views.related import plain_related
from pipeline.views.site import DATAPACKAGE
from pipeline.views.summary import OpenDataView, SummaryView, open_data_view, summary_view


@dataclass(frozen=True)
class Options:
    """How the site is published: threshold (growth, the project's ``trend_threshold``),
    base_url (or None), draft, texts (translations of the survey texts, or None),
    site_languages (the languages of the site-level pages)."""

    threshold: float
    base_url: str | None
    draft: bool
    texts: TextCatalogue | None
    site_languages: Sequence[str]


COMPETENCE_TEMPLATE = "competence.html.j2"
COMPETENCES_TEMPLATE = "competences.html.j2"


def competence_pages(
    env: Environment,
    profiles: Sequence[Profile],
    themes: Sequence[ThemeInfo],
    catalogue: Catalogue,
    *,
    threshold: float,
    draft: bool = False,
    texts: TextCatalogue | None = None,
    site_languages: Sequence[str] = ("fi", "en"),
    base_url: str | None = None,
) -> dict[str, bytes]:
    """Every competence page and the competences list, by path relative to the site (with
    their canonical addresses when ``base_url`` is given)."""
    index = overview.competence_index(profiles, themes, threshold)
    files: dict[str, bytes] = {}
    for lang in site_languages:
        language = Language(catalogue, lang, texts, STRINGS_FILE)
        t = language.t
        listing = competence_list_page(
            index,
            themes,
            language,
            n_profiles=len(profiles),
            draft=draft,
            site_languages=site_languages,
        )
        listing = replace(
            listing,
            meta=replace(listing.meta, canonical=canonical(base_url, competences_list_path(lang))),
        )
        files[competences_list_path(lang)] = render_template(
            env, COMPETENCES_TEMPLATE, page=listing, meta=listing.meta, t=t
        ).encode("utf-8")
        for c in index:
            page = competence_page(
                c,
                profiles,
                themes,
                language,
                threshold=threshold,
                draft=draft,
                site_languages=site_languages,
            )
            page = replace(
                page,
                meta=replace(page.meta, canonical=canonical(base_url, competence_path(c, lang))),
            )
            files[competence_path(c, lang)] = render_template(
                env, COMPETENCE_TEMPLATE, page=page, meta=page.meta, t=t
            ).encode("utf-8")
    return files


def published_of(publication: Publication) -> tuple[list[Profile], dict[str, Any]]:
    """The published versions, and their approvals as plain [role, ISO date] pairs."""
    shown = list(publication.published())
    return (
        [pv.published.profile for pv in shown],
        {pv.id: plain_colophon(pv.published.colophon) for pv in shown},
    )


def site_files(
    env: Environment,
    publication: Publication,
    themes: Sequence[ThemeInfo],
    catalogue: Catalogue,
    files: dict[str, bytes],
    opts: Options,
) -> dict[str, bytes]:
    """The combined tables, ``datapackage.json`` describing them and ``files`` (the
    per-profile CSV and JSON), and the competence pages, of the published versions."""
    published, signed = published_of(publication)
    by_theme = {th.id: th for th in themes}
    records = [
        item_record(p, item, by_theme)
        for p in published
        for item in ordered_items(p, themes, catalogue)
    ]
    out = package.tables(published, themes, records, opts.threshold)
    out[DATAPACKAGE] = package.datapackage(
        published,
        {**files, **out},
        catalogue,
        threshold=opts.threshold,
        colophons=signed,
        base_url=opts.base_url,
    )
    out.update(
        competence_pages(
            env,
            published,
            themes,
            catalogue,
            threshold=opts.threshold,
            draft=opts.draft,
            texts=opts.texts,
            site_languages=opts.site_languages,
            base_url=opts.base_url,
        )
    )
    return out


def cross_views(
    publication: Publication,
    themes: Sequence[ThemeInfo],
    catalogue: Catalogue,
    lang: str,
    opts: Options,
) -> dict[str, SummaryView | FindView | OpenDataView]:
    """The index's ``summary``, ``find`` form and ``open_data`` links in ``lang`` (the
    overview shows the summary too); links are relative to the site root."""
    published, _ = published_of(publication)
    language = Language(catalogue, lang, opts.texts, STRINGS_FILE)
    threshold = opts.threshold

    def href(c: overview.Competence) -> str:
        return competence_path(c, lang)

    summary = summary_view(
        published,
        themes,
        language,
        threshold=threshold,
        profile_hrefs={p.id: f"{p.id}/{cv_page_name(p.id, lang)}" for p in published},
        competence_href=href,
        competences_href=competences_list_path(lang),
    )
    find = find_view(
        published,
        themes,
        language,
        threshold=threshold,
        competence_href=href,
        assets_href="assets/",
    )
    tables = [
        (DATAPACKAGE, "open_data_package", "application/json"),
        (package.PROFILES_CSV, "open_data_profiles", "text/csv"),
        (package.ITEMS_CSV, "open_data_items", "text/csv"),
        (package.THEMES_CSV, "open_data_themes", "text/csv"),
    ]
    return {
        "summary": summary,
        "find": find,
        "open_data": open_data_view(language.t, tables, package.LICENCE),
    }


def sitemap_file(
    base_url: str, files: dict[str, bytes], copied: dict[str, Any], publication: Publication
) -> bytes:
    """``sitemap.xml``: the pages written (``files``) and copied (``copied``: site folder ->
    manifest entry), dated by the open data's date."""
    published, signed = published_of(publication)
    pages = [*files, *(f"{folder}/{name}" for folder, e in copied.items() for name in e["files"])]
    return site_map(base_url, pages, package.created(signed, published))


def related_rows(
    publication: Publication, *, archive: bool, languages: Sequence[Any] = DEFAULT_LANGUAGES
) -> dict[str, list]:
    """Each published profile's related published profiles, as plain rows for its page
    (``views.related.plain_related``; ``languages``: the language plan, for each related
    profile's page languages). With an ``archive`` a published page is also copied
    to its round's folder (``<cycle>/<id>/``), where its relative links must resolve too:
    only profiles with a version in that round are related there."""
    shown = list(publication.published())
    profiles = {pv.id: pv.published.profile for pv in shown}
    rounds = {pv.id: {a.cycle for a in pv.archive} for pv in shown}
    published_in = {pid: profile_languages(pid, languages) for pid in profiles}
    rows = {}
    for pv in shown:
        cycle = pv.published.cycle
        candidates = [
            p for pid, p in profiles.items() if pid == pv.id or not archive or cycle in rounds[pid]
        ]
        found = overview.related_profiles(candidates).get(pv.id, ())
        rows[pv.id] = plain_related(found, profiles, published_in)
    return rows


def dress(page: Any, path: str, opts: Options, **fields: Any) -> Any:
    """A site-level page view (index, overview, what's new) with ``fields`` set and its
    canonical address when a base URL is configured."""
    meta = replace(page.meta, canonical=canonical(opts.base_url, path))
    return replace(page, meta=meta, **fields)
