"""Looking for confidential names in published files: the site's text, and in PDFs the
raw bytes and every deflated stream (metadata, tags, alternate texts, link targets)."""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Iterable
from pathlib import Path


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
            texts += [chunk.decode("utf-8", errors="replace") for chunk in pdf_streams(data)]
            texts += [chunk.decode("utf-16-be", errors="replace") for chunk in pdf_streams(data)]
        haystack = "\n".join(texts).casefold()
        hits += [
            (path.relative_to(site_dir).as_posix(), n) for n in needles if n.casefold() in haystack
        ]
    return sorted(hits)


def pdf_streams(data: bytes) -> list[bytes]:
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
