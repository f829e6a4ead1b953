"""Profiles → CV-shaped HTML pages (Jinja) and PDFs (WeasyPrint), skipping what has not changed.

Only ``pipeline.model`` dataclasses come in. They are turned into the *view* dataclasses
of ``pipeline.views`` (pure functions, no I/O); templates see nothing else, plus ``t`` (the
UI strings of the page language, ``pipeline.i18n``). Jinja runs with autoescape and ``StrictUndefined``:
a template asking for a key the view does not have fails the build with the template's
file and line.

Layout of ``out_dir`` (the same as in the published site, so pages are copied as they are)::

    manifest.json               what was rendered from which inputs (skip-if-unchanged)
    assets/                     copy of templates/assets (CSS)
    <id>/<id>.fi.html, .en.html
    <id>/<id>.fi.pdf,  .en.pdf

PDFs come from the same HTML with the print rules of the same stylesheet
(``pipeline.pdf``: tagged PDF/UA-1 on all cores, only the project's assets reachable).
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pipeline import hashing, slugs
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
from pipeline.model import PUBLISHED_LANGUAGES, Profile, ThemeInfo
from pipeline.pdf import ASSETS_DIR, PdfJob, PdfResult, write_pdfs
from pipeline.progress import NO_PROGRESS, Progress
from pipeline.templating import make_environment, render_template
from pipeline.views import cv_page, cv_page_name, plain_colophon

# Bump when this module changes the output in a way the templates' hash cannot see.
RENDERER_VERSION = "1"
MANIFEST = "manifest.json"
CV_TEMPLATE = "cv_profile.html.j2"

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


def render_profiles(
    profiles: list[Profile],
    themes: list[ThemeInfo],
    out_dir: Path,
    *,
    templates: Path,
    colophons: dict[str, list] | None = None,
    draft: bool = False,
    pdf: bool = True,
    workers: int | None = None,
    progress: Progress = NO_PROGRESS,
    catalogue: Catalogue | None = None,
    updates: dict[str, Any] | None = None,
) -> RenderReport:
    """Write ``out_dir/<id>/<id>.<lang>.html`` (and ``.pdf``) for every profile.

    ``updates`` maps profile ids to the note of a page that is not the newest content
    (``versions.ProfileVersions.page_note``: plain data, kept in the manifest).

    A profile is skipped when its content, colophon, flags, the templates and the renderer
    are all as recorded in ``out_dir/manifest.json`` and its files are still there. Each
    profile's folder is replaced all-or-nothing; the manifest is written last, so a failed
    run re-renders whatever it touched.
    """
    check_profile_ids(profiles)
    env = make_environment(templates)
    if catalogue is None:
        catalogue = load_catalogue(templates / STRINGS_FILE)
    templates_hash = hashing.of_tree(templates)
    old = read_manifest(out_dir)["profiles"]
    colophons = colophons or {}
    updates = updates or {}
    renderer = renderer_id()

    plans, skipped, entries = [], [], {}
    for profile in profiles:
        colophon = colophons.get(profile.id)
        content = content_sha256(profile, themes)
        files = [
            cv_page_name(profile.id, lang, ext)
            for lang in PUBLISHED_LANGUAGES
            for ext in (("html", "pdf") if pdf else ("html",))
        ]
        signed = plain_colophon(colophon)
        key = hashing.of_content(
            {
                "content": content,
                "templates": templates_hash,
                "renderer": renderer,
                "colophon": signed,
                "draft": draft,
                "pdf": pdf,
                "update": updates.get(profile.id),
            }
        )
        entry = {
            "key": key,
            "content_sha256": content,
            "templates_sha256": templates_hash,
            "draft": draft,
            "pdf": pdf,
            "colophon": signed,
            "update": updates.get(profile.id),
            "files": files,
        }
        entries[profile.id] = entry
        previous = old.get(profile.id)
        if previous == entry and all((out_dir / profile.id / f).is_file() for f in files):
            skipped.append(profile.id)
            continue
        plan = _Plan(profile, entry)
        for lang in PUBLISHED_LANGUAGES:
            page = cv_page(
                profile,
                themes,
                catalogue,
                lang,
                colophon=colophon,
                draft=draft,
                pdf=pdf,
                update=updates.get(profile.id),
            )
            plan.pages[cv_page_name(profile.id, lang)] = render_template(
                env,
                CV_TEMPLATE,
                page=page,
                meta=page.meta,
                t=Translator(catalogue, lang, str(templates / STRINGS_FILE)),
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
                    jobs.append(
                        PdfJob(
                            html=html,
                            target=str(tmp / name.replace(".html", ".pdf")),
                            page_path=f"{pid}/{name}",
                            templates=str(templates.resolve()),
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
        missing=tuple(missing_translations(catalogue, profiles, themes)),
        warnings=tuple(warnings),
        pdf_seconds=pdf_seconds,
    )


def copy_assets(templates: Path, target: Path) -> None:
    """Copy templates/assets to ``target`` all-or-nothing."""
    source = templates / ASSETS_DIR
    with atomic_dir(target) as tmp:
        if source.is_dir():
            shutil.copytree(source, tmp, dirs_exist_ok=True)
