"""Published figures: how a figure is rounded and written, the same in every output
(docs/figures.md). Which figures may be published at all is decided in the store
(``store/profiles.py``): a withheld figure reaches the model as None.

Rounding: computed values are first rounded to 9 decimals (binary noise: 4.38 - 3.33 is
1.0499999999999998), then half up to 2 decimals for open data; pages show the open-data
value rounded half up to 1 decimal, so a page value always equals the CSV value rounded.
Pages, PDFs, open data, review packets, sign-off hashes and analyst workbooks all round
through here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pipeline.model import ProfileItem

NOISE_DECIMALS = 9
OPEN_DATA = Decimal("0.01")  # CSV, JSON, analyst workbooks
PAGE = Decimal("0.1")  # pages, PDFs, and what a reviewer signs


def _exact(value: Any) -> Decimal | None:
    if value is None:
        return None
    number = float(value)
    if math.isnan(number):
        return None
    return Decimal(repr(round(number, NOISE_DECIMALS)))


def open_data(value: Any) -> Decimal | None:
    """The open-data value: 2 decimals, half up (None for a missing figure)."""
    exact = _exact(value)
    return None if exact is None else _plus_zero(exact.quantize(OPEN_DATA, ROUND_HALF_UP))


def page(value: Any) -> Decimal | None:
    """The page value: the open-data value rounded half up to 1 decimal."""
    shown = open_data(value)
    return None if shown is None else _plus_zero(shown.quantize(PAGE, ROUND_HALF_UP))


def _plus_zero(value: Decimal) -> Decimal:
    return value if value != 0 else Decimal(0).quantize(value)  # no "-0.0"


def as_float(value: Decimal | None) -> float | None:
    """For JSON: a float prints as its shortest repr, so 4.25 stays 4.25."""
    return None if value is None else float(value)


def fmt_number(value: Any, lang: str) -> str:
    """A page figure: one decimal; Finnish and Swedish write a decimal comma."""
    text = f"{page(value):.1f}"
    return text.replace(".", ",") if lang in ("fi", "sv") else text


def fmt_change(value: Any, lang: str) -> str:
    """Signed, with a real minus sign: "+0,9", "−0,3", "±0,0"."""
    shown = page(value)
    sign = "+" if shown > 0 else "−" if shown < 0 else "±"
    return sign + fmt_number(abs(shown), lang)


@dataclass(frozen=True)
class Published:
    """The figures of one item as every output publishes them (open-data precision);
    None where a figure is withheld. Counts are always published."""

    n_organisations: int
    n_now: int | None
    n_future: int | None
    mean_now: Decimal | None
    mean_future: Decimal | None
    change: Decimal | None
    sd_now: Decimal | None
    sd_future: Decimal | None
    previous_mean_future: Decimal | None
    trend: str | None

    @property
    def both_means(self) -> bool:
        return self.mean_now is not None and self.mean_future is not None


def published(item: ProfileItem) -> Published:
    return Published(
        n_organisations=item.n_organisations,
        n_now=item.n_now,
        n_future=item.n_future,
        mean_now=open_data(item.mean_now),
        mean_future=open_data(item.mean_future),
        change=open_data(item.change),
        sd_now=open_data(item.sd_now),
        sd_future=open_data(item.sd_future),
        previous_mean_future=open_data(item.previous_mean_future),
        trend=item.trend,
    )


def workbook(value: Any) -> float | None:
    """An analyst workbook's figure: the open-data value, as a number a spreadsheet keeps."""
    return as_float(open_data(value))


# --- cross-profile figures (pipeline.overview) -----------------------------------------------


def grows(change: Any, threshold: Any) -> bool:
    """The one growth rule: a published change (open-data precision) is at least the
    threshold. 4.3 - 4.0 is 0.2999... in binary; it is published, and read, as 0.30, so it
    grows at 0.3. A withheld change (None) never grows."""
    shown, step = open_data(change), open_data(threshold)
    return shown is not None and step is not None and shown >= step


def share(part: int, whole: int) -> Decimal | None:
    """A proportion of counts (``part`` of ``whole``) at open-data precision, 0.00 to 1.00;
    None for an empty whole. Counts are always published, so their shares are too."""
    return None if whole <= 0 else open_data(part / whole)


def mean_of(values: list[Any]) -> Decimal | None:
    """The open-data value of the plain mean of published figures (each taken before
    rounding, after the 9-decimal step); None for no figures. Used for a group of items,
    such as a theme's mean future importance in a profile."""
    exact = [_exact(v) for v in values if v is not None]
    exact = [v for v in exact if v is not None]
    if not exact:
        return None
    return open_data(float(sum(exact) / len(exact)))


def fmt_percent(value: Decimal, lang: str) -> str:
    """A share as a whole percentage, half up: "18 %" (Finnish, Swedish: with a no-break
    space), "18%" (English)."""
    percent = (value * 100).quantize(Decimal(1), ROUND_HALF_UP)
    return f"{percent}\u00a0%" if lang in ("fi", "sv") else f"{percent}%"
