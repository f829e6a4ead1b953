"""Web addresses of the published site, when ``base_url`` is configured (raw/osaaja.yaml):
each page's canonical URL and ``sitemap.xml``. Without a base URL there are neither, and
the site keeps working from ``file://`` with relative links only."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote
from xml.sax.saxutils import escape

SITEMAP = "sitemap.xml"


def canonical(base_url: str | None, path: str) -> str | None:
    """The absolute address of the site page at ``path`` (relative, with '/'), or None."""
    if not base_url:
        return None
    return base_url + quote(path, safe="/")


def sitemap(base_url: str, pages: Iterable[str], lastmod: str | None = None) -> bytes:
    """``sitemap.xml`` (sitemaps.org 0.9) listing ``pages`` (relative HTML paths), sorted;
    ``lastmod``: a YYYY-MM-DD date for every page (the data's date), or None."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for path in sorted(set(pages)):
        entry = f"  <url><loc>{escape(canonical(base_url, path))}</loc>"
        if lastmod:
            entry += f"<lastmod>{escape(lastmod)}</lastmod>"
        lines.append(entry + "</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def site_map(base_url: str, files: Iterable[str], created: str | None) -> bytes:
    """``sitemap.xml`` of a site's ``files`` (its HTML pages are listed), dated ``created``
    (the open data's date, "YYYY-MM-DDT00:00:00Z") when known."""
    pages = [f for f in files if f.endswith(".html")]
    return sitemap(base_url, pages, created[:10] if created else None)
