"""Slugs: the URL- and file-safe names of profiles, surveys' fields and occupations, and
reviewers' sign-off files. One rule for making them, one for accepting them."""

from __future__ import annotations

import re
import unicodedata

# Lowercase ASCII letters and digits in runs joined by single hyphens, at most 80 long.
PATTERN = re.compile(r"^(?=.{1,80}$)[a-z0-9]+(?:-[a-z0-9]+)*$")
DESCRIPTION = "lowercase letters a-z, digits and single hyphens, at most 80 characters"


def slugify(text: str) -> str:
    """'Matkailupalvelujen tuottaja' -> 'matkailupalvelujen-tuottaja', 'Aino Mäkelä' ->
    'aino-makela': accents dropped, anything else a hyphen."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")


def is_slug(value: object) -> bool:
    return isinstance(value, str) and PATTERN.match(value) is not None
