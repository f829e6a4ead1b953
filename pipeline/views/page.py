"""What every page has: its head (language, title, alternates, assets) and the shared
small rules of names, anchors and dates."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pipeline import slugs
from pipeline.i18n import SOURCE_LANGUAGE, Catalogue


@dataclass(frozen=True)
class Alternate:
    """The same page in another language.

    lang: language code; href: relative link; label: the language's own name ("In English").
    """

    lang: str
    href: str
    label: str


@dataclass(frozen=True)
class PageMeta:
    """What the <head>, the navigation and the draft banner of any page need.

    lang: page language; title: <title> and PDF title; description: meta description and
    PDF subject; author: PDF author; assets_href: relative link to the assets folder,
    ending in "/"; index_href: the
    site index in this language; alternates: the page in the other languages; pdf_href:
    this page's PDF, or None; draft: show the "LUONNOS / DRAFT" banner on screen and on
    every PDF page.
    """

    lang: str
    title: str
    description: str
    author: str
    assets_href: str
    index_href: str
    alternates: tuple[Alternate, ...]
    pdf_href: str | None
    draft: bool


def fmt_date(value: Any, lang: str) -> str:
    """Sign-off dates (date or ISO text): 1.3.2025 in Finnish, 2025-03-01 in English; other text as is."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.date):
        return f"{value.day}.{value.month}.{value.year}" if lang == "fi" else value.isoformat()
    return str(value)


def plain_colophon(colophon: Iterable[tuple[Any, Any]] | None) -> list[list[str]] | None:
    """A colophon as JSON-safe [role, ISO date] pairs (kept in the manifest for the overview)."""
    if colophon is None:
        return None
    return [
        [str(role), date.isoformat() if isinstance(date, dt.date) else str(date)]
        for role, date in colophon
    ]


def anchor_id(prefix: str, kind: str, key: str) -> str:
    """A stable, valid element id for any key (slugs stay readable, other keys are hashed)."""
    if slugs.is_slug(key):
        return f"{prefix}{kind}-{key}"
    return f"{prefix}{kind}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"


def index_name(lang: str) -> str:
    """The site index: index.html is Finnish (the default), other languages index.<lang>.html."""
    return "index.html" if lang == SOURCE_LANGUAGE else f"index.{lang}.html"


def cv_page_name(profile_id: str, lang: str, ext: str = "html") -> str:
    return f"{profile_id}.{lang}.{ext}"


def language_label(catalogue: Catalogue, lang: str) -> str:
    """A language's own name ("Suomeksi", "In English"), for language switches."""
    return catalogue["language_name"].get(lang) or lang
