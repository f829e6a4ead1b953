"""Dates and reviewer roles as each published language writes them.

These are formatting, not survey texts: they live here rather than in the translation
catalogue (``pipeline.translations``), and a language can only be published when this
module knows how to write its dates and roles (``SUPPORTED_LANGUAGES``).
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "sv": (
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ),
}

# Reviewer roles of the sign-off files (pipeline.signoff.ROLES). Lower case: they are used
# inside sentences ("approved by the head of field on ...") as well as in lists.
ROLE_LABELS = {
    "fi": {"head_of_field": "toimialapäällikkö", "teacher": "opettaja", "other": "muu arvioija"},
    "en": {"head_of_field": "head of field", "teacher": "teacher", "other": "other reviewer"},
    # Finland-Swedish usage at vocational colleges ("branschchef").
    "sv": {"head_of_field": "branschchef", "teacher": "lärare", "other": "annan granskare"},
}

SUPPORTED_LANGUAGES = ("fi", "en", "sv")  # Finnish first


def format_date(value: date, lang: str) -> str:
    """``14.9.2022`` (fi), ``14 September 2022`` (en), ``14 september 2022`` (sv).

    Finnish writes days and months without leading zeros; English pages use the
    day-month-year order with the month spelled out, which no reader misreads.
    """
    if lang == "fi":
        return f"{value.day}.{value.month}.{value.year}"
    if lang in MONTHS:
        return f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"
    raise ValueError(
        f"no date format for language {lang!r}; supported: {', '.join(SUPPORTED_LANGUAGES)}"
    )


def role_label(role: str, lang: str) -> str:
    """The reviewer role in ``lang``: ``role_label("head_of_field", "sv") == "branschchef"``."""
    if lang not in ROLE_LABELS:
        raise ValueError(
            f"no role labels for language {lang!r}; supported: {', '.join(SUPPORTED_LANGUAGES)}"
        )
    labels = ROLE_LABELS[lang]
    if role not in labels:
        raise ValueError(f"unknown reviewer role {role!r}; expected one of: {', '.join(labels)}")
    return labels[role]


# Survey periods as the exports write them (``sources.date``): a day, a span of days in one
# month, a span of months. Anything else is shown as written.
_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_DAYS = re.compile(r"^(\d{1,2})\.?\s*[–-]\s*(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_MONTHS = re.compile(r"^(\d{1,2})\s*[–-]\s*(\d{1,2})\s*/\s*(\d{4})$")


def format_period(text: str, lang: str) -> str | None:
    """A survey period in ``lang``, or None when it is not in a form this module knows.

    ``14.9.2022`` → ``14 September 2022``; ``2.–16.9.2019`` → ``2–16 September 2019``;
    ``3–4/2019`` → ``March–April 2019``; Finnish keeps the export's own writing, tidied."""
    text = " ".join(str(text).split())
    try:
        if m := _DAY.match(text):
            return format_date(date(int(m[3]), int(m[2]), int(m[1])), lang)
        if m := _DAYS.match(text):
            first, last, month, year = int(m[1]), int(m[2]), int(m[3]), int(m[4])
            date(year, month, first), date(year, month, last)  # valid days only
            if lang == "fi":
                return f"{first}.–{last}.{month}.{year}"
            return f"{first}–{last} {MONTHS[lang][month - 1]} {year}"
        if m := _MONTHS.match(text):
            first, last, year = int(m[1]), int(m[2]), int(m[3])
            if not (1 <= first <= 12 and 1 <= last <= 12):
                return None
            if lang == "fi":
                return f"{first}–{last}/{year}"
            names = MONTHS[lang]
            return f"{names[first - 1]}–{names[last - 1]} {year}"
    except (ValueError, KeyError):
        return None
    return None
