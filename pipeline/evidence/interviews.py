"""Interview notes: publishable, anonymised quotes from employers and experts.

One note per interview, YAML (``*.yaml``) or Markdown with YAML front matter (``*.md``; the
body is free notes and is never read)::

    profile: lahihoitaja
    date: 2024-02-14
    interviewee_role: Kotihoidon esihenkilö        # published
    organisation_type: Kunnan kotihoito             # published
    organisation: Rovaniemen kaupunki               # confidential: kept for checking only
    interviewee: Maija Meikäläinen                  # confidential: kept for checking only
    quotes:
      - text: "Kirjaamisen pitää olla rakenteista jo ensimmäisenä päivänä."
        publishable: true
        items: ["Kirjaa rakenteisesti sähköiseen potilastietojärjestelmään"]
        themes: [digitaidot]

Only quotes marked ``publishable: true`` are returned. A publishable quote (or the role or
organisation type beside it) that contains the note's organisation or interviewee name, or
any confidential name the caller passes (e.g. the survey's organisations), is refused with
a problem naming the file and the quote. Names never leave this module.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pipeline import yamlfile
from pipeline.errors import ConfigError, Problem

NOTE_KEYS = (
    "profile",
    "date",
    "interviewee_role",
    "organisation_type",
    "organisation",
    "interviewee",
    "interviewer",
    "quotes",
)
_WORD = re.compile(r"[^\W\d_]+")  # letters only; hyphenated names are separate words
MAX_ENDING = 8  # letters an inflected name may add to its root: Kaamos -> Kaamoksellakin
QUOTE_KEYS = ("text", "publishable", "items", "themes", "note")
# Parts of organisation names that name nobody: legal forms and generic nouns. A name's other
# words (Kaamos, Rovaniemen, Meikäläinen) are what identify it.
LEGAL_FORMS = frozenset(["oy", "oyj", "ab", "ky", "ry", "tmi", "ay", "osk"])
GENERIC_NAME_WORDS = LEGAL_FORMS | frozenset(
    [
        "osuuskunta",
        "kaupunki",
        "kunta",
        "kuntayhtymä",
        "seurakunta",
        "säätiö",
        "yhtiö",
        "group",
        "hyvinvointialue",
        "palvelu",
        "palvelut",
        "hoivapalvelut",
        "keittiöpalvelut",
        "ateriapalvelut",
        "toimitilapalvelut",
        "ravintola",
        "ravintolat",
        "hotelli",
        "kahvila",
        "konditoria",
        "catering",
        "kauppa",
        "kauppakeskus",
        "market",
        "marketti",
        "rautakauppa",
        "kirjakauppa",
        "rajakauppa",
        "vaatetalo",
        "sisustus",
        "urheilu",
        "elektroniikka",
        "keskus",
        "hyvinvointikeskus",
        "koti",
        "kotihoito",
        "hoivakoti",
        "palvelukoti",
        "palvelutalo",
        "vanhustentalo",
        "päiväkoti",
        "sairaanhoitopiiri",
        "matkamuistomyymälä",
        "logistiikkakeskus",
        "terminaali",
        "siivous",
        "lapin",
        "lappi",
        "pohjois",
        "etelä",
        "itä",
        "länsi",
    ]
)


@dataclass(frozen=True)
class Quote:
    """One published quote: no names, only the role and the kind of organisation."""

    profile_id: str
    text: str
    date: date
    interviewee_role: str
    organisation_type: str
    items: tuple[str, ...]  # item texts it supports, as written in the note
    themes: tuple[str, ...]  # theme ids it supports
    file: str
    index: int  # 1-based position in the note's quotes
    line: int | None


@dataclass(frozen=True)
class Interview:
    """One note without its names: what pages may say about the interview itself."""

    profile_id: str
    date: date
    interviewee_role: str
    organisation_type: str
    n_quotes: int
    n_published: int
    file: str
    line: int | None = None  # of the note's ``profile`` key


def read_interviews(
    folder: Path,
    confidential_names: Iterable[str] = (),
    known_themes: Iterable[str] | None = None,
) -> tuple[list[Interview], list[Quote], list[Problem]]:
    """Every ``*.yaml``/``*.yml``/``*.md`` note under the folder (recursively, name order)."""
    names = tuple(confidential_names)
    themes = frozenset(known_themes) if known_themes is not None else None
    interviews, quotes, problems = [], [], []
    paths = sorted(
        p for p in Path(folder).rglob("*") if p.suffix.lower() in (".yaml", ".yml", ".md")
    )
    for path in paths:
        interview, note_quotes, note_problems = read_note(path, names, themes)
        problems += note_problems
        if interview is not None:
            interviews.append(interview)
            quotes += note_quotes
    return interviews, quotes, problems


def read_note(
    path: Path, confidential_names: Iterable[str] = (), known_themes: frozenset | None = None
) -> tuple[Interview | None, list[Quote], list[Problem]]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        why = "is not UTF-8 text" if isinstance(err, UnicodeDecodeError) else err.strerror
        return None, [], [Problem(str(path), message=f"cannot read: {why}", code="interview.io")]
    offset = 0
    if path.suffix.lower() == ".md":
        front = _front_matter(text)
        if front is None:
            return (
                None,
                [],
                [
                    Problem(
                        str(path),
                        row=1,
                        message="a Markdown note starts with YAML front matter between '---' lines",
                        code="interview.front_matter",
                    )
                ],
            )
        text, offset = front, 1  # the front matter starts on the file's second line
    try:
        data, root = yamlfile.read(path, text)
    except ConfigError as err:
        return None, [], [_shift(p, offset) for p in err.problems]
    return _Note(path, root, offset, confidential_names, known_themes).read(data)


def _front_matter(text: str) -> str | None:
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "".join(lines[1:i])
    return None


def _shift(p: Problem, offset: int) -> Problem:
    row = p.row + offset if p.row is not None else None
    return Problem(p.file, p.sheet, row, p.column, p.message, p.code)


class _Note:
    def __init__(self, path, root, offset, confidential_names, known_themes):
        self.path, self.root, self.offset = path, root, offset
        self.names = list(confidential_names)
        self.known_themes = known_themes
        self.problems: list[Problem] = []

    def problem(self, at: list, message: str, kind: str, column: str | None = None) -> None:
        line = yamlfile.line_of(self.root, at)
        row = line + self.offset if line is not None else None
        self.problems.append(
            Problem(
                str(self.path), row=row, column=column, message=message, code=f"interview.{kind}"
            )
        )

    def read(self, data: Any) -> tuple[Interview | None, list[Quote], list[Problem]]:
        if not isinstance(data, dict):
            self.problem([], "expected a mapping: profile, date, interviewee_role, ...", "shape")
            return None, [], self.problems
        for key in sorted(set(map(str, data)) - set(NOTE_KEYS)):
            self.problem([key], f"unknown key {key!r}; accepted: {', '.join(NOTE_KEYS)}", "key")
        profile = self.text(data, "profile")
        role = self.text(data, "interviewee_role")
        org_type = self.text(data, "organisation_type")
        day = data.get("date")
        if not isinstance(day, date):
            self.problem(["date"], f"date {day!r} is not accepted; accepted: 2024-02-14", "date")
        # The note's own names join the caller's: a quote must name neither.
        own = [str(data[k]) for k in ("organisation", "interviewee") if data.get(k)]
        names = own + self.names
        for key, value in (("interviewee_role", role), ("organisation_type", org_type)):
            hit = value and mentions_name(value, names)
            if hit:
                self.problem(
                    [key],
                    f"{key} contains the confidential name {hit!r}; describe, not name",
                    "name",
                )
        quotes_data = data.get("quotes") or []
        if not isinstance(quotes_data, list):
            self.problem(
                ["quotes"], "quotes is a list of {text, publishable, items, themes}", "shape"
            )
            quotes_data = []
        if self.problems or not (profile and role and org_type and isinstance(day, date)):
            return None, [], self.problems
        quotes = []
        for i, q in enumerate(quotes_data):
            quote = self.quote(q, i, names, profile, day, role, org_type)
            if quote is not None:
                quotes.append(quote)
        line = yamlfile.line_of(self.root, ["profile"])
        interview = Interview(
            profile,
            day,
            role,
            org_type,
            len(quotes_data),
            len(quotes),
            str(self.path),
            line + self.offset if line is not None else None,
        )
        return interview, quotes, self.problems

    def text(self, data: dict, key: str) -> str | None:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
        self.problem([key], f"{key} is required (a text)", "missing")
        return None

    def quote(self, q, i, names, profile, day, role, org_type) -> Quote | None:
        at = ["quotes", i]
        n = i + 1
        if not isinstance(q, dict):
            self.problem(at, f"quote {n}: expected {{text, publishable, items, themes}}", "shape")
            return None
        unknown = sorted(set(map(str, q)) - set(QUOTE_KEYS))
        if unknown:
            self.problem(
                [*at, unknown[0]],
                f"quote {n}: unknown key {unknown[0]!r}; accepted: {', '.join(QUOTE_KEYS)}",
                "key",
            )
            return None
        text = q.get("text")
        if not isinstance(text, str) or not text.strip():
            self.problem([*at, "text"], f"quote {n}: text is required", "missing")
            return None
        publishable = q.get("publishable")
        if not isinstance(publishable, bool):
            self.problem(
                [*at, "publishable"],
                f"quote {n}: publishable must be true or false (nothing is published unasked)",
                "publishable",
            )
            return None
        items, themes = q.get("items") or [], q.get("themes") or []
        if not _texts(items) or not _texts(themes) or not (items or themes):
            self.problem(
                at,
                f"quote {n}: name the items and/or themes it supports (lists of texts)",
                "supports",
            )
            return None
        unknown_themes = [
            t for t in themes if self.known_themes is not None and t not in self.known_themes
        ]
        if unknown_themes:
            self.problem(
                [*at, "themes"],
                f"quote {n}: unknown theme {unknown_themes[0]!r}; accepted: "
                f"{', '.join(sorted(self.known_themes))}",
                "theme",
            )
            return None
        if not publishable:
            return None
        hit = mentions_name(text, names)
        if hit:
            self.problem(
                [*at, "text"],
                f"quote {n} contains the confidential name {hit!r} and is not published; "
                "rephrase it without names or set publishable: false",
                "name",
            )
            return None
        return Quote(
            profile_id=profile,
            text=" ".join(text.split()),
            date=day,
            interviewee_role=role,
            organisation_type=org_type,
            items=tuple(" ".join(x.split()) for x in items),
            themes=tuple(themes),
            file=str(self.path),
            index=n,
            line=(yamlfile.line_of(self.root, at) or 0) + self.offset or None,
        )


def _texts(values: Any) -> bool:
    return isinstance(values, list) and all(isinstance(v, str) and v.strip() for v in values)


def mentions_name(text: str, names: Iterable[str]) -> str | None:
    """The first confidential name the text contains; None when it names nobody.

    A name is found (each word in any inflected form, see :func:`same_name`)

    - whole, or without its legal form, its words consecutive ("Lapin Hoivakodissa" names
      "Lapin Hoivakoti Oy" though each of its words alone is generic), or
    - by one distinctive word written with a capital ("Kaamoksella" names "Hoivapalvelut
      Kaamos Oy", "Maijalle" names "Maija Meikäläinen"). Company names are made of common
      nouns, so the same word in lower case ("kaamoksen aikaan", "poro") is not a name.
    """
    written = _WORD.findall(unicodedata.normalize("NFC", text))
    folded = [w.casefold() for w in written]
    capitals = [w.casefold() for w in written if w[:1].isupper()]
    for name in names:
        words = [w.casefold() for w in _WORD.findall(unicodedata.normalize("NFC", name or ""))]
        core = [w for w in words if w not in LEGAL_FORMS]
        if core and _consecutive(core, folded):
            return name
        for word in core:
            if len(word) < 3 or word in GENERIC_NAME_WORDS or word.isdigit():
                continue
            if any(same_name(word, w) for w in capitals):
                return name
    return None


def _consecutive(name: list[str], text: list[str]) -> bool:
    n = len(name)
    return any(
        all(same_name(a, b) for a, b in zip(name, text[i : i + n], strict=True))
        for i in range(len(text) - n + 1)
    )


def same_name(name_word: str, text_word: str) -> bool:
    """Is the (case-folded) text word an inflected form of the name's word? Finnish names
    inflect at their end: Kielo -> Kielon, Kaamos -> Kaamoksella, Rovaniemi -> Rovaniemellä,
    Pohjantähti -> Pohjantähden, Meikäläinen -> Meikäläisen; at most ``MAX_ENDING`` letters
    are added, and a shared beginning of fewer than five letters is never enough
    (Kielo is not kieli)."""
    if text_word == name_word:
        return True
    if name_word.endswith("nen") and text_word.startswith(name_word[:-3] + "s"):
        return len(text_word) - len(name_word) <= MAX_ENDING
    shared = 0
    for a, b in zip(name_word, text_word, strict=False):
        if a != b:
            break
        shared += 1
    if shared == len(name_word) or shared >= max(5, len(name_word) - 2):
        return len(text_word) - shared <= MAX_ENDING
    return False
