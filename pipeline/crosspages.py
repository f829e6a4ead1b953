"""The cross-profile pages of the site, rendered from the published profiles: one page per
competence and the list of every competence (both languages). ``publish_site`` adds them
to the site; the summary and the find form on the index and in the overview are built in
``views.summary`` and ``views.find``."""

from __future__ import annotations

from collections.abc import Sequence

from jinja2 import Environment

from pipeline import datapackage as package
from pipeline import overview
from pipeline.i18n import STRINGS_FILE, Catalogue, Translator
from pipeline.model import PUBLISHED_LANGUAGES, Profile, ThemeInfo
from pipeline.templating import render_template
from pipeline.views.competence import (
    competence_list_page,
    competence_page,
    competence_path,
    competences_list_path,
)
from pipeline.views.site import DATAPACKAGE

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
    strings_source: str = STRINGS_FILE,
) -> dict[str, bytes]:
    """Every competence page and the competences list, by path relative to the site."""
    index = overview.competence_index(profiles, themes, threshold)
    files: dict[str, bytes] = {}
    for lang in PUBLISHED_LANGUAGES:
        t = Translator(catalogue, lang, strings_source)
        listing = competence_list_page(
            index, themes, catalogue, lang, n_profiles=len(profiles), draft=draft
        )
        files[competences_list_path(lang)] = render_template(
            env, COMPETENCES_TEMPLATE, page=listing, meta=listing.meta, t=t
        ).encode("utf-8")
        for c in index:
            page = competence_page(
                c, profiles, themes, catalogue, lang, threshold=threshold, draft=draft
            )
            files[competence_path(c, lang)] = render_template(
                env, COMPETENCE_TEMPLATE, page=page, meta=page.meta, t=t
            ).encode("utf-8")
    return files


def site_files(
    env: Environment,
    published: Sequence[Profile],
    themes: Sequence[ThemeInfo],
    catalogue: Catalogue,
    files: dict[str, bytes],
    records: Sequence[dict],
    colophons: dict,
    *,
    threshold: float,
    base_url: str | None,
    draft: bool,
) -> dict[str, bytes]:
    """What the published profiles give the site together: the combined tables, the
    ``datapackage.json`` describing them and ``files`` (the per-profile CSV and JSON), and
    the competence pages. ``records``: the published versions' item rows; ``colophons``:
    their approvals as plain [role, ISO date] pairs."""
    out = package.tables(published, themes, records, threshold)
    out[DATAPACKAGE] = package.datapackage(
        published,
        {**files, **out},
        catalogue,
        threshold=threshold,
        colophons=colophons,
        base_url=base_url,
    )
    out.update(
        competence_pages(env, published, themes, catalogue, threshold=threshold, draft=draft)
    )
    return out
