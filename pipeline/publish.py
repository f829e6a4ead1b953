"""Assemble the static site ``BUILD/site/`` from rendered profiles, all-or-nothing.

Layout (relative links only; works from ``file://`` and from any sub-folder)::

    index.html, index.en.html        profile cards, language switch, open-data links
    competences/<key>.<lang>.html    a page per competence, and their list (pipeline.crosspages)
    whats-new.fi.html, .en.html      per survey round, the profiles approved and their main changes
    overview.fi.html, .pdf           what the profiles share, then a page per profile
    overview.en.html, .pdf           (index and overview: languages of every profile)
    <id>/<id>.<lang>.html            each profile's published (latest approved) version, in
    <id>/<id>.<lang>.pdf             each language the profile is published in
    <id>/<id>.csv, <id>.json         its items and figures (open data)
    <cycle>/index.html, index.en.html  the round's own what's-new page
    <cycle>/<id>/...                 every cycle's approved version at a stable address
    <cycle>/assets/                  CSS (a round folder is laid out like the root)
    versions.json                    what is published where (which version, its hash, approval)
    profiles.csv, items.csv, ...     all published profiles in one table each (pipeline.datapackage)
    datapackage.json                 describes the open-data files (Frictionless Data Package)
    sitemap.xml                      only when a base URL is configured (pipeline.sitemap)
    assets/                          CSS

Which version goes where is ``pipeline.versions``' decision (a ``Publication``). Pages are
copied only when they were rendered from exactly that content, colophon, note and
templates, and not as drafts; otherwise publishing stops with the reason (``osaaja
publish`` renders what is out of date first). A round folder's version page is laid out
like the root, so the published version's files are copied there as they are.
Suppressed figures are empty in the open data, as on the pages. The overview's PDFs are
cached in ``profiles_dir/_overview`` by the hash of their HTML.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import crosspages, hashing
from pipeline.errors import CheckFailed, Problem
from pipeline.fsutil import atomic_dir
from pipeline.i18n import (
    STRINGS_FILE,
    Catalogue,
    MissingTranslation,
    Translator,
    load_catalogue,
)
from pipeline.model import Profile, ThemeInfo
from pipeline.opendata import item_record, ordered_items, profile_csv, profile_json
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
from pipeline.sitemap import SITEMAP
from pipeline.templating import make_environment, render_template
from pipeline.translations import DEFAULT_LANGUAGES, LanguagePlan
from pipeline.translations import Catalogue as TextCatalogue
from pipeline.versions import Publication
from pipeline.views import index_name, plain_colophon
from pipeline.views.review import colophon_review
from pipeline.views.rounds import whats_new_name, whats_new_page
from pipeline.views.site import index_page, overview_name, overview_page

OVERVIEW_CACHE = "_overview"
INDEX_TEMPLATE = "index.html.j2"
OVERVIEW_TEMPLATE = "overview.html.j2"
WHATS_NEW_TEMPLATE = "whats_new.html.j2"
VERSIONS_FILE = "versions.json"

# --- report ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteReport:
    """What ``publish_site`` did.

    site_dir; published: profile ids on the site; excluded: (id, reason) kept off it by the
    sign-off gate; files: every file of the site, relative; missing: missing translations;
    warnings: WeasyPrint messages and refused URLs; overview_cached: the overview PDFs came
    from the cache; new: "<id> <cycle>" of each profile whose shown version changed (and
    where the one it replaced stays); withdrawn: "<id> <cycle>" of profiles the site showed
    before and no longer does; before: how many versions the
    previous site showed (0: no earlier site); in_review: (id, cycle of the
    content in review, cycle shown) of profiles whose newer content awaits approval.
    """

    site_dir: Path
    published: tuple[str, ...]
    excluded: tuple[tuple[str, str], ...]
    files: tuple[str, ...]
    missing: tuple[MissingTranslation, ...]
    warnings: tuple[str, ...]
    overview_cached: bool
    new: tuple[str, ...] = ()
    withdrawn: tuple[str, ...] = ()
    in_review: tuple[tuple[str, int, int], ...] = ()
    before: int = 0

    def lines(self) -> list[str]:
        lines = [f"missing translation: {m}" for m in self.missing]
        lines += [f"warning: {w}" for w in self.warnings]
        lines += [f"not published: {pid} ({reason})" for pid, reason in self.excluded]
        lines += [
            f"update in review: {pid} ({cycle} content awaits approval; its {shown} version "
            "stays on the site with a note)"
            for pid, cycle, shown in self.in_review
        ]
        index = (self.site_dir / "index.html").resolve()
        lines.append(
            f"published {len(self.published)} profile(s), {len(self.files)} files -> {self.site_dir}"
        )
        if self.new and not self.before:
            lines.append(f"new on the site: {len(self.new)} profile version(s) (no earlier site)")
        elif self.new or self.withdrawn:
            if self.new:
                lines.append(f"new on the site: {', '.join(self.new)}")
            if self.withdrawn:
                lines.append(f"no longer on the site: {', '.join(self.withdrawn)}")
        else:
            lines.append(
                f"nothing new published: the site shows the same {len(self.published)} "
                "profile version(s) as before"
            )
        lines.append(f"open {index.as_uri()}")
        return lines


# --- where each rendered page goes ------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """One rendered profile folder on the site.

    folder: its site folder ("<id>", or "<cycle>/<id>" for a round's archive); profile:
    the content; colophon: (role, date) pairs of its approvals, or None; update: the page's
    note (``versions.ProfileVersions.page_note``) or None; rendered_in: the render folder
    holding ``<id>/``.
    """

    folder: str
    profile: Profile
    colophon: tuple | None
    update: dict[str, Any] | None
    rendered_in: Path


def placements(
    publication: Publication, profiles_dir: Path, versions_dir: Path | None
) -> list[Placement]:
    """Where every published and archived version goes, and which render folder holds it:
    the published version's pages (``profiles_dir``) also serve its round's folder; another
    archived version is rendered in ``versions_dir/<cycle>/``. No archive without
    ``versions_dir`` (a drafts site)."""
    out = []
    for pv in publication.published():
        v = pv.published
        out.append(Placement(pv.id, v.profile, v.colophon, pv.page_note(), profiles_dir))
        if versions_dir is None:
            continue
        for a in pv.archive:
            folder = f"{a.cycle}/{pv.id}"
            if a.content_hash == v.content_hash:
                out.append(Placement(folder, a.profile, a.colophon, pv.page_note(), profiles_dir))
            else:
                where = versions_dir / str(a.cycle)
                out.append(Placement(folder, a.profile, a.colophon, pv.archive_note(a), where))
    return out


def render_targets(
    publication: Publication, profiles_dir: Path, versions_dir: Path
) -> dict[Path, list[Placement]]:
    """What to render where: every profile in ``profiles_dir`` (its published version, or
    its current content when nothing is approved), and the other archived versions in
    ``versions_dir/<cycle>/``."""
    targets: dict[Path, list[Placement]] = {profiles_dir: []}
    for pv in publication.profiles:
        if pv.published is None:
            targets[profiles_dir].append(Placement(pv.id, pv.current, None, None, profiles_dir))
    for pl in placements(publication, profiles_dir, versions_dir):
        if pl.rendered_in == profiles_dir and "/" in pl.folder:
            continue  # a copy of the published version's pages
        targets.setdefault(pl.rendered_in, []).append(pl)
    return targets


# --- checks -------------------------------------------------------------------------------------


def check_rendered(
    places: list[Placement],
    themes: list[ThemeInfo],
    templates_hash: str,
    *,
    pdf: bool,
    draft: bool = False,
) -> dict[str, dict[str, Any]]:
    """The manifest entry of every placement (by site folder); refuses pages that are
    missing, rendered from other content, colophon, note or templates, drafts for the
    public site (``draft=False``) or final pages for a drafts site."""
    manifests: dict[Path, dict] = {}
    problems, found = [], {}
    for pl in places:
        if pl.rendered_in not in manifests:
            manifests[pl.rendered_in] = read_manifest(pl.rendered_in)["profiles"]
        profile, where = pl.profile, str(pl.rendered_in / pl.profile.id)
        entry = manifests[pl.rendered_in].get(profile.id)
        why = None
        if entry is None:
            why = "not rendered; run `osaaja render` first"
        elif entry.get("content_sha256") != content_sha256(profile, themes):
            why = (
                "pages were rendered from other content than the store holds now; "
                "run `osaaja render` again"
            )
        elif entry.get("colophon") != plain_colophon(pl.colophon or None):
            why = (
                "pages carry another sign-off state (colophon) than the sign-offs give now; "
                "run `osaaja render` again"
            )
        elif entry.get("update") != pl.update:
            why = "pages carry another version note than now; run `osaaja render` again"
        elif entry.get("templates_sha256") != templates_hash:
            why = "templates changed since the pages were rendered; run `osaaja render` again"
        elif bool(entry.get("draft")) != draft:
            why = (
                "pages were rendered as drafts (LUONNOS / DRAFT); "
                "render them without --draft to publish"
                if not draft
                else "pages were rendered as final pages; render them with --draft"
            )
        elif pdf and not entry.get("pdf"):
            why = "pages were rendered without PDFs; run `osaaja render` without --no-pdf"
        else:
            missing = [
                f for f in entry.get("files", []) if not (pl.rendered_in / profile.id / f).is_file()
            ]
            if missing:
                why = f"rendered files are missing: {', '.join(missing)}; run `osaaja render` again"
        if why:
            problems.append(Problem(where, message=why))
        else:
            found[pl.folder] = entry
    if problems:
        raise CheckFailed("\n".join(str(p) for p in problems) + "\nnothing was published.")
    return found


# --- publish_site ---------------------------------------------------------------------------------


def publish_site(
    publication: Publication,
    themes: list[ThemeInfo],
    profiles_dir: Path,
    site_dir: Path,
    *,
    templates: Path,
    versions_dir: Path | None = None,
    pdf: bool = True,
    workers: int | None = None,
    draft: bool = False,
    catalogue: Catalogue | None = None,
    threshold: float = 0.3,
    base_url: str | None = None,
    texts: TextCatalogue | None = None,
    languages: Sequence[LanguagePlan] = DEFAULT_LANGUAGES,
) -> SiteReport:
    """Assemble ``site_dir`` from the rendered pages; the old site stays until the new one
    is complete.

    ``publication`` says which version of each profile is published and which are archived
    (``versions.plan``; ``Publication.simple`` for one version each). Archived versions
    other than the published ones are read from ``versions_dir/<cycle>/``; without it
    there is no archive, no what's-new page (a drafts site). With ``pdf=False`` no PDFs
    are copied or made. ``draft`` assembles a drafts site from draft pages; it must never
    be pointed at the public site folder.
    ``threshold``: growth in the cross-profile numbers (``trend_threshold``); ``base_url``:
    where the site is served, for the sitemap and canonical links (None: neither).
    """
    published = [pv.published.profile for pv in publication.published()]
    check_profile_ids(published)
    env = make_environment(templates)
    if catalogue is None:
        catalogue = load_catalogue(templates / STRINGS_FILE)
    templates_hash = hashing.of_tree(templates)
    places = placements(publication, profiles_dir, None if draft else versions_dir)
    entries = check_rendered(places, themes, templates_hash, pdf=pdf, draft=draft)
    reviews = {pv.id: colophon_review(pv.published.colophon) for pv in publication.published()}
    site_langs = site_languages(languages)
    by_theme = {th.id: th for th in themes}
    archive = versions_dir is not None and not draft

    files: dict[str, bytes] = {}
    for pl in places:
        records = [
            item_record(pl.profile, item, by_theme)
            for item in ordered_items(pl.profile, themes, catalogue)
        ]
        files[f"{pl.folder}/{pl.profile.id}.csv"] = profile_csv(records)
        files[f"{pl.folder}/{pl.profile.id}.json"] = profile_json(pl.profile, records)
    opts = crosspages.Options(threshold, base_url, draft, texts, site_langs)
    files.update(crosspages.site_files(env, publication, themes, catalogue, files, opts))
    cycles = sorted({pl.folder.split("/")[0] for pl in places if "/" in pl.folder})
    overview_html = {}
    for lang in site_langs:
        t = Translator(catalogue, lang, str(templates / STRINGS_FILE))
        cross = crosspages.cross_views(publication, themes, catalogue, lang, opts)
        page = index_page(
            published,
            catalogue,
            lang,
            pdf=pdf,
            draft=draft,
            texts=texts,
            site_languages=site_langs,
            whats_new_href=whats_new_name(lang) if archive else None,
        )
        page = crosspages.dress(page, index_name(lang), opts, **cross)
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
        overview = crosspages.dress(overview, overview_name(lang), opts, summary=cross["summary"])
        html = render_template(env, OVERVIEW_TEMPLATE, page=overview, meta=overview.meta, t=t)
        files[overview_name(lang)] = html.encode("utf-8")
        overview_html[lang] = html
        if archive:
            for cycle, name in [(None, whats_new_name(lang))] + [
                (int(c), f"{c}/{index_name(lang)}") for c in cycles
            ]:
                news = whats_new_page(
                    publication, catalogue, lang, cycle=cycle, languages=site_langs, texts=texts
                )
                news = crosspages.dress(news, name, opts)
                files[name] = render_template(
                    env, WHATS_NEW_TEMPLATE, page=news, meta=news.meta, t=t
                ).encode()
    if archive:
        files[VERSIONS_FILE] = versions_json(publication)
    if base_url:
        files[SITEMAP] = crosspages.sitemap_file(base_url, files, entries, publication)

    warnings: list[str] = []
    cached = True
    if pdf:
        pdfs, cached, warnings = overview_pdfs(
            overview_html, profiles_dir / OVERVIEW_CACHE, templates, templates_hash, workers
        )
        files.update(pdfs)

    before = shown_versions(site_dir)
    with atomic_dir(site_dir) as tmp:
        shutil.copytree(templates / ASSETS_DIR, tmp / ASSETS_DIR)
        for cycle in cycles:
            shutil.copytree(templates / ASSETS_DIR, tmp / cycle / ASSETS_DIR)
        for pl in places:
            (tmp / pl.folder).mkdir(parents=True)
            for name in entries[pl.folder]["files"]:
                if pdf or name.endswith(".html"):
                    source = pl.rendered_in / pl.profile.id / name
                    shutil.copyfile(source, tmp / pl.folder / name)
        for rel, data in files.items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp / rel).write_bytes(data)
        listing = sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file())

    after = {
        pv.id: [pv.published.cycle, pv.published.content_hash] for pv in publication.published()
    }
    new = []
    for pid, (cycle, digest) in after.items():
        was = before.get(pid)
        if was == [cycle, digest]:
            continue
        if was is None:
            new.append(f"{pid} {cycle}")
        elif was[0] != cycle:
            new.append(f"{pid} {cycle} (its {was[0]} version stays at {was[0]}/{pid}/)")
        else:
            new.append(f"{pid} {cycle} (a newly approved version of the same round)")
    return SiteReport(
        site_dir=site_dir,
        published=tuple(p.id for p in published),
        excluded=tuple(sorted(publication.excluded().items())),
        files=tuple(listing),
        missing=tuple(missing_for(catalogue, published, themes, languages)),
        warnings=tuple(warnings),
        overview_cached=cached,
        new=tuple(new),
        withdrawn=tuple(sorted(f"{pid} {before[pid][0]}" for pid in before if pid not in after)),
        before=len(before),
        in_review=tuple(
            (pv.id, pv.current.cycle, pv.published.cycle)
            for pv in publication.published()
            if pv.in_review
        ),
    )


def versions_json(publication: Publication) -> bytes:
    """``versions.json``: per published profile, the version shown, whether an update is in
    review, and every archived version with its address and approval date."""
    data = {
        "profiles": {
            pv.id: {
                "published": {
                    "cycle": pv.published.cycle,
                    "content_hash": pv.published.content_hash,
                    "approved": pv.published.approved_on.isoformat(),
                },
                "update_in_review": pv.current.cycle if pv.in_review else None,
                "versions": [
                    {
                        "cycle": v.cycle,
                        "content_hash": v.content_hash,
                        "approved": v.approved_on.isoformat(),
                        "path": f"{v.cycle}/{pv.id}/",
                    }
                    for v in pv.archive
                ],
            }
            for pv in publication.published()
        }
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def shown_versions(site_dir: Path) -> dict[str, list]:
    """Profile id -> [cycle, content hash] of the version a site shows (from its
    versions.json; empty for no site, or a site from before versions were recorded)."""
    try:
        data = json.loads((site_dir / VERSIONS_FILE).read_text(encoding="utf-8"))
        return {
            pid: [entry["published"]["cycle"], entry["published"]["content_hash"]]
            for pid, entry in data["profiles"].items()
        }
    except (OSError, ValueError, KeyError, TypeError):
        return {}


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
