"""Project settings from ``raw/osaaja.yaml`` (optional; every key has a default).

Stages read their own section; unknown keys are an error so typos do not pass silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import ConfigError, Problem

DEFAULTS: dict[str, Any] = {
    # Figures resting on fewer organisations are not published (contract: Confidentiality).
    "min_organisations": 3,
    # Change in mean future importance between cycles that counts as rising/falling.
    "trend_threshold": 0.3,
    # Sign-off rule and quality checks (pipeline.signoff / pipeline.checks own their shape).
    "publication": {},
    "checks": {},
}


@dataclass(frozen=True)
class Settings:
    min_organisations: int = 3
    trend_threshold: float = 0.3
    publication: dict[str, Any] = field(default_factory=dict)
    checks: dict[str, Any] = field(default_factory=dict)


def load_settings(path: Path) -> Settings:
    if not path.exists():
        return Settings()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        row = mark.line + 1 if mark else None
        raise ConfigError([Problem(str(path), row=row, message=f"not valid YAML: {err}")]) from None
    if not isinstance(data, dict):
        raise ConfigError([Problem(str(path), message="expected a mapping of settings")])
    unknown = sorted(set(data) - set(DEFAULTS))
    if unknown:
        raise ConfigError(
            [
                Problem(
                    str(path),
                    message=f"unknown setting(s) {', '.join(unknown)}; "
                    f"accepted: {', '.join(DEFAULTS)}",
                )
            ]
        )
    merged = {**DEFAULTS, **data}
    return Settings(**merged)
