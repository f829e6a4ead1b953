"""Published figures: the one place that decides how a figure is rounded and written
(docs/figures.md). Pages, PDFs, open data, review packets, sign-off hashes and analyst
workbooks all round through here."""

from __future__ import annotations

import math
from typing import Any

OPEN_DATA_DECIMALS = 3  # CSV and JSON
PAGE_DECIMALS = 1  # pages, PDFs, and what a reviewer signs
WORKBOOK_DECIMALS = 2  # analyst workbooks


def rounded(value: Any, decimals: int) -> float | None:
    """``value`` rounded, or None for a missing figure (None or NaN). ``+ 0.0`` turns -0.0
    into 0.0 so nothing downstream depends on the sign of zero."""
    if value is None or math.isnan(float(value)):
        return None
    return round(float(value), decimals) + 0.0


def open_data(value: Any) -> float | None:
    return rounded(value, OPEN_DATA_DECIMALS)


def page(value: Any) -> float | None:
    return rounded(value, PAGE_DECIMALS)


def workbook(value: Any) -> float | None:
    return rounded(value, WORKBOOK_DECIMALS)


def fmt_number(value: float, lang: str) -> str:
    """One decimal; Finnish and Swedish write a decimal comma."""
    text = f"{value:.{PAGE_DECIMALS}f}"
    return text.replace(".", ",") if lang in ("fi", "sv") else text


def fmt_change(value: float, lang: str) -> str:
    """Signed, with a real minus sign: "+0,9", "−0,3", "±0,0"."""
    shown = round(value, PAGE_DECIMALS)
    sign = "+" if shown > 0 else "−" if shown < 0 else "±"
    return sign + fmt_number(abs(shown), lang)
