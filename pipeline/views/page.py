"""What every page has: its head (language, title, alternates, assets), the language it
writes in (``Language``: UI strings, survey texts, dates, roles) and the shared small
rules of names and anchors."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pipeline import localise, slugs, translations
from pipeline.i18n import SOURCE_LANGUAGE, Catalogue, Text, Translator, pick
from pipeline.model import Localized


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
    ending in "/"; index_href: the site index (in this language when the site has one in
    it); index_lang: the language of that index; alternates: the page in the other
    languages it is published in; pdf_href: this page's PDF, or None; draft: show the
    "LUONNOS / DRAFT" banner on screen and on every PDF page; canonical: the page's
    absolute address when the site's ``base_url`` is configured, else None.
    """

    lang: str
    title: str
    description: str
    author: str
    assets_href: str
    index_href: str
    index_lang: str
    alternates: tuple[Alternate, ...]
    pdf_href: str | None
    draft: bool
    canonical: str | None = None


class Language:
    """Everything a page needs to write in one language: the UI strings (``t``), the survey
    texts from the translation catalogue (``text``: the Finnish text, marked, when there is
    no usable translation), dates and reviewer roles (``pipeline.localise``)."""

    def __init__(
        self,
        strings: Catalogue,
        code: str,
        texts: translations.Catalogue | None = None,
        source: str = "strings.yaml",
    ):
        self.code = code
        self.strings = strings
        self.texts = texts or {}
        self.t = Translator(strings, code, source)

    def text(self, finnish: str | None) -> Text | None:
        """A survey text (item, area, region, horizon, survey name) in this language."""
        return translations.lookup(self.texts, finnish, self.code)

    def pick(self, value: Localized | None) -> Text | None:
        """A text of the configuration (title, description) in this language, else Finnish."""
        return pick(value, self.code)

    def date(self, value: Any) -> str:
        return fmt_date(value, self.code)

    def period(self, text: str | None) -> Text | None:
        """A survey period: dates written the way this language writes them."""
        if not text:
            return None
        formatted = localise.format_period(text, self.code)
        return Text(formatted, self.code) if formatted else self.text(text)

    def role(self, role: str) -> str:
        try:
            return localise.role_label(role, self.code)
        except ValueError:
            return role


def fmt_date(value: Any, lang: str) -> str:
    """Dates (date or ISO text) as ``lang`` writes them: 1.3.2025, 1 March 2025, 1 mars 2025."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.date):
        try:
            return localise.format_date(value, lang)
        except ValueError:
            return value.isoformat()
    return str(value)


def plain_colophon(colophon: Iterable[tuple[Any, Any]] | None) -> list[list[str]] | None:
    """A colophon as JSON-safe [role, ISO date] pairs (kept in the render manifest)."""
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
