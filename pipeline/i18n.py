"""UI strings of the published pages: one catalogue (``templates/strings.yaml``), Finnish first.

Profiles, themes and items carry their own ``Localized`` texts (``pipeline.model``); this
module also picks from those, falling back to Finnish (and saying so through the ``lang``
of the returned ``Text``) when a language is missing, and reports every missing
translation so that analysts can fill them in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline import yamlfile
from pipeline.errors import ConfigError, Problem
from pipeline.model import PUBLISHED_LANGUAGES, Localized, Profile, ThemeInfo

STRINGS_FILE = "strings.yaml"  # in the templates folder
SOURCE_LANGUAGE = "fi"  # the surveys, items and fallbacks are Finnish

Catalogue = dict[str, dict[str, str]]


@dataclass(frozen=True)
class Text:
    """A text and the language it is actually written in.

    On the English page an untranslated title is shown in Finnish; templates set
    ``lang="fi"`` on it so that screen readers pronounce it right.
    """

    text: str
    lang: str


@dataclass(frozen=True, order=True)
class MissingTranslation:
    """One text that has no translation into ``lang``; ``where`` names its place."""

    where: str  # e.g. "templates/strings.yaml › rising_title" or "profile cook › title"
    lang: str

    def __str__(self) -> str:
        return f"{self.where}: no {self.lang} translation"


def load_catalogue(path: Path) -> Catalogue:
    """Read the strings catalogue; every value must be a mapping of language to text."""
    if not path.is_file():
        raise ConfigError([Problem(str(path), message="strings catalogue not found")])
    data = yamlfile.read(path)[0] or {}
    if not isinstance(data, dict):
        raise ConfigError(
            [Problem(str(path), message="expected a mapping of key: {fi: ..., en: ...}")]
        )
    problems = [
        Problem(
            str(path),
            column=str(key),
            message="expected a mapping of language code to text, e.g. {fi: Nyt, en: Now}",
        )
        for key, value in data.items()
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values())
    ]
    if problems:
        raise ConfigError(problems)
    return {
        str(key): {str(lang): text for lang, text in value.items()} for key, value in data.items()
    }


class Translator:
    """``t(key, **values)`` for one page language; an unknown key is an error, never blank."""

    def __init__(self, catalogue: Catalogue, lang: str, source: str = "strings.yaml"):
        self.catalogue = catalogue
        self.lang = lang
        self.source = source

    def __call__(self, key: str, **values: object) -> str:
        entry = self.catalogue.get(key)
        if entry is None:
            raise ConfigError(
                [
                    Problem(
                        self.source,
                        column=key,
                        message="a template asks for this string but the catalogue "
                        "has no such key; add it with fi and en texts",
                    )
                ]
            )
        text = entry.get(self.lang) or entry[SOURCE_LANGUAGE]
        return text.format(**values) if values else text


def pick(value: Localized | None, lang: str) -> Text | None:
    """The ``lang`` text of a localized value, else the Finnish one (marked as Finnish)."""
    if not value:
        return None
    if value.get(lang):
        return Text(value[lang], lang)
    if value.get(SOURCE_LANGUAGE):
        return Text(value[SOURCE_LANGUAGE], SOURCE_LANGUAGE)
    first = sorted(value)[0]
    return Text(value[first], first)


def missing_translations(
    catalogue: Catalogue,
    profiles: Iterable[Profile] = (),
    themes: Iterable[ThemeInfo] = (),
    languages: Iterable[str] = PUBLISHED_LANGUAGES,
    catalogue_name: str = "templates/strings.yaml",
) -> list[MissingTranslation]:
    """Every UI string, profile text and theme text that lacks a published language.

    Item texts are not listed: they are the survey's Finnish wording by design.
    """
    languages = tuple(languages)
    missing: list[MissingTranslation] = []

    def check(where: str, value: Localized | None) -> None:
        if value is None:
            return
        missing.extend(MissingTranslation(where, lang) for lang in languages if not value.get(lang))

    for key, entry in catalogue.items():
        check(f"{catalogue_name} › {key}", entry)
    for theme in themes:
        check(f"theme {theme.id} › label", theme.label)
    for profile in profiles:
        check(f"profile {profile.id} › title", profile.title)
        check(f"profile {profile.id} › description", profile.description)
        check(f"profile {profile.id} › notes", profile.notes)
        if profile.qualification is not None:
            check(f"profile {profile.id} › qualification", profile.qualification.name)
    return sorted(set(missing))
