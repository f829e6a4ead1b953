"""Text from the input, made safe for where it goes: spreadsheets, terminals, comparisons.

Survey exports, sign-off comments and file names come from outside. Wherever such text is
written for a program that interprets it, it passes through here:

- ``csv_cell`` / ``csv_row``: cells of CSV (and any other file a spreadsheet opens);
- ``terminal_text`` / ``path_label``: anything printed to the analyst's terminal;
- ``summarise_rows``: long lists of row numbers in messages;
- ``reviewer_key``: the identity of a reviewer, for counting distinct approvals.

Formula injection (the rule ``csv_cell`` applies; OWASP "CSV Injection")
-------------------------------------------------------------------------
A spreadsheet (Excel, LibreOffice Calc, Google Sheets) opening a CSV file treats a cell as
a formula when its text starts with ``=``, ``+``, ``-`` or ``@``, and some also after a
leading tab, carriage return or line feed; a formula can fetch URLs (``=HYPERLINK(…)``,
``=WEBSERVICE(…)``) or, in old Excel, run programs (``+cmd|' /C calc'!A0``). Every *text*
cell whose first character is one of ``= + - @``, a tab, CR, LF or NUL - also after
leading spaces, and also in the full-width or small forms that Unicode NFKC folds to them
(``＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫``) - is written with a single quote (``'``) in front. Spreadsheets
take the quote as "this is text" and show the rest unchanged; the value is never evaluated.
Numbers written as numbers (``int``, ``float``, ``Decimal``) are not text and stay as they
are, so ``-0.3`` in a numeric column remains a number; the same text in a text column
becomes ``'-0.3``. Quoting of separators and double quotes is the ``csv`` module's
(RFC 4180), so a value cannot start a new cell. Line breaks inside text are written as LF:
the module quotes a cell only for the characters of its line terminator, so with ``"\n"``
a bare CR went out unquoted, and a spreadsheet reading it as a row break would start a
new cell (``"a\r=HYPERLINK(…)"``) with the formula.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

# --- spreadsheets -------------------------------------------------------------------------

FORMULA_TRIGGERS = frozenset("=+-@\t\r\n\0")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula (see the module's rule)."""
    stripped = text.lstrip(" \u00a0\u3000")
    if not stripped:
        return text[:1] in FORMULA_TRIGGERS
    if text[:1] in FORMULA_TRIGGERS:
        return True
    return unicodedata.normalize("NFKC", stripped[0])[:1] in FORMULA_TRIGGERS


def csv_cell(value: Any) -> Any:
    """``value`` ready for a CSV cell: formula-like text gets a leading ``'``; numbers and
    other non-text values are returned unchanged."""
    if not isinstance(value, str) or not value:
        return value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "'" + value if is_formula_like(value) else value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """``csv_cell`` of every value of a row."""
    return [csv_cell(v) for v in values]


# --- terminals ----------------------------------------------------------------------------

# ESC sequences (CSI "ESC [ … final", OSC "ESC ] … BEL/ST", DCS/SOS/PM/APC strings, the
# two-character ones) and the 8-bit CSI: removed whole, so no colour, cursor move, title
# change or hyperlink from the data reaches the terminal.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[ -~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
)
# Bidirectional controls can make a line read differently from what it holds.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI + "]")


def _no_surrogates(text: str) -> str:
    """Lone surrogates (from non-UTF-8 file names) as ``\\xNN`` escapes: printing them
    would raise ``UnicodeEncodeError``."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        try:
            raw = text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            raw = text.encode("utf-8", "backslashreplace")
        return raw.decode("utf-8", "backslashreplace")


def terminal_text(text: Any, *, keep_newlines: bool = False) -> str:
    """``text`` safe to print: escape sequences and control characters (C0, C1, DEL,
    bidirectional overrides) removed, tabs as spaces, newlines as spaces unless
    ``keep_newlines``, lone surrogates escaped."""
    text = _no_surrogates(str(text))
    text = _ESCAPES.sub("", text)
    text = text.replace("\r\n", "\n").replace("\t", " ")
    if not keep_newlines:
        text = text.replace("\n", " ")
    return _CONTROLS.sub("", text)


def terminal_lines(lines: Iterable[Any]) -> list[str]:
    return [terminal_text(line) for line in lines]


def path_label(path: str | bytes | os.PathLike) -> str:
    """A path as printable text, whatever bytes its name holds: bytes that are not UTF-8
    shown as ``\\xNN``, control and invisible characters as escapes (``\\n``, ``\\x1b``)
    so the name stays recognisable. Never raises."""
    try:
        text = os.fsencode(path).decode("utf-8", "backslashreplace")
    except (TypeError, ValueError):
        text = _no_surrogates(str(path))
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


# --- messages ----------------------------------------------------------------------------


def summarise_rows(rows: Sequence[int] | Iterable[int], shown: int = 5, noun: str = "row") -> str:
    """ "row 12", "rows 12 and 15", "rows 12, 15, 18, 21, 30 and 3,482 more": at most
    ``shown`` numbers, so a message stays one short line however many rows it is about."""
    rows = list(rows)
    if not rows:
        return f"no {noun}s"
    if len(rows) == 1:
        return f"{noun} {rows[0]}"
    head = [str(r) for r in rows[:shown]]
    rest = len(rows) - len(head)
    if rest == 0:
        return f"{noun}s {', '.join(head[:-1])} and {head[-1]}"
    return f"{noun}s {', '.join(head)} and {rest:,} more"


# --- reviewer identity --------------------------------------------------------------------

# Letters of other scripts that look like Latin ones, after case folding: a name typed
# with a Cyrillic "о" or a Greek "ο" is the same person. Unicode TR39's full confusables
# table would fold more, but no well-kept Python package offers its "skeleton" function,
# and these are the letters a keyboard layout or a copy-paste actually brings in.
_CONFUSABLES = str.maketrans(
    {
        # Cyrillic
        "а": "a",
        "в": "b",
        "е": "e",
        "ё": "ë",
        "һ": "h",
        "н": "h",
        "і": "i",
        "ї": "ï",
        "ј": "j",
        "к": "k",
        "ӏ": "l",
        "м": "m",
        "о": "o",
        "ӧ": "ö",
        "р": "p",
        "ԛ": "q",
        "ѕ": "s",
        "т": "t",
        "у": "y",
        "ԝ": "w",
        "х": "x",
        "ԁ": "d",
        "с": "c",
        "ѵ": "v",
        "ӓ": "ä",
        # Greek
        "α": "a",
        "β": "b",
        "ε": "e",
        "η": "n",
        "ι": "i",
        "κ": "k",
        "μ": "m",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "ζ": "z",
        # Latin look-alikes
        "ı": "i",
        "ȷ": "j",
        "ɑ": "a",
        "ɡ": "g",
        # dashes and apostrophes
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "−": "-",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "´": "'",
        "`": "'",
    }
)


def reviewer_key(name: str) -> str:
    """The identity of a reviewer's name for counting approvals: Unicode NFKC (full-width and
    compatibility forms), invisible format characters (zero-width spaces, soft hyphens,
    bidirectional marks) removed, case folded, Cyrillic and Greek look-alike letters folded
    to Latin, whitespace collapsed. "Aino Mäkelä", "AINO  MÄKELÄ" and "Aino Mäkеlä" (with
    a Cyrillic е) have one key; "Aino Makela" (no umlauts) is a different name."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    text = text.casefold().translate(_CONFUSABLES)
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def same_reviewer(a: str, b: str) -> bool:
    return reviewer_key(a) == reviewer_key(b)
