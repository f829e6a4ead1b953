"""Content hashes: one canonical JSON form and one notation, ``<algorithm>:<hex>``.

Every hash osaaja takes over content (a profile version a reviewer signed, what a page
was rendered from, open-data files, the theme rules, a templates folder) goes through
here, so two hashes of the same content can never differ by how it was serialised.
The algorithm is written beside the digest (as dbt does), so a later change of
algorithm still verifies old sign-offs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEFAULT_ALGORITHM = "sha256"
ALGORITHMS: dict[str, Callable[[bytes], Any]] = {
    "sha256": hashlib.sha256,
    "sha512": hashlib.sha512,
}


def plain(value: Any) -> Any:
    """Dataclasses, tuples and dates as JSON-able dicts, lists and ISO strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8, no NaN: equal content gives equal bytes."""
    return json.dumps(
        plain(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def of_bytes(data: bytes, algorithm: str = DEFAULT_ALGORITHM) -> str:
    return f"{algorithm}:{ALGORITHMS[algorithm](data).hexdigest()}"


def of_content(value: Any, algorithm: str = DEFAULT_ALGORITHM) -> str:
    """The digest of the canonical JSON of ``value``."""
    return of_bytes(canonical_json(value), algorithm)


def of_tree(folder: Path) -> str:
    """One digest over every file of a folder: relative names and contents."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return f"sha256:{digest.hexdigest()}"


def algorithm_of(value: str) -> str:
    """``sha256`` of ``sha256:ab12…``."""
    return value.split(":", 1)[0]
