"""HTML pages → tagged PDF/UA-1 with WeasyPrint, on all cores, fetching nothing but our assets.

WeasyPrint gets ``AssetFetcher``: it serves files under ``templates/assets`` and refuses
every other URL (item texts are escaped by the templates; the fetcher is the second
wall: unescaped text once made WeasyPrint fetch URLs and embed a local file). PDF bytes
are deterministic: no dates are written and the file identifier comes from the HTML.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import mimetypes
import multiprocessing
import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from pipeline.errors import RenderFailure
from pipeline.procutil import die_with_parent, stop_pool

ASSETS_DIR = "assets"


class RefusedURL(ValueError):
    """The fetcher refuses anything but the project's own assets."""


def _make_fetcher(assets: Path):
    # WeasyPrint takes ~0.8 s to import: only processes that make PDFs pay for it.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetFetcher(URLFetcher):
        """Serves files under ``assets`` (after resolving links); refuses every other URL."""

        def __init__(self, root: Path):
            super().__init__(allowed_protocols=("file",), allow_redirects=False)
            self.root = root.resolve()
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            path = self._local(url)
            if path is None:
                self.refused.append(url)
                raise RefusedURL(f"refused {url!r}: only the templates' own assets are served")
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": mime})

        def _local(self, url: str) -> Path | None:
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost") or parts.query:
                return None
            path = Path(unquote(parts.path)).resolve()
            if not path.is_relative_to(self.root) or not path.is_file():
                return None
            return path

    return AssetFetcher(assets)


@dataclass(frozen=True)
class PdfJob:
    """One PDF to write: the page's HTML, where it sits in the site (for relative links).

    With ``max_pages``, a document longer than that is replaced by the first of
    ``fallbacks`` (tighter versions of the same page) that fits; the last one is kept
    whatever its length, and the result says how many pages it has."""

    html: str
    target: str  # file to write
    page_path: str  # the page's path inside the site, e.g. "cook/cook.fi.html"
    templates: str  # the templates folder; its assets/ is all the fetcher serves
    fallbacks: tuple[str, ...] = ()
    max_pages: int | None = None


@dataclass(frozen=True)
class PdfResult:
    target: str
    refused: tuple[str, ...]
    messages: tuple[str, ...]
    pages: int = 0  # pages of the written document
    variant: int = 0  # 0: the page itself, n: its n-th fallback


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


# Our own stylesheet links, as the templates write them (hostile text cannot: it is escaped).
ASSET_LINK = re.compile(
    r'<link rel="stylesheet" href="((?:\.\./)*assets/[\w.-]+\.css)"(?: media="([\w, ]+)")?>\n?'
)
_SHEETS: dict[tuple[str, bytes], Any] = {}  # parsed stylesheets, per process


def _print_sheets(html: str, base_url: str, fetcher: Any, font_config: Any) -> tuple[str, list]:
    """Take our stylesheet links out of ``html`` and return the print ones parsed, cached.

    Parsing the CSS is ~12 % of a page's PDF time; the same few files serve every page.
    They become user-origin sheets, which keeps their order among themselves; the pages
    have no other author CSS but inline styles, which still win as before.
    """
    import weasyprint

    sheets = []
    for href, media in ASSET_LINK.findall(html):
        if media and "print" not in media and "all" not in media:
            continue
        path = Path(unquote(urlsplit(urljoin(base_url, href)).path))
        data = path.read_bytes()
        key = (str(path), hashlib.sha256(data).digest())
        if key not in _SHEETS:
            _SHEETS[key] = weasyprint.CSS(
                string=data.decode("utf-8"),
                base_url=path.as_uri(),
                url_fetcher=fetcher,
                font_config=font_config,
            )
        sheets.append(_SHEETS[key])
    return ASSET_LINK.sub("", html), sheets


@functools.cache
def _font_config() -> Any:
    """One font configuration per process, shared by the cached stylesheets."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def write_pdf(job: PdfJob) -> PdfResult:
    """Render one page to tagged PDF/UA-1 with only the project's assets reachable.

    Deterministic: WeasyPrint writes no dates unless the HTML asks for them, and the file
    identifier is taken from the HTML's hash.
    """
    import weasyprint

    templates = Path(job.templates)
    fetcher = _make_fetcher(templates / ASSETS_DIR)
    wlog = logging.getLogger("weasyprint")
    handler, propagate = _Collect(), wlog.propagate
    wlog.addHandler(handler)
    wlog.propagate = False  # refused URLs are reported by us, not as WeasyPrint's tracebacks
    try:
        # The base URL places the page inside the templates folder so that "../assets/x.css"
        # resolves to templates/assets/x.css wherever the site is written.
        base_url = (templates / job.page_path).as_uri()
        variants = (job.html, *job.fallbacks)
        for variant, page in enumerate(variants):
            html, sheets = _print_sheets(page, base_url, fetcher, _font_config())
            # As HTML.write_pdf does it: the same options for layout and for writing.
            options = {"stylesheets": sheets, "pdf_variant": "pdf/ua-1", "pdf_tags": True}
            document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
                font_config=_font_config(), **options
            )
            last = variant == len(variants) - 1
            if job.max_pages is None or len(document.pages) <= job.max_pages or last:
                break
        identifier = hashlib.sha256(page.encode("utf-8")).hexdigest()[:32].encode("ascii")
        document.write_pdf(job.target, pdf_identifier=identifier, **options)
    except Exception as err:  # re-raised as plain text: it must cross the process boundary
        raise RuntimeError(f"{job.page_path}: {type(err).__name__}: {err}") from None
    finally:
        wlog.removeHandler(handler)
        wlog.propagate = propagate
    return PdfResult(
        job.target,
        tuple(fetcher.refused),
        tuple(handler.messages),
        pages=len(document.pages),
        variant=variant,
    )


def write_pdfs(
    jobs: Sequence[PdfJob], workers: int | None = None, advance: Callable[[int], None] | None = None
) -> list[PdfResult]:
    """Write PDFs on all cores (one process per core); biggest pages first for an even load.
    ``advance(1)`` is called after each PDF (progress)."""
    if not jobs:
        return []
    ordered = sorted(jobs, key=lambda j: -len(j.html))
    n = min(workers or os.cpu_count() or 1, len(ordered))
    advance = advance or (lambda n: None)
    try:
        if n <= 1:
            results = []
            for job in ordered:
                results.append(write_pdf(job))
                advance(1)
            return results
        import weasyprint  # noqa: F401  - imported once here (~0.8 s) so forked workers inherit it

        # fork: workers start at once with WeasyPrint loaded; they only render, so locks
        # held by other threads of the parent (if any) are never touched.
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        pool = ProcessPoolExecutor(
            max_workers=n,
            mp_context=context,
            # workers die with this process, even after kill -9 (no orphans writing on)
            initializer=die_with_parent,
            initargs=(os.getpid(),),
        )
        try:
            results = []
            for result in pool.map(write_pdf, ordered, chunksize=1):
                results.append(result)
                advance(1)
        except BaseException:
            stop_pool(pool)  # Ctrl-C, SIGTERM, a failed page: do not wait for the others
            raise
        pool.shutdown(wait=True)
        return results
    except Exception as err:  # WeasyPrint failures and broken workers: a message, not a traceback
        # Our pages are valid HTML made by our templates: a failure here is a bug to report.
        raise RenderFailure(
            f"PDF rendering failed: WeasyPrint could not make a PDF of {err}; nothing was "
            "changed. Please report this with the command you ran."
        ) from err
