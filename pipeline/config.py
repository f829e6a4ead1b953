"""Every configuration file of a project, read and validated once per command.

``Config.load(project)`` reads ``raw/osaaja.yaml`` (settings, publication rule, quality
checks, languages, evidence), ``raw/profiles.yaml``, ``themes.yaml``,
``raw/theme_overrides.yaml``, ``raw/item_aliases.yaml``, ``raw/translations/*.yaml``
(translations of the survey texts), ``templates/strings.yaml`` and the evidence's reviewed
files (``requirement_map.yaml``, the ads' terms) and the ESCO occupations list osaaja
ships (profiles' classification codes are checked against it), and reports the problems of all of them at
once. Stages take
the ``Config`` they are given and never read these files themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline import esco, identity, profiles, themes
from pipeline import translations as texts
from pipeline.checks import CheckConfig
from pipeline.errors import ConfigError, Problem
from pipeline.evidence.config import EvidenceSetup, load_evidence_setup
from pipeline.i18n import STRINGS_FILE, Catalogue, load_catalogue
from pipeline.project import Project
from pipeline.settings import Settings, parse_settings
from pipeline.signoff import PublicationRule


@dataclass(frozen=True)
class Config:
    settings: Settings
    publication: PublicationRule
    checks: CheckConfig
    rules: themes.RuleSet
    overrides: themes.Overrides
    aliases: tuple[identity.Alias, ...]
    # None when raw/profiles.yaml does not exist (a store can be built without profiles).
    profiles: tuple[profiles.ProfileSpec, ...] | None
    strings: Catalogue  # the pages' UI strings (templates/strings.yaml)
    evidence: EvidenceSetup  # where the evidence is, and its reviewed files (docs/evidence.md)
    # Translations of the survey texts (raw/translations/<lang>.yaml) and the published
    # languages (the ``languages:`` setting; Finnish and English when it is absent).
    translations: texts.Catalogue = field(default_factory=dict)
    languages: tuple[texts.LanguagePlan, ...] = texts.DEFAULT_LANGUAGES

    @property
    def min_organisations(self) -> int:
        return self.settings.min_organisations

    @property
    def trend_threshold(self) -> float:
        return self.settings.trend_threshold

    def require_profiles(self, project: Project) -> tuple[profiles.ProfileSpec, ...]:
        """The profiles, or a clear message when the project has none yet."""
        if self.profiles is None:
            raise ConfigError(
                [
                    Problem(
                        str(project.profiles_file),
                        message="not found; list the profiles to publish here "
                        "(see docs/profiles.md)",
                        code="profiles.missing",
                    )
                ]
            )
        return self.profiles

    @classmethod
    def load(cls, project: Project) -> Config:
        """Read every configuration file once; raise one ``ConfigError`` with the problems
        of all of them."""
        problems: list[Problem] = []

        def attempt(load, default: Any) -> Any:
            try:
                return load()
            except ConfigError as err:
                problems.extend(err.problems)
                return default

        settings, node, found = attempt(
            lambda: parse_settings(project.settings_file), (Settings(), None, [])
        )
        problems += found
        where = project.settings_file
        publication = attempt(
            lambda: PublicationRule.from_settings(settings.publication, where, node),
            PublicationRule(),
        )
        checks = attempt(lambda: CheckConfig.from_settings(settings.checks, where, node), None)
        rules = attempt(lambda: themes.load_rules(project.themes_file), None)
        overrides = attempt(
            lambda: themes.load_overrides(project.overrides_file),
            themes.Overrides(str(project.overrides_file)),
        )
        if rules is not None:
            problems += themes.check_overrides(rules, overrides)
        aliases, found = identity.parse_aliases(project.aliases_file)
        problems += found
        specs = None
        if project.profiles_file.exists():
            occupations, found = esco.load_occupations(project.esco_file)
            problems += found
            specs = attempt(
                lambda: tuple(profiles.load_profiles(project.profiles_file, occupations)), ()
            )
        strings = attempt(lambda: load_catalogue(project.templates / STRINGS_FILE), {})
        catalogue, found = texts.load_translations(project.translations_dir)
        problems += found
        languages, found = texts.parse_languages(
            settings.languages,
            node,
            str(where),
            known_profiles=None if specs is None else [s.id for s in specs],
        )
        problems += found
        evidence, found = load_evidence_setup(
            settings.evidence or None,
            str(where),
            node,
            project.raw,
            {s.id for s in specs} if specs else None,  # not checked when profiles.yaml failed
        )
        problems += found
        if problems:
            files = sorted({p.file for p in problems})
            raise ConfigError(
                problems,
                headline=f"{len(problems)} problem(s) in the configuration "
                f"({', '.join(files)}); nothing was changed.",
            )
        return cls(
            settings,
            publication,
            checks,
            rules,
            overrides,
            tuple(aliases),
            specs,
            strings,
            evidence,
            catalogue,
            languages,
        )
