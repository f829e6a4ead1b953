"""Assemble the static site ``BUILD/site/`` from rendered profiles, all-or-nothing.

Layout (relative links only; works from ``file://`` and from any sub-folder)::

    index.html, index.en.html        profile cards, language switch, open-data links
    overview.fi.html, .pdf           cover, contents, every published profile in turn
    overview.en.html, .pdf
    <id>/<id>.fi.html, .en.html      the CV pages rendered by ``pipeline.render``
    <id>/<id>.fi.pdf, .en.pdf
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

import contextlib
import csv
import hashlib
import io
import json
import os
import shutil
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import CheckFailed, Problem
from pipeline.fsutil import atomic_dir
from pipeline.i18n import (
    SOURCE_LANGUAGE,
    Catalogue,
    MissingTranslation,
    Text,
    Translator,
    load_catalogue,
    missing_translations,
    pick,
)
from pipeline.model import PUBLISHED_LANGUAGES, Profile, ProfileItem, ThemeInfo
from pipeline.pdf import PdfJob, write_pdfs
from pipeline.render import (
    ASSETS_DIR,
    STRINGS_FILE,
    check_profile_ids,
    content_sha256,
    make_environment,
    read_manifest,
    render_template,
    renderer_id,
    templates_sha256,
)
from pipeline.views import (
    Alternate,
    PageMeta,
    ProfileView,
    anchor_id,
    cv_page_name,
    index_name,
    language_label,
    profile_view,
    publishes_figures,
    section_views,
)

OVERVIEW_CACHE = "_overview"
INDEX_TEMPLATE = "index.html.j2"
OVERVIEW_TEMPLATE = "overview.html.j2"
DATAPACKAGE = "datapackage.json"

# Open-data columns: (name, Frictionless type, description). Figures are empty when suppressed.
COLUMNS = (
    ("profile_id", "string", "Profile id (URL slug)"),
    ("cycle", "integer", "Survey year"),
    ("theme", "string", "Theme id (CV section); 'unthemed' when none"),
    ("theme_label_fi", "string", "Theme label in Finnish"),
    ("theme_label_en", "string", "Theme label in English"),
    ("item_id", "string", "Item identity across cycles: code:<code> or text:<normalised text>"),
    ("item", "string", "Competence item as written in the survey (Finnish)"),
    ("kind", "string", "knowledge, skill, attitude or empty"),
    ("area", "string", "Competence area of the survey's classification"),
    (
        "suppressed",
        "boolean",
        "true when fewer than min_organisations rated the item; its figures are empty",
    ),
    ("n_organisations", "integer", "Organisations that rated the item"),
    ("mean_now", "number", "Mean importance now, 1 (not needed) to 5 (essential)"),
    ("mean_future", "number", "Mean importance in the future (survey horizon), 1 to 5"),
    ("change", "number", "mean_future - mean_now"),
    ("trend", "string", "Change since the previous survey: new, rising, falling, steady or empty"),
    ("previous_mean_future", "number", "mean_future in the previous survey"),
)


# --- view dataclasses of the index and the overview --------------------------------------


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
    overview_href, overview_pdf_href (or None); datapackage_href: the open-data descriptor."""

    meta: PageMeta
    cards: tuple[Card, ...]
    overview_href: str
    overview_pdf_href: str | None
    datapackage_href: str


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


# --- open data (pure) ------------------------------------------------------------------------


def _number(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def item_record(
    profile: Profile, item: ProfileItem, themes: dict[str, ThemeInfo]
) -> dict[str, Any]:
    """One open-data row; figures are None when the item is suppressed."""
    theme = themes.get(item.theme) if item.theme else None
    shown = publishes_figures(item)
    return {
        "profile_id": profile.id,
        "cycle": profile.cycle,
        "theme": item.theme or "unthemed",
        "theme_label_fi": theme.label.get("fi", "") if theme else "",
        "theme_label_en": theme.label.get("en", "") if theme else "",
        "item_id": item.item_id,
        "item": item.item,
        "kind": item.kind,
        "area": item.area,
        "suppressed": not shown,
        "n_organisations": item.n_organisations if shown else None,
        "mean_now": _number(item.mean_now) if shown else None,
        "mean_future": _number(item.mean_future) if shown else None,
        "change": _number(
            item.change if item.change is not None else item.mean_future - item.mean_now
        )
        if shown
        else None,
        "trend": item.trend,
        "previous_mean_future": _number(item.previous_mean_future) if shown else None,
    }


def ordered_items(
    profile: Profile, themes: Sequence[ThemeInfo], catalogue: Catalogue
) -> list[ProfileItem]:
    """Items in the order of the CV page: sections in theme order, then future importance."""
    t = Translator(catalogue, SOURCE_LANGUAGE)
    order = {}
    for section in section_views(profile, themes, "", t):
        for item in section.items:
            order[item.anchor] = len(order)
    return sorted(profile.items, key=lambda i: order[anchor_id("", "item", i.item_id)])


def profile_csv(records: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([name for name, _, _ in COLUMNS])
    for record in records:
        writer.writerow(
            [
                ""
                if record[name] is None
                else str(record[name]).lower()
                if isinstance(record[name], bool)
                else record[name]
                for name, _, _ in COLUMNS
            ]
        )
    return out.getvalue().encode("utf-8")


def profile_json(profile: Profile, records: list[dict[str, Any]]) -> bytes:
    q = profile.qualification
    data = {
        "profile": {
            "id": profile.id,
            "title": profile.title,
            "description": profile.description,
            "cycle": profile.cycle,
            "region": profile.region,
            "horizon": profile.horizon,
            "survey_period": profile.survey_period,
            "n_organisations": profile.n_organisations,
            "min_organisations": profile.min_organisations,
            "emerging": profile.emerging,
            "surveys": [
                {"cycle": s.cycle, "field": s.field, "occupation": s.occupation}
                for s in profile.surveys
            ],
            "qualification": None if q is None else {"name": q.name, "code": q.code, "url": q.url},
            "notes": profile.notes,
            "rules_version": profile.rules_version,
            "next_update": profile.next_update,
            "previous_cycle": profile.previous_cycle,
            "dropped_items": list(profile.dropped_items),
        },
        "items": records,
    }
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def datapackage(
    profiles: Sequence[Profile], files: dict[str, bytes], catalogue: Catalogue
) -> bytes:
    """A Frictionless Data Package describing every profile's CSV and JSON, with hashes."""
    fields = [{"name": name, "type": kind, "description": text} for name, kind, text in COLUMNS]
    resources = []
    for profile in profiles:
        for ext, media in (("csv", "text/csv"), ("json", "application/json")):
            path = f"{profile.id}/{profile.id}.{ext}"
            resource: dict[str, Any] = {
                "name": f"{profile.id}-{ext}",
                "path": path,
                "format": ext,
                "mediatype": media,
                "encoding": "utf-8",
                "title": profile.title.get("en") or profile.title.get("fi", profile.id),
                "bytes": len(files[path]),
                "hash": "sha256:" + hashlib.sha256(files[path]).hexdigest(),
            }
            if ext == "csv":
                resource["profile"] = "tabular-data-resource"
                resource["schema"] = {"fields": fields, "missingValues": [""]}
            resources.append(resource)
    data = {
        "profile": "data-package",
        "name": "future-skills-profiles",
        "title": catalogue["site_title"].get("en", ""),
        "description": catalogue["open_data_intro"].get("en", ""),
        "languages": list(PUBLISHED_LANGUAGES),
        "resources": resources,
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- pages (pure) ------------------------------------------------------------------------------


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
    profiles: Sequence[Profile], catalogue: Catalogue, lang: str, *, pdf: bool, draft: bool = False
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
    catalogue = load_catalogue(templates / STRINGS_FILE)
    templates_hash = templates_sha256(templates)
    entries = check_rendered(published, themes, profiles_dir, templates_hash, pdf=pdf, draft=draft)
    colophons = {pid: entry.get("colophon") for pid, entry in entries.items()}
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
    for lang in PUBLISHED_LANGUAGES:
        t = Translator(catalogue, lang, str(templates / STRINGS_FILE))
        page = index_page(published, catalogue, lang, pdf=pdf, draft=draft)
        files[index_name(lang)] = render_template(
            env, INDEX_TEMPLATE, page=page, meta=page.meta, t=t
        ).encode()
        overview = overview_page(
            published, themes, catalogue, lang, colophons=colophons, pdf=pdf, draft=draft
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
        missing=tuple(missing_translations(catalogue, published, themes)),
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


# --- confidentiality ----------------------------------------------------------------------------


def scan_for_names(site_dir: Path, names: Iterable[str]) -> list[tuple[str, str]]:
    """(file, name) for every given name found in any site file, case-insensitively.

    Text files are searched as UTF-8; PDFs in their raw bytes and in every deflated stream
    (metadata, tags, alternate texts, link targets). A PDF's visible text is drawn from the
    HTML page beside it, which is searched as text.
    """
    needles = [n for n in {n.strip() for n in names} if n]
    hits = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        data = path.read_bytes()
        texts = [data.decode("utf-8", errors="replace")]
        if path.suffix == ".pdf":
            texts += [chunk.decode("utf-8", errors="replace") for chunk in _pdf_streams(data)]
            texts += [chunk.decode("utf-16-be", errors="replace") for chunk in _pdf_streams(data)]
        haystack = "\n".join(texts).casefold()
        hits += [
            (path.relative_to(site_dir).as_posix(), n) for n in needles if n.casefold() in haystack
        ]
    return sorted(hits)


def _pdf_streams(data: bytes) -> list[bytes]:
    streams, start = [], 0
    while (start := data.find(b"stream", start)) != -1:
        begin = start + len(b"stream")
        begin += 2 if data[begin : begin + 2] == b"\r\n" else 1
        end = data.find(b"endstream", begin)
        if end == -1:
            break
        with contextlib.suppress(zlib.error):
            streams.append(zlib.decompress(data[begin:end]))
        start = end + len(b"endstream")
    return streams
