"""Project settings from ``raw/osaaja.yaml`` (optional; every key has a default).

Stages read their own section; unknown keys are an error so typos do not pass silently.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import yamlfile
from pipeline.errors import ConfigError, Problem


@dataclass(frozen=True)
class Settings:
    # Figures resting on fewer organisations are not published (contract: Confidentiality).
    min_organisations: int = 3
    # Change in mean future importance between cycles that counts as rising/falling.
    trend_threshold: float = 0.3
    # Sign-off rule and quality checks (pipeline.signoff / pipeline.checks own their shape).
    publication: dict[str, Any] = field(default_factory=dict)
    checks: dict[str, Any] = field(default_factory=dict)


# What each setting accepts, for the check and its message.
ACCEPTED = {
    "min_organisations": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1,
        "a whole number 1 or more",
    ),
    "trend_threshold": (
        lambda v: isinstance(v, int | float) and not isinstance(v, bool) and v > 0,
        "a number above 0, such as 0.3",
    ),
    "publication": (lambda v: isinstance(v, dict), "a mapping (see docs/signoff.md)"),
    "checks": (lambda v: isinstance(v, dict), "a mapping (see docs/signoff.md)"),
}


def load_settings(path: Path) -> Settings:
    if not path.exists():
        return Settings()
    data, root = yamlfile.read(path)
    if data is None:
        return Settings()
    if not isinstance(data, dict):
        raise ConfigError([Problem(str(path), row=1, message="expected a mapping of settings")])
    names = [f.name for f in dataclasses.fields(Settings)]
    problems = []
    for key, value in data.items():
        row = yamlfile.line_of(root, [key])
        if key not in names:
            problems.append(
                Problem(
                    str(path),
                    row=row,
                    message=f"unknown setting {key!r}; accepted: {', '.join(names)}",
                )
            )
        elif not ACCEPTED[key][0](value):
            problems.append(
                Problem(
                    str(path),
                    row=row,
                    message=f"{key} {value!r} is not accepted; accepted: {ACCEPTED[key][1]}",
                )
            )
    if problems:
        raise ConfigError(problems)
    return Settings(**data)
