"""Where a project's files live. Every command sees the same ``Project``.

``osaaja [--raw DIR] [--build DIR] COMMAND``: analysts' inputs and configuration are in
``raw/``; everything the pipeline writes is under ``build/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# The ESCO occupations list osaaja ships (data/esco/README.md: source and terms).
ESCO_FILE = REPO_ROOT / "data" / "esco" / "occupations_fi.csv"


@dataclass(frozen=True)
class Project:
    raw: Path
    build: Path
    themes_file: Path
    templates: Path = REPO_ROOT / "templates"
    esco_file: Path = ESCO_FILE

    @classmethod
    def at(
        cls, raw: Path | str = "raw", build: Path | str = "build", themes: Path | str | None = None
    ) -> Project:
        raw, build = Path(raw), Path(build)
        return cls(
            raw=raw, build=build, themes_file=Path(themes) if themes else Path("themes.yaml")
        )

    # Inputs and configuration (analysts edit these)
    @property
    def profiles_file(self) -> Path:
        return self.raw / "profiles.yaml"

    @property
    def settings_file(self) -> Path:
        """Checks, publication rule, min_organisations, trend threshold (optional file)."""
        return self.raw / "osaaja.yaml"

    @property
    def overrides_file(self) -> Path:
        return self.raw / "theme_overrides.yaml"

    @property
    def aliases_file(self) -> Path:
        return self.raw / "item_aliases.yaml"

    @property
    def signoffs_dir(self) -> Path:
        return self.raw / "signoffs"

    @property
    def translations_dir(self) -> Path:
        """Translations of the survey texts, one ``<lang>.yaml`` per language."""
        return self.raw / "translations"

    # Outputs
    @property
    def store_path(self) -> Path:
        return self.build / "skills.duckdb"

    @property
    def analyst_dir(self) -> Path:
        return self.build / "analyst"

    @property
    def profiles_dir(self) -> Path:
        return self.build / "profiles"

    @property
    def versions_dir(self) -> Path:
        """Rendered pages of archived profile versions, one folder per cycle."""
        return self.build / "versions"

    @property
    def site_dir(self) -> Path:
        return self.build / "site"

    @property
    def drafts_dir(self) -> Path:
        return self.build / "drafts"

    @property
    def drafts_profiles_dir(self) -> Path:
        return self.drafts_dir / "profiles"

    @property
    def drafts_site_dir(self) -> Path:
        return self.drafts_dir / "site"

    @property
    def review_dir(self) -> Path:
        return self.build / "review"
