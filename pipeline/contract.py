"""The vocabulary of the input contract (``shared/spec/cq-export.md``), as pure functions.

Header and metadata aliases in Finnish, English and Swedish, the not-assessed markers,
footer words, item kinds, and how a cell's text or number is read. ``pipeline.ingest``
applies them to sheets; other stages use ``item_key`` and ``slug`` for identities.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from typing import Any

# --- vocabulary of the contract ---------------------------------------------------------

META_KEYS: dict[str, tuple[str, ...]] = {
    "survey": ("kartoitus", "osaamiskartoitus", "survey", "kartläggning"),
    "field": ("ala", "toimiala", "koulutusala", "field", "sector", "bransch"),
    "occupation": ("ammatti", "ammattiryhmä", "tehtävä", "occupation", "yrke"),
    "region": ("alue", "seutukunta", "region"),
    "cycle": ("kierros", "vuosi", "cycle", "year", "omgång"),
    "date": ("ajankohta", "päivämäärä", "date", "datum"),
    "horizon": ("tarkasteluväli", "aikajänne", "horizon"),
}
META_ALIAS = {alias: key for key, aliases in META_KEYS.items() for alias in aliases}
MAX_HEADER_ROW = 20

COMMON_COLUMNS: dict[str, tuple[str, ...]] = {
    "area": ("osaamisalue", "pääalue", "kvalifikaatioalue", "competence area", "kompetensområde"),
    "sub_area": ("osa-alue", "alaryhmä", "sub-area", "delområde"),
    "item": ("osaaminen", "osaamiskuvaus", "kvalifikaatio", "competence", "kompetens"),
    "item_code": ("koodi", "tunniste", "code", "kod"),
    "kind": ("tyyppi", "laji", "kind", "type", "typ"),
}
LAYOUT_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "A": {
        **COMMON_COLUMNS,
        "organisation": ("organisaatio", "yritys", "työnantaja", "organisation"),
        "importance_now": (
            "nykytarve",
            "painoarvo nyt",
            "tärkeys nyt",
            "importance now",
            "vikt nu",
        ),
        "importance_future": (
            "tuleva tarve",
            "tulevaisuuden tarve",
            "painoarvo tulevaisuudessa",
            "tärkeys 3-5 v",
            "importance future",
            "vikt framtid",
        ),
        "sector": ("toimiala", "sektori", "sector"),
        "org_size": ("henkilöstö", "koko", "size"),
        "respondent": ("vastaaja", "haastateltava", "respondent"),
        "comment": ("kommentti", "huomio", "comment"),
    },
    "B": {
        **COMMON_COLUMNS,
        "n_organisations": ("organisaatioita", "vastaajia", "n"),
        "mean_now": ("nykytarve ka.", "nykytarve keskiarvo", "mean now"),
        "mean_future": ("tuleva tarve ka.", "tuleva tarve keskiarvo", "mean future"),
        "sd_now": ("nykytarve kh.", "sd now"),
        "sd_future": ("tuleva tarve kh.", "sd future"),
        "change": ("muutos", "muutosintensiteetti", "change"),
    },
}
REQUIRED = {
    "A": ("organisation", "area", "item", "importance_now", "importance_future"),
    "B": ("area", "item", "n_organisations", "mean_now", "mean_future"),
}
FIELD_LABELS = {  # how a column is named in messages: the contract's first alias
    f: aliases[0].capitalize() for cols in LAYOUT_COLUMNS.values() for f, aliases in cols.items()
}

NOT_ASSESSED = {"", "-", "0", "ei arvioitu", "n/a"}
NOT_ASSESSED_HINT = "blank, -, 0, ei arvioitu or n/a for not assessed"
KINDS = {
    "tieto": "knowledge",
    "knowledge": "knowledge",
    "kunskap": "knowledge",
    "taito": "skill",
    "skill": "skill",
    "färdighet": "skill",
    "asenne": "attitude",
    "attitude": "attitude",
    "attityd": "attitude",
}
FOOTER_WORDS = ("yhteensä", "keskiarvo", "total", "summa")
FILE_NAME = re.compile(r"^(?P<cycle>\d{4})_(?P<field>[^_]+)_(?P<occupation>[^_]+)$")
YEAR = re.compile(r"\b(19\d\d|20\d\d|21\d\d)\b")
_WS = re.compile(r"\s+")
_UNIT = re.compile(r"\s*\([^()]*\)\s*$")


# --- text normalisation -----------------------------------------------------------------


def fold_space(text: str) -> str:
    """Trim and fold runs of whitespace (non-breaking spaces and line breaks too) to one space."""
    return _WS.sub(" ", text.replace("_x000D_", " ")).strip()


def item_key(text: str) -> str:
    """The identity of an item text: items differing only in case or spacing are the same item."""
    return unicodedata.normalize("NFC", fold_space(text)).casefold()


def header_name(value: Any) -> str:
    """Header text as matched: case-folded, whitespace folded, trailing '(1-5)'-style unit dropped."""
    if not isinstance(value, str):
        return ""
    return _UNIT.sub("", fold_space(value)).casefold()


def cell_text(value: Any) -> str:
    """A cell as display text ('' for empty). Whole floats print as integers (codes like 12)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return fold_space(value)
    return str(value)


def parse_year(value: Any) -> int | None:
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and float(value).is_integer()
    ):
        year = int(value)
        return year if 1900 <= year <= 2199 else None
    if isinstance(value, (datetime, date)):
        return value.year
    match = YEAR.search(cell_text(value))
    return int(match.group(1)) if match else None


# A not-assessed marker, kept apart from NaN (= invalid) while parsing. Minus infinity is
# a value no cell can hold (numbers are finite), so a rating of -1 is an error, never
# "not assessed" by accident.
MISSING = float("-inf")


INVALID = float("nan")


def parse_number(value: Any) -> float:
    """A number, possibly text with a decimal comma and spaces. MISSING for not assessed; NaN if invalid."""
    if isinstance(value, (bool, datetime, date, time, timedelta)):
        return INVALID
    if isinstance(value, (int, float)):
        number = float(value)
        return number if number == number and abs(number) != float("inf") else INVALID
    text = cell_text(value)
    if text.casefold() in NOT_ASSESSED:
        return MISSING
    text = text.replace("\u00a0", "").replace(" ", "").replace("\u2212", "-").replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return INVALID
    return number if number == number and abs(number) != float("inf") else INVALID


def parse_rating(value: Any) -> float:
    """Whole number 1-5; not assessed -> 0; anything else -> NaN (an error)."""
    number = parse_number(value)
    if number == MISSING or number == 0:
        return 0.0
    if number.is_integer() and 1 <= number <= 5:  # NaN fails both tests
        return number
    return INVALID


def parse_mean(value: Any) -> float:
    number = parse_number(value)
    if number == MISSING or number == 0:
        return MISSING
    return number if 1 <= number <= 5 else INVALID


def parse_sd(value: Any) -> float:
    number = parse_number(value)
    return number if number == MISSING or number >= 0 else INVALID


def parse_count(value: Any) -> float:
    number = parse_number(value)
    return number if number.is_integer() and number >= 1 else INVALID


def parse_kind(value: Any) -> str | None:
    """knowledge / skill / attitude; None when blank; "!" when not recognised."""
    text = cell_text(value).casefold()
    return KINDS.get(text, "!") if text else None


# --- typed rows: the columns a sheet becomes (store tables ratings_raw, summary_raw) ----

RATING_COLUMNS = [
    "cycle",
    "field",
    "occupation",
    "survey_id",
    "organisation",
    "respondent",
    "area",
    "sub_area",
    "item",
    "item_key",
    "item_code",
    "kind",
    "importance_now",
    "importance_future",
    "sector",
    "org_size",
    "comment",
    "extra",
    "file",
    "sheet",
    "row",
]
SUMMARY_COLUMNS = [
    "cycle",
    "field",
    "occupation",
    "survey_id",
    "area",
    "sub_area",
    "item",
    "item_key",
    "item_code",
    "kind",
    "n_organisations",
    "mean_now",
    "mean_future",
    "sd_now",
    "sd_future",
    "change",
    "extra",
    "file",
    "sheet",
    "row",
]
