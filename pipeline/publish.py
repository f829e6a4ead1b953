"""Assemble the static site ``BUILD/site/`` from rendered profiles, all-or-nothing.

Layout (relative links only; works from ``file://`` and from any sub-folder)::

    index.html, index.en.html        profile cards, language switch, open-data links
    overview.fi.html, .pdf           what the profiles share, then a page per profile
    overview.en.html, .pdf           (index and overview: languages of every profile)
    <id>/<id>.<lang>.html            the CV pages rendered by ``pipeline.render``, in each
    <id>/<id>.<lang>.pdf             language the profile is published in
    <id>/<id>.csv, <id>.json         the profile's items and figures (open data)
    datapackage.json                 describes the open-data files (Frictionless Data Package)
    assets/                          CSS

Pages are copied from ``profiles_dir`` only when they were rendered from the same
profile content and templates as given here and not as drafts; otherwise publishing
stops and asks for ``osaaja render``. Suppressed figures are empty in the open data, as
on the pages. The overview's PDFs are cached in ``profiles_dir/_overview`` by the hash
of their HTML, so an unchanged site is reassembled without WeasyPrint.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import hashing
from pipeline.errors import CheckFailed, Problem
from pipeline.fsutil import atomic_dir
from pipeline.i18n import (
    STRINGS_FILE,
    Catalogue,
    MissingTranslation,
    Translator,
    load_catalogue,
)
from pipeline.model import Profile, Review, ThemeInfo
from pipeline.opendata import datapackage, item_record, ordered_items, profile_csv, profile_json
from pipeline.pdf import PdfJob, write_pdfs
from pipeline.render import (
    ASSETS_DIR,
    check_profile_ids,
    content_sha256,
    missing_for,
    read_manifest,
    renderer_id,
    site_languages,
)
from pipeline.templating import make_environment, render_template
from pipeline.translations import DEFAULT_LANGUAGES, LanguagePlan
from pipeline.translations import Catalogue as TextCatalogue
from pipeline.views import index_name
from pipeline.views.site import DATAPACKAGE, index_page, overview_name, overview_page

OVERVIEW_CACHE = "_overview"
INDEX_TEMPLATE = "index.html.j2"
OVERVIEW_TEMPLATE = "overview.html.j2"

# --- report ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteReport:
    """What ``publish_site`` did.

    site_dir; published: profile ids on the site; excluded: (id, reason) kept off it by the
    sign-off gate; files: every file of the site, relative; missing: missing translations;
    warnings: WeasyPrint messages and refused URLs; overview_cached: the overview PDFs came
    from the cache.
    """

    site_dir: Path
    published: tuple[str, ...]
    excluded: tuple[tuple[str, str], ...]
    files: tuple[str, ...]
    missing: tuple[MissingTranslation, ...]
    warnings: tuple[str, ...]
    overview_cached: bool

    def lines(self) -> list[str]:
        lines = [f"missing translation: {m}" for m in self.missing]
        lines += [f"warning: {w}" for w in self.warnings]
        lines += [f"not published: {pid} ({reason})" for pid, reason in self.excluded]
        index = (self.site_dir / "index.html").resolve()
        lines.append(
            f"published {len(self.published)} profile(s), {len(self.files)} files -> {self.site_dir}"
        )
        lines.append(f"open {index.as_uri()}")
        return lines


# --- checks -------------------------------------------------------------------------------------


def check_rendered(
    profiles: Sequence[Profile],
    themes: Sequence[ThemeInfo],
    profiles_dir: Path,
    templates_hash: str,
    *,
    pdf: bool,
    draft: bool = False,
) -> dict[str, Any]:
    """The manifest entries of ``profiles``; refuses pages that are missing or stale, and
    drafts for the public site (``draft=False``) or final pages for a drafts site."""
    entries = read_manifest(profiles_dir)["profiles"]
    problems = []
    for profile in profiles:
        where = str(profiles_dir / profile.id)
        entry = entries.get(profile.id)
        if entry is None:
            problems.append(Problem(where, message="not rendered; run `osaaja render` first"))
            continue
        if entry.get("content_sha256") != content_sha256(profile, themes):
            problems.append(
                Problem(
                    where,
                    message="pages were rendered from other content than the store "
                    "holds now; run `osaaja render` again",
                )
            )
        elif entry.get("templates_sha256") != templates_hash:
            problems.append(
                Problem(
                    where,
                    message="templates changed since the pages were rendered; "
                    "run `osaaja render` again",
                )
            )
        elif bool(entry.get("draft")) != draft:
            problems.append(
                Problem(
                    where,
                    message="pages were rendered as drafts (LUONNOS / DRAFT); "
                    "render them without --draft to publish"
                    if not draft
                    else "pages were rendered as final pages; render them with --draft",
                )
            )
        elif pdf and not entry.get("pdf"):
            problems.append(
                Problem(
                    where,
                    message="pages were rendered without PDFs; run `osaaja render` "
                    "without --no-pdf",
                )
            )
        else:
            missing = [
                f for f in entry.get("files", []) if not (profiles_dir / profile.id / f).is_file()
            ]
            if missing:
                problems.append(
                    Problem(
                        where,
                        message=f"rendered files are missing: {', '.join(missing)}; "
                        "run `osaaja render` again",
                    )
                )
    if problems:
        raise CheckFailed("\n".join(str(p) for p in problems) + "\nnothing was published.")
    return {p.id: entries[p.id] for p in profiles}


# --- publish_site ---------------------------------------------------------------------------------


def publish_site(
    profiles: list[Profile],
    themes: list[ThemeInfo],
    profiles_dir: Path,
    site_dir: Path,
    *,
    templates: Path,
    excluded: dict[str, str] | None = None,
    pdf: bool = True,
    workers: int | None = None,
    draft: bool = False,
    catalogue: Catalogue | None = None,
    texts: TextCatalogue | None = None,
    languages: Sequence[LanguagePlan] = DEFAULT_LANGUAGES,
) -> SiteReport:
    """Assemble ``site_dir`` from ``profiles_dir``; the old site stays until the new one is complete.

    ``excluded`` maps profile ids to the reason the sign-off gate keeps them off the site.
    With ``pdf=False`` no PDFs are copied or made (quick previews and tests). ``draft``
    assembles a drafts site from draft pages (every page carries the LUONNOS / DRAFT
    banner); it must never be pointed at the public site folder.
    """
    check_profile_ids(profiles)
    excluded = dict(excluded or {})
    published = [p for p in profiles if p.id not in excluded]
    env = make_environment(templates)
    if catalogue is None:
        catalogue = load_catalogue(templates / STRINGS_FILE)
    templates_hash = hashing.of_tree(templates)
    entries = check_rendered(published, themes, profiles_dir, templates_hash, pdf=pdf, draft=draft)
    reviews = {pid: Review.from_plain(entry.get("review")) for pid, entry in entries.items()}
    site_langs = site_languages(languages)
    by_theme = {th.id: th for th in themes}

    files: dict[str, bytes] = {}
    for profile in published:
        records = [
            item_record(profile, item, by_theme)
            for item in ordered_items(profile, themes, catalogue)
        ]
        files[f"{profile.id}/{profile.id}.csv"] = profile_csv(records)
        files[f"{profile.id}/{profile.id}.json"] = profile_json(profile, records)
    files[DATAPACKAGE] = datapackage(published, files, catalogue)
    overview_html = {}
    for lang in site_langs:
        t = Translator(catalogue, lang, str(templates / STRINGS_FILE))
        page = index_page(
            published,
            catalogue,
            lang,
            pdf=pdf,
            draft=draft,
            texts=texts,
            site_languages=site_langs,
        )
        files[index_name(lang)] = render_template(
            env, INDEX_TEMPLATE, page=page, meta=page.meta, t=t
        ).encode()
        overview = overview_page(
            published,
            themes,
            catalogue,
            lang,
            reviews=reviews,
            pdf=pdf,
            draft=draft,
            texts=texts,
            site_languages=site_langs,
        )
        html = render_template(env, OVERVIEW_TEMPLATE, page=overview, meta=overview.meta, t=t)
        files[overview_name(lang)] = html.encode("utf-8")
        overview_html[lang] = html

    warnings: list[str] = []
    cached = True
    if pdf:
        pdfs, cached, warnings = overview_pdfs(
            overview_html, profiles_dir / OVERVIEW_CACHE, templates, templates_hash, workers
        )
        files.update(pdfs)

    with atomic_dir(site_dir) as tmp:
        shutil.copytree(templates / ASSETS_DIR, tmp / ASSETS_DIR)
        for profile, entry in ((p, entries[p.id]) for p in published):
            (tmp / profile.id).mkdir()
            for name in entry["files"]:
                if pdf or name.endswith(".html"):
                    shutil.copyfile(profiles_dir / profile.id / name, tmp / profile.id / name)
        for rel, data in files.items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp / rel).write_bytes(data)
        listing = sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file())

    return SiteReport(
        site_dir=site_dir,
        published=tuple(p.id for p in published),
        excluded=tuple(sorted(excluded.items())),
        files=tuple(listing),
        missing=tuple(missing_for(catalogue, published, themes, languages)),
        warnings=tuple(warnings),
        overview_cached=cached,
    )


def overview_pdfs(
    html: dict[str, str], cache: Path, templates: Path, templates_hash: str, workers: int | None
) -> tuple[dict[str, bytes], bool, list[str]]:
    """The overview PDFs, from ``cache`` when their HTML, templates and renderer are unchanged."""
    out: dict[str, bytes] = {}
    jobs, keys = [], {}
    for lang, page in html.items():
        key = hashlib.sha256(f"{renderer_id()}\n{templates_hash}\n{page}".encode()).hexdigest()
        cached = cache / f"{overview_name(lang, 'pdf')}.{key[:16]}"
        keys[lang] = cached
        if cached.is_file():
            out[overview_name(lang, "pdf")] = cached.read_bytes()
        else:
            cache.mkdir(parents=True, exist_ok=True)
            jobs.append(
                PdfJob(
                    html=page,
                    target=str(cached) + ".tmp",
                    page_path=overview_name(lang),
                    templates=str(templates.resolve()),
                )
            )
    results = write_pdfs(jobs, workers)
    warnings = [
        f"{overview_name(Path(r.target).name.split('.')[1], 'pdf')}: refused to fetch {url}"
        for r in results
        for url in r.refused
    ]
    for lang, target in keys.items():
        if overview_name(lang, "pdf") in out:
            continue
        os.replace(str(target) + ".tmp", target)
        out[overview_name(lang, "pdf")] = target.read_bytes()
    for stale in cache.glob("overview.*.pdf.*"):  # keep only the current ones
        if stale not in keys.values():
            stale.unlink()
    return out, not jobs, warnings
