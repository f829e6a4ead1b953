"""Project settings from ``raw/osaaja.yaml`` (optional; every key has a default).

Unknown keys are an error so typos do not pass silently. The ``publication``, ``checks``
and ``evidence`` sections are validated by their owners (``signoff.PublicationRule``,
``checks.CheckConfig``, ``evidence.config``) from the same parse, with the same line
numbers.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import yamlfile
from pipeline.errors import Problem
from pipeline.messages import excerpt


@dataclass(frozen=True)
class Settings:
    # Figures resting on fewer organisations are not published (contract: Confidentiality).
    min_organisations: int = 3
    # Change in mean future importance between cycles that counts as rising/falling.
    trend_threshold: float = 0.3
    # Where the site will be served ("https://example.fi/osaajaprofiilit/"): with it the
    # site gets canonical links and a sitemap.xml; without it neither (file:// works either way).
    base_url: str | None = None
    # Sign-off rule and quality checks (pipeline.signoff / pipeline.checks own their shape).
    publication: dict[str, Any] = field(default_factory=dict)
    checks: dict[str, Any] = field(default_factory=dict)
    # Evidence beyond the survey (pipeline.evidence.config owns its shape; docs/evidence.md).
    evidence: dict[str, Any] = field(default_factory=dict)
    # Published languages and the profiles each covers (``translations.parse_languages``
    # checks the shape); None = Finnish and English for every profile.
    languages: dict[str, Any] | None = None


BASE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]+)?/([A-Za-z0-9._~%!$&'()*+,;=:@/-]*/)?")


def _number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


# What each setting accepts, for the check and its message.
ACCEPTED = {
    "min_organisations": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1,
        "a whole number 1 or more",
    ),
    "trend_threshold": (
        lambda v: _number(v) and 0 < v <= 4,
        "a number above 0 and at most 4 (the scale is 1-5), such as 0.3",
    ),
    "base_url": (
        lambda v: isinstance(v, str) and BASE_URL.fullmatch(v) is not None,
        "an absolute http(s) address ending in '/', such as "
        "'https://www.example.fi/osaajaprofiilit/' (no query or fragment)",
    ),
    "publication": (lambda v: isinstance(v, dict), "a mapping (see docs/signoff.md)"),
    "checks": (lambda v: isinstance(v, dict), "a mapping (see docs/signoff.md)"),
    "evidence": (lambda v: isinstance(v, dict), "a mapping (see docs/evidence.md)"),
    "languages": (
        lambda v: isinstance(v, dict),
        "a mapping of language code to `all` or a list of profile ids (see docs/translations.md)",
    ),
}


def parse_settings(path: Path) -> tuple[Settings, Any, list[Problem]]:
    """(settings, YAML node tree for line numbers, problems). A missing or empty file gives
    the defaults; settings with problems fall back to their defaults."""
    if not path.exists():
        return Settings(), None, []
    data, root = yamlfile.read(path)
    if data is None:
        return Settings(), root, []
    if not isinstance(data, dict):
        problem = Problem(
            str(path), row=1, message="expected a mapping of settings", code="settings.shape"
        )
        return Settings(), root, [problem]
    names = [f.name for f in dataclasses.fields(Settings)]
    problems = []
    good = {}
    for key, value in data.items():
        row = yamlfile.line_of(root, [key])
        if key not in names:
            message = f"unknown setting {key!r}; accepted: {', '.join(names)}"
            problems.append(Problem(str(path), row=row, message=message, code="settings.unknown"))
        elif not ACCEPTED[key][0](value):
            message = f"{key} {excerpt(value)} is not accepted; accepted: {ACCEPTED[key][1]}"
            problems.append(Problem(str(path), row=row, message=message, code="settings.value"))
        else:
            good[key] = value
    return Settings(**good), root, problems
