"""Profiles → CV-shaped HTML pages (Jinja) and PDFs (WeasyPrint), skipping what has not changed.

Only ``pipeline.model`` dataclasses come in. They are turned into the *view* dataclasses
of ``pipeline.views`` (pure functions, no I/O); templates see nothing else, plus ``t`` (the
UI strings of the page language, ``pipeline.i18n``). Jinja runs with autoescape and ``StrictUndefined``:
a template asking for a key the view does not have fails the build with the template's
file and line.

Layout of ``out_dir`` (the same as in the published site, so pages are copied as they are)::

    manifest.json               what was rendered from which inputs (skip-if-unchanged)
    assets/                     copy of templates/assets (CSS)
    <id>/<id>.<lang>.html       the web page, one per language the profile is published in
    <id>/<id>.<lang>.pdf        the two-page CV

The web page carries everything; the PDF is the two-page CV, made from its own HTML
(``cv_print.html.j2``, the same view, not published) with the print stylesheet
(``pipeline.pdf``: tagged PDF/UA-1 on all cores, only the project's assets reachable). The
PDF stage tries ever tighter sheets until the CV fits on two pages.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pipeline import hashing, slugs
from pipeline.contract import item_key
from pipeline.errors import ConfigError, Problem
from pipeline.fsutil import atomic_dir, atomic_file
from pipeline.i18n import (
    STRINGS_FILE,
    Catalogue,
    MissingTranslation,
    Translator,
    load_catalogue,
    missing_translations,
)
from pipeline.model import Profile, Review, ThemeInfo
from pipeline.pdf import ASSETS_DIR, PdfJob, PdfResult, write_pdfs
from pipeline.progress import NO_PROGRESS, Progress
from pipeline.sitemap import canonical
from pipeline.templating import make_environment, render_template
from pipeline.translations import DEFAULT_LANGUAGES, LanguagePlan
from pipeline.translations import Catalogue as TextCatalogue
from pipeline.views import (
    CvPrintPage,
    Language,
    cv_page,
    cv_page_name,
    plain_colophon,
    profile_view,
    sheet_variants,
)
from pipeline.views.cv import MAX_PAGES
from pipeline.views.review import colophon_review

# Bump when this module changes the output in a way the templates' hash cannot see.
RENDERER_VERSION = "2"
MANIFEST = "manifest.json"
CV_TEMPLATE = "cv_profile.html.j2"
PRINT_TEMPLATE = "cv_print.html.j2"  # the two-page CV, the HTML its PDF is made from

log = logging.getLogger(__name__)


def content_sha256(profile: Profile, themes: Sequence[ThemeInfo]) -> str:
    """What a profile's pages are made of: the profile and the themes it uses."""
    used = {i.theme for i in profile.items}
    return hashing.of_content(
        {
            "profile": profile,
            "themes": sorted((th for th in themes if th.id in used), key=lambda th: th.id),
        }
    )


# --- render_profiles ----------------------------------------------------------------------


@dataclass(frozen=True)
class RenderReport:
    """What ``render_profiles`` did.

    out_dir: where the pages are; rendered/skipped: profile ids (skipped = inputs and
    templates unchanged since the last build); removed: ids whose pages were deleted because
    the profile is gone; files: every file written; missing: missing translations;
    warnings: refused URLs and WeasyPrint messages; pdf_seconds: wall time of the PDF stage.
    """

    out_dir: Path
    rendered: tuple[str, ...]
    skipped: tuple[str, ...]
    removed: tuple[str, ...]
    files: tuple[Path, ...]
    missing: tuple[MissingTranslation, ...]
    warnings: tuple[str, ...]
    pdf_seconds: float = 0.0

    def lines(self) -> list[str]:
        lines = [f"missing translation: {m}" for m in self.missing]
        lines += [f"warning: {w}" for w in self.warnings]
        lines.append(
            f"rendered {len(self.rendered)} profile(s), {len(self.skipped)} unchanged, "
            f"{len(self.removed)} removed -> {self.out_dir}"
        )
        return lines


def check_profile_ids(profiles: Sequence[Profile]) -> None:
    """Ids become folder and file names: URL-safe slugs, each used once."""
    problems, seen = [], set()
    for profile in profiles:
        if not slugs.is_slug(profile.id):
            problems.append(
                Problem(
                    f"profile {profile.id!r}",
                    message="id must be a URL-safe slug: "
                    "lower-case letters, digits and hyphens, e.g. matkailupalvelujen-tuottaja",
                )
            )
        if profile.id in seen:
            problems.append(
                Problem(f"profile {profile.id!r}", message="id is used by more than one profile")
            )
        seen.add(profile.id)
    if problems:
        raise ConfigError(problems)


def read_manifest(out_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {"profiles": {}}
    return data if isinstance(data.get("profiles"), dict) else {"profiles": {}}


def renderer_id() -> str:
    """This renderer and the WeasyPrint it drives; a change re-renders everything."""
    return f"osaaja-render {RENDERER_VERSION}; weasyprint {version('weasyprint')}"


@dataclass
class _Plan:
    profile: Profile
    entry: dict[str, Any]
    pages: dict[str, str] = field(default_factory=dict)  # file name -> HTML
    prints: dict[str, list[str]] = field(default_factory=dict)  # file name -> its CV's HTML


def texts_sha256(profile: Profile, texts: TextCatalogue, langs: Sequence[str]) -> str:
    """The translations a profile's pages use (a changed translation renders them again)."""
    used = [
        profile.region,
        profile.horizon,
        profile.survey_period,
        *(s.name for s in profile.surveys),
        *(s.field_name for s in profile.surveys),
        *(s.occupation_name for s in profile.surveys),
        *(i.item for i in profile.items),
        *(i.area for i in profile.items),
        *profile.dropped_items,
    ]
    keys = sorted({item_key(u) for u in used if u})
    return hashing.of_content(
        {
            lang: [
                [k, texts[lang][k].text, texts[lang][k].status] for k in keys if k in texts[lang]
            ]
            for lang in langs
            if lang in texts
        }
    )


def profile_languages(profile_id: str, languages: Sequence[LanguagePlan]) -> tuple[str, ...]:
    """The languages one profile is published in, in page order."""
    return tuple(
        plan.code for plan in languages if plan.profiles is None or profile_id in plan.profiles
    )


def missing_for(
    catalogue: Catalogue,
    profiles: Sequence[Profile],
    themes: Sequence[ThemeInfo],
    languages: Sequence[LanguagePlan],
) -> list[MissingTranslation]:
    """Missing UI strings and theme labels in every published language, and missing
    profile texts in the languages each profile is published in."""
    codes = [plan.code for plan in languages]
    missing = set(missing_translations(catalogue, (), themes, codes))
    for profile in profiles:
        missing |= set(
            missing_translations({}, [profile], (), profile_languages(profile.id, languages))
        )
    return sorted(missing)


def site_languages(languages: Sequence[LanguagePlan]) -> tuple[str, ...]:
    """The languages every profile is published in: the site's index and overview."""
    return tuple(plan.code for plan in languages if plan.profiles is None)


def print_pages(
    env: Any,
    profile: Profile,
    themes: Sequence[ThemeInfo],
    strings: Catalogue,
    lang: str,
    *,
    meta: Any,
    texts: TextCatalogue,
    review: Review | None,
    source: str,
    update: Any = None,
) -> list[str]:
    """The two-page CV's HTML, richest sheet first (``views.sheet_variants``); ``update``:
    the page's ``views.update.UpdateNote`` or None."""
    view = profile_view(profile, themes, Language(strings, lang, texts), review=review)
    return [
        render_template(
            env,
            PRINT_TEMPLATE,
            page=CvPrintPage(meta, view, sheet, cv_page_name(profile.id, lang), update),
            meta=meta,
            t=Translator(strings, lang, source),
        )
        for sheet in sheet_variants(view)
    ]


def render_profiles(
    profiles: list[Profile],
    themes: list[ThemeInfo],
    out_dir: Path,
    *,
    templates: Path,
    reviews: Mapping[str, Review] | None = None,
    colophons: Mapping[str, Any] | None = None,
    updates: Mapping[str, Any] | None = None,
    draft: bool = False,
    pdf: bool = True,
    workers: int | None = None,
    progress: Progress = NO_PROGRESS,
    catalogue: Catalogue | None = None,
    texts: TextCatalogue | None = None,
    languages: Sequence[LanguagePlan] = DEFAULT_LANGUAGES,
    related: Mapping[str, list] | None = None,
    base_url: str | None = None,
) -> RenderReport:
    """Write ``out_dir/<id>/<id>.<lang>.html`` (and ``.pdf``) for every profile, in every
    language ``languages`` publishes it in.

    ``related``: each profile's related published profiles (``views.related.plain_related``
    rows); ``base_url``: the site's address, for each page's canonical link (or None).

    ``reviews``: where each profile's review stands (drafts say it all); ``colophons``:
    the (role label, date) pairs of a version's approvals (``pipeline.versions``), for a
    profile without a review; ``updates``: the note of a page that is not the newest
    content (``versions.ProfileVersions.page_note``: plain data, kept in the manifest);
    ``texts``: translations of the survey texts. A profile is skipped when its content,
    review, colophon, note, languages, flags, the templates and the renderer are all as
    recorded in ``out_dir/manifest.json`` and its files are still there. Each profile's
    folder is replaced all-or-nothing; the manifest is written last, so a failed run
    re-renders whatever it touched.
    """
    check_profile_ids(profiles)
    env = make_environment(templates)
    if catalogue is None:
        catalogue = load_catalogue(templates / STRINGS_FILE)
    texts = texts or {}
    source = str(templates / STRINGS_FILE)
    templates_hash = hashing.of_tree(templates)
    old = read_manifest(out_dir)["profiles"]
    reviews, colophons, updates = reviews or {}, colophons or {}, updates or {}
    related = related or {}
    renderer = renderer_id()
    site_langs = site_languages(languages)

    plans, skipped, entries = [], [], {}
    for profile in profiles:
        colophon = colophons.get(profile.id)
        review = reviews.get(profile.id) or colophon_review(colophon)
        update = updates.get(profile.id)
        langs = profile_languages(profile.id, languages)
        content = content_sha256(profile, themes)
        files = [
            cv_page_name(profile.id, lang, ext)
            for lang in langs
            for ext in (("html", "pdf") if pdf else ("html",))
        ]
        signed = plain_colophon(colophon)
        reviewed = review.plain() if review is not None else None
        key = hashing.of_content(
            {
                "content": content,
                "texts": texts_sha256(profile, texts, langs),
                "templates": templates_hash,
                "renderer": renderer,
                "review": reviewed,
                "colophon": signed,
                "update": update,
                "languages": [langs, site_langs],
                "related": related.get(profile.id, []),
                "base_url": base_url,
                "draft": draft,
                "pdf": pdf,
            }
        )
        entry = {
            "key": key,
            "content_sha256": content,
            "templates_sha256": templates_hash,
            "draft": draft,
            "pdf": pdf,
            "review": reviewed,
            "colophon": signed,
            "update": update,
            "languages": list(langs),
            "files": files,
        }
        entries[profile.id] = entry
        previous = old.get(profile.id)
        if previous == entry and all((out_dir / profile.id / f).is_file() for f in files):
            skipped.append(profile.id)
            continue
        plan = _Plan(profile, entry)
        for lang in langs:
            page = cv_page(
                profile,
                themes,
                catalogue,
                lang,
                texts=texts,
                review=review,
                draft=draft,
                pdf=pdf,
                languages=langs,
                site_languages=site_langs,
                update=update,
                related=related.get(profile.id, ()),
                canonical=canonical(base_url, f"{profile.id}/{cv_page_name(profile.id, lang)}"),
            )
            t = Translator(catalogue, lang, source)
            name = cv_page_name(profile.id, lang)
            plan.pages[name] = render_template(env, CV_TEMPLATE, page=page, meta=page.meta, t=t)
            if pdf:
                plan.prints[name] = print_pages(
                    env,
                    profile,
                    themes,
                    catalogue,
                    lang,
                    meta=page.meta,
                    texts=texts,
                    review=review,
                    source=source,
                    update=page.update,
                )
        plans.append(plan)

    written: list[Path] = []
    pdf_seconds = 0.0
    results: list[PdfResult] = []
    with contextlib.ExitStack() as stack:
        jobs = []
        for plan in plans:
            pid = plan.profile.id
            tmp = stack.enter_context(atomic_dir(out_dir / pid))
            for name, html in plan.pages.items():
                (tmp / name).write_text(html, encoding="utf-8")
                if pdf:
                    first, *fallbacks = plan.prints[name]
                    jobs.append(
                        PdfJob(
                            html=first,
                            target=str(tmp / name.replace(".html", ".pdf")),
                            page_path=f"{pid}/{name}",
                            templates=str(templates.resolve()),
                            fallbacks=tuple(fallbacks),
                            max_pages=MAX_PAGES,
                        )
                    )
            written += [out_dir / pid / f for f in plan.entry["files"]]
        started = time.perf_counter()
        with progress.stage("rendering PDFs", len(jobs)) as advance:
            results = write_pdfs(jobs, workers, advance)
        pdf_seconds = time.perf_counter() - started

    if (
        plans
        or not (out_dir / ASSETS_DIR).is_dir()
        or any(e.get("templates_sha256") != templates_hash for e in old.values())
    ):
        copy_assets(templates, out_dir / ASSETS_DIR)
    removed = sorted(set(old) - set(entries))
    for pid in removed:
        if slugs.is_slug(pid):
            shutil.rmtree(out_dir / pid, ignore_errors=True)
    manifest = {"renderer": renderer, "profiles": entries}
    with atomic_file(out_dir / MANIFEST) as tmp:
        tmp.write_text(
            json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )

    warnings = [
        f"{Path(r.target).name}: refused to fetch {url}" for r in results for url in r.refused
    ]
    warnings += [
        f"{Path(r.target).name}: {r.pages} pages; the CV should fit on {MAX_PAGES}"
        for r in results
        if r.pages > MAX_PAGES
    ]
    warnings += [
        f"{Path(r.target).name}: {m}"
        for r in results
        for m in r.messages
        if not any(url in m for url in r.refused)
    ]
    return RenderReport(
        out_dir=out_dir,
        rendered=tuple(p.profile.id for p in plans),
        skipped=tuple(skipped),
        removed=tuple(removed),
        files=tuple(written),
        missing=tuple(missing_for(catalogue, profiles, themes, languages)),
        warnings=tuple(warnings),
        pdf_seconds=pdf_seconds,
    )


def copy_assets(templates: Path, target: Path) -> None:
    """Copy templates/assets to ``target`` all-or-nothing."""
    source = templates / ASSETS_DIR
    with atomic_dir(target) as tmp:
        if source.is_dir():
            shutil.copytree(source, tmp, dirs_exist_ok=True)
